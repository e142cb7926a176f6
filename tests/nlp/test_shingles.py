"""The text that duplicates and hot issues compare: normalisation, bigram counts, shared phrases."""

from __future__ import annotations

import numpy as np
import pytest

from hotline.domain.hanzi import simplified_table, to_simplified
from hotline.nlp.shingles import bigram_counts, count_matrix, decode, gram_keys, normalise, phrases


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("电话13812345678请回电", 400, "电话 请回电"),  # seven digits or more: a phone number, not a word
    ("编号123456号", 400, "编号123456号"),  # six are kept
    ("电话13812345678请回电", 5, "电话138"),  # only the start of the text is read (here 7 characters)
    ("见https://x.com/a?b=1，路灯坏了", 400, "见 路灯坏了"),  # a link goes whole, up to the next Han character
    ("0000-00000000反映", 400, "反映"),  # a masked number
    ("路燈壞了！！！门口", 400, "路灯坏了 门口"),  # traditional folded, a run of separators is one space
    ("ＡＢＣ１２３４５６７小区", 400, "abc 小区"),  # full-width folded; full-width digits are digits too
    ("  ……路灯  ", 400, "路灯"),
    ("٣٣٣٣٣٣٣123路灯", 400, "路灯"),  # other scripts' digits count towards a long number
    ("😀\ud800路灯", 400, "路灯"),
])
def test_normalise(text: str, limit: int, expected: str) -> None:
    assert normalise(text, limit) == expected


def test_to_simplified_is_the_table_translation() -> None:
    traditional = "".join(map(chr, simplified_table()))
    for text in ("", "路灯坏了", "門前路燈壞了很久", traditional, "abc 123"):
        assert to_simplified(text) == text.translate(simplified_table())


def test_bigram_counts_are_sorted_by_bigram_then_text() -> None:
    found = bigram_counts(["路灯 路灯坏", "坏了 路灯"])
    pairs = [(decode(int(k)), int(t), int(c)) for k, t, c in zip(found.keys, found.texts, found.counts, strict=True)]
    assert pairs == sorted(pairs, key=lambda p: (p[0], p[1]))
    assert ("路灯", 0, 2) in pairs and ("路灯", 1, 1) in pairs and ("灯坏", 0, 1) in pairs
    assert [decode(int(k)) for k in found.keys[found.starts]] == sorted({p[0] for p in pairs})
    assert (found.keys == found.keys[found.starts][found.bigram]).all()
    empty = bigram_counts(["", "a"])
    assert len(empty.keys) == len(empty.starts) == 0


def test_count_matrix() -> None:
    counts, vocabulary = count_matrix(["路灯 路灯坏", "坏了", ""])
    assert [decode(int(k)) for k in vocabulary] == sorted(["路灯", "灯坏", "坏了"])
    assert counts.toarray().tolist() == [[0.0, 1.0, 2.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert count_matrix([])[0].shape == (0, 0)


def test_phrases_merge_runs_and_drop_boilerplate() -> None:
    wanted = gram_keys("丽发新城小区附近搅拌站")
    assert phrases("搅拌站建在丽发新城旁", wanted, limit=5) == ("丽发新城", "搅拌站")
    assert phrases("路灯坏了", wanted, limit=5) == ()
    assert phrases("搅拌站建在丽发新城旁", wanted, limit=1) == ("丽发新城",)
    ignore = np.sort(gram_keys("搅拌站"))
    assert phrases("搅拌站建在丽发新城旁", wanted, limit=5, ignore=ignore) == ("丽发新城",)
