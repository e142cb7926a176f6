"""Signing in to the workbench: a signed session cookie, CSRF on every form, sign-out clears it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hotline.app import create_app
from hotline.db.uow import Database
from hotline.settings import Settings
from tests.conftest import Clock, Org
from tests.web.conftest import PASSWORD, SignedIn, csrf_of, set_passwords, sign_in


def test_a_signed_out_visitor_is_sent_to_the_sign_in_form_and_back(app_client: TestClient, db: Database,
                                                                    org: Org) -> None:
    for path in ("/work/intake", "/work/orders", "/work/orders/HL20260302000001"):
        response = app_client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/login?next={path}"
    set_passwords(db, ["agent"])
    form = app_client.get("/login?next=/work/intake")
    assert form.status_code == 200 and 'value="/work/intake"' in form.text
    response = app_client.post("/login", data={"username": "agent", "password": PASSWORD, "next": "/work/intake",
                                               "csrf_token": csrf_of(form.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/work/intake"
    assert app_client.get("/work/intake").status_code == 200


def test_the_session_cookie_is_signed_http_only_and_same_site(app_client: TestClient, db: Database,
                                                              org: Org) -> None:
    set_passwords(db, ["agent"])
    token = csrf_of(app_client.get("/login").text)
    response = app_client.post("/login", data={"username": "agent", "password": PASSWORD, "csrf_token": token},
                               follow_redirects=False)
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and v.startswith("hotline_session="))
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    # A cookie changed by hand is not a session: the signature no longer matches.
    value = app_client.cookies["hotline_session"]
    forged = TestClient(app_client.app, cookies={"hotline_session": value[:-4] + "AAAA"})
    assert forged.get("/work/orders", follow_redirects=False).status_code == 303


def test_a_wrong_password_shows_the_form_again_with_a_clear_message(app_client: TestClient, db: Database,
                                                                    org: Org) -> None:
    set_passwords(db, ["agent"])
    token = csrf_of(app_client.get("/login").text)
    for username, password in (("agent", "not-the-password"), ("nobody", PASSWORD), ("", "")):
        response = app_client.post("/login", data={"username": username, "password": password, "csrf_token": token})
        assert response.status_code == 401 and "用户名或密码错误" in response.text
        assert 'name="password"' in response.text
    assert app_client.get("/work/orders", follow_redirects=False).status_code == 303  # still signed out


def test_the_sign_in_form_is_titled_for_everyone_who_signs_in_there(app_client: TestClient) -> None:
    # handling units, supervisors and admins sign in on the same form as the agents and dispatchers
    chinese, english = app_client.get("/login?lang=zh").text, app_client.get("/login?lang=en").text
    assert "<h2>工作台登录</h2>" in chinese and "坐席/派单" not in chinese
    assert "<h2>Sign in to the workbench</h2>" in english and "dispatchers" not in english


def test_signing_in_needs_the_forms_csrf_token(app_client: TestClient, db: Database, org: Org) -> None:
    set_passwords(db, ["agent"])
    app_client.get("/login")
    for data in ({}, {"csrf_token": "forged"}):
        response = app_client.post("/login", data={"username": "agent", "password": PASSWORD, **data})
        assert response.status_code == 403 and "刷新页面" in response.text
    assert app_client.get("/work/orders", follow_redirects=False).status_code == 303


def test_signing_out_clears_the_session_and_needs_the_token_too(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    page = agent.get("/work/orders")
    assert page.status_code == 200 and "agent · 话务员" in page.text
    assert agent.post("/logout", data={}).status_code == 403  # a page elsewhere cannot sign our user out
    assert agent.get("/work/orders").status_code == 200
    response = agent.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "hotline_session" not in agent.cookies
    assert agent.get("/work/orders", follow_redirects=False).status_code == 303


def test_the_sign_in_redirect_goes_only_to_workbench_pages(app_client: TestClient, db: Database, org: Org) -> None:
    set_passwords(db, ["agent"])
    for target in ("https://evil.example/", "//evil.example/work/", "/work/\\evil", "/api/v1/orders"):
        token = csrf_of(app_client.get("/login").text)
        response = app_client.post("/login", data={"username": "agent", "password": PASSWORD, "next": target,
                                                   "csrf_token": token}, follow_redirects=False)
        assert response.headers["location"] == "/work/intake"  # a call-taker's own home instead
        app_client.cookies.clear()


@pytest.mark.parametrize(("who", "home"), [("agent", "/work/intake"), ("dispatcher", "/work/orders"),
                                           ("district", "/work/orders"), ("supervisor", "/work/orders")])
def test_each_role_lands_where_its_work_starts(app_client: TestClient, db: Database, who: str, home: str) -> None:
    set_passwords(db, [who])
    token = csrf_of(app_client.get("/login").text)
    response = app_client.post("/login", data={"username": who, "password": PASSWORD, "csrf_token": token},
                               follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == home


def test_a_user_deactivated_after_signing_in_is_out_at_once(signed_in: SignedIn, db: Database) -> None:
    from sqlalchemy import update

    from hotline.db.models import User

    agent = signed_in("agent")
    with db.uow() as uow:
        uow.session.execute(update(User).where(User.username == "agent").values(active=False))
        uow.commit()
    assert agent.get("/work/orders", follow_redirects=False).status_code == 303


def test_english_is_remembered_after_the_switch(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    english = agent.get("/work/intake?lang=en")
    assert "Register an appeal" in english.text and "Get suggestions" in english.text and "Sign out" in english.text
    assert 'lang="en"' in english.text
    assert "Order queue" in agent.get("/work/orders").text  # the cookie remembers
    assert "工单队列" in agent.get("/work/orders?lang=zh").text


def test_sign_in_itself_works_the_same_in_a_second_client(app_client: TestClient, db: Database, org: Org) -> None:
    set_passwords(db, ["dispatcher"])
    other = TestClient(app_client.app)
    sign_in(other, "dispatcher")
    assert "dispatcher · 派单员" in other.get("/work/orders").text
    assert app_client.get("/work/orders", follow_redirects=False).status_code == 303  # cookies are per client


def test_a_cookie_copied_before_signing_out_is_worthless_after(signed_in: SignedIn, app_client: TestClient) -> None:
    agent = signed_in("agent")
    page = agent.get("/work/orders")
    stolen = agent.cookies["hotline_session"]
    thief = TestClient(app_client.app)
    thief.cookies.set("hotline_session", stolen)
    assert thief.get("/work/orders").status_code == 200  # a copy works while the session lasts …
    agent.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert thief.get("/work/orders", follow_redirects=False).status_code == 303  # … and ends with it


def test_signing_in_again_ends_the_browser_s_previous_session(app_client: TestClient, db: Database, org: Org) -> None:
    set_passwords(db, ["agent", "dispatcher"])
    browser = TestClient(app_client.app)
    sign_in(browser, "agent")
    first = browser.cookies["hotline_session"]
    sign_in(browser, "dispatcher")
    assert "dispatcher · 派单员" in browser.get("/work/orders").text
    old = TestClient(app_client.app)
    old.cookies.set("hotline_session", first)
    assert old.get("/work/orders", follow_redirects=False).status_code == 303


def test_the_session_s_token_is_no_api_token(signed_in: SignedIn, app_client: TestClient) -> None:
    import base64
    import json

    agent = signed_in("agent")
    cookie = agent.cookies["hotline_session"]
    token = json.loads(base64.b64decode(cookie.split(".")[0] + "=="))["token"]
    api = TestClient(app_client.app)
    response = api.get("/api/v1/orders", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401  # the cookie's CSRF protection cannot be sidestepped through the API
    assert agent.get("/work/orders").status_code == 200


def test_workbench_pages_cannot_be_framed_or_cached(signed_in: SignedIn) -> None:
    agent = signed_in("agent")
    page = agent.get("/work/orders")
    assert page.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in page.headers[
        "content-security-policy"]
    assert page.headers["cache-control"] == "no-store" and page.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in agent.get("/static/web/hotline.css").headers.get("cache-control", "")


def test_a_panel_refresh_after_the_session_ended_keeps_the_agent_on_the_page(app_client: TestClient, db: Database,
                                                                             org: Org) -> None:
    response = app_client.post("/work/intake/suggest", data={"content": "着火了"}, headers={"X-Hotline-Fragment": "1"},
                               follow_redirects=False)
    assert response.status_code == 401 and 'id="session-ended"' in response.text and "<html" not in response.text
    assert "登录已失效" in response.text
    english = app_client.post("/work/intake/suggest?lang=en", data={"content": "fire"},
                              headers={"X-Hotline-Fragment": "1"}, follow_redirects=False)
    assert english.status_code == 401 and "The session has ended" in english.text and "登录" not in english.text
    form_post = app_client.post("/work/orders/HL1/sign", data={}, follow_redirects=False)
    assert form_post.status_code == 303 and form_post.headers["location"] == "/login?next=/work/orders/HL1"


def test_behind_https_the_session_cookie_is_secure(settings: Settings, db: Database, clock: Clock, org: Org) -> None:
    set_passwords(db, ["agent"])
    app = create_app(settings.model_copy(update={"secure_cookies": True}), database=db, clock=clock)
    with TestClient(app, base_url="https://testserver") as client:
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"username": "agent", "password": PASSWORD, "csrf_token": token},
                               follow_redirects=False)
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and v.startswith("hotline_session="))
    assert "secure" in cookie.lower()


def test_five_wrong_passwords_lock_the_account_for_a_while(app_client: TestClient, db: Database, org: Org,
                                                           clock: Clock) -> None:
    set_passwords(db, ["agent"])

    def attempt(password: str) -> Any:
        token = csrf_of(app_client.get("/login").text)
        return app_client.post("/login", data={"username": "agent", "password": password, "csrf_token": token},
                               follow_redirects=False)

    for _ in range(5):
        assert attempt("wrong").status_code == 401
    locked = attempt(PASSWORD)  # even the right password, for now
    assert locked.status_code == 401 and "账户已临时锁定" in locked.text
    api = app_client.post("/api/v1/auth/login", json={"username": "agent", "password": PASSWORD})
    assert api.status_code == 401 and api.json()["code"] == "account_locked"
    clock.advance(minutes=16)
    assert attempt(PASSWORD).status_code == 303  # the lock ends, and a good sign-in clears the count
    assert attempt("wrong").status_code == 401 and "用户名或密码错误" in attempt("wrong").text
