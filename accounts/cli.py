"""`flask db upgrade`: the SQL schema through Alembic."""
import click
from alembic import command
from alembic.config import Config
from flask import Flask

from core.config import ROOT


def alembic_config(url: str) -> Config:
    """Alembic configuration for the project's migrations against url."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def register(app: Flask) -> None:
    """Attach the database commands to the app's CLI."""
    db_group = click.Group("db", help="SQL schema migrations.")

    @db_group.command("upgrade")
    def upgrade():
        """Apply every Alembic migration (idempotent)."""
        command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")
        click.echo("sql schema at head")

    app.cli.add_command(db_group)
