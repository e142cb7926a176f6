"""Text normalisation and tokenisation shared by the appeal classifiers.

Every classifier sees text through :func:`analyse`, so training and inference cannot drift apart.
The steps, and why:

* NFKC folds full-width letters, digits and punctuation (Ａ１？ → A1?) that typed and OCR'd text mixes.
* A small traditional → simplified table: messages from Hong Kong, Macao and Taiwan callers, or typed
  with a traditional IME, would otherwise miss the vocabulary learned from simplified text. It covers
  the few hundred commonest characters only (``hotline.domain.hanzi``, shared with search and duplicates).
* Masks of the public data sets (``https://baidu.com/``, ``0000-00000000``, ``****``), spreadsheet
  line-break residue (``_x000D_``) and the Han-looking residue of broken encodings (锟斤拷, 烫烫烫) are
  removed: they tell nothing about the matter.
* Anything that is not a Han character, a Latin letter or a digit becomes a break between runs, so
  emoji, symbols, control characters and garbled bytes (U+FFFD, lone surrogates) cannot reach jieba
  or the vocabulary.
* Only the first :data:`MAX_CHARS` characters are used and jieba only segments the first
  :data:`MAX_WORD_CHARS`: a topic is stated at the start, and the cap keeps inference fast for a
  pasted 100,000-character document.

Features are character 1–3-grams of each Han run (robust to the estate, road and company names no
dictionary knows) plus jieba word unigrams and bigrams, Latin words, one feature per number and one
per question or exclamation mark (see the comment above :func:`features`). jieba is initialised
lazily on first use, never at import.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from hotline.domain.hanzi import simplified_table

# Bump when anything below changes the features a text gets: saved models then refuse to load
# (artifacts checks it) instead of silently scoring the wrong features.
FEATURES_VERSION = 2  # 2: question and exclamation marks are features
MAX_CHARS = 700  # of title + content, after normalisation. A letter's matter is in its opening: 1,000 and 1,500
# read no better (topic macro-F1 on linked records 0.925 / 0.924 / 0.924, bodies 0.930 / 0.930 / 0.934, titles
# 0.894 / 0.892 / 0.894, the 448 sample 0.864 / 0.867 / 0.862; appeal type, unit and emergency recall the same),
# and each 300 characters more cost a long letter's suggestions ~0.4-0.6 ms at p99
MAX_WORD_CHARS = 200  # segmented by jieba (~0.1 µs a character); more adds little (bench)

# Masks of the data sets, and the Han-looking residue of broken encodings: 锟斤拷 (U+FFFD saved as GBK), and
# 烫烫烫 / 屯屯屯 (uninitialised memory read as GBK). "烫" alone is a word (烫伤, 额头烫烫的), a run of three is
# not. Dropping them only takes features away from garbage, so saved models stay valid (no version bump).
_MASKS = re.compile(r"https?://baidu\.com/?|0000-00000000|_x000d_|\*+|锟斤拷|烫{3,}|屯{3,}")
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z]+|[0-9]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]{2,}")





def simplify(text: str, limit: int = MAX_CHARS) -> str:
    """Lower-cased NFKC text in simplified characters, punctuation kept, at most ~``limit`` characters.
    Never raises on any ``str`` (lone surrogates included)."""
    if not text:
        return ""
    # Lone surrogates (bytes decoded with surrogateescape) cannot be normalised: replace them first.
    text = text[: limit * 4]
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    return unicodedata.normalize("NFKC", text).lower().translate(simplified_table())


def normalise(text: str) -> str:
    """:func:`simplify`, with dataset masks removed and everything but Han, Latin and digits turned into
    single spaces."""
    return _clean(simplify(text))


def _clean(simplified: str) -> str:
    return " ".join(_RUNS.findall(_MASKS.sub(" ", simplified)))


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def is_classifiable(normalised: str) -> bool:
    """Whether normalised text holds anything a classifier can use: a Han character or a Latin word."""
    return bool(_HAN.search(normalised) or _LATIN_WORD.search(normalised))


# -- jieba ------------------------------------------------------------------------------------------

_JIEBA_LOCK = threading.Lock()
_jieba: Any = None  # rjieba's cut once loaded


def _segmenter() -> Any:
    """jieba's segmenter, loaded once on first use (its dictionary takes ~0.1 s).

    This is rjieba, the Python binding of jieba-rs: the same dictionary and the same cuts as the Python
    jieba (identical on all 65,000 texts of ../shared/data it was compared on, HMM off, so models trained
    with either read the same features), 12 times as fast and ~40 MB smaller in memory. Segmentation was
    the slowest step of classifying an order."""
    global _jieba
    if _jieba is None:
        with _JIEBA_LOCK:
            if _jieba is None:
                import rjieba

                _jieba = rjieba.cut
    return _jieba


def han_words(text: str, limit: int = MAX_WORD_CHARS) -> list[str]:
    """jieba's words of Han characters in the first ``limit`` characters of ``text`` (HMM off, as for features)."""
    return [piece for piece in _segmenter()(text[:limit], hmm=False) if _HAN.match(piece)]


def warm_up() -> None:
    """Initialise jieba now (e.g. at service start) so the first classification is not slow."""
    _segmenter()


# -- features ---------------------------------------------------------------------------------------
#
# A feature is a 64-bit key, computed with numpy over the whole text at once rather than token by
# token in Python, so one order is analysed in well under a millisecond and a model stores a sorted
# key array (8 bytes a feature) instead of a dictionary of strings (~200 bytes a feature).
# * Character n-grams are exact: the code points packed 21 bits each (1-gram < 2**21, 2-gram < 2**42,
#   3-gram < 2**63), so they can be decoded back into text for the dispatcher.
# * Words, word bigrams and Latin words get a polynomial hash of their span with the top bit set
#   (collisions between 64-bit hashes of a few million features are negligible); their text is found
#   again from the order's own spans when a reason is shown.
# * Each run of digits is one key, NUMBER: "some number here" is a feature, the value is not.
# * Each question mark is one key, QUESTION, and each exclamation mark one key, EXCLAIM, counted in
#   the text before punctuation is dropped: "？" marks a question (咨询), "！" an emphatic complaint.
#   In cross-validation on the MSGABench appeal types they add ~0.004 macro-F1 and are neutral for
#   topics and units.

NUMBER = 1
QUESTION = 2
EXCLAIM = 3
MARK_NAMES = {NUMBER: "#", QUESTION: "?", EXCLAIM: "!"}  # shown for these keys; not words (see reasons)
_TOP = np.uint64(1 << 63)
_HASH_BASE = 0x100000001B3  # odd, so it is invertible modulo 2**64
_SALT_WORD, _SALT_BIGRAM, _SALT_LATIN = 0x5BD1E995, 0x27D4EB2F, 0x165667B1
_LATIN_RUN = re.compile(r"[a-z]+")
_DIGIT_RUN = re.compile(r"[0-9]+")

U64Array = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]


@functools.cache
def _powers() -> tuple[U64Array, U64Array]:
    """base**i and base**-i modulo 2**64 for every position of a (capped) text."""
    n = MAX_CHARS + 2
    inverse = pow(_HASH_BASE, -1, 1 << 64)
    up, down = np.empty(n, np.uint64), np.empty(n, np.uint64)
    a = b = 1
    for i in range(n):
        up[i], down[i] = a, b
        a, b = a * _HASH_BASE % (1 << 64), b * inverse % (1 << 64)
    return up, down


def _finish(h: U64Array, salt: int) -> U64Array:
    """Scramble a raw hash (splitmix64 finaliser) and set the top bit: the word namespace."""
    h = h ^ np.uint64(salt)
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (h ^ (h >> np.uint64(31))) | _TOP


def _span_hashes(prefix: U64Array, spans: IntArray, salt: int) -> U64Array:
    starts, ends = spans[:, 0], spans[:, 1]
    raw = (prefix[ends] - prefix[starts]) * _powers()[1][starts] + (ends - starts).astype(np.uint64)
    return _finish(raw, salt)


@dataclass(frozen=True)
class Features:
    """The features of one part of an order (title or content): sorted unique keys with counts, plus
    what is needed to show a word feature as text again."""

    keys: U64Array
    counts: npt.NDArray[np.float32]
    text: str = ""
    named: U64Array = field(default_factory=lambda: np.empty(0, np.uint64))  # hashed keys …
    spans: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))  # … and where they occur
    words: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))  # jieba's words, (start, end)

    def __len__(self) -> int:
        return int(self.keys.size)

    def name(self, key: int) -> str | None:
        """The text of a feature key, or None if it does not occur in this part."""
        if key in MARK_NAMES:
            return MARK_NAMES[key]
        if key < 1 << 63:
            chars = [(key >> shift) & 0x1FFFFF for shift in (42, 21, 0)]
            return "".join(chr(c) for c in chars if c)
        span = self._spans_by_key.get(key)
        return None if span is None else self.text[span[0]:span[1]]

    @cached_property
    def _spans_by_key(self) -> dict[int, tuple[int, int]]:
        """Each hashed key's first span, built once: the reasons of every model name keys of the same text."""
        spans: dict[int, tuple[int, int]] = {}
        for key, (start, end) in zip(self.named.tolist(), self.spans.tolist(), strict=True):
            spans.setdefault(key, (start, end))
        return spans

    @cached_property
    def _inside_words(self) -> npt.NDArray[np.bool_]:
        """Per position of ``text`` (and its end), whether it falls strictly inside a word of 2+ characters."""
        size = len(self.text) + 2
        long = self.words[self.words[:, 1] - self.words[:, 0] > 1]
        # +1 after each word's first character, -1 at its end: positions inside a word sum to > 0
        marks = np.bincount(long[:, 0] + 1, minlength=size) - np.bincount(long[:, 1], minlength=size)
        inside: npt.NDArray[np.bool_] = np.cumsum(marks)[: size - 1] > 0
        return inside

    def cuts_a_word(self, term: str) -> bool | None:
        """Whether every occurrence of ``term`` starts or ends inside a word of two or more characters
        ("意见很" of 意见|很大, "业主意" of 业主|意见); None when it does not occur here."""
        at = self.text.find(term)
        if at < 0:
            return None
        inside = self._inside_words
        while at >= 0:
            if not (inside[at] or inside[at + len(term)]):
                return False
            at = self.text.find(term, at + 1)
        return True


EMPTY = Features(np.empty(0, np.uint64), np.empty(0, np.float32))


def features(normalised: str, marks: tuple[int, int] = (0, 0)) -> Features:
    """Feature keys of already normalised text (see the comment above); ``marks`` are the numbers of
    question and exclamation marks the text had before normalisation (see :func:`count_marks`)."""
    text = normalised[:MAX_CHARS].strip()
    if not text:
        return EMPTY
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    han = cp >= 0x3400  # normalised text is only Han, a-z, 0-9 and single spaces
    pair = han[:-1] & han[1:]
    triple = pair[:-1] & han[2:]
    grams = [
        cp[han],
        (cp[:-1][pair] << np.uint64(21)) | cp[1:][pair],
        (cp[:-2][triple] << np.uint64(42)) | (cp[1:-1][triple] << np.uint64(21)) | cp[2:][triple],
        np.full(len(_DIGIT_RUN.findall(text)), NUMBER, np.uint64),
        np.full(marks[0], QUESTION, np.uint64),
        np.full(marks[1], EXCLAIM, np.uint64),
    ]
    prefix = np.zeros(cp.size + 1, np.uint64)
    np.cumsum(cp * _powers()[0][: cp.size], out=prefix[1:])
    latin = np.array([m.span() for m in _LATIN_RUN.finditer(text)], dtype=np.int64).reshape(-1, 2)
    words = _word_spans(text)
    bigrams = np.column_stack([words[:-1, 0], words[1:, 1]]) if len(words) > 1 else np.empty((0, 2), np.int64)
    named_parts = [_span_hashes(prefix, latin, _SALT_LATIN), _span_hashes(prefix, words, _SALT_WORD)]
    if len(bigrams):
        word_keys = named_parts[1]
        raw = word_keys[:-1] * np.uint64(_HASH_BASE) + word_keys[1:]
        named_parts.append(_finish(raw, _SALT_BIGRAM))
    named = np.concatenate(named_parts)
    keys, counts = np.unique(np.concatenate([*grams, named]), return_counts=True)
    spans = np.concatenate([latin, words, bigrams]) if len(bigrams) else np.concatenate([latin, words])
    return Features(keys, counts.astype(np.float32), text, named, spans, words)


def count_marks(simplified: str) -> tuple[int, int]:
    """Question and exclamation marks in :func:`simplify`'d text (NFKC has folded ？ and ！ to ASCII)."""
    return simplified.count("?"), simplified.count("!")


def _word_spans(text: str) -> IntArray:
    """jieba words of Han characters in the first MAX_WORD_CHARS characters, as (start, end) spans."""
    # HMM off: faster, deterministic, and unknown words are covered by the character grams anyway.
    pieces = _segmenter()(text[:MAX_WORD_CHARS], hmm=False)
    spans: list[tuple[int, int]] = []
    start = 0
    for piece in pieces:
        end = start + len(piece)
        if _HAN.match(piece):
            spans.append((start, end))
        start = end
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


@dataclass(frozen=True)
class View:
    """One view of an order (title, content, or both), as positions into the order's key union."""

    positions: IntArray
    counts: npt.NDArray[np.float32]


@dataclass(frozen=True)
class AnalysedText:
    """An order's title and content as features, computed once and shared by all classifiers.

    ``keys`` is the sorted union of the features of title and content: a model looks each key up in
    its vocabulary once, whatever the number of views. ``views`` are title, content, and title +
    content when the order has both. ``simplified`` is the text as :func:`simplify` left it
    (punctuation kept) for rules that read it.
    """

    title: Features
    content: Features
    classifiable: bool
    keys: U64Array = field(default_factory=lambda: np.empty(0, np.uint64))
    views: tuple[View, ...] = ()
    simplified: str = ""
    # The keys looked up in a vocabulary several models share, by vocabulary (``classifier.SharedVocabulary``).
    lookups: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return not self.views

    def name(self, key: int) -> str | None:
        return self.title.name(key) or self.content.name(key)

    def cuts_a_word(self, term: str) -> bool:
        """Whether ``term`` occurs only across word boundaries ("意见很"): a character n-gram that is a
        feature but reads as noise. Whole words, word pairs and compounds jieba does not know, which it
        splits into single characters ("乱收" of 乱|收), do not cut a word."""
        verdicts = [v for part in (self.title, self.content) if (v := part.cuts_a_word(term)) is not None]
        return bool(verdicts) and all(verdicts)


def _views(title: Features, content: Features) -> tuple[U64Array, tuple[View, ...]]:
    parts = [f for f in (title, content) if len(f)]
    if not parts:
        return np.empty(0, np.uint64), ()
    if len(parts) == 1:
        return parts[0].keys, (View(np.arange(len(parts[0])), parts[0].counts),)
    keys, inverse = np.unique(np.concatenate([title.keys, content.keys]), return_inverse=True)
    counts = np.concatenate([title.counts, content.counts])
    joint = np.bincount(inverse, weights=counts, minlength=keys.size).astype(np.float32)
    n = len(title)
    return keys, (View(inverse[:n], title.counts), View(inverse[n:], content.counts),
                  View(np.arange(keys.size), joint))


def analyse(title: str, content: str) -> AnalysedText:
    """Normalise and featurise an order's title and content (the content gets what is left of the cap)."""
    simple_title, simple_content = simplify(title or ""), simplify(content or "")
    norm_title = _clean(simple_title)[:MAX_CHARS]
    norm_content = _clean(simple_content)[: max(0, MAX_CHARS - len(norm_title))]
    simplified = f"{simple_title}。{simple_content}"[:MAX_CHARS]
    if not (is_classifiable(norm_title) or is_classifiable(norm_content)):
        return AnalysedText(EMPTY, EMPTY, False, simplified=simplified)
    title_features = features(norm_title, count_marks(simple_title[:MAX_CHARS]))
    content_features = features(norm_content, count_marks(simple_content[: max(0, MAX_CHARS - len(norm_title))]))
    keys, views = _views(title_features, content_features)
    return AnalysedText(title_features, content_features, True, keys, views, simplified)
