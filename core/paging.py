"""Paging, one way for every list: API.md's envelope {"items", "next_cursor"} and opaque, signed cursors.

A cursor holds the position after the last item of a page (an offset, a seq, a time and an id), signed with the
app's secret per kind of list, so a client can only hand back a cursor this API gave it: a forged, edited or
borrowed one (another list's) is a 400 naming `cursor`, and no impossible value ever reaches a query.
"""
from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from marshmallow import ValidationError as SchemaError, fields

from core.errors import ValidationError
from core.i18n import N_
from core.schemas import Schema

NOT_OURS = N_("Not a cursor this API returned: use the next_cursor of a previous page.")
MAX_LENGTH = 500


def page(items: list, next_cursor: str | None = None) -> dict:
    """API.md's list envelope."""
    return {"items": items, "next_cursor": next_cursor}


def cursor_for(kind: str, position: list | None) -> str | None:
    """The cursor of the page after position (JSON values), or None at the end of the list."""
    return None if position is None else _signer(kind).dumps(position)


def position_of(kind: str, cursor: str | None, shape: tuple[type, ...]) -> list | None:
    """The position a cursor of this kind stands for (None for no cursor); anything else is a 400 naming `cursor`."""
    if not cursor:
        return None
    position = _load(kind, cursor, shape)
    if position is None:
        raise ValidationError(N_("Bad cursor."), {"cursor": [NOT_OURS]})
    return position


class Cursor(fields.String):
    """A query's `cursor` parameter, loaded as the position it stands for."""

    def __init__(self, kind: str, shape: tuple[type, ...], **kwargs):
        super().__init__(load_default=None, allow_none=True, **kwargs)
        self.kind, self.shape = kind, shape

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        position = _load(self.kind, text, self.shape) if text else None
        if text and position is None:
            raise SchemaError(NOT_OURS)
        return position


def list_of(item, name: str | None = None) -> type[Schema]:
    """The envelope's schema around item (a schema, or a field for plain values), for dumping and the OpenAPI document."""
    label = name or item.__name__.removesuffix("Schema") + "List"
    items = fields.List(item if isinstance(item, fields.Field) else fields.Nested(item))
    return type(label, (Schema,), {"items": items, "next_cursor": fields.String(allow_none=True)})


def _load(kind: str, cursor: str, shape: tuple[type, ...]) -> list | None:
    if not isinstance(cursor, str) or len(cursor) > MAX_LENGTH:
        return None
    try:
        position = _signer(kind).loads(cursor)
    except BadData:
        return None
    fits = isinstance(position, list) and len(position) == len(shape)
    # bool is an int to isinstance; a position never holds one where a number belongs.
    return position if fits and all(type(v) is t for v, t in zip(position, shape, strict=True)) else None


def _signer(kind: str) -> URLSafeSerializer:
    key = current_app.secret_key
    if not key:  # an empty key would sign nothing anyone could not forge
        raise RuntimeError("SECRET_KEY is not set.")
    return URLSafeSerializer(key, salt=f"guanxi.cursor.{kind}")
