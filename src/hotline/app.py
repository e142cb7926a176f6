"""``create_app(settings)``: the composition root that assembles the API and the pages.

Nothing is built at import time."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotline import __version__
from hotline.api.admin import router as admin_router
from hotline.api.attachments import router as attachments_router
from hotline.api.catalogue import router as catalogue_router
from hotline.api.deps import AppState
from hotline.api.errors import error_body, install_error_handlers
from hotline.api.orders import router as orders_router
from hotline.api.reviews import router as reviews_router
from hotline.api.suggestions import router as suggestions_router
from hotline.api.topics import router as topics_router
from hotline.api.units import auth_router, units_router
from hotline.db.engine import make_engine
from hotline.db.uow import Database
from hotline.services.context import Context
from hotline.settings import Settings
from hotline.web.pages import install_pages

API_PREFIX = "/api/v1"
MAX_JSON_BODY = 256 * 1024

DESCRIPTION = """
12345 政务服务便民热线 · work orders (工单) from registration to close.

Authenticate with `Authorization: Bearer <token>` (`hotline create-token USER`, or `POST /api/v1/auth/login`).
Errors always have the shape `{code, message, message_en, details}`.
Enumerated inputs accept the English code, the Chinese word, or its pinyin (e.g. `complaint` / `投诉` / `tousu`);
responses use the English codes, with Chinese labels in `*_label` fields.
"""


def utc_now() -> datetime:
    return datetime.now(UTC)


class BodySizeLimit:
    """Refuse oversized bodies with 413 — by Content-Length up front, and by counting the bytes of
    chunked bodies as they arrive — before they are read into memory or onto disk. Uploads get
    the attachment limit, everything else the JSON limit."""

    def __init__(self, app: ASGIApp, json_limit: int, upload_limit: int) -> None:
        self.app, self.json_limit, self.upload_limit = app, json_limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        is_upload = b"multipart/form-data" in headers.get(b"content-type", b"")
        limit = self.upload_limit if is_upload else self.json_limit
        length = headers.get(b"content-length", b"0")
        if length.isdigit() and int(length) > limit:
            await _send_json(send, 413, error_body("payload_too_large", "提交的内容过大",
                                                   f"The body exceeds {limit} bytes"))
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises HTTPExceptions met while reading the body; the handler makes it a 413.
                    raise StarletteHTTPException(413, f"The body exceeds {limit} bytes")
            return message

        await self.app(scope, counting_receive, send)


async def _send_json(send: Send, status: int, body: dict[str, object]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


def create_app(settings: Settings, *, database: Database | None = None,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    db = database or Database(make_engine(settings))
    app = FastAPI(title="hotline 12345", version=__version__, description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None)
    ctx = Context.from_settings(settings)
    if settings.env != "test":  # tests load models explicitly, so that none lingers between them
        ctx.models.start_loading()  # in the background: requests never wait for the models
    app.state.hotline = AppState(db=db, ctx=ctx, clock=clock)
    install_error_handlers(app)
    for router in (orders_router, attachments_router, units_router, auth_router, admin_router, catalogue_router,
                   suggestions_router, reviews_router, topics_router):
        app.include_router(router, prefix=API_PREFIX)
    _mount_docs(app)
    install_pages(app, settings)  # the pages, the workbench, their static files and signed sessions
    app.add_middleware(BodySizeLimit, json_limit=MAX_JSON_BODY,
                       upload_limit=settings.max_attachment_bytes + 64 * 1024)
    return app


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI from the fastapi-offline wheel: centres run on intranets with no CDN."""
    import fastapi_offline

    static = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/static/swagger", StaticFiles(directory=static), name="swagger")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=f"{API_PREFIX}/openapi.json", title="hotline API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon.png")
