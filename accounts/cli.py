"""`flask db upgrade`: the SQL schema through Alembic."""
import click
from flask import Flask

from core.config import ROOT


def alembic_config(url: str):
    """Alembic configuration for the project's migrations against url."""
    # Imported here, not at the top: Alembic, Mako and Pygments cost the long-running server ~10 MB it never uses.
    from alembic.config import Config

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
        from alembic import command

        command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")
        click.echo("sql schema at head")

    app.cli.add_command(db_group)
