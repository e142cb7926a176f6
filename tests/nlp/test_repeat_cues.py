"""Repeat-call cues: what a caller says when phoning again, and the look-alikes that are not cues."""

from __future__ import annotations

import pytest

from hotline.nlp.repeat_cues import repeat_cues


@pytest.mark.parametrize(("text", "reported", "unresolved"), [
    ("我之前打过电话反映过，门口路灯还是不亮，怎么还没人修", ("之前打过电话", "反映过"), ("还是不亮", "怎么还没人")),
    ("上次反映的北门市场的问题怎么没有回复呢", ("上次反映",), ()),
    ("再次投诉，噪音依旧", ("再次投诉",), ("依旧",)),
    ("我打过两次12345了", ("打过两次12345",), ()),
    ("我已经向你们反映过三次了", ("反映过",), ()),
    ("麻烦帮我催一下", ("帮我催",), ()),
    ("上周打了电话，到现在还没人来", ("上周打了电话",), ("到现在还没人",)),
])
def test_a_caller_phoning_again_says_so(text: str, reported: tuple[str, ...], unresolved: tuple[str, ...]) -> None:
    cues = repeat_cues(text)
    assert (cues.reported, cues.unresolved) == (reported, unresolved)
    assert cues and cues.all == reported + unresolved


@pytest.mark.parametrize("text", [
    "小区门口的路灯坏了，晚上一片漆黑",
    "配套资源少之又少，又没有业委会",  # 又 as "and also"
    "请问是找社区还是找街道",  # 还是 as "or"
    "十点之前必须搬走",  # 之前 as "before"
    "房子已经成为了危房",  # 已经 describing the problem
    "公司多次催款，催收电话不断",  # a debt, not 催办
    "我一下没反应过来",  # "to realise"
    "之前向物业反映过，没人管",  # reported to the property, not the hotline
    "物业给我打过电话说下周修",  # being called
    "他打过电话给我",
    "服务还是不错的",
    "",
    "😀" * 5000,
])
def test_look_alikes_are_not_cues(text: str) -> None:
    assert not repeat_cues(text) and repeat_cues(text).all == ()


def test_huge_input_is_read_only_at_its_start() -> None:
    assert repeat_cues("字" * 2_000_000 + "我之前打过电话").all == ()
    assert repeat_cues("我之前打过电话" + "字" * 2_000_000).reported == ("之前打过电话",)
