"""`/healthz`: is each backing store answering?"""
from flask import Blueprint, jsonify
from sqlalchemy import text

from core.db import get_session
from core.extensions import graph, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when SQL and Neo4j answer; 503 naming the failing part otherwise."""
    parts = {"sql": "ok" if _sql_ok() else "unavailable", "graph": "ok" if graph.ping() else "unavailable"}
    healthy = all(state == "ok" for state in parts.values())
    return jsonify({"status": "ok" if healthy else "degraded", **parts}), 200 if healthy else 503


def _sql_ok() -> bool:
    session = get_session()
    try:
        session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means the store is not usable
        session.rollback()
        return False
