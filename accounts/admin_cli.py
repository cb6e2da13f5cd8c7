"""`flask admin ...`: platform administration from the server's command line (never through the API). Features add
their subcommands to `admin` from their own cli module (trust: `flask admin expert grant|revoke`)."""
import click
from flask import Flask
from flask.cli import AppGroup

from accounts import service
from accounts.models import User
from core import uow
from core.db import get_session
from core.errors import NotFound

admin = AppGroup("admin", help="Platform administration: platform admins, experts.")  # commands run in the app context


def register(app: Flask) -> None:
    """Attach `flask admin` to the app's CLI."""
    app.cli.add_command(admin)


def account(email: str) -> User:
    """The account with this email, or a click error naming it."""
    try:
        return service.find_by_email(get_session(), email)
    except NotFound:
        raise click.ClickException(f"No account with the email {email}.") from None


@admin.command("grant")
@click.argument("email")
def grant(email: str) -> None:
    """Make the person with EMAIL a platform admin (moderation; never private messages)."""
    _switch(email, True)


@admin.command("revoke")
@click.argument("email")
def revoke(email: str) -> None:
    """Stop the person with EMAIL being a platform admin."""
    _switch(email, False)


def _switch(email: str, granted: bool) -> None:
    try:
        with uow.unit() as session:
            user = service.set_platform_admin(session, email, granted)
            email = user.email
    except NotFound:
        raise click.ClickException(f"No account with the email {email}.") from None
    click.echo(f"{email}: {'platform admin' if granted else 'not a platform admin'}")
