"""Appeal typing: cue rules alone (no model), and the refinement of the model's three classes."""

from __future__ import annotations

import random

import pytest

from hotline.domain.enums import AppealType
from hotline.nlp.appeal_type import (
    COMPLAINT_HELP_CLASS,
    INQUIRY_CLASS,
    SUGGESTION_CLASS,
    TO_THREE_CLASSES,
    AppealTyper,
    cues,
    refine,
)
from hotline.nlp.classifier import ClassifierConfig, Sample, TextClassifier, as_words

RULES = AppealTyper(None)


@pytest.mark.parametrize("title, content, expected", [
    ("", "我要实名举报某餐馆无证经营，后厨脏乱", AppealType.REPORT),
    ("表扬", "感谢社区工作人员耐心帮助，特送锦旗表扬", AppealType.PRAISE),
    ("公积金提取", "请问公积金怎么提取？需要什么材料？", AppealType.INQUIRY),
    ("", "建议在小区门口增设红绿灯，方便老人过马路", AppealType.SUGGESTION),
    ("投诉物业", "物业不作为，推诿扯皮，乱收费", AppealType.COMPLAINT),
    ("", "家里停水两天了，请帮忙联系自来水公司维修", AppealType.HELP),
    ("", "", AppealType.OTHER),
    ("😀", "hello", AppealType.OTHER),
    ("", "今天天气晴朗", AppealType.OTHER),
])
def test_rules_alone_give_a_type(title: str, content: str, expected: AppealType) -> None:
    result = RULES.classify(title, content)
    assert result.appeal_type == expected
    assert result.source == "rules" and result.model is None and result.confidence == 0.0
    if expected != AppealType.OTHER:
        assert result.reasons  # the cue words that decided it


def test_rules_work_on_traditional_and_full_width_text() -> None:
    assert RULES.classify("", "請問醫保怎麼報銷？").appeal_type == AppealType.INQUIRY
    assert RULES.classify("", "我要舉報違章建築").appeal_type == AppealType.REPORT


def test_asking_how_to_report_is_an_inquiry() -> None:
    assert RULES.classify("", "请问如何举报传销？").appeal_type == AppealType.INQUIRY


def test_praise_with_complaint_is_not_praise() -> None:
    assert RULES.classify("", "感谢信？物业不作为，投诉多次").appeal_type == AppealType.COMPLAINT


def test_hostile_input_never_raises() -> None:
    for text in ["\udcff\ufffd", "x" * 100_000, "举报" * 50_000, "\x00" * 10]:
        assert isinstance(RULES.classify(text, text).appeal_type, AppealType)


@pytest.mark.parametrize("three_class, text, expected", [
    (COMPLAINT_HELP_CLASS, "举报工地夜间施工", AppealType.REPORT),
    (COMPLAINT_HELP_CLASS, "投诉物业乱收费", AppealType.COMPLAINT),
    (COMPLAINT_HELP_CLASS, "小区物业乱收停车费，业主意见很大", AppealType.COMPLAINT),  # no 投诉, but blame
    (COMPLAINT_HELP_CLASS, "物业多收了两个月的物业费", AppealType.COMPLAINT),
    (COMPLAINT_HELP_CLASS, "路灯坏了请帮忙修一下", AppealType.HELP),
    (COMPLAINT_HELP_CLASS, "小区门口积水严重", AppealType.HELP),  # no blame: a request for help
    (SUGGESTION_CLASS, "建议增设公交线路", AppealType.SUGGESTION),
    (SUGGESTION_CLASS, "为社区医生点赞，送锦旗", AppealType.PRAISE),
    (INQUIRY_CLASS, "社保卡怎么补办", AppealType.INQUIRY),
])
def test_refine_splits_the_three_classes(three_class: str, text: str, expected: AppealType) -> None:
    kind, _ = refine(three_class, cues(text), text, inquiry_confidence=0.9 if three_class == INQUIRY_CLASS
                           else 0.1)
    assert kind == expected


def test_every_type_folds_to_a_class_or_none() -> None:
    assert set(TO_THREE_CLASSES) == set(AppealType)
    assert TO_THREE_CLASSES[AppealType.OTHER] is None
    assert {v for v in TO_THREE_CLASSES.values() if v} == {INQUIRY_CLASS, SUGGESTION_CLASS, COMPLAINT_HELP_CLASS}


def _three_class_model() -> TextClassifier:
    rng = random.Random(3)
    phrases = {
        INQUIRY_CLASS: ["请问", "怎么办理", "需要什么材料", "在哪里办", "是否可以"],
        SUGGESTION_CLASS: ["建议", "希望增设", "呼吁", "提议", "可以考虑"],
        COMPLAINT_HELP_CLASS: ["严重影响", "一直没人管", "问题很大", "无法正常生活", "反映多次"],
    }
    topics = ["公积金", "停车位", "公交线路", "垃圾清运", "学校招生", "社保卡"]
    samples = [Sample("", f"{rng.choice(topics)}{rng.choice(p)}{rng.choice(topics)}{rng.choice(p)}", label)
               for label, p in phrases.items() for _ in range(40)]
    model = TextClassifier(ClassifierConfig("appeal-test", min_df=1))
    model.fit(samples)
    return model


def test_model_and_rules_together() -> None:
    typer = AppealTyper(_three_class_model())
    inquiry = typer.classify("", "请问社保卡怎么办理，需要什么材料？")
    assert inquiry.appeal_type == AppealType.INQUIRY and inquiry.source == "model+rules"
    assert 0 < inquiry.confidence <= 1 and inquiry.model is not None and inquiry.label_zh == "咨询"
    assert typer.classify("", "建议希望增设公交线路").appeal_type == AppealType.SUGGESTION
    assert typer.classify("", "垃圾清运一直没人管，严重影响，投诉").appeal_type == AppealType.COMPLAINT
    assert typer.classify("", "停车位问题很大，反映多次，举报").appeal_type == AppealType.REPORT
    # Nothing the model can read: the rules still answer.
    assert typer.classify("😀", "").appeal_type == AppealType.OTHER
    assert typer.classify("😀", "").source == "rules"


def test_cue_words_and_model_terms_read_as_words_together() -> None:
    typer = AppealTyper(_three_class_model())
    result = typer.classify("", "请问社保卡怎么办理，需要什么材料？社保卡在哪里办")
    assert result.source == "model+rules" and result.reasons
    assert not [(a, b) for a in result.reasons for b in result.reasons if a != b and a in b], result.reasons
    assert result.reasons[0] in "请问社保卡怎么办理，需要什么材料？"  # the cue words first


@pytest.mark.parametrize("terms, limit, words", [
    (["物业", "物", "业", "花", "花园", "管"], 5, ("物业", "花园", "管")),
    (["坏", "坏了", "楼"], 5, ("坏了", "楼")),
    (["路", "灯", "路灯坏"], 5, ("路灯坏",)),  # one word takes the place of both its pieces
    (["a", "b", "c", "d"], 2, ("a", "b")),
    (["", "x"], 3, ("x",)),
])
def test_as_words(terms: list[str], limit: int, words: tuple[str, ...]) -> None:
    assert as_words(terms, limit) == words
