"""Where an appeal is about, and how close two appeals' places are.

A 12345 order records its place as district / street (or township) / community, plus a free-text
spot (an address, an estate, a crossing). Two appeals about the same matter happen at the same
place; the same complaint text from another district is another matter (a template used by many
estates, or the same demand for another school).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from hotline.nlp.shingles import normalise

SPOT_OVERLAP = 0.6  # share of the shorter spot's bigrams the other spot must contain
_SPOT_CHARS = 120


@dataclass(frozen=True)
class Place:
    """Names or codes of the administrative areas (used consistently), and a free-text spot."""

    district: str | None = None
    street: str | None = None
    community: str | None = None
    spot: str | None = None


class PlaceMatch(StrEnum):
    """How two places relate, from the strongest agreement to a conflict."""

    SAME_SPOT = "same_spot"
    SAME_COMMUNITY = "same_community"
    SAME_STREET = "same_street"
    SAME_DISTRICT = "same_district"
    UNKNOWN = "unknown"  # too little recorded on one side to tell
    DIFFERENT = "different"  # different district or street: not the same matter

    @property
    def close(self) -> bool:
        """Same spot or same community: a place where one matter is usually one job."""
        return self in (PlaceMatch.SAME_SPOT, PlaceMatch.SAME_COMMUNITY)


def clean(value: object) -> str | None:
    """A comparable form of an area name or code; None for missing or blank."""
    if not isinstance(value, str):
        return None
    value = unicodedata.normalize("NFKC", value[:100]).strip().casefold()
    return value or None


def _spot_bigrams(spot: object) -> set[str]:
    text = normalise(spot if isinstance(spot, str) else "", _SPOT_CHARS)
    return {text[i : i + 2] for i in range(len(text) - 1) if " " not in text[i : i + 2]}


def spots_overlap(a: object, b: object) -> bool:
    """Whether one spot mostly contains the other (魅力之城小区12栋 ~ 劳动东路魅力之城小区)."""
    first, second = _spot_bigrams(a), _spot_bigrams(b)
    shorter = min(len(first), len(second))
    return shorter >= 2 and len(first & second) >= SPOT_OVERLAP * shorter


def compare(a: Place, b: Place) -> PlaceMatch:
    if a.spot and b.spot and spots_overlap(a.spot, b.spot):
        return PlaceMatch.SAME_SPOT
    district = clean(a.district), clean(b.district)
    street = clean(a.street), clean(b.street)
    community = clean(a.community), clean(b.community)
    if None not in district and district[0] != district[1]:
        return PlaceMatch.DIFFERENT
    if None not in street and street[0] != street[1]:
        return PlaceMatch.DIFFERENT
    if None not in community and community[0] == community[1]:
        return PlaceMatch.SAME_COMMUNITY
    if None not in street:
        return PlaceMatch.SAME_STREET
    if None not in district:
        return PlaceMatch.SAME_DISTRICT
    return PlaceMatch.UNKNOWN
