"""Near-duplicate detection and hot issues on real messages: ``python -m bench.duplicates``.

Data: 附件3 of the 2020 TipDM competition (4,326 public message-board posts with many repeated
complaints), read from ../shared/data and never copied into the repo, and the pairs labelled by
hand in tests/nlp/data/fujian3_pairs.csv (1 = the same concrete matter at the same place).

Reported: precision and recall of the DUPLICATE verdict on the labelled pairs (and on the same-user
pairs among them, with and without the repeat-call rule), the same for the phone-style repeat calls of
tests/nlp/data/repeat_calls.csv (written for this, since no recorded calls are at hand), how many true pairs
the text prefilter keeps, how long scoring 500 candidates takes (target < 20 ms), and the
hot issues of the whole set (target: a few seconds; also at 20,000 orders). 附件3 records no
structured place: the district is read from the text (A3区, A7县 …), the user id stands in for the
caller's phone index.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import REPO, Target, fmt, median, percentile, say, wait_for_quiet
from hotline.nlp.duplicates import Appeal, Candidate, DuplicateSettings, Verdict, find_duplicates
from hotline.nlp.hot_issues import HotIssue, HotIssueSettings, IssueOrder, hot_issues
from hotline.nlp.places import Place
from hotline.nlp.search_phrases import search_phrases
from hotline.nlp.shingles import normalise

DATA = REPO.parent / "shared" / "data" / "taidi2020c" / "fujian3_messages_likes.csv"
PAIRS = REPO / "tests" / "nlp" / "data" / "fujian3_pairs.csv"
CALLS = REPO / "tests" / "nlp" / "data" / "repeat_calls.csv"
SCORING_MS = Target("limit", 20.0, " ms", higher_is_better=False)
CLUSTERING_S = Target("limit", 5.0, " s", higher_is_better=False)
_DISTRICT = re.compile(r"A\d+[区县市]")
_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
# The labels say whether two messages are the same matter, whenever they were written: judge the
# text and place decision on its own, without the registration window.
PAIR_SETTINGS = DuplicateSettings(window_days=3650)
NO_REPEAT_CALLS = replace(PAIR_SETTINGS, repeat_calls=False)  # the same caller judged on text similarity alone


@dataclass(frozen=True)
class Message:
    id: str
    user: str
    title: str
    content: str
    at: datetime
    district: str | None
    likes: int
    dislikes: int


def parse_time(value: str) -> datetime:
    for pattern in _TIME_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
    raise ValueError(f"unknown time format: {value!r}")


def district_of(title: str, content: str) -> str | None:
    """The first A<n>区/县/市 named in the title, else early in the content (A市 is the city)."""
    found = _DISTRICT.search(title) or _DISTRICT.search(content[:200])
    return found.group(0) if found else None


def load_messages(path: Path = DATA) -> dict[str, Message]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the benchmark and its test need ../shared/data beside the repo")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    messages = {}
    for row in rows[1:]:  # header: 留言编号,留言用户,留言主题,留言时间,留言详情,反对数,点赞数 (last two swapped)
        id_, user, title, at, content, likes, dislikes = row
        messages[id_] = Message(id_, user, title, content, parse_time(at), district_of(title, content),
                                int(likes or 0), int(dislikes or 0))
    return messages


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, int]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["a_id"], row["b_id"], int(row["label"])) for row in csv.DictReader(handle)]


def as_appeal(message: Message) -> Appeal:
    return Appeal(message.title, message.content, message.at, caller=message.user,
                  place=Place(district=message.district))


def as_candidate(message: Message) -> Candidate:
    return Candidate(message.id, message.title, message.content, message.at, caller=message.user,
                     place=Place(district=message.district))


def as_order(message: Message) -> IssueOrder:
    return IssueOrder(message.id, message.title, message.content, message.at, place=Place(district=message.district),
                      weight=message.likes + message.dislikes, caller=message.user)


@dataclass(frozen=True)
class PairScore:
    pairs: int
    positives: int
    true_positives: int
    false_positives: int
    related_or_duplicate: int  # positives offered at all (as duplicate or related)

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0


def score_pairs(messages: dict[str, Message], pairs: Sequence[tuple[str, str, int]],
                settings: DuplicateSettings = PAIR_SETTINGS) -> PairScore:
    """The DUPLICATE verdict of each labelled pair (the newer message as the appeal)."""
    true_positives = false_positives = offered = 0
    for a_id, b_id, label in pairs:
        a, b = sorted((messages[a_id], messages[b_id]), key=lambda m: m.at)
        matches = find_duplicates(as_appeal(b), [as_candidate(a)], settings)
        duplicate = bool(matches) and matches[0].verdict is Verdict.DUPLICATE
        true_positives += duplicate and label == 1
        false_positives += duplicate and label == 0
        offered += bool(matches) and label == 1
    positives = sum(label for _, _, label in pairs)
    return PairScore(len(pairs), positives, true_positives, false_positives, offered)


def score_calls(path: Path = CALLS, settings: DuplicateSettings = PAIR_SETTINGS) -> PairScore:
    """The DUPLICATE verdict on same-caller call pairs (an open order, then a call three days later)."""
    true_positives = false_positives = offered = positives = 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    at = datetime(2024, 5, 20, 10, 0)
    for row in rows:
        place, label = Place(community=row["community"] or None), int(row["label"])
        appeal = Appeal("", row["later"], at, caller="caller", place=place)
        earlier = Candidate("earlier", row["earlier_title"], row["earlier"], at - timedelta(days=3), caller="caller",
                            place=place)
        matches = find_duplicates(appeal, [earlier], settings)
        duplicate = bool(matches) and matches[0].verdict is Verdict.DUPLICATE
        true_positives += duplicate and label == 1
        false_positives += duplicate and label == 0
        offered += bool(matches) and label == 1
        positives += label
    return PairScore(len(rows), positives, true_positives, false_positives, offered)


def describe_score(what: str, score: PairScore) -> str:
    return (f"{what}: {score.pairs} pairs ({score.positives} same matter), {score.true_positives} + "
            f"{score.false_positives} wrongly offered for merging: precision {score.precision:.3f}, "
            f"recall {score.recall:.3f}")


def repeat_call_lines(messages: dict[str, Message], pairs: Sequence[tuple[str, str, int]]) -> list[str]:
    """The same-caller trade-off: the labelled pairs of one user, and the phone-style calls, with the repeat-call
    rule (cues + a shared matter word) and without it."""
    same_user = [(a, b, label) for a, b, label in pairs if messages[a].user == messages[b].user]
    lines = []
    for name, settings in (("without", NO_REPEAT_CALLS), ("with", PAIR_SETTINGS)):
        lines.append(describe_score(f"  same-user labelled pairs, {name} the repeat-call rule",
                                    score_pairs(messages, same_user, settings)))
        lines.append(describe_score(f"  phone-style repeat calls, {name} the repeat-call rule",
                                    score_calls(settings=settings)))
    return lines


def prefilter_recall(messages: dict[str, Message], pairs: Sequence[tuple[str, str, int]]) -> tuple[float, float]:
    """Share of labelled duplicates the platform's text prefilter finds (the other message contains one
    of the appeal's distinctive phrases, as the full-text index would match it), and the share of all
    other messages it meets (the noise the scoring must then reject)."""
    def texts(m: Message) -> str:
        return normalise(f"{m.title} {m.content}", 100_000).replace(" ", "")

    flat = {m.id: texts(m) for m in messages.values()}
    phrases = {m.id: search_phrases(m.title, m.content) for m in messages.values()}
    positives = [(a, b) for a, b, label in pairs if label == 1]
    kept = sum(any(p in flat[b] for p in phrases[a]) for a, b in positives) / len(positives)
    rng = random.Random(7)
    probes = rng.sample(sorted(flat), 200)
    noise = [sum(any(p in text for p in phrases[probe]) for other, text in flat.items() if other != probe)
             / (len(flat) - 1) for probe in probes]
    return kept, sum(noise) / len(noise)


def time_scoring(messages: dict[str, Message], *, candidates: int = 500, repeat: int = 60) -> list[float]:
    """Milliseconds to score ``candidates`` open orders against one new appeal."""
    rng = random.Random(11)
    pool = list(messages.values())
    timings = []
    for _ in range(repeat):
        picked = rng.sample(pool, candidates + 1)
        appeal = replace(as_appeal(picked[0]), at=datetime(2019, 12, 31))
        batch = [replace(as_candidate(m), accepted_at=datetime(2019, 12, 31) - timedelta(days=rng.random() * 25))
                 for m in picked[1:]]
        started = time.perf_counter()
        find_duplicates(appeal, batch)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def describe(issue: HotIssue) -> str:
    places = ", ".join(f"{name}×{n}" for name, n in issue.places.districts[:2]) or "no district"
    trend = issue.trend
    phrases = " / ".join(issue.key_phrases[:3])
    return (f"{issue.count:4d} ({issue.callers} users)  {issue.label[:30]}  [{phrases}]  {places}  "
            f"{issue.first_at:%Y-%m-%d}…{issue.last_at:%Y-%m-%d}  {trend.direction} "
            f"({trend.first_half}→{trend.second_half})")


def bench(quiet_wait: float = 0) -> list[str]:
    say("duplicates: loading 附件3 and the labelled pairs …")
    messages = load_messages()
    pairs = load_pairs()
    lines = ["-- duplicates and hot issues (附件3, 4,326 real messages) --"]
    score = score_pairs(messages, pairs)
    lines.append(f"labelled pairs {score.pairs} ({score.positives} same matter): DUPLICATE precision "
                 f"{score.precision:.3f}, recall {score.recall:.3f}; offered at all (duplicate or related) "
                 f"{score.related_or_duplicate / score.positives:.3f} of the true pairs")
    lines += repeat_call_lines(messages, pairs)
    kept, noise = prefilter_recall(messages, pairs)
    lines.append(f"text prefilter (any distinctive phrase, via the full-text index): keeps {kept:.3f} of the true "
                 f"pairs, meets {noise * 100:.2f} % of the other messages (the same caller and community add more)")
    if quiet_wait:
        wait_for_quiet(max_wait=quiet_wait)
    timings = time_scoring(messages)
    lines.append(SCORING_MS.describe("scoring 500 candidates, median", median(timings))
                 + f"  (p95 {fmt(percentile(timings, 95))} ms)")
    orders = [as_order(m) for m in messages.values()]
    started = time.perf_counter()
    issues = hot_issues(orders)
    took = time.perf_counter() - started
    big = [i for i in issues if i.count >= 3]
    lines.append(CLUSTERING_S.describe(f"hot issues of {len(orders):,} orders", took)
                 + f"  → {len(issues)} issues of ≥ 2, {len(big)} of ≥ 3 orders")
    together, apart = cluster_agreement(issues, pairs)
    lines.append(f"hot-issue grouping on the labelled pairs: {together:.3f} of the same-matter pairs share an issue, "
                 f"{apart:.3f} of the different-matter pairs are kept apart")
    lines += ["top 10 hot issues (orders, label, [key phrases], districts, span, trend):",
              *(describe(issue) for issue in issues[:10])]
    scaled = scale_up(orders, 20_000)
    for limit in (100, None):
        started = time.perf_counter()
        found = hot_issues(scaled, HotIssueSettings(), limit=limit)
        what = "the top 100 described" if limit else f"all {len(found):,} described"
        lines.append(CLUSTERING_S.describe(f"hot issues of {len(scaled):,} orders ({what})",
                                           time.perf_counter() - started))
    lines.append("  (20,000 = 附件3 + 附件4 + 附件2 texts; times on a shared 2-core machine, see `uptime`)")
    return lines


def cluster_agreement(issues: Sequence[HotIssue], pairs: Sequence[tuple[str, str, int]]) -> tuple[float, float]:
    """Share of same-matter pairs put in one issue, and of different-matter pairs kept apart."""
    where = {member: n for n, issue in enumerate(issues) for member in issue.member_ids}
    same = [where.get(a, -1) == where.get(b, -2) for a, b, label in pairs if label == 1]
    different = [where.get(a, -1) != where.get(b, -2) for a, b, label in pairs if label == 0]
    return sum(same) / len(same), sum(different) / len(different)


def scale_up(orders: list[IssueOrder], size: int) -> list[IssueOrder]:
    """附件3 plus other real messages of the competition (附件4, 附件2 bodies) up to ``size`` orders."""
    folder = DATA.parent
    extra: list[tuple[str, str]] = []
    with (folder / "fujian4_messages_replies.csv").open(encoding="utf-8", newline="") as handle:
        extra += [(r["留言主题"], r["留言详情"]) for r in csv.DictReader(handle)]
    with (folder / "details_labeled.csv").open(encoding="utf-8", newline="") as handle:
        extra += [("", r["detail"]) for r in csv.DictReader(handle)]
    with (folder / "titles_labeled.csv").open(encoding="utf-8", newline="") as handle:
        extra += [(r["title"], "") for r in csv.DictReader(handle)]
    rng = random.Random(5)
    start = datetime(2019, 1, 1)
    out = list(orders)
    for n, (title, content) in enumerate(extra[: max(0, size - len(out))]):
        out.append(IssueOrder(f"x{n}", title, content, start + timedelta(minutes=rng.randrange(365 * 24 * 60)),
                              place=Place(district=district_of(title, content))))
    return out


if __name__ == "__main__":
    summary = bench(quiet_wait=float(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print("\n".join(summary))
