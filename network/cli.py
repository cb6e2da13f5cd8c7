"""`flask graph ...` (schema) and `flask seed --people N` (a generated network, bulk-loaded)."""
import click
from flask import Flask

from core.extensions import graph


def register(app: Flask) -> None:
    """Attach the graph commands to the app's CLI."""
    group = click.Group("graph", help="Neo4j graph schema and upkeep.")

    @group.command("init")
    def init_schema():
        """Create the graph's constraints and indexes, and back-fill what new indexes read (idempotent)."""
        from network.search_backfill import backfill_pinyin

        if not graph.ensure_schema():
            raise click.ClickException("Neo4j is unreachable at " + app.config["NEO4J_URI"])
        click.echo(f"graph schema ready; pinyin back-filled for {backfill_pinyin(graph)} names")

    @app.cli.command("seed")
    @click.option("--people", type=click.IntRange(1, 2_000_000), required=True, help="How many people to generate.")
    @click.option("--seed", "seed_value", type=int, default=42, show_default=True,
                  help="Random seed (same seed, same network).")
    @click.option("--edges-per-person", type=click.FloatRange(1, 100), default=10.4, show_default=True,
                  help="Mean new connections per person (10.4 gives about 10 connections per person).")
    @click.option("--prefix", default="gen", show_default=True, help="Id prefix of the generated nodes.")
    def seed(people, seed_value, edges_per_person, prefix):
        """Generate a realistic network (power-law degrees, companies, skills) and bulk-load it."""
        from network import generator, loader
        from network.connection_repository import person_exists

        if not graph.ensure_schema():
            raise click.ClickException("Neo4j is unreachable at " + app.config["NEO4J_URI"])
        if person_exists(graph, f"{prefix}-person-0"):
            raise click.ClickException(f"People with the prefix '{prefix}' are already loaded; use another --prefix.")
        net = generator.generate(people, seed=seed_value, edges_per_person=edges_per_person, prefix=prefix)
        for part, timing in loader.load(graph, net).items():
            rate = timing["rows"] / timing["seconds"] if timing["seconds"] else 0.0
            click.echo(f"{part:12} {timing['rows']:>10,} rows in {timing['seconds']:6.1f}s  ({rate:,.0f} rows/s)")

    app.cli.add_command(group)
