"""The label contract of LABELS.md: sector ids, intensity levels, record validation.

This module is the single source of these lists; it imports nothing of the project.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

#: Ground-front sectors, north to south, as in LABELS.md.
FRONT_SECTORS: tuple[str, ...] = (
    "north_slobozhansky",
    "south_slobozhansky",
    "kupiansk",
    "lyman",
    "siversk",
    "kramatorsk",
    "kostiantynivka",
    "pokrovsk",
    "novopavlivka",
    "oleksandrivka",
    "huliaipole",
    "orikhiv",
    "prydniprovske",
)
#: Kinetic activity away from the ground front.
REAR_SECTORS: tuple[str, ...] = ("rear_strike", "occupied_rear", "crimea_black_sea", "russia_rear")
#: Every sector id an article can cover.
SECTORS: tuple[str, ...] = FRONT_SECTORS + REAR_SECTORS
#: The primary sector of a text that reports no kinetic activity.
NO_SECTOR = "none"
#: Every value ``primary_sector`` may take.
PRIMARY_SECTORS: tuple[str, ...] = SECTORS + (NO_SECTOR,)
#: Intensity levels, in order.
INTENSITIES: tuple[str, ...] = ("none", "low", "moderate", "high")
INTENSITY_RANK: dict[str, int] = {level: rank for rank, level in enumerate(INTENSITIES)}


class LabelError(ValueError):
    """A label record that breaks the contract."""


def validate_labels(record: Mapping) -> None:
    """Raise :class:`LabelError` unless ``record`` carries labels that follow the contract."""
    sectors = record.get("sectors")
    primary = record.get("primary_sector")
    intensity = record.get("intensity")
    per_sector = record.get("sector_intensity") or {}
    if not isinstance(sectors, list):
        raise LabelError(f"'sectors' must be a list, got {sectors!r}")
    unknown = [s for s in sectors if s not in SECTORS]
    if unknown:
        raise LabelError(f"unknown sector id(s) {unknown}")
    if len(set(sectors)) != len(sectors):
        raise LabelError(f"repeated sector id in {sectors}")
    if primary not in PRIMARY_SECTORS:
        raise LabelError(f"unknown primary_sector {primary!r}")
    if intensity not in INTENSITIES:
        raise LabelError(f"unknown intensity {intensity!r}; expected one of {INTENSITIES}")
    if not sectors:
        if primary != NO_SECTOR:
            raise LabelError(f"primary_sector {primary!r} given but 'sectors' is empty")
    elif primary not in sectors:
        raise LabelError(f"primary_sector {primary!r} is not among sectors {sectors}")
    if not isinstance(per_sector, Mapping):
        raise LabelError("'sector_intensity' must be a mapping of sector id to level")
    for sector, level in per_sector.items():
        if sector not in sectors:
            raise LabelError(f"sector_intensity names {sector!r}, which is not among sectors")
        if level not in INTENSITIES:
            raise LabelError(f"sector_intensity[{sector!r}] = {level!r} is not a level")


def sector_intensity(record: Mapping) -> dict[str, str]:
    """Intensity per covered sector; a single-sector record inherits the overall intensity."""
    return covered_levels(record.get("sectors", []), record["intensity"], record.get("sector_intensity"))


def covered_levels(sectors, overall, own: Mapping | None = None) -> dict:
    """Level per covered sector: its own (``own``) where given, else the text's ``overall`` level."""
    own = own or {}
    return {s: own.get(s, overall) for s in sectors}


#: How a list of sector ids is written in one text field (the ``sectors`` output column).
SECTOR_SEPARATOR = ";"


def join_sectors(sectors) -> str:
    return SECTOR_SEPARATOR.join(sectors)


def split_sectors(value) -> list[str]:
    """Sector ids of a ``sectors`` value: a list, the string :func:`join_sectors` wrote, or nothing
    (None, or the NaN of an empty CSV cell)."""
    if isinstance(value, str):
        return [s for s in value.split(SECTOR_SEPARATOR) if s]
    return [] if value is None or (isinstance(value, float) and math.isnan(value)) else list(value)
