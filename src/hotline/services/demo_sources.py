"""Where the demo's appeal texts come from: real public appeals in ``../shared/data``, else the templates.

The shared data is read at seeding time and never copied into the package (its licence forbids
shipping it). Three files are used:

- ``taidi2020c/details_labeled.csv`` (columns ``detail``, ``label``): message bodies with a level-1
  label of the 泰迪杯 taxonomy; the title is cut from the body's first sentence.
- ``taidi2020c/titles_labeled.csv`` (``title``, ``label``): message titles; the content is written the
  way an agent records a call about that title.
- ``msgabench/citizen_messages_sentiment_type_domain.csv`` (``留言``, ``情感类别``, ``问题类型``,
  ``问题领域``): messages with an appeal type and a domain, mapped onto our types and taxonomy.

Both datasets are anonymised ("A市", "K6县", "****"); places become the demo city's so an order's text
agrees with its location. The level-2 topic is guessed from keywords, falling back to "其他".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from hotline.domain.enums import AppealType
from hotline.domain.text import SENTENCE_END
from hotline.services.demo_city import CITY, UTILITY_TOPICS
from hotline.services.demo_templates import TEMPLATES, AppealText

DEFAULT_DATA_DIR = Path("../shared/data")
_DETAILS = Path("taidi2020c/details_labeled.csv")
_TITLES = Path("taidi2020c/titles_labeled.csv")
_MESSAGES = Path("msgabench/citizen_messages_sentiment_type_domain.csv")
# Very long letters make poor demo orders (and a big database); real calls are a few sentences.
_MAX_CONTENT_CHARS = 1200
# Below this many texts of a type, the templates of that type join them (e.g. praise, other).
_MIN_POOL = 50

# MSGABench 问题领域 → level 1 of the 泰迪杯 taxonomy. Empty and ministry-name domains are skipped.
DOMAIN_TO_LEVEL1 = {
    "城建": "城乡建设", "交通": "交通运输", "教育": "教育文体", "文娱": "教育文体", "体育": "教育文体",
    "政务": "党务政务", "企业": "经济管理", "金融": "经济管理", "治安": "政法", "环保": "环境保护",
    "就业": "劳动和社会保障", "医疗": "卫生计生", "三农": "农村农业", "旅游": "商贸旅游",
}

# Level 1 → (level 2 of the taxonomy, keywords); the first level 2 with a keyword in the text wins.
LEVEL2_KEYWORDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "城乡建设": (
        ("国有土地上房屋征收与补偿", ("拆迁", "征收", "安置", "棚改", "回迁", "过渡费")),
        ("住房保障与房地产", ("物业", "公积金", "房产证", "业主", "开发商", "公租房", "廉租房", "租房", "维修资金")),
        ("城市建设和市政管理", ("路灯", "井盖", "垃圾", "环卫", "绿化", "公园", "自来水", "停水", "市政")),
        ("城乡规划", ("规划", "违建", "违章建筑", "挡光", "违规建房")),
        ("工程质量", ("质量", "裂缝", "漏水", "渗水", "施工安全")),
        ("建筑市场", ("工程款", "招投标", "资质")),
        ("安全生产", ("安全隐患", "事故")),
    ),
    "环境保护": (
        ("环境污染", ("污染", "噪音", "噪声", "排放", "异味", "油烟", "粉尘", "污水", "臭", "扰民")),
        ("建设项目审批", ("环评", "审批")),
        ("环保管理", ("环保",)),
    ),
    "交通运输": (
        ("出租车管理", ("出租车", "的士", "网约车")),
        ("客货运输", ("公交", "客运", "班车", "货运", "线路", "地铁")),
        ("建设管理", ("修路", "道路", "公路", "桥")),
        ("邮政管理", ("快递", "邮政")),
    ),
    "教育文体": (
        ("考试招生", ("考试", "招生", "中考", "高考")),
        ("教育收费", ("收费", "学费", "补课费")),
        ("教师队伍和待遇", ("教师", "老师工资", "代课", "编制")),
        ("教育行政管理", ("学校", "入学", "学位", "学区", "幼儿园", "补课")),
        ("文化", ("文化", "广场舞", "图书馆")),
        ("体育", ("体育", "健身")),
    ),
    "劳动和社会保障": (
        ("工资福利", ("工资", "欠薪", "拖欠", "薪酬")),
        ("退休政策及待遇", ("退休", "养老金")),
        ("劳动关系", ("劳动合同", "辞退", "开除", "加班", "仲裁")),
        ("城镇居民社会保险", ("居民医保", "新农合", "城乡居民")),
        ("城镇职工社会保险", ("社保", "养老保险", "医保", "工伤", "失业")),
        ("就业培训", ("就业", "招聘", "培训", "创业")),
    ),
    "商贸旅游": (
        ("旅游管理", ("旅游", "景区", "导游")),
        ("市场监管", ("假冒", "虚假", "消费者", "退款", "商家", "价格", "收费")),
        ("质监检验检疫", ("质量", "检验")),
        ("商业贸易", ("商场", "商铺", "市场", "超市")),
    ),
    "卫生计生": (
        ("人口计生", ("生育", "二胎", "计生", "准生")),
        ("食品药品监管", ("食品", "药品", "药店")),
        ("医患纠纷", ("医院", "医生", "误诊", "手术")),
        ("公共卫生", ("疫苗", "卫生", "防疫", "疫情")),
        ("医政监管", ("诊所", "行医", "执业")),
    ),
}

# The public data's labels whose gas and heating texts move to the utility topics (demo_city.UTILITY_TOPICS).
_UTILITY_LEVEL1 = frozenset(("城乡建设", "环境保护", "商贸旅游"))

_PLACE_IN_DISTRICT = re.compile(r"[A-N]\d{1,2}[区县市]")
_CITY = re.compile(r"[A-N]市")
_MASK = re.compile(r"\*+")
_SALUTATION = re.compile(r"^(尊敬的)?[^，,：:！!。]{0,10}(领导|书记|市长|区长|县长|局长|厅长|主任|同志)们?(您好|你好)?"
                         r"[：:，,！!]+\s*((您|你)好[！!，,。.]*)?|^(您|你)好[！!，,。.]*")
_TITLE_CHARS = 28


@dataclass
class TextLibrary:
    """Appeal texts by type, to draw from."""

    source: str
    pools: dict[AppealType, list[AppealText]] = field(default_factory=dict)

    def pick(self, appeal_type: AppealType, rng: Random) -> AppealText:
        return rng.choice(self.pools[appeal_type])


def default_data_dir() -> Path | None:
    return DEFAULT_DATA_DIR if DEFAULT_DATA_DIR.is_dir() else None


def load_library(data_dir: Path | None) -> TextLibrary:
    """Texts from the shared data when its files are there, topped up (or replaced) by the templates."""
    templates = _template_pools()
    if data_dir is None or not all((data_dir / p).is_file() for p in (_DETAILS, _TITLES, _MESSAGES)):
        return TextLibrary("built-in templates", templates)
    pools: dict[AppealType, list[AppealText]] = {t: [] for t in AppealType}
    for text in (*_details(data_dir / _DETAILS), *_titles(data_dir / _TITLES), *_messages(data_dir / _MESSAGES)):
        pools[text.appeal_type].append(text)
    for appeal_type, pool in pools.items():
        if len(pool) < _MIN_POOL:
            pool.extend(templates[appeal_type])
    return TextLibrary(f"shared data ({data_dir})", pools)


def _template_pools() -> dict[AppealType, list[AppealText]]:
    pools: dict[AppealType, list[AppealText]] = {t: [] for t in AppealType}
    for topic, appeal_type, title, content in TEMPLATES:
        pools[appeal_type].append(AppealText(title, content, appeal_type, topic))
    return pools


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _details(path: Path) -> Iterator[AppealText]:
    for row in _rows(path):
        content = localise(row["detail"])
        level1 = row["label"].split("|")[0]
        if not content or len(content) > _MAX_CONTENT_CHARS:
            continue
        yield AppealText(title_from(content), content, infer_type(content), topic_for(level1, content),
                         "taidi2020c/details")


def _titles(path: Path) -> Iterator[AppealText]:
    for row in _rows(path):
        title = localise(row["title"])
        if len(title) < 6:
            continue
        appeal_type = infer_type(title)
        if appeal_type is AppealType.INQUIRY:
            content = f"市民来电咨询：{title.removeprefix('咨询')}，希望相关部门予以答复。"
        else:
            content = f"市民来电反映：{title}。来电人希望相关部门尽快核实处理并给予答复。"
        yield AppealText(title, content, appeal_type, topic_for(row["label"], title), "taidi2020c/titles")


def _messages(path: Path) -> Iterator[AppealText]:
    for row in _rows(path):
        level1 = DOMAIN_TO_LEVEL1.get(row["问题领域"].strip())
        content = localise(row["留言"])
        if level1 is None or len(content) < 10 or len(content) > _MAX_CONTENT_CHARS:
            continue
        appeal_type = message_type(row["问题类型"], row["情感类别"], content)
        yield AppealText(title_from(content), content, appeal_type, topic_for(level1, content), "msgabench")


def localise(text: str) -> str:
    """The anonymised places of the datasets as the demo city's; "{district}" is filled per order."""
    text = _PLACE_IN_DISTRICT.sub("{district}", text.strip())
    text = _CITY.sub(CITY, text).replace("西地省", "江苏省").replace("北京市", CITY).replace("北京", CITY[:-1])
    return _MASK.sub("某", text)


def title_from(content: str) -> str:
    """A short title from a body: its first sentence without the salutation, cut to fit a list row."""
    body = _SALUTATION.sub("", content, count=1).lstrip("，,：:！!。 ")
    first = SENTENCE_END.split(body, maxsplit=1)[0].strip() or body
    if len(first) < 6:
        first = body
    if len(first) <= _TITLE_CHARS:
        return first
    cut = first[: _TITLE_CHARS - 1]
    # Never through a "{district}" still to be filled: half a placeholder would reach the page as it is.
    opened = cut.rfind("{")
    if opened > cut.rfind("}"):
        cut = cut[:opened]
    return cut + "…"


def infer_type(text: str) -> AppealType:
    """The appeal type of a 泰迪杯 text, which has none: from the words citizens use for each type.

    Never praise: letters that say 表扬 or 感谢 in these sets are nearly all complaints ("谢谢领导"),
    so praise comes from the templates only.
    """
    for word, appeal_type in (("举报", AppealType.REPORT), ("投诉", AppealType.COMPLAINT),
                              ("建议", AppealType.SUGGESTION)):
        if word in text:
            return appeal_type
    if any(w in text for w in ("咨询", "请问", "如何", "怎么", "能否", "是否", "吗？", "吗?")):
        return AppealType.INQUIRY
    return AppealType.HELP


def message_type(kind: str, sentiment: str, content: str) -> AppealType:
    """MSGABench 问题类型 (咨询 / 建言 / 投诉/求助) as our appeal type."""
    if kind == "咨询":
        return AppealType.INQUIRY
    if kind == "建言":
        return AppealType.SUGGESTION
    if "举报" in content:
        return AppealType.REPORT
    # 投诉/求助 is one label in the source; anger or the word itself marks a complaint.
    return AppealType.COMPLAINT if "投诉" in content or sentiment == "愤怒" else AppealType.HELP


def topic_for(level1: str, text: str) -> str:
    if level1 in _UTILITY_LEVEL1:
        for topic, words in UTILITY_TOPICS:
            if any(w in text for w in words):
                return topic
    for level2, words in LEVEL2_KEYWORDS.get(level1, ()):
        if any(w in text for w in words):
            return f"{level1}/{level2}"
    return f"{level1}/其他"
