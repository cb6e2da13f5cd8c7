"""Per-view body limits: a view that takes files may accept more than MAX_CONTENT_LENGTH (JSON and forms: 1 MB)."""
from flask import Flask, current_app, request

from core.errors import DomainError


def upload_limit(max_bytes: int):
    """Let this view's multipart requests carry bodies up to max_bytes; JSON to it, and every other view, keep the
    app's MAX_CONTENT_LENGTH."""

    def decorate(view):
        view.upload_limit = max_bytes  # functools.wraps (login_required...) carries it to the registered view
        return view

    return decorate


def init_app(app: Flask) -> None:
    """Raise the limit before anything reads the body (the CSRF check and the NUL check read forms first)."""

    @app.before_request
    def _allow_upload():
        view = current_app.view_functions.get(request.endpoint or "")
        limit = getattr(view, "upload_limit", None)
        if limit and request.mimetype == "multipart/form-data":
            request.max_content_length = limit


class TooLarge(DomainError):
    """A file over the limit of what it is for (the body itself fit the view's upload limit)."""

    status, code = 413, "request_entity_too_large"  # the code werkzeug's own 413 answers with
