"""Character n-gram shingles of Chinese appeal text, computed with numpy.

Appeals are short, written in many styles and full of local names (estates, roads, companies) that
no dictionary knows, so the unit of comparison is the overlapping character bigram and trigram
rather than the segmented word: "丽发新城小区附近搅拌站" and "搅拌站建在丽发新城旁" share 丽发, 发新,
新城, 搅拌, 拌站, 丽发新, … whichever way a caller words it.

A gram is packed into one unsigned 64-bit key from the Unicode code points of its characters
(21 bits each), so grams of a whole batch of texts are found, counted and compared with a few
vectorised numpy operations instead of per-character Python loops. Keys are exact (no hashing) and
stable across processes and versions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from hotline.domain.hanzi import to_simplified

Keys = npt.NDArray[np.uint64]

_BITS = np.uint64(21)  # a code point fits in 21 bits; a trigram key in 63
_MASK = (1 << 21) - 1
_SPACE = ord(" ")

# One pass replaces, with a space, text that says nothing about the matter and only makes unrelated
# appeals look alike (web links, phone numbers and the masks that replace them: 0000-00000000,
# *****, long digit runs), and everything but CJK ideographs and letters and digits (half- or
# full-width), which separates words. Alternatives are tried in order, so a link goes whole.
# \d\d{6,} rather than \d{7,}, and [^…][^…]* rather than [^…]+: the regex engine skips an alternative at a
# glance when it starts with a character or a class, not when it starts with a repeat (the same matches, in
# a third less time: this runs on every candidate of every registration).
_KEPT = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_SEPARATORS = re.compile(rf"https?://[^\s\u3400-\u9fff]*|0000-0+|\d\d{{6,}}|[^{_KEPT}][^{_KEPT}]*")


def normalise(text: str, limit: int) -> str:
    """Lower-cased words of ``text`` separated by single spaces, at most ``limit`` characters.

    Anything that is not a str, and any garbage inside one (emoji, control characters, lone
    surrogates), simply becomes separators: this never raises.
    """
    if not isinstance(text, str) or limit <= 0:
        return ""
    text = _SEPARATORS.sub(" ", text[: limit + limit // 2])  # the pre-cut bounds the regex work
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)  # full-width letters/digits → ASCII
    return to_simplified(text.lower()).strip()[:limit]  # 路燈 and 路灯 are one word


def _code_points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "replace"), dtype=np.uint32)


def _grams(points: npt.NDArray[np.uint32]) -> tuple[Keys, npt.NDArray[np.intp]]:
    """Bigram keys of a code-point array and the position each bigram starts at."""
    if len(points) < 2:
        return np.empty(0, np.uint64), np.empty(0, np.intp)
    space = points == _SPACE
    starts = np.flatnonzero(~(space[:-1] | space[1:]))
    # Widened to 64 bits only for the bigrams kept: fewer and smaller temporary arrays (a batch of 500
    # candidates has ~150,000 characters, and fresh memory for each array costs more than the arithmetic).
    return (points[starts].astype(np.uint64) << _BITS) | points[starts + 1], starts


def gram_keys(text: str) -> Keys:
    """Distinct gram keys of an already normalised text, sorted."""
    keys, _ = _grams(_code_points(text))
    return np.unique(keys)


def batch_grams(texts: Sequence[str]) -> tuple[npt.NDArray[np.intp], Keys]:
    """Bigram keys of many normalised texts and the index of the text each comes from.

    The texts are joined with a space (which no bigram spans) and processed in one pass.
    """
    keys, starts = _grams(_code_points(" ".join(texts)))
    owner = np.repeat(np.arange(len(texts)), [len(t) + 1 for t in texts])  # text of each character
    return owner[starts], keys


@dataclass(frozen=True)
class BigramCounts:
    """How often each bigram occurs in each text of a batch: one entry per (bigram, text) pair, sorted by
    bigram, then text, so the texts that share a bigram are side by side."""

    keys: Keys  # the bigram of each entry
    texts: npt.NDArray[np.intp]  # the text of each entry (its index in the batch)
    counts: npt.NDArray[np.intp]  # ≥ 1
    starts: npt.NDArray[np.intp]  # where each distinct bigram's entries start
    bigram: npt.NDArray[np.intp]  # the distinct bigram of each entry (an index into ``starts``)


_TEXT_BITS = 64 - 2 * 21  # a bigram key takes 42 bits of a uint64, the text's index the rest


def bigram_counts(texts: Sequence[str]) -> BigramCounts:
    """The (bigram, text) counts of at most 2**22 normalised texts, from one sort of packed keys."""
    if len(texts) > 1 << _TEXT_BITS:
        raise ValueError(f"at most {1 << _TEXT_BITS} texts at once")
    rows, keys = batch_grams(texts)
    text_bits = np.uint64(max(1, (len(texts) - 1).bit_length()))
    pairs, counts = np.unique((keys << text_bits) | rows.astype(np.uint64), return_counts=True)
    key = pairs >> text_bits
    text = (pairs & ((np.uint64(1) << text_bits) - np.uint64(1))).astype(np.intp)
    new_bigram = np.ones(len(key), bool)
    new_bigram[1:] = key[1:] != key[:-1]
    return BigramCounts(key, text, counts, starts=np.flatnonzero(new_bigram), bigram=np.cumsum(new_bigram) - 1)


def count_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, Keys]:
    """Bigram counts of normalised texts: a (texts × vocabulary) matrix and the vocabulary's keys."""
    if not texts:
        return sparse.csr_matrix((0, 0), dtype=np.float64), np.empty(0, np.uint64)
    found = bigram_counts(texts)
    vocabulary = found.keys[found.starts]
    # Sorted by bigram, the counts are the columns of the matrix one after the other.
    column_starts = np.append(found.starts, len(found.keys))
    columns = sparse.csc_matrix((found.counts.astype(np.float64), found.texts, column_starts),
                                shape=(len(texts), len(vocabulary)))
    return columns.tocsr(), vocabulary


def member_of(keys: Keys, sorted_keys: Keys) -> npt.NDArray[np.bool_]:
    """Which ``keys`` are in ``sorted_keys`` (a binary search: cheaper than :func:`numpy.isin`)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    found: npt.NDArray[np.bool_] = sorted_keys[at] == keys
    return found


def decode(key: int) -> str:
    """The text of a gram key."""
    chars = []
    while key:
        chars.append(chr(key & _MASK))
        key >>= 21
    return "".join(reversed(chars))


def encode(gram: str) -> int:
    """The key of a 2- or 3-character gram (the inverse of :func:`decode`)."""
    key = 0
    for char in gram:
        key = (key << 21) | ord(char)
    return key


def positions(text: str) -> tuple[Keys, npt.NDArray[np.intp]]:
    """Bigram keys of a normalised text and the character position each starts at."""
    return _grams(_code_points(text))


def phrases(text: str, wanted: Keys, *, limit: int, ignore: Keys | None = None) -> tuple[str, ...]:
    """The runs of ``text`` made of ``wanted`` bigrams, most informative first, at most ``limit``.

    ``wanted`` and ``ignore`` are sorted key arrays.

    Overlapping wanted bigrams are merged into one phrase ("丽发", "发新", "新城" → "丽发新城") so a
    reader sees the words two texts share rather than character pairs. Runs made only of
    mostly ``ignore`` bigrams (boilerplate such as 希望相关部门尽快处理) and phrases inside a longer one
    are dropped; phrases with more informative bigrams come first.
    """
    keys, starts = positions(text)
    hit = member_of(keys, wanted)
    if not hit.any():
        return ()
    starts, keys = starts[hit], keys[hit]
    informative = ~member_of(keys, ignore) if ignore is not None else np.ones(len(keys), bool)
    first = np.flatnonzero(np.diff(starts, prepend=-2) != 1)  # a new run wherever starts stop being consecutive
    last = np.append(first[1:], len(starts)) - 1
    substances = np.add.reduceat(informative.astype(np.intp), first)  # informative bigrams of each run
    found: dict[str, tuple[int, int]] = {}  # phrase → (informative bigrams, first position)
    for begin, end, bigrams, substance in zip(starts[first].tolist(), starts[last].tolist(),
                                              (last - first + 1).tolist(), substances.tolist(), strict=True):
        if substance and 2 * substance >= bigrams:  # mostly more than boilerplate
            found.setdefault(text[begin : end + 2][:24], (substance, begin))
    ranked = sorted(found, key=lambda p: (-found[p][0], found[p][1]))
    kept: list[str] = []
    for phrase in ranked:
        if not any(phrase in longer for longer in kept):
            kept.append(phrase)
        if len(kept) == limit:
            break
    return tuple(kept)


def common_keys(grams: frozenset[str]) -> Keys:
    """Sorted keys of the given bigrams (for :func:`numpy.isin` against text keys)."""
    return np.array(sorted(encode(g) for g in grams if len(g) == 2), dtype=np.uint64)
