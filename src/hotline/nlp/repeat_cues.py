"""Repeat-call cues (重复来电, 催办): the words by which a caller says the matter was reported before and
is still not dealt with — 我之前打过电话 / 反映过 / 上次 / 再次反映 / 还是不亮 / 一直没人修 / 催一下.

A cue is a hint, never a verdict: ``hotline.nlp.duplicates`` lets it promote the caller's own open order
to a duplicate only when the texts share the matter too. The patterns are phrases, not single characters,
because the bare characters mislead (all seen in 附件3): 又 is in 少之又少 and 又没有业委会, 还是 asks
"A 还是 B", 之前 is "before a date", 已经 and 多次 describe a problem (已经成为了危房, 多次发生事故), 催 is in
催款/催收/催缴 (a debt), 反应过来 is "to realise". A report to someone else (向物业反映过, 跟社区投诉过) is
not a call to the hotline, and being called (物业给我打过电话) is not calling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Reporting the matter: the verbs a caller uses for having called or written in.
_REPORT = r"(?:反映|反应|投诉|举报|报修|报过|来电|打电话|打过电话|打了电话|打过|致电|拨打|求助|留言)"
_WHEN = r"(?:之前|以前|前几天|前天|昨天|上次|上回|上周|上个月|早就|曾经?)"
_TIMES = r"(?:多次|几次|好几次|很多次|无数次|屡次|反复|一再)"
_GAP = r"(?:(?![向跟找给])[^，。！？,.!?；;\s]){0,6}?"  # 之前我也反映 — but not 之前向物业反映
_PRIOR = re.compile(
    r"打过(?:[一二两三四五六七八九十几好多\d]+[次个通遍])?(?:电话|12345|热线)|来过电话|打了(?:好)?几次(?:电话)?"
    rf"|(?:反映|反应|投诉|举报|报修)过(?!来)|{_WHEN}{_GAP}{_REPORT}|已经?{_TIMES}?{_REPORT}"
    rf"|(?:再次|再一次|又一次|又|重新|第[二三四五六七八九十\d]+次){_REPORT}|{_TIMES}{_REPORT}"
    r"|重复来电|上[次回]的?(?:问题|事情?|工单)|上[次回](?:说|提)的"
)
# The matter is still open, said of the thing itself: 还是不亮, 仍未处理, 一直没人修.
_STILL = re.compile(
    r"(?:还是(?:不(?!错|少)|没|一样|老样子|那样|这样|照旧)|(?:仍然|仍旧|依然|依旧|照样)(?:没|不|未|在|是|(?=[，。！？,.!?]|$))"
    r"|仍(?:没|未|不|在)"
    r"|一直(?:没|不|未)|至今(?:没|未|仍|还|都没|也没)|迟迟(?:没|不|未)|怎么还(?:没|不|是)|到现在(?:还|都|也)(?:没|不)"
    r"|还没(?:有)?(?:人|修|处理|解决|来|回复|答复|弄|管)"
    r")(?:(?<=[不没未])[\u4e00-\u9fff])?"  # with the word it negates, as the caller said it: 还是不亮, 仍未修
)
# Chasing the earlier order (催办), but not a debt (催款, 催收, 催缴, 催债).
_URGE = re.compile(r"催(?:办|促|一下|一催|问|过)|(?:来|再|帮我)催(?![款收缴债])")
_OWN_WORDS = ("还", "仍", "依", "照样", "一直", "至今", "迟迟", "怎么", "到现在")  # _STILL: no addressee
# Someone other than the hotline addressed just before the verb: 向物业 / 跟社区 / 找开发商 / 给城管.
_ELSEWHERE = re.compile(
    r"(?:向|跟|找|给)(?!你们|您|12345|热线|政府|市长|有关|相关|平台|这里|这边)[^，。！？,.!?\s]{1,8}$"
)
MAX_CUES = 4
MAX_TEXT = 2_000  # the cues come early in a call; this also bounds the work on huge input


def _not_a_call(text: str, start: int, end: int, cue: str) -> bool:
    if cue.startswith(_OWN_WORDS):
        return False
    before = text[max(0, start - 10) : start]
    called = before.endswith("给我") or text.startswith("给我", end)  # 物业给我打过电话, 打过电话给我
    return called or bool(_ELSEWHERE.search(before))


@dataclass(frozen=True)
class RepeatCues:
    """What a caller said about the matter having been reported before."""

    reported: tuple[str, ...] = ()  # a report or a chase: 打过电话, 反映过, 上次反映, 再次投诉, 催一下
    unresolved: tuple[str, ...] = ()  # the matter is still open: 还是不, 一直没, 仍未 (said of first calls too)

    @property
    def all(self) -> tuple[str, ...]:
        return self.reported + self.unresolved

    def __bool__(self) -> bool:
        return bool(self.reported or self.unresolved)


def _found(text: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[str, ...]:
    found: dict[str, int] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            cue = match.group(0)
            if not _not_a_call(text, match.start(), match.end(), cue):
                found.setdefault(cue, match.start())
    ordered = sorted(found, key=found.__getitem__)
    return tuple(cue for cue in ordered if not any(cue != other and cue in other for other in ordered))[:MAX_CUES]


def repeat_cues(text: str) -> RepeatCues:
    """The repeat-call cues in ``text`` as written, in order of appearance, without repeats (at most four of
    each kind)."""
    text = text[:MAX_TEXT]
    return RepeatCues(_found(text, (_PRIOR, _URGE)), _found(text, (_STILL,)))
