"""The "Notifications" entry of the top navigation, with the unread count worked out when the header renders."""
import logging

from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from core.db import get_session

log = logging.getLogger(__name__)


class NotificationsLabel:
    """Rendered by base.html's nav loop: "Notifications" plus a badge while some are unread."""

    def __str__(self) -> str:
        count = self._unread()
        return f"{gettext('Notifications')} ({count})" if count else gettext("Notifications")

    def __html__(self) -> str:
        count = self._unread()
        badge = Markup(' <span class="badge" id="nav-notification-count">{}</span>').format(count) if count else ""
        return Markup('<span class="nav-text">{}</span>').format(escape(gettext("Notifications"))) + badge

    @staticmethod
    def _unread() -> int:
        from messaging.notifications import unread_count

        if not current_user.is_authenticated:
            return 0
        try:
            return unread_count(get_session(), current_user.id)
        except SQLAlchemyError as exc:  # the header must render even when SQL hiccups
            log.warning("unread notifications unavailable: %s", exc)
            return 0
