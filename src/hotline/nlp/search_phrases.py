"""Distinctive phrases of an appeal, to find possible repeats through the orders' full-text index.

A repeat of a matter shares its specific words — the estate, the road, the shop, the kind of
nuisance — not its boilerplate ("相关部门", "尽快处理"). The phrases here are runs of three or four
Chinese characters from the title and the start of the content whose bigrams are not common
boilerplate; an order containing any of them is a candidate, scored afterwards by
``hotline.nlp.duplicates``. Using the search index that every order already has costs the
registration nothing, where stored per-order keys cost a write per key.
"""

from __future__ import annotations

import re

from hotline.nlp.common_grams import COMMON_BIGRAMS
from hotline.nlp.shingles import normalise

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}")
_TITLE_CHARS, _CONTENT_CHARS = 100, 200  # the matter is stated early


def _distinctive(run: str, length: int) -> list[str]:
    """Non-overlapping windows of ``length`` characters with no common bigram inside, left to right."""
    found, i = [], 0
    while i + length <= len(run):
        if any(run[j:j + 2] in COMMON_BIGRAMS for j in range(i, i + length - 1)):
            i += 1
        else:
            found.append(run[i:i + length])
            i += length
    return found


def search_phrases(title: str, content: str, *, limit: int = 6) -> list[str]:
    """Up to ``limit`` distinctive phrases (4 characters where possible, else 3), title first."""
    text = f"{normalise(title, _TITLE_CHARS)} {normalise(content, _CONTENT_CHARS)}"
    found: list[str] = []
    for length in (4, 3):
        for run in _RUN.findall(text):
            for phrase in _distinctive(run, length):
                if len(found) >= limit:
                    return found
                if not any(phrase in f or f in phrase for f in found):
                    found.append(phrase)
    return found
