"""The workbench on a call-taker's screen (1366×768, and narrower): a long appeal pasted into 诉求内容
scrolls in its box, 登记工单 stays in the window, and the assistant beside the form keeps its alerts in view;
the queue's and the timeline's times keep to one line beside a long title; the form's choices show whole; and
no page asks the server for what it lacks.

The appeal is a real one from ../shared/data (泰迪杯 2020 C, 留言详情), after the fire call of the journeys.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.server import RunningServer
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import sign_in

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIRE = "我家楼下厨房着火了，浓烟很大，闻到很重的煤气味，快派人来！"
LENGTH = 1500
WIDTH, HEIGHT = 1366, 768


def long_appeal() -> str:
    """The fire, then the first public appeal long enough to make up ``LENGTH`` characters."""
    details = SHARED_DATA / "taidi2020c" / "details_labeled.csv"
    assert details.is_file(), f"the layout test reads a real long appeal from {details}"
    with details.open(encoding="utf-8") as rows:
        body = next(row["detail"] for row in csv.DictReader(rows) if len(row["detail"]) >= LENGTH)
    return (FIRE + body)[:LENGTH]


@pytest.fixture
def page(browser: Browser, server: RunningServer) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base_url, locale="zh-CN",
                                  viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    sign_in(opened, "agent")
    yield opened
    context.close()


def top_bottom(locator: Locator) -> tuple[float, float]:
    """Where the element is in the window, in CSS pixels from its top edge."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not shown"
    return box["y"], box["y"] + box["height"]


def assert_in_window(page: Page, locator: Locator) -> None:
    top, bottom = top_bottom(locator)
    height = page.viewport_size["height"] if page.viewport_size else HEIGHT
    assert top >= 0 and bottom <= height, f"{locator} is at {top:.0f}–{bottom:.0f}, the window is {height} high"


def scroll_to(page: Page, y: int | str) -> None:
    page.evaluate(f"window.scrollTo(0, {y})")


@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_a_long_appeal_scrolls_in_its_box_and_leaves_register_and_the_alerts_in_the_window(page: Page,
                                                                                          query: str) -> None:
    page.goto(f"/work/intake{query}")
    content = page.locator("textarea[name=content]")
    empty_height = content.evaluate("e => e.offsetHeight")
    content.fill(long_appeal())
    alert = page.locator("#assist .banner.emergency").first
    expect(alert).to_contain_text("119")
    # The appeal did not grow the form: it scrolls in its box, which keeps its height.
    assert content.evaluate("e => e.offsetHeight") == empty_height
    assert content.evaluate("e => e.scrollHeight > e.clientHeight + 100")
    for y in (0, "document.body.scrollHeight"):  # the form as it opens, and scrolled to its end
        scroll_to(page, y)
        assert_in_window(page, page.locator("#register"))
        assert_in_window(page, alert)
        assert top_bottom(page.locator("#assist"))[1] <= HEIGHT  # the assistant fits the window, scrolling inside
    scroll_to(page, 0)
    for field in ("caller_phone", "address"):  # the fields around the appeal are where they were
        assert_in_window(page, page.locator(f"input[name={field}]"))
    # Dragged taller by its handle, the box stops at half the window.
    content.evaluate("e => { e.style.height = '3000px'; }")
    assert content.evaluate("e => e.offsetHeight") <= HEIGHT / 2 + 1
    assert_in_window(page, page.locator("#register"))


def test_in_a_narrow_window_register_stays_in_reach_and_the_assistant_beside_the_form_down_to_800_pixels(
        page: Page) -> None:
    page.goto("/work/intake")
    page.locator("textarea[name=content]").fill(long_appeal())
    alert = page.locator("#assist .banner.emergency").first
    expect(alert).to_contain_text("119")
    page.set_viewport_size({"width": 800, "height": 700})
    assert_in_window(page, page.locator("#register"))
    assert_in_window(page, alert)  # beside the appeal being typed, not a screen below it
    page.set_viewport_size({"width": 600, "height": 700})  # one column: the assistant follows the form
    scroll_to(page, 0)
    assert_in_window(page, page.locator("#register"))
    assert top_bottom(page.locator("#assist"))[0] > top_bottom(page.locator("#register"))[1]


def lines(locator: Locator) -> int:
    """How many lines the element's text takes on the screen."""
    return int(locator.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e);"
                                " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"))


@pytest.mark.parametrize("query", ["", "&lang=en"])
def test_times_and_short_columns_of_the_queue_and_the_timeline_keep_to_one_line_beside_a_long_title(
        page: Page, query: str) -> None:
    page.goto(f"/work/orders?status=all&overdue=1{query}")
    row = page.locator("#queue tr.overdue").first
    assert lines(row.locator("td").nth(2)) > 1  # the title wraps: the table is as tight as a busy queue
    # status, lead unit, accepted, the deadline (and the district: this order names none)
    short = [cell for cell in row.locator("td.nowrap, span.nowrap").all() if cell.inner_text().strip()]
    assert len(short) >= 4
    for cell in short:
        assert lines(cell) == 1, cell.inner_text()
    row.locator("a").first.click()
    page.wait_for_url("**/work/orders/HL*")
    for cell in page.locator("#timeline td.nowrap").all() + page.locator("table.facts td.nowrap").all():
        assert lines(cell) == 1, cell.inner_text()


@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_the_choices_of_the_intake_form_show_whole_in_their_boxes(page: Page, query: str) -> None:
    page.goto(f"/work/intake{query}")
    for name in ("channel", "urgency", "appeal_type"):
        box = page.locator(f"select[name={name}]")
        # the chosen option's text, in the box's font, and the room the box leaves it (less its arrow)
        text, room = box.evaluate("e => { const c = document.createElement('canvas').getContext('2d');"
                                  " const s = getComputedStyle(e); c.font = s.font;"
                                  " return [c.measureText(e.options[e.selectedIndex].text).width,"
                                  " e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 24]; }")
        assert text <= room, f"{name}: {text:.0f} px of text in {room:.0f} px"


def test_the_workbench_asks_the_server_for_nothing_it_lacks(browser: Browser, server: RunningServer) -> None:
    context = browser.new_context(base_url=server.base_url, locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT})
    fresh = context.new_page()  # listened to from its first request: the browser asks for an icon once
    failed: list[str] = []
    fresh.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    fresh.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    try:
        fresh.goto("/")
        sign_in(fresh, "agent")
        for path in ("/work/orders", "/work/intake"):
            fresh.goto(path)
        fresh.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert failed == []  # a missing /favicon.ico was a 404 and a console error
