"""The base of every marshmallow schema, and the rule all input text follows: no NUL, which PostgreSQL cannot store."""
from collections.abc import Mapping
from datetime import timezone

import marshmallow
from flask import Flask, request

from core.db import as_utc
from core.errors import ValidationError
from core.i18n import N_

NUL = "\x00"
NO_NUL = N_("Must not contain NUL (\\u0000) characters.")


def nul_paths(value, path: str = "") -> list[str]:
    """Dotted paths of the strings in value (nested dicts and lists) holding a NUL; a bad key names its object."""
    if isinstance(value, str):
        return [path] if NUL in value else []
    if isinstance(value, Mapping):
        found = []
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                found.append(path)
            else:
                found += nul_paths(item, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(value, (list, tuple)):
        return [bad for i, item in enumerate(value) for bad in nul_paths(item, f"{path}.{i}" if path else str(i))]
    return []


def nul_errors(value) -> dict:
    """{dotted path: [message]} for every NUL in value; empty when there is none."""
    return {path or "_body": [NO_NUL] for path in nul_paths(value)}


class Schema(marshmallow.Schema):
    """Every schema of the project: input holding a NUL is refused, naming each field, before anything reads it."""

    # load rather than a pre_load hook: hooks run in the order of their names, and their pass_many argument is
    # pass_collection since marshmallow 4 (requirements.txt allows 3.21 on).
    def load(self, data, *, many=None, partial=None, unknown=None):
        errors = nul_errors(data)
        if errors:
            raise marshmallow.ValidationError(errors)
        return super().load(data, many=many, partial=partial, unknown=unknown)


class UtcDateTime(marshmallow.fields.DateTime):
    """A moment in UTC with its offset, also when SQLite handed it back without one."""

    def _serialize(self, value, attr, obj, **kwargs):
        # PostgreSQL hands timestamptz back in the session's time zone, which need not be UTC.
        moment = as_utc(value).astimezone(timezone.utc) if value is not None else None
        return super()._serialize(moment, attr, obj, **kwargs)


class Stripped(Schema):
    """A schema whose text inputs are trimmed first, so "  " counts as empty (passwords are kept as typed)."""

    @marshmallow.pre_load
    def strip_strings(self, data, **_kw):
        if not isinstance(data, dict):
            return data
        return {k: v.strip() if isinstance(v, str) and "password" not in k else v for k, v in data.items()}


def init_app(app: Flask) -> None:
    """Form posts, query strings and path parts that views read without a schema follow the same rule."""
    app.before_request(_refuse_nul)


def _refuse_nul() -> None:
    given = [*request.form.lists(), *request.args.lists(), *(request.view_args or {}).items()]
    errors = {"_body" if NUL in name else name: [NO_NUL] for name, values in given if nul_paths([name, values])}
    if errors:
        raise ValidationError(N_("Text must not contain NUL characters."), errors)
