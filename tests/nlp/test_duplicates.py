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


LAMP = Candidate(number="L-1", title="路灯坏了", content="小区门口的路灯坏了，晚上一片漆黑",
                 accepted_at=NOW - timedelta(days=4), caller="caller-a")
CALLING_AGAIN = Appeal(title="", content="我之前打过电话反映过，门口路灯还是不亮，怎么还没人修", at=NOW,
                       caller="caller-a")


def test_the_same_caller_calling_again_about_the_open_order_is_a_duplicate_with_the_cues() -> None:
    [match] = find_duplicates(CALLING_AGAIN, [LAMP])
    assert match.verdict is Verdict.DUPLICATE
    evidence = match.evidence
    assert evidence.same_caller and evidence.repeat_call
    assert evidence.similarity < DuplicateSettings().same_caller_duplicate_similarity  # the text alone: related
    assert evidence.repeat_cues[:2] == ("之前打过电话", "反映过") and "还是不亮" in evidence.repeat_cues
    assert "路灯" in evidence.shared_phrases  # the matter both name
    without = find_duplicates(CALLING_AGAIN, [LAMP], DuplicateSettings(repeat_calls=False))
    assert without[0].verdict is Verdict.RELATED  # what the walkthrough saw


def test_another_caller_with_the_same_words_is_not_promoted_by_the_cues() -> None:
    stranger = replace(LAMP, caller="caller-b")
    [match] = find_duplicates(CALLING_AGAIN, [stranger], DuplicateSettings(related_similarity=0))
    assert match.verdict is Verdict.RELATED and match.evidence.repeat_cues == () and not match.evidence.repeat_call


def test_the_same_caller_without_cues_stays_related() -> None:
    plain = replace(CALLING_AGAIN, content="门口那盏灯晚上不亮，走路看不见")
    [match] = find_duplicates(plain, [LAMP])
    assert match.verdict is Verdict.RELATED and match.evidence.repeat_cues == ()


@pytest.mark.parametrize("content", [
    "我之前打过电话反映过，小区门口垃圾堆了一个星期没人清",  # another matter at the same gate (小区门口 is no matter)
    "我之前反映过，咨询一下孩子上学办居住证要什么材料",
    "我昨天打过电话，小区停车位被占的事怎么还没人管",  # shares the bigram 区停 with 小区停水, not a word
])
def test_cues_about_another_matter_keep_the_caller_s_order_related(content: str) -> None:
    water = replace(LAMP, title="小区停水", content="我们小区从昨天早上开始停水，没有任何通知")
    for earlier in (LAMP, water):
        matches = find_duplicates(replace(CALLING_AGAIN, content=content), [earlier])
        assert all(m.verdict is Verdict.RELATED for m in matches), (content, earlier.title)


def test_the_caller_s_estate_is_a_place_not_a_shared_matter() -> None:
    estate = Place(community="丽发新城社区")
    mixer = replace(LAMP, title="搅拌站噪音", content="丽发新城小区旁边新建的搅拌站噪音很大", place=estate)
    lamp_call = replace(CALLING_AGAIN, content="我之前打过电话，丽发新城小区门口路灯还是不亮", place=estate)
    [match] = find_duplicates(lamp_call, [mixer])
    # the cues refer to another matter (the lamp): they are not shown beside the mixing plant
    assert match.verdict is Verdict.RELATED and not match.evidence.repeat_cues


def test_a_level_one_topic_that_differs_keeps_the_caller_s_order_related() -> None:
    filed = replace(LAMP, topic="城乡建设/市政设施")
    assert find_duplicates(replace(CALLING_AGAIN, topic="城乡建设"), [filed])[0].verdict is Verdict.DUPLICATE
    assert find_duplicates(replace(CALLING_AGAIN, topic="劳动和社会保障"), [filed])[0].verdict is Verdict.RELATED


def test_words_that_only_say_the_matter_is_still_open_need_more_text_in_common() -> None:
    # 一直不亮 says no more than that the lamp is still out, which a first call says too: with as little text
    # in common as a repeat call that says it called before, the caller's order stays related.
    still = replace(CALLING_AGAIN, content="门口路灯一直不亮，晚上黑乎乎的")
    [match] = find_duplicates(still, [LAMP])
    assert match.evidence.repeat_cues == ("一直不亮",) and "路灯" in match.evidence.shared_phrases
    assert match.evidence.similarity < DuplicateSettings().still_open_similarity
    assert match.verdict is Verdict.RELATED
    assert find_duplicates(still, [LAMP], DuplicateSettings(still_open_similarity=0.1))[0].verdict is Verdict.DUPLICATE
    said_so = replace(still, content="之前打过电话，" + still.content)
    assert find_duplicates(said_so, [LAMP])[0].verdict is Verdict.DUPLICATE


def test_a_place_conflict_still_caps_a_repeat_call_at_related() -> None:
    appeal = replace(CALLING_AGAIN, place=Place(district="雨花区"))
    [match] = find_duplicates(appeal, [replace(LAMP, place=Place(district="岳麓区"))])
    assert match.verdict is Verdict.RELATED and match.evidence.place is PlaceMatch.DIFFERENT


def test_the_phone_style_repeat_calls_are_found_and_other_matters_are_not_merged() -> None:
    from bench.duplicates import NO_REPEAT_CALLS, score_calls

    before, after = score_calls(settings=NO_REPEAT_CALLS), score_calls()
    assert after.false_positives == 0, after
    assert after.recall >= 0.6 > before.recall, (before, after)


def test_the_cues_are_shown_beside_an_order_already_a_duplicate_by_its_text() -> None:
    again = replace(CALLING_AGAIN, content=f"我之前打过电话反映过，{LAMP.content}")
    [match] = find_duplicates(again, [replace(LAMP)])
    assert match.verdict is Verdict.DUPLICATE and match.evidence.similarity >= 0.30
    assert match.evidence.repeat_cues[:2] == ("之前打过电话", "反映过")
