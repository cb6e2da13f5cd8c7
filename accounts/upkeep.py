"""The server's upkeep loop: apply the graph schema, repair people Neo4j missed, retry mail, run other features' steps."""
import logging

from core import hooks, mail_outbox
from core.errors import GraphUnavailable
from accounts.service import repair_pending_people

log = logging.getLogger(__name__)


def start_graph_upkeep(app) -> None:
    """In server mode, every GRAPH_REPAIR_INTERVAL: apply the graph schema, repair pending people, retry mail."""
    from core.extensions import graph, socketio
    from core.db import get_session

    def upkeep():
        while True:
            with app.app_context():
                try:
                    if graph.ensure_schema():
                        count = repair_pending_people(get_session(), graph)
                        if count:
                            log.info("graph upkeep: repaired %d people", count)
                except GraphUnavailable:
                    pass
                except Exception:  # keep the loop alive; the next round retries
                    log.exception("graph upkeep failed")
                _retry_mail(app)  # whether or not Neo4j is up
                _other_upkeep(app)
            socketio.sleep(app.config["GRAPH_REPAIR_INTERVAL"])

    socketio.start_background_task(upkeep)


def _other_upkeep(app) -> None:
    """The steps other features add (hooks.UPKEEP); each keeps its own pace and one failing skips only itself."""
    for step in hooks.steps(app, hooks.UPKEEP):
        try:
            step(app)
        except Exception:
            log.exception("upkeep step %s failed", getattr(step, "__name__", step))


def _retry_mail(app) -> None:
    try:
        sent = mail_outbox.retry_due(app)
        if sent:
            log.info("mail upkeep: sent %d delayed mail(s)", sent)
    except Exception:  # SQL down or a bug: the next round retries
        log.exception("mail upkeep failed")
