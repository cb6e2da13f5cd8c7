"""The unit of work: one SQL transaction per request, socket event or worker step, then its effects.

A change and what it causes (outbox rows, notifications) are written in the same session and committed once,
by the boundary that owns the unit (the request, the socket event, the worker step), never by a service.
What leaves the process (socket emits, waking the worker, graph writes of a new account, HTTP, mail) is
queued with `on_commit` and runs only after that commit succeeded; a rollback drops it.
"""
import logging
from collections.abc import Callable
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_QUEUE = "guanxi.on_commit"


def on_commit(session: Session, effect: Callable[[], None]) -> None:
    """Run effect once the session's current transaction has committed (dropped on rollback)."""
    session.info.setdefault(_QUEUE, []).append(effect)


def commit(session: Session) -> None:
    """The boundary's commit: write the unit, then run its effects (a failing effect is logged, not raised)."""
    session.commit()
    run_effects(session)


def run_effects(session: Session) -> None:
    """Run the effects queued before the last commit, in order."""
    effects = session.info.pop(_QUEUE, [])
    for effect in effects:
        try:
            effect()
        except Exception:  # the change is committed; an effect that fails is repaired by its own retry path
            log.exception("after-commit effect %r failed", effect)


def take_effects(session: Session) -> list[Callable[[], None]]:
    """Remove and return the effects queued so far, for a writer that commits outside a unit of work (the chat's
    group commit) and runs them itself once its commit succeeded."""
    return session.info.pop(_QUEUE, [])


def discard(session: Session) -> None:
    """Roll the unit back and forget its effects."""
    session.rollback()
    session.info.pop(_QUEUE, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_effects(session: Session, previous_transaction) -> None:
    # Whatever was queued belonged to writes that are now gone (a savepoint's rollback leaves the rest standing).
    if not previous_transaction.nested:
        session.info.pop(_QUEUE, None)


def current_session() -> Session:
    """The session of the unit of work in progress (request, socket event or worker step)."""
    if "sql" not in g:
        g.sql = current_app.extensions["sql_sessions"]()
    return g.sql


@contextmanager
def unit(app: Flask | None = None):
    """A unit of work outside a request (worker step, background task, command): commit on success."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    session = app.extensions["sql_sessions"]()
    try:
        yield session
        commit(session)
    except BaseException:
        discard(session)
        raise
    finally:
        session.close()
