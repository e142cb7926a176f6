"""Which district, street and community a free-text address (or appeal) is in: the territorial principle.

``resolve(gazetteer, "常州市天宁区茶山街道丽华新村3幢")`` finds every area name in the text (one
Aho-Corasick pass over the gazetteer's names), keeps the longest non-overlapping ones, and picks the
chain district → street → community that agrees with most of them:

- a street under the mentioned district wins over a same-named street elsewhere;
- a name that exists in two districts stays ambiguous (``candidates``) unless the text or
  ``hint_district`` (the caller's district, the order's district field) settles it;
- names that contradict the chosen chain are reported in ``conflicts`` and lower the confidence.

The spot is what follows the last matched area, up to the end of the clause ("3幢"). Never raises on
any ``str``; reads at most ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotline.domain.enums import UnitKind
from hotline.nlp.gazetteer import Area, Entry, Gazetteer, MatchVia, fold

MAX_CHARS = 1000  # an address is at the start of an appeal; the rest is the story
MAX_SPOT = 60
HINT_WEIGHT = 0.5  # a hint breaks a tie between texts' readings; it never outvotes a name in the text
_WEIGHT = {MatchVia.NAME: 1.0, MatchVia.SHORT: 0.85, MatchVia.LANDMARK: 0.7}
_PROVINCE = re.compile(r"^\s*[\u4e00-\u9fff]{2,7}?(?:省|自治区)")
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n\r]")
_SPOT_TRIM = " \t\u3000:：,，、.。;；-—()（）[]【】\"'“”‘’的"


@dataclass(frozen=True)
class AreaHit:
    """One level of a resolution: the area, and where (and how) the text names it."""

    code: str
    name: str
    kind: UnitKind
    via: MatchVia  # NAME, SHORT, LANDMARK; INFERRED from a lower level; HINT from ``hint_district``
    span: tuple[int, int] | None  # in the input text; None when inferred or hinted
    matched: str  # the text as written ("天宁", "茶山街道"), "" when inferred


@dataclass(frozen=True)
class Resolution:
    district: AreaHit | None
    street: AreaHit | None
    community: AreaHit | None
    spot: str  # the address detail after the last matched area ("3幢"), "" when none
    spot_span: tuple[int, int] | None
    confidence: float  # 0 nothing found … 1 full names at every level, all agreeing
    ambiguous: bool  # several readings fit equally well: see ``candidates``
    candidates: tuple[tuple[Area, ...], ...]  # each reading as a path district → …, when ambiguous
    conflicts: tuple[str, ...]  # names in the text that disagree with the answer ("天宁区" vs 五星街道)

    @property
    def deepest(self) -> AreaHit | None:
        """The most specific level found: where to dispatch by the territorial principle."""
        return self.community or self.street or self.district

    @property
    def found(self) -> bool:
        return self.deepest is not None


_NOTHING = Resolution(None, None, None, "", None, 0.0, False, (), ())


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    entries: tuple[Entry, ...]

    @property
    def is_city(self) -> bool:
        return any(via is MatchVia.CITY for _, via in self.entries)


def resolve(gazetteer: Gazetteer, text: str, hint_district: str | None = None) -> Resolution:
    """District, street, community and spot of ``text``; see the module docstring."""
    if not isinstance(text, str) or not text.strip():
        return _NOTHING
    text = text[:MAX_CHARS]
    folded = fold(text)
    spans = _longest_first(gazetteer.matches(folded))
    hint = _hint(gazetteer, hint_district)
    area_spans = [s for s in spans if not s.is_city]
    readings = _readings(gazetteer, area_spans, hint)
    if not readings:
        spot, spot_span = _spot(text, max([s.end for s in spans if s.is_city] + [_after_province(text)]))
        return Resolution(None, None, None, spot, spot_span, 0.0, False, (), ())
    best_score = readings[0][0]
    best = [path for score, path in readings if score == best_score]
    best = [p for p in best if not any(len(o) > len(p) and o[: len(p)] == p for o in best)]  # keep the deepest
    chosen = _common_prefix(best)
    ambiguous = len(best) > 1
    hits = _hits(gazetteer, chosen, area_spans, text, hint)
    used = {area.code for path in best for area in path}  # every reading still in the running
    conflicts = () if ambiguous else tuple(dict.fromkeys(
        text[s.start:s.end] for s in area_spans if not any(code in used for code, _ in s.entries)))
    spot_from = max([s.end for s in spans if s.is_city or _names_any(s, used)] + [_after_province(text)])
    spot, spot_span = _spot(text, spot_from)
    confidence = _confidence(hits, ambiguous, bool(conflicts), decided_by_hint=_hint_decided(readings, hint))
    by_kind = {h.kind: h for h in hits}
    return Resolution(by_kind.get(UnitKind.DISTRICT), by_kind.get(UnitKind.STREET), by_kind.get(UnitKind.COMMUNITY),
                      spot, spot_span, confidence, ambiguous, tuple(best) if ambiguous else (), conflicts)


def _longest_first(matches: list[tuple[int, int, tuple[Entry, ...]]]) -> list[_Span]:
    """Non-overlapping matches, longer names first: 茶山街道 over 茶山, 红梅南路 over 红梅."""
    taken: list[_Span] = []
    for start, end, entries in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= t.start or start >= t.end for t in taken):
            taken.append(_Span(start, end, entries))
    return sorted(taken, key=lambda s: s.start)


def _hint(gazetteer: Gazetteer, hint_district: str | None) -> str | None:
    if not hint_district or not isinstance(hint_district, str):
        return None
    districts = [a for a in gazetteer.lookup(hint_district) if a.kind is UnitKind.DISTRICT]
    return districts[0].code if len(districts) == 1 else None


def _readings(gazetteer: Gazetteer, spans: list[_Span], hint: str | None) -> list[tuple[float, tuple[Area, ...]]]:
    """Every candidate path (one per area named anywhere), scored by how many names it agrees with."""
    scored: dict[tuple[Area, ...], float] = {}
    for span in spans:
        for code, _ in span.entries:
            path = gazetteer.path(code)
            if not path or path in scored:
                continue
            codes = {a.code for a in path}
            score = sum(1.0 + 0.01 * max(_WEIGHT.get(via, 0.0) for c, via in s.entries if c in codes)
                        for s in spans if any(c in codes for c, _ in s.entries))
            if hint is not None and path[0].code == hint:
                score += HINT_WEIGHT
            scored[path] = round(score, 6)
    return sorted(((score, path) for path, score in scored.items()), key=lambda x: -x[0])


def _hint_decided(readings: list[tuple[float, tuple[Area, ...]]], hint: str | None) -> bool:
    """Whether the hint, not the text, made the best reading win."""
    if hint is None or not readings or readings[0][1][0].code != hint:
        return False
    rivals = [s for s, p in readings if p[0].code != hint]
    return bool(rivals) and readings[0][0] - HINT_WEIGHT <= max(rivals)


def _common_prefix(paths: list[tuple[Area, ...]]) -> tuple[Area, ...]:
    prefix: list[Area] = []
    for level in zip(*paths, strict=False):
        if any(a.code != level[0].code for a in level):
            break
        prefix.append(level[0])
    return tuple(prefix)


def _hits(gazetteer: Gazetteer, path: tuple[Area, ...], spans: list[_Span], text: str,
          hint: str | None) -> list[AreaHit]:
    hits: list[AreaHit] = []
    for depth, area in reversed(list(enumerate(path))):
        named = [(s, via) for s in spans for code, via in s.entries if code == area.code]
        if named:
            span, via = max(named, key=lambda x: (_WEIGHT.get(x[1], 0.0), x[0].end - x[0].start))
            hits.append(AreaHit(area.code, area.name, area.kind, via, (span.start, span.end),
                                text[span.start:span.end]))
        else:
            # The parent of a named area is implied by it; only an area nothing below implies is the hint's.
            via = MatchVia.HINT if area.code == hint and depth == len(path) - 1 else MatchVia.INFERRED
            hits.append(AreaHit(area.code, area.name, area.kind, via, None, ""))
    return hits[::-1]


def _names_any(span: _Span, codes: set[str]) -> bool:
    """Whether the span names one of the areas (a landmark does not end the address: it is the spot)."""
    return any(code in codes and via is not MatchVia.LANDMARK for code, via in span.entries)


def _after_province(text: str) -> int:
    """Where the text starts after a leading province name ("江苏省")."""
    m = _PROVINCE.match(text)
    return m.end() if m else 0


def _spot(text: str, start: int) -> tuple[str, tuple[int, int] | None]:
    """The address detail from ``start`` to the end of its clause, trimmed."""
    end_match = _CLAUSE_END.search(text, start)
    end = end_match.start() if end_match else len(text)
    end = min(end, start + MAX_SPOT)
    while start < end and text[start] in _SPOT_TRIM:
        start += 1
    while end > start and text[end - 1] in _SPOT_TRIM:
        end -= 1
    return (text[start:end], (start, end)) if end > start else ("", None)


def _confidence(hits: list[AreaHit], ambiguous: bool, conflicts: bool, *, decided_by_hint: bool) -> float:
    """A readable score: the best evidence of the answer, raised by agreeing levels, cut by doubts."""
    named = [h for h in hits if h.via in _WEIGHT]
    if not hits:
        return 0.15 if ambiguous else 0.0
    if ambiguous:
        return 0.35  # the levels above the split are sure; the rest needs the caller
    score = max((_WEIGHT[h.via] for h in named), default=0.5) * 0.9
    if len(named) >= 2:
        score += 0.1  # two levels named and they agree: 天宁区茶山街道
    if conflicts:
        score -= 0.3
    if decided_by_hint:
        score -= 0.15
    return round(max(0.05, min(1.0, score)), 2)

