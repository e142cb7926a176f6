"""The emergency model: a second opinion where the alert rules are silent (``hotline.nlp.emergency_model``)."""

from __future__ import annotations

import pytest

from hotline.nlp.alerts import detect_alerts
from hotline.nlp.classifier import Sample, TextClassifier
from hotline.nlp.emergency_model import (
    CONFIG,
    LINES,
    NOT_EMERGENCY,
    SECOND_OPINION_AT,
    example_calls,
    second_opinion,
    training_samples,
)

ORDINARY = [Sample("小区路灯坏了", "路灯坏了一个月没人修，晚上很黑", "城乡建设"),
            Sample("", "咨询公积金提取需要什么材料", "咨询"),
            Sample("投诉烧烤店", "楼下烧烤店油烟扰民，每天开到凌晨", "环境保护")]
# Emergencies the rules do not catch (no phrase of the lexicon, told as a scene): the model's part.
UNSEEN_BY_RULES = [("对门那家的孩子一直在哭喊妈妈别打了，已经快半个小时了，还有东西摔碎的声音", "110"),
                   ("楼顶上站着个女的，一直在哭，脚都踩到边上了", "110")]


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    trained = TextClassifier(CONFIG)
    trained.fit(training_samples(ORDINARY), None, 0)
    return trained


def test_the_example_calls_are_labelled_with_a_line_or_none() -> None:
    calls = example_calls()
    labels = {s.label for s in calls}
    assert labels == {*LINES, NOT_EMERGENCY}
    assert sum(s.label != NOT_EMERGENCY for s in calls) > 1000 and sum(s.label == NOT_EMERGENCY for s in calls) > 900
    assert not [s for s in calls if not s.content.strip() or s.content.startswith("text")]  # no header rows


def test_ordinary_appeals_join_as_none_up_to_the_limit() -> None:
    samples = training_samples(ORDINARY * 10, limit=7)
    assert len(samples) == len(example_calls()) + 7
    assert {s.label for s in samples[-7:]} == {NOT_EMERGENCY}


@pytest.mark.parametrize("text, line", UNSEEN_BY_RULES)
def test_the_model_catches_a_scene_the_rules_miss(model: TextClassifier, text: str, line: str) -> None:
    assert not detect_alerts("", text).emergencies
    opinion = second_opinion(model.predict("", text))
    assert opinion is not None and opinion.line == line
    assert SECOND_OPINION_AT <= opinion.confidence <= 1 and opinion.terms
    assert second_opinion(model.predict("", text), at=1.01) is None


@pytest.mark.parametrize("title, content", [
    ("", "小区路灯坏了一个多月了，晚上出行不方便，希望尽快修"),
    ("", "我想咨询一下120急救车是怎么收费的"),
    ("", "去年楼下着过一次火，现在消防通道又被堵了"),
    ("", ""), ("😀", "🎉"),
])
def test_ordinary_and_unreadable_text_gets_no_second_opinion(model: TextClassifier, title: str, content: str
                                                             ) -> None:
    assert second_opinion(model.predict(title, content)) is None
