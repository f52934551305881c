"""Intensity per sector of texts that cover several sectors: sentence views, consistent levels,
the learned model inside the classifier, and the metric that measures it."""
import json

import numpy as np
import pandas as pd
import pytest

from conftest import tiny_records
from model.classifier import FrontlineClassifier
from model.gazetteer import Gazetteer
from model.sector_levels import consistent_levels, sector_count_levels, sector_sentences, sentence_spans, sentences_about
from training.evaluate import evaluate, sector_intensity_qwk

KUPIANSK_HIGH = "Russian troops attacked Ukrainian positions near Kupiansk 31 times; fighting continues in Kupiansk."
POKROVSK_LOW = "Drones struck positions outside Pokrovsk; the Pokrovsk garrison reported no losses."


def test_sentences_follow_the_sector_named_before_them():
    text = f"{KUPIANSK_HIGH} The enemy lost two tanks there. {POKROVSK_LOW} Talks continue."
    spans = sector_sentences(text, Gazetteer.default().find(text, "2025-06-01"))
    views = {sector: " ".join(text[s:e] for s, e in own) for sector, own in spans.items()}
    assert views["kupiansk"] == f"{KUPIANSK_HIGH} The enemy lost two tanks there."
    assert views["pokrovsk"] == f"{POKROVSK_LOW} Talks continue."
    lines = "One. Two!\nThree"
    assert [lines[s:e] for s, e in sentence_spans(lines)] == ["One.", "Two!", "Three"]


def test_sentence_ends_are_those_of_a_scan_of_every_position():
    import re

    every_position = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[A-Z“\"(])|\n+")  # the plain definition

    def plain(text):
        cuts = [(m.start(), m.end()) for m in every_position.finditer(text)]
        return [(a, b) for a, b in zip([0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(text)])]

    for text in ['He said. "Yes." Then...\n\nNew! (Para) ok? “Quote” end.\n\n\nX', "a.\nB", "!\n", "...", "A.  B",
                 "A.\n  \nB", "", "No end", f"{KUPIANSK_HIGH} {POKROVSK_LOW}\nNext.) (Aside.) “A” B? C! D."]:
        assert sentence_spans(text) == plain(text), text


@pytest.mark.parametrize("text", [
    f"{KUPIANSK_HIGH} Another 12 assaults were repelled. {POKROVSK_LOW} Two soldiers were wounded, 3 killed.",
    f"Les défenseurs (ﬁeld): {KUPIANSK_HIGH} Another 12 assaults were repelled. {POKROVSK_LOW} 3 were killed.",  # longer once normalised
])
def test_each_view_holds_the_counts_of_its_own_sentences(text):
    from model.intensity_lexicon import event_counts
    from model.sector_levels import SectorPairs

    pairs = SectorPairs()
    pairs.add(0, text, "2025-06-01", ["kupiansk", "pokrovsk"], "kupiansk")
    for view, counts in zip(pairs.view, pairs.counts):
        assert counts == event_counts(view)
    assert [c["attacks"] for c in pairs.counts] == [31, 0] and pairs.counts[1]["killed"] == 3


def test_levels_stay_within_the_article_and_the_most_intense_sector_reaches_it():
    proba = np.array([[0.0, 0.1, 0.2, 0.7], [0.0, 0.8, 0.2, 0.0], [0.6, 0.3, 0.1, 0.0]])
    assert consistent_levels(proba, 2) == [2, 1, 1]  # high capped at moderate; "none" raised to low
    assert consistent_levels(proba[1:], 3) == [3, 1]  # the most intense one takes the article's level


def test_levels_are_at_least_their_floors():
    proba = np.array([[0.0, 0.1, 0.2, 0.7], [0.0, 0.8, 0.2, 0.0], [0.6, 0.3, 0.1, 0.0]])
    assert consistent_levels(proba, 2, [3, 2, 0]) == [3, 2, 1]
    assert consistent_levels(proba, 2, [0, 0, 0]) == consistent_levels(proba, 2) == [2, 1, 1]


@pytest.mark.parametrize("quote", ['"', "\u201c"])  # ASCII text, and text whose normal form moves offsets
def test_a_sectors_counts_are_read_in_the_sentences_that_name_it_alone(quote):
    text = (f"Over the past day, 148 combat engagements took place on the front. In the Pokrovsk direction, {quote}58 "
            "assaults were repelled near Myrnohrad. According to estimates, 40 attacks were stopped there. "
            "In the Oleksandrivka and Huliaipole directions, nearly 40 combat engagements took place. "
            "In the Kupiansk direction, the enemy attacked 8 times near Petropavlivka. "
            "In Kherson, two civilians were killed. Near Orikhiv, the enemy attacked twice. "
            "In the Novopavlivka direction, the enemy attacked 9 times near Pokrovsk and Dachne. "  # the direction decides
            "The enemy was most active along the front line in the Lyman direction, with 40 attacks in total.")
    # LABELS.md: 25+ attacks a day in one sector high, 4-24 moderate, 1-4 killed moderate; fewer decide nothing
    assert sector_count_levels(text, "2025-11-29") == {"pokrovsk": 3, "kupiansk": 2, "prydniprovske": 2, "novopavlivka": 2}


def test_a_toll_counts_for_each_of_up_to_three_sectors_its_sentence_names_and_attacks_for_one():
    """LABELS.md: 25+ injured is ``high``; a strike on three places reports its toll in each (dev_long's
    "strikes against Russian forces in Berdyansk, Tokmak, and Polohy injured over 150" is ``high`` for
    all three), while attacks counted near two places are split between them by an unknown share."""
    toll = "Ukrainian strikes against Russian forces in Berdyansk, Tokmak and Polohy injured over 150 military personnel."
    assert sector_count_levels(toll, "2022-12-19") == {"occupied_rear": 3, "orikhiv": 3, "huliaipole": 3}
    four = toll.replace("Berdyansk,", "Berdyansk, Kherson,")
    assert sector_count_levels(four, "2022-12-19") == {}  # a tally over four sectors is nobody's
    # a sea or a district named to place a town is not where the toll fell
    assert sector_count_levels("A Russian missile strike on the Black Sea port city of Odesa killed five people.", "2025-06-01") == {"rear_strike": 3}
    assert sector_count_levels("Russian strikes on Druzhkivka in Kramatorsk district killed six people.", "2025-06-01") == {"kostiantynivka": 3}
    attacks = "Russian forces attacked 30 times near Tokmak and Polohy."
    assert sector_count_levels(attacks, "2022-12-19") == {}
    assert sector_count_levels(attacks.replace(" and Polohy", ""), "2022-12-19") == {"orikhiv": 3}


@pytest.fixture(scope="module")
def multi_sector_model():
    records = tiny_records(4)
    for c in range(6):  # two-sector reports with a level per sector, in both orders
        first, second = (KUPIANSK_HIGH, POKROVSK_LOW) if c % 2 else (POKROVSK_LOW, KUPIANSK_HIGH)
        records.append({
            "id": f"m-{c}", "source": "test", "date": "2025-06-01", "text": f"{first} {second} Report {c}.",
            "sectors": ["kupiansk", "pokrovsk"], "primary_sector": "kupiansk" if c % 2 else "pokrovsk",
            "intensity": "high", "sector_intensity": {"kupiansk": "high", "pokrovsk": "low"}, "skip": False,
        })
    frame = pd.DataFrame(records)
    return FrontlineClassifier(min_df=1, max_features=2000, places=True, threshold_folds=3).fit(frame, frame)


def test_a_multi_sector_text_gets_a_level_per_sector(multi_sector_model):
    text = f"{KUPIANSK_HIGH} Meanwhile: {POKROVSK_LOW}"
    out = multi_sector_model.predict(pd.DataFrame({"text": [text], "date": ["2025-06-02"]})).iloc[0]
    assert set(out["sectors"].split(";")) == {"kupiansk", "pokrovsk"}
    assert json.loads(out["sector_intensity"]) == {"kupiansk": "high", "pokrovsk": "low"}
    assert out["intensity"] == "high"
    switched_off = multi_sector_model.set_params(sector_levels=False).predict([text]).iloc[0]["sector_intensity"]
    assert set(json.loads(switched_off).values()) == {"high"}

    without = multi_sector_model.set_params(sector_levels=False).fit(
        *(2 * [pd.DataFrame(tiny_records(4))]))  # no sector-level model: every sector at the article's level
    assert without.sector_level_model_ is None
    levels = json.loads(without.predict([text]).iloc[0]["sector_intensity"])
    assert len(set(levels.values())) == 1


def test_per_sector_qwk_counts_missed_sectors_as_none_and_falls_back_to_the_item_level():
    gold = pd.DataFrame({"sectors": [["lyman", "siversk"], ["kupiansk", "pokrovsk"]], "intensity": ["high", "low"],
                         "sector_intensity": [{"lyman": "high", "siversk": "low"}, {}]})
    exact = pd.DataFrame({"sector_intensity": [json.dumps({"lyman": "high", "siversk": "low"}),
                                               json.dumps({"kupiansk": "low", "pokrovsk": "low"})]})
    assert sector_intensity_qwk(gold, exact) == pytest.approx(1.0)
    missed = exact.assign(sector_intensity=[json.dumps({"lyman": "high"}), exact["sector_intensity"][1]])
    assert sector_intensity_qwk(gold, missed) < 1.0


def test_evaluation_reports_per_sector_intensity_of_multi_sector_items():
    gold = pd.DataFrame({"primary_sector": ["lyman", "kupiansk"], "sectors": [["lyman", "siversk"], ["kupiansk"]],
                         "intensity": ["high", "low"], "sector_intensity": [{"lyman": "high", "siversk": "low"}, {}]})
    predicted = pd.DataFrame({"primary_sector": ["lyman", "kupiansk"], "sectors": ["lyman;siversk", "kupiansk"],
                              "intensity": ["high", "low"],
                              "sector_intensity": [json.dumps({"lyman": "high", "siversk": "high"}), json.dumps({"kupiansk": "low"})]})
    metrics, _ = evaluate(gold, predicted)
    assert metrics["multi_sector_intensity_qwk"] < 1.0 and metrics["intensity_qwk"] == pytest.approx(1.0)


def test_training_without_per_sector_labels_or_with_one_level_fits_without_a_sector_level_model():
    frame = pd.DataFrame([r for r in tiny_records(4) if r["intensity"] != "low"])  # every sector "high"
    assert FrontlineClassifier(min_df=1, max_features=2000, places=True).fit(frame, frame).sector_level_model_ is None
    labels = pd.DataFrame(tiny_records(4)).drop(columns=["sector_intensity"])  # the column is optional
    model = FrontlineClassifier(min_df=1, max_features=2000).fit(labels, labels)
    assert model.sector_level_model_ is not None


def test_counts_stay_in_their_sentence_when_normalising_moves_offsets():
    from model.intensity_lexicon import event_counts
    from model.sector_levels import SectorPairs

    text = ("Cafe\u0301 owners near Kupiansk fled. Twelve assaults were repelled there. "
            "The \ufb01ght went on near Pokrovsk; no losses.")  # one character shrinks, one grows
    pairs = SectorPairs()
    pairs.add(0, text, "2025-06-01", ["kupiansk", "pokrovsk"], "kupiansk")
    assert pairs.counts[0]["attacks"] == 12 == event_counts(pairs.view[0])["attacks"]


@pytest.mark.parametrize("text, band", [
    ("In the Siversk direction, 6 enemy attacks were stopped near Verkhnokamianske, Vyimka and Hryhorivka.", "moderate"),
    ("In the Oleksandrivka direction, the enemy attacked 9 times near Ternove and Vorone.", "moderate"),
])
def test_a_single_sector_text_is_at_least_at_its_counts_band(text, band):
    """LABELS.md thresholds are a floor for a text about one sector too (the bundled model read
    both as ``low``)."""
    from model.loading import load_model

    out = load_model().predict(pd.DataFrame({"text": [text], "date": ["2025-11-05"]})).iloc[0]
    assert out["sectors"] == out["primary_sector"] and out["intensity"] == band


def test_a_sectors_stated_attack_counts_cap_its_level_unless_it_reports_something_high():
    """LABELS.md: about 4-24 attacks with limited advances is ``moderate``, up to 3 without ground
    gained ``low``; 25 or more, or a town's streets fought over, leave the level to the model."""
    from model.sector_levels import sector_count_ceilings

    text = ("Kupiansk direction\nUkrainian forces advanced several hundred meters in northern Kupiansk. "
            "The General Staff reported that Russian forces attacked 11 times near Petropavlivka.\n"
            "Orikhiv direction\nThe General Staff reported 2 Russian attacks near Stepnohirsk.\n"
            "Siversk direction\nRussian forces advanced near Siversk. The General Staff reported 2 attacks near Vyimka.\n"
            "Pokrovsk direction\nStreet fighting continues in Pokrovsk; 14 attacks were repelled near Rodynske.\n"
            "Lyman direction\nUkrainian forces repelled a Russian attack near Torske.")
    assert sector_count_ceilings(text, "2025-11-20") == {"kupiansk": 2, "orikhiv": 1, "siversk": 2}
    assert sector_count_ceilings("Pokrovsk direction\nRussian forces attacked 30 times near Rodynske.", "2025-11-20") == {}
    # counts add up over sentences; a sentence about the whole front is no sector's
    split = "Orikhiv direction\nThe enemy attacked 2 times near Stepnohirsk. It attacked 2 times near Prymorske."
    assert sector_count_ceilings(split, "2025-11-20") == {"orikhiv": 2}
    more = "Orikhiv direction\nThe enemy attacked 2 times near Stepnohirsk. It made 2 more attacks there."
    assert sector_count_ceilings(more, "2025-11-20") == {"orikhiv": 2}
    # ... but a count naming no new place restates or breaks down the one before (17, not 32)
    restated = ("Lyman direction\nThe enemy carried out 17 attacks near Zarichne and Torske. "
                "Ukrainian defenders repelled 15 attacks, two clashes are still ongoing.")
    assert sector_count_ceilings(restated, "2025-11-20") == {"lyman": 2}
    # a breakdown by place of a total the first sentence counts, a place told again and "more than"
    # (a hedge) add nothing; "12 more" adds
    from model.sector_levels import stated_attacks

    def attacks(text):
        return stated_attacks(text, [(s, e) for s, e, _ in sentences_about(text, "2025-11-20")], "2025-11-20")

    assert attacks("The enemy carried out 20 attacks in the Pokrovsk direction. Ukrainian forces repelled 12 attacks "
                   "near Rodynske and 8 near Myrnohrad.") == 20
    assert attacks("The enemy attacked 10 times near Stepnohirsk. It attacked more than 16 times near Stepnohirsk on Sunday.") == 16
    assert attacks("The enemy attacked 10 times near Stepnohirsk. It made 6 more attacks near Stepnohirsk.") == 16
    front = "Orikhiv direction\nThe enemy attacked 2 times near Stepnohirsk. Along the entire front, 150 attacks were repelled."
    assert sector_count_ceilings(front, "2025-11-20") == {"orikhiv": 1}
    # a sentence naming no place continues its sector's: its encirclement is more than a count
    follow = "Pokrovsk direction\nRussian forces attacked 14 times near Rodynske. They broke through and encircled a brigade."
    assert sector_count_ceilings(follow, "2025-11-20") == {}


def test_a_long_reports_directions_are_capped_by_their_stated_counts():
    """A 2025 assessment's direction sections that report 8-14 attacks and advances of hundreds
    of metres were ``high`` from the model; two attacks near Stepnohirsk stay ``low``."""
    from model.loading import load_model

    sections = {
        "kupiansk": "Ukrainian forces recently advanced in northern Kupiansk amid continued Russian attacks. Geolocated "
                    "footage shows Ukrainian forces clearing a building, an advance of several hundred meters. The "
                    "Ukrainian General Staff reported that Russian forces attacked 11 times near Kupiansk and Petropavlivka.",
        "lyman": "Russian forces recently advanced northeast of Lyman. Geolocated footage indicates that Russian forces "
                 "advanced about 600 meters along a forest belt west of Torske. The Ukrainian General Staff reported "
                 "that Russian forces attacked 14 times near Torske, Zarichne and Yampil.",
        "orikhiv": "Positional fighting continued near Stepnohirsk and Mala Tokmachka. The Ukrainian General Staff "
                   "reported 2 Russian attacks near Stepnohirsk.",
    }
    filler = "\n\n".join(f"Analysts debated point {i} of the Kremlin's negotiating position at length." for i in range(30))
    text = filler + "".join(f"\n\n{sector.capitalize()} direction\n\n{body}" for sector, body in sections.items())
    levels = json.loads(load_model().predict(pd.DataFrame({"text": [text], "date": ["2025-11-20"]}))["sector_intensity"].iloc[0])
    assert {sector: levels.get(sector) for sector in sections} == {"kupiansk": "moderate", "lyman": "moderate", "orikhiv": "low"}


def test_a_superlative_the_front_completes_leaves_the_count_to_its_direction():
    """"… remained the most intense on the front line, with 52 attacks" is the Pokrovsk direction's
    count; "148 combat engagements took place on the front line" is nobody's."""
    superlative = "The Pokrovsk direction remained the most intense on the front line, with 52 Russian attacks there."
    assert sector_count_levels(superlative, "2025-07-15") == {"pokrovsk": 3}
    tally = "148 combat engagements took place on the front line; the enemy was most active in the Pokrovsk direction."
    assert sector_count_levels(tally, "2025-07-15") == {}
