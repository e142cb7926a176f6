"""The two topic models together: the level-1 model decides the level-1 topic, the level-2 model divides it."""

from __future__ import annotations

import pytest

from hotline.nlp.classifier import ClassifierConfig, Sample, TextClassifier
from hotline.nlp.textnorm import analyse
from hotline.nlp.topic_levels import guess_topic, parent_of

NOISE = ["烧烤店油烟扰民", "KTV噪音扰民到深夜", "广场舞音响太吵", "工地夜间施工噪音", "饭店油烟直排"]
WATER = ["小区停水两天", "自来水发黄有异味", "水管爆裂漏水", "水压太低用不了热水器", "水表坏了"]
SCHOOL = ["孩子入学报名咨询", "学校乱收补课费", "幼儿园学位不够", "中考加分政策咨询", "学区划分不合理"]


def _model(name: str, groups: list[tuple[list[str], str]]) -> TextClassifier:
    model = TextClassifier(ClassifierConfig(name))
    model.fit([Sample(t, f"{t}，第{i}次反映", label) for i in range(6) for texts, label in groups for t in texts])
    return model


@pytest.fixture(scope="module")
def level1() -> TextClassifier:
    return _model("topic-level1", [(NOISE, "环境保护"), (WATER, "城乡建设"), (SCHOOL, "教育文体")])


@pytest.fixture(scope="module")
def level2() -> TextClassifier:
    # A young centre's sub-topics: 供水 and 排水 under 城乡建设 told apart, noise mislabelled under 城乡建设
    # too, a stale sub-topic whose level-1 topic the level-1 model does not know, nothing under 教育文体.
    return _model("topic-level2", [(WATER[:3], "城乡建设/供水"), (WATER[3:], "城乡建设/排水"),
                                   (NOISE, "城乡建设/噪音"), (SCHOOL[:2], "旧分类/教育")])


def test_the_level_1_model_decides_the_level_1_topic(level1: TextClassifier, level2: TextClassifier) -> None:
    text = analyse("广场舞音响太吵", "")
    alone = level2.predict_analysed(text)
    assert alone.label == "城乡建设/噪音"  # the level-2 model alone files noise under 城乡建设
    guess = guess_topic(level1, level2, text)
    assert guess is not None
    assert guess.candidates[0].label == "环境保护"  # no sub-topic under it: the level-1 topic itself
    assert max(guess.level1, key=guess.level1.__getitem__) == "环境保护"
    assert guess.version == f"{level1.version}+{level2.version}"


def test_the_level_2_model_divides_the_level_1_share(level1: TextClassifier, level2: TextClassifier) -> None:
    text = analyse("小区停水两天了", "")
    guess = guess_topic(level1, level2, text)
    assert guess is not None
    assert guess.candidates[0].label == "城乡建设/供水"
    under = sum(c.confidence for c in guess.candidates if parent_of(c.label) == "城乡建设")
    # the sub-topics of 城乡建设 share exactly its level-1 probability (up to rounding down)
    assert under <= guess.level1["城乡建设"] + 1e-9
    assert under == pytest.approx(guess.level1["城乡建设"], abs=0.05)
    assert "城乡建设" not in {c.label for c in guess.candidates}  # divided: the level-1 topic is not listed
    assert all(parent_of(c.label) != "旧分类" for c in guess.candidates)  # unknown to the level-1 model
    assert any("停水" in word for word in guess.reasons)  # the level-2 model's words for 供水


def test_either_model_alone(level1: TextClassifier, level2: TextClassifier) -> None:
    text = analyse("", "学校乱收补课费，家长意见很大")
    only1 = guess_topic(level1, None, text)
    assert only1 is not None and only1.candidates[0].label == "教育文体" and only1.version == level1.version
    assert sum(only1.level1.values()) == pytest.approx(1.0, abs=1e-3)
    only2 = guess_topic(None, level2, text)
    assert only2 is not None and only2.level1 == {} and only2.version == level2.version
    assert [c.label for c in only2.candidates] == [c.label for c in level2.predict_analysed(text).candidates]
    assert guess_topic(None, None, text) is None
    assert guess_topic(level1, level2, analyse("😀😀", "")) is None  # nothing either model knows
