"""The soak scenario: a sales team's ordinary day against a real `python app.py`, with CRM sync on or off.

Shared by tests/test_soak.py (SQLite), tests/postgres/test_soak_postgres.py and bench/soak_bench.py:
`scenario.run_soak(base_url, config)` drives the clients and returns a `verdict.SoakResult`."""
