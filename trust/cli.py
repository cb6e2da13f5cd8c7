"""`flask admin expert grant|revoke <email> <category>`: platform admins name experts in a category."""
import click
from flask import Flask
from flask.cli import AppGroup

from accounts import admin_cli
from core.errors import NotFound
from core.extensions import graph
from trust import experts
from trust.schemas import tidy_category

expert = AppGroup("expert", help="Experts in a category (they may endorse its vendors).")


@expert.command("grant")
@click.argument("email")
@click.argument("category")
@click.option("--by", "granted_by", default="cli", show_default=True, help="Who grants it (kept on the grant).")
def grant(email, category, granted_by):
    """Make the person with this email an expert in the category."""
    user = admin_cli.account(email)
    try:
        name = experts.grant_expert(graph, user.id, _category(category), granted_by)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{user.name} is now an expert in {name}")


@expert.command("revoke")
@click.argument("email")
@click.argument("category")
def revoke(email, category):
    """Take back an admin's grant (expertise earned with verified reviews stays)."""
    user = admin_cli.account(email)
    if not experts.revoke_expert(graph, user.id, _category(category)):
        raise click.ClickException(f"{user.name} had no granted expertise in {category}.")
    click.echo(f"{user.name} is no longer a granted expert in {category}")


def _category(name: str) -> str:
    tidy = tidy_category(name)
    if not tidy or len(tidy) > 100:
        raise click.BadParameter("Name a category (1–100 characters).", param_hint="CATEGORY")
    return tidy


def register(app: Flask) -> None:
    """Add `expert` to `flask admin`."""
    admin_cli.admin.add_command(expert)
