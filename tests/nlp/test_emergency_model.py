"""The emergency model: a second opinion where the alert rules are silent (``hotline.nlp.emergency_model``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hotline.nlp.alerts import detect_alerts
from hotline.nlp.classifier import Sample, TextClassifier
from hotline.nlp.corpora import appeal_corpus, near_duplicate_groups, sample_text, topic_corpus
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
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
MEASURED = sorted((Path(__file__).resolve().parents[2] / "bench" / "data").glob("emergency_*.tsv"))
# The walkthrough's everyday appeals, each sharing words with an emergency (有人在…, 着火, 打伤, 煤气, 被骗). Before
# everyday_none.tsv the model gave three of them 疑似紧急 (有人在网上骂我: 110 at 0.96, on the word 有人在 alone).
EVERYDAY = ["有人在网上骂我", "有人在小区里遛狗不牵绳", "有人在楼道里抽烟", "有人在河边钓鱼",
            "邻居家着火后的赔偿问题怎么处理", "去年被打伤的医药费谁出", "煤气费怎么交", "孩子在学校被同学欺负想咨询",
            "网络诈骗被骗了钱怎么报案"]
# Emergencies in the same words that no rule flags: trained with everyday_none.tsv and without someone_in_danger.tsv,
# the model missed the last two (before both files, the third).
SOMEONE_IN_DANGER = [("有人在里面出不来", "119"), ("有人在抢包", "110"), ("有人在路上倒着不动了", "120"),
                     ("有人在烧房子", "119")]


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    trained = TextClassifier(CONFIG)
    trained.fit(training_samples(ORDINARY), None, 0)
    return trained


@pytest.fixture(scope="module")
def as_in_production() -> TextClassifier:
    """Trained as ``hotline train`` trains it on a new centre (``nlp.training.train_all``, ``train_task``): the
    hand-written calls, and 5,000 of the public appeals of the data folder as none; near copies grouped."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"the shared data sets are expected at {SHARED_DATA} (beside the repository)")
    samples = training_samples(topic_corpus(SHARED_DATA).samples + appeal_corpus(SHARED_DATA).samples)
    trained = TextClassifier(CONFIG)
    trained.fit(samples, near_duplicate_groups([sample_text(s) for s in samples]), 0)
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


def test_the_measured_sets_are_not_learned_from() -> None:
    learned = {s.content for s in example_calls()}
    assert len(MEASURED) >= 3  # the unseen calls, the everyday appeals, the short emergencies
    for path in MEASURED:
        with path.open(encoding="utf-8") as f:
            texts = [row["text"] for row in csv.DictReader(f, delimiter="\t")]
        assert texts and not learned & set(texts), path.name


@pytest.mark.parametrize("text", EVERYDAY)
def test_an_everyday_appeal_in_an_emergency_s_words_gets_no_second_opinion(as_in_production: TextClassifier,
                                                                           text: str) -> None:
    assert second_opinion(as_in_production.predict("", text)) is None


@pytest.mark.parametrize("text, line", SOMEONE_IN_DANGER + UNSEEN_BY_RULES)
def test_an_emergency_no_rule_flags_still_gets_one(as_in_production: TextClassifier, text: str, line: str) -> None:
    assert not detect_alerts("", text).emergencies
    opinion = second_opinion(as_in_production.predict("", text))
    assert opinion is not None and opinion.line == line
