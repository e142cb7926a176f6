"""Search terms for Chinese text without a segmenter: overlapping character bigrams.

Bigrams find any 2+ character substring of Chinese text (a query becomes the phrase of its
bigrams), need no dictionary, and work the same in SQLite FTS5 and PostgreSQL full-text search.
Runs of Latin letters and digits are kept as lower-cased words. Traditional characters are folded to
simplified (``domain.hanzi``), so 路燈 finds 路灯 and the other way round.
"""

from __future__ import annotations

import re
import unicodedata

from hotline.domain.hanzi import simplified_table

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _runs(text: str) -> list[str]:
    return _RUNS.findall(unicodedata.normalize("NFKC", text).lower().translate(simplified_table()))


def _bigrams(run: str) -> list[str]:
    if not _CJK.match(run) or len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(text: str) -> str:
    """Space-separated terms to store in the search index."""
    return " ".join(term for run in _runs(text) for term in _bigrams(run))


def query_phrases(query: str) -> list[list[str]]:
    """A query as phrases (one per run of the query); every phrase must occur in a match."""
    return [_bigrams(run) for run in _runs(query)][:8]


def is_single_char(phrase: list[str]) -> bool:
    return len(phrase) == 1 and len(phrase[0]) == 1


SENTENCE_END = re.compile(r"[。！？!?；;\n]")  # where a first sentence ends, for a title cut from a text
AUTO_TITLE_CHARS = 30


def auto_title(content: str, limit: int = AUTO_TITLE_CHARS) -> str:
    """The title of an appeal registered without one: its first sentence when short enough, else its opening
    with "…" — so a list row never ends mid-word as if the text said so ("…我要反")."""
    first = " ".join(SENTENCE_END.split(content.strip(), maxsplit=1)[0].split())
    text = " ".join(content.split())
    if 0 < len(first) <= limit:
        return first
    return text if len(text) <= limit else text[: limit - 1] + "…"
