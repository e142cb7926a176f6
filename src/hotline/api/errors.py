"""Maps the error tree to HTTP in one place, and documents the error shape in the OpenAPI."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from hotline.domain import errors


class ErrorOut(BaseModel):
    """Every error: a machine-readable code, a message in Chinese and one in English."""

    code: str = Field(examples=["invalid_transition"])
    message: str = Field(description="中文说明", examples=["工单当前状态不允许此操作"])
    message_en: str = Field(examples=["This action is not allowed in the order's current status"])
    details: dict[str, Any] = Field(default_factory=dict)


def _describe(status: int) -> dict[str, Any]:
    meaning = {
        400: "Malformed request (e.g. invalid JSON) · 请求格式错误",
        401: "Missing or invalid bearer token · 未登录或令牌无效",
        403: "Your role or unit may not do this · 无权操作",
        404: "No such order or unit (or not visible to you) · 不存在",
        409: "The order's status or a concurrent change forbids it · 状态冲突",
        413: "Request body too large · 内容过大",
        415: "Unsupported attachment type · 不支持的附件类型",
        422: "Invalid input · 输入有误",
    }[status]
    if status == 401:
        return {"model": ErrorOut, "description": meaning, "headers": {"WWW-Authenticate": {
            "description": "The scheme to authenticate with", "schema": {"type": "string", "enum": ["Bearer"]}}}}
    return {"model": ErrorOut, "description": meaning}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: _describe(status) for status in statuses}


COMMON_ERRORS = (400, 401, 403, 404, 409, 413, 422)


def error_body(code: str, zh: str, en: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": zh, "message_en": en, "details": details or {}}


def status_for(exc: errors.HotlineError) -> int:
    return 415 if exc.code == "unsupported_media_type" else exc.status


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.HotlineError)
    async def _hotline_error(_request: Request, exc: errors.HotlineError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, errors.NotAuthenticated) else None
        return JSONResponse(error_body(exc.code, exc.message_zh, exc.message_en, exc.details),
                              status_code=status_for(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                     "type": str(e.get("type", ""))} for e in exc.errors()]
        if any(p["type"] == "json_invalid" for p in problems):
            return JSONResponse(error_body("malformed_json", "请求体不是合法的 JSON", "The body is not valid JSON",
                                             {"errors": problems}), status_code=400)
        return JSONResponse(error_body("validation_failed", "输入有误，请检查各字段", "The input is invalid",
                                         {"errors": problems}), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        zh = {404: "未找到", 405: "不支持此请求方法", 413: "提交的内容过大"}.get(exc.status_code, "请求有误")
        code = "payload_too_large" if exc.status_code == 413 else f"http_{exc.status_code}"
        return JSONResponse(error_body(code, zh, str(exc.detail)),
                              status_code=exc.status_code)
