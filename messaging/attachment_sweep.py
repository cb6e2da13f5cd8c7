"""Uploads never sent: after a day the row goes, then its file, so a chat's abandoned drafts don't fill storage."""
import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from core import storage as file_storage
from core import uow
from core.db import utcnow
from messaging.models import Attachment

log = logging.getLogger(__name__)
UNSENT_FOR = timedelta(days=1)
BATCH = 500


def sweep_unsent(app, now: datetime | None = None) -> int:
    """Remove uploads no message took within a day; returns how many. Rows go first (committed), files after: a
    failed file deletion leaves an unreachable file, never a row whose file is gone."""
    cutoff = (now or utcnow()) - UNSENT_FOR
    with app.app_context():
        with uow.unit(app) as session:
            stale = session.execute(select(Attachment.id, Attachment.storage_key).where(
                Attachment.message_id.is_(None), Attachment.created_at < cutoff).limit(BATCH)).all()
            if stale:  # only those still unsent: a message may have taken one since the read
                session.execute(delete(Attachment).where(Attachment.id.in_([row.id for row in stale]),
                                                         Attachment.message_id.is_(None)))
        storage = file_storage.current()
        for row in stale:
            try:
                storage.delete(row.storage_key)
            except file_storage.StorageUnavailable:
                log.warning("attachment sweep: could not delete %s; it stays unreachable", row.storage_key)
    return len(stale)


def sweep_upkeep(app) -> None:
    """The server upkeep's step; a failure waits for the next round."""
    try:
        swept = sweep_unsent(app)
        if swept:
            log.info("attachment sweep: removed %d unsent upload(s)", swept)
    except Exception:
        log.exception("attachment sweep failed")
