"""Duplicate candidates at registration (并单): which open orders a new appeal may repeat.

The caller of this module fetches the candidate open orders (same caller, same area within the
window, orders sharing a distinctive phrase through the search index, …); this module scores them
against the new appeal and returns the ones worth offering to the agent, each with the evidence a
person needs to decide: same caller, text similarity, the phrases both texts share, how the places relate, the time gap.

Text similarity is the cosine of sublinear term-frequency vectors of character bigrams (title
counted twice: it is the agent's summary of the matter; content capped), with boilerplate bigrams
down-weighted. No corpus statistics are needed, so a score means the same whatever else is in
the batch and the thresholds in :class:`DuplicateSettings` keep their meaning.

The verdict is DUPLICATE (offer to merge) or RELATED (show alongside); anything weaker is left
out. A place conflict (another district or street) caps the verdict at RELATED: the same template
complaint from another estate is another job.

A repeat call (重复来电, 催办) is worded unlike the first: "我之前打过电话反映过，门口路灯还是不亮" shares
little text with "小区门口的路灯坏了，晚上一片漆黑". So the caller's own open order is a DUPLICATE at a
lower similarity when the new text says it was reported before (``hotline.nlp.repeat_cues``) and the two
share the matter (:func:`_repeat_words`); the cues found are part of the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from hotline.nlp.common_grams import COMMON_BIGRAMS
from hotline.nlp.places import Place, PlaceMatch, compare
from hotline.nlp.repeat_cues import RepeatCues, repeat_cues
from hotline.nlp.shingles import bigram_counts, common_keys, gram_keys, member_of, normalise, phrases
from hotline.nlp.textnorm import han_words

_COMMON = common_keys(COMMON_BIGRAMS)
_CJK_START = np.uint64(0x3400)  # code points from here on are CJK ideographs (and a few rarer scripts)


@dataclass(frozen=True)
class DuplicateSettings:
    """Thresholds of the duplicate decision (configuration, tuned on the labelled 附件3 pairs)."""

    window_days: float = 30.0  # candidates accepted further apart than this are not considered
    duplicate_similarity: float = 0.30  # text similarity that makes a duplicate on its own
    same_place_duplicate_similarity: float = 0.25  # … when the spot or community is the same
    # On 附件3 a prolific writer reuses boilerplate across different proposals, so by default the
    # same caller does not lower the bar: it makes a candidate at least RELATED and ranks it first.
    same_caller_duplicate_similarity: float = 0.30
    related_similarity: float = 0.15  # below this (and not the same caller) a candidate is dropped
    # The caller's own open order when the new text says the matter was reported before (打过电话, 反映过,
    # 再次, 催…) and both name a word of the matter: a repeat call shares few words with the first one.
    repeat_calls: bool = True  # False: the caller's own order is a duplicate by text similarity alone
    repeat_call_similarity: float = 0.05
    # … when the text only says the matter is still open (还是不亮, 一直没人管): first calls say that too.
    still_open_similarity: float = 0.20
    common_gram_weight: float = 0.3  # weight of boilerplate bigrams (1 = like any other)
    max_title_chars: int = 200
    max_content_chars: int = 400  # the matter is stated early; this also bounds the work
    min_grams: int = 3  # an appeal with fewer distinct Chinese bigrams has no text to compare
    max_results: int = 10
    max_phrases: int = 5
    same_caller_bonus: float = 0.25  # ranking only: a repeat caller comes first
    close_place_bonus: float = 0.10  # ranking only: same spot or community
    same_street_bonus: float = 0.05  # ranking only


class Verdict(StrEnum):
    DUPLICATE = "duplicate"  # offer to merge (并单)
    RELATED = "related"  # show, but probably another matter


@dataclass(frozen=True)
class Appeal:
    """The appeal being registered."""

    title: str
    content: str
    at: datetime
    caller: str | None = None  # the phone's blind index (never the number)
    place: Place = field(default_factory=Place)
    topic: str | None = None  # as filed or guessed ("城乡建设/物业"); only its level 1 is compared


@dataclass(frozen=True)
class Candidate:
    """An open order fetched as a possible duplicate."""

    number: str
    title: str
    content: str
    accepted_at: datetime
    caller: str | None = None
    place: Place = field(default_factory=Place)
    topic: str | None = None


@dataclass(frozen=True)
class Evidence:
    same_caller: bool
    similarity: float  # text similarity 0…1
    shared_phrases: tuple[str, ...]  # words both texts contain, most informative first
    place: PlaceMatch
    gap: timedelta  # appeal time minus the candidate's acceptance (negative: accepted later)
    # The same caller's words that the matter was reported before (之前打过电话, 还是不亮), as written.
    repeat_cues: tuple[str, ...] = ()

    @property
    def repeat_call(self) -> bool:
        """The same caller says they called before: 同一来电人再次反映 (merge, or chase the open order)."""
        return self.same_caller and bool(self.repeat_cues)


@dataclass(frozen=True)
class Match:
    number: str
    verdict: Verdict
    score: float  # ranking score: similarity plus bonuses for the same caller and place
    evidence: Evidence


def _parts(title: str, content: str, settings: DuplicateSettings) -> tuple[str, str]:
    return normalise(title, settings.max_title_chars), normalise(content, settings.max_content_chars)


def _document(heading: str, body: str) -> str:
    return f"{heading} {heading} {body}"  # the title twice: it is the agent's summary of the matter


def _chinese_bigrams(keys: npt.NDArray[np.uint64]) -> int:
    first, second = keys >> np.uint64(21), keys & np.uint64((1 << 21) - 1)
    return int(np.count_nonzero((first >= _CJK_START) | (second >= _CJK_START)))


def _gap(at: datetime, accepted_at: datetime) -> timedelta | None:
    try:
        return at - accepted_at
    except TypeError:  # one naive, one aware: compare wall-clock times
        try:
            return at.replace(tzinfo=None) - accepted_at.replace(tzinfo=None)
        except (TypeError, AttributeError):
            return None


def similarities(documents: Sequence[str], settings: DuplicateSettings) -> npt.NDArray[np.float64]:
    """Cosine similarity of the first document to each of the others.

    Plain numpy rather than a sparse matrix: one sort (:func:`bigram_counts`) counts every bigram of every
    document and lines up the documents that have each bigram, the first document (when it has it) at the
    head. A bigram's weight and its value in the first document are then looked up once per bigram, and the
    vector lengths and dot products with the first document are weighted bincounts.
    """
    found = bigram_counts(documents)
    if len(found.keys) == 0:
        return np.zeros(len(documents) - 1)
    row, starts, bigram = found.texts, found.starts, found.bigram
    # Sublinear term frequency (a word said ten times is not ten times the evidence), boilerplate down.
    weight = np.where(member_of(found.keys[starts], _COMMON), settings.common_gram_weight, 1.0)
    value = (1.0 + np.log(found.counts)) * weight[bigram]
    norms = np.sqrt(np.bincount(row, value * value, minlength=len(documents)))
    in_first = np.where(row[starts] == 0, value[starts], 0.0)  # the first document's value of each bigram
    contribution = np.where(row > 0, value * in_first[bigram], 0.0)
    dots = np.bincount(row, contribution, minlength=len(documents))[1:]
    lengths = norms[1:] * norms[0]
    result: npt.NDArray[np.float64] = np.clip(np.divide(dots, lengths, out=np.zeros_like(dots), where=lengths > 0),
                                              0.0, 1.0)
    return result


def _verdict(similarity: float, same_caller: bool, place: PlaceMatch, settings: DuplicateSettings) -> Verdict | None:
    related = similarity >= settings.related_similarity
    if place is PlaceMatch.DIFFERENT:
        return Verdict.RELATED if related or same_caller else None
    if same_caller:  # the caller's other open orders are always worth a look
        return Verdict.DUPLICATE if similarity >= settings.same_caller_duplicate_similarity else Verdict.RELATED
    threshold = settings.same_place_duplicate_similarity if place.close else settings.duplicate_similarity
    if similarity >= threshold:
        return Verdict.DUPLICATE
    return Verdict.RELATED if related else None


def _least_similarity(settings: DuplicateSettings) -> float:
    """Below this similarity :func:`_verdict` gives another caller's order no verdict, whatever the places."""
    return min(settings.related_similarity, settings.duplicate_similarity, settings.same_place_duplicate_similarity)


def _repeat_words(appeal: Appeal, candidate: Candidate, texts: tuple[str, str], cues: RepeatCues,
                  settings: DuplicateSettings) -> tuple[str, ...]:
    """The words of the matter the caller's open order shares with an appeal whose cues refer back to it;
    none when it is not that matter.

    A word of the matter that both name (:func:`matter_words`: 路灯, 井盖, 烧烤店 — not a place name, since
    all of a caller's matters tend to be at their home, nor the cue words) and no other level-1 topic where
    both are known. Words rather than bigram runs: 小区停水 and 小区停车位 share the run 区停.
    """
    if _topics_differ(appeal.topic, candidate.topic):
        return ()
    places = " ".join(filter(None, [*astuple(appeal.place), *astuple(candidate.place)]))
    appeal_text, candidate_text = texts
    shared = matter_words(appeal_text, settings) & matter_words(candidate_text, settings)
    words = [w for w in shared if w not in places and not any(w in cue for cue in cues.all)]
    return tuple(sorted(words, key=appeal_text.find))


def _repeat_call(similarity: float, cues: RepeatCues, settings: DuplicateSettings) -> bool:
    """Enough text in common, with the matter shared, for a repeat call: more when the caller only says the
    matter is still open, as first calls do too."""
    return similarity >= (settings.repeat_call_similarity if cues.reported else settings.still_open_similarity)


def matter_words(text: str, settings: DuplicateSettings) -> set[str]:
    """The words of a text that can name a matter: jieba words of two or more Han characters, not made
    only of boilerplate or broad bigrams (小区, 门口, 没人管)."""
    return {word for word in han_words(text, settings.max_title_chars + settings.max_content_chars)
            if len(word) >= 2 and any(word[i : i + 2] not in COMMON_BIGRAMS for i in range(len(word) - 1))}


def _topics_differ(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return False
    return first.split("/")[0].strip() != second.split("/")[0].strip()


def _score(similarity: float, same_caller: bool, place: PlaceMatch, settings: DuplicateSettings) -> float:
    score = similarity + (settings.same_caller_bonus if same_caller else 0.0)
    if place.close:
        score += settings.close_place_bonus
    elif place is PlaceMatch.SAME_STREET:
        score += settings.same_street_bonus
    return round(score, 4)


def _in_window(appeal: Appeal, candidates: Sequence[Candidate],
               settings: DuplicateSettings) -> list[tuple[Candidate, timedelta]]:
    window = timedelta(days=settings.window_days)
    gaps = [(candidate, _gap(appeal.at, candidate.accepted_at)) for candidate in candidates]
    return [(candidate, gap) for candidate, gap in gaps if gap is not None and abs(gap) <= window]


def find_duplicates(
    appeal: Appeal, candidates: Sequence[Candidate], settings: DuplicateSettings | None = None
) -> list[Match]:
    """The candidates to offer for merging, duplicates first, each ranked by score.

    Never raises on odd text (empty, emoji, Latin only, megabytes of it): an appeal without
    comparable text gets no matches at all.
    """
    settings = settings or DuplicateSettings()
    document = _document(*_parts(appeal.title, appeal.content, settings))
    appeal_keys = gram_keys(document)
    if _chinese_bigrams(appeal_keys) < settings.min_grams:  # nothing to compare (or not Chinese)
        return []
    in_window = _in_window(appeal, candidates, settings)
    if not in_window:
        return []
    parts = [_parts(c.title, c.content, settings) for c, _ in in_window]
    scores = similarities([document, *(_document(*p) for p in parts)], settings)
    cues = repeat_cues(f"{appeal.title} {appeal.content}") if appeal.caller else RepeatCues()
    least = _least_similarity(settings)
    found: list[tuple[Match, str, tuple[str, ...]]] = []
    for (candidate, gap), similarity, (heading, body) in zip(in_window, scores.tolist(), parts, strict=True):
        same_caller = bool(appeal.caller) and appeal.caller == candidate.caller
        if similarity < least and not same_caller:  # most candidates: no verdict whatever the places
            continue
        place = compare(appeal.place, candidate.place)
        verdict = _verdict(similarity, same_caller, place, settings)
        if verdict is None:
            continue
        text = f"{heading} {body}"
        words: tuple[str, ...] = ()  # the matter a repeat call shares with the caller's order
        if same_caller and cues and place is not PlaceMatch.DIFFERENT and settings.repeat_calls:
            words = _repeat_words(appeal, candidate, (document, text), cues, settings)
            if words and _repeat_call(similarity, cues, settings):  # 同一来电人再次反映: merge, or chase (催办)
                verdict = Verdict.DUPLICATE
        # The cues are evidence beside the caller's orders of the matter, not beside the caller's other matters.
        evidence = Evidence(same_caller, round(similarity, 4), (), place, gap, cues.all if words else ())
        match = Match(candidate.number, verdict, _score(similarity, same_caller, place, settings), evidence)
        found.append((match, text, words))
    found.sort(key=lambda m: (m[0].verdict is not Verdict.DUPLICATE, -m[0].score, abs(m[0].evidence.gap)))
    return [_with_phrases(*found_match, appeal_keys, settings) for found_match in found[: settings.max_results]]


def _with_phrases(match: Match, text: str, words: tuple[str, ...], appeal_keys: npt.NDArray[np.uint64],
                  settings: DuplicateSettings) -> Match:
    # Phrases are worked out only for the few matches returned: they are the dispatcher's "why". The words
    # that made a repeat call a duplicate come first, even when broad bigrams keep them out of the phrases.
    shared = phrases(text, appeal_keys, limit=settings.max_phrases, ignore=_COMMON)
    shared = (*(w for w in words if not any(w in p for p in shared)), *shared)[: settings.max_phrases]
    return Match(match.number, match.verdict, match.score, replace(match.evidence, shared_phrases=shared))
