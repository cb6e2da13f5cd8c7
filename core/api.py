"""View helpers: load a request with a schema, and record the schemas for the OpenAPI document."""
import re
from functools import wraps

from flask import current_app, request
from flask.json.provider import DefaultJSONProvider

from core.errors import ValidationError
from core.i18n import N_

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class RequestJSON(DefaultJSONProvider):
    """JSON as the app reads it: a body it cannot use fails to decode (a ValueError, so a 400), not later (a 500).

    Two things json.loads lets through: nesting deeper than the interpreter's recursion limit raises
    RecursionError, and a `\\udc00` escape decodes to half a UTF-16 pair, which no store can encode.
    """

    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("Nested too deeply.") from None
        problem = not_unicode_text(value)
        if problem:
            raise ValueError(problem)
        return value


def not_unicode_text(value) -> str | None:
    """What is wrong where, when decoded JSON holds a lone surrogate (HTTP bodies and Socket.IO payloads alike)."""
    where = _lone_surrogate_at(value)
    return f"{where}: a lone surrogate escape (\\ud800-\\udfff) is not Unicode text." if where else None


def _lone_surrogate_at(value) -> str | None:
    """Where the first string or key with a lone surrogate is (`skills[1]`), if any; iterative, as nesting is deep."""
    stack = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _LONE_SURROGATE.search(item):
                return path or "the body"
        elif isinstance(item, dict):
            for key, child in item.items():
                if not key.isascii() and _LONE_SURROGATE.search(key):
                    return f"a key in {path or 'the body'}"
                stack.append((f"{path}.{key}" if path else key, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{index}]", child) for index, child in enumerate(item))
    return None


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


def returns(schema_cls, status: int = 200, many: bool = False, media_type: str = "application/json"):
    """Document the view's response schema (dumping stays explicit in the view); a dict is a plain JSON Schema."""

    def decorate(view):
        _doc(view)["responses"] = {**_doc(view).get("responses", {}), status: (schema_cls, many, media_type)}
        return view

    return decorate


def public(view):
    """Document a view as open to anonymous callers; every other /api operation needs the bearer token."""
    _doc(view)["public"] = True
    return view


def _doc(view) -> dict:
    if not hasattr(view, "__apidoc__"):
        view.__apidoc__ = {}
    return view.__apidoc__


def _payload(location: str) -> dict:
    if location == "query":
        return request.args.to_dict()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError(N_("The request body must be a JSON object."), {"_body": [_why_not_an_object(body)]})
    return body


def _why_not_an_object(body) -> str:
    """Why get_json gave no object; decoded again only on this failure path, for the decoder's reason."""
    if body is None and request.is_json:
        try:
            current_app.json.loads(request.get_data())
        except ValueError as exc:
            return f"Expected a JSON object: {exc}"
    return N_("Expected a JSON object.")



def accepts_form_or_json(schema_cls, files: tuple[str, ...] = ()):
    """Like accepts, for views that also take a multipart form: `data` from the JSON body or the form's text
    fields, and `files` ({name: FileStorage}) from the form's file parts named in files (a JSON body has none)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            kwargs["files"] = {}
            if request.mimetype != "multipart/form-data":
                kwargs["data"] = schema_cls().load(_payload("json"))
                return view(*args, **kwargs)
            form = request.form.to_dict()
            misplaced = {name: [N_("Send this as a file part.")] for name in files if name in form}
            if misplaced:
                raise ValidationError(N_("Some fields are invalid."), misplaced)
            kwargs["data"] = schema_cls().load(form)
            kwargs["files"] = {name: part for name in files if _sent(part := request.files.get(name))}
            return view(*args, **kwargs)

        _doc(wrapper)["body"] = schema_cls
        return wrapper

    return decorate


def _sent(part) -> bool:
    """Whether a file part carries a file: a form's file input left empty sends one with no name and no bytes."""
    if part is None:
        return False
    if part.filename:
        return True
    part.stream.seek(0, 2)
    empty = part.stream.tell() == 0
    part.stream.seek(0)
    return not empty
