import pytest

from model.intensity_lexicon import FEATURE_NAMES, event_counts, features, rule_level


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
    assert features("Defenders repelled 41 attacks.").shape == (len(FEATURE_NAMES),)
