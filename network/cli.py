"""`flask graph ...`: schema and repair commands."""
import click
from flask import Flask

from core.extensions import graph


def register(app: Flask) -> None:
    """Attach the graph commands to the app's CLI."""
    group = click.Group("graph", help="Neo4j graph schema and upkeep.")

    @group.command("init")
    def init_schema():
        """Create the graph's constraints and indexes (idempotent)."""
        if not graph.ensure_schema():
            raise click.ClickException("Neo4j is unreachable at " + app.config["NEO4J_URI"])
        click.echo("graph schema ready")

    app.cli.add_command(group)
