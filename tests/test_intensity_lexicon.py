import pytest

from model.intensity_lexicon import FEATURE_NAMES, count_features, event_counts, rule_level


@pytest.mark.parametrize(
    "text, event, count",
    [
        ("Ukrainian units repelled 74 attacks near the town.", "attacks", 74),
        ("The enemy attacked our positions 14 times over the past day.", "attacks", 14),
        ("Two civilians were killed and 12 injured in the strike.", "killed", 2),
        ("Two civilians were killed and 12 injured in the strike.", "injured", 12),
        ("Russia launched 45 Shahed drones overnight.", "projectiles", 45),
        ("In 2022 many people were killed in the city.", "killed", 0),
        ("Russia attacks Ukraine again.", "attacks", 0),
        ("Russian troops made 3 attempts to break through near Chasiv Yar.", "attacks", 3),
        # not ground assaults: shelling, strikes, weapons, the minutes of a clock time
        ("The enemy fired 33 times at the border areas of Sumy region.", "attacks", 0),
        ("In addition, 68 artillery attacks were recorded.", "attacks", 0),
        ("The enemy launched 4 missile attacks and carried out 86 attacks using multiple rocket launchers.", "attacks", 0),
        ("Russia used another 60 drones for the attack.", "attacks", 0),
        ("The enemy attacked Nikopol district about fifteen times with drones and artillery.", "attacks", 0),
        ("At 18:00 and 22:40 the enemy attacked Kupiansk.", "attacks", 0),
        ("On 11.12 attacks were repelled.", "attacks", 0),
        ("At 22.40 attacks were reported.", "attacks", 0),
        ("Russian troops attacked Nikopol district with drones 30 times.", "attacks", 0),
        ("Over the past day, the enemy launched 79 attacks on Kherson region, firing 431 projectiles.", "attacks", 0),
        ("The town is 15 km from the clashes.", "attacks", 0),
        ("Russia carried out 543 attacks on 10 settlements of Zaporizhzhia region.", "attacks", 0),  # a strike tally
        ("Russian forces carried out 96 attacks against 34 settlements in Sumy Oblast.", "attacks", 0),
        ("after 100 days of attacks", "attacks", 0),
        ("12 wounded in Russian attacks", "attacks", 0),
        ("12 out of 30 attacks were repelled", "attacks", 30),
        ("Officials staged an event in Donetsk on August 23 to justify attacks on Kyiv.", "attacks", 0),  # a day
        ("On 23 August attacks resumed near Bakhmut.", "attacks", 0),
        ("Russians attacked 23 times on August 5.", "attacks", 23),
        # still ground attacks
        ("The occupiers tried 14 times to advance.", "attacks", 14),
        ("The enemy tried to storm our positions 14 times.", "attacks", 14),
        ("The enemy attacked our positions 11 times with air support.", "attacks", 11),
        ("Ukrainian forces repelled 12 attacks on their positions near Pokrovsk.", "attacks", 12),
        ("In the Kramatorsk direction, the enemy attacked twice near Bila Hora.", "attacks", 2),
        ("The enemy has already twice tried to improve its position.", "attacks", 2),
        ("Russian forces attempted to advance once and were pushed back.", "attacks", 1),
        ("The enemy made 2 unsuccessful attempts to approach our positions.", "attacks", 2),
        ("The enemy made 1 attempt to advance.", "attacks", 1),
        ("Russia once again killed civilians and attacked Nikopol twice with drones.", "attacks", 0),
        ("Russia once again killed civilians.", "killed", 0),
        # soldiers' deaths are casualties too (the gold labels count them)
        ("Our soldiers killed 25 occupiers.", "killed", 25),
        ("25 Russian soldiers were killed.", "killed", 25),
        ("Two civilians were killed when the enemy shelled Kherson.", "killed", 2),
        # a hedge between the verb and its count
        ("Strikes on Tokmak injured over 150 military personnel.", "injured", 150),
        ("The missile killed more than 30 people.", "killed", 30),
        ("Shelling wounded up to 110 Russian personnel.", "injured", 110),
        # however the verb is reported, with an aside, or a headline's present tense
        ("Nine people have been reported dead.", "killed", 9),
        ("Seven people are known to have been injured.", "injured", 7),
        ("12 people, including a child, were injured.", "injured", 12),
        ("Three children were among the dead.", "killed", 3),
        ("A 45-year-old woman was killed in the strike.", "killed", 1),
        ("Russian attack on Bilopillia kills 5.", "killed", 5),
        ("The assault resulted in the deaths of at least 23 people.", "killed", 23),
        # ... but not a time, a distance, a date, a larger number, another count or another word
        ("Two people were killed some 30 km from the front line.", "killed", 2),
        ("A man was killed around 5 a.m. when a drone hit his car.", "killed", 1),
        ("Three people were injured around 8 p.m. in Nikopol.", "injured", 3),
        ("The soldier was wounded around 20 February near Avdiivka.", "injured", 0),
        ("The Second World War caused the deaths of 8 million Ukrainians.", "killed", 0),
        ("Ukrainian recruits honed their skills over 5 weeks of training.", "killed", 0),
        ("The attack, which involved 47 drones, including Shaheds, killed two people.", "killed", 2),
        ("17 rounds of sanctions have hurt Russia's economy.", "injured", 0),
        ("The 27 EU member states are deadlocked over sanctions.", "killed", 0),
        ("A 67 year old woman has been killed in Nikopol.", "killed", 0),
        ("12 more elderly local people were killed.", "killed", 12),
        # a number in a weapon's or an aircraft's name counts nothing; one written in words does
        ("Russian forces struck the port with Shahed-136 drones.", "projectiles", 0),
        ("Bombers fired Kh-55 cruise missiles at Lviv.", "projectiles", 0),
        ("Russia launched S-300 missiles at Kharkiv.", "projectiles", 0),
        ("Ka-52 attack helicopters supported the assault.", "attacks", 0),
        ("Russia launched 45 Shahed-136 drones overnight.", "projectiles", 45),
        ("Fifty-four people died and twenty-one were injured.", "killed", 54),
        ("Fifty-four people died and twenty-one were injured.", "injured", 21),
        ("Thirteen people were killed.", "killed", 13),
        ("Russia launched a record-breaking 810 drones overnight.", "projectiles", 810),  # not "a" (1)
        ("Russian forces struck the port with Shahed\u2011136 drones.", "projectiles", 0),  # a non-breaking hyphen
    ],
)
def test_event_counts_read_the_number_next_to_the_event(text, event, count):
    assert event_counts(text)[event] == count


def test_rule_level_follows_the_contract_thresholds():
    assert rule_level("Finance ministers met in Brussels.") == 0
    assert rule_level("Defenders repelled 8 attacks near the village.") == 2
    assert rule_level("Defenders repelled 41 attacks near the town.") == 3
    assert rule_level("A missile strike killed 7 people.") == 3


def test_features_align_with_names():
    assert count_features(event_counts("Defenders repelled 41 attacks.")).shape == (len(FEATURE_NAMES),)


@pytest.mark.parametrize("text", [
    "5 of 12 attacks were repelled", "a dozen attacks, then dozens of assaults and 74 clashes",
    "killed 3 and injured 40; 2,500 drones and a missile", "an attack. a few times. several villages",
    "over a dozen assaults on two settlements, 1999 bodies in 2023", "",
])
def test_count_led_patterns_are_found_as_finditer_finds_them(text):
    from model.intensity_lexicon import _COUNT_START, _COUNTED, _matches

    starts = [m.start() for m in _COUNT_START.finditer(text)]
    for _, pattern in _COUNTED:
        assert [m.span() for m in _matches(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "a an another any 5,000, 5a 7th a few fewer over a dozen overall dozens of dozen hundreds ofx one-two",
    "scores of attacks; several sevens; ten tens thirty thousands; eleven fifteen fifty single",
])
def test_count_starts_are_where_a_count_of_the_flat_alternation_begins(text):
    import re

    from model.intensity_lexicon import _COUNT_START, _NUM_BODY

    flat = re.compile(r"\b(?=" + _NUM_BODY + ")")
    assert [m.start() for m in _COUNT_START.finditer(text)] == [m.start() for m in flat.finditer(text)]
    assert len(list(flat.finditer(text))) > 5


def test_every_match_holds_one_of_its_patterns_needles():
    """Texts without any of a pattern's needles are not searched with it: that must lose nothing."""
    import json
    from pathlib import Path

    from model.intensity_lexicon import _COUNTED, _NEEDLES, event_matches
    from model.text import normalise

    assert len(_NEEDLES) == len(_COUNTED)
    texts = ["Russians attacked 5 times; 3 were killed and 12 wounded; 40 drones hit 2 villages.",
             "The death toll rose to 9. Injuring 4. 7 assault actions. Over a dozen firefights."]
    dev = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev.jsonl"
    if dev.exists():
        texts += [json.loads(line)["text"] for line in dev.open(encoding="utf-8")][:200]
    for text in texts:
        low = normalise(text)
        for (_, pattern), needles in zip(_COUNTED, _NEEDLES):
            for match in pattern.finditer(low):
                assert any(needle in match.group() for needle in needles), (match.group(), needles)
    assert sum(len(event_matches(t)) for t in texts) > 50


def test_a_number_too_long_for_int_counts_nothing():
    """Python's int() refuses 4,300 digits; such a number is no event count, not a crash."""
    assert event_counts("9" * 5000 + " people were killed and 12,345,678 injured")["killed"] == 0


@pytest.mark.parametrize("text, attacks", [
    ("Ukrainian forces repelled a Russian attack near Torske.", 0),
    ("Russian forces conducted an assault on Ternova.", 0),
    ("A single attack was repelled.", 0),
    ("Three attacks were repelled near Torske.", 3),
    ("A dozen assaults were repelled.", 12),
    ("The enemy attacked twice near Bila Hora.", 2),
])
def test_stated_attacks_read_numbers_not_the_article(text, attacks):
    from model.sector_levels import stated_attacks

    assert stated_attacks(text, [(0, len(text))]) == attacks


@pytest.mark.parametrize("text, gained", [
    ("Russian forces advanced about 600 meters west of Torske.", True),
    ("Russian forces made marginal advances in Marinka.", True),
    ("Wagner forces captured Soledar.", True),
    ("Ukrainian forces withdrew from Avdiivka.", True),
    ("The occupiers tried to advance near Zarichne.", False),
    ("Defenders repelled 5 enemy advances.", False),
    ("Units pulled out to avoid encirclement.", False),
    ("Russian troops attempted to capture Vyimka.", False),
])
def test_ground_gained_or_lost_is_told_apart_from_attempts(text, gained):
    from model.intensity_lexicon import gained_ground

    assert gained_ground(text) is gained


@pytest.mark.parametrize("text, told", [
    ("Russian forces conducted a mechanized assault near Vovchansk.", True),
    ("Russian forces have not conducted mechanized assaults since March.", False),
    ("There was no breakthrough, but fierce fighting continued.", True),
    ("Russian forces broke through near Pokrovsk, not far from Rodynske.", True),
    ("Ukrainian troops could not stop the mechanized assault.", True),  # the denial is of something else
    ("The General Staff did not say how many troops took part in the mechanized assault.", True),
    ("Not only did Russian forces launch a mechanized assault, they also shelled Kupiansk.", True),
    ("Fighting went on without any breakthrough.", False),
    ("Russian troops conducted house-to-house searches in occupied Kupiansk.", False),
])
def test_a_high_cue_denied_just_before_it_tells_of_nothing(text, told):
    from model.intensity_lexicon import has_cue

    assert has_cue(text, "high") is told
