"""`flask notifications digest`: queue the email digests that are due now (the server's upkeep does it hourly)."""
import click
from flask import Flask

from messaging.digest import send_digests


def register(app: Flask) -> None:
    """Attach the notification commands to the app's CLI."""
    group = click.Group("notifications", help="Notifications: the email digest.")

    @group.command("digest")
    def digest():
        """Queue a digest mail for everyone whose daily or weekly digest is due; a second run sends none."""
        click.echo(f"queued {send_digests(app)} digest mail(s)")

    app.cli.add_command(group)
