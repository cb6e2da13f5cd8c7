"""Ids every package gives its rows: opaque strings, the same in SQL and in the graph."""
import uuid


def new_id() -> str:
    """An opaque string id (a UUID4), the same in SQL and in the graph."""
    return str(uuid.uuid4())
