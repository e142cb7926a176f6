"""Text normalisation and tokenisation shared by the appeal classifiers.

Every classifier sees text through :func:`analyse`, so training and inference cannot drift apart.
The steps, and why:

* NFKC folds full-width letters, digits and punctuation (Ａ１？ → A1?) that typed and OCR'd text mixes.
* A small traditional → simplified table: messages from Hong Kong, Macao and Taiwan callers, or typed
  with a traditional IME, would otherwise miss the vocabulary learned from simplified text. It covers
  the few hundred commonest characters only (no converter library works offline as pure Python here).
* Masks of the public data sets (``https://baidu.com/``, ``0000-00000000``, ``****``), spreadsheet
  line-break residue (``_x000D_``) and the Han-looking residue of broken encodings (锟斤拷, 烫烫烫) are
  removed: they tell nothing about the matter.
* Anything that is not a Han character, a Latin letter or a digit becomes a break between runs, so
  emoji, symbols, control characters and garbled bytes (U+FFFD, lone surrogates) cannot reach jieba
  or the vocabulary.
* Only the first :data:`MAX_CHARS` characters are used and jieba only segments the first
  :data:`MAX_WORD_CHARS`: a topic is stated at the start, and the cap keeps inference fast for a
  pasted 100,000-character document.

Features are character 1–3-grams of each Han run (robust to the estate, road and company names no
dictionary knows) plus jieba word unigrams and bigrams, Latin words, one feature per number and one
per question or exclamation mark (see the comment above :func:`features`). jieba is initialised
lazily on first use, never at import.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

# Bump when anything below changes the features a text gets: saved models then refuse to load
# (artifacts checks it) instead of silently scoring the wrong features.
FEATURES_VERSION = 2  # 2: question and exclamation marks are features
MAX_CHARS = 700  # of title + content, after normalisation. A letter's matter is in its opening: 1,000 and 1,500
# read no better (topic macro-F1 on linked records 0.925 / 0.924 / 0.924, bodies 0.930 / 0.930 / 0.934, titles
# 0.894 / 0.892 / 0.894, the 448 sample 0.864 / 0.867 / 0.862; appeal type, unit and emergency recall the same),
# and each 300 characters more cost a long letter's suggestions ~0.4-0.6 ms at p99
MAX_WORD_CHARS = 200  # segmented by jieba (~0.1 µs a character); more adds little (bench)

# Masks of the data sets, and the Han-looking residue of broken encodings: 锟斤拷 (U+FFFD saved as GBK), and
# 烫烫烫 / 屯屯屯 (uninitialised memory read as GBK). "烫" alone is a word (烫伤, 额头烫烫的), a run of three is
# not. Dropping them only takes features away from garbage, so saved models stay valid (no version bump).
_MASKS = re.compile(r"https?://baidu\.com/?|0000-00000000|_x000d_|\*+|锟斤拷|烫{3,}|屯{3,}")
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z]+|[0-9]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]{2,}")

# Traditional → simplified for common characters, as "繁简" pairs. Characters that are also in
# everyday simplified use with another meaning (乾, 著, 瞭, 藉 …) are left out on purpose.
_TRADITIONAL_PAIRS = (
    "們们 個个 來来 對对 說说 時时 國国 會会 這这 過过 還还 進进 處处 與与 電电 車车 門门 問问 題题 區区 "
    "縣县 業业 學学 習习 醫医 療疗 衛卫 險险 費费 錢钱 買买 賣卖 貸贷 現现 發发 麼么 為为 無无 從从 長长 "
    "開开 關关 間间 聽听 見见 讓让 請请 謝谢 應应 該该 辦办 單单 號号 種种 樣样 裡里 東东 後后 點点 機机 "
    "構构 務务 動动 勞劳 資资 給给 經经 濟济 報报 記记 錄录 條条 規规 劃划 設设 備备 寫写 認认 識识 讀读 "
    "書书 館馆 園园 圖图 場场 環环 聲声 氣气 溫温 熱热 燈灯 壞坏 紅红 綠绿 黃黄 藍蓝 華华 鄉乡 鎮镇 廣广 "
    "團团 隊队 軍军 兒儿 孫孙 媽妈 爺爷 師师 狀状 況况 態态 體体 價价 質质 產产 權权 證证 據据 線线 網网 "
    "絡络 訊讯 話话 語语 講讲 議议 調调 詢询 訴诉 舉举 幫帮 難难 決决 護护 腦脑 視视 頻频 戶户 葉叶 雜杂 "
    "亂乱 髒脏 廢废 汙污 潔洁 淨净 濕湿 陽阳 陰阴 風风 雲云 滿满 緊紧 輛辆 駕驾 駛驶 鐵铁 軌轨 運运 輸输 "
    "橋桥 樓楼 層层 鄰邻 響响 擾扰 鬧闹 飯饭 藥药 殘残 貧贫 補补 貼贴 養养 繳缴 納纳 稅税 銀银 賬账 帳账 "
    "碼码 員员 職职 匯汇 總总 額额 歲岁 齡龄 婦妇 幣币 龍龙 鳥鸟 魚鱼 馬马 閉闭 聯联 繫系 係系 專专 節节 "
    "術术 藝艺 劇剧 導导 遊游 歡欢 樂乐 愛爱 傳传 統统 計计 畫画 邊边 遠远 達达 連连 鐘钟 錶表 燒烧 煙烟 "
    "災灾 搶抢 盜盗 騙骗 詐诈 賭赌 槍枪 彈弹 傷伤 殺杀 鬥斗 爭争 戰战 勝胜 敗败 壓压 遷迁 償偿 徵征 當当 "
    "將将 軟软 實实 際际 驗验 檢检 測测 試试 準准 確确 標标 轉转 換换 變变 舊旧 壽寿 農农 漁渔 礦矿 廠厂 "
    "營营 銷销 貨货 漲涨 幾几 齊齐 畢毕 級级 課课 陸陆 島岛 灣湾 臺台 歷历 曆历 隨随 蘭兰 億亿 萬万 兩两 "
    "雙双 倆俩 隻只 麵面 鬆松 髮发 鬍胡 穀谷 製制 醜丑 蟲虫 賓宾 廳厅 廁厕 鑰钥 鎖锁 幹干 趕赶 嗎吗 啟启 "
    "蓋盖 築筑 樹树 壩坝 溝沟 淚泪 濱滨 灘滩 漢汉 滬沪 貴贵 陝陕 蘇苏 遼辽 閩闽 贛赣 魯鲁 粵粤 瓊琼 寧宁 "
    "內内 擁拥 擠挤 霧雾 沒没 於于 歸归 願愿 須须 側侧 則则 財财 貪贪 責责 負负 購购 賽赛 趙赵 鄭郑 劉刘 "
    "陳陈 張张 楊杨 吳吴 馮冯 許许 韓韩 蔣蒋 鄧邓 蕭萧 盧卢 閻阎 顧顾 譚谭 賴赖 龔龚 範范 湯汤 嚴严 韋韦 "
    "羅罗 鄒邹 賈贾 顏颜 餘余 緣缘 織织 紀纪 約约 組组 紙纸 純纯 細细 終终 結结 絕绝 絲丝 練练 續续 維维 "
    "綜综 緒绪 編编 緩缓 績绩 繼继 纖纤 縮缩 繪绘 紛纷 紹绍 餓饿 飽饱 飲饮 頭头 顯显 頁页 順顺 預预 領领 "
    "頓顿 類类 顆颗 飛飞 驚惊 騎骑 驅驱 鳳凤 鴨鸭 雞鸡 鵝鹅 麗丽 黨党 齒齿 龜龟 漿浆 滅灭 瀏浏 覽览 觀观 "
    "覺觉 親亲 訂订 討讨 訓训 託托 論论 訪访 評评 詞词 詳详 誠诚 誤误 誰谁 談谈 諮咨 諸诸 謀谋 謠谣 謹谨 "
    "譯译 讚赞 貝贝 貢贡 販贩 貫贯 貿贸 賠赔 賺赚 贈赠 贊赞 趨趋 跡迹 蹤踪 躍跃 載载 輕轻 較较 輔辅 輪轮 "
    "輯辑 辭辞 遞递 適适 遲迟 遺遗 釋释 針针 鈔钞 鉛铅 銅铜 鋼钢 錯错 鍵键 鏈链 閃闪 閒闲 閱阅 闊阔 階阶 "
    "隱隐 雖虽 離离 靈灵 靜静 韻韵 頂顶 項项 飄飘 鮮鲜 鹽盐 麥麦 週周 價价 慶庆 氫氢 溼湿 滯滞 潛潜 澇涝 "
    "災灾 熱热 爐炉 獎奖 瑪玛 疊叠 癒愈 盤盘 監监 碼码 礙碍 禮礼 禍祸 稱称 穩稳 窮穷 競竞 筆笔 範范 簡简 "
    "糧粮 緝缉 罰罚 罷罢 聖圣 聞闻 脅胁 膚肤 臟脏 興兴 舉举 艱艰 莊庄 薦荐 藍蓝 號号 蠻蛮 衝冲 補补 裝装 "
    "複复 規规 親亲 觸触 訴诉 診诊 註注 詐诈 誌志 誕诞 語语 誘诱 諾诺 謊谎 證证 護护 豐丰 豬猪 貓猫 "
    "賊贼 資资 賄贿 賦赋 賤贱 贓赃 踐践 軸轴 辯辩 農农 鄰邻 醬酱 釘钉 鈴铃 鋪铺 錄录 鍋锅 鍛锻 鎊镑 鏡镜 "
    "鐵铁 鑑鉴 閘闸 陣阵 陰阴 隸隶 雇雇 雞鸡 電电 霸霸 靂雳 韌韧 頃顷 頒颁 頸颈 頻频 顛颠 颱台 飼饲 餅饼 "
    "駐驻 騷骚 驟骤 髒脏 鬱郁 魂魂 鵬鹏 鹼碱 麼么 黴霉 齣出 嚇吓 噸吨 壯壮 壺壶 奪夺 奮奋 婁娄 孃娘 寬宽 "
    "實实 寵宠 寶宝 對对 尋寻 導导 屆届 屬属 岡冈 峽峡 嶺岭 巖岩 幣币 庫库 廚厨 廟庙 彎弯 彙汇 徑径 徹彻 "
    "憂忧 懷怀 懸悬 戲戏 擇择 擊击 擔担 據据 擬拟 擴扩 攝摄 敵敌 斷断 暈晕 暫暂 曉晓 棄弃 棟栋 楓枫 榮荣 "
    "構构 槓杠 標标 樞枢 橫横 檔档 檯台 櫃柜 歐欧 殼壳 毀毁 氾泛 決决 淺浅 測测 湧涌 準准 溝沟 滄沧 漁渔 "
    "漬渍 潤润 澤泽 濃浓 濾滤 瀉泻 瀝沥 灑洒 爛烂 牆墙 犧牺 獄狱 獨独 獲获 環环 瓏珑 疇畴 瘡疮 療疗 癢痒 "
    "發发 盜盗 盧卢 眾众 礎础 禦御 稅税 種种 穫获 窩窝 竊窃 筍笋 箏筝 籃篮 籠笼 緯纬 縫缝 繩绳 罈坛 翹翘 "
    "聲声 肅肃 脹胀 腳脚 膠胶 膽胆 臉脸 臨临 艙舱 蓮莲 藝艺 蘋苹 處处 虛虚 蝦虾 蠶蚕 術术 衛卫 襪袜 裏里 "
    "診诊 該该 誇夸 謎谜 議议 讒谗 豎竖 貞贞 賀贺 賄贿 贖赎 趕赶 蹟迹 軀躯 輩辈 轎轿 辦办 遙遥 遜逊 郵邮 "
    "鄉乡 醞酝 釀酿 銜衔 鋁铝 鋒锋 錦锦 鍊炼 鎔熔 鑄铸 長长 閥阀 闆板 陝陕 險险 雋隽 雲云 霧雾 韓韩 頑顽 "
    "頗颇 頰颊 顫颤 飢饥 餵喂 饒饶 駁驳 騰腾 驢驴 鬢鬓 鯨鲸 鴻鸿 鶴鹤 麵面 齋斋"
)


@functools.cache
def _traditional_table() -> dict[int, str]:
    """Built on first use, not at import (the project's "nothing built at import time" rule)."""
    table: dict[int, str] = {}
    for pair in _TRADITIONAL_PAIRS.split():
        if len(pair) == 2 and pair[0] != pair[1]:
            table[ord(pair[0])] = pair[1]
    return table


def simplify(text: str, limit: int = MAX_CHARS) -> str:
    """Lower-cased NFKC text in simplified characters, punctuation kept, at most ~``limit`` characters.
    Never raises on any ``str`` (lone surrogates included)."""
    if not text:
        return ""
    # Lone surrogates (bytes decoded with surrogateescape) cannot be normalised: replace them first.
    text = text[: limit * 4]
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    return unicodedata.normalize("NFKC", text).lower().translate(_traditional_table())


def normalise(text: str) -> str:
    """:func:`simplify`, with dataset masks removed and everything but Han, Latin and digits turned into
    single spaces."""
    return _clean(simplify(text))


def _clean(simplified: str) -> str:
    return " ".join(_RUNS.findall(_MASKS.sub(" ", simplified)))


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def is_classifiable(normalised: str) -> bool:
    """Whether normalised text holds anything a classifier can use: a Han character or a Latin word."""
    return bool(_HAN.search(normalised) or _LATIN_WORD.search(normalised))


# -- jieba ------------------------------------------------------------------------------------------

_JIEBA_LOCK = threading.Lock()
_jieba: Any = None  # rjieba's cut once loaded


def _segmenter() -> Any:
    """jieba's segmenter, loaded once on first use (its dictionary takes ~0.1 s).

    This is rjieba, the Python binding of jieba-rs: the same dictionary and the same cuts as the Python
    jieba (identical on all 65,000 texts of ../shared/data it was compared on, HMM off, so models trained
    with either read the same features), 12 times as fast and ~40 MB smaller in memory. Segmentation was
    the slowest step of classifying an order."""
    global _jieba
    if _jieba is None:
        with _JIEBA_LOCK:
            if _jieba is None:
                import rjieba

                _jieba = rjieba.cut
    return _jieba


def warm_up() -> None:
    """Initialise jieba now (e.g. at service start) so the first classification is not slow."""
    _segmenter()


# -- features ---------------------------------------------------------------------------------------
#
# A feature is a 64-bit key, computed with numpy over the whole text at once rather than token by
# token in Python, so one order is analysed in well under a millisecond and a model stores a sorted
# key array (8 bytes a feature) instead of a dictionary of strings (~200 bytes a feature).
# * Character n-grams are exact: the code points packed 21 bits each (1-gram < 2**21, 2-gram < 2**42,
#   3-gram < 2**63), so they can be decoded back into text for the dispatcher.
# * Words, word bigrams and Latin words get a polynomial hash of their span with the top bit set
#   (collisions between 64-bit hashes of a few million features are negligible); their text is found
#   again from the order's own spans when a reason is shown.
# * Each run of digits is one key, NUMBER: "some number here" is a feature, the value is not.
# * Each question mark is one key, QUESTION, and each exclamation mark one key, EXCLAIM, counted in
#   the text before punctuation is dropped: "？" marks a question (咨询), "！" an emphatic complaint.
#   In cross-validation on the MSGABench appeal types they add ~0.004 macro-F1 and are neutral for
#   topics and units.

NUMBER = 1
QUESTION = 2
EXCLAIM = 3
MARK_NAMES = {NUMBER: "#", QUESTION: "?", EXCLAIM: "!"}  # shown for these keys; not words (see reasons)
_TOP = np.uint64(1 << 63)
_HASH_BASE = 0x100000001B3  # odd, so it is invertible modulo 2**64
_SALT_WORD, _SALT_BIGRAM, _SALT_LATIN = 0x5BD1E995, 0x27D4EB2F, 0x165667B1
_LATIN_RUN = re.compile(r"[a-z]+")
_DIGIT_RUN = re.compile(r"[0-9]+")

U64Array = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]


@functools.cache
def _powers() -> tuple[U64Array, U64Array]:
    """base**i and base**-i modulo 2**64 for every position of a (capped) text."""
    n = MAX_CHARS + 2
    inverse = pow(_HASH_BASE, -1, 1 << 64)
    up, down = np.empty(n, np.uint64), np.empty(n, np.uint64)
    a = b = 1
    for i in range(n):
        up[i], down[i] = a, b
        a, b = a * _HASH_BASE % (1 << 64), b * inverse % (1 << 64)
    return up, down


def _finish(h: U64Array, salt: int) -> U64Array:
    """Scramble a raw hash (splitmix64 finaliser) and set the top bit: the word namespace."""
    h = h ^ np.uint64(salt)
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (h ^ (h >> np.uint64(31))) | _TOP


def _span_hashes(prefix: U64Array, spans: IntArray, salt: int) -> U64Array:
    starts, ends = spans[:, 0], spans[:, 1]
    raw = (prefix[ends] - prefix[starts]) * _powers()[1][starts] + (ends - starts).astype(np.uint64)
    return _finish(raw, salt)


@dataclass(frozen=True)
class Features:
    """The features of one part of an order (title or content): sorted unique keys with counts, plus
    what is needed to show a word feature as text again."""

    keys: U64Array
    counts: npt.NDArray[np.float32]
    text: str = ""
    named: U64Array = field(default_factory=lambda: np.empty(0, np.uint64))  # hashed keys …
    spans: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))  # … and where they occur
    words: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))  # jieba's words, (start, end)

    def __len__(self) -> int:
        return int(self.keys.size)

    def name(self, key: int) -> str | None:
        """The text of a feature key, or None if it does not occur in this part."""
        if key in MARK_NAMES:
            return MARK_NAMES[key]
        if key < 1 << 63:
            chars = [(key >> shift) & 0x1FFFFF for shift in (42, 21, 0)]
            return "".join(chr(c) for c in chars if c)
        span = self._spans_by_key.get(key)
        return None if span is None else self.text[span[0]:span[1]]

    @cached_property
    def _spans_by_key(self) -> dict[int, tuple[int, int]]:
        """Each hashed key's first span, built once: the reasons of every model name keys of the same text."""
        spans: dict[int, tuple[int, int]] = {}
        for key, (start, end) in zip(self.named.tolist(), self.spans.tolist(), strict=True):
            spans.setdefault(key, (start, end))
        return spans

    @cached_property
    def _inside_words(self) -> npt.NDArray[np.bool_]:
        """Per position of ``text`` (and its end), whether it falls strictly inside a word of 2+ characters."""
        size = len(self.text) + 2
        long = self.words[self.words[:, 1] - self.words[:, 0] > 1]
        # +1 after each word's first character, -1 at its end: positions inside a word sum to > 0
        marks = np.bincount(long[:, 0] + 1, minlength=size) - np.bincount(long[:, 1], minlength=size)
        inside: npt.NDArray[np.bool_] = np.cumsum(marks)[: size - 1] > 0
        return inside

    def cuts_a_word(self, term: str) -> bool | None:
        """Whether every occurrence of ``term`` starts or ends inside a word of two or more characters
        ("意见很" of 意见|很大, "业主意" of 业主|意见); None when it does not occur here."""
        at = self.text.find(term)
        if at < 0:
            return None
        inside = self._inside_words
        while at >= 0:
            if not (inside[at] or inside[at + len(term)]):
                return False
            at = self.text.find(term, at + 1)
        return True


EMPTY = Features(np.empty(0, np.uint64), np.empty(0, np.float32))


def features(normalised: str, marks: tuple[int, int] = (0, 0)) -> Features:
    """Feature keys of already normalised text (see the comment above); ``marks`` are the numbers of
    question and exclamation marks the text had before normalisation (see :func:`count_marks`)."""
    text = normalised[:MAX_CHARS].strip()
    if not text:
        return EMPTY
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    han = cp >= 0x3400  # normalised text is only Han, a-z, 0-9 and single spaces
    pair = han[:-1] & han[1:]
    triple = pair[:-1] & han[2:]
    grams = [
        cp[han],
        (cp[:-1][pair] << np.uint64(21)) | cp[1:][pair],
        (cp[:-2][triple] << np.uint64(42)) | (cp[1:-1][triple] << np.uint64(21)) | cp[2:][triple],
        np.full(len(_DIGIT_RUN.findall(text)), NUMBER, np.uint64),
        np.full(marks[0], QUESTION, np.uint64),
        np.full(marks[1], EXCLAIM, np.uint64),
    ]
    prefix = np.zeros(cp.size + 1, np.uint64)
    np.cumsum(cp * _powers()[0][: cp.size], out=prefix[1:])
    latin = np.array([m.span() for m in _LATIN_RUN.finditer(text)], dtype=np.int64).reshape(-1, 2)
    words = _word_spans(text)
    bigrams = np.column_stack([words[:-1, 0], words[1:, 1]]) if len(words) > 1 else np.empty((0, 2), np.int64)
    named_parts = [_span_hashes(prefix, latin, _SALT_LATIN), _span_hashes(prefix, words, _SALT_WORD)]
    if len(bigrams):
        word_keys = named_parts[1]
        raw = word_keys[:-1] * np.uint64(_HASH_BASE) + word_keys[1:]
        named_parts.append(_finish(raw, _SALT_BIGRAM))
    named = np.concatenate(named_parts)
    keys, counts = np.unique(np.concatenate([*grams, named]), return_counts=True)
    spans = np.concatenate([latin, words, bigrams]) if len(bigrams) else np.concatenate([latin, words])
    return Features(keys, counts.astype(np.float32), text, named, spans, words)


def count_marks(simplified: str) -> tuple[int, int]:
    """Question and exclamation marks in :func:`simplify`'d text (NFKC has folded ？ and ！ to ASCII)."""
    return simplified.count("?"), simplified.count("!")


def _word_spans(text: str) -> IntArray:
    """jieba words of Han characters in the first MAX_WORD_CHARS characters, as (start, end) spans."""
    # HMM off: faster, deterministic, and unknown words are covered by the character grams anyway.
    pieces = _segmenter()(text[:MAX_WORD_CHARS], hmm=False)
    spans: list[tuple[int, int]] = []
    start = 0
    for piece in pieces:
        end = start + len(piece)
        if _HAN.match(piece):
            spans.append((start, end))
        start = end
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


@dataclass(frozen=True)
class View:
    """One view of an order (title, content, or both), as positions into the order's key union."""

    positions: IntArray
    counts: npt.NDArray[np.float32]


@dataclass(frozen=True)
class AnalysedText:
    """An order's title and content as features, computed once and shared by all classifiers.

    ``keys`` is the sorted union of the features of title and content: a model looks each key up in
    its vocabulary once, whatever the number of views. ``views`` are title, content, and title +
    content when the order has both. ``simplified`` is the text as :func:`simplify` left it
    (punctuation kept) for rules that read it.
    """

    title: Features
    content: Features
    classifiable: bool
    keys: U64Array = field(default_factory=lambda: np.empty(0, np.uint64))
    views: tuple[View, ...] = ()
    simplified: str = ""
    # The keys looked up in a vocabulary several models share, by vocabulary (``classifier.SharedVocabulary``).
    lookups: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return not self.views

    def name(self, key: int) -> str | None:
        return self.title.name(key) or self.content.name(key)

    def cuts_a_word(self, term: str) -> bool:
        """Whether ``term`` occurs only across word boundaries ("意见很"): a character n-gram that is a
        feature but reads as noise. Whole words, word pairs and compounds jieba does not know, which it
        splits into single characters ("乱收" of 乱|收), do not cut a word."""
        verdicts = [v for part in (self.title, self.content) if (v := part.cuts_a_word(term)) is not None]
        return bool(verdicts) and all(verdicts)


def _views(title: Features, content: Features) -> tuple[U64Array, tuple[View, ...]]:
    parts = [f for f in (title, content) if len(f)]
    if not parts:
        return np.empty(0, np.uint64), ()
    if len(parts) == 1:
        return parts[0].keys, (View(np.arange(len(parts[0])), parts[0].counts),)
    keys, inverse = np.unique(np.concatenate([title.keys, content.keys]), return_inverse=True)
    counts = np.concatenate([title.counts, content.counts])
    joint = np.bincount(inverse, weights=counts, minlength=keys.size).astype(np.float32)
    n = len(title)
    return keys, (View(inverse[:n], title.counts), View(inverse[n:], content.counts),
                  View(np.arange(keys.size), joint))


def analyse(title: str, content: str) -> AnalysedText:
    """Normalise and featurise an order's title and content (the content gets what is left of the cap)."""
    simple_title, simple_content = simplify(title or ""), simplify(content or "")
    norm_title = _clean(simple_title)[:MAX_CHARS]
    norm_content = _clean(simple_content)[: max(0, MAX_CHARS - len(norm_title))]
    simplified = f"{simple_title}。{simple_content}"[:MAX_CHARS]
    if not (is_classifiable(norm_title) or is_classifiable(norm_content)):
        return AnalysedText(EMPTY, EMPTY, False, simplified=simplified)
    title_features = features(norm_title, count_marks(simple_title[:MAX_CHARS]))
    content_features = features(norm_content, count_marks(simple_content[: max(0, MAX_CHARS - len(norm_title))]))
    keys, views = _views(title_features, content_features)
    return AnalysedText(title_features, content_features, True, keys, views, simplified)
