"""The labels ``hotline classify`` writes for each row, in one process or several.

A centre labelling its history may have a million rows; one process does some 800 (bodies) to 1,200
(titles) a second here, so ``--jobs N`` labels batches in N processes. They are forked after the
models are loaded and share them, and rows are read, labelled and written a batch at a time, so memory
stays bounded whatever the file's size. The words behind each guess (the reasons shown at intake) and the
emergency model's second opinion are not computed: they are not written.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from hotline.cli.tables import Value

if TYPE_CHECKING:
    from hotline.services.models import ModelHub

# topic is the level-1 topic; topic_level2 the sub-topic the order would be filed under, where the centre's
# tree has one (a level-2 model) and it is more likely right than wrong, else empty.
LABEL_COLUMNS = ("appeal_type", "topic", "topic_confidence", "unit", "unit_confidence",
                 "topic_level2", "topic_level2_confidence")
BATCH_ROWS = 2000  # rows labelled at a time (and between progress lines)
NONE: tuple[None, None] = (None, None)
SKIPPED = frozenset({"emergency"})


def batches(rows: Iterable[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    """``rows`` in lists of ``size`` (the last may be shorter)."""
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _cells(field: str, chosen: tuple[str | None, float | None]) -> dict[str, Value]:
    """A label and its confidence as cells (empty when there is none)."""
    label, confidence = chosen
    return {field: label or "", f"{field}_confidence": confidence}


def labels(hub: ModelHub, title: str, content: str) -> dict[str, Value]:
    """The label cells of one row: the registration's suggestions, without their reasons."""
    guesses = hub.guess(title, content, skip=SKIPPED, explain=False)
    topic, unit = guesses.get("topic"), guesses.get("unit")
    filed = topic.settled() if topic else NONE
    return {"appeal_type": guesses["appeal_type"].top,
            **_cells("topic", topic.level1_topic() if topic else NONE),
            **_cells("unit", unit.best() if unit else NONE),
            **_cells("topic_level2", filed if "/" in (filed[0] or "") else NONE)}


class LabelBatch(Protocol):
    def __call__(self, texts: Sequence[tuple[str, str]]) -> list[dict[str, Value]]: ...


_forked_hub: ModelHub | None = None  # set before forking: the workers inherit the loaded models


def _label_in_worker(texts: tuple[str, str]) -> dict[str, Value]:
    assert _forked_hub is not None
    return labels(_forked_hub, *texts)


@contextmanager
def labeller(hub: ModelHub, jobs: int) -> Iterator[LabelBatch]:
    """A function labelling a batch of (title, content), in order, with ``jobs`` processes."""
    if jobs <= 1:
        yield lambda texts: [labels(hub, title, content) for title, content in texts]
        return
    global _forked_hub
    _forked_hub = hub
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield lambda texts: pool.map(_label_in_worker, texts, chunksize=max(1, len(texts) // (4 * jobs)))
    finally:
        _forked_hub = None
