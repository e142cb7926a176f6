"""The unit-routing corpus: unit names, answer passages, and records kept whole in splits."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from hotline.nlp import corpora
from hotline.nlp.classifier import ClassifierConfig, Sample, TextClassifier
from hotline.nlp.training import UNIT, train_task


def test_unit_name_variants_meet() -> None:
    same = ["交管局", "北京市公安局公安交通管理局", "北京公安局公安交通管理局", "北京市交管局"]
    assert {corpora.normalize_unit_name(n) for n in same} == {"交管局"}
    assert corpora.normalize_unit_name("北京市医疗保障局、首都之窗") == "医保局"  # the lead unit
    assert corpora.normalize_unit_name("北京市人力资源和社会保障局") == "人力资源社会保障局"
    assert corpora.normalize_unit_name("交通委") != corpora.normalize_unit_name("交管局")  # two bodies
    assert corpora.normalize_unit_name("  ") is None


def test_answer_passages_cut_at_sentence_ends() -> None:
    answer = ("第一句话比较短。" + "第二句话要长一些，讲清楚申请需要准备的全部材料和办理的地点；"
              + "第三句。第四句也很短！" + "最后一句没有句号")
    passages = corpora.answer_passages(answer, passage=20)
    assert "".join(passages) == answer  # nothing lost, nothing added
    assert all(len(p) >= 20 for p in passages[:-1])  # short sentences are joined …
    assert passages[0].startswith("第一句话比较短。第二句话") and passages[0].endswith("；")  # … at sentence ends
    assert passages[-1].endswith("最后一句没有句号")
    assert len(corpora.answer_passages(answer, passage=1)) == 5  # one sentence each
    assert corpora.answer_passages(answer, limit=10, passage=1) == ["第一句话比较短。", "第二"]
    assert corpora.answer_passages("") == []
    assert corpora.answer_passages("。。  ") == ["。。"]


def test_unit_examples_question_first_then_passages() -> None:
    first = "携带本人身份证和相关证明材料到任意一个管理部的柜台办理提取业务。"
    second = "也可以登录网上业务平台或者手机应用办理，提取的钱款三个工作日内到账。"
    examples = corpora.unit_examples("公积金怎么提取？", first + second, "公积金中心")
    assert examples[0] == Sample("公积金怎么提取？", "", "公积金中心")
    assert [e.content for e in examples[1:]] == [first, second]
    assert all(e.label == "公积金中心" and not e.title for e in examples[1:])


def _unit_file(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = root / corpora.UNIT_QUESTIONS
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["用户问题", "正文内容", "处理单位"])
        writer.writerows(rows)
    return root


def test_unit_corpus_ties_passages_to_their_question(tmp_path: Path) -> None:
    root = _unit_file(tmp_path, [
        ("驾驶证到期怎么换？", "到车管所办理换证。需要带身份证和驾驶证原件以及体检证明。",
         "北京市公安局公安交通管理局"),
        ("没有单位的问题", "答案。", ""),
        ("公积金怎么提取？", "", "住房公积金管理中心"),
        ("社保怎么转移？", "登录网上服务平台申请转移。", "人社局"),
    ])
    corpus = corpora.unit_corpus(root)
    assert len(corpus.origins) == len(corpus.samples)
    questions = [(s, o) for s, o in zip(corpus.samples, corpus.origins, strict=True) if s.title]
    assert [(s.title, s.label) for s, _ in questions] == [
        ("驾驶证到期怎么换？", "交管局"), ("公积金怎么提取？", "住房公积金管理中心"),
        ("社保怎么转移？", "人力资源社会保障局")]
    assert len({o for _, o in questions}) == 3
    for s, o in zip(corpus.samples, corpus.origins, strict=True):
        if not s.title:  # a passage: same origin and label as its question
            question = next(q for q, qo in questions if qo == o)
            assert s.label == question.label and s.content in {
                "到车管所办理换证。需要带身份证和驾驶证原件以及体检证明。", "登录网上服务平台申请转移。"}
    assert corpus.sources == {f"{corpora.UNIT_QUESTIONS} (questions)": 3,
                              f"{corpora.UNIT_QUESTIONS} (answer passages)": 2}
    assert [s.title for s in corpora.unit_corpus(root, with_answers=False).samples] == [q.title for q, _ in questions]


def test_corpus_origins_default_to_one_record_per_sample() -> None:
    corpus = corpora.Corpus()
    corpus.extend("a", [Sample("x", "", "1"), Sample("y", "", "1")])
    corpus.extend("b", [Sample("z", "", "2")])
    assert corpus.origins == [0, 1, 2]
    corpus.extend("c", [Sample("", "z 的答案", "2")], [2])  # explicitly: the same record as "z"
    assert corpus.origins == [0, 1, 2, 2]
    with pytest.raises(ValueError):
        corpus.extend("d", [Sample("w", "", "1")], [])


def test_join_origins_joins_clusters_transitively() -> None:
    groups = [0, 1, 1, 3, 4, 5]
    origins = [7, 8, 9, 9, 7, 10]
    # 0 and 4 share an origin; 1 and 2 a cluster; 2 and 3 an origin: {0, 4}, {1, 2, 3}, {5}.
    assert corpora.join_origins(groups, origins) == [0, 1, 1, 1, 0, 5]
    assert corpora.join_origins([0, 1, 2], [0, 1, 2]) == [0, 1, 2]
    with pytest.raises(ValueError):
        corpora.join_origins([0], [0, 1])


def test_unit_held_out_metric_keeps_answers_of_test_questions_out(tmp_path: Path) -> None:
    """Each question shares nothing with the others but its answer names its unit's word: the held-out
    metric is right only if the answer passages of a test question trained the model (a leak)."""
    rng = random.Random(3)
    samples: list[Sample] = []
    origins: list[int] = []
    for k in range(120):
        unit = f"U{k % 2}"
        token = "".join(rng.choice("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥") for _ in range(6))
        samples.append(Sample(f"{token}怎么办", "", unit))
        origins.append(k)
        samples.append(Sample("", f"{token}的事情请联系我们。", unit))
        origins.append(k)
    joined = train_task(UNIT, samples, tmp_path / "joined", origins=origins, config=ClassifierConfig(UNIT, c=3.0))
    leaky = train_task(UNIT, samples, tmp_path / "leaky", config=ClassifierConfig(UNIT, c=3.0))
    assert joined.metrics["accuracy"] < 0.75  # nothing to learn from but the leak: about chance
    assert leaky.metrics["accuracy"] > 0.9  # the same data split by text alone: the leak is real


def test_unit_temperature_is_fitted_on_titles() -> None:
    """Content-only passages are easy (long, full of the unit's words); questions are not (a third of
    them use the other unit's word). Calibrated on questions only, the model is less sure of a question
    than when calibrated on the passages too."""
    rng = random.Random(4)
    words = {"U0": "车辆驾驶证号牌违章", "U1": "社保养老失业工伤"}
    samples = []
    for k in range(400):
        unit, other = f"U{k % 2}", f"U{1 - k % 2}"
        asked = words[other] if rng.random() < 0.3 else words[unit]
        samples.append(Sample(rng.choice(asked) + rng.choice(asked) + "怎么办", "", unit))
        samples.append(Sample("", "".join(rng.choice(words[unit]) for _ in range(30)), unit))
    groups = [k // 2 for k in range(len(samples))]
    on_all = TextClassifier(ClassifierConfig(UNIT))
    on_titles = TextClassifier(ClassifierConfig(UNIT, calibrate_on_titles=True))
    on_all.fit(samples, groups)
    on_titles.fit(samples, groups)
    assert on_all.summary is not None and on_titles.summary is not None
    assert on_titles.summary.calibration_samples < on_all.summary.calibration_samples  # questions only
    assert on_titles.summary.temperature > 2 * on_all.summary.temperature
    assert on_titles.predict("车辆怎么办", "").confidence < on_all.predict("车辆怎么办", "").confidence


def test_train_all_tests_unit_questions_only(tmp_path: Path) -> None:
    """From the public 政务问答 file, train_all keeps each question with its answer passages: the held-out
    metric is computed on questions (one per held-out record), never on a passage."""
    from hotline.nlp import artifacts
    from hotline.nlp.training import HOLD_OUT, train_all

    rng = random.Random(8)
    chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土"
    rows = []
    for k in range(60):
        token = "".join(rng.choice(chars) for _ in range(8))
        answer = "".join(f"第{n}点，{token}{''.join(rng.choice(chars) for _ in range(30))}。" for n in range(3))
        rows.append((f"{token}怎么办理？", answer, ["交通委", "应急局"][k % 2]))
    root = _unit_file(tmp_path / "data", rows)
    report = train_all(root, tmp_path / "models")
    model = report.models[UNIT]
    assert model.samples > 2 * len(rows)  # questions and several passages each
    assert model.metrics["test_samples"] == int(HOLD_OUT * len(rows))
    meta = artifacts.read_meta(tmp_path / "models", UNIT)
    assert meta.training["sources"][f"{corpora.UNIT_QUESTIONS} (answer passages)"] == model.samples - len(rows)
