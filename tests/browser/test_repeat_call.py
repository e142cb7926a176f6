"""A caller rings again about the streetlight they reported: the agent sees the open order on the panel and
chases it (催办) from the intake form instead of registering the same matter twice."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, expect

from tests.browser.conftest import sign_in

PHONE = "13912345678"
FIRST = "鼓楼区东街社区3号楼前的路灯坏了，路灯一直不亮，晚上出行很不安全，希望尽快修复。"
AGAIN = "我之前打过电话反映过，3号楼前的路灯还是不亮，怎么还没人修"


def test_an_agent_chases_the_caller_s_open_order_instead_of_registering_it_again(context: BrowserContext) -> None:
    page = context.new_page()
    sign_in(page, "agent")
    assert page.url.endswith("/work/intake")  # a call-taker's work starts at 受理登记
    page.fill("input[name=caller_phone]", PHONE)
    page.fill("textarea[name=content]", FIRST)
    page.click("#register")
    page.wait_for_url(re.compile(r"/work/orders/HL\d+$"))
    number = page.url.rsplit("/", 1)[1]

    page.goto("/work/intake")
    page.fill("input[name=caller_phone]", PHONE)
    page.fill("textarea[name=content]", AGAIN)
    repeat = page.locator("#repeats li", has_text=number)
    expect(repeat).to_contain_text("同一来电人再次反映")
    # The form's required fields stay empty (no appeal type chosen): a chase does not need them.
    repeat.locator("button.urge-instead").click()
    page.wait_for_url(re.compile(rf"/work/orders/{number}$"))
    expect(page.locator("#flash")).to_contain_text("已完成：催办")
    expect(page.locator("#order-supervision")).to_contain_text("已催办 1 次")
    expect(page.locator("#timeline tr", has_text="催办")).to_contain_text("来电人再次来电催办：我之前打过电话反映过")
    page.goto("/work/orders?status=all")
    expect(page.locator("#queue tr", has_text="路灯")).to_have_count(1)  # nothing registered twice
