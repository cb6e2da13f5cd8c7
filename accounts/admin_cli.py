"""`flask admin ...`: platform administration from the command line. Features add their subcommands to `admin`
from their own cli module (trust: `flask admin expert grant|revoke`)."""
import click
from flask import Flask
from flask.cli import AppGroup

from accounts.models import User
from accounts.service import find_by_email
from core.db import get_session
from core.errors import NotFound

admin = AppGroup("admin", help="Platform administration.")  # its commands run inside the app context


def account(email: str) -> User:
    """The account with this email, or a click error naming it."""
    try:
        return find_by_email(get_session(), email)
    except NotFound:
        raise click.ClickException(f"No account with the email {email}.") from None


def register(app: Flask) -> None:
    """Attach `flask admin` to the app's CLI."""
    app.cli.add_command(admin)
