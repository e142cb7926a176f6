"""热点问题: the centre sees the week's repeated matters as clusters with their figures and trend."""

from __future__ import annotations

import re

from tests.helpers import World, register
from tests.web.conftest import SignedIn

BARBECUE = ["花园路8号烧烤店油烟噪音扰民到凌晨，第{}次反映", "花园路8号楼下烧烤店油烟噪音扰民，营业到凌晨，第{}次反映"]


def repeated_appeals(w: World, times: int = 3) -> list[str]:
    """``times`` callers about the barbecue of 花园路8号, and one about something else."""
    numbers = [register(w, content=BARBECUE[i % 2].format(i + 1), caller_phone=f"1391234560{i}", topic=None,
                        address="花园路8号") for i in range(times)]
    register(w, content="咨询公积金提取需要哪些材料", topic=None, address=None, street=None)
    return numbers


def cluster_of(page: str) -> str:
    """The first cluster's card."""
    found = re.search(r'<li class="hot-issue">(.*?)</li>', page, re.S)
    assert found, "no cluster on the page"
    return found.group(1)


def test_a_supervisor_sees_the_repeated_appeals_as_one_cluster_with_its_figures(signed_in: SignedIn,
                                                                                 w: World) -> None:
    numbers = repeated_appeals(w)
    response = signed_in("supervisor").get("/work/hot-issues")
    assert response.status_code == 200
    page = response.text
    assert "读取工单 4 件，热点问题 1 个" in page and 'value="2026-02-24"' in page and 'value="2026-03-02"' in page
    card = cluster_of(page)
    assert '<strong class="count">3</strong> 工单数' in card and "<strong>3</strong> 来电人数" in card
    assert all(f'<a href="/work/orders/{n}">' in card for n in numbers)  # links to its orders
    assert "东街街道 (3)" in card and "烧烤" in card and "公积金" not in card
    # the last 7 days, one bar a day, drawn on the server; today's bar is the tallest
    bars = re.findall(r'<rect x="\d+" y="(\d+)" width="6" height="(\d+)"><title>([^<]+)</title>', card)
    assert len(bars) == 7 and bars[-1] == ("0", "28", "2026-03-02：3 件") and bars[0][2] == "2026-02-24：0 件"
    assert "<script" not in page


def test_agents_see_hot_issues_and_a_district_filter_narrows_them(signed_in: SignedIn, w: World) -> None:
    repeated_appeals(w)
    agent = signed_in("agent")
    assert 'href="/work/hot-issues"' in agent.get("/work/orders").text  # in the agent's navigation
    assert 'class="hot-issue"' in agent.get("/work/hot-issues?district=鼓楼区").text
    page = agent.get("/work/hot-issues?district=台江区").text
    assert 'id="no-issues"' in page and "读取工单 0 件" in page


def test_the_district_is_chosen_from_the_centres_districts_all_of_them_by_default(signed_in: SignedIn,
                                                                                  w: World) -> None:
    repeated_appeals(w)
    supervisor = signed_in("supervisor")
    page = supervisor.get("/work/hot-issues").text
    choices = re.search(r'<select name="district">(.*?)</select>', page, re.S)
    assert choices, "no district select"
    assert re.findall(r'<option value="([^"]*)"', choices.group(1)) == ["", "鼓楼区", "台江区"]  # the gazetteer's
    assert '<option value="">全部区县</option>' in choices.group(1) and "selected" not in choices.group(1)
    chosen = supervisor.get("/work/hot-issues?district=台江区").text
    assert '<option value="台江区" selected>台江区</option>' in chosen
    english = supervisor.get("/work/hot-issues?lang=en").text
    assert '<option value="">All districts</option>' in english


def test_a_district_that_is_not_the_centres_is_refused_on_the_page(signed_in: SignedIn, w: World) -> None:
    repeated_appeals(w)
    supervisor = signed_in("supervisor")
    for name in ("鼓楼", "朝阳区"):  # a typo in a hand-edited link, another city's district
        response = supervisor.get(f"/work/hot-issues?district={name}")
        assert response.status_code == 422
        assert f"“{name}”不是本中心的区县，请从列表中选择" in response.text and 'class="hot-issue"' not in response.text
        assert '<option value="鼓楼区">鼓楼区</option>' in response.text  # the form offers the districts again
    english = supervisor.get("/work/hot-issues?district=鼓楼&lang=en")
    assert english.status_code == 422
    assert "鼓楼 is not one of the centre&#39;s districts: choose one from the list" in english.text


def test_a_period_without_repeats_says_so(signed_in: SignedIn, w: World) -> None:
    repeated_appeals(w)
    response = signed_in("supervisor").get("/work/hot-issues?from=2025-01-01&to=2025-01-07")
    assert response.status_code == 200
    assert 'id="no-issues"' in response.text and "2025-01-01 至 2025-01-07 没有热点问题" in response.text
    assert 'class="hot-issue"' not in response.text


def test_bad_periods_are_explained_on_the_page(signed_in: SignedIn) -> None:
    supervisor = signed_in("supervisor")
    for query, message in (("from=2026-03-02&to=2025-01-01", "起始日期不能晚于截止日期"),
                           ("from=2024-01-01&to=2026-03-02", "统计期须在"), ("from=yesterday", "日期“yesterday”无效"),
                           ("to=9999-12-31", "日期须在 2000 至 2100 年之间"), ("to=0001-01-03", "2100 年之间"),
                           ("from=0001-01-01&to=0001-01-02", "2100 年之间"),
                           ("district=" + "区" * 100, "查询条件“区县”不能超过")):
        response = supervisor.get(f"/work/hot-issues?{query}")
        assert response.status_code == 422 and message in response.text and 'id="hot-filter"' in response.text


def test_handling_units_are_refused_hot_issues(signed_in: SignedIn, w: World) -> None:
    repeated_appeals(w)
    street = signed_in("street")
    response = street.get("/work/hot-issues")
    assert response.status_code == 403 and "仅中心人员可以查看热点问题" in response.text
    assert "烧烤" not in response.text
    assert 'href="/work/hot-issues"' not in street.get("/work/orders").text  # not in a unit's navigation


def test_hot_issues_in_english(signed_in: SignedIn, w: World) -> None:
    repeated_appeals(w)
    page = signed_in("supervisor").get("/work/hot-issues?lang=en").text
    for words in ("<h2>Hot issues</h2>", "4 orders read, 1 hot issues", "Orders", "Callers", "Daily trend",
                  "Key phrases", "Places", "2026-03-02: 3"):
        assert words in page, words
    assert "工单数" not in page
