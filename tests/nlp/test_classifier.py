"""The generic text classifier: training, predictions, hostile inputs, versioned artifacts."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from hotline.nlp import artifacts
from hotline.nlp.classifier import (
    ClassifierConfig,
    Sample,
    SharedVocabulary,
    TextClassifier,
    _known,
    _Weights,
    share_vocabulary,
)
from hotline.nlp.textnorm import MAX_CHARS, _word_spans, analyse, normalise
from tests.nlp.test_classifier_corpus import topic_samples


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    m = TextClassifier(ClassifierConfig("topic-test", min_df=1))
    m.fit(topic_samples())
    return m


def test_fit_reports_what_it_learned(model: TextClassifier) -> None:
    assert model.summary is not None
    assert model.summary.labels == {"劳动和社会保障": 40, "城乡建设": 40, "教育文体": 40}
    assert model.summary.views > model.summary.samples  # complete samples add title+content views
    assert model.summary.features > 100
    assert model.classes == ["劳动和社会保障", "城乡建设", "教育文体"]


def test_prediction_has_top3_sorted_calibrated_candidates(model: TextClassifier) -> None:
    p = model.predict("小区物业乱收费", "我们小区的物业乱收费，电梯也长期未修")
    assert p.classifiable and p.name == "topic-test" and p.version == "unsaved"
    assert p.label == "城乡建设"
    assert len(p.candidates) == 3
    confidences = [c.confidence for c in p.candidates]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert sum(confidences) <= 1.0 + 1e-6
    assert {c.label for c in p.candidates} == set(model.classes)


def test_title_only_and_content_only(model: TextClassifier) -> None:
    assert model.predict("幼儿园入学学位不足", "").label == "教育文体"
    assert model.predict("", "公司拖欠工资，社保也不给缴纳").label == "劳动和社会保障"


def test_reasons_are_terms_of_the_order(model: TextClassifier) -> None:
    p = model.predict("医保报销迟迟没有到账", "")
    assert 1 <= len(p.reasons) <= 5
    text = normalise("医保报销迟迟没有到账")
    assert all(r in text for r in p.reasons), p.reasons
    assert not model.predict("医保报销", "", explain=False).reasons


@pytest.mark.parametrize("title, content", [
    ("小区物业乱收费", "物业公司每月多收物业费，业主多次反映没人管"),
    ("医保报销迟迟没有到账", "医保报销材料交了三个月，医保中心一直说在审核"),
])
def test_reasons_are_words_not_their_pieces(model: TextClassifier, title: str, content: str) -> None:
    reasons = model.predict(title, content).reasons
    assert reasons and len(set(reasons)) == len(reasons)
    assert not [(a, b) for a in reasons for b in reasons if a != b and a in b], reasons
    assert all(len(r) >= 2 for r in reasons), reasons  # beside words, single characters are noise


def test_character_n_grams_across_words_are_no_reasons(model: TextClassifier) -> None:
    text = analyse("", "业主意见很大")  # jieba: 业主 | 意见 | 很大
    assert text.cuts_a_word("主意见") and text.cuts_a_word("意见很")
    assert not text.cuts_a_word("意见") and not text.cuts_a_word("业主意见")  # a word, a word pair
    assert not text.cuts_a_word("停车")  # not in the text
    reasons = model.predict("", "小区物业乱收停车费，每月多收200元，业主意见很大").reasons
    assert reasons and not {"业主意", "主意见", "意见很"} & set(reasons), reasons


def test_single_characters_are_reasons_only_when_nothing_longer_weighed(model: TextClassifier) -> None:
    # "很" and "老" weigh for these topics too, but beside 学校 and 拖欠工资 they only read as noise.
    assert model.predict("", "孩子上学很难，学校太远").reasons == ("学校",)
    assert model.predict("", "公司拖欠工资三个月了，老板不见人").reasons == ("拖欠工资",)
    assert model.predict("", "学").reasons == ("学",)  # one character the model knows, nothing longer


def test_a_word_pair_across_punctuation_is_not_a_reason_its_words_are(model: TextClassifier) -> None:
    reasons = model.predict("", "孩子，入学。学位，不足").reasons  # the pair "学位 不足" is a feature
    assert reasons and not [r for r in reasons if " " in r], reasons
    assert {"学位", "不足"} & set(reasons), reasons


def test_question_and_exclamation_marks_are_features_but_never_reasons(model: TextClassifier) -> None:
    from hotline.nlp.textnorm import EXCLAIM, QUESTION

    text = analyse("请问医保怎么报销？？", "太过分了！")  # full-width marks fold to ASCII first
    assert dict(zip(text.title.keys.tolist(), text.title.counts.tolist(), strict=True))[QUESTION] == 2
    assert EXCLAIM in text.content.keys.tolist() and EXCLAIM not in text.title.keys.tolist()
    assert not analyse("？！", "").classifiable  # marks alone are nothing to classify
    p = model.predict("医保报销迟迟没有到账？", "")
    assert p.reasons and not {"?", "!", "#"} & set(p.reasons)


@pytest.mark.parametrize("title, content", [
    ("", ""),
    ("   ", "\n\t"),
    ("😀😀👍", "🎉"),
    ("!!!???。。。", "——……"),
    ("\udcff\udcfe", "\ufffd\ufffd\x00\x01"),
    ("锟斤拷锟斤拷", "烫烫烫烫屯屯屯"),  # the Han-looking residue of broken encodings
    ("hello world", "the street light is broken"),  # Latin words the model never saw
])
def test_unusable_text_is_not_classifiable(model: TextClassifier, title: str, content: str) -> None:
    p = model.predict(title, content)
    assert not p.classifiable
    assert p.candidates == () and p.label is None and p.confidence == 0.0


def test_garbled_text_with_some_chinese_still_classifies(model: TextClassifier) -> None:
    garbled = "\udcff小区\x00物业\ufffd乱收费" + bytes(range(256)).decode("latin-1")
    assert model.predict(garbled, "😀电梯故障😀").label == "城乡建设"


def test_encoding_residue_is_dropped_but_the_words_around_it_are_kept() -> None:
    assert normalise("锟斤拷小区物业乱收费烫烫烫") == "小区物业乱收费"
    assert normalise("孩子额头烫烫的，被开水烫了") == "孩子额头烫烫的 被开水烫了"  # 烫 is a word; 烫烫烫 is not


def test_very_long_text_is_capped(model: TextClassifier) -> None:
    head = "学校招生不合理，家长很着急。" * 8000  # ~110,000 characters
    content = head + "医院看病排队太久，挂号难。"
    # Only the start is read, so the cost stays that of a short appeal: the tail adds no feature.
    assert np.array_equal(analyse("", content).keys, analyse("", head[:MAX_CHARS]).keys)
    assert model.predict("", content).label == "教育文体"
    assert model.predict("x" * 100_000, "y" * 100_000).classifiable is False


def test_traditional_characters_are_simplified(model: TextClassifier) -> None:
    assert normalise("學校招生不合理，醫保報銷") == "学校招生不合理 医保报销"
    assert normalise("ＡＢＣ１２３") == "abc 123"
    p_trad = model.predict("學校招生收費過高", "")
    p_simp = model.predict("学校招生收费过高", "")
    assert p_trad.label == p_simp.label == "教育文体"
    assert p_trad.candidates == p_simp.candidates


def test_shared_analysis_gives_the_same_answer(model: TextClassifier) -> None:
    text = analyse("养老金发放标准太低", "")
    assert model.predict_analysed(text) == model.predict("养老金发放标准太低", "")


@pytest.mark.parametrize("text, words", [
    ("业主意见很大", ["业主", "意见", "很大"]),
    ("公积金贷款怎么办理", ["公积金", "贷款", "怎么", "办理"]),
    ("我们小区的电梯长期未修", ["我们", "小区", "的", "电梯", "长期", "未", "修"]),  # no HMM: 未修 stays apart
])
def test_words_are_jiebas_with_its_dictionary_and_no_hmm(text: str, words: list[str]) -> None:
    """Trained models hold hashes of these words: another segmentation would silently change every model's
    features, so the segmenter (rjieba) must keep cutting as jieba did when they were trained."""
    assert [text[start:end] for start, end in _word_spans(text)] == words


def test_the_score_is_the_mean_of_the_views_linear_scores(model: TextClassifier) -> None:
    """Scoring sums each key's tf-idf over the views and gathers its weights once; that must equal the
    textbook score: each view (title, content, both) as an L2-normalised sublinear tf-idf vector, its dot
    product with the weights, averaged, plus the intercept."""
    weights = model._trained()
    text = analyse("小区物业乱收费", "我们小区的物业乱收费，电梯也长期未修，业主意见很大")
    assert len(text.views) == 3
    expected = np.zeros(len(weights.classes), np.float64)
    for view in text.views:
        keys = text.keys[view.positions]
        at = np.searchsorted(weights.keys, keys).clip(max=weights.keys.size - 1)
        known = weights.keys[at] == keys
        values = (1 + np.log(view.counts[known])) * weights.idf[at[known]]
        values /= np.linalg.norm(values)
        expected += values @ weights.coef[at[known]]
    expected = expected / 3 + weights.intercept
    np.testing.assert_allclose(model.decision_scores(text), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 1000, 4099])
def test_the_blocked_vocabulary_search_finds_what_a_binary_search_finds(size: int) -> None:
    rng = np.random.default_rng(size)
    # character n-gram keys are small, hashed word keys have the top bit set; the largest value too
    vocabulary = np.unique(np.concatenate([rng.integers(0, 1 << 40, size // 2, dtype=np.uint64),
                                           rng.integers(1 << 63, (1 << 64) - 1, size - size // 2, dtype=np.uint64,
                                                        endpoint=True)]))
    weights = _Weights(vocabulary, np.ones(vocabulary.size, np.float32), np.zeros((vocabulary.size, 2), np.float32),
                       np.zeros(2, np.float32), ["a", "b"])
    keys = np.unique(np.concatenate([vocabulary[::7], vocabulary[-1:],  # the short last block too
                                     rng.integers(0, (1 << 64) - 1, 300, dtype=np.uint64, endpoint=True),
                                     np.array([0, (1 << 64) - 1], np.uint64)]))
    index, known = _known(weights, keys)
    expected = np.isin(keys, vocabulary)
    assert (known == expected).all() and known.sum() >= min(size, 1)
    assert (vocabulary[index[known]] == keys[known]).all()
    assert "block_starts" not in pickle.loads(pickle.dumps(weights)).__dict__  # rebuilt, not saved


@pytest.mark.parametrize("size, share", [(0, 0.5), (1, 1.0), (63, 0.5), (64, 0.5), (65, 1.0), (1000, 0.3),
                                         (4099, 0.0)])
def test_a_model_finds_its_rows_from_the_union_s_positions(size: int, share: float) -> None:
    """One bit per union key and a count per 64-key word give each key the model's index (words cut at 64)."""
    rng = np.random.default_rng(size)
    union = np.unique(rng.integers(0, (1 << 64) - 1, size, dtype=np.uint64, endpoint=True))
    vocabulary = union[rng.random(union.size) < share]
    shared = SharedVocabulary([vocabulary, union])
    assert (shared.keys == union).all()
    index, has = shared.membership(vocabulary).rows(np.arange(union.size, dtype=np.int32))
    assert (has == np.isin(union, vocabulary)).all()
    assert (vocabulary[index[has]] == union[has]).all()


def test_models_sharing_a_vocabulary_answer_as_they_do_alone(model: TextClassifier) -> None:
    """Models asked about the same orders look each order's keys up once, in the union of their vocabularies:
    the same candidates, confidences and words as each model alone, and nothing of it is saved."""
    other = TextClassifier(ClassifierConfig("other", min_df=1))
    other.fit(topic_samples(per_label=20, seed=7))
    far = TextClassifier(ClassifierConfig("far", min_df=1))  # hardly a key in common with the others
    far.fit([Sample(f"{t}{i}", "", label) for i in range(10) for t, label in
             (("火灾浓烟", "fire"), ("煤气泄漏", "gas"), ("车祸受伤", "crash"))])
    alone = [model, other, far]
    together = [pickle.loads(pickle.dumps(m)) for m in alone]
    share_vocabulary(together)
    shared = [m._trained().shared for m in together]
    assert all(s is not None and s[0] is shared[0][0] for s in shared)  # type: ignore[index]
    union = shared[0][0]  # type: ignore[index]
    texts = [("小区物业乱收费", "电梯长期未修"), ("", "学校乱收补课费"), ("火灾", "楼道浓烟，煤气泄漏"), ("", "😀"),
             ("", "啊" * 5000), ("hello", "world 12345")]
    for title, content in texts:
        text = analyse(title, content)
        for a, b in zip(alone, together, strict=True):
            assert b.predict_analysed(text) == a.predict(title, content)
        assert list(text.lookups) == [union]  # one lookup, kept with the text, for the three models
    saved = pickle.loads(pickle.dumps(together[0]))
    assert saved._trained().shared is None and "shared" not in vars(saved._trained())
    assert saved.predict(*texts[0]) == model.predict(*texts[0])


def test_needs_two_labels() -> None:
    with pytest.raises(ValueError, match="two labels"):
        TextClassifier(ClassifierConfig("one")).fit([Sample("小区物业", "", "城乡建设")] * 5)


def test_binary_task() -> None:
    samples = [s for s in topic_samples() if s.label != "教育文体"]
    m = TextClassifier(ClassifierConfig("binary", min_df=1))
    m.fit(samples)
    p = m.predict("社保缴纳单位不给办理", "")
    assert p.label == "劳动和社会保障" and len(p.candidates) == 2
    assert abs(sum(c.confidence for c in p.candidates) - 1.0) < 1e-3


# -- NBSVM (log-count-ratio scaling) ----------------------------------------------------------------


def test_log_count_ratios_follow_wang_and_manning() -> None:
    import numpy as np
    from scipy import sparse

    from hotline.nlp.classifier import log_count_ratios

    # Feature 0 in both positive rows and no other; feature 1 in one row of each. Values are tf-idf
    # weights, but only presence counts.
    matrix = sparse.csr_matrix(np.array([[0.7, 0.2], [0.3, 0.0], [0.0, 0.9]]))
    r = log_count_ratios(matrix, np.array([True, True, False]))
    # p = 1 + (2, 1) = (3, 2), ‖p‖ = 5; q = 1 + (0, 1) = (1, 2), ‖q‖ = 3.
    assert r == pytest.approx([np.log((3 / 5) / (1 / 3)), np.log((2 / 5) / (2 / 3))])


@pytest.fixture(scope="module")
def nb_model() -> TextClassifier:
    m = TextClassifier(ClassifierConfig("topic-nb", min_df=1, nb_scaling=True))
    m.fit(topic_samples())
    return m


def test_nb_weights_are_the_scaled_svms_folded_into_one_matrix(nb_model: TextClassifier) -> None:
    """Each class's column must score a text exactly as that class's SVM on the r-scaled features does."""
    import numpy as np
    from scipy import sparse
    from sklearn.svm import LinearSVC

    from hotline.nlp.classifier import _matrix, log_count_ratios

    weights = nb_model._trained()
    texts = [analyse(s.title, s.content) for s in topic_samples()]
    labels = np.array([s.label for s, t in zip(topic_samples(), texts, strict=True) for _ in t.views])
    matrix = _matrix(weights, texts)
    for j, label in enumerate(weights.classes):
        positive = labels == label
        r = log_count_ratios(matrix, positive)
        svm = LinearSVC(C=1.0, class_weight={1: len(labels) / (3 * positive.sum()), 0: 1.0}, max_iter=5000)
        svm.fit(matrix @ sparse.diags(r), positive.astype(np.int8))
        expected = svm.decision_function(matrix @ sparse.diags(r))
        folded = matrix @ weights.coef[:, j].astype(np.float64) + weights.intercept[j]
        assert folded == pytest.approx(expected, abs=1e-3)
        assert not np.allclose(weights.coef[:, j], svm.coef_.ravel(), atol=1e-3)  # really scaled


def test_nb_model_predicts_explains_and_round_trips(nb_model: TextClassifier, tmp_path: Path) -> None:
    assert nb_model.predict("幼儿园入学学位不足", "").label == "教育文体"
    assert nb_model.predict("", "公司拖欠工资，社保也不给缴纳").label == "劳动和社会保障"
    p = nb_model.predict("医保报销迟迟没有到账", "")
    assert p.label == "劳动和社会保障" and p.reasons
    assert all(r in normalise("医保报销迟迟没有到账") for r in p.reasons), p.reasons
    artifacts.save(nb_model, tmp_path)
    loaded = artifacts.load(tmp_path, "topic-nb")
    assert loaded.predict("医保报销迟迟没有到账", "").candidates == p.candidates


def test_configs_saved_before_nb_scaling_existed_still_load() -> None:
    import pickle

    from hotline.nlp.training import CONFIGS, TOPIC_LEVEL1

    old = ClassifierConfig("topic-old")
    state = dict(vars(old))
    del state["nb_scaling"]  # what a pickle written before the field existed holds
    restored = ClassifierConfig.__new__(ClassifierConfig)
    restored.__dict__.update(state)
    assert pickle.loads(pickle.dumps(restored)).nb_scaling is False
    assert CONFIGS[TOPIC_LEVEL1].nb_scaling  # chosen by cross-validation (see training.CONFIGS)


def test_untrained_model_refuses_to_predict() -> None:
    with pytest.raises(RuntimeError, match="not trained"):
        TextClassifier(ClassifierConfig("x")).predict("小区", "")


# -- artifacts --------------------------------------------------------------------------------------


def test_save_load_round_trip(model: TextClassifier, tmp_path: Path) -> None:
    meta = artifacts.save(model, tmp_path, training={"samples": 120}, metrics={"macro_f1": 0.9})
    folder = tmp_path / "topic-test" / meta.version
    assert (folder / "model.joblib").is_file() and (folder / "meta.json").is_file()
    stored = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert stored["sha256"] == meta.sha256 and stored["metrics"] == {"macro_f1": 0.9}
    assert {"scikit-learn", "numpy", "python"} <= set(stored["libraries"])
    assert artifacts.resolve(tmp_path, "topic-test") == meta.version

    loaded = artifacts.load(tmp_path, "topic-test")
    assert loaded.version == meta.version
    for title, content in [("小区物业乱收费", ""), ("", "医保报销手续复杂"), ("學校", "")]:
        a, b = model.predict(title, content), loaded.predict(title, content)
        assert a.candidates == b.candidates and a.reasons == b.reasons
        assert b.version == meta.version


def test_latest_points_at_the_newest_and_can_roll_back(model: TextClassifier, tmp_path: Path) -> None:
    first = artifacts.save(model, tmp_path)
    second = artifacts.save(model, tmp_path)
    assert artifacts.versions(tmp_path, "topic-test") == sorted([first.version, second.version])
    assert artifacts.load(tmp_path, "topic-test").version == second.version
    artifacts.set_latest(tmp_path, "topic-test", first.version)
    assert artifacts.load(tmp_path, "topic-test").version == first.version
    assert artifacts.load(tmp_path, "topic-test", second.version).version == second.version


def test_tampered_model_is_refused(model: TextClassifier, tmp_path: Path) -> None:
    meta = artifacts.save(model, tmp_path)
    path = tmp_path / "topic-test" / meta.version / "model.joblib"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(artifacts.ArtifactError, match="sha256"):
        artifacts.load(tmp_path, "topic-test")


def test_other_sklearn_major_version_is_refused(model: TextClassifier, tmp_path: Path) -> None:
    meta = artifacts.save(model, tmp_path)
    meta_path = tmp_path / "topic-test" / meta.version / "meta.json"
    raw = json.loads(meta_path.read_text(encoding="utf-8"))
    raw["libraries"]["scikit-learn"] = "0.24.2"
    meta_path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(artifacts.ArtifactError, match=r"scikit-learn 0\.24\.2.*retrain"):
        artifacts.load(tmp_path, "topic-test")


def test_models_of_another_feature_version_are_refused(model: TextClassifier, tmp_path: Path) -> None:
    meta = artifacts.save(model, tmp_path)
    meta_path = tmp_path / "topic-test" / meta.version / "meta.json"
    raw = json.loads(meta_path.read_text(encoding="utf-8"))
    raw["format"] = "1.0"
    meta_path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(artifacts.ArtifactError, match=r"format 1\.0"):
        artifacts.load(tmp_path, "topic-test")


def test_prediction_as_dict_is_json_ready(model: TextClassifier) -> None:
    data = model.predict("小区物业乱收费", "").as_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["candidates"][0]["label"] == "城乡建设" and data["name"] == "topic-test"


def test_missing_model_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(artifacts.ArtifactError, match="no trained model"):
        artifacts.load(tmp_path, "topic-level1")
    assert not artifacts.available(tmp_path, "topic-level1")
    with pytest.raises(artifacts.ArtifactError, match="invalid model name"):
        artifacts.load(tmp_path, "../etc")
    with pytest.raises(artifacts.ArtifactError, match="invalid model version"):
        artifacts.load(tmp_path, "topic-level1", "../../x")
