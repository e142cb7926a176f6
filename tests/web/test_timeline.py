"""The timeline's notes: what each event did, in a few words, in either language."""

from __future__ import annotations

from hotline.web.timeline import NOTE_CHARS, note, unit_codes_named

NAMES = {"d-gl": "鼓楼区人民政府", "cgj": "市城市管理局"}


def test_a_dispatch_names_its_units_in_either_language() -> None:
    dispatched = {"unit": "d-gl", "co_units": ["cgj"], "note": None}
    assert note("dispatch", dispatched, NAMES, "zh") == "→ 鼓楼区人民政府（d-gl）；协办：市城市管理局（cgj）"
    assert note("dispatch", dispatched, NAMES, "en") == "→ 鼓楼区人民政府 (d-gl); co-units: 市城市管理局 (cgj)"
    assert unit_codes_named([dispatched, {"target": "110"}]) == {"d-gl", "cgj"}


def test_a_classification_shows_what_changed_and_a_visit_its_verdict() -> None:
    changed = {"appeal_type": {"from": "inquiry", "to": "complaint"}, "topic": {"from": "城乡建设", "to": "城乡建设"}}
    assert note("classify", changed, NAMES, "zh") == "咨询 → 投诉；城乡建设"
    assert note("classify", changed, NAMES, "en") == "Inquiry → Complaint; 城乡建设"
    visited = {"solved": "partly_solved", "satisfaction": "dissatisfied", "note": "仍有噪音"}
    assert note("visit", visited, NAMES, "zh") == "部分解决；不满意；仍有噪音"


def test_a_long_text_is_cut_and_odd_details_say_nothing() -> None:
    long = note("reply", {"text": "已派员现场核查并督促整改。" * 20}, NAMES, "zh")
    assert len(long) == NOTE_CHARS and long.endswith("…")
    assert note("sign", {"late": False}, NAMES, "zh") == ""
    assert note("visit", {"solved": "perhaps", "satisfaction": None}, NAMES, "en") == ""
    assert note("register", None, NAMES, "zh") == ""


def test_a_return_shows_its_reason_and_its_basis() -> None:
    returned = {"reason": "该事项属市场监管职责", "basis": "三定方案第三条"}
    assert note("return", returned, NAMES, "zh") == "该事项属市场监管职责；依据：三定方案第三条"
    assert note("return", returned, NAMES, "en") == "该事项属市场监管职责; basis: 三定方案第三条"
    assert note("note", {"basis": "三定方案"}, NAMES, "zh") == ""  # only a return has a basis to show
