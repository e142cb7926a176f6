"""Hot issues (热点问题): groups of a period's orders about the same matter, biggest first.

1. Every order becomes a TF-IDF vector of character bigrams (title twice, the start of the
   content); bigrams in a large share of a big period are dropped: they link everything to
   everything and cost most of the work.
2. Orders whose cosine similarity reaches ``link_similarity`` are linked (sparse products in row
   chunks, so 20,000 orders stay in memory), except across a place conflict (another district or
   street): the same complaint about another estate is another issue.
3. Linked groups are split by average-linkage clustering cut at ``cluster_similarity``, so a chain
   of loosely related orders does not become one blob.
4. Each group of at least ``min_members`` orders is reported with a readable label (the title of
   its most central order), the phrases its members share, its places, its time span and trend.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components

from hotline.nlp.common_grams import COMMON_BIGRAMS
from hotline.nlp.places import Place, clean
from hotline.nlp.shingles import Keys, common_keys, count_matrix, normalise, phrases

_COMMON = common_keys(COMMON_BIGRAMS)


@dataclass(frozen=True)
class HotIssueSettings:
    link_similarity: float = 0.20  # two orders this similar may be the same matter
    cluster_similarity: float = 0.15  # average similarity that holds a group together
    min_members: int = 2  # a singleton is not a hot issue
    max_title_chars: int = 120
    max_content_chars: int = 300  # the matter is stated early; this bounds the work too
    dense_share: float = 0.02  # in big periods, bigrams in more orders than this share are dropped
    dense_from: int = 1000  # … only from this many orders on (small sets keep every bigram)
    max_group: int = 1500  # bigger linked groups are re-linked at a stricter similarity first
    chunk_rows: int = 2000
    timezone: str = "Asia/Shanghai"  # aware times are bucketed by this wall clock
    key_phrases: int = 4
    top_places: int = 3
    # heat = orders + weight_factor × ln(1 + total weight); 0 ranks by orders, weight breaking ties
    weight_factor: float = 0.0
    trend_ratio: float = 1.5  # second half ≥ ratio × first half (and ≥ 2 more) is rising


@dataclass(frozen=True)
class IssueOrder:
    """One order of the period."""

    id: int | str
    title: str
    content: str
    at: datetime  # acceptance time
    place: Place = field(default_factory=Place)
    topic: str | None = None
    weight: float = 0.0  # e.g. likes and dislikes of a web post, supporting calls
    caller: str | None = None  # the phone's blind index: tells many people from one who repeats


class Direction(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"


@dataclass(frozen=True)
class Trend:
    bucket: str  # "day" or "week" (weeks start on Monday)
    counts: tuple[tuple[date, int], ...]  # every bucket of the period, zeros included
    first_half: int  # orders in the first half of the period
    second_half: int
    direction: Direction


@dataclass(frozen=True)
class PlaceSummary:
    districts: tuple[tuple[str, int], ...]
    streets: tuple[tuple[str, int], ...]
    communities: tuple[tuple[str, int], ...]
    spots: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class HotIssue:
    label: str  # title of the most central order
    key_phrases: tuple[str, ...]  # words most members share
    count: int
    callers: int  # distinct known callers among the members (0 when none is recorded)
    member_ids: tuple[int | str, ...]  # in time order
    representative_id: int | str
    places: PlaceSummary
    topics: tuple[tuple[str, int], ...]
    first_at: datetime
    last_at: datetime
    trend: Trend
    weight: float
    heat: float  # ranking: orders, plus the log of the total weight


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment


def _texts(orders: Sequence[IssueOrder], settings: HotIssueSettings) -> tuple[list[str], list[str]]:
    """The orders' normalised titles, and the texts compared: the title twice, then the start of the content."""
    headings = [normalise(order.title, settings.max_title_chars) for order in orders]
    return headings, [f"{heading} {heading} {normalise(order.content, settings.max_content_chars)}"
                      for heading, order in zip(headings, orders, strict=True)]


def _vectors(texts: list[str], settings: HotIssueSettings) -> tuple[sparse.csr_matrix, sparse.csr_matrix, Keys]:
    """Unit-length TF-IDF vectors of the texts, their raw bigram counts, the vocabulary."""
    counts, vocabulary = count_matrix(texts)
    if counts.shape[1] == 0:
        return counts, counts, vocabulary
    present = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.ones(counts.shape[1], bool)
    if len(texts) >= settings.dense_from:
        keep = present <= max(settings.dense_share * len(texts), 20)
    idf = np.log((len(texts) + 1) / (present + 1)) + 1.0
    tf = counts.copy()
    tf.data = 1.0 + np.log(tf.data)
    weighted = sparse.csr_matrix(tf.multiply(np.where(keep, idf, 0.0)[None, :]))
    weighted.eliminate_zeros()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted), counts, vocabulary


def _area_codes(values: list[str | None]) -> np.ndarray:
    """Integer code per order for an area (-1 unknown), to compare areas of many pairs at once."""
    codes: dict[str, int] = {}
    return np.array([-1 if v is None else codes.setdefault(v, len(codes)) for v in values], dtype=np.int64)


def _links(vectors: sparse.csr_matrix, threshold: float, conflict: np.ndarray | None,
           settings: HotIssueSettings) -> sparse.coo_matrix:
    """Pairs (i < j) at least ``threshold`` similar, without place conflicts."""
    n = vectors.shape[0]
    by_bigram = sparse.csr_matrix(vectors.T)  # the product needs it in rows: converted once, not for every chunk
    rows, cols, values = [], [], []
    for start in range(0, n, settings.chunk_rows):
        # A pair (i < j) is found in the chunk of i, so each chunk is compared with the orders from its own
        # first one on only: half the work of comparing it with all of them.
        block = vectors[start : start + settings.chunk_rows] @ by_bigram[:, start:]
        found = np.flatnonzero(block.data >= threshold)
        i = np.searchsorted(block.indptr, found, side="right") - 1 + start
        j = block.indices[found] + start
        keep = i < j
        rows.append(i[keep])
        cols.append(j[keep])
        values.append(block.data[found[keep]])
    i, j, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(values)
    if conflict is not None and len(i):
        ok = ~conflict_between(conflict, i, j)
        i, j, v = i[ok], j[ok], v[ok]
    return sparse.coo_matrix((v, (i, j)), shape=(n, n))


def conflict_between(areas: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For pairs (i, j): both places known at some level and different there."""
    result = np.zeros(len(i), bool)
    for level in areas:  # rows: district codes, street codes
        a, b = level[i], level[j]
        result |= (a >= 0) & (b >= 0) & (a != b)
    return result


def _groups(vectors: sparse.csr_matrix, members: np.ndarray, areas: np.ndarray, threshold: float,
            settings: HotIssueSettings) -> list[np.ndarray]:
    """Indices (into the period) of the groups found among ``members``."""
    sub = vectors[members]
    links = _links(sub, threshold, areas[:, members], settings)
    count, labels = connected_components(links, directed=False)
    found: list[np.ndarray] = []
    sizes = np.bincount(labels, minlength=count)
    # The members of every component, in index order, from one stable sort (not a scan of all labels each).
    by_component = np.split(np.argsort(labels, kind="stable"), np.cumsum(sizes)[:-1])
    for component in np.flatnonzero(sizes >= settings.min_members):
        inside = by_component[component]
        if len(inside) > settings.max_group and threshold < 0.95:
            found += _groups(vectors, members[inside], areas, threshold + 0.1, settings)
        else:
            found += [members[inside[c]] for c in _split(sub, inside, areas[:, members[inside]], settings)]
    return found


def _split(vectors: sparse.csr_matrix, group: np.ndarray, areas: np.ndarray,
           settings: HotIssueSettings) -> list[np.ndarray]:
    """Average-linkage clusters of one linked group (rows ``group`` of ``vectors``; indices into the group)."""
    n = len(group)
    if n < 2:
        return []
    if n == 2 and settings.link_similarity >= settings.cluster_similarity:  # linked, conflicts excluded
        return [np.arange(2)] if settings.min_members <= 2 else []
    similarity = _self_similarity(vectors[group])
    i, j = np.triu_indices(n, 1)
    distance = 1.0 - np.clip(similarity[i, j], 0.0, 1.0)
    distance[conflict_between(areas, i, j)] = 1.0  # never the same issue, whatever the text
    cut = 1.0 - settings.cluster_similarity
    if distance.max() < cut - 1e-9:
        # Every pair is close enough: each merge is at an average of these distances, so below the cut too,
        # and the clustering would keep the group whole. Most groups are such; the margin keeps rounding out.
        return [np.arange(n)] if n >= settings.min_members else []
    tree = linkage(distance, method="average")
    labels = fcluster(tree, t=cut, criterion="distance")
    return [c for c in (np.flatnonzero(labels == k) for k in np.unique(labels)) if len(c) >= settings.min_members]


def _own_columns(vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """The same rows with only the bigrams they contain as columns, in the same order.

    The product of a group's vectors with themselves then costs the group's size rather than the whole
    vocabulary's (~270,000 bigrams at 20,000 orders), and every similarity is summed exactly as before.
    """
    columns, renumbered = np.unique(vectors.indices, return_inverse=True)
    return sparse.csr_matrix((vectors.data, renumbered.astype(vectors.indices.dtype), vectors.indptr),
                             shape=(vectors.shape[0], len(columns)))


def _self_similarity(vectors: sparse.csr_matrix) -> np.ndarray:
    """Cosine similarity of every pair of a few unit-length vectors (dense)."""
    own = _own_columns(vectors)
    return np.asarray((own @ own.T).todense())


def hot_issues(orders: Sequence[IssueOrder], settings: HotIssueSettings | None = None,
               period: tuple[datetime, datetime] | None = None, limit: int | None = None) -> list[HotIssue]:
    """The period's hot issues, hottest first (at most ``limit``).

    ``period`` (start, end) sets the trend's buckets and halves; it defaults to the orders' span.
    """
    settings = settings or HotIssueSettings()
    if len(orders) < settings.min_members:
        return []
    headings, texts = _texts(orders, settings)
    vectors, counts, vocabulary = _vectors(texts, settings)
    areas = np.vstack([_area_codes([clean(o.place.district) for o in orders]),
                       _area_codes([clean(o.place.street) for o in orders])])
    groups = _groups(vectors, np.arange(len(orders)), areas, settings.link_similarity, settings)
    weights = np.array([_weight(o) for o in orders])
    heats = [len(g) + settings.weight_factor * math.log1p(float(weights[g].sum())) for g in groups]
    ranked = sorted(range(len(groups)), key=lambda k: (-heats[k], -len(groups[k]), -weights[groups[k]].sum()))
    zone = ZoneInfo(settings.timezone)
    walls = [_wall(o.at, zone) for o in orders]
    start, end = (_wall(period[0], zone), _wall(period[1], zone)) if period else (min(walls), max(walls))
    context = _Context(orders, vectors, counts, vocabulary, headings, texts, walls, (start, end), settings)
    return [_describe(groups[k], round(heats[k], 4), context) for k in ranked[:limit]]


def _weight(order: IssueOrder) -> float:
    weight = order.weight
    return float(weight) if isinstance(weight, int | float) and math.isfinite(weight) and weight > 0 else 0.0


@dataclass(frozen=True)
class _Context:
    orders: Sequence[IssueOrder]
    vectors: sparse.csr_matrix
    counts: sparse.csr_matrix
    vocabulary: Keys
    headings: list[str]  # normalised titles
    texts: list[str]
    walls: list[datetime]
    period: tuple[datetime, datetime]
    settings: HotIssueSettings


def _top(values: Sequence[str | None], limit: int) -> tuple[tuple[str, int], ...]:
    counted = Counter(v.strip() for v in values if isinstance(v, str) and v.strip())
    return tuple(counted.most_common(limit))


def _describe(group: np.ndarray, heat: float, context: _Context) -> HotIssue:
    settings, orders, walls = context.settings, context.orders, context.walls
    group = np.array(sorted(group.tolist(), key=lambda k: walls[k]))
    members = [orders[k] for k in group]
    if len(group) > 2:  # the member most similar to all the others; of two, the earlier
        sub = _own_columns(context.vectors[group])
        central = int(group[int(np.argmax(np.asarray((sub @ sub.T).sum(axis=1)).ravel()))])
    else:
        central = int(group[0])
    label = (orders[central].title or orders[central].content).strip()[:60]
    # Bigrams at least half of the members contain, shown as the phrases they form in the central
    # order: its title first (the summary), then its content.
    counts = context.counts  # the members' bigrams, straight from the matrix's arrays (cheaper than counts[group])
    columns, present = np.unique(np.concatenate([counts.indices[counts.indptr[k] : counts.indptr[k + 1]]
                                                 for k in group.tolist()]), return_counts=True)
    shared = context.vocabulary[columns[present * 2 >= len(group)]]
    heading = context.headings[central]
    found = [*phrases(heading, shared, limit=settings.key_phrases, ignore=_COMMON),
             *phrases(context.texts[central], shared, limit=settings.key_phrases, ignore=_COMMON)]
    key_phrases: list[str] = []
    for phrase in found:
        phrase = phrase[:16]
        if not any(phrase in kept or kept in phrase for kept in key_phrases):
            key_phrases.append(phrase)
    places = PlaceSummary(*(_top([getattr(o.place, level) for o in members], settings.top_places)
                            for level in ("district", "street", "community", "spot")))
    return HotIssue(
        label=label,
        key_phrases=tuple(key_phrases[: settings.key_phrases]),
        count=len(members),
        callers=len({o.caller for o in members if o.caller}),
        member_ids=tuple(o.id for o in members),
        representative_id=orders[central].id,
        places=places,
        topics=_top([o.topic for o in members], settings.top_places),
        first_at=members[0].at,
        last_at=members[-1].at,
        trend=_trend([walls[k] for k in group], context.period, settings),
        weight=float(sum(_weight(o) for o in members)),
        heat=heat,
    )


def _trend(times: list[datetime], period: tuple[datetime, datetime], settings: HotIssueSettings) -> Trend:
    start, end = period
    weekly = (end - start) > timedelta(days=31)
    first_day = start.date() - timedelta(days=start.weekday()) if weekly else start.date()
    step = timedelta(days=7 if weekly else 1)
    last_day = (end - timedelta(microseconds=1)).date()  # the period ends before ``end``: midnight starts no day
    buckets = dict.fromkeys(_bucket_days(first_day, last_day, step), 0)
    for moment in times:
        key = moment.date() - timedelta(days=moment.weekday()) if weekly else moment.date()
        buckets[key] = buckets.get(key, 0) + 1
    middle = start + (end - start) / 2
    first = sum(1 for t in times if t < middle)
    second = len(times) - first
    if second >= settings.trend_ratio * first and second - first >= 2:
        direction = Direction.RISING
    elif first >= settings.trend_ratio * second and first - second >= 2:
        direction = Direction.FALLING
    else:
        direction = Direction.STEADY
    return Trend("week" if weekly else "day", tuple(sorted(buckets.items())), first, second, direction)


@functools.lru_cache(maxsize=16)
def _bucket_days(first_day: date, last_day: date, step: timedelta) -> tuple[date, ...]:
    """The first day of every bucket of a period: worked out once for all the issues of a report."""
    days = []
    day = first_day
    while day <= last_day:
        days.append(day)
        day += step
    return tuple(days)
