import pytest

from model.labels import (INTENSITIES, PRIMARY_SECTORS, SECTORS, LabelError, join_sectors, sector_intensity, split_sectors,
                          validate_labels)


def record(**changes):
    base = {"sectors": ["kupiansk", "lyman"], "primary_sector": "kupiansk", "intensity": "high",
            "sector_intensity": {"kupiansk": "high", "lyman": "low"}}
    return {**base, **changes}


def test_contract_lists():
    assert len(SECTORS) == 17 and len(set(SECTORS)) == 17
    assert PRIMARY_SECTORS[-1] == "none" and "none" not in SECTORS
    assert INTENSITIES == ("none", "low", "moderate", "high")


def test_valid_record_passes():
    validate_labels(record())
    validate_labels({"sectors": [], "primary_sector": "none", "intensity": "none"})


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"sectors": ["kupyansk"]}, "unknown sector"),
        ({"primary_sector": "bakhmut"}, "unknown primary_sector"),
        ({"primary_sector": "pokrovsk"}, "not among sectors"),
        ({"intensity": "extreme"}, "unknown intensity"),
        ({"sectors": [], "primary_sector": "kupiansk"}, "sectors' is empty"),
        ({"sector_intensity": {"pokrovsk": "low"}}, "not among sectors"),
        ({"sector_intensity": {"lyman": "huge"}}, "not a level"),
        ({"sectors": "kupiansk"}, "must be a list"),
    ],
)
def test_invalid_records_are_refused(changes, message):
    with pytest.raises(LabelError, match=message):
        validate_labels(record(**changes))


def test_sector_intensity_defaults_to_overall_level():
    assert sector_intensity(record(sector_intensity={"lyman": "low"})) == {"kupiansk": "high", "lyman": "low"}


def test_sectors_values_split_from_lists_strings_and_empty_cells():
    assert split_sectors(join_sectors(["lyman", "siversk"])) == ["lyman", "siversk"] == split_sectors(["lyman", "siversk"])
    assert split_sectors("") == split_sectors(None) == split_sectors(float("nan")) == []
