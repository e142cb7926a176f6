"""Emergencies and matters outside the acceptance scope, spotted in an appeal as it is registered.

DOMAIN.md §1: emergencies go to 110/119/120/122 at once (one-key transfer, three-way call); matters
with their own legal route (litigation, arbitration, discipline inspection, administrative
reconsideration, information disclosure, petitions) are not accepted — the citizen is told the route.

``detect_alerts(title, content)`` is a phrase lexicon (``alert_lexicon``) matched in one
Aho-Corasick pass plus context rules over a window around each match. Ordinary appeals talk about
fires, accidents and fights all the time — as hazards (火灾隐患), in the past (去年发生过车祸), as
fears (担心会着火), denied (没有人受伤) or as paperwork (打人事件后续处理) — so a trigger counts only
when no such cue stands near it, and an event word that needs no tense (火灾, 车祸, 受伤) counts only
beside an immediacy cue (正在, 刚刚, 快来), right before 了, or with two signs of a scene happening now
(a weak "now" such as 现在/还在, someone there as the subject such as 有人/有个, a second event word of
the same scene such as 追尾…流血). Before matching, typos, dialect words and particles are folded
(泄露→泄漏, 遭打→被打, 喊不醒→叫不醒, 着火啦→着火了) one character for one, and phrase families (a
subject, a harm verb, a sign it has happened) run as regular expressions gated by anchor characters.
Where cues overlap the longest wins (能不能 is a request, not 不能); an exclusion silences the triggers it
overlaps from outside, not one that holds it (抢道 silences 抢 even inside a crash phrase; 打火花 keeps
its match). A request to send a unit later in the sentence (麻烦派个救护车) keeps an aftermath or
after-past word from silencing the scene; a lone 快 between breaks is immediacy; a short note typed in
bits between spaces ("高架撞车 有人伤") is itself a sign of a scene; someone already pulled out of the
water (捞上来) with a medical flag goes to 120 first. Pinyin typed for a character in the opening lines
("两个车zhuang了", "yun倒了") is read as that character, the evidence still quoting the letters; a blow to
the body ("撞到头", "砸到了工人的腿") is an injury that silences the weak crash and assault words inside it;
a story connective (结果) after a word of now (刚才) tells what came of it now, not the past. Pinyin typed in
syllables with spaces ("che huo 了") is read even away from Chinese text; a few English phrases ("there is a
fire", "not breathing") are families gated by letters rare in Chinese appeals. Rescue under way later in the
sentence (村民正在徒手挖掘) keeps a cause told with 因 from making the scene past; a trigger that is the whole of
a quotation (领导说部门“着火了”) is a figure of speech. A crashed car that only smokes and a drunk driver who has
crashed are 122's scene first (119 and 110 stay in the flags). Each regular expression runs behind a look-ahead
for the characters its matches can start with (read from its parse tree), so most places are turned away on one
test. The detector advises the agent; it never transfers by itself.
It never raises on any ``str`` and reads at most ``MAX_TITLE`` + ``MAX_CONTENT`` characters.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, Literal

import ahocorasick

from hotline.domain.enums import LegalRoute
from hotline.nlp import alert_lexicon as lex

MAX_TITLE = 200
MAX_CONTENT = 4000  # an emergency is told in the first lines; the rest of a long letter is history


class EmergencyLine(StrEnum):
    POLICE = "110"
    FIRE = "119"
    AMBULANCE = "120"
    TRAFFIC = "122"


class EmergencyKind(StrEnum):
    FIRE = "fire"
    GAS_LEAK = "gas_leak"
    MEDICAL = "medical"
    VIOLENCE = "violence"  # crime or violence in progress
    SELF_HARM = "self_harm"
    TRAFFIC = "traffic"  # traffic accident on the road
    TRAPPED = "trapped"  # someone in danger: lift, water, locked car, collapse
    MISSING_PERSON = "missing_person"  # a child or an elderly person lost just now
    HAZMAT = "hazmat"  # a chemical leak or spill
    DISTRESS = "distress"  # a cry for help with nothing more specific


class Severity(StrEnum):
    CRITICAL = "critical"  # an immediacy cue beside a strong phrase: transfer now
    HIGH = "high"  # an emergency phrase: confirm with the caller, then transfer


class ScopeStrength(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"  # the matter itself belongs to the legal route: not accepted
    TELL_ROUTE = "tell_route"  # a question about the route, or a mention: answer, tell the route


class TextIssue(StrEnum):
    EMPTY = "empty"
    NO_WORDS = "no_words"  # only emoji, punctuation, digits
    GARBLED = "garbled"  # mojibake or replacement characters


Field = Literal["title", "content"]


@dataclass(frozen=True)
class Evidence:
    """A matched phrase: ``text == title[start:end]`` (or content) of the original input."""

    field: Field
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class EmergencyFlag:
    kind: EmergencyKind
    line: EmergencyLine  # transfer to this line
    also: tuple[str, ...]  # others to alert, e.g. ("120",) or ("燃气公司抢修",)
    severity: Severity
    evidence: tuple[Evidence, ...]
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class ScopeFlag:
    route: LegalRoute
    strength: ScopeStrength
    authority_zh: str
    authority_en: str
    evidence: tuple[Evidence, ...]
    message_zh: str  # what the agent reads out
    message_en: str


@dataclass(frozen=True)
class Suppressed:
    """An emergency phrase that was not flagged, and why (for review and tuning)."""

    kind: EmergencyKind
    evidence: Evidence
    reason: str  # excluded, negation, hypothetical, past, aftermath, inquiry, quoted, no_immediacy, deep_in_story


@dataclass(frozen=True)
class TextQuality:
    classifiable: bool
    issue: TextIssue | None
    truncated: bool
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class AlertReport:
    quality: TextQuality
    emergencies: tuple[EmergencyFlag, ...]  # most urgent first
    scope: tuple[ScopeFlag, ...]  # out-of-scope first, then hints
    suppressed: tuple[Suppressed, ...]

    @property
    def is_emergency(self) -> bool:
        return bool(self.emergencies)

    @property
    def transfer_to(self) -> EmergencyLine | None:
        return self.emergencies[0].line if self.emergencies else None

    @property
    def out_of_scope(self) -> ScopeFlag | None:
        """The route to tell when the matter itself is outside the acceptance scope."""
        hard = [f for f in self.scope if f.strength is ScopeStrength.OUT_OF_SCOPE]
        return hard[0] if hard else None


# ---- what each kind and route means for the agent --------------------------------------------------
_KIND_LINES: dict[EmergencyKind, tuple[EmergencyLine, tuple[str, ...], str, str]] = {
    EmergencyKind.FIRE: (EmergencyLine.FIRE, ("120",), "疑似火警", "possible fire"),
    EmergencyKind.GAS_LEAK: (EmergencyLine.FIRE, ("燃气公司抢修",),
                             "疑似燃气泄漏（提醒来电人勿开关电器、开窗通风、撤离）",
                             "possible gas leak (tell the caller: no switches, open windows, leave)"),
    EmergencyKind.MEDICAL: (EmergencyLine.AMBULANCE, (), "疑似急症或受伤", "possible medical emergency or injury"),
    EmergencyKind.VIOLENCE: (EmergencyLine.POLICE, ("120",), "疑似正在发生的暴力或违法犯罪",
                             "possible violence or crime in progress"),
    EmergencyKind.SELF_HARM: (EmergencyLine.POLICE, ("120",), "疑似有人轻生", "possible suicide attempt"),
    EmergencyKind.TRAFFIC: (EmergencyLine.TRAFFIC, ("120",), "疑似交通事故", "possible traffic accident"),
    EmergencyKind.TRAPPED: (EmergencyLine.FIRE, ("110",), "疑似有人被困或遇险", "possible person trapped or in danger"),
    EmergencyKind.MISSING_PERSON: (EmergencyLine.POLICE, (), "疑似有人走失（儿童、老人）",
                                   "possible missing child or elderly person"),
    EmergencyKind.HAZMAT: (EmergencyLine.FIRE, ("110", "120"), "疑似危险化学品泄漏（提醒来电人远离、撤到上风处）",
                           "possible chemical leak (tell the caller: keep away, move upwind)"),
    EmergencyKind.DISTRESS: (EmergencyLine.POLICE, (), "来电人呼救", "the caller is calling for help"),
}
# Order of flags: the line that must act first. A stabbing is for 110 and an accident for 122 even
# when blood is mentioned (their flags name 120 in ``also``); a fire or a trapped person is 119's even
# when someone is hurt. A suicide attempt that has already hurt someone (割腕 with blood, 吃了安眠药 and
# 叫不醒) is 120's first (``_order``); a threat to jump stays with 110.
_KIND_ORDER = [EmergencyKind.FIRE, EmergencyKind.GAS_LEAK, EmergencyKind.HAZMAT, EmergencyKind.VIOLENCE,
               EmergencyKind.TRAFFIC, EmergencyKind.SELF_HARM, EmergencyKind.TRAPPED, EmergencyKind.MISSING_PERSON,
               EmergencyKind.MEDICAL, EmergencyKind.DISTRESS]


def _order(kinds: set[EmergencyKind], rescued: bool = False,
           crash_sides: frozenset[EmergencyKind] = frozenset()) -> Callable[[EmergencyKind], float]:
    """``rescued``: the one trapped is out already (捞上来, 救出来), so a medical flag beside it is 120's first.
    ``crash_sides``: kinds told only as a side of a crash (``_crash_sides``), which go after 122."""
    def rank(kind: EmergencyKind) -> float:
        if kind in crash_sides and EmergencyKind.TRAFFIC in kinds:
            return _KIND_ORDER.index(EmergencyKind.TRAFFIC) + 0.5
        if kind is EmergencyKind.SELF_HARM and EmergencyKind.MEDICAL in kinds:
            return _KIND_ORDER.index(EmergencyKind.MEDICAL) + 0.5  # the attempt has hurt: 120 first
        if kind is EmergencyKind.TRAPPED and rescued and EmergencyKind.MEDICAL in kinds:
            return _KIND_ORDER.index(EmergencyKind.MEDICAL) + 0.5
        return _KIND_ORDER.index(kind)
    return rank


def _crash_sides(found: dict[EmergencyKind, tuple[Severity, list[Evidence]]]) -> frozenset[EmergencyKind]:
    """Kinds told only as a side of a crash: a crashed car smoking (冒烟, no flame) and a drunk driver who has
    crashed are 122's scene first (its flag names 119 and 120 in ``also``); a car in flames stays 119's."""
    sides = set()
    fire = found.get(EmergencyKind.FIRE)
    if fire and all(any(c in e.text for c in "烟煙") and not any(c in e.text for c in "火燒烧燃炸爆") for e in fire[1]):
        sides.add(EmergencyKind.FIRE)
    violence = found.get(EmergencyKind.VIOLENCE)
    if violence and all(any(c in e.text for c in "醉酒") for e in violence[1]):
        sides.add(EmergencyKind.VIOLENCE)
    return frozenset(sides)


_ROUTES: dict[LegalRoute, tuple[str, str, str, str]] = {
    LegalRoute.LITIGATION: (
        "人民法院", "the people's court",
        "涉及诉讼或法院判决、执行的事项，请依法向有管辖权的人民法院起诉、上诉或申请执行。",
        "Lawsuits and court judgments or enforcement go to the competent people's court."),
    LegalRoute.ARBITRATION: (
        "劳动人事争议仲裁委员会", "the labour and personnel dispute arbitration commission",
        "劳动人事争议请向劳动人事争议仲裁委员会申请仲裁（一般自知道权利被侵害之日起一年内）；"
        "已有仲裁裁决的，按裁决书告知的途径办理。",
        "Labour disputes go to the arbitration commission (usually within one year); "
        "for an existing award follow the route stated in it."),
    LegalRoute.DISCIPLINE_INSPECTION: (
        "纪检监察机关", "the discipline inspection and supervision commission",
        "反映公职人员违纪违法问题，请向纪检监察机关（纪委监委）举报，可拨打12388或登录12388举报网站。",
        "Misconduct or corruption of officials is reported to the discipline inspection and "
        "supervision commission (12388, by phone or online)."),
    LegalRoute.ADMINISTRATIVE_RECONSIDERATION: (
        "行政复议机关", "the administrative reconsideration body",
        "对行政机关的行政行为不服，可自知道之日起六十日内向行政复议机关申请行政复议，或依法提起行政诉讼。",
        "Against an administrative act, apply for administrative reconsideration within 60 days "
        "of learning of it, or bring an administrative lawsuit."),
    LegalRoute.INFORMATION_DISCLOSURE: (
        "政府信息公开申请渠道", "the government information disclosure channel",
        "申请政府信息公开，请通过该行政机关的政府信息公开申请渠道（网上、信函或当面）提交书面申请。",
        "Apply in writing through the agency's information disclosure channel (online, by letter or in person)."),
    LegalRoute.PETITION: (
        "信访部门", "the letters and visits (petition) office",
        "信访事项请向有权处理的机关或信访部门提出（网上信访、来信或来访），已受理的信访事项按信访程序办理。",
        "Petitions go to the competent body or the letters and visits office (online, by letter or in "
        "person); petitions already accepted follow the petition procedure."),
}

_TRUNCATED = ("（内容过长，只检查了前面部分）", " (text too long: only the beginning was checked)")
_QUALITY_MESSAGES: dict[TextIssue | None, tuple[str, str]] = {
    None: ("", ""),
    TextIssue.EMPTY: ("标题和内容均为空，无法识别。", "Title and content are empty."),
    TextIssue.NO_WORDS: ("内容只有表情、符号或数字，无法识别，请补充文字描述。",
                         "Only emoji, symbols or digits: ask for a description in words."),
    TextIssue.GARBLED: ("内容疑似乱码，请核对编码或重新录入。",
                        "The text looks garbled (wrong encoding?): check it or type it again."),
}


# ---- matching --------------------------------------------------------------------------------------
# Payload roles in the automaton: ("strong"|"weak", kind), ("cue", class), ("excl", ""),
# ("scope_hard"|"scope_soft", route), ("scope_cue", class).
Role = tuple[str, str]


@lru_cache(maxsize=1)
def _automaton() -> Any:
    roles: dict[str, list[Role]] = {}

    def add(phrases: tuple[str, ...], role: Role) -> None:
        for phrase in phrases:
            roles.setdefault(_normalise(phrase), []).append(role)

    for kind, (strong, weak) in lex.EMERGENCY_TRIGGERS.items():
        add(lex.words(strong), ("strong", kind))
        add(lex.words(weak), ("weak", kind))
    for name, cues in (("immediacy", lex.IMMEDIACY), ("weak_immediacy", lex.WEAK_IMMEDIACY),
                       ("after_past", lex.AFTER_PAST), ("negation", lex.NEGATION),
                       ("hypothetical", lex.HYPOTHETICAL), ("near_hypothetical", lex.NEAR_HYPOTHETICAL),
                       ("after_risk", lex.AFTER_RISK), ("past", lex.PAST), ("aftermath", lex.AFTERMATH),
                       ("inquiry", lex.INQUIRY), ("neutral", lex.NEUTRAL), ("existential", lex.EXISTENTIAL),
                       ("now_shift", lex.NOW_SHIFT), ("cause", lex.CAUSE), ("dispatch", lex.DISPATCH),
                       ("rescued", lex.RESCUED)):
        add(cues, ("cue", name))
    add(lex.EXCLUSIONS, ("excl", ""))
    for route, (hard, soft) in lex.SCOPE_TRIGGERS.items():
        add(lex.words(hard), ("scope_hard", route))
        add(lex.words(soft), ("scope_soft", route))
    add(lex.SCOPE_INQUIRY, ("scope_cue", "inquiry"))
    add(lex.SCOPE_REQUEST, ("scope_cue", "request"))
    add(lex.SCOPE_SOFTENERS, ("scope_cue", "softener"))
    add(lex.SCOPE_EXCLUSIONS, ("scope_excl", ""))
    automaton = ahocorasick.Automaton()
    for phrase, payload in roles.items():
        automaton.add_word(phrase, (len(phrase), tuple(payload)))
    automaton.make_automaton()
    return automaton


_WIDEST_RANGE = 64  # a character range wider than this ([一-龥]) is no use as a first character


@cache
def _regex_parser() -> tuple[Any, Any] | None:
    """The standard library's regex parser and its opcodes (``re._parser``, ``re._constants``: private, from
    Python 3.11 on). Where they are missing or changed, ``_fast_start`` leaves patterns as written: the
    matches are the same, only slower."""
    try:
        return importlib.import_module("re._parser"), importlib.import_module("re._constants")
    except ImportError:
        return None


def _first_chars(items: Any, sre: Any) -> tuple[frozenset[str], bool] | None:
    """The characters a match of a parsed sequence can start with, and whether it can match empty; None when
    any character could start it (a negated class, a wide range, a dot)."""
    chars: frozenset[str] = frozenset()
    for op, arg in items:
        if op is sre.LITERAL:
            return chars | {chr(arg)}, False
        if op is sre.IN:
            found = set()
            for kind, value in arg:
                if kind is sre.LITERAL:
                    found.add(chr(value))
                elif kind is sre.RANGE and value[1] - value[0] < _WIDEST_RANGE:
                    found.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None
            return chars | found, False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the next item starts the match
        if op is sre.SUBPATTERN:
            inner = _first_chars(arg[3], sre)
        elif op is sre.BRANCH:
            branches = [_first_chars(b, sre) for b in arg[1]]
            if any(b is None for b in branches):
                return None
            inner = (frozenset().union(*(b[0] for b in branches if b)), any(b[1] for b in branches if b))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            inner = _first_chars(arg[2], sre)
            inner = inner if inner is None or arg[0] else (inner[0], True)
        else:
            return None
        if inner is None:
            return None
        chars |= inner[0]
        if not inner[1]:
            return chars, False
    return chars, True


@cache
def _fast_start(rx: str) -> str:
    """``rx`` behind a look-ahead for the characters a match can start with: the regex engine then turns most
    places away on one character test instead of trying every alternative (the phrase families run about six
    times faster on the opening lines; the matches are the same)."""
    parser = _regex_parser()
    try:
        first = _first_chars(parser[0].parse(rx), parser[1]) if parser is not None else None
    except Exception:  # a parse tree of another shape (a later Python): the pattern as written
        first = None
    if first is None or first[1]:
        return rx
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(first[0])) + "])(?:" + rx + ")"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """All ``EMERGENCY_PATTERNS`` as one alternation (one scan), and (strength, kind) per named group."""
    roles, parts = [], []
    # strong patterns first: at one position the first alternative that matches wins ("抢了…的包", not "抢")
    ordered = sorted(lex.EMERGENCY_PATTERNS, key=lambda p: p[1] != "strong")
    for i, (kind, strength, rx) in enumerate(ordered):
        inner = re.sub(r"\((?!\?)", "(?:", rx)  # only the outer named groups capture
        parts.append(f"(?P<p{i}>{inner})")
        roles.append((strength, kind))
    return re.compile(_fast_start("|".join(parts))), roles


_Family = tuple[frozenset[str], re.Pattern[str], str, str, bool]


@lru_cache(maxsize=1)
def _families() -> tuple[_Family, ...]:
    """``FAMILY_PATTERNS`` compiled one by one, each with the characters that gate it, and whether its matches
    silence the weak words inside them (a blow to the body, ``BODY_HIT``)."""
    return tuple((frozenset(anchors), re.compile(_fast_start(rx)), strength, kind, rx == lex.BODY_HIT)
                 for kind, strength, anchors, rx in lex.FAMILY_PATTERNS)


@lru_cache(maxsize=1)
def _anchor_index() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """Every anchor character, and the families (by index) each one gates: a text's characters meet the
    anchors in one set operation instead of one test per family."""
    index: dict[str, list[int]] = {}
    for i, (anchors, *_) in enumerate(_families()):
        for ch in anchors:
            index.setdefault(ch, []).append(i)
    return frozenset(index), {ch: tuple(ids) for ch, ids in index.items()}


def _gated_families(present: set[str]) -> list[_Family]:
    """The families whose anchor characters the text holds, in their order."""
    anchors, index = _anchor_index()
    ids: set[int] = set()
    for ch in anchors.intersection(present):
        ids.update(index[ch])
    families = _families()
    return [families[i] for i in sorted(ids)]


@lru_cache(maxsize=1)
def _canon_table() -> Any:
    automaton = ahocorasick.Automaton()
    for typo, word in lex.CANON.items():
        typo, word = _normalise(typo), _normalise(word)
        if len(typo) == len(word):  # spans must keep pointing into the original text
            automaton.add_word(typo, (typo, word))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _canon_chars() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """One character class of the single-character folds (a fast scan), their folds, and the words in
    which such a character stays itself."""
    folds = {_normalise(typo): _normalise(word) for typo, word in lex.CANON_CHARS.items()}
    return re.compile("[" + "".join(re.escape(ch) for ch in folds) + "]"), folds, re.compile(lex.CANON_CHAR_KEEP)


_PARTICLE = re.compile(f"[{re.escape(lex.PARTICLES)}]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _canon(text: str, limit: int | None = None) -> str:
    """Typos, homophones, dialect words and particles folded to one form, one character for one; the folds
    of single characters (traditional, Cantonese) only before ``limit``, where an emergency is told."""
    limit = len(text) if limit is None else limit
    chars: list[str] | None = None
    taken = -1
    replaced: list[tuple[int, int]] = []
    for end, (typo, word) in _canon_table().iter_long(text):
        start = end + 1 - len(typo)
        if start > taken:
            chars = chars or list(text)
            chars[start:end + 1] = word
            taken = end
            replaced.append((start, end + 1))
    single, folds, keep = _canon_chars()
    for m in single.finditer(text, 0, limit):  # one character for one: 著 = 着, 咗 = 了, 遭 = 被 (not in 遭遇)
        i = m.start()
        if any(s <= i < e for s, e in replaced) or \
                any(k.start() <= i < k.end() for k in keep.finditer(text, max(0, i - 1), i + 2)):
            continue
        chars = chars or list(text)
        chars[i] = folds[m.group()]
    # a particle after a word and before a break or another particle: "昏过去咯", "着火啦！", "冒烟喽喽"
    for m in _PARTICLE.finditer(text):
        i = m.start()
        before, after = text[i - 1:i], text[i + 1:i + 2]
        if before and _HAN.match(before) and (not after or not _HAN.match(after) or after in lex.PARTICLES + "了撒"):
            chars = chars or list(text)
            chars[i] = "了"
    return "".join(chars) if chars is not None else text


_LETTER_RUN = re.compile("[a-z]{3}")  # every syllable read is three letters or more


@lru_cache(maxsize=1)
def _pinyin_syllables() -> re.Pattern[str]:
    names = "|".join(sorted(lex.PINYIN, key=len, reverse=True))
    return re.compile(f"(?<![a-z])(?:{names})(?![a-z])")


def _pinyin(text: str, limit: int) -> tuple[str, list[int] | None]:
    """Pinyin typed for a character ("两个车zhuang了") read as that character when it stands against Chinese
    text before ``limit``, and where each character of the result starts in ``text`` (one more entry: its
    end), or None when nothing was replaced."""
    if not _LETTER_RUN.search(text, 0, limit):
        return text, None
    out: list[str] = []
    origin: list[int] = []
    at = 0
    for m in _pinyin_syllables().finditer(text, 0, limit):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if not (_HAN.match(before) or _HAN.match(after) or " " in m.group()):
            continue  # a word of English or a name in Latin letters (two syllables typed apart are no English)
        han = lex.PINYIN[m.group()]
        if m.group() == "tou" and (text[:m.start()].endswith(lex.PINYIN_THEFT) or after in lex.PINYIN_THEFT_AFTER):
            han = "偷"
        out.append(text[at:m.start()] + han)
        origin.extend(range(at, m.start()))
        width = m.end() - m.start()
        origin.extend(m.start() + i * width // len(han) for i in range(len(han)))
        at = m.end()
    if not out:
        return text, None
    out.append(text[at:])
    origin.extend(range(at, len(text) + 1))
    return "".join(out), origin


def _normalise(text: str) -> str:
    """NFKC + lower case, one output character per input character so spans map back unchanged.

    Text in the Basic Multilingual Plane (all but a rare emoji or math letter) is folded character by
    character through one table, about twice as fast as NFKC on a long letter; it differs from folding the
    whole string only where combining marks would be reordered or composed, which the detector never reads.
    """
    if not _ASTRAL.search(text):
        return text.translate(_fold_table())
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) == len(text):
        return folded
    # a ligature or compatibility form expanded (…, ㎡, ℃): keep those characters as they are and
    # fold the runs between them
    out = []
    at = 0
    for m in _expanders().finditer(text):
        out.append(_fold_run(text[at:m.start()]))
        out.append(m.group())
        at = m.end()
    out.append(_fold_run(text[at:]))
    return "".join(out)


def _fold_run(run: str) -> str:
    folded = unicodedata.normalize("NFKC", run).lower()
    if len(folded) == len(run):
        return folded
    out = []
    for ch in run:  # a composing sequence changed the length: fold character by character
        f = unicodedata.normalize("NFKC", ch).lower()
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Each character of the Basic Multilingual Plane that NFKC + lower case turns into one other character."""
    table = {c: chr(c + 32) for c in range(0x41, 0x5B)}
    for c in range(0x80, 0x10000):
        if not 0xD800 <= c < 0xE000:
            folded = unicodedata.normalize("NFKC", chr(c)).lower()
            if len(folded) == 1 and folded != chr(c):
                table[c] = folded
    return table


@lru_cache(maxsize=1)
def _expanders() -> re.Pattern[str]:
    """The characters (BMP) that NFKC or lower case turns into more than one."""
    wide = [chr(c) for c in range(0x80, 0x10000)
            if not 0xD800 <= c < 0xE000 and len(unicodedata.normalize("NFKC", chr(c)).lower()) != 1]
    return re.compile("[" + "".join(re.escape(ch) for ch in wide) + "]")


_SENTENCE_END = re.compile(r"[。！？!?；;\n\r（）()]")  # an aside in brackets is a sentence of its own
_CLAUSE_END = re.compile(r"[。！？!?；;\n\r（）()，,、：:~～\s]")  # a typed message separates clauses by spaces
# A dated event is a past event: 2019年, 3月5日, 5号晚上, 12时许.
_DATE = re.compile(r"\d{1,2}[时点]许|\d{1,2}点左右|\d{1,2}点多|\d{2,4}年|\d{1,2}月\d{1,2}[日号]|\d{1,2}月份"
                   r"|[上下]午\d|\d{1,2}[日号][上下晚]")


_LONE_URGE = re.compile(r"(?:^|(?<=[\s,。!?]))(快|快快|快点|急|紧急|速来|急急急|救急)(?=[\s,。!?]|$)")


class _Text:
    """The normalised text, its matches grouped by role, and its sentence and clause bounds."""

    def __init__(self, text: str, zone_end: int) -> None:
        self.text = text
        self.triggers: list[tuple[int, int, str, str]] = []  # start, end, strength, kind
        self.cues: dict[str, list[tuple[int, int]]] = {}
        self.exclusions: list[tuple[int, int]] = []
        self.weak_exclusions: list[tuple[int, int]] = []  # silence weak triggers only: "撞到头" holds 撞到
        self.scope: list[tuple[int, int, str, str]] = []  # start, end, hard|soft, route
        self.scope_cues: dict[str, list[tuple[int, int]]] = {}
        self.scope_exclusions: list[tuple[int, int]] = []
        lexicon_triggers: list[tuple[int, int]] = []
        for end, (length, roles) in _automaton().iter(text):
            start, stop = end + 1 - length, end + 1
            for role, value in roles:
                if role in ("strong", "weak"):
                    self.triggers.append((start, stop, role, value))
                    lexicon_triggers.append((start, stop))
                elif role == "cue":
                    self.cues.setdefault(value, []).append((start, stop))
                elif role == "excl":
                    self.exclusions.append((start, stop))
                elif role in ("scope_hard", "scope_soft"):
                    self.scope.append((start, stop, role, value))
                elif role == "scope_cue":
                    self.scope_cues.setdefault(value, []).append((start, stop))
                else:
                    self.scope_exclusions.append((start, stop))
        pattern, pattern_roles = _patterns()
        for m in pattern.finditer(text, 0, zone_end):  # deeper in, only strong phrases count anyway
            strength, kind = pattern_roles[int(m.lastgroup[1:])] if m.lastgroup else ("weak", "distress")
            self.triggers.append((m.start(), m.end(), strength, kind))
        present = set(text[:zone_end])
        for _, rx, strength, kind, silences_weak in _gated_families(present):
            for m in rx.finditer(text, 0, zone_end):
                self.triggers.append((m.start(), m.end(), strength, kind))
                if silences_weak:  # a blow to the body silences the weak words inside it
                    self.weak_exclusions.append(m.span())
        if self.triggers:  # a lone "快" or "急" between breaks: "火灾 滨江路 快"
            self.cues.setdefault("immediacy", []).extend(m.span(1) for m in _LONE_URGE.finditer(text))
        if self.triggers and _DATE.search(text):
            self.cues.setdefault("past", []).extend((m.start(), m.end()) for m in _DATE.finditer(text))
        if self.triggers:
            self._mask_cues(lexicon_triggers)
        for spans in (*self.cues.values(), *self.scope_cues.values()):
            spans.sort()
        self._sentences: list[int] | None = None  # found when first asked: most long letters never are
        self._clauses: list[int] | None = None

    def _mask_cues(self, triggers: list[tuple[int, int]]) -> None:
        """The longest phrase wins: a cue inside a longer cue ("不能" in "能不能", "一直" in "一直在") and a
        blocking cue inside a trigger phrase ("过去了" in "晕过去了") do not count. (An exclusion inside a
        trigger spares that trigger only: ``_excluded``.)"""
        every = sorted(span for name, spans in self.cues.items() if name not in _SIDE_CUES for span in spans)
        in_cue, in_trigger = _held(every, every), _held(every, sorted(triggers))
        for name, spans in self.cues.items():
            if name in _SIDE_CUES:
                continue
            blocking = name in _BLOCKING
            self.cues[name] = [sp for sp in spans if sp not in in_cue and not (blocking and sp in in_trigger)]

    @staticmethod
    def _bounds(marks: list[int], start: int, end: int) -> tuple[int, int]:
        i = bisect_left(marks, start)
        lo = marks[i - 1] + 1 if i else 0
        j = bisect_left(marks, end)
        hi = marks[j] if j < len(marks) else 10**9
        return lo, hi

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        return self._bounds(self._sentences, start, end)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        if self._clauses is None:
            self._clauses = [m.start() for m in _CLAUSE_END.finditer(self.text)]
        return self._bounds(self._clauses, start, end)


_BLOCKING = frozenset(("negation", "hypothetical", "near_hypothetical", "after_risk", "past", "after_past",
                       "aftermath", "inquiry", "cause"))
_SIDE_CUES = frozenset(("dispatch", "rescued"))  # read beside the others: they neither mask nor are masked


MAX_TRIGGER = 80  # longer than any phrase or pattern match


def _held(spans: list[tuple[int, int]], holders: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans lying inside a longer holder (both lists sorted), in one sweep: a long letter has hundreds of
    cues, and a search around each one was a tenth of the time spent on it."""
    longest_from: dict[int, int] = {}
    for s, e in holders:
        longest_from[s] = max(longest_from.get(s, e), e)
    held, reach, j = set(), -1, 0
    for s, e in spans:
        while j < len(holders) and holders[j][0] < s:  # one starting before the span holds it if it reaches its end
            reach = max(reach, holders[j][1])
            j += 1
        if reach >= e or longest_from.get(s, e) > e:  # one starting with it must be longer
            held.add((s, e))
    return held


def _find(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans lying wholly inside [lo, hi)."""
    i = bisect_left(spans, (lo, -1))
    found = []
    while i < len(spans) and spans[i][0] < hi:
        if spans[i][1] <= hi:
            found.append(spans[i])
        i += 1
    return found


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _excluded(exclusions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether an exclusion overlaps the trigger at [start, end) without lying inside it: 打火 does not
    spare 打火花's own match, and 抢道 inside "私家车为了抢道撞上了一辆" still silences the 抢 in it."""
    return any(s < end and start < e and not (start <= s and e <= end) for s, e in exclusions)


# How far each cue reaches (characters). Sentences and clauses bound every window.
NEGATION_GAP = 4  # "没有人受伤": 没有 + 人 + 受伤
NEAR_GAP = 1  # "会着火"; "易发生火灾" is HYPOTHETICAL's
AFTER_GAP = 3  # "火灾的隐患"
HYPOTHETICAL_REACH = 20
PAST_REACH = 50  # written appeals chain clauses with commas: "去年…，司机…，然后…追尾了"
AFTER_PAST_REACH = 25
AFTERMATH_REACH = 20
IMMEDIACY_BEFORE, IMMEDIACY_AFTER = 20, 8  # "我家楼下着火了快来人", "厂房起火，工人正在往外跑"
OVERRIDE_GAP = 8  # how near an immediacy cue must be to outweigh a past one
# Callers and agents say the emergency first. Deeper into a long written appeal a trigger is almost
# always part of a story ("…突然倒在床上，不省人事，当时我们急忙拨打120…"), so there it counts only
# as a strong phrase beside a strong immediacy cue.
EMERGENCY_ZONE = 150


def _why_not(t: _Text, start: int, end: int, *, weak: bool = False) -> str | None:
    """The reason a trigger at [start, end) is not an event happening now, or None."""
    cues = t.cues
    if _excluded(t.exclusions, start, end) or (weak and _excluded(t.weak_exclusions, start, end)):
        return "excluded"
    c_lo, c_hi = t.clause(start, end)
    s_lo, s_hi = t.sentence(start, end)
    if any(start - e <= NEGATION_GAP for _, e in _find(cues.get("negation", []), c_lo, start)):
        return "negation"
    if any(start - e <= NEAR_GAP for _, e in _find(cues.get("near_hypothetical", []), c_lo, start)):
        return "hypothetical"
    if _find(cues.get("hypothetical", []), max(s_lo, start - HYPOTHETICAL_REACH), start):
        return "hypothetical"
    if any(s - end <= AFTER_GAP for s, _ in _find(cues.get("after_risk", []), end, c_hi)):
        return "hypothetical"
    past = _find(cues.get("past", []), max(s_lo, start - PAST_REACH), start)
    # "刚才做饭燃气灶打不着，结果一屋子煤气味": a story connective after a word of now tells what came of it now
    past = [(s, e) for s, e in past if not (t.text[s:e] in lex.NARRATIVE and (
        _find(cues.get("immediacy", []), s_lo, s) or _find(cues.get("now_shift", []), s_lo, s)))]
    # "去年买的车刚刚被撞了": an immediacy cue nearer to the trigger outweighs the past one, and so does
    # a word that moves the story to now after it ("路修了半年…，今天早上…撞上去了").
    if past and not _find(cues.get("immediacy", []), max(past[-1][1], start - OVERRIDE_GAP), start) \
            and not _find(cues.get("now_shift", []), past[-1][1], start):
        return "past"
    dispatch = _find(cues.get("dispatch", []), end, s_hi)  # "…，麻烦派个救护车", "村民正在徒手挖掘": the scene goes on
    if _find(cues.get("cause", []), max(s_lo, start - PAST_REACH), start) and not dispatch \
            and not _find(cues.get("now_shift", []), s_lo, start) and not _find(cues.get("immediacy", []), s_lo, start):
        return "past"
    if _scare_quoted(t.text, start, end):
        return "quoted"
    if _find(cues.get("after_past", []), end, min(s_hi, end + AFTER_PAST_REACH)) and not dispatch:
        return "past"
    if _find(cues.get("aftermath", []), max(s_lo, start - AFTERMATH_REACH), min(s_hi, end + AFTERMATH_REACH)) \
            and not dispatch:
        return "aftermath"
    if _find(cues.get("inquiry", []), s_lo, s_hi):
        return "inquiry"
    return None


_OPEN_QUOTES, _CLOSE_QUOTES = "“\"「『‘'", "”\"」』’'"


def _scare_quoted(text: str, start: int, end: int) -> bool:
    """A trigger that is the whole of a quotation (领导说我们部门“着火了”) is a figure of speech: a caller's
    own words are quoted with more around them (来电人称“家里着火了，快来”)."""
    close = end + (text[end:end + 1] == "了")
    return text[start - 1:start] in _OPEN_QUOTES and start > 0 and text[close:close + 1] in _CLOSE_QUOTES


def _immediacy(t: _Text, start: int, end: int, *, inside: bool) -> int:
    """2: a strong immediacy cue near the trigger (快来, 正在), 1: a weak one (现在), 0: none.

    ``inside``: count a cue within the phrase itself ("快叫消防车"); never for weak triggers, or
    "救命" would vouch for itself.
    """
    s_lo, s_hi = t.sentence(start, end)
    lo, hi = max(s_lo, start - IMMEDIACY_BEFORE), min(s_hi, end + IMMEDIACY_AFTER)
    for level, name in ((2, "immediacy"), (1, "weak_immediacy")):
        spans = t.cues.get(name, [])
        if _find(spans, lo, start) or _find(spans, end, hi) or (inside and _find(spans, start, end)):
            return level
    return 0


def _perfective(text: str, end: int) -> bool:
    """A weak trigger right before 了 (啦, 咯… are folded to 了) that ends a clause: "把老人撞倒了",
    "有人昏过去了", "着火了撒"."""
    tail = text[end:end + 2]
    return tail[:1] == "了" and (len(tail) < 2 or not tail[1].isalnum() or tail[1] in "我他她快救撒嘛哦呀啊哈")


EXISTENTIAL_GAP = 12  # "有个老人晕倒", "有人在河边…吐"
SUPPORT_REACH = 20  # how far apart two event words of one scene may stand
# A whole appeal this short, typed in bits between spaces ("高架撞车 有人伤"), is a note of a call, not a
# title or a letter: itself a sign of a scene.
SHORT_CALL = 24
_TELEGRAPHIC = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]")  # spaces typed, not the title's line break


def _support(t: _Text, start: int, end: int, now: int, others: list[tuple[int, int]]) -> int:
    """Signs that an event word tells a scene happening now, each worth one: a weak immediacy cue
    (现在, 还在), someone there as the subject ("有人…", "我妈…"), and a second event word of the same
    scene ("追尾…流血", "车祸…有人出血"). Two of them make a weak trigger a flag."""
    c_lo, _ = t.clause(start, end)
    s_lo, s_hi = t.sentence(start, end)
    lo, hi = max(s_lo, start - SUPPORT_REACH), min(s_hi, end + SUPPORT_REACH)
    points = int(now == 1 or any(_find(t.cues.get(name, []), lo, hi) for name in ("immediacy", "weak_immediacy")))
    points += any(start - e <= EXISTENTIAL_GAP for _, e in _find(t.cues.get("existential", []), c_lo, start + 1))
    points += any(lo <= s and e <= hi and (e <= start or s >= end) and t.text[s:e] != t.text[start:end]
                  for s, e in others)
    if len(t.text.strip()) <= SHORT_CALL and _TELEGRAPHIC.search(t.text) is not None:
        # a note typed in pieces; an event word that is a whole piece of it ("老人 晕 公交站") is the event
        # unless the note names a risk, a fear or a question anywhere ("小孩 走丢 防范 技巧")
        whole = (start == 0 or t.text[start - 1].isspace()) and (end == len(t.text) or t.text[end].isspace()) \
            and not any(t.cues.get(name) for name in _BLOCKING)
        points += 2 if whole else 1
    return points


# ---- the detector ----------------------------------------------------------------------------------
def detect_alerts(title: str, content: str) -> AlertReport:
    """Emergency and out-of-scope flags for an appeal; never raises on any ``str`` input."""
    title = title if isinstance(title, str) else ""
    content = content if isinstance(content, str) else ""
    truncated = len(title) > MAX_TITLE or len(content) > MAX_CONTENT
    title, content = title[:MAX_TITLE], content[:MAX_CONTENT]
    quality = assess_text(title + "\n" + content, truncated=truncated)
    if quality.issue is not None:
        return AlertReport(quality, (), (), ())
    raw = title + "\n" + content
    # pinyin and single-character folds only where an emergency is told (EMERGENCY_ZONE): deeper in only
    # strong phrases count anyway
    told = len(title) + 1 + EMERGENCY_ZONE
    read, origin = _pinyin(_canon(_normalise(raw), told), told)

    def at(raw_index: int) -> int:  # where a place in the raw text is in the text read
        return raw_index if origin is None else bisect_left(origin, raw_index)

    zone_end = at(len(title) + 1 + EMERGENCY_ZONE)
    t = _Text(read, zone_end)

    def evidence(start: int, end: int) -> Evidence:
        if origin is not None:
            start, end = origin[start], origin[end]
        if start < len(title):
            return Evidence("title", start, min(end, len(title)), raw[start:min(end, len(title))])
        offset = len(title) + 1
        return Evidence("content", start - offset, end - offset, raw[start:end])

    flags, suppressed = _emergencies(t, zone_end, evidence)
    matter_end = at(len(raw) if len(content) <= SHORT_CONTENT else len(title))
    scope = _scope_flags(t, matter_end, evidence)
    return AlertReport(quality, flags, scope, suppressed)


_Hit = tuple[int, int, Severity, EmergencyKind]  # start, end, severity, kind


def _emergencies(t: _Text, zone_end: int, evidence: Callable[[int, int], Evidence]) -> tuple[
        tuple[EmergencyFlag, ...], tuple[Suppressed, ...]]:
    hits: list[_Hit] = []
    waiting: list[tuple[int, int, EmergencyKind, int]] = []  # weak triggers that only lacked immediacy
    suppressed: list[tuple[int, int, EmergencyKind, str]] = []
    strong = [(s, e, k) for s, e, strength, k in t.triggers if strength == "strong"]
    for start, end, strength, kind_name in t.triggers:
        kind = EmergencyKind(kind_name)
        reason = _why_not(t, start, end, weak=strength == "weak")
        if reason is None and strength == "weak" and any(
                s <= start and end <= e and e - s > end - start and k != kind_name for s, e, k in strong):
            reason = "excluded"  # the longer phrase of another kind tells what it is: 砸 in "货掉下来砸在了车上"
        now = _immediacy(t, start, end, inside=strength == "strong") if reason is None else 0
        if reason is None and strength == "weak" and now < 2 and _perfective(t.text, end):
            strength = "strong"  # "撞倒了", "倒在地上了": it has happened
        if reason is None and start >= zone_end and (strength == "weak" or now < 2):
            reason = "deep_in_story"
        if reason is None and strength == "weak" and now < 2:
            waiting.append((start, end, kind, now))
            continue
        if reason is not None:
            suppressed.append((start, end, kind, reason))
            continue
        severity = Severity.CRITICAL if strength == "strong" and now else Severity.HIGH
        hits.append((start, end, severity, kind))
        second = lex.SECONDARY_KINDS.get(t.text[start:end])
        if second:
            hits.append((start, end, severity, EmergencyKind(second)))
    # "发生车祸，有人受伤倒地": an event word in the sentence of a flagged emergency is part of it;
    # "车祸 环岛 有人出血": event words that support each other make a scene.
    scene = [(s, e) for s, e, _, _ in hits] + [(s, e) for s, e, _, _ in waiting]
    supported = [w for w in waiting if _support(t, w[0], w[1], w[3], scene) >= 2]
    hits += [(start, end, Severity.HIGH, kind) for start, end, kind, _ in supported]
    for start, end, kind, now in waiting:
        lo, hi = t.sentence(start, end)
        if (start, end, kind, now) in supported:
            continue
        if any(lo <= s < hi for s, _, _, _ in hits):
            hits.append((start, end, Severity.HIGH, kind))
        else:
            suppressed.append((start, end, kind, "no_immediacy"))
    found: dict[EmergencyKind, tuple[Severity, list[Evidence]]] = {}
    for start, end, severity, kind in sorted(hits):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _, k in hits if k is kind):
            continue  # "着火" inside "着火了": quote the longer phrase only
        old, spans = found.get(kind, (Severity.HIGH, []))
        spans.append(evidence(start, end))
        found[kind] = (Severity.CRITICAL if Severity.CRITICAL in (severity, old) else Severity.HIGH, spans)
    if len(found) > 1:
        found.pop(EmergencyKind.DISTRESS, None)  # the specific kind already says where to transfer
    flags = [_emergency_flag(kind, severity, spans) for kind, (severity, spans) in found.items()]
    rank = _order(set(found), bool(t.cues.get("rescued")), _crash_sides(found))
    # By kind, not severity: the first flag names the line to transfer to, and a fire with a fight is 119's
    # first (it endangers everyone there) even when only the fight was told with an immediacy cue.
    flags.sort(key=lambda f: rank(f.kind))
    quiet = tuple(Suppressed(kind, evidence(s, e), why) for s, e, kind, why in sorted(suppressed, key=lambda x: x[0]))
    return tuple(flags), quiet


def _emergency_flag(kind: EmergencyKind, severity: Severity, spans: list[Evidence]) -> EmergencyFlag:
    line, also, what_zh, what_en = _KIND_LINES[kind]
    unique = tuple(dict.fromkeys(spans))
    quoted = "、".join(f"“{e.text}”" for e in unique[:3])
    now_zh = "请立即" if severity is Severity.CRITICAL else "请向来电人确认后立即"
    now_en = "transfer now" if severity is Severity.CRITICAL else "confirm with the caller, then transfer"
    also_zh = f"，必要时同时通知{'、'.join(also)}" if also else ""
    also_en = f" (also alert {', '.join(also)} if needed)" if also else ""
    return EmergencyFlag(
        kind, line, also, severity, unique,
        f"{what_zh}（{quoted}）：{now_zh}转接{line.value}（一键转接/三方通话）{also_zh}。",
        f"{what_en.capitalize()} ({quoted}): {now_en} to {line.value} (one-key transfer / three-way call){also_en}.",
    )


def _scope_flags(t: _Text, matter_end: int, evidence: Callable[[int, int], Evidence]) -> tuple[ScopeFlag, ...]:
    found: dict[LegalRoute, tuple[bool, list[Evidence]]] = {}
    for start, end, role, route_name in t.scope:
        if _overlaps(t.scope_exclusions, start, end):
            continue
        route = LegalRoute(route_name)
        was_hard, spans = found.get(route, (False, []))
        spans.append(evidence(start, end))
        found[route] = (was_hard or (role == "scope_hard" and _is_the_matter(t, start, end, matter_end)), spans)
    flags = []
    for route, (hard, spans) in found.items():
        authority_zh, authority_en, route_zh, route_en = _ROUTES[route]
        if hard:
            zh = f"不属于12345受理范围，请告知市民法定途径：{route_zh}"
            en = f"Outside the 12345 acceptance scope; tell the citizen the legal route: {route_en}"
        else:
            zh = f"可能涉及法定途径，请在答复时告知：{route_zh}"
            en = f"May concern a legal route; tell it in the answer: {route_en}"
        strength = ScopeStrength.OUT_OF_SCOPE if hard else ScopeStrength.TELL_ROUTE
        flags.append(ScopeFlag(route, strength, authority_zh, authority_en, tuple(dict.fromkeys(spans)), zh, en))
    flags.sort(key=lambda f: f.strength is not ScopeStrength.OUT_OF_SCOPE)
    return tuple(flags)


SCOPE_REQUEST_GAP = 8  # "我要申请劳动仲裁": 申请 + 劳动仲裁; "请纪委严肃查处"
SCOPE_SOFTENER_REACH = 15
SHORT_CONTENT = 80  # an agent's summary of a call: all of it is the matter


def _is_the_matter(t: _Text, start: int, end: int, matter_end: int) -> bool:
    """Whether the route named at [start, end) is what the appeal is about, not a question or a story.

    It is when the title names it, when the whole appeal is a short summary naming it, or when it is
    asked for ("我要申请劳动仲裁"). A long letter mentions courts, petitions and the discipline
    commission all the time as history or as addressees: those only get the route told.
    """
    s_lo, s_hi = t.sentence(start, end)
    c_lo, _ = t.clause(start, end)
    cues = t.scope_cues
    if _find(cues.get("inquiry", []), s_lo, s_hi):
        return False  # "咨询劳动仲裁怎么申请": answer it, tell the route
    if _find(cues.get("softener", []), max(s_lo, start - SCOPE_SOFTENER_REACH), start):
        return False  # "否则将起诉", "之前去信访局反映过"
    asked = any(start - e <= SCOPE_REQUEST_GAP for _, e in _find(cues.get("request", []), c_lo, start))
    return asked or start < matter_end


# ---- bad input -------------------------------------------------------------------------------------
_WORD_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]")
_MOJIBAKE = re.compile(r"锟斤拷|烫烫烫|屯屯屯|\ufffd|[ÃÂâäåæçèéêëìíîïðñòóôõö][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


_PRIVATE = re.compile(r"[\ue000-\uf8ff\ud800-\udfff\x00-\x08\x0e-\x1f]")


def assess_text(text: str, *, truncated: bool = False) -> TextQuality:
    """Whether a text can be read for alerts and classification at all."""
    issue: TextIssue | None = None
    bad = len(_MOJIBAKE.findall(text)) + len(_PRIVATE.findall(text)) if text.strip() else 0
    if not text.strip():
        issue = TextIssue.EMPTY
    elif bad and bad * 5 >= len(_WORD_CHAR.findall(text)):
        issue = TextIssue.GARBLED  # one damaged character in five words or more: wrong encoding
    elif not _WORD_CHAR.search(text):
        issue = TextIssue.NO_WORDS
    zh, en = _QUALITY_MESSAGES[issue]
    if truncated and issue is None:
        zh, en = _TRUNCATED
    return TextQuality(issue is None, issue, truncated, zh, en)
