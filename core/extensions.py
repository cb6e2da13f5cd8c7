"""Shared singletons, created unbound and init_app-ed by the factory; never imports app.py."""
from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from core.graph import GraphStore

socketio = SocketIO()
login_manager = LoginManager()
csrf = CSRFProtect()


def rate_limit_key() -> str:
    """Per person once authenticated (colleagues behind one office address keep their own budgets), else per address."""
    if current_user and current_user.is_authenticated:
        return f"person:{current_user.id}"
    return f"address:{get_remote_address()}"


# Read per request from the app's config: Flask-Limiter fixes RATELIMIT_DEFAULT at its first init_app only.
limiter = Limiter(key_func=rate_limit_key, default_limits=[lambda: current_app.config["RATELIMIT_DEFAULT"]])
graph = GraphStore()
