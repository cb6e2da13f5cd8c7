"""Domain exceptions and their one mapping to JSON (API) or pages (browser)."""
from flask import Flask, jsonify, render_template, request
from flask_babel import gettext

from core import schema_messages
from core.i18n import N_
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError as SchemaError
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain was broken; status and code say how."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError):
    status, code = 400, "validation"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"


class GraphUnavailable(DomainError):
    status, code = 503, "graph_unavailable"


GRAPH_DOWN = N_("The relationship graph (Neo4j) is unavailable right now; please try again shortly.")
SQL_DOWN = N_("The account database is unavailable right now; please try again shortly.")
CONFLICTS = N_("This change conflicts with the stored data; reload and try again.")


def form_errors(exc) -> dict:
    """A form's errors by field, from a schema's or a domain error (pages show them beside the fields)."""
    if isinstance(exc, SchemaError):
        return exc.messages if isinstance(exc.messages, dict) else {"_form": exc.messages}
    return {**exc.fields, "_form": [exc.message]}


def wants_json() -> bool:
    """API paths and JSON clients get JSON errors; people get a page."""
    return request.path.startswith("/api/") or request.path == "/healthz" or request.is_json


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    """Render one error as API.md's JSON shape or as the error page, in the request's language."""
    message, fields = translated(message), translated(fields)
    if wants_json():
        body: dict[str, object] = {"error": code, "message": message}
        if fields:
            body["fields"] = fields
        return jsonify(body), status
    return render_template("error.html", status=status, message=message, fields=fields or {}), status


def register(app: Flask) -> None:
    """Map every error kind to a response, once, for the whole app."""
    app.register_error_handler(DomainError, lambda e: error_response(e.status, e.code, e.message, e.fields))
    app.register_error_handler(
        SchemaError, lambda e: error_response(400, "validation", N_("Some fields are invalid."), _fields(e)))
    app.register_error_handler(CSRFError, lambda e: error_response(400, "csrf", e.description))
    for exc in (ServiceUnavailable, SessionExpired):
        app.register_error_handler(exc, lambda e: error_response(503, "graph_unavailable", GRAPH_DOWN))
    app.register_error_handler(OperationalError, lambda e: error_response(503, "sql_unavailable", SQL_DOWN))
    # A constraint the rules did not foresee (a race, a trigger): the change is refused, never a 500.
    app.register_error_handler(IntegrityError, lambda e: error_response(409, "conflict", CONFLICTS))
    app.register_error_handler(HTTPException, _http_error)


def translated(value):
    """A message, or a schema's {field: [messages]} at any depth, in the request's language (the catalogs hold the
    English texts as their ids; a text no catalog has stays English)."""
    if isinstance(value, str):
        for pattern, template in schema_messages.PATTERNS:
            if found := pattern.fullmatch(value):
                return gettext(template, **found.groupdict())
        return gettext(value) if value else value
    if isinstance(value, dict):
        return {key: translated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [translated(item) for item in value]
    return value


def _fields(error: SchemaError) -> dict:
    messages = error.messages
    return messages if isinstance(messages, dict) else {"_body": messages}


def _http_error(error: HTTPException):
    status = error.code or 500
    code = {429: "rate_limited", 405: "method_not_allowed"}.get(status, (error.name or "error").lower().replace(" ", "_"))
    message = N_("Too many requests; slow down and try again in a minute.") if status == 429 else (error.description or "")
    return error_response(status, code, message)
