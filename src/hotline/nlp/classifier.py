"""One text classifier for every labelling task of the centre: level-1 and level-2 topic, appeal type,
handling unit. Only its configuration and training samples differ.

The model is a linear SVM over TF-IDF of character 1–3-grams and jieba word uni/bigrams (see
``textnorm``), which on these short, name-heavy government messages matches heavier models at a
fraction of the cost. With ``nb_scaling`` (the level-1 topic) it is an NBSVM (Wang & Manning 2012):
each class's one-vs-rest SVM sees the features scaled by their log-count ratio for that class, and the
product of weight and ratio is stored, so inference and reasons are unchanged. In 5-fold group
cross-validation on the bench's training part (folds keep near copies and linked title–body pairs
together; mean over folds) it raised macro-F1 on bodies from 0.911 to 0.919 (4 folds of 5) and on
linked title+body records from 0.915 to 0.924 (5 of 5); titles stayed level (0.888 to 0.890, 2 folds
lower). Interpolating with the mean weight (β = 0.25 or 0.75), C 0.3–2, smoothing 0.5–2, ratios from
tf-idf sums, and averaging with the plain SVM were no better; nor were features for the level-2/3
category names of 附件1 (the taxonomy), with or without NBSVM (±0.002, bodies −0.011 without).

After training only plain arrays are kept — a vocabulary, idf weights, a feature × class weight
matrix — so one order is scored with a few numpy operations on the features it actually has (well
under a millisecond), and the weights behind a decision can be shown to the dispatcher
(:attr:`Prediction.reasons`).

An order is seen in up to three views: its title, its content, and both together. Training uses
each view a sample has as its own example (so title-only and content-only corpora both teach the
model), and prediction averages the decision scores of the views the order has. For an order with
both parts the plain average is as good as anything tried in cross-validation on complete records
rebuilt from the topic corpus (macro-F1 0.917): weighting the views (the best of 511 weightings +0.001),
a stacked logistic regression over the three views' scores (−0.001), per-class offsets (−0.001),
and training on the linked title+body pairs as complete samples (−0.001). Scores become
confidences through a softmax whose temperature is fitted on held-out samples, so "0.9" means
right about nine times in ten on data like the training data.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse

from hotline.nlp.textnorm import MARK_NAMES, AnalysedText, U64Array, analyse

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Sample:
    """A labelled text: either part may be empty (title-only and content-only corpora exist)."""

    title: str
    content: str
    label: str


@dataclass(frozen=True)
class Candidate:
    label: str
    confidence: float  # calibrated probability in [0, 1]


@dataclass(frozen=True)
class Prediction:
    """The top candidates of one classifier for one order, best first.

    ``classifiable`` is False (and ``candidates`` empty) when the text has nothing usable: empty,
    only symbols or emoji, or no word the model has ever seen. ``reasons`` are the terms that pushed
    the top candidate most, for the dispatcher to check.
    """

    name: str
    version: str
    candidates: tuple[Candidate, ...]
    classifiable: bool
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str | None:
        return self.candidates[0].label if self.candidates else None

    @property
    def confidence(self) -> float:
        return self.candidates[0].confidence if self.candidates else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for storing on the order or writing out."""
        return {"name": self.name, "version": self.version, "classifiable": self.classifiable,
                "candidates": [{"label": c.label, "confidence": c.confidence} for c in self.candidates],
                "reasons": list(self.reasons)}


@dataclass(frozen=True)
class ClassifierConfig:
    """What a task may tune. Defaults are the ones measured best on the topic data (bench/classify.py)."""

    name: str
    c: float = 1.0  # SVM regularisation: larger fits the training data more closely
    min_df: int = 2  # drop features seen in fewer training texts (noise, and memory)
    max_df: float = 0.5  # drop features in more than this share of texts (no information)
    balanced: bool = True  # weigh classes inversely to their size: the metric is macro-F1
    nb_scaling: bool = False  # NBSVM: each class's SVM sees features scaled by its log-count ratios
    top_k: int = 3
    reasons: int = 5
    calibration_share: float = 0.15  # of the samples held out to fit the softmax temperature
    # Fit the temperature on held-out samples with a title only, when the model is used on titles (call
    # summaries) and content-only samples are training aids (the unit model's answer passages).
    calibrate_on_titles: bool = False


@dataclass
class FitSummary:
    samples: int
    views: int
    features: int
    labels: dict[str, int]
    temperature: float
    calibration_samples: int


@dataclass
class _Weights:
    """The trained state: everything inference needs, as plain data."""

    keys: U64Array  # sorted feature keys (see textnorm): the vocabulary
    idf: FloatArray
    coef: FloatArray  # features × classes, C-contiguous so a document's rows are gathered cheaply
    intercept: FloatArray
    classes: list[str]
    temperature: float = 1.0
    # Set when the model is loaded beside others (:func:`share_vocabulary`): the union, and where this
    # vocabulary's keys are in it.
    shared: tuple[SharedVocabulary, Membership] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def block_starts(self) -> U64Array:
        """The first key of each block of :data:`VOCABULARY_BLOCK` keys (see :func:`_known`)."""
        return np.ascontiguousarray(self.keys[::VOCABULARY_BLOCK])

    def __getstate__(self) -> dict[str, Any]:  # derived when loaded, not saved
        return {k: v for k, v in self.__dict__.items() if k not in ("block_starts", "shared")}


class SharedVocabulary:
    """The union of the vocabularies of models that are asked about the same orders.

    The platform asks five models about each order, and each looked the order's keys up in its own
    vocabulary: five searches of the same keys, a fifth of the platform path's time on long letters. With
    the union the keys are looked up once per order (the result is kept with the analysed text), and each
    model finds its own rows from the union's positions (:class:`Membership`). Costs 8 bytes per union key
    (about 10 MB for five models of up to a million keys each), and under 0.2 bytes per union key and model."""

    def __init__(self, vocabularies: Sequence[U64Array]) -> None:
        self.keys: U64Array = _union(vocabularies)
        self.block_starts: U64Array = np.ascontiguousarray(self.keys[::VOCABULARY_BLOCK])

    def membership(self, vocabulary: U64Array) -> Membership:
        """Where ``vocabulary`` (a subset of the union) is in the union."""
        return Membership(self.keys.size, np.searchsorted(self.keys, vocabulary))

    def lookup(self, text: AnalysedText) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """:func:`_known` in the union, once per text whatever the number of models."""
        found = text.lookups.get(self)
        if found is None:
            found = text.lookups[self] = _known(self, text.keys)
        return found


def _union(vocabularies: Sequence[U64Array]) -> U64Array:
    """The sorted union of sorted vocabularies, one at a time: each adds the keys the union lacks, and a
    stable sort of two sorted runs is a merge. A tenth of the time of ``np.unique`` over all of them, and
    less than half its peak memory (45 MB for five models), which the process would keep."""
    keys = np.empty(0, np.uint64)
    for vocabulary in sorted(vocabularies, key=len, reverse=True):
        if keys.size:
            at = np.searchsorted(keys, vocabulary).clip(max=keys.size - 1)
            vocabulary = vocabulary[keys[at] != vocabulary]
            del at
        keys = np.concatenate([keys, vocabulary])
        keys.sort(kind="stable")
    return keys


_ONE = np.uint64(1)


class Membership:
    """Which keys of a union a model's vocabulary has, and the model's index of each: one bit per union key
    and, per 64-key word, the number of keys before it (a rank index) — 0.19 bytes per union key where an
    index per union key took 4 (5 MB a model). A key's index is the keys before its word plus the set bits
    below it in the word."""

    def __init__(self, union_size: int, positions: npt.NDArray[np.intp]) -> None:
        present = np.zeros(union_size, bool)
        present[positions] = True
        packed = np.packbits(present, bitorder="little")
        packed = np.concatenate([packed, np.zeros(-packed.size % 8, np.uint8)])
        self.words: npt.NDArray[np.uint64] = packed.view("<u8").astype(np.uint64, copy=False)
        self.before: IntArray = np.zeros(self.words.size, np.int32)
        np.cumsum(np.bitwise_count(self.words[:-1]), out=self.before[1:])

    def rows(self, at: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """For union positions ``at``: the model's index of each key and whether the model has it."""
        word = at >> 6
        bit = (at & 63).astype(np.uint64)
        words = self.words[word]
        has = ((words >> bit) & _ONE).astype(bool)
        below = np.bitwise_count(words & ((_ONE << bit) - _ONE)).astype(np.int32)
        return self.before[word] + below, has


def share_vocabulary(models: Iterable[TextClassifier]) -> None:
    """Let trained models that are asked about the same orders look each order's keys up once (see
    :class:`SharedVocabulary`). Their answers are the same (tested)."""
    trained = [m for m in models if m.trained]
    if len(trained) < 2:
        return
    vocabulary = SharedVocabulary([m._trained().keys for m in trained])
    if not vocabulary.keys.size:
        return
    for model in trained:
        weights = model._trained()
        weights.shared = (vocabulary, vocabulary.membership(weights.keys))


def rounded_down(probability: float) -> float:
    """A confidence to four places, rounded down so the shown confidences never add up to more than 1."""
    return math.floor(probability * 1e4) / 1e4


@dataclass(frozen=True)
class Scored:
    """One text as one model scored it (see :meth:`TextClassifier.scored`)."""

    weights: _Weights
    text: AnalysedText
    document: _Document
    probabilities: npt.NDArray[np.float64]  # in the order of the model's classes
    reasons_wanted: int

    def reasons(self, label: str) -> tuple[str, ...]:
        """The words that pushed ``label`` most (as :attr:`Prediction.reasons`); () for a class it lacks."""
        if label not in self.weights.classes:
            return ()
        return _reasons(self.text, self.document, self.weights.classes.index(label), self.reasons_wanted)


@dataclass
class TextClassifier:
    """Configure, :meth:`fit`, then :meth:`predict` (or persist with ``hotline.nlp.artifacts``)."""

    config: ClassifierConfig
    version: str = "unsaved"  # set by the artifact store when saved or loaded
    summary: FitSummary | None = None
    _weights: _Weights | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def classes(self) -> list[str]:
        return list(self._trained().classes)

    @property
    def trained(self) -> bool:
        return self._weights is not None

    def _trained(self) -> _Weights:
        if self._weights is None:
            raise RuntimeError(f"classifier {self.name!r} is not trained")
        return self._weights

    def warm_up(self) -> None:
        """Derive now what inference derives from the weights (the vocabulary's block starts), so the first
        order after loading is not slower than the others."""
        if self._weights is not None:
            self._weights.block_starts  # noqa: B018 - a cached property, computed here

    # -- training ---------------------------------------------------------------------------------

    def fit(self, samples: Sequence[Sample], groups: Sequence[int] | None = None, seed: int = 0) -> FitSummary:
        """Train on ``samples``. ``groups`` (e.g. near-duplicate clusters) keep copies of one text on the
        same side of the calibration hold-out, so the temperature is not fitted on memorised texts."""
        texts = [analyse(s.title, s.content) for s in samples]
        return self.fit_analysed(texts, [s.label for s in samples], groups, seed)

    def fit_analysed(self, texts: Sequence[AnalysedText], labels: Sequence[str],
                     groups: Sequence[int] | None = None, seed: int = 0) -> FitSummary:
        """As :meth:`fit`, for texts already analysed (training code analyses once, fits several times)."""
        group_ids = list(groups) if groups is not None else list(range(len(texts)))
        analysed: list[AnalysedText] = []
        y: list[str] = []
        kept_groups: list[int] = []
        for text, label, group in zip(texts, labels, group_ids, strict=True):
            if label and text.classifiable:
                analysed.append(text)
                y.append(label)
                kept_groups.append(group)
        counts = Counter(y)
        if len(counts) < 2:
            raise ValueError(f"{self.name}: need samples of at least two labels, got {dict(counts)}")

        temperature, held = 1.0, 0
        calib = _calibration_split(kept_groups, y, self.config.calibration_share, seed)
        if calib is not None:
            train_idx, held_idx = calib
            if self.config.calibrate_on_titles:
                held_idx = [i for i in held_idx if len(analysed[i].title)] or held_idx
            probe = _train([analysed[i] for i in train_idx], [y[i] for i in train_idx], self.config)
            scores = np.vstack([_decision(probe, analysed[i]) for i in held_idx])
            truth = np.array([probe.classes.index(y[i]) if y[i] in probe.classes else -1 for i in held_idx])
            temperature, held = _fit_temperature(scores[truth >= 0], truth[truth >= 0]), len(held_idx)
        self._weights = _train(analysed, y, self.config)
        self._weights.temperature = temperature
        self.summary = FitSummary(
            samples=len(y), views=sum(_view_count(a) for a in analysed), features=int(self._weights.keys.size),
            labels=dict(sorted(counts.items())), temperature=temperature, calibration_samples=held,
        )
        return self.summary

    # -- inference --------------------------------------------------------------------------------

    def predict(self, title: str, content: str, *, explain: bool = True) -> Prediction:
        """Top candidates for one order. Never raises on any ``str``; see :class:`Prediction`."""
        return self.predict_analysed(analyse(title or "", content or ""), explain=explain)

    def predict_analysed(self, text: AnalysedText, *, explain: bool = True) -> Prediction:
        """As :meth:`predict`, for text already analysed once for several classifiers."""
        scored = self.scored(text)
        if scored is None:
            return Prediction(self.name, self.version, (), False)
        classes, probs = scored.weights.classes, scored.probabilities
        order = np.argsort(-probs)[: self.config.top_k]
        candidates = tuple(Candidate(classes[i], rounded_down(float(probs[i]))) for i in order)
        reasons = scored.reasons(classes[int(order[0])]) if explain else ()
        return Prediction(self.name, self.version, candidates, True, reasons)

    def scored(self, text: AnalysedText) -> Scored | None:
        """Every class's calibrated probability, and the words behind any class on request; None when the
        text has nothing the model knows (an unclassifiable :class:`Prediction`). For code that combines
        models (``topic_levels``) and explains only the class it settles on."""
        weights = self._trained()
        document = _document(weights, text)
        if document is None:
            return None
        return Scored(weights, text, document, _softmax(_scores(weights, document) / weights.temperature),
                      self.config.reasons)

    def decision_scores(self, text: AnalysedText) -> FloatArray:
        """Raw (uncalibrated) class scores, in the order of :attr:`classes`; for evaluation code."""
        return _decision(self._trained(), text)


# -- internals ------------------------------------------------------------------------------------


def _view_count(text: AnalysedText) -> int:
    return len(text.views)


# Keys per block of the vocabulary search: a block is two cache lines.
VOCABULARY_BLOCK = 16


class _Sorted(Protocol):
    """A sorted vocabulary and its blocks' first keys: a model's, or several models' union."""

    @property
    def keys(self) -> U64Array: ...

    @property
    def block_starts(self) -> U64Array: ...


def _lookup(weights: _Weights, text: AnalysedText) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """:func:`_known` for the text's keys, through the shared vocabulary when the model has one."""
    if weights.shared is None:
        return _known(weights, text.keys)
    vocabulary, membership = weights.shared
    at, found = vocabulary.lookup(text)
    index, has = membership.rows(at)
    return index, found & has


def _known(weights: _Sorted, keys: U64Array) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Vocabulary index of each key (both arrays sorted) and whether known.

    In two steps: a binary search among the blocks' first keys (an array a sixteenth of the vocabulary,
    which stays in the CPU's caches), then a count of the smaller keys in the key's block. A binary search
    through the whole vocabulary (up to a million keys) misses the cache at nearly every step once several
    models take turns on an order; this way a key costs two cache lines. Same answers (tested)."""
    vocabulary = weights.keys
    if not keys.size or not vocabulary.size:
        return np.zeros(keys.size, np.int32), np.zeros(keys.size, bool)
    full = vocabulary.size // VOCABULARY_BLOCK
    if full:
        blocks = vocabulary[: full * VOCABULARY_BLOCK].reshape(full, VOCABULARY_BLOCK)  # a view
        # the block whose first key is the last ≤ the key (a smaller key: the first block; a key past the last
        # whole block: that block, where every key is smaller, and the short rest below adds its own)
        block = np.clip(np.searchsorted(weights.block_starts, keys, side="right") - 1, 0, full - 1)
        pos = block * VOCABULARY_BLOCK + (blocks[block] < keys[:, None]).sum(axis=1)
    else:
        pos = np.zeros(keys.size, np.intp)
    rest = vocabulary[full * VOCABULARY_BLOCK:]  # the short last block: < 16 keys, all above the others
    if rest.size:
        pos += np.searchsorted(rest, keys)
    pos[pos >= vocabulary.size] = 0
    return pos.astype(np.int32), vocabulary[pos] == keys


def _weigh(weights: _Weights, idx: IntArray, tf: FloatArray) -> FloatArray:
    """Sublinear tf × idf, L2-normalised."""
    vals: FloatArray = ((1.0 + np.log(tf)) * weights.idf[idx]).astype(np.float32, copy=False)
    norm = float(np.sqrt(vals @ vals))
    if norm > 0:
        vals /= np.float32(norm)
    return vals


@dataclass
class _Document:
    """An order as one model sees it: the keys of the order's key union it knows, their rows of the weights
    (gathered once: the views share most keys, and the gather is what costs), and each key's tf-idf values
    summed over the views it is in — a linear model's score of the views' mean is that sum's dot product."""

    positions: npt.NDArray[np.intp]  # in the order's key union
    rows: FloatArray  # keys × classes
    values: FloatArray
    views: int  # views with a known key


def _document(weights: _Weights, text: AnalysedText) -> _Document | None:
    index, known = _lookup(weights, text)
    values = np.zeros(text.keys.size, np.float32)
    views = 0
    for view in text.views:
        hit = known[view.positions]
        if hit.any():
            positions = view.positions[hit]
            values[positions] += _weigh(weights, index[positions], view.counts[hit])
            views += 1
    if not views:
        return None
    positions = np.flatnonzero(known)  # every key is in a view (the joint one holds them all)
    return _Document(positions, weights.coef[index[positions]], values[positions], views)


def _scores(weights: _Weights, document: _Document) -> FloatArray:
    out: FloatArray = (document.values @ document.rows) / np.float32(document.views) + weights.intercept
    return out


def _decision(weights: _Weights, text: AnalysedText) -> FloatArray:
    document = _document(weights, text)
    return _scores(weights, document) if document is not None else weights.intercept.copy()


def _softmax(scores: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    z = scores.astype(np.float64) - scores.max()
    e = np.exp(z)
    out: npt.NDArray[np.float64] = e / e.sum()
    return out


def _reasons(text: AnalysedText, document: _Document, cls: int, k: int) -> tuple[str, ...]:
    """The ``k`` terms with the largest positive contribution (tf-idf × weight) to class ``cls``, as words."""
    contribution = np.zeros(text.keys.size, np.float64)
    contribution[document.positions] = document.values * document.rows[:, cls]
    best = np.argpartition(-contribution, min(4 * k, contribution.size - 1))[: 4 * k]
    ranked = (text.name(int(text.keys[j])) for j in best[np.argsort(-contribution[best])] if contribution[j] > 0)
    # A word bigram across punctuation ("了，血" → "了 血") is two words that are not a phrase: not shown.
    terms = [term for term in ranked if term and " " not in term and term not in MARK_NAMES.values()]
    # Single characters ("很", the "物" of 物业) and character n-grams across words ("意见很" of 意见|很大) read
    # as noise beside words: shown only when nothing else weighed, so a dispatcher may get fewer reasons,
    # but ones to check the suggestion by.
    readable = (term for term in terms if len(term) > 1 and not text.cuts_a_word(term))  # looked at as needed
    return as_words(readable, k) or as_words(terms, k)


def as_words(terms: Iterable[str], limit: int) -> tuple[str, ...]:
    """Up to ``limit`` of ``terms``, in order, as a dispatcher reads them: a character or n-gram inside a
    word already kept ("物" of "物业") says nothing more, and a longer term takes the place of the pieces
    of it kept before."""
    out: list[str] = []
    for term in terms:
        if len(out) == limit:
            break
        if not term or any(term in kept for kept in out):
            continue
        pieces = [i for i, kept in enumerate(out) if kept in term]
        if pieces:
            out[pieces[0]] = term
            out = [kept for i, kept in enumerate(out) if i not in pieces[1:]]
        else:
            out.append(term)
    return tuple(out)


def _train(analysed: Sequence[AnalysedText], y: Sequence[str], config: ClassifierConfig) -> _Weights:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    labels: list[str] = []
    for text, label in zip(analysed, y, strict=True):
        labels.extend([label] * len(text.views))
    all_keys, df = np.unique(np.concatenate([t.keys[v.positions] for t in analysed for v in t.views]),
                             return_counts=True)
    n_views = len(labels)
    max_count = max(config.min_df, int(config.max_df * n_views))
    keep = (df >= config.min_df) & (df <= max_count)
    idf = (np.log((1 + n_views) / (1 + df[keep])) + 1.0).astype(np.float32)
    shell = _Weights(all_keys[keep], idf, np.zeros((0, 0), np.float32), np.zeros(0, np.float32), [])
    matrix = _matrix(shell, analysed)
    if config.nb_scaling:
        shell.classes = sorted(set(labels))
        coef, intercept = _nb_svm(matrix, np.array(labels), shell.classes, config)
    else:
        svm = LinearSVC(C=config.c, class_weight="balanced" if config.balanced else None, max_iter=5000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            svm.fit(matrix, np.array(labels))
        coef = np.asarray(svm.coef_, dtype=np.float64).T
        intercept = np.asarray(svm.intercept_, dtype=np.float64)
        if coef.shape[1] == 1:  # binary: sklearn keeps one score for classes_[1]; make it symmetric
            coef, intercept = np.hstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
        shell.classes = [str(c) for c in svm.classes_]
    shell.coef = np.ascontiguousarray(coef, dtype=np.float32)
    shell.intercept = intercept.astype(np.float32)
    return shell


NB_SMOOTHING = 1.0  # α of the log-count ratios: added to every feature's count in each class


def log_count_ratios(matrix: sparse.csr_matrix, positive: npt.NDArray[np.bool_],
                     alpha: float = NB_SMOOTHING) -> npt.NDArray[np.float64]:
    """Per feature, r = log((p / ‖p‖₁) / (q / ‖q‖₁)) with p and q the smoothed numbers of ``positive`` and
    other rows that have the feature (Wang & Manning 2012): > 0 for features typical of the positive class."""
    present = matrix.copy()
    present.data = np.ones_like(present.data)
    p = alpha + np.asarray(present[positive].sum(axis=0), dtype=np.float64).ravel()
    q = alpha + np.asarray(present[~positive].sum(axis=0), dtype=np.float64).ravel()
    out: npt.NDArray[np.float64] = np.log(p / p.sum()) - np.log(q / q.sum())
    return out


def _nb_svm(matrix: sparse.csr_matrix, labels: npt.NDArray[Any], classes: list[str], config: ClassifierConfig
            ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """NBSVM, one class against the rest: each class's SVM is trained on the features scaled by that class's
    log-count ratios r, so its score is w·(r ⊙ x) + b = (w ⊙ r)·x + b and w ⊙ r is stored as the class's
    column of an ordinary weight matrix (same inference, same reasons). Class weights as LinearSVC's
    "balanced" one-vs-rest: a class's own rows weigh n / (classes × its rows), the others 1.
    Returns (features × classes weights, intercepts)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    coef = np.zeros((matrix.shape[1], len(classes)), np.float64)
    intercept = np.zeros(len(classes), np.float64)
    for j, label in enumerate(classes):
        positive = labels == label
        r = log_count_ratios(matrix, positive)
        weight = len(labels) / (len(classes) * positive.sum()) if config.balanced else 1.0
        svm = LinearSVC(C=config.c, class_weight={1: weight, 0: 1.0}, max_iter=5000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            svm.fit(matrix @ sparse.diags(r), positive.astype(np.int8))
        coef[:, j] = np.asarray(svm.coef_, dtype=np.float64).ravel() * r
        intercept[j] = float(svm.intercept_[0])
    return coef, intercept


def _matrix(weights: _Weights, texts: Sequence[AnalysedText]) -> sparse.csr_matrix:
    """One row per view of each text, in order."""
    rows: list[tuple[IntArray, FloatArray]] = []
    for text in texts:
        index, known = _known(weights, text.keys)
        for view in text.views:
            hit = known[view.positions]
            idx = index[view.positions[hit]]
            order = np.argsort(idx)  # CSR wants sorted column indices
            rows.append((idx[order], _weigh(weights, idx, view.counts[hit])[order]))
    indptr = np.zeros(len(rows) + 1, np.int64)
    np.cumsum([idx.size for idx, _ in rows], out=indptr[1:])
    return sparse.csr_matrix(
        (np.concatenate([vals for _, vals in rows]), np.concatenate([idx for idx, _ in rows]), indptr),
        shape=(len(rows), weights.keys.size),
    )


def _calibration_split(
    groups: Sequence[int], y: Sequence[str], share: float, seed: int,
) -> tuple[list[int], list[int]] | None:
    """Hold out ``share`` of the groups; None when there is too little data to spare any."""
    unique = sorted(set(groups))
    if share <= 0 or len(y) < 50 or len(unique) < 20:
        return None
    rng = np.random.default_rng(seed)
    held_groups = set(rng.choice(unique, size=max(1, int(share * len(unique))), replace=False).tolist())
    train = [i for i, g in enumerate(groups) if g not in held_groups]
    held = [i for i, g in enumerate(groups) if g in held_groups]
    if len({y[i] for i in train}) < 2 or not held:
        return None
    return train, held


def _fit_temperature(scores: FloatArray, truth: npt.NDArray[np.int64]) -> float:
    """The softmax temperature minimising held-out negative log-likelihood (1.0 without data)."""
    if scores.size == 0:
        return 1.0
    from scipy.optimize import minimize_scalar

    s = scores.astype(np.float64)

    def nll(log_t: float) -> float:
        z = s / math.exp(log_t)
        z -= z.max(axis=1, keepdims=True)
        logp = z[np.arange(len(truth)), truth] - np.log(np.exp(z).sum(axis=1))
        return float(-logp.mean())

    result = minimize_scalar(nll, bounds=(math.log(0.01), math.log(100.0)), method="bounded")
    return float(math.exp(result.x))
