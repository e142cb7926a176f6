"""Attachments: stored outside the database, limited in size and type, visible only with the order."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from hotline.settings import Settings
from tests.conftest import Org
from tests.test_journeys import act, register

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def upload(client: TestClient, org: Org, who: str, number: str, data: bytes, ctype: str = "image/png",
           name: str = "photo.png") -> tuple[int, dict[str, object]]:
    response = client.post(f"/api/v1/orders/{number}/attachments", files={"file": (name, data, ctype)},
                           headers=org.headers(who))
    return response.status_code, response.json() if response.headers["content-type"].startswith(
        "application/json") else {}


def test_an_agent_attaches_a_photo_and_the_lead_unit_downloads_it(app_client: TestClient, org: Org,
                                                                   settings: Settings) -> None:
    number = register(app_client, org)
    status, body = upload(app_client, org, "agent", number, PNG, name="../../etc/现场照片.png")
    assert status == 201, body
    assert body["filename"] == "现场照片.png" and body["size"] == len(PNG)
    stored = list(Path(settings.attachment_dir).rglob("*"))
    assert any(p.is_file() and p.read_bytes() == PNG for p in stored)

    act(app_client, org, "dispatcher", number, "dispatch", {"unit": "cgj"})
    listing = app_client.get(f"/api/v1/orders/{number}/attachments", headers=org.headers("cgj")).json()
    assert [a["filename"] for a in listing] == ["现场照片.png"]
    download = app_client.get(f"/api/v1/orders/{number}/attachments/{listing[0]['id']}", headers=org.headers("cgj"))
    assert download.status_code == 200 and download.content == PNG
    hidden = app_client.get(f"/api/v1/orders/{number}/attachments/{listing[0]['id']}", headers=org.headers("water"))
    assert hidden.status_code == 404


def test_a_file_whose_bytes_do_not_match_its_type_is_refused_and_nothing_is_kept(
        app_client: TestClient, org: Org, settings: Settings) -> None:
    number = register(app_client, org)
    status, body = upload(app_client, org, "agent", number, b"MZ\x90\x00 not an image")
    assert status == 415 and body["code"] == "unsupported_media_type"
    status, body = upload(app_client, org, "agent", number, b"#!/bin/sh", ctype="application/x-sh", name="a.sh")
    assert status == 415
    assert not [p for p in Path(settings.attachment_dir).rglob("*") if p.is_file()]
    assert app_client.get(f"/api/v1/orders/{number}/attachments", headers=org.headers("agent")).json() == []


def test_an_attachment_over_the_size_limit_gets_413(app_client: TestClient, org: Org, settings: Settings) -> None:
    number = register(app_client, org)
    app_client.app.state.hotline.ctx.settings.max_attachment_bytes = 1024  # type: ignore[attr-defined]
    status, body = upload(app_client, org, "agent", number, PNG + b"\x00" * 2048)
    assert status == 413 and body["code"] == "payload_too_large"
    assert not [p for p in Path(settings.attachment_dir).rglob("*") if p.is_file()]


def test_a_supervisor_may_not_attach_files(app_client: TestClient, org: Org) -> None:
    number = register(app_client, org)
    status, body = upload(app_client, org, "supervisor", number, PNG)
    assert status == 403 and body["code"] == "attach_denied"
