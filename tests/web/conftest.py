"""Fixtures of the page tests: the users of tests/conftest.py with passwords, and a browser-like
client per user (each with its own cookie jar) that signs in through the form."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hotline.db.models import User
from hotline.db.uow import Database
from hotline.services.auth import hash_password
from tests.conftest import Clock, Org
from tests.helpers import World

PASSWORD = "workbench-password-1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def set_passwords(db: Database, usernames: list[str], password: str = PASSWORD) -> None:
    """The test organisation's users have no password (argon2 is slow on purpose): give some one."""
    hashed = hash_password(password)
    with db.uow() as uow:
        for user in uow.session.scalars(select(User).where(User.username.in_(usernames))):
            user.password_hash = hashed
        uow.commit()


@pytest.fixture
def w(app_client: TestClient, db: Database, org: Org, clock: Clock) -> World:
    """The services' world of the app under test (its context: the same catalogue cache)."""
    return World(db, org, clock, app_client.app.state.hotline.ctx)  # type: ignore[attr-defined]


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, who: str, password: str = PASSWORD) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": who, "password": password, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


SignedIn = Callable[[str], TestClient]


@pytest.fixture
def signed_in(app_client: TestClient, db: Database, org: Org) -> SignedIn:
    """``signed_in("agent")``: a new client (its own cookies) signed in as that user."""
    set_passwords(db, list(org.actors))

    def client_for(who: str) -> TestClient:
        client = TestClient(app_client.app)
        sign_in(client, who)
        return client

    return client_for


def submit(client: TestClient, number: str, action: str, **fields: object) -> tuple[int, str]:
    token = csrf_of(client.get(f"/work/orders/{number}").text)
    response = client.post(f"/work/orders/{number}/{action}", data={"csrf_token": token, **fields})
    return response.status_code, response.text
