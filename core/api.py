"""View helpers: load a request with a schema, and record the schemas for the OpenAPI document."""
from functools import wraps

from flask import request

from core.errors import ValidationError


def accepts(schema_cls, location: str = "json"):
    """Load the JSON body (or query string) with schema_cls and pass it to the view as `data`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            kwargs["data"] = schema_cls().load(_payload(location))
            return view(*args, **kwargs)

        _doc(wrapper)["body" if location == "json" else "query"] = schema_cls
        return wrapper

    return decorate


def returns(schema_cls, status: int = 200, many: bool = False):
    """Document the view's response schema (dumping stays explicit in the view)."""

    def decorate(view):
        _doc(view)["responses"] = {**_doc(view).get("responses", {}), status: (schema_cls, many)}
        return view

    return decorate


def _doc(view) -> dict:
    if not hasattr(view, "__apidoc__"):
        view.__apidoc__ = {}
    return view.__apidoc__


def _payload(location: str) -> dict:
    if location == "query":
        return request.args.to_dict()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError("The request body must be a JSON object.", {"_body": ["Expected a JSON object."]})
    return body


def page(items: list, next_cursor: str | None = None) -> dict:
    """API.md's list envelope."""
    return {"items": items, "next_cursor": next_cursor}
