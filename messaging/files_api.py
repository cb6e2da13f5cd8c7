"""JSON API of chat attachments and reactions (API.md "Work chat, grown up")."""
import re
from urllib.parse import quote

from flask import Response, request
from flask_login import current_user, login_required

from core import storage
from core.api import accepts, returns
from core.db import get_session
from core.errors import ValidationError
from core.uploads import upload_limit
from core.i18n import N_
from messaging import attachments, reactions
from messaging.blueprint import bp
from messaging.schemas import ReactionSchema, ReactionsSchema, UploadedSchema

# The body may hold a 25 MB file plus the form around it; a larger file itself is refused by its size (413).
UPLOAD_LIMIT = attachments.MAX_BYTES + 256 * 1024


@bp.post("/api/conversations/<conversation_id>/attachments")
@login_required
@upload_limit(UPLOAD_LIMIT)
@returns(UploadedSchema, 201)
def upload_attachment(conversation_id):
    """Upload a file (multipart `file`, at most 25 MB) for a message of mine in this conversation."""
    part = request.files.get("file") if request.mimetype == "multipart/form-data" else None
    if part is None:
        raise ValidationError(N_("Send the file as a multipart part named file."), {"file": [N_("Missing file part.")]})
    uploaded = attachments.upload(get_session(), storage.current(), current_user.id, conversation_id,
                                  part.stream, part.filename or "")
    return {k: uploaded[k] for k in ("id", "name", "size", "content_type")}, 201


@bp.get("/api/attachments/<attachment_id>")
@login_required
@returns({"type": "string", "format": "binary"}, media_type="application/octet-stream")
def download_attachment(attachment_id):
    """Download an attachment (participants of its conversation only; anyone else: 404)."""
    stored, row = attachments.open_attachment(get_session(), storage.current(), current_user.id, attachment_id)
    response = Response(stored.chunks, mimetype=stored.content_type, direct_passthrough=True)
    response.content_length = stored.size
    response.call_on_close(stored.close)
    # Always a download, never rendered in the site's origin, never re-typed by the browser or kept by caches.
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", row.name) or "file"
    response.headers["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(row.name)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/api/messages/<message_id>/reactions")
@login_required
@accepts(ReactionSchema)
@returns(ReactionsSchema)
def toggle_reaction(message_id, data):
    """Toggle my reaction `emoji` on a message of one of my conversations."""
    return reactions.toggle(get_session(), current_user.id, message_id, data["emoji"])
