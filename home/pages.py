"""The home page a person lands on after logging in."""
from flask import render_template
from flask_login import current_user, login_required

from core.db import get_session
from core.extensions import graph
from home import waiting
from home.blueprint import bp


@bp.get("/home")
@login_required
def home_page():
    """What waits for me, and a newcomer's first steps."""
    return render_template("home/home.html", home=waiting.waiting_for(get_session(), graph, current_user))
