"""`flask seed --people N` generates and loads a network the features can use at once."""
from network import discovery
from core.extensions import graph


def test_seed_loads_a_connected_network(app, graph_db):
    result = app.test_cli_runner().invoke(args=["seed", "--people", "300", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "connections" in result.output
    records, _, _ = graph_db.execute_query(
        "MATCH (p:Person) WITH count(p) AS people MATCH (:Person)-[c:CONNECTED_TO]->(:Person) "
        "RETURN people, count(c) AS connections")
    assert records[0]["people"] == 300 and records[0]["connections"] > 1000
    with app.app_context():
        suggestions = discovery.recommend_people(graph, "gen-person-5", 5)
    assert suggestions and all(s["reasons"] for s in suggestions)
    again = app.test_cli_runner().invoke(args=["seed", "--people", "300"])
    assert again.exit_code != 0 and "already loaded" in again.output


def test_seed_refuses_bad_sizes(app):
    result = app.test_cli_runner().invoke(args=["seed", "--people", "0"])
    assert result.exit_code == 2 and "--people" in result.output
