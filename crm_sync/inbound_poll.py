"""The periodic Salesforce poll: Leads modified since the target's high-water mark come back to the board."""
import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import as_utc, utcnow
from crm_sync import credentials, inbound
from crm_sync.connectors.base import TargetUnavailable
from crm_sync.connectors.egress import private_targets_allowed
from crm_sync.connectors.salesforce_poll import SalesforcePoller
from crm_sync.models import CrmSettings, CrmTarget, SyncRun

log = logging.getLogger(__name__)
CLEANUP_EVERY = 3600.0  # seconds between purges of old inbound event ids
_forgotten_at = float("-inf")


def poll_due(session: Session, every: float = 60.0, timeout: float = 10.0) -> int:
    """Poll each enabled Salesforce target of an enabled org not polled for `every` seconds; changes applied."""
    enabled = select(CrmSettings.org_id).where(CrmSettings.enabled.is_(True))
    targets = session.scalars(select(CrmTarget).where(
        CrmTarget.kind == "salesforce", CrmTarget.enabled.is_(True), CrmTarget.org_id.in_(enabled))).all()
    applied, now = 0, utcnow()
    for target in targets:
        polled = inbound.state_of(session, target.id).polled_at
        if polled is None or as_utc(polled) + timedelta(seconds=every) <= now:
            applied += poll(session, target, timeout)
    global _forgotten_at
    if time.monotonic() - _forgotten_at > CLEANUP_EVERY:  # not every round: the worker loop runs each second
        inbound.forget_old_events(session)
        _forgotten_at = time.monotonic()
    session.commit()
    return applied


def poll(session: Session, target: CrmTarget, timeout: float = 10.0) -> int:
    """One poll of one target: query page by page (no SQL transaction open meanwhile), apply, move the mark."""
    state = inbound.state_of(session, target.id)
    since = as_utc(state.polled_until or target.created_at)
    config = {**(target.settings or {}), **credentials.unseal(target.secret)}
    poller = SalesforcePoller(config, timeout, private_targets_allowed(current_app.config))
    session.commit()  # the HTTP calls below run with no write transaction open
    applied = 0
    try:
        for changes, newest in poller.pages(since):
            applied += inbound.apply_changes(session, target, changes).applied
            state = inbound.state_of(session, target.id)
            if newest is not None and (state.polled_until is None or newest > as_utc(state.polled_until)):
                state.polled_until = newest
            state.polled_at = utcnow()
            session.commit()  # each page applied and the mark moved together: a crash re-reads one page at most
    except TargetUnavailable as exc:
        session.rollback()
        log.warning("crm inbound poll of %s failed: %s", target.id, exc)
        now = utcnow()
        session.add(SyncRun(target_id=target.id, direction="inbound", status="failed", message=f"Inbound poll: {exc}",
                            started_at=now, finished_at=now))
        inbound.state_of(session, target.id).polled_at = now
        session.commit()
    return applied
