"""Chat attachments: any file up to 25 MB, kept in file storage, downloadable by the conversation's participants.

The bytes go to storage before the row is written (no file I/O inside a SQL write); a row that is then never
committed leaves an unreferenced file behind, never a row without its file. The type served is sniffed from the
first bytes (PDF, PNG, JPEG, GIF, WebP) and is application/octet-stream for everything else, so that an upload
cannot make the site serve HTML or script."""
import os
import re
import unicodedata
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import storage as file_storage
from core.errors import NotFound, ValidationError
from core.storage import Storage
from core.uploads import TooLarge
from core.i18n import N_
from messaging.conversations import participant_ids, require_participant
from messaging.models import Attachment, Message

MAX_BYTES = 25 * 1024 * 1024
OCTET = "application/octet-stream"
NO_ATTACHMENT = N_("No such attachment.")
_SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
               (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def sniffed_type(head: bytes) -> str:
    """The safe type a file's first bytes show, or application/octet-stream."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return OCTET


def clean_name(name: str) -> str:
    """The file name as shown: its last path part, without control characters, at most 200 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return (name or "file")[:200]


def attachment_dict(row: Attachment) -> dict:
    """API.md's attachment: {id, name, size, content_type, url}."""
    return {"id": row.id, "name": row.name, "size": row.size, "content_type": row.content_type,
            "url": f"/api/attachments/{row.id}"}


def upload(session: Session, storage: Storage, user_id: str, conversation_id: str, stream: IO[bytes],
           filename: str) -> dict:
    """Store a file for a later message of the uploader in this conversation (participants only)."""
    require_participant(session, conversation_id, user_id)
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    if size > MAX_BYTES:
        raise TooLarge(N_("An attachment may be at most 25 MB."), {"file": [N_("At most 25 MB.")]})
    if size == 0:
        raise ValidationError(N_("The file is empty."), {"file": [N_("The file is empty.")]})
    stream.seek(0)
    content_type = sniffed_type(stream.read(16))
    key = file_storage.new_key("attachments")
    storage.put(key, stream, content_type)  # StorageUnavailable (503) here: nothing was written anywhere
    row = Attachment(conversation_id=conversation_id, uploader_id=user_id, storage_key=key,
                     name=clean_name(filename), size=size, content_type=content_type)
    session.add(row)
    session.flush()
    return attachment_dict(row)


def open_attachment(session: Session, storage: Storage, user_id: str,
                    attachment_id: str) -> tuple[file_storage.StoredFile, Attachment]:
    """The stored file for a participant of its conversation (before it is sent: its uploader only); else 404."""
    row = session.get(Attachment, attachment_id)
    if row is None or not _may_read(session, row, user_id):
        raise NotFound(NO_ATTACHMENT)
    stored = storage.open(row.storage_key)
    stored.content_type = row.content_type  # the type sniffed at upload, never one a store hands back differently
    return stored, row


def _may_read(session: Session, row: Attachment, user_id: str) -> bool:
    if row.message_id is None:
        return row.uploader_id == user_id
    deleted = session.scalar(select(Message.deleted).where(Message.id == row.message_id))
    return not deleted and user_id in participant_ids(session, row.conversation_id)
