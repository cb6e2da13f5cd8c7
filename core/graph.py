"""Graph store: one Neo4j driver per process, created in the factory and closed at exit."""
import atexit
import logging
import threading

from neo4j import READ_ACCESS, RoutingControl, GraphDatabase, Driver
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired

from core.errors import GRAPH_DOWN, GraphUnavailable
from core.neo4j_tables import slim_driver_tables
from core.writer import guard_io

log = logging.getLogger(__name__)
UNREACHABLE = (ServiceUnavailable, SessionExpired, OSError)


def _translated(run):
    """Run a driver call; an unreachable Neo4j becomes the domain's GraphUnavailable (503)."""
    guard_io("A Neo4j call")
    try:
        return run()
    except UNREACHABLE as exc:
        log.warning("Neo4j unreachable: %s", exc)
        raise GraphUnavailable(GRAPH_DOWN) from exc


class GraphStore:
    """Holds the driver and runs parameterised Cypher; repositories are its only callers."""

    def __init__(self):
        self.driver: Driver | None = None
        self.database = "neo4j"
        self.schema_ready = False
        self._schema: list[str] = []
        self._schema_lock = threading.Lock()
        atexit.register(self.close)

    def init_app(self, app) -> None:
        """Create the driver (no connection is made until the first query)."""
        slim_driver_tables()
        self.close()  # a second app in one process (tests) replaces the driver
        auth = (app.config["NEO4J_USER"], app.config["NEO4J_PASSWORD"]) if app.config["NEO4J_USER"] else None
        timeout = app.config["NEO4J_TIMEOUT"]
        # Short timeouts: when Neo4j is down a request should answer 503 in seconds, not hang.
        self.driver = GraphDatabase.driver(
            app.config["NEO4J_URI"], auth=auth, connection_timeout=timeout,
            connection_acquisition_timeout=timeout * 2, max_transaction_retry_time=timeout,
            notifications_min_severity="OFF")
        self.database = app.config["NEO4J_DATABASE"]
        self.schema_ready = False
        app.extensions["graph"] = self

    def _live(self) -> Driver:
        """The driver; none before init_app or after close, which is a 503 like an unreachable server."""
        if self.driver is None:
            raise GraphUnavailable(GRAPH_DOWN)
        return self.driver

    def close(self) -> None:
        """Close the driver (idempotent)."""
        if self.driver is not None:
            self.driver.close()
            self.driver = None

    def read(self, query: str, **params) -> list[dict]:
        """Run one read statement and return its records as dicts."""
        records, _, _ = _translated(lambda: self._live().execute_query(
            query, params, database_=self.database, routing_=RoutingControl.READ))
        return [record.data() for record in records]

    def write(self, query: str, **params) -> list[dict]:
        """Run one write statement in its own transaction and return its records as dicts."""
        records, _, _ = _translated(lambda: self._live().execute_query(query, params, database_=self.database))
        return [record.data() for record in records]

    def write_tx(self, work, *args, **kwargs):
        """Run a multi-statement unit of work in one retried write transaction."""
        def run():
            with self._live().session(database=self.database) as session:
                return session.execute_write(work, *args, **kwargs)

        return _translated(run)

    def read_tx(self, work, *args, **kwargs):
        """Run a multi-statement read in one transaction."""
        def run():
            with self._live().session(database=self.database, default_access_mode=READ_ACCESS) as session:
                return session.execute_read(work, *args, **kwargs)

        return _translated(run)

    def use_schema(self, statements: list[str]) -> None:
        """Remember the idempotent constraint/index statements to apply when Neo4j is reachable."""
        self._schema = statements

    def ensure_schema(self) -> bool:
        """Apply constraints and indexes once; False (and logged) while Neo4j is unreachable."""
        if self.schema_ready:
            return True
        with self._schema_lock:  # the upkeep task and the first requests race here at start
            if not self.schema_ready:
                try:
                    for statement in self._schema:
                        self._apply(statement)
                except UNREACHABLE as exc:
                    log.warning("graph schema not applied yet, Neo4j unreachable: %s", exc)
                    return False
                self.schema_ready = True
        return True

    def _apply(self, statement: str) -> None:
        try:
            self._live().execute_query(statement, database_=self.database)
        except ClientError as exc:
            # IF NOT EXISTS is not atomic across sessions: another process may create the same rule first.
            if exc.code != "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists":
                raise

    def ping(self) -> bool:
        """True when Neo4j answers a trivial query."""
        try:
            self._live().execute_query("RETURN 1", database_=self.database, routing_=RoutingControl.READ)
            return True
        except Exception as exc:  # any failure means "not usable" for a health check
            log.warning("graph ping failed: %s", exc)
            return False
