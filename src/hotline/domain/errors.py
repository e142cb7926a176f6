"""The one error tree of the platform.

Services raise these; the API maps each class to one HTTP status in one handler.
Every error carries a machine-readable ``code`` and a message in Chinese and English.

    HotlineError
    ├── NotAuthenticated      who are you?                 (401)
    ├── PermissionDenied      you may not do this          (403)
    ├── NotFound              no such thing (for you)      (404)
    ├── Conflict              the state forbids it         (409)
    │   ├── InvalidTransition     action not allowed in this status
    │   └── ConcurrentUpdate      someone else changed it first
    ├── PayloadTooLarge       too big                      (413)
    └── ValidationFailed      the input is wrong           (422)
"""

from __future__ import annotations

from typing import Any


class HotlineError(Exception):
    status = 400  # the HTTP status the API and the pages answer with
    code = "error"
    message_zh = "操作失败"
    message_en = "The operation failed"

    def __init__(
        self,
        message_zh: str | None = None,
        message_en: str | None = None,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.message_zh = message_zh or type(self).message_zh
        self.message_en = message_en or type(self).message_en
        self.code = code or type(self).code
        self.details = details or {}
        super().__init__(f"{self.code}: {self.message_en}")


class NotAuthenticated(HotlineError):
    status = 401
    code = "not_authenticated"
    message_zh = "未登录或令牌无效"
    message_en = "Missing or invalid credentials"


class PermissionDenied(HotlineError):
    status = 403
    code = "permission_denied"
    message_zh = "无权执行此操作"
    message_en = "You are not allowed to do this"


class NotFound(HotlineError):
    status = 404
    code = "not_found"
    message_zh = "未找到"
    message_en = "Not found"


class Conflict(HotlineError):
    status = 409
    code = "conflict"
    message_zh = "当前状态不允许此操作"
    message_en = "The current state does not allow this"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message_zh = "工单当前状态不允许此操作"
    message_en = "This action is not allowed in the order's current status"


class ConcurrentUpdate(Conflict):
    code = "concurrent_update"
    message_zh = "工单已被他人修改，请刷新后重试"
    message_en = "The order was changed by someone else; reload and try again"


class PayloadTooLarge(HotlineError):
    status = 413
    code = "payload_too_large"
    message_zh = "提交的内容过大"
    message_en = "The submitted content is too large"


class ValidationFailed(HotlineError):
    status = 422
    code = "validation_failed"
    message_zh = "输入有误"
    message_en = "The input is invalid"
