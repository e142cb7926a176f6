"""/api/v1/orders/{number}/attachments: upload (multipart), list and download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import FileResponse

from hotline.api import schemas
from hotline.api.deps import ActorDep, AttachmentId, NowDep, OrderNumber, StateDep
from hotline.api.errors import COMMON_ERRORS, error_responses
from hotline.db.models import Attachment
from hotline.services import attachments

router = APIRouter(prefix="/orders/{number}/attachments", tags=["attachments 附件"],
                   responses=error_responses(*COMMON_ERRORS))


def _out(a: Attachment) -> schemas.AttachmentOut:
    return schemas.AttachmentOut(id=a.id, filename=a.filename, content_type=a.content_type, size=a.size,
                                 sha256=a.sha256, created_at=a.created_at)


@router.post("", status_code=201, summary="Attach a file · 上传附件", responses=error_responses(415))
def upload(number: OrderNumber, file: Annotated[UploadFile, File(description="Recording, photo, video or document")],
           state: StateDep, actor: ActorDep, now: NowDep) -> schemas.AttachmentOut:
    with state.db.uow() as uow:
        attachment = attachments.add_attachment(
            uow, number=number, filename=file.filename or "attachment",
            content_type=file.content_type or "application/octet-stream", stream=file.file, actor=actor, now=now,
            ctx=state.ctx)
        return _out(attachment)


@router.get("", summary="List attachments · 附件列表")
def list_(number: OrderNumber, state: StateDep, actor: ActorDep) -> list[schemas.AttachmentOut]:
    with state.db.uow(write=False) as uow:
        return [_out(a) for a in attachments.list_attachments(uow, number=number, actor=actor)]


@router.get("/{attachment_id}", summary="Download · 下载附件", response_class=FileResponse,
            responses={200: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "The file, as the content type it was uploaded with "
                                            "(e.g. image/jpeg, audio/mpeg, application/pdf)"}})
def download(number: OrderNumber, attachment_id: AttachmentId, state: StateDep, actor: ActorDep) -> FileResponse:
    with state.db.uow(write=False) as uow:
        attachment, path = attachments.open_attachment(uow, number=number, attachment_id=attachment_id,
                                                       actor=actor, ctx=state.ctx)
    return FileResponse(path, media_type=attachment.content_type, filename=attachment.filename)
