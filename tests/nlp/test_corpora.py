"""Linking the two halves of a message (title, body) that the 泰迪杯 corpus gives in two unlinked files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from hotline.nlp import corpora
from hotline.nlp.classifier import Sample

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="module")
def records() -> list[Sample]:
    """The official sample: real messages whose title and body are known to belong together."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"the shared data sets are expected at {SHARED_DATA} (beside the repository)")
    found = corpora.topic_records(SHARED_DATA)
    unique = {(s.title, s.content): s for s in found if s.title and s.content}
    return list(unique.values())


def test_links_recover_the_true_pairs_of_shuffled_halves(records: list[Sample]) -> None:
    titles = [s.title for s in records]
    order = list(range(len(records)))
    random.Random(3).shuffle(order)
    bodies = [records[i].content for i in order]
    links = corpora.link_titles_to_bodies(titles, bodies)
    right = sum(order[b] == t for t, b in links)
    assert right >= 0.98 * len(links)  # confident links only
    assert len(links) >= 0.3 * len(records)  # titles copied from the body's words are common
    assert len({t for t, _ in links}) == len(links) == len({b for _, b in links})  # one to one


def test_a_title_with_two_equally_good_bodies_is_not_linked(records: list[Sample]) -> None:
    titles = [s.title for s in records]
    bodies = [s.content for s in records]
    linked = dict(corpora.link_titles_to_bodies(titles, bodies))
    t = next(iter(linked))
    again = corpora.link_titles_to_bodies(titles, [*bodies, bodies[linked[t]]])  # its body twice
    assert t not in dict(again)
    assert len(again) >= len(linked) - 1


def test_two_titles_of_one_body_link_only_the_closer_one() -> None:
    body = "我是A市B区居民，小区物业乱收停车费，每月三百元，业主意见很大，请有关部门核查处理。"
    close, loose = "A市B区小区物业乱收停车费", "物业乱收停车费业主意见大吗"
    assert corpora.link_titles_to_bodies([loose, close], [body, "学校招生学位不足，家长很着急。"]) == [(1, 0)]


def test_unrelated_or_empty_halves_give_no_link() -> None:
    assert corpora.link_titles_to_bodies(["幼儿园入学学位不足"], ["公司拖欠工资，社保也不给缴纳。"]) == []
    assert corpora.link_titles_to_bodies([], ["公司拖欠工资"]) == []
    assert corpora.link_titles_to_bodies(["公司拖欠工资"], []) == []
