"""Labelled corpora for the classifiers, read from a folder laid out like ``shared/data``, and the
deduplication and splitting that keep evaluations honest.

Public message boards repeat themselves: the same title posted twice, a complaint re-sent with a
date changed. A random split then puts copies of a test text into training and overstates quality,
so texts are grouped into near-duplicate clusters (character-trigram TF-IDF cosine ≥ 0.8, the level
at which two messages are the same complaint reworded) and splits keep each cluster on one side.

Files that are missing are skipped with a note: a centre trains on what it has.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hotline.nlp.classifier import Sample

TOPIC_TITLES = Path("taidi2020c/titles_labeled.csv")
TOPIC_DETAILS = Path("taidi2020c/details_labeled.csv")
TOPIC_RECORDS = Path("taidi2020c/sample_fujian2_495.csv")
APPEAL_MESSAGES = Path("msgabench/citizen_messages_sentiment_type_domain.csv")
UNIT_QUESTIONS = Path("msgabench/qa_question_answer_doc.csv")

NEAR_DUPLICATE = 0.8  # trigram cosine at which two texts count as one (see the module docstring)
ANSWER_CHARS = 1000  # of a knowledge-base answer used for unit-routing examples
PASSAGE_CHARS = 30  # an answer is cut at sentence ends into passages of at least this many characters

FloatMatrix = npt.NDArray[np.float64]


@dataclass
class Corpus:
    """Samples of one task plus what happened while reading them."""

    samples: list[Sample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)  # file → samples taken from it
    # Per sample, the source record it was cut from: samples of one record (a question and the passages
    # of its answer) are one text for splits, so none of them is tested against the others.
    origins: list[int] = field(default_factory=list)

    def extend(self, source: str, samples: Sequence[Sample], origins: Sequence[int] | None = None) -> None:
        """Add ``samples``. ``origins`` (one per sample) are record ids: equal ids, also across calls, mark
        samples cut from one record. Without them each sample is a record of its own."""
        if origins is None:
            start = max(self.origins, default=-1) + 1
            origins = range(start, start + len(samples))
        elif len(origins) != len(samples):
            raise ValueError(f"{len(origins)} origins for {len(samples)} samples")
        self.samples.extend(samples)
        self.origins.extend(origins)
        self.sources[source] = self.sources.get(source, 0) + len(samples)


def _rows(path: Path, corpus: Corpus) -> list[dict[str, str]]:
    if not path.is_file():
        corpus.notes.append(f"missing {path}: skipped")
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# -- topics ---------------------------------------------------------------------------------------


def topic_titles(data_dir: Path, corpus: Corpus | None = None) -> list[Sample]:
    """泰迪杯 2020 C 附件2 titles with their level-1 topic (title only)."""
    corpus = corpus or Corpus()
    rows = _rows(data_dir / TOPIC_TITLES, corpus)
    return [Sample(r["title"], "", r["label"]) for r in rows if r.get("title") and r.get("label")]


def topic_details(data_dir: Path, corpus: Corpus | None = None) -> list[Sample]:
    """附件2 message bodies with their level-1 topic (content only); bodies labelled twice are dropped."""
    corpus = corpus or Corpus()
    rows = _rows(data_dir / TOPIC_DETAILS, corpus)
    return [Sample("", r["detail"], r["label"]) for r in rows
            if r.get("detail") and r.get("label") and r.get("label_conflict", "0") == "0" and "|" not in r["label"]]


def topic_records(data_dir: Path, corpus: Corpus | None = None) -> list[Sample]:
    """The official sample of 附件2: complete records (title + body + level-1 topic)."""
    corpus = corpus or Corpus()
    rows = _rows(data_dir / TOPIC_RECORDS, corpus)
    return [Sample(r["留言主题"], r["留言详情"], r["一级标签"]) for r in rows if r.get("一级标签")]


def topic_corpus(data_dir: Path) -> Corpus:
    corpus = Corpus()
    corpus.extend(str(TOPIC_TITLES), topic_titles(data_dir, corpus))
    corpus.extend(str(TOPIC_DETAILS), topic_details(data_dir, corpus))
    corpus.extend(str(TOPIC_RECORDS), topic_records(data_dir, corpus))
    return corpus



# The corpus gives the titles and the bodies of the same 附件2 messages in two unlinked files. A body that
# holds at least this share of a title's character trigrams is probably that title's own body (37 % of the
# titles have one; with the title's best such body, 98.8 % share its label).
PARTNER_SHARE = 0.5
LINK_MARGIN = 0.1  # a link must beat the title's second-best body by this much of the title's trigrams


def title_trigram_share(titles: Sequence[str], bodies: Sequence[str]) -> Iterator[tuple[int, FloatMatrix]]:
    """For blocks of titles: (first title index, titles × bodies matrix of the share of each title's distinct
    character trigrams that occur in each body). In blocks, so the dense matrix never has to fit whole."""
    from sklearn.feature_extraction.text import CountVectorizer

    if not titles or not bodies:
        return
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(3, 3), binary=True, lowercase=False)
    vectorizer.fit([*titles, *bodies])
    t, b = vectorizer.transform(titles), vectorizer.transform(bodies)
    sizes = np.maximum(np.asarray(t.sum(axis=1), dtype=np.float64).ravel(), 1.0)
    bt = b.T.tocsc()
    block = 500
    for start in range(0, t.shape[0], block):
        shared = np.asarray((t[start : start + block] @ bt).todense(), dtype=np.float64)
        yield start, shared / sizes[start : start + block, None]


def link_titles_to_bodies(titles: Sequence[str], bodies: Sequence[str], share: float = PARTNER_SHARE,
                          margin: float = LINK_MARGIN) -> list[tuple[int, int]]:
    """Confident one-to-one (title index, body index) links between the two halves of one message: the body
    holds at least ``share`` of the title's trigrams, beats the title's next-best body by ``margin``, and
    no other title shares more of its trigrams with it. Labels are never looked at (they would make the
    linked records easy). On the 泰迪杯 files: 1,965 links, 99.7 % of them with one label on both halves."""
    best_of_title: list[tuple[int, int]] = []  # (title, body) of the titles with a clear best body
    body_best = np.zeros(len(bodies))
    body_arg = np.full(len(bodies), -1)
    for start, block in title_trigram_share(titles, bodies):
        rows = np.arange(block.shape[0])
        top = np.argmax(block, axis=1)
        first = block[rows, top]
        second = np.partition(block, -2, axis=1)[:, -2] if block.shape[1] > 1 else np.zeros(len(rows))
        clear = (first >= share) & (first - second > margin)
        best_of_title += [(start + int(r), int(top[r])) for r in np.flatnonzero(clear)]
        column_top = np.argmax(block, axis=0)
        column_best = block[column_top, np.arange(block.shape[1])]
        better = column_best > body_best
        body_best[better], body_arg[better] = column_best[better], start + column_top[better]
    return [(t, b) for t, b in best_of_title if body_arg[b] == t]


# -- appeal type ----------------------------------------------------------------------------------

APPEAL_CLASSES = ("咨询", "建言", "投诉/求助")  # the three classes of MSGABench's 问题类型


def appeal_corpus(data_dir: Path) -> Corpus:
    """MSGABench citizen messages with 问题类型 (content only)."""
    corpus = Corpus()
    rows = _rows(data_dir / APPEAL_MESSAGES, corpus)
    corpus.extend(str(APPEAL_MESSAGES), [Sample("", r["留言"], r["问题类型"]) for r in rows
                                         if r.get("留言") and r.get("问题类型") in APPEAL_CLASSES])
    return corpus


# -- handling unit --------------------------------------------------------------------------------

# Names of one body written differently in the source (full official name vs. the short form the
# centre uses). Keys are compared after removing the city prefix, so "北京市X" and "X" meet too.
# In the 政务问答 file (1,227 rows, 20 spellings) this leaves 14 units: 北京市公安局公安交通管理局 and
# 北京公安局公安交通管理局 are 交管局 (the traffic police: driving licences, plates, 12123); the
# 北京市 forms of 经济和信息化局, 住房公积金管理中心 and 人力资源和社会保障局 are those units. Kept apart
# on purpose: 交管局 and 交通委 (traffic police vs. transport commission: two bodies; 交通委 answers on
# car quotas, parking, driving schools, taxis), 首都之窗 (the city portal, whose step-by-step online
# guides touch many units' services but are answered by the portal) and 经济和信息化局 (both answer
# 健康宝 questions; one near-duplicate cluster carries both labels). No unit is a parent of another.
_UNIT_ALIASES = {
    "公安局公安交通管理局": "交管局",
    "公安交通管理局": "交管局",
    "交通管理局": "交管局",
    "人力资源和社会保障局": "人力资源社会保障局",
    "人社局": "人力资源社会保障局",
    "医疗保障局": "医保局",
    "经济和信息化局": "经济和信息化局",
    "规划和自然资源委员会": "规划自然资源委",
    "科学技术委员会": "科委",
    "应急管理局": "应急局",
    "交通委员会": "交通委",
    "城市管理委员会": "城市管理委",
    "药品监督管理局": "药监局",
}
_CITY_PREFIX = re.compile(r"^(北京市|北京)")


def normalize_unit_name(name: str) -> str | None:
    """The canonical short name of a handling unit, or None for an empty one.

    A cell naming several units ("北京市医疗保障局、首都之窗") is routed to the first, the lead unit.
    """
    name = unicodedata.normalize("NFKC", name or "").strip()
    name = re.split(r"[、,;/，；]", name)[0].strip() if name else ""
    if not name:
        return None
    bare = _CITY_PREFIX.sub("", name)
    return _UNIT_ALIASES.get(bare, bare)


_SENTENCE_END = re.compile(r"(?<=[。；！？!?;\n])")


def answer_passages(answer: str, limit: int = ANSWER_CHARS, passage: int = PASSAGE_CHARS) -> list[str]:
    """The first ``limit`` characters of a knowledge-base answer, cut at sentence ends into passages of
    at least ``passage`` characters (the last may be shorter), as unit-routing examples.

    A call summary is one or two sentences; an answer document is a dozen. Cut into sentence-sized
    passages it teaches each sentence's vocabulary as the SVM sees a question, instead of as a minor
    part of one long normalised vector. Group 5-fold CV on the training part of the bench split,
    3 repetitions: accuracy 0.898 cut vs 0.890 whole (0.895 with single sentences, 0.893 with
    ≥ 200-character passages). On bench splits (seeds 0–5, all data but the held-out 20 %) accuracy
    is unchanged (mean 0.905 vs 0.907) and macro-F1 is higher (0.816 vs 0.800): the small units gain.
    """
    text = (answer or "")[:limit]
    passages: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        current += sentence
        if len(current.strip()) >= passage:
            passages.append(current.strip())
            current = ""
    if current.strip():
        passages.append(current.strip())
    return passages


def unit_examples(question: str, answer: str, unit: str) -> list[Sample]:
    """The training samples of one 政务问答 record: the question (title only, the way a short call
    summary reads) and the passages of its answer document (content only), all labelled ``unit``."""
    return [Sample(question, "", unit)] + [Sample("", p, unit) for p in answer_passages(answer)]


def unit_corpus(data_dir: Path, *, with_answers: bool = True) -> Corpus:
    """MSGABench 政务问答: question → handling unit.

    The answer documents, labelled with the same unit, are added as passages (content only, see
    :func:`answer_passages`): they teach each unit's vocabulary. A record's samples share an origin
    (:attr:`Corpus.origins`); evaluation (bench) holds out the answers of test questions too.
    """
    corpus = Corpus()
    rows = _rows(data_dir / UNIT_QUESTIONS, corpus)
    questions: list[Sample] = []
    answers: list[Sample] = []
    answer_origins: list[int] = []
    for r in rows:
        unit = normalize_unit_name(r.get("处理单位", ""))
        if unit is None or not r.get("用户问题"):
            continue
        question, *passages = unit_examples(r["用户问题"], r.get("正文内容", "") if with_answers else "", unit)
        answers.extend(passages)
        answer_origins.extend([len(questions)] * len(passages))
        questions.append(question)
    corpus.extend(f"{UNIT_QUESTIONS} (questions)", questions, range(len(questions)))
    corpus.extend(f"{UNIT_QUESTIONS} (answer passages)", answers, answer_origins)
    return corpus


# -- deduplication and splits ---------------------------------------------------------------------

_KEY_DROP = re.compile(r"[\W_\d]+")


def dedup_key(text: str) -> str:
    """Text with case, width, whitespace, punctuation and digits ignored: exact copies compare equal."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", text or "").lower())


def sample_text(sample: Sample) -> str:
    return f"{sample.title} {sample.content}".strip()


class DisjointSets:
    """Union–find over 0 … ``size`` − 1 (path halving): the clusters that splits keep on one side."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(self, a: int, b: int) -> None:
        """One set of the two: ``a``'s root goes under ``b``'s."""
        self.parent[self.find(a)] = self.find(b)


def near_duplicate_groups(texts: Sequence[str], threshold: float = NEAR_DUPLICATE) -> list[int]:
    """A cluster id per text; texts whose character-trigram cosine ≥ ``threshold`` share one (transitively)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = [dedup_key(t) or f"\x00{i}" for i, t in enumerate(texts)]
    if not keys:
        return []
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(3, 3), sublinear_tf=True, min_df=1).fit_transform(keys)
    sets = DisjointSets(len(keys))
    exact: dict[str, int] = {}
    for i, k in enumerate(keys):
        sets.join(i, exact.setdefault(k, i))
    # Rows at a time, so the similarity matrix never has to fit in memory whole; the threshold is applied
    # with numpy, so Python only walks the near pairs (templated texts share trigrams with thousands of
    # others: a Python loop over every non-zero similarity took minutes at 30,000 texts).
    block = 500
    for start in range(0, len(keys), block):
        sims = (vectors[start : start + block] @ vectors.T).tocoo()
        near = (sims.data >= threshold) & (sims.row + start < sims.col)
        for i, j in zip(sims.row[near].tolist(), sims.col[near].tolist(), strict=True):
            sets.join(start + i, j)
    return [sets.find(i) for i in range(len(keys))]


def join_origins(groups: Sequence[int], origins: Sequence[int]) -> list[int]:
    """``groups`` (cluster ids) with the clusters of samples of one origin (see :attr:`Corpus.origins`)
    joined, so a split keeps a question and the passages of its answer on one side. Ids are the
    smallest index of each joined cluster."""
    if len(groups) != len(origins):
        raise ValueError(f"{len(groups)} groups for {len(origins)} origins")
    sets = DisjointSets(len(groups))
    first: dict[tuple[str, int], int] = {}
    for i, (g, o) in enumerate(zip(groups, origins, strict=True)):
        for key in (("group", g), ("origin", o)):
            a, b = sets.find(i), sets.find(first.setdefault(key, i))
            if a != b:
                sets.join(max(a, b), min(a, b))  # the smaller index stays the root
    return [sets.find(i) for i in range(len(groups))]


def near_copies_of(texts: Sequence[str], others: Sequence[str], threshold: float = NEAR_DUPLICATE) -> list[bool]:
    """For each of ``texts``: is it a near copy of any of ``others``? (Used to keep test texts out.)"""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts or not others:
        return [False] * len(texts)
    keys = [dedup_key(t) for t in texts]
    other_keys = [dedup_key(t) for t in others]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(3, 3), sublinear_tf=True).fit(keys + other_keys)
    a, b = vectorizer.transform(keys), vectorizer.transform(other_keys)
    best = np.asarray((a @ b.T).max(axis=1).todense()).ravel()
    other_set = set(other_keys)
    return [bool(s >= threshold) or k in other_set for s, k in zip(best, keys, strict=True)]


def first_of_each_group(items: Sequence[Sample], groups: Sequence[int]) -> tuple[list[Sample], list[int]]:
    """Keep one sample per near-duplicate cluster (the first), for an evaluation set."""
    seen: set[int] = set()
    kept: list[Sample] = []
    kept_groups: list[int] = []
    for sample, group in zip(items, groups, strict=True):
        if group not in seen:
            seen.add(group)
            kept.append(sample)
            kept_groups.append(group)
    return kept, kept_groups


@dataclass
class Split:
    train: list[Sample]
    test: list[Sample]  # one sample per near-duplicate cluster
    train_groups: list[int]


def group_split(samples: Sequence[Sample], test_share: float, seed: int = 0,
                groups: Sequence[int] | None = None) -> Split:
    """Split so that no near-duplicate cluster has members on both sides."""
    if groups is None:
        groups = near_duplicate_groups([sample_text(s) for s in samples])
    unique = sorted(set(groups))
    rng = np.random.default_rng(seed)
    test_groups = set(rng.choice(unique, size=round(test_share * len(unique)), replace=False).tolist())
    train = [s for s, g in zip(samples, groups, strict=True) if g not in test_groups]
    train_groups = [g for g in groups if g not in test_groups]
    test, _ = first_of_each_group([s for s, g in zip(samples, groups, strict=True) if g in test_groups],
                                  [g for g in groups if g in test_groups])
    return Split(train, test, train_groups)


def drop_near_copies(samples: Sequence[Sample], held_out: Iterable[str]) -> tuple[list[Sample], int]:
    """Samples whose title or content is a near copy of any held-out text removed; and how many were."""
    held = [t for t in held_out if t]
    parts = [(s.title, s.content) for s in samples]
    flat = [p for pair in parts for p in pair]
    near = near_copies_of([p or "\x00" for p in flat], held)
    kept = [s for k, s in enumerate(samples) if not (near[2 * k] and parts[k][0]) and not (near[2 * k + 1]
                                                                                             and parts[k][1])]
    return kept, len(samples) - len(kept)
