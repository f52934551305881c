"""General Staff bulletins (model/bulletins.py): which directions they cover, each one's level from
its count of attacks, their primary sector, and the bundled model on them end to end."""
import json

import pandas as pd
import pytest

from model.bulletins import read_bulletin


def bulletin_sectors(text: str, date) -> list[str]:
    """The sectors ``text`` covers as a bulletin ([] when it is none)."""
    bulletin = read_bulletin(text, date)
    return list(bulletin.sectors) if bulletin else []


def scored_general_staff_update(filler: int = 0) -> pd.Series:
    """The bundled model's row for the daily update written for the tests in the General Staff's
    form (attacks counted per direction), after ``filler`` distinct paragraphs about something else:
    at 30 the text is past ``long_chars`` even once cleaned, so it is scored by sections."""
    from model.article import parse_article
    from model.clean import main_text
    from model.loading import load_model
    from tests.pages import FIXTURES

    article = parse_article((FIXTURES / "reports" / "general_staff_update.txt").read_text(encoding="utf-8"))
    text = article.text + "".join(f"\n\nThe parliament debated article {i} of next year's budget at length."
                                  for i in range(filler))
    model = load_model()
    assert (len(main_text(text)) > model.long_chars) == bool(filler)  # repeated lines would be cleaned away
    return model.predict(pd.DataFrame({"text": [text], "date": [article.date]})).iloc[0]


def test_a_general_staff_update_grades_its_directions_apart():
    """The direction with 52 assaults is ``high``, the one with three is not, and the levels differ
    (before per-sector levels every sector was ``high``)."""
    out = scored_general_staff_update()
    levels = json.loads(out["sector_intensity"])
    assert {"pokrovsk", "kostiantynivka", "huliaipole", "orikhiv"} <= set(levels)
    assert levels["pokrovsk"] == out["intensity"] == "high"
    assert levels["orikhiv"] != "high" and len(set(levels.values())) > 1


@pytest.mark.parametrize("filler", [0, 30])  # as it is, and scored by sections
def test_a_general_staff_update_covers_every_direction_that_reports_an_event(filler):
    """Its Kursk-border shelling and Vovchansk paragraphs are covered though their sectors'
    probabilities stay low in a text about ten directions; "no active enemy actions" covers nothing."""
    out = scored_general_staff_update(filler)
    assert set(out["sectors"].split(";")) == {
        "north_slobozhansky", "south_slobozhansky", "kupiansk", "lyman", "siversk", "kramatorsk", "kostiantynivka",
        "pokrovsk", "oleksandrivka", "huliaipole", "orikhiv"}
    # 87 artillery attacks and two air strikes, no ground attack: no count floor, and never `high`
    # (LABELS.md says `low`; whether `low` or `moderate` is the sector-level model's call: version 67
    # said `low`, version 79 says `moderate`)
    assert json.loads(out["sector_intensity"])["north_slobozhansky"] != "high"


def test_bulletin_sectors_need_the_bulletin_form_and_an_event():
    lines = ["In the Kupiansk direction, the enemy attacked 8 times near Petropavlivka.",
             "In the Lyman direction, Russian troops shelled Zarichne.",
             "In the Pokrovsk direction, our defenders stopped 52 assault actions near Myrnohrad.",
             "In the Prydniprovske direction, the enemy did not attack."]
    assert bulletin_sectors("\n\n".join(lines), "2025-11-29") == ["kupiansk", "lyman", "pokrovsk"]
    assert bulletin_sectors("\n\n".join(lines[:2]), "2025-11-29") == []  # two openings: not a bulletin
    prose = "Russian troops attacked near Kupiansk. Fighting went on in the Lyman direction and near Pokrovsk."
    assert bulletin_sectors(prose, "2025-11-29") == []
    worded = ["In the Kupiansk direction, 14 combat engagements took place.",  # engagements, airstrikes, counterattacks
              "In the Lyman direction, 5 airstrikes hit Zarichne.",
              "- In the Kostiantynivka direction, our troops counterattacked.",  # a bullet before the opening
              "In the Orikhiv direction, the enemy attacked 8 times; no positions were lost.",  # denied after the event
              "In the Donetsk direction, the enemy attacked 12 times near Pokrovsk."]  # no direction the gazetteer knows
    assert bulletin_sectors("\n".join(worded), "2025-11-29") == ["kupiansk", "lyman", "kostiantynivka", "orikhiv"]
    contrasted = worded[:3] + ["In the Orikhiv direction, the enemy did not attack. Russian shelling wounded five in Stepnohirsk.",
                               "In the Huliaipole direction, the enemy made 2 unsuccessful attempts to approach Zaliznychne."]
    assert bulletin_sectors("\n".join(contrasted), "2025-11-29") == ["kupiansk", "lyman", "kostiantynivka", "orikhiv", "huliaipole"]
    headed = ["Kupiansk direction. The enemy attacked 8 times near Petropavlivka.",  # headings the report follows
              "Lyman direction: Russian troops shelled Zarichne.",
              "Pokrovsk direction. Our defenders stopped 52 assault actions near Myrnohrad.",
              "Orikhiv direction. No offensive actions."]
    assert bulletin_sectors("\n\n".join(headed), "2025-11-29") == ["kupiansk", "lyman", "pokrovsk"]
    own_lines = "\n\n".join(line.replace(". ", ".\n\n", 1).replace(": ", "\n\n", 1) for line in headed)
    assert bulletin_sectors(own_lines, "2025-11-29") == []  # headings of an assessment's sections are no bulletin
    bold = "\n".join("**" + line.replace(". ", "**\n", 1).replace(": ", "**\n", 1) for line in headed)  # bold heading lines
    assert bulletin_sectors(bold, "2025-11-29") == ["kupiansk", "lyman", "pokrovsk"]
    assert read_bulletin(bold, "2025-11-29").levels == {"kupiansk": 2, "pokrovsk": 3}
    upper = "\n".join(line.split(". ", 1)[0].split(": ", 1)[0].upper() + "\n" + line.split(" ", 2)[2] for line in headed)
    assert bulletin_sectors(upper, "2025-11-29") == ["kupiansk", "lyman", "pokrovsk"]  # "KUPIANSK DIRECTION" headings
    prose = "\n".join(["Russian forces attacked in the Lyman direction. Losses were high."] * 3)
    assert bulletin_sectors(prose, "2025-11-29") == []


#: A digest listing directions by their bare names, as outlets lay out the General Staff's figures.
LISTED = ["131 combat clashes since the start of the day.",
          "1) Southern Slobozhansky — 3 attacks near Vovchanski Khutory, Starytsia and Okhrimivka.",
          "2) Lyman — 12 attacks near Drobysheve, Yampil, Ridkodub, Novyi Myr and Zarichne.",
          "3) Sloviansk — 9 attacks near Zakitne, Kryva Luka and Platonivka.",
          "4) Pokrovsk — 38 attacks near Rodynske, Bilytske and Hryshyne.",
          "5) Volyn and Polissia — no changes."]


@pytest.mark.parametrize("marker", ["{n}) ", "- ", "• ", "| "])
def test_a_list_of_directions_by_bare_name_is_a_bulletin(marker):
    """Numbered, bulleted or tabled lines naming a direction before a separator open its report; a
    bare name is the direction's ("Sloviansk" is the 2026 direction, siversk, not the town in
    kramatorsk), and a village of the list resolved to a neighbouring sector does not take the
    count away from the direction the line names."""
    lines = [LISTED[0]] + [marker.format(n=n) + line.split(") ", 1)[1] for n, line in enumerate(LISTED[1:], 1)]
    bulletin = read_bulletin("\n".join(lines), "2026-05-19")
    assert bulletin.sectors == ("south_slobozhansky", "lyman", "siversk", "pokrovsk")
    # the names open their lines only: run into one paragraph, the list is no bulletin
    assert read_bulletin(" ".join(line.split(") ", 1)[-1] for line in LISTED), "2026-05-19") is None
    # "&" joins two directions; a line telling of no ground fighting is a city's, not a direction's
    kursk = "\n".join(lines + ["6) Northern Slobozhansky & Kursk — 6 attacks near Khotin."])
    assert read_bulletin(kursk, "2026-05-19").sectors[-1] == "north_slobozhansky"
    # a direction named like villages far from the front (most Oleksandrivkas are) is still the direction
    named = "\n".join(lines + ["6) Oleksandrivka — 10 attacks near Ternove and Ivanivka."])
    assert read_bulletin(named, "2026-05-19").sectors[-1] == "oleksandrivka"
    assert bulletin.levels == {"south_slobozhansky": 1, "lyman": 2, "siversk": 2, "pokrovsk": 3}
    assert bulletin.primary == "pokrovsk"


def test_a_channels_digest_under_marked_or_capital_headings_is_a_bulletin():
    """"🔻 KUPYANSK" and "KRASNOARMEYSK DIRECTION (Tsentr group)" head the lines under them (in
    Russian spellings); a heading over a quiet line opens nothing; a plain "Lyman direction" line,
    as an assessment heads its sections, opens nothing either."""
    digest = "\n".join(["🔻 KRASNOARMEYSK DIRECTION (Tsentr group)", "Our assault units attacked 30 times in the northern districts.",
                        "🔻 KUPYANSK", "Hard street fighting in Kupyansk continues near the central market.",
                        "🔻 SEVERSK DIRECTION", "Positional battles near Zvanovka, 4 attacks repelled.",
                        "🔻 VOLCHANSK", "Without significant changes."])
    bulletin = read_bulletin(digest, "2025-11-20")
    assert bulletin.sectors == ("pokrovsk", "kupiansk", "siversk") and bulletin.levels["pokrovsk"] == 3
    plain = digest.replace("🔻 ", "").replace("KRASNOARMEYSK DIRECTION (Tsentr group)", "Krasnoarmeysk direction")
    plain = plain.replace("KUPYANSK", "Kupyansk direction").replace("SEVERSK DIRECTION", "Seversk direction")
    assert read_bulletin(plain, "2025-11-20") is None


def test_a_table_of_directions_is_a_bulletin_with_its_column_of_attacks():
    """A header's "Attacks" or "Combat clashes" column gives each row its count (the row names no
    event in words), a day's where the title says the table spans a week; a row of none is no event,
    a row's second line no header. A table without such a header (populations, casualties, years)
    counts nothing."""
    table = ["| Direction | Still ongoing | Attacks | Areas named |", "|---|---|---|---|",
             "| Southern Slobozhansky | 0 | 3 | Vovchansk, Vilcha |", "| Lyman | 3 | 18 | Zarichne, Stavky |",
             "|  |  |  | Torske |", "| Pokrovsk | 7 | 38 | Rodynske, Myrnohrad |", "| Kramatorsk | 0 | 0 | — |"]
    bulletin = read_bulletin("\n".join(table), "2025-11-18")
    assert bulletin.sectors == ("south_slobozhansky", "lyman", "pokrovsk")
    first = "\n".join(["| Attacks by direction | Attacks | Areas |", "| Lyman | 12 | Zarichne |", "| Kupiansk | 9 | Petropavlivka |",
                       "| Pokrovsk | 40 | Myrnohrad |"])  # the column after the names' one
    assert read_bulletin(first, "2025-11-18").levels["pokrovsk"] == 3
    assert bulletin.levels == {"south_slobozhansky": 1, "lyman": 2, "pokrovsk": 3} and bulletin.primary == "pokrovsk"
    weekly = read_bulletin("Weekly front review, 10-16 November\n\n" + "\n".join(table), "2025-11-18")
    assert weekly.levels == {"south_slobozhansky": 1, "lyman": 1, "pokrovsk": 2}  # 3, 18 and 38 in a week
    ended = "\n".join(table[:4] + table[6:] + ["The rest of the report follows.", "| Pokrovsk | 7 | 38 | Rodynske |"])
    assert read_bulletin(ended, "2025-11-18").levels == {"south_slobozhansky": 1, "lyman": 2}  # a line ends the table
    for header in ("| Town | Population | Direction |", "| Direction | Combat losses (enemy) | Killed |", "| Direction | 2024 | 2025 |"):
        other = "\n".join([header] + [f"| {name} | 31,940 | 72 |" for name in ("Lyman", "Pokrovsk", "Kupiansk")])
        assert read_bulletin(other, "2025-11-18") is None or not read_bulletin(other, "2025-11-18").levels


def test_headed_sections_and_city_lists_as_bulletins_or_not():
    """"=== LYMAN DIRECTION ===" heads the lines under it; "— most active" after a direction makes it
    the primary; a list of cities struck from afar ("Kharkiv: …") is no bulletin."""
    headed = "\n".join(["=== KUPIANSK DIRECTION ===", "• 6 attempts to advance near Holubivka and Radkivka.",
                        "=== LYMAN DIRECTION ===", "• 27 Russian attacks near Hrekivka and Zelena Dolyna.",
                        "=== SIVERSK DIRECTION — MOST ACTIVE ===", "• 4 attacks near Hryhorivka and Serebrianka."])
    bulletin = read_bulletin(headed, "2025-08-12")
    assert bulletin.levels == {"kupiansk": 2, "lyman": 3, "siversk": 2} and bulletin.primary == "siversk"
    cities = "\n".join(["Kharkiv: a guided bomb injured 5 people.", "Zaporizhzhia: drones hit an energy facility.",
                        "Odesa: a missile struck the port, killing 2.", "Dnipro: debris fell on a school."])
    assert read_bulletin(cities, "2025-08-12") is None
    # a regional tally of attacks on cities names no directions either (cities struck from afar are rear_strike's)
    tally = "\n".join(["Kharkiv — 14 attacks, 3 injured.", "Zaporizhzhia — 9 attacks on the city, 1 killed.",
                       "Dnipro and Kryvyi Rih — 6 attacks.", "Sumy — an attempt to hit the power grid was foiled."])
    assert read_bulletin(tally, "2025-08-12") is None
    # ... unless its line names the direction's villages, as the old directions named for cities do
    old = "\n".join(["Zaporizhzhia — 12 attacks near Orikhiv and Mala Tokmachka.", "Bakhmut — 31 attacks near Krasna Hora.",
                     "Avdiivka — 11 attacks near Vodiane.", "Kharkiv — 14 attacks, 3 injured."])
    assert read_bulletin(old, "2023-02-13").sectors == ("orikhiv", "kramatorsk", "pokrovsk")


@pytest.mark.parametrize("filler", [0, 30])  # as it is, and scored by sections
def test_each_direction_of_a_general_staff_update_is_at_its_attack_counts_band(filler):
    """LABELS.md: up to about 3 attacks a day in one sector is ``low``, about 4-24 ``moderate``, 25
    or more ``high`` (before bulletin levels, Lyman's 11 and the four near Vovchansk were ``high``
    and Kramatorsk's two ``high``)."""
    levels = json.loads(scored_general_staff_update(filler)["sector_intensity"])
    counted = {"south_slobozhansky": "moderate", "kupiansk": "moderate", "lyman": "moderate", "siversk": "low",
               "kramatorsk": "low", "kostiantynivka": "moderate", "pokrovsk": "high", "oleksandrivka": "moderate",
               "huliaipole": "high", "orikhiv": "low"}  # 4, 8, 11, 1, 2, 14, 52, 11, 27 and 3 attacks
    assert {sector: levels.get(sector) for sector in counted} == counted


BULLETIN = [
    "The enemy was most active in the Kostiantynivka direction, the General Staff said.",
    "Russian forces launched 3 missiles and 4,870 kamikaze drones and dropped 114 guided bombs.",
    "In the Kupiansk direction, the enemy attacked 9 times near Petropavlivka.",
    "In the Lyman direction, Russian forces attacked 17 times and advanced near Zarichne.",
    "In the Kramatorsk direction, the enemy attacked twice near Chasiv Yar.",
    "In the Kostiantynivka direction, 14 attacks took place near Pleshchiivka.",
    "In the Pokrovsk direction, our defenders stopped 52 assault actions near Myrnohrad.",
    "In the Siversk and Orikhiv directions, the enemy attacked once in each.",
    "In the Prydniprovske direction, the enemy did not attack but shelled Antonivka 40 times.",
]


def test_a_bulletins_counts_set_its_directions_levels_both_ways():
    """1-3 attacks ``low``, 4-24 ``moderate``, 25+ ``high``; a report of ground gained, or without a
    count of attacks, has no level; a count below the thresholds shared by two directions is ``low`` for both."""
    assert read_bulletin("\n".join(BULLETIN), "2025-12-09").levels == {
        "kupiansk": 2, "kramatorsk": 1, "kostiantynivka": 2, "pokrovsk": 3, "siversk": 1, "orikhiv": 1}
    assert read_bulletin(" ".join(BULLETIN[2:4]), "2025-12-09") is None  # two openings: not a bulletin
    shared = "\n".join(BULLETIN[2:5] + ["In the Siversk and Orikhiv directions, 12 attacks were repelled."])
    assert "siversk" not in read_bulletin(shared, "2025-12-09").levels


def test_a_report_is_its_paragraph_and_tells_of_more_than_counts_only_where_it_says_so():
    lines = BULLETIN[2:5] + ["In the Orikhiv direction, fighting continued. The enemy attacked 9 times near Stepnohirsk.",
                             "In the Pokrovsk direction, the enemy attacked 3 times. A mechanised assault of 40 vehicles was repelled.",
                             "In the Siversk direction, the enemy attacked 3 times and captured Vyimka."]
    levels = read_bulletin("\n".join(lines), "2025-12-09").levels
    assert levels["orikhiv"] == 2 and "pokrovsk" not in levels and "siversk" not in levels
    # under a heading line the report is everything up to the next heading, not its first paragraph
    headed = "\n\n".join(["**Kupiansk direction**", "The enemy attacked 9 times near Petropavlivka.",
                           "**Lyman direction**", "Russian forces attacked 3 times near Torske.",
                           "Russian forces launched a battalion-sized mechanized assault near Zarichne.",
                           "**Orikhiv direction**", "The enemy attacked 2 times near Stepnohirsk."])
    assert read_bulletin(headed, "2025-12-09").levels == {"kupiansk": 2, "orikhiv": 1}
    # "etc." ends no sentence: the report denies all it names
    etc = BULLETIN[2:5] + ["In the Orikhiv direction, the enemy made no attacks near Stepnohirsk, Prymorske etc. or attempts to advance."]
    assert "orikhiv" not in read_bulletin("\n".join(etc), "2025-12-09").sectors


def test_a_bulletins_primary_is_where_it_says_the_enemy_was_most_active_or_counts_most_attacks():
    assert read_bulletin("\n".join(BULLETIN), "2025-12-09").primary == "kostiantynivka"
    assert read_bulletin("\n".join(BULLETIN[1:]), "2025-12-09").primary == "pokrovsk"
    tied = [BULLETIN[2], BULLETIN[4], "In the Orikhiv direction, the enemy attacked 9 times near Stepnohirsk."]
    assert read_bulletin("\n".join(tied), "2025-12-09").primary is None
    # a cue must name the direction: "the most active phase of the war since the Kupiansk direction …" does not
    phase = ["This is the most active phase of the war since the Kupiansk direction was opened."] + BULLETIN[1:]
    assert read_bulletin("\n".join(phase), "2025-12-09").primary == "pokrovsk"
    after = ["The Orikhiv direction remains the hottest."] + BULLETIN[1:]  # the direction, then the cue
    assert read_bulletin("\n".join(after), "2025-12-09").primary == "orikhiv"
    for said in ("The hottest area so far is the Orikhiv direction.", "Where the enemy was most active: Orikhiv direction.",
                 "Orikhiv direction: the enemy was most active here.", "Orikhiv direction: the Russians were most active here.",
                 "The hottest area today was the Orikhiv direction."):
        assert read_bulletin("\n".join([said] + BULLETIN[1:]), "2025-12-09").primary == "orikhiv"
    # where in a direction the enemy was most active names no primary, nor does a heading over the list
    for said in ("Orikhiv direction: the enemy was most active near Stepnohirsk, attacking 9 times.",
                 "Directions where the enemy was most active:\nOrikhiv direction: the enemy attacked 9 times."):
        assert read_bulletin("\n".join([said] + BULLETIN[2:]), "2025-12-09").primary == "pokrovsk"
    quiet = ["The enemy was most active in the Siversk direction last week."] + BULLETIN[2:7] + [
        "In the Siversk direction, there were no enemy attacks."]  # its report tells of no event
    assert read_bulletin("\n".join(quiet), "2025-12-09").primary == "pokrovsk"


def test_a_bulletin_covers_its_directions_and_no_rear_sector_it_names_no_place_of():
    """The preamble's drones and guided bombs are no sector's; an Air Force paragraph on Odesa is rear_strike's."""
    covered = read_bulletin("\n".join(BULLETIN), "2025-12-09").covered(["pokrovsk", "rear_strike"])
    assert covered == ["pokrovsk", "kupiansk", "lyman", "kramatorsk", "kostiantynivka", "siversk", "orikhiv", "prydniprovske"]
    odesa = "\n".join(BULLETIN) + "\nA drone struck a residential building in Odesa, killing two people."
    assert "rear_strike" in read_bulletin(odesa, "2025-12-09").covered(["pokrovsk", "rear_strike"])


def test_a_bulletins_choice_of_primary_stands_unless_a_story_leads_it():
    text = "\n".join(BULLETIN)
    assert read_bulletin(text, "2025-12-09").leads_over("lyman")  # one of its directions
    assert read_bulletin(text, "2025-12-09").leads_over("rear_strike")  # no place of it at all
    assert read_bulletin(text + "\nA drone struck Odesa, killing two.", "2025-12-09").leads_over("rear_strike")  # after it
    led = "A Russian missile strike on Odesa killed 12 people overnight.\n" + text
    assert not read_bulletin(led, "2025-12-09").leads_over("rear_strike")
    assert not read_bulletin(text, "2025-12-09").leads_over("novopavlivka")  # a front sector it does not report on


@pytest.mark.parametrize("filler", [0, 40])  # as it is, and scored by sections
def test_a_bulletin_gets_its_directions_levels_and_primary_end_to_end(filler):
    """The bundled model on a bulletin whose preamble reads like a strike on cities (it had said
    ``rear_strike`` for the primary sector and covered it)."""
    from model.loading import load_model

    text = "\n\n".join(BULLETIN + [f"The parliament debated article {i} of next year's budget at length." for i in range(filler)])
    model = load_model()
    assert (len(text) > model.long_chars) == bool(filler)
    row = model.predict(pd.DataFrame({"text": [text], "date": ["2025-12-09"]})).iloc[0]
    levels = json.loads(row["sector_intensity"])
    assert row["primary_sector"] == "kostiantynivka" and "rear_strike" not in levels
    assert {s: levels[s] for s in ("kupiansk", "kramatorsk", "pokrovsk", "siversk", "orikhiv")} == {
        "kupiansk": "moderate", "kramatorsk": "low", "pokrovsk": "high", "siversk": "low", "orikhiv": "low"}


def test_an_html_pages_table_of_directions_gets_their_levels_end_to_end():
    """trafilatura writes an HTML table as a pipe table: its rows are the directions' reports."""
    from model.loading import load_model
    from scoring.html_text import extract_article

    rows = "".join(f"<tr><td>{name}</td><td>{count}</td><td>{places}</td></tr>" for name, count, places in (
        ("Lyman", 12, "Zarichne, Yampil"), ("Pokrovsk", 38, "Rodynske"), ("Kupiansk", 8, "Petropavlivka"), ("Orikhiv", 2, "Stepnohirsk")))
    html = ("<html><body><article><h1>Situation at the front on April 16</h1><p>Over the past day, 130 combat clashes took "
            "place at the front, the General Staff reported in its evening update on the situation along the whole line.</p>"
            "<p>Combat clashes by direction, according to the General Staff of the Armed Forces of Ukraine:</p>"
            f"<table><tr><th>Direction</th><th>Attacks</th><th>Areas</th></tr>{rows}</table></article></body></html>")
    row = load_model().predict(pd.DataFrame({"text": [extract_article(html).text], "date": ["2026-04-16"]})).iloc[0]
    assert row["primary_sector"] == "pokrovsk"
    assert json.loads(row["sector_intensity"]) == {"pokrovsk": "high", "kupiansk": "moderate", "lyman": "moderate", "orikhiv": "low"}
