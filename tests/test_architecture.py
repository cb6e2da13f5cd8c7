"""The house rules that code review would otherwise have to remember: no import cycles, nothing wired on import."""
import ast
import subprocess
import sys

from tests.conftest import ROOT

PACKAGES = ("core", "home", "accounts", "network", "trust", "sourcing", "messaging", "crm_sync", "postoffice")


def _modules() -> dict[str, set[str]]:
    """{module: project modules it imports (at any depth, functions included)}."""
    paths = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in paths.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name in paths)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in paths else node.module)
        graph[name] = {m for m in found if m in paths}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt, path + [nxt])):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_import_graph_has_no_cycles():
    assert _cycle(_modules()) is None


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_crm_sync_and_messaging_read_accounts_through_its_services():
    """They call accounts' service functions (people, organizations), never its models or tables."""
    reaching = {module: sorted(imported) for module, imported in _modules().items()
                if module.split(".")[0] in ("crm_sync", "messaging") and "accounts.models" in imported}
    assert reaching == {}


def test_importing_a_feature_connects_nothing():
    """Receivers, socket handlers and extension points are connected by init_app, listed in app.py."""
    probe = """
import accounts, crm_sync, messaging, network, trust
from accounts import signals as a
from network import signals as n
from trust import signals as t
from core.extensions import socketio
signals = [a.consent_changed, a.profile_updated, a.member_invited, a.membership_changed, a.credentials_revoked,
           a.work_email_verified,
           n.connection_accepted, n.connection_removed, n.connection_requested, t.recommendation_requested,
           t.recommendation_closed, t.recommendation_answered]
print(sum(len(s.receivers) for s in signals), len(socketio.handlers))
"""
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "0"]


def test_create_app_connects_every_feature(app):
    from accounts import signals as account_signals
    from core import hooks
    from core.extensions import socketio

    assert account_signals.consent_changed.receivers and account_signals.member_invited.receivers
    assert account_signals.credentials_revoked.receivers
    assert app.extensions["guanxi.hooks"][hooks.SELLER_VIEW]
    assert "send_message" in socketio.server.handlers["/"]


def test_features_reach_the_post_office_only_through_signals():
    """The post office listens to the features' signals; no feature imports it (app.py lists it, nothing else)."""
    reaching = {module for module, imported in _modules().items()
                if module.split(".")[0] != "postoffice" and any(m.split(".")[0] == "postoffice" for m in imported)}
    assert reaching == set()
