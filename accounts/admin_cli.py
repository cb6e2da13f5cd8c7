"""`flask admin ...`: platform administration from the server's command line (never through the API)."""
import click
from flask import Flask
from flask.cli import AppGroup

from accounts import service
from core import uow
from core.errors import NotFound

# Other features add their subcommands here (in their register function): `flask admin expert grant ...`.
admin_group = AppGroup("admin", help="Platform administration: platform admins, experts.")


def register(app: Flask) -> None:
    """Attach `flask admin` to the app's CLI."""
    app.cli.add_command(admin_group)


@admin_group.command("grant")
@click.argument("email")
def grant(email: str) -> None:
    """Make the person with EMAIL a platform admin (moderation; never private messages)."""
    _switch(email, True)


@admin_group.command("revoke")
@click.argument("email")
def revoke(email: str) -> None:
    """Stop the person with EMAIL being a platform admin."""
    _switch(email, False)


def _switch(email: str, granted: bool) -> None:
    try:
        with uow.unit() as session:
            user = service.set_platform_admin(session, email, granted)
            email = user.email
    except NotFound as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{email}: {'platform admin' if granted else 'not a platform admin'}")
