"""Attachments (recordings, photos, documents) kept in a directory outside the database.

The file is streamed to a temporary name while its size and SHA-256 are computed, checked
against the size and type limits, moved into place, and only then recorded; if the database
write fails the file is removed again, so neither side keeps half an attachment.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from hotline.db.models import Attachment
from hotline.db.uow import UnitOfWork
from hotline.domain.enums import TERMINAL_STATUSES, Role
from hotline.domain.errors import Conflict, NotFound, PayloadTooLarge, PermissionDenied, ValidationFailed
from hotline.domain.files import content_matches
from hotline.domain.lifecycle import UnitRelation
from hotline.services.access import access_order
from hotline.services.auth import Actor
from hotline.services.context import Context

CHUNK = 1024 * 1024


class UnsupportedType(ValidationFailed):
    code = "unsupported_media_type"
    message_zh = "不支持的附件类型"
    message_en = "This attachment type is not accepted"


def _may_attach(actor: Actor, relation: UnitRelation) -> bool:
    if actor.role in (Role.AGENT, Role.DISPATCHER):
        return True
    return actor.role is Role.UNIT and relation in (UnitRelation.LEAD, UnitRelation.ASSIGNEE)


def add_attachment(uow: UnitOfWork, *, number: str, filename: str, content_type: str, stream: BinaryIO,
                   actor: Actor, now: datetime, ctx: Context) -> Attachment:
    session = uow.session
    order, relation = access_order(session, actor, number)
    if not _may_attach(actor, relation):
        raise PermissionDenied("无权为此工单上传附件", "You may not attach files to this order", code="attach_denied")
    if order.status in TERMINAL_STATUSES:
        raise Conflict("工单已结束，不能再上传附件", "The order has ended", code="order_closed")
    content_type = content_type.split(";")[0].strip().lower()
    if content_type not in ctx.settings.allowed_attachment_types:
        raise UnsupportedType(details={"content_type": content_type,
                                       "allowed": list(ctx.settings.allowed_attachment_types)})
    store = Path(ctx.settings.attachment_dir)
    key = uuid.uuid4().hex
    final = store / key[:2] / key
    final.parent.mkdir(parents=True, exist_ok=True)
    size, digest = _copy_limited(stream, final, limit=ctx.settings.max_attachment_bytes, content_type=content_type)
    attachment = Attachment(order_id=order.id, filename=_safe_name(filename), content_type=content_type, size=size,
                            sha256=digest, storage_key=key, uploaded_by=actor.user_id, created_at=now)
    session.add(attachment)
    try:
        uow.commit()
    except Exception:
        final.unlink(missing_ok=True)
        raise
    return attachment


def _copy_limited(stream: BinaryIO, final: Path, *, limit: int, content_type: str) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            first = True
            while chunk := stream.read(CHUNK):
                if first and not content_matches(content_type, chunk[:64]):
                    raise UnsupportedType("文件内容与声明的类型不符", "The file's content does not match its type",
                                          details={"content_type": content_type})
                first = False
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"附件不能超过 {limit // (1024 * 1024)} MB",
                                          f"Attachments are limited to {limit} bytes", details={"limit": limit})
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise ValidationFailed("附件为空", "The file is empty", code="empty_file")
        os.replace(tmp_name, final)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return size, digest.hexdigest()


def _safe_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name.strip() or "attachment"
    return "".join(ch for ch in name if ch.isprintable())[:255]


def list_attachments(uow: UnitOfWork, *, number: str, actor: Actor) -> list[Attachment]:
    order, _ = access_order(uow.session, actor, number)
    return list(uow.session.scalars(select(Attachment).where(Attachment.order_id == order.id)
                                    .order_by(Attachment.id)))


def open_attachment(uow: UnitOfWork, *, number: str, attachment_id: int, actor: Actor,
                    ctx: Context) -> tuple[Attachment, Path]:
    order, _ = access_order(uow.session, actor, number)
    attachment = uow.session.get(Attachment, attachment_id)
    if attachment is None or attachment.order_id != order.id:
        raise NotFound("附件不存在", "No such attachment", code="attachment_not_found")
    path = Path(ctx.settings.attachment_dir) / attachment.storage_key[:2] / attachment.storage_key
    if not path.is_file():
        raise NotFound("附件文件已丢失", "The attachment file is missing", code="attachment_missing")
    return attachment, path


def iter_file(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk
