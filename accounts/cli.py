"""`flask db upgrade` (Alembic) and `flask demo load` (the seeded demo network)."""
import click
from alembic import command
from alembic.config import Config
from flask import Flask

from core.config import ROOT
from core.db import get_session
from core.extensions import graph


def alembic_config(url: str) -> Config:
    """Alembic configuration for the project's migrations against url."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def register(app: Flask) -> None:
    """Attach the database and demo commands to the app's CLI."""
    db_group = click.Group("db", help="SQL schema migrations.")

    @db_group.command("upgrade")
    def upgrade():
        """Apply every Alembic migration (idempotent)."""
        command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")
        click.echo("sql schema at head")

    demo_group = click.Group("demo", help="Demo data.")

    @demo_group.command("load")
    def load():
        """Load the small demo network once (a second run changes nothing)."""
        from accounts import demo

        if not graph.ensure_schema():
            raise click.ClickException("Neo4j is unreachable at " + app.config["NEO4J_URI"])
        created = demo.load(get_session(), graph)
        click.echo(f"demo data: {'loaded' if created else 'already present'}; "
                   f"log in as {demo.DEMO_EMAIL} / {demo.DEMO_PASSWORD}")

    app.cli.add_command(db_group)
    app.cli.add_command(demo_group)
