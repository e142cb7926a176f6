"""派单目录: everyone reads the rules; admins add, replace and retire them; nobody else changes a thing."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hotline.services import catalogue
from tests.helpers import World
from tests.web.conftest import SignedIn, csrf_of

RULE = {"topic": "公共服务/供水", "lead_unit": "water", "area": "a-gl", "note": "供水问题由自来水公司承办"}


def seed_rule(w: World) -> int:
    """Revision 1: street lights go to 市城市管理局, with the 鼓楼区 government helping."""
    with w.db.uow() as uow:
        return catalogue.add_rule(uow, actor=w.actor("admin"), now=w.clock(), draft=catalogue.RuleDraft(
            topic="城市管理/路灯井盖", area=None, lead_unit="cgj", territorial_level=None, co_units=("d-gl",))).id


def in_force(w: World) -> list[tuple[int, str, str | None]]:
    """(revision, topic, lead unit code) of the rules in force."""
    with w.db.uow(write=False) as uow:
        rules = catalogue.list_rules(uow.session, at=w.clock())
        names = catalogue.names_for(uow.session, rules)
        return [(r.revision, r.topic, names.unit_code(r.lead_unit_id)) for r in rules]


def post(client: TestClient, path: str, fields: dict[str, object]) -> tuple[int, str]:
    token = csrf_of(client.get("/work/catalogue").text)
    response = client.post(path, data={"csrf_token": token, **fields})
    return response.status_code, response.text


def test_everyone_reads_the_rules_and_only_admins_get_the_forms(signed_in: SignedIn, w: World) -> None:
    rule_id = seed_rule(w)
    for who in ("dispatcher", "agent", "supervisor", "cgj"):
        client = signed_in(who)
        page = client.get("/work/catalogue").text
        row = re.search(rf'<tr id="rule-{rule_id}".*?</tr>', page, re.S)
        assert row and "城市管理/路灯井盖" in row[0] and "市城市管理局（cgj）" in row[0] and "鼓楼区人民政府" in row[0]
        assert 'id="rule-form"' not in page and "/retire" not in page and 'href="/work/catalogue"' in page
    admin = signed_in("admin").get("/work/catalogue").text
    assert 'id="rule-form"' in admin and f'action="/work/catalogue/{rule_id}/retire"' in admin


def test_the_long_catalogue_page_links_from_its_top_to_what_lies_below_the_rules(signed_in: SignedIn,
                                                                                   w: World) -> None:
    seed_rule(w)
    admin = signed_in("admin").get("/work/catalogue").text
    jumps = re.search(r'<p class="jumps" id="catalogue-jumps">(.*?)</p>', admin, re.S)
    assert jumps and admin.index('id="catalogue-jumps"') < admin.index('id="rules"')  # above the rules
    for target in ("topics", "bounces", "rule-form"):
        assert f'href="#{target}"' in jumps[1] and f'id="{target}"' in admin
    assert "新增规则" in jumps[1] and "Add a rule" in signed_in("admin").get("/work/catalogue?lang=en").text
    dispatcher = signed_in("dispatcher").get("/work/catalogue").text
    assert 'href="#topics"' in dispatcher and 'href="#rule-form"' not in dispatcher  # no form to jump to
    assert 'id="catalogue-jumps"' not in signed_in("cgj").get("/work/catalogue").text  # a unit reads the rules only


def test_an_admin_adds_a_rule_and_sees_it_with_the_next_revision(signed_in: SignedIn, w: World) -> None:
    seed_rule(w)
    admin = signed_in("admin")
    status, page = post(admin, "/work/catalogue", {**RULE, "co_units": ["s-dj", "c-dj1"]})
    assert status == 200 and "派单目录已更新（版本 2）" in page
    assert sorted(in_force(w)) == [(1, "城市管理/路灯井盖", "cgj"), (2, "公共服务/供水", "water")]
    row = re.search(r'<tr id="rule-\d+" class="in-force">\s*<td>2</td>.*?</tr>', page, re.S)
    assert row and "公共服务/供水" in row[0] and "鼓楼区" in row[0] and "市自来水公司（water）" in row[0]
    assert "东街街道办事处（s-dj）、东街社区居委会（c-dj1）" in row[0] and "供水问题由自来水公司承办" in row[0]
    # a territorial rule for every topic: the street's own government leads
    status, page = post(admin, "/work/catalogue", {"all_topics": "1", "territorial_level": "street"})
    assert status == 200 and "版本 3" in page and "全部分类" in page and "属地：街道乡镇政府" in page


def test_an_admin_replaces_and_retires_rules_and_the_history_keeps_them(signed_in: SignedIn, w: World) -> None:
    rule_id = seed_rule(w)
    admin = signed_in("admin")
    editing = admin.get(f"/work/catalogue?replace={rule_id}").text
    assert f'action="/work/catalogue/{rule_id}/replace"' in editing and 'value="城市管理/路灯井盖"' in editing
    assert '<option value="cgj" selected>' in editing  # the form starts from the rule
    status, page = post(admin, f"/work/catalogue/{rule_id}/replace",
                        {"topic": "城市管理/路灯井盖", "lead_unit": "d-gl"})
    assert status == 200 and "版本 2" in page and in_force(w) == [(2, "城市管理/路灯井盖", "d-gl")]
    history = admin.get("/work/catalogue?history=true").text
    stopped = re.search(rf'<tr id="rule-{rule_id}" class="stopped">.*?</tr>', history, re.S)
    assert stopped and "2026-03-02 09:00" in stopped[0]  # when it stopped applying
    assert f'id="rule-{rule_id}"' not in page  # gone from the rules in force
    new_id = int(re.findall(r'<tr id="rule-(\d+)" class="in-force">', page)[0])
    status, page = post(admin, f"/work/catalogue/{new_id}/retire", {})  # the box not ticked
    assert status == 422 and "请先勾选确认框" in page and in_force(w) == [(2, "城市管理/路灯井盖", "d-gl")]
    status, page = post(admin, f"/work/catalogue/{new_id}/retire", {"confirm": "1"})
    assert status == 200 and "规则已停用" in page and 'id="no-rules"' in page and in_force(w) == []
    status, page = post(admin, f"/work/catalogue/{new_id}/retire", {"confirm": "1"})
    assert status == 404 and "没有这条有效规则" in page


@pytest.mark.parametrize("who", ["dispatcher", "supervisor", "cgj"])
def test_a_form_posted_by_anyone_but_an_admin_is_refused_and_changes_nothing(signed_in: SignedIn, w: World,
                                                                             who: str) -> None:
    rule_id = seed_rule(w)
    client = signed_in(who)
    before = in_force(w)
    for path, fields in (("/work/catalogue", RULE), (f"/work/catalogue/{rule_id}/replace", RULE),
                         (f"/work/catalogue/{rule_id}/retire", {"confirm": "1"})):
        status, page = post(client, path, fields)
        assert status == 403 and "仅管理员可以修改配置" in page and 'id="rule-form"' not in page
    assert in_force(w) == before
    assert client.post("/work/catalogue", data=RULE).status_code == 403  # no CSRF token either


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({**RULE, "lead_unit": "nope"}, 422, "单位不存在：nope"),
    ({**RULE, "co_units": "nope"}, 422, "单位不存在：nope"),
    ({**RULE, "area": "a-nowhere"}, 422, "区域不存在：a-nowhere"),
    ({**RULE, "topic": ""}, 422, "请填写问题分类"),
    ({**RULE, "topic": "公共服务//供水"}, 422, "问题分类格式不正确"),
    ({**RULE, "territorial_level": "street"}, 422, "须指定主办单位或属地层级（二选一）"),
    ({**RULE, "territorial_level": "province"}, 422, "“属地层级”的取值无效"),
    ({**RULE, "effective_from": "tomorrow"}, 422, "生效时间格式不正确"),
    ({**RULE, "note": "说" * 501}, 422, "不能超过 500 个字"),
])
def test_bad_input_shows_the_form_again_with_the_reason(signed_in: SignedIn, w: World, fields: dict[str, str],
                                                        status: int, message: str) -> None:
    seed_rule(w)
    before = in_force(w)
    got, page = post(signed_in("admin"), "/work/catalogue", fields)
    assert got == status and message in page and 'id="form-error"' in page and 'id="rule-form"' in page
    if fields["note"] == RULE["note"]:  # what was typed stays
        assert f'value="{RULE["note"]}"' in page
    assert in_force(w) == before


def test_odd_rule_ids_are_not_found(signed_in: SignedIn, w: World) -> None:
    seed_rule(w)
    admin = signed_in("admin")
    for rule_id in ("0", "abc", "9" * 40, "99999"):
        assert post(admin, f"/work/catalogue/{rule_id}/retire", {"confirm": "1"})[0] == 404
    assert admin.get("/work/catalogue?replace=x").status_code == 404


def test_the_catalogue_in_english(signed_in: SignedIn, w: World) -> None:
    seed_rule(w)
    page = signed_in("admin").get("/work/catalogue?lang=en").text
    for words in ("Dispatch catalogue", "Revision", "Topic (prefix)", "whole city", "Add a rule", "Replace",
                  "Retire", "Include replaced and retired rules"):
        assert words in page, words


def test_centre_staff_see_the_topics_that_bounced_beside_the_catalogue(app_client: TestClient, signed_in: SignedIn,
                                                                       w: World) -> None:
    from tests.conftest import Org
    from tests.test_dispatch_review import LAMP, bounce_scenario

    org: Org = w.org
    assert "没有成立的退单" in signed_in("dispatcher").get("/work/catalogue").text
    bounce_scenario(app_client, org, w)
    page = signed_in("admin").get("/work/catalogue").text
    section = page[page.index('id="bounces"'):]
    assert "成立的退单（近 30 天受理的工单）" in section
    row = re.findall(r'<tr class="bounce">(.*?)</tr>', section)
    assert len(row) == 1 and LAMP in row[0] and "（d-gl）" in row[0] and "（scjgj）" in row[0]
    assert re.findall(r"<td>(\d+%?)</td>", row[0]) == ["2", "67%", "2"]  # times, share, as suggested
    english = signed_in("supervisor").get("/work/catalogue?lang=en").text
    assert "Upheld returns (orders accepted in the last 30 days)" in english and "Re-dispatched to" in english
    assert 'id="bounces"' not in signed_in("district").get("/work/catalogue").text  # units read the rules only
