"""Traditional → simplified Chinese characters, for the common ones.

Messages from Hong Kong, Macao and Taiwan callers, or typed with a traditional IME, are folded to simplified
wherever text is compared: the classifiers' features (``nlp.textnorm``), the search index and its queries
(``domain.text``), duplicates and hot issues (``nlp.shingles``). 路燈 and 路灯 are then one word everywhere.
"""

from __future__ import annotations

import functools
import re

# Traditional → simplified for common characters, as "繁简" pairs. Characters that are also in
# everyday simplified use with another meaning (乾, 著, 瞭, 藉 …) are left out on purpose.
TRADITIONAL_PAIRS = (
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
def simplified_table() -> dict[int, str]:
    """For ``str.translate``. Built on first use, not at import (the project's "nothing built at import time" rule)."""
    table: dict[int, str] = {}
    for pair in TRADITIONAL_PAIRS.split():
        if len(pair) == 2 and pair[0] != pair[1]:
            table[ord(pair[0])] = pair[1]
    return table


@functools.cache
def _traditional() -> re.Pattern[str]:
    return re.compile("[" + "".join(map(chr, simplified_table())) + "]")


def to_simplified(text: str) -> str:
    """``text.translate(simplified_table())``, without the translation when ``text`` has no traditional character.

    Few texts have one, and ``str.translate`` with a dict looks every character up in Python (~0.15 µs each,
    most of the cost of normalising an appeal for the duplicate check), while the regex search runs in C."""
    return text.translate(simplified_table()) if _traditional().search(text) else text
