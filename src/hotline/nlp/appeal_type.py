"""Appeal type (诉求类型) of an order: a learned 3-way split refined by transparent cue rules.

The only labelled appeal-type data (MSGABench) has three classes — 咨询, 建言, 投诉/求助 — while the
platform records seven (:class:`~hotline.domain.enums.AppealType`). So the model decides among the
three, and cue words that an agent would also point to split the rest:

* 投诉/求助 → **report** when the caller reports wrongdoing (举报, 检举 …), else **complaint** when
  there are more complaint cues (投诉, 不作为, 乱收停车费, 意见很大 …) than help cues, else **help** (求助,
  请帮忙, 怎么办, 停水 …; a problem described without blame is a request for help);
* 建言 → **suggestion**, or **praise** when the text thanks or commends (表扬, 锦旗, 点赞 …) and has no
  complaint cue;
* 咨询 → **inquiry**; a report cue still makes it a report unless the caller is asking *how* to report.

With no trained model (a new centre, a model that failed to load) the cues alone decide, so
registration never depends on a model; text without any cue is **other**. Every result carries the
cues it used (``reasons``) so an agent can see why and correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from hotline.domain.enums import AppealType
from hotline.nlp.classifier import Prediction, TextClassifier, as_words
from hotline.nlp.textnorm import AnalysedText, analyse

INQUIRY_CLASS, SUGGESTION_CLASS, COMPLAINT_HELP_CLASS = "咨询", "建言", "投诉/求助"

_CUES: dict[str, str] = {
    "praise": r"表扬|赞扬|点赞|锦旗|致谢|感谢信|好评|为.{1,12}点个?赞",
    "report": r"举报|检举|揭发|告发",
    "complaint": r"投诉|不作为|乱作为|推诿|推脱|踢皮球|敷衍|态度恶劣|态度差|违规|违法|违章|拖欠|克扣|"
                 r"扰民|刁难|失职|渎职|欺诈|霸王条款|不合理|严查|查处|整治|要求处理|强烈要求|严重影响|不管不问|"
                 # 乱收费, and the fee named: 乱收停车费, 多收了两个月物业费; 意见很大 is displeasure, not advice
                 r"[乱多]收[\u4e00-\u9fff]{0,8}?费|乱罚款|乱涨价|意见很大|意见非常大|意见极大",
    "help": r"求助|请帮|帮帮|帮忙|帮助|怎么办|救助|急需|恳请|恳求|救救|无法解决|停水|停电|停气|漏水|坏了|维修|"
            r"报修|困难",
    "inquiry": r"请问|咨询|想问|想了解|问一下|是否|能否|可否|如何办理|怎么办理|怎样办理|哪里办理|在哪|需要什么|"
               r"什么时候|何时|多少钱|多久|吗[?？]|呢[?？]",
    "suggestion": r"建议|提议|呼吁|倡议|希望增加|希望增设|希望开通|能否增加|能不能增加|应当|应该|意见",
}
_HOW_TO_REPORT = re.compile(r"(如何|怎么|怎样|哪里|在哪).{0,6}(举报|检举)")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {kind: re.compile(pattern) for kind, pattern in _CUES.items()}


def cues(text: str) -> dict[str, list[str]]:
    """The cue words of each kind found in (NFKC, simplified) text, in order of appearance."""
    return {kind: pattern.findall(text) for kind, pattern in _patterns().items()}


@dataclass(frozen=True)
class AppealTypeResult:
    appeal_type: AppealType
    confidence: float  # the model's calibrated confidence in its 3-way class; 0 when decided by cues only
    source: str  # "model+rules" or "rules"
    reasons: tuple[str, ...]  # cue words used, then the model's top terms
    model: Prediction | None = None

    @property
    def label_zh(self) -> str:
        return _ZH[self.appeal_type]

    def as_dict(self) -> dict[str, Any]:
        return {"appeal_type": self.appeal_type.value, "label_zh": self.label_zh, "confidence": self.confidence,
                "source": self.source, "reasons": list(self.reasons),
                "model": self.model.as_dict() if self.model is not None else None}


_ZH = {AppealType.INQUIRY: "咨询", AppealType.HELP: "求助", AppealType.COMPLAINT: "投诉", AppealType.REPORT: "举报",
       AppealType.SUGGESTION: "建议", AppealType.PRAISE: "表扬", AppealType.OTHER: "其他"}

# How the platform's seven types fold into MSGABench's three (for training on a centre's history and
# for the benchmark). Praise goes with 建言: in MSGABench, 7 of the 9 messages with praise cues are 建言.
TO_THREE_CLASSES: dict[AppealType, str | None] = {
    AppealType.INQUIRY: INQUIRY_CLASS,
    AppealType.SUGGESTION: SUGGESTION_CLASS,
    AppealType.PRAISE: SUGGESTION_CLASS,
    AppealType.COMPLAINT: COMPLAINT_HELP_CLASS,
    AppealType.HELP: COMPLAINT_HELP_CLASS,
    AppealType.REPORT: COMPLAINT_HELP_CLASS,
    AppealType.OTHER: None,  # no counterpart: not used for training
}


def _found(hits: dict[str, list[str]], *kinds: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for kind in kinds for w in hits[kind]))


def refine(three_class: str, hits: dict[str, list[str]], plain: str, inquiry_confidence: float) -> tuple[AppealType,
                                                                                                      tuple[str, ...]]:
    """The seven-way type from a three-way class and the cues (see the module docstring)."""
    complaint, help_, report, praise = (len(hits[k]) for k in ("complaint", "help", "report", "praise"))
    asks_how_to_report = bool(_HOW_TO_REPORT.search(plain))
    if report and not asks_how_to_report and (three_class != INQUIRY_CLASS or inquiry_confidence < 0.5):
        return AppealType.REPORT, _found(hits, "report")
    if praise and not complaint and three_class != COMPLAINT_HELP_CLASS:
        return AppealType.PRAISE, _found(hits, "praise")
    if three_class == INQUIRY_CLASS:
        return AppealType.INQUIRY, _found(hits, "inquiry")
    if three_class == SUGGESTION_CLASS:
        return AppealType.SUGGESTION, _found(hits, "suggestion")
    if complaint > help_:
        return AppealType.COMPLAINT, _found(hits, "complaint")
    return AppealType.HELP, _found(hits, "help")


def rules_only(hits: dict[str, list[str]], plain: str) -> tuple[AppealType, tuple[str, ...]]:
    """The type from cues alone: the kind with most cue hits (ties in the order of _CUES); else other."""
    counts = {kind: len(words) for kind, words in hits.items()}
    if counts["report"] and not _HOW_TO_REPORT.search(plain):
        return AppealType.REPORT, _found(hits, "report")
    if counts["praise"] and not counts["complaint"]:
        return AppealType.PRAISE, _found(hits, "praise")
    best = max(("complaint", "help", "inquiry", "suggestion"), key=lambda k: counts[k])
    if counts[best] == 0:
        return AppealType.OTHER, ()
    kind = {"complaint": AppealType.COMPLAINT, "help": AppealType.HELP, "inquiry": AppealType.INQUIRY,
            "suggestion": AppealType.SUGGESTION}[best]
    return kind, _found(hits, best)


class AppealTyper:
    """Decides the appeal type of an order, with the 3-class model when one is given."""

    def __init__(self, model: TextClassifier | None = None) -> None:
        self.model = model

    def classify(self, title: str, content: str) -> AppealTypeResult:
        return self.classify_analysed(analyse(title or "", content or ""))

    def classify_analysed(self, text: AnalysedText, *, explain: bool = True) -> AppealTypeResult:
        """As :meth:`classify`, for text already analysed once for several classifiers (``explain=False``:
        without the model's words, for batch labelling)."""
        # Cues are matched on simplified, width-folded text with punctuation kept ("吗？" is a cue).
        plain = text.simplified
        hits = cues(plain)
        prediction = self.model.predict_analysed(text, explain=explain) if self.model is not None else None
        if prediction is None or not prediction.candidates:
            kind, found = rules_only(hits, plain)
            return AppealTypeResult(kind, 0.0, "rules", found, prediction)
        inquiry = next((c.confidence for c in prediction.candidates if c.label == INQUIRY_CLASS), 0.0)
        kind, found = refine(prediction.candidates[0].label, hits, plain, inquiry)
        reasons = as_words(found + prediction.reasons, len(found) + len(prediction.reasons))
        return AppealTypeResult(kind, prediction.confidence, "model+rules", reasons, prediction)
