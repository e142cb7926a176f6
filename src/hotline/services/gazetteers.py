"""The gazetteer of a running process, built from the ``areas`` table and rebuilt when it changes.

Building the Aho-Corasick automaton takes milliseconds, resolving an address microseconds: the
process keeps one and looks at the table's state at most every ``CHECK_SECONDS``, so an admin's
import reaches every server process within seconds without a query per registration.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.db.models import Area
from hotline.domain.catalogue import PlaceArea
from hotline.domain.enums import AreaKind, UnitKind
from hotline.nlp import gazetteer as gz
from hotline.nlp.address import Resolution, resolve

CHECK_SECONDS = 5.0


@dataclass(frozen=True)
class _Built:
    state: tuple[int, int, int]  # (count, max id, sum of parent ids): changes with any import
    gazetteer: gz.Gazetteer
    areas: dict[str, tuple[int, AreaKind, str, int | None]]  # code → (id, kind, name, unit id)
    by_name: dict[tuple[AreaKind, str, int | None], list[PlaceArea]]  # (kind, name, parent id) → areas


class GazetteerCache:
    def __init__(self) -> None:
        self._built: _Built | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        self._checked = 0.0

    def _current(self, session: Session) -> _Built:
        built = self._built
        if built is not None and time.monotonic() - self._checked < CHECK_SECONDS:
            return built
        with self._lock:
            row = tuple(session.execute(select(func.count(Area.id), func.coalesce(func.max(Area.id), 0),
                                                 func.coalesce(func.sum(Area.parent_id), 0))
                                          .where(Area.active.is_(True))).one())
            state = (int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))
            if self._built is None or self._built.state != state:
                self._built = _build(session, state)
            self._checked = time.monotonic()
            return self._built

    def resolution(self, session: Session, text: str, *, hint_district: str | None = None) -> Resolution:
        return resolve(self._current(session).gazetteer, text, hint_district)

    def place_by_names(self, session: Session, district: str | None, street: str | None,
                       community: str | None) -> list[PlaceArea]:
        """The areas named on an order (district → street → community), each within its parent; stops at
        the first name that is unknown or ambiguous."""
        built = self._current(session)
        place: list[PlaceArea] = []
        for kind, name in zip((AreaKind.DISTRICT, AreaKind.STREET, AreaKind.COMMUNITY), (district, street, community),
                              strict=True):
            if not name:
                break
            # Districts have no parent; a street or community is looked up within the level above.
            found = built.by_name.get((kind, name, place[-1].area_id if place else None))
            if not found or len(found) != 1:
                break
            place.append(found[0])
        return place

    def place_of(self, session: Session, *, district: str | None, street: str | None, community: str | None,
                 text: str) -> tuple[list[PlaceArea], str]:
        """The areas of an order: as entered when the gazetteer knows them all ("entered"), else parsed from
        ``text`` (the address, "address") when that finds more."""
        given = self.place_by_names(session, district, street, community)
        if given and len(given) == sum(1 for n in (district, street, community) if n):
            return given, "entered"
        parsed = self.resolve(session, text, hint_district=district)
        if len(parsed) > len(given):
            return parsed, "address"
        return given, "entered"

    def resolve(self, session: Session, text: str, *, hint_district: str | None = None) -> list[PlaceArea]:
        """The areas an address names, district first; empty when none or ambiguous."""
        built = self._current(session)
        found = resolve(built.gazetteer, text, hint_district)
        if found.ambiguous and found.district is None:
            return []
        place = []
        for hit in (found.district, found.street, found.community):
            if hit is None or hit.code not in built.areas:
                break
            area_id, kind, name, unit_id = built.areas[hit.code]
            place.append(PlaceArea(area_id, kind, name, unit_id))
        return place


def _build(session: Session, state: tuple[int, int, int]) -> _Built:
    rows = list(session.scalars(select(Area).where(Area.active.is_(True)).order_by(Area.id)))
    codes = {a.id: a.code for a in rows}
    areas = [gz.Area(a.code, a.name, UnitKind(a.kind.value), codes.get(a.parent_id) if a.parent_id else None,
                     tuple(a.aliases or ())) for a in rows if a.parent_id is None or a.parent_id in codes]
    try:
        gazetteer = gz.Gazetteer.from_areas(areas)
    except ValueError:  # a malformed list must not stop registrations: no place suggestions until fixed
        gazetteer = gz.Gazetteer.from_areas([])
    by_name: dict[tuple[AreaKind, str, int | None], list[PlaceArea]] = {}
    for a in rows:
        by_name.setdefault((a.kind, a.name, a.parent_id), []).append(PlaceArea(a.id, a.kind, a.name, a.unit_id))
    return _Built(state, gazetteer, {a.code: (a.id, a.kind, a.name, a.unit_id) for a in rows}, by_name)
