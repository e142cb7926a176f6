"""Small synthetic corpora for the classifier tests (no tests here): three topics with their own vocabulary."""

from __future__ import annotations

import random

from hotline.nlp.classifier import Sample

TOPICS = {
    "城乡建设": (["小区物业", "违章建筑", "电梯故障", "房屋漏水", "拆迁安置", "路灯不亮"],
                 ["乱收费", "无人管理", "长期未修", "存在安全隐患", "业主意见很大"]),
    "教育文体": (["学校招生", "幼儿园入学", "教师工资", "学生课外辅导", "体育馆开放"],
                 ["不合理", "家长很着急", "何时解决", "学位不足", "收费过高"]),
    "劳动和社会保障": (["社保缴纳", "医保报销", "拖欠工资", "养老金发放", "失业补助"],
                       ["迟迟没有到账", "单位不给办理", "手续复杂", "标准太低", "怎么申请"]),
}


def topic_samples(per_label: int = 40, seed: int = 1) -> list[Sample]:
    rng = random.Random(seed)
    out = []
    for label, (subjects, predicates) in TOPICS.items():
        for i in range(per_label):
            subject, predicate = rng.choice(subjects), rng.choice(predicates)
            place = rng.choice(["A市", "B区", "C县", "某街道", ""])
            title = f"{place}{subject}{predicate}"
            content = f"我是{place}居民，{subject}的问题{predicate}，{rng.choice(subjects)}也{rng.choice(predicates)}。"
            # Title-only, content-only and complete samples, as in the real corpora.
            out.append(Sample(title, "", label) if i % 3 == 0 else
                       Sample("", content, label) if i % 3 == 1 else Sample(title, content, label))
    return out
