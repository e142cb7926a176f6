"""问题分类目录 on the 派单目录 page: centre staff read it, admins add and retire topics (a ticked box), and the
intake form refuses a topic outside it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import Order, TopicEntry
from hotline.services import catalogue, topics
from tests.helpers import World, unchanged
from tests.web.conftest import SignedIn, csrf_of
from tests.web.test_intake_pages import LAMP, post_intake


def seed_topics(w: World, *paths: str) -> dict[str, int]:
    ids = {}
    for path in paths:
        with w.db.uow() as uow:
            ids[path] = topics.add_topic(uow, actor=w.actor("admin"), path=path, now=w.clock()).id
    return ids


def active(w: World) -> list[str]:
    with w.db.uow(write=False) as uow:
        return topics.active_paths(uow.session)


def post(client: TestClient, path: str, fields: dict[str, object]) -> tuple[int, str]:
    token = csrf_of(client.get("/work/catalogue").text)
    response = client.post(path, data={"csrf_token": token, **fields})
    return response.status_code, response.text


def test_centre_staff_read_the_directory_and_only_admins_get_its_forms(signed_in: SignedIn, w: World) -> None:
    empty = signed_in("admin").get("/work/catalogue").text
    assert 'id="topics"' in empty and "目录为空：问题分类可自由填写" in empty and 'id="topic-form"' in empty
    ids = seed_topics(w, "城市管理", "城市管理/路灯井盖")
    for who in ("dispatcher", "agent", "supervisor"):
        page = signed_in(who).get("/work/catalogue").text
        row = re.search(rf'<tr id="topic-{ids["城市管理/路灯井盖"]}".*?</tr>', page, re.S)
        assert row and "城市管理/路灯井盖" in row[0] and "问题分类目录" in page
        assert 'id="topic-form"' not in page and "/work/catalogue/topics/" not in page
    unit = signed_in("cgj").get("/work/catalogue").text
    assert 'id="topics"' not in unit and "城市管理/路灯井盖" not in unit  # a unit reads the rules only
    admin = signed_in("admin").get("/work/catalogue").text
    assert f'action="/work/catalogue/topics/{ids["城市管理"]}/retire"' in admin
    assert 'list="topic-choices"' in admin and '<option value="城市管理/路灯井盖">' in admin  # the rule form offers it


def test_an_admin_adds_a_topic_and_retires_it_with_the_box_ticked(signed_in: SignedIn, w: World) -> None:
    admin = signed_in("admin")
    status, page = post(admin, "/work/catalogue/topics", {"path": "城乡建设"})
    assert status == 200 and "已在问题分类目录中添加“城乡建设”" in page
    status, page = post(admin, "/work/catalogue/topics", {"path": "城乡建设 / 物业"})
    assert status == 200 and active(w) == ["城乡建设", "城乡建设/物业"]
    entry = re.search(r'<tr id="topic-(\d+)" class="in-force">\s*<td>城乡建设/物业</td>', page)
    assert entry
    retire = f"/work/catalogue/topics/{entry[1]}/retire"
    status, page = post(admin, retire, {})  # the box not ticked
    assert status == 422 and "请先勾选确认框" in page and active(w) == ["城乡建设", "城乡建设/物业"]
    status, page = post(admin, retire, {"confirm": "1"})
    assert status == 200 and "问题分类“城乡建设/物业”已停用" in page and active(w) == ["城乡建设"]
    history = admin.get("/work/catalogue?history=true").text
    stopped = re.search(rf'<tr id="topic-{entry[1]}" class="stopped">.*?</tr>', history, re.S)
    assert stopped and "2026-03-02 09:00" in stopped[0]
    status, page = post(admin, retire, {"confirm": "1"})
    assert status == 404 and "没有这个有效分类" in page


@pytest.mark.parametrize(("path", "status", "message"), [
    ("城乡建设//物业", 422, "问题分类格式不正确"),
    ("交通/公交", 422, "请先在目录中添加一级分类“交通”"),
    ("城乡建设", 409, "问题分类目录中已有“城乡建设”"),
    ("😀", 422, "问题分类只能由文字组成，不能含表情或符号"),
    ("城乡建设/🏠物业", 422, "问题分类只能由文字组成，不能含表情或符号"),
    ("###", 422, "问题分类只能由文字组成"),
])
def test_a_refused_topic_shows_the_page_again_with_the_reason(signed_in: SignedIn, w: World, path: str,
                                                              status: int, message: str) -> None:
    seed_topics(w, "城乡建设")
    got, page = post(signed_in("admin"), "/work/catalogue/topics", {"path": path})
    assert got == status and message in page and 'id="form-error"' in page
    assert f'name="path" value="{path}"' in page  # what was typed stays
    with w.db.uow(write=False) as uow:
        assert list(uow.session.scalars(select(TopicEntry.path))) == ["城乡建设"]


def test_an_overlong_topic_is_refused_by_the_box_s_own_limit_and_name_in_either_language(signed_in: SignedIn,
                                                                                        w: World) -> None:
    admin = signed_in("admin")
    assert 'name="path" value="" maxlength="128"' in admin.get("/work/catalogue").text
    for lang, message in (("zh", "“分类”不能超过 128 个字"), ("en", "Topic must not exceed 128 characters")):
        got, page = post(admin, f"/work/catalogue/topics?lang={lang}", {"path": "城乡建设/" + "长" * 124})
        assert got == 422 and message in page and "path" not in page.split('id="form-error"')[1][:80]
    assert active(w) == []


def test_a_topic_a_rule_routes_by_is_not_retired_and_the_page_says_which_rule(signed_in: SignedIn, w: World) -> None:
    ids = seed_topics(w, "城市管理")
    with w.db.uow() as uow:
        rule = catalogue.add_rule(uow, actor=w.actor("admin"), now=w.clock(), draft=catalogue.RuleDraft(
            topic="城市管理", area=None, lead_unit="cgj", territorial_level=None))
    status, page = post(signed_in("admin"), f"/work/catalogue/topics/{ids['城市管理']}/retire", {"confirm": "1"})
    assert status == 409 and f"派单目录的规则（第 {rule.revision} 版）按“城市管理”派单" in page
    assert active(w) == ["城市管理"]


@pytest.mark.parametrize("who", ["dispatcher", "supervisor", "cgj"])
def test_a_topic_form_posted_by_anyone_but_an_admin_changes_nothing(signed_in: SignedIn, w: World, who: str) -> None:
    ids = seed_topics(w, "城市管理")
    client = signed_in(who)
    for path, fields in (("/work/catalogue/topics", {"path": "交通"}),
                         (f"/work/catalogue/topics/{ids['城市管理']}/retire", {"confirm": "1"})):
        status, page = post(client, path, fields)
        assert status == 403 and "仅管理员可以修改配置" in page
    assert active(w) == ["城市管理"]


def test_the_directory_section_in_english(signed_in: SignedIn, w: World) -> None:
    seed_topics(w, "城市管理")
    page = signed_in("admin").get("/work/catalogue?lang=en").text
    for words in ("Topic directory", "Add a topic", "I confirm: retire this topic", "Registration, classification"):
        assert words in page, words


def test_the_intake_form_refuses_a_topic_outside_the_directory(signed_in: SignedIn, w: World) -> None:
    seed_topics(w, "城市管理", "城市管理/路灯井盖")
    agent = signed_in("agent")
    with unchanged(w):
        response = post_intake(agent, do="register", content=LAMP, topic="路灯坏了")
        assert response.status_code == 422 and "请从问题分类目录中选择" in response.text
        assert "路灯坏了" in response.text  # what was typed stays, to be corrected
    assert '<option value="城市管理/路灯井盖">' in agent.get("/work/intake").text
    assert post_intake(agent, do="register", content=LAMP, topic="城市管理/路灯井盖").status_code == 303
    with w.db.uow(write=False) as uow:
        assert list(uow.session.scalars(select(Order.topic))) == ["城市管理/路灯井盖"]


def test_a_rule_kept_from_before_the_directory_is_marked_when_its_topic_is_not_in_it(signed_in: SignedIn,
                                                                                     w: World) -> None:
    with w.db.uow() as uow:  # the directory is still empty: any topic
        rule = catalogue.add_rule(uow, actor=w.actor("admin"), now=w.clock(), draft=catalogue.RuleDraft(
            topic="路灯坏了", area=None, lead_unit="cgj", territorial_level=None))
    row = re.compile(rf'<tr id="rule-{rule.id}".*?</tr>', re.S)
    before = row.search(signed_in("dispatcher").get("/work/catalogue").text)
    assert before and "不在问题分类目录中" not in before[0]
    seed_topics(w, "城市管理")
    after = row.search(signed_in("dispatcher").get("/work/catalogue").text)
    assert after and "路灯坏了" in after[0] and "不在问题分类目录中，请修改" in after[0]
