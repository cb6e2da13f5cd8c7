"""A sales team's ordinary day on the real server (`python app.py`, gevent, a fresh SQLite file as by default)
with CRM sync on and a webhook that answers after 1.5 s: every request answers, none waits over 3 s, and the
leads board ends up holding an email exactly for the consenting people connected to the team.

SOAK_SECONDS (default 60) shortens the run while developing; SOAK_SEED changes the seeded choices."""
import shutil

from tests.conftest import NEO4J_URI
from tests.soak.scenario import SoakConfig, soak_on


def test_a_team_day_with_crm_sync_stays_responsive_and_the_board_right_on_sqlite(tmp_path, migrated_db, graph_db):
    shutil.copy(migrated_db, tmp_path / "guanxi.db")
    result = soak_on(tmp_path, f"sqlite:///{tmp_path / 'guanxi.db'}", NEO4J_URI, SoakConfig.from_env(), "on SQLite")
    print(result.report.split("\n--- ")[0])  # the figures; a failure carries the whole report
    assert result.ok, result.report
