"""Duplicate candidates at registration: behaviour on small fixtures, and the real labelled pairs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from hotline.nlp.duplicates import Appeal, Candidate, DuplicateSettings, Verdict, find_duplicates
from hotline.nlp.places import Place, PlaceMatch
from hotline.nlp.search_phrases import search_phrases

NOW = datetime(2024, 5, 20, 10, 0)
MIXER = Place(district="雨花区", street="暮云街道", community="丽发新城社区")
APPEAL = Appeal(
    title="丽发新城小区附近新建搅拌站噪音扰民",
    content="我是暮云街道丽发新城小区的业主，小区旁边新建了一个大型搅拌站，每天早上六点开始噪音和粉尘严重，请尽快处理。",
    at=NOW,
    caller="caller-a",
    place=MIXER,
)
REWORDED = Candidate(
    number="A-1",
    title="投诉丽发新城附近搅拌站粉尘噪音污染",
    content="丽发新城小区附近修建的搅拌站灰尘很大，噪音严重影响居民休息，希望关闭或搬迁该搅拌站。",
    accepted_at=NOW - timedelta(days=3),
    caller="caller-b",
    place=MIXER,
)
UNRELATED = Candidate(
    number="B-1",
    title="咨询孩子上小学需要准备哪些材料",
    content="孩子今年九月上小学，请问入学报名需要户口本、房产证还是居住证？",
    accepted_at=NOW - timedelta(days=1),
    caller="caller-c",
    place=Place(district="岳麓区"),
)


def test_reworded_complaint_at_the_same_place_is_a_duplicate_with_evidence() -> None:
    [match] = find_duplicates(APPEAL, [REWORDED, UNRELATED])
    assert match.number == "A-1"
    assert match.verdict is Verdict.DUPLICATE
    evidence = match.evidence
    assert evidence.place is PlaceMatch.SAME_COMMUNITY
    assert not evidence.same_caller
    assert evidence.gap == timedelta(days=3)
    assert 0.3 <= evidence.similarity <= 1
    assert any("丽发新城" in p for p in evidence.shared_phrases)
    assert any("搅拌站" in p for p in evidence.shared_phrases)


def test_the_same_caller_ranks_first_and_is_shown_even_with_other_words() -> None:
    mine = replace(REWORDED, number="A-2", caller="caller-a")
    first, second = find_duplicates(APPEAL, [REWORDED, mine])
    assert (first.number, first.evidence.same_caller) == ("A-2", True)
    assert first.score > second.score
    other_matter = replace(UNRELATED, number="B-2", caller="caller-a")
    [match] = find_duplicates(APPEAL, [other_matter])
    assert match.verdict is Verdict.RELATED  # a repeat caller is worth showing, not merging
    assert match.evidence.same_caller


def test_the_same_text_from_another_district_is_related_at_most() -> None:
    elsewhere = replace(REWORDED, number="C-1", title=APPEAL.title, content=APPEAL.content,
                        place=Place(district="开福区", community="丽发新城社区"))
    [match] = find_duplicates(APPEAL, [elsewhere])
    assert match.evidence.place is PlaceMatch.DIFFERENT
    assert match.evidence.similarity > 0.9
    assert match.verdict is Verdict.RELATED


def test_spots_that_overlap_count_as_the_same_place() -> None:
    appeal = replace(APPEAL, place=Place(spot="万家丽南路丽发新城小区3栋"))
    candidate = replace(REWORDED, place=Place(spot="丽发新城小区"))
    [match] = find_duplicates(appeal, [candidate])
    assert match.evidence.place is PlaceMatch.SAME_SPOT


def test_orders_outside_the_window_are_not_candidates() -> None:
    old = replace(REWORDED, accepted_at=NOW - timedelta(days=45))
    assert find_duplicates(APPEAL, [old]) == []
    assert find_duplicates(APPEAL, [old], DuplicateSettings(window_days=60))[0].number == "A-1"


def test_thresholds_are_configuration() -> None:
    strict = DuplicateSettings(duplicate_similarity=0.99, same_place_duplicate_similarity=0.99,
                               same_caller_duplicate_similarity=0.99)
    assert find_duplicates(APPEAL, [REWORDED], strict)[0].verdict is Verdict.RELATED
    assert find_duplicates(APPEAL, [REWORDED], DuplicateSettings(related_similarity=0.0, max_results=1))
    assert find_duplicates(APPEAL, [UNRELATED]) == []  # nothing in common: not even related


def test_results_are_capped_and_duplicates_come_first() -> None:
    copies = [replace(REWORDED, number=f"D-{n}") for n in range(30)]
    matches = find_duplicates(APPEAL, [*copies, replace(UNRELATED, caller="caller-a")])
    assert len(matches) == DuplicateSettings().max_results
    assert all(m.verdict is Verdict.DUPLICATE for m in matches)


@pytest.mark.parametrize("text", [
    "", "   ", "😀🙏🔥" * 200, "hello world, just testing", "\x00\x01\ud800\ufffd", "锟斤拷烫烫烫" * 3,
    "12345678901234567890", "字" * 2_000_000,
])
def test_bad_input_never_raises_and_finds_nothing(text: str) -> None:
    appeal = replace(APPEAL, title=text, content=text)
    assert find_duplicates(appeal, [replace(REWORDED, title=text, content=text)]) == [] or text.startswith("锟")
    find_duplicates(APPEAL, [replace(REWORDED, title=text, content=text)])  # a bad candidate is harmless too
    assert isinstance(search_phrases(text, text), list)


def test_unusable_appeal_text_finds_nothing_even_from_the_same_caller() -> None:
    appeal = replace(APPEAL, title="😀", content="？？？")
    assert find_duplicates(appeal, [replace(REWORDED, caller="caller-a")]) == []


def test_naive_and_aware_times_mix_without_error() -> None:
    aware = replace(REWORDED, accepted_at=(NOW - timedelta(days=2)).replace(tzinfo=UTC))
    assert find_duplicates(APPEAL, [aware])[0].evidence.gap == timedelta(days=2)


def test_search_phrases_are_distinctive_and_found_in_a_reworded_repeat() -> None:
    mine = search_phrases(APPEAL.title, APPEAL.content)
    assert 1 <= len(mine) <= 6 and all(3 <= len(p) <= 4 for p in mine)
    assert not any(p in q for p in mine for q in mine if p is not q)  # no phrase inside another
    assert any(p in REWORDED.title + REWORDED.content for p in mine)
    assert not any(p in UNRELATED.title + UNRELATED.content for p in mine)
    assert search_phrases("", "") == [] and search_phrases("😀🙏", "hello ？？？") == []
    assert not any(p in "希望相关部门尽快处理" for p in search_phrases("", "希望相关部门尽快处理，谢谢"))  # boilerplate


def test_precision_and_recall_on_the_labelled_real_pairs() -> None:
    from bench.duplicates import load_messages, load_pairs, score_pairs

    score = score_pairs(load_messages(), load_pairs())
    assert score.pairs >= 300
    assert score.precision >= 0.88, score
    assert score.recall >= 0.90, score
    assert score.related_or_duplicate / score.positives >= 0.97, score
