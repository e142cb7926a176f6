"""Hot issues: obvious repeats are grouped and described; the real 附件3 set finds its known issues."""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline.nlp.hot_issues import Direction, HotIssueSettings, IssueOrder, hot_issues
from hotline.nlp.places import Place

START = datetime(2024, 3, 1, 9, 0)
A, B = Place(district="雨花区", street="暮云街道"), Place(district="开福区", street="伍家岭街道")

MIXER = [
    ("丽发新城附近新建搅拌站噪音扰民", "丽发新城小区旁边新建搅拌站，每天噪音粉尘严重，请关闭该搅拌站。"),
    ("投诉丽发新城搅拌站粉尘污染", "丽发新城小区附近的搅拌站灰尘很大，噪音也大，影响休息。"),
    ("丽发新城小区旁搅拌站严重扰民", "小区旁边建了搅拌站，丽发新城的居民晚上睡不着，粉尘噪音严重。"),
    ("丽发新城旁搅拌站噪音粉尘", "搅拌站离丽发新城小区不到百米，噪音和粉尘太严重了，请搬迁搅拌站。"),
    ("再次投诉丽发新城附近搅拌站", "丽发新城附近搅拌站还在生产，噪音粉尘没有改善，请尽快关闭搅拌站。"),
]
PARKING = [
    ("伊景园滨河苑捆绑销售车位", "伊景园滨河苑要求购房必须捆绑购买车位，不买车位就取消购房资格。"),
    ("投诉伊景园滨河苑强制捆绑车位", "伊景园滨河苑开发商强制捆绑销售车位，每个车位十二万，不买不能网签。"),
    ("伊景园滨河苑捆绑车位是否合法", "购买伊景园滨河苑住房被要求同时购买车位，这种捆绑销售合法吗？"),
]
SINGLES = [
    ("咨询孩子上小学需要的材料", "孩子九月上小学，请问报名要准备哪些材料？"),
    ("路灯不亮", "芙蓉路与人民路交叉口的路灯坏了一个月，晚上很黑。"),
    ("公积金提取问题", "离职后公积金怎么提取，需要什么手续？"),
    ("井盖缺失", "五一大道公交站旁井盖丢失，很危险。"),
]


def orders() -> list[IssueOrder]:
    out = []
    # The mixing plant complaints grow: one in the first week, four in the last.
    for n, (title, content) in enumerate(MIXER):
        out.append(IssueOrder(f"m{n}", title, content, START + timedelta(days=1 if n == 0 else 10 + n), place=A,
                              caller=f"c{n}", topic="噪声污染"))
    for n, (title, content) in enumerate(PARKING):
        out.append(IssueOrder(f"p{n}", title, content, START + timedelta(days=2 + n), weight=10 * n, caller="c9"))
    for n, (title, content) in enumerate(SINGLES):
        out.append(IssueOrder(f"s{n}", title, content, START + timedelta(days=n), place=B))
    return out


def test_obvious_repeats_are_grouped_biggest_first() -> None:
    issues = hot_issues(orders())
    assert [sorted(i.member_ids) for i in issues] == [[f"m{n}" for n in range(5)], ["p0", "p1", "p2"]]
    mixer, parking = issues
    assert mixer.count == 5 and mixer.callers == 5 and parking.callers == 1
    assert mixer.label in {title for title, _ in MIXER}
    assert mixer.representative_id in mixer.member_ids
    assert any("丽发新城" in p for p in mixer.key_phrases) and any("搅拌站" in p for p in mixer.key_phrases)
    assert mixer.places.districts == (("雨花区", 5),) and mixer.places.streets == (("暮云街道", 5),)
    assert mixer.topics == (("噪声污染", 5),)
    assert (mixer.first_at, mixer.last_at) == (START + timedelta(days=1), START + timedelta(days=14))
    assert parking.weight == 30


def test_trend_counts_per_day_and_direction() -> None:
    mixer = hot_issues(orders())[0]
    trend = mixer.trend
    assert trend.bucket == "day"
    assert sum(n for _, n in trend.counts) == 5
    assert trend.counts[0][0] == START.date()  # buckets cover the whole period, zeros included
    assert (trend.first_half, trend.second_half, trend.direction) == (1, 4, Direction.RISING)
    long = hot_issues(orders(), period=(START - timedelta(days=60), START + timedelta(days=20)))[0].trend
    assert long.bucket == "week" and long.direction is Direction.RISING
    assert all(day.weekday() == 0 for day, _ in long.counts)


def test_the_same_complaint_in_another_district_is_another_issue() -> None:
    moved = [IssueOrder(f"x{n}", o.title, o.content, o.at, place=B) for n, o in enumerate(orders()[:2])]
    issues = hot_issues([*orders(), *moved])
    for issue in issues:
        districts = {d for d, _ in issue.places.districts}
        assert len(districts) <= 1


def test_singletons_and_bad_input_make_no_issues() -> None:
    assert hot_issues([]) == []
    junk = [IssueOrder(n, t, t, START) for n, t in enumerate(["", "😀" * 50, "\x00\ud800", "hello", "字" * 100_000])]
    assert hot_issues([*junk, IssueOrder("s", *SINGLES[0], START)]) == []
    assert hot_issues(orders(), HotIssueSettings(min_members=4), limit=5)[0].count == 5


def test_weight_breaks_ties_or_counts_when_asked() -> None:
    heavy = [IssueOrder(f"h{n}", t, c, START + timedelta(days=n), weight=1000) for n, (t, c) in enumerate(PARKING)]
    light = [IssueOrder(f"l{n}", t, c, START + timedelta(days=n), place=A) for n, (t, c) in enumerate(MIXER[:3])]
    assert hot_issues([*light, *heavy])[0].member_ids[0] == "h0"  # same count: the more supported first
    weighted = hot_issues(orders(), HotIssueSettings(weight_factor=2.0))[0]  # 3 orders + 2·ln(1 + 30) > 5
    assert weighted.member_ids[0] == "p0" and weighted.heat > 5


def test_real_hot_issues_of_fujian3() -> None:
    from bench.duplicates import as_order, load_messages

    issues = hot_issues([as_order(m) for m in load_messages().values()], limit=20)
    top = " ".join(i.label + " ".join(i.key_phrases) for i in issues[:2])
    assert "丽发新城" in top and "伊景园" in top  # the two mass complaints of 附件3
    assert issues[0].count >= 30 and issues[1].count >= 30


def test_a_period_ending_at_midnight_has_no_bucket_for_the_next_day() -> None:
    midnight = datetime(2024, 3, 1)
    trend = hot_issues(orders(), period=(midnight, midnight + timedelta(days=15)))[0].trend
    days = [day for day, _ in trend.counts]
    assert days[0] == midnight.date() and days[-1] == (midnight + timedelta(days=14)).date() and len(days) == 15


def test_salutations_and_letter_endings_never_sum_up_an_issue() -> None:
    talent = [("领导好！人才补贴申报进度", "领导好！本人2022年4月提交了人才补贴申报，至今没有结果，盼复为谢。此致敬礼"),
              ("领导好，人才补贴申报一直没有进展",
               "领导好，我去年提交了人才补贴申报，一直显示审核中，辛苦了，盼复。此致敬礼"),
              ("人才补贴申报进度查询", "领导好，我的人才补贴申报提交半年了还是审核中，盼复为谢，此致敬礼")]
    issues = hot_issues([IssueOrder(f"t{n}", title, content, START + timedelta(days=n), caller=f"c{n}")
                         for n, (title, content) in enumerate(talent)])
    assert len(issues) == 1 and issues[0].key_phrases
    assert any("人才补贴" in p for p in issues[0].key_phrases), issues[0].key_phrases
    courtesy = ("领导好", "此致", "敬礼", "盼复", "辛苦了")
    assert not [p for p in issues[0].key_phrases if any(c in p for c in courtesy)], issues[0].key_phrases


def test_repeats_written_in_traditional_characters_join_their_simplified_issue() -> None:
    """A caller typing with a traditional IME (路燈, 壞) complains of the same lamp as the others."""
    lamps = [("门前路灯坏了", "门前路灯坏了很久没人修"), ("门前路灯坏了", "门前的路灯坏了很久没人修"),
             ("門前路燈壞了", "門前路燈壞了很久沒人修")]
    found = hot_issues([IssueOrder(f"l{n}", title, content, START + timedelta(days=n), place=B)
                        for n, (title, content) in enumerate(lamps)])
    assert [sorted(i.member_ids) for i in found] == [["l0", "l1", "l2"]]
