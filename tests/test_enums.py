"""Vocabularies: every member has its own Chinese label, and inputs accept code, Chinese and pinyin."""

from __future__ import annotations

from enum import StrEnum

import pytest

from hotline.domain import enums
from hotline.domain.enums import AppealType, HotlineMode, LegalRoute, OrderStatus, label_zh, parse_enum

VOCABULARIES: list[type[StrEnum]] = [
    enums.Role, enums.Channel, AppealType, enums.Urgency, OrderStatus, enums.Solved, enums.Satisfaction,
    enums.Closure, enums.UnitKind, HotlineMode, enums.LimitUnit, LegalRoute,
]


@pytest.mark.parametrize("enum", VOCABULARIES, ids=lambda e: e.__name__)
def test_every_member_has_a_distinct_chinese_label_that_parses_back(enum: type[StrEnum]) -> None:
    labels = [label_zh(m) for m in enum]
    assert all(label != m.value for label, m in zip(labels, enum, strict=True)), labels
    assert len(set(labels)) == len(labels)
    assert [parse_enum(enum, label) for label in labels] == list(enum)


def test_members_sharing_a_value_across_enums_keep_their_own_labels() -> None:
    assert label_zh(OrderStatus.MERGED) == "已并单" and label_zh(HotlineMode.MERGED) == "整体并入"
    assert label_zh(AppealType.OTHER) == "其他" and label_zh(LegalRoute.OTHER) == "其他法定途径"


def test_pinyin_and_case_are_accepted_and_nonsense_is_refused() -> None:
    assert parse_enum(AppealType, "TouSu") is AppealType.COMPLAINT
    assert parse_enum(AppealType, " Complaint ") is AppealType.COMPLAINT
    with pytest.raises(ValueError):
        parse_enum(AppealType, "投诉吗")
