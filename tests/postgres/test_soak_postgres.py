"""The soak scenario (tests/test_soak.py) on PostgreSQL, production's SQL store: the same team day, the same
slow webhook, the same verdict."""
from tests.conftest import NEO4J_URI
from tests.soak.scenario import SoakConfig, soak_on
from tests.soak.server import migrate


def test_a_team_day_with_crm_sync_stays_responsive_and_the_board_right_on_postgres(tmp_path, pg_url, graph_db):
    migrate(pg_url)
    result = soak_on(tmp_path, pg_url, NEO4J_URI, SoakConfig.from_env(), "on PostgreSQL")
    print(result.report.split("\n--- ")[0])  # the figures; a failure carries the whole report
    assert result.ok, result.report
