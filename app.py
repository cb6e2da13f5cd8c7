"""Guanxi: the application factory and the real-time server entry point."""
if __name__ == "__main__":
    # gevent must patch the standard library before anything else imports it.
    from gevent import monkey

    monkey.patch_all()

import gc
import logging
import os

from flask import Flask, redirect, render_template, url_for
from flask_login import current_user

from core import config as settings, db, errors, formats, i18n, schemas, security, storage, ui, uploads
from core.api import RequestJSON
from core.extensions import csrf, graph, limiter, login_manager, socketio
from core.health import bp as health_bp
from core.openapi import bp as openapi_bp
# Importing a feature attaches its routes to its blueprint and connects nothing: each feature's init_app,
# called by create_app in the order of FEATURES, registers its receivers, socket handlers and extensions.
import accounts
import crm_sync
import demo
import home
import messaging
import network
import postoffice
import sourcing
import trust
from accounts import admin_cli, cli as accounts_cli
from messaging import cli as messaging_cli
from network import cli as network_cli
from trust import cli as trust_cli

FEATURES = (home, accounts, network, trust, sourcing, messaging, crm_sync, postoffice)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers."""
    app = Flask(__name__, instance_path=str(settings.INSTANCE))
    app.json = RequestJSON(app)
    app.config.from_mapping(settings.from_environment())
    app.config.from_prefixed_env("GUANXI")
    if config:
        app.config.update(config)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    db.init_app(app)
    graph.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    storage.init_app(app)
    uploads.init_app(app)  # before security and schemas: their hooks read form bodies
    security.init_app(app)
    socketio.init_app(app, async_mode=app.config["SOCKETIO_ASYNC_MODE"],
                      message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"])
    i18n.init_app(app)
    formats.init_app(app)
    errors.register(app)
    schemas.init_app(app)
    _register_blueprints(app)
    app.add_url_rule("/", "index", _index)
    return app


def _index():
    """The product page for visitors; a signed-in person goes to what waits for them."""
    if current_user.is_authenticated:
        return redirect(url_for("home.home_page"))
    return render_template("index.html")


def _register_blueprints(app: Flask) -> None:
    for blueprint in (health_bp, openapi_bp, ui.bp, *(feature.bp for feature in FEATURES)):
        app.register_blueprint(blueprint)
    for feature in FEATURES:  # signal receivers and extension points, connected here rather than on import
        if hasattr(feature, "init_app"):
            feature.init_app(app)
    accounts_cli.register(app)
    admin_cli.register(app)
    network_cli.register(app)
    trust_cli.register(app)
    messaging_cli.register(app)
    demo.register(app)
    graph.use_schema([statement for feature in FEATURES for statement in getattr(feature, "GRAPH_SCHEMA", [])])
    # Each feature names its pages for the top navigation in its package's NAV list; ui groups them.
    ui.init_app(app, FEATURES)


def main() -> None:
    """Serve the app with Socket.IO on gevent (`make run`), with its background upkeep."""
    from accounts.upkeep import start_graph_upkeep
    from core.server import serve
    from core.writer import remember_loop_thread
    from crm_sync.worker import start_crm_worker
    from messaging.socket_sessions import start_session_sweep
    from postoffice.delivery import start_postoffice_worker

    app = create_app()
    remember_loop_thread()
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000"))
    start_graph_upkeep(app)
    start_crm_worker(app)
    start_postoffice_worker(app)
    start_session_sweep(app)
    # What exists now (modules, the Neo4j driver's tables, the app) lives as long as the process. Frozen, it is
    # left out of Python's full collections, which otherwise take ~40 ms over it and stall every live socket.
    gc.collect()
    gc.freeze()
    # A thousand sockets still make ~100k long-lived objects, and with the default thresholds a full collection
    # over them (13-40 ms, measured) ran every few hundred ms. Little here makes reference cycles: the full heap
    # is collected after 100 middle-generation collections instead of 10; the young ones stay small and cheap.
    gc.set_threshold(700, 10, 100)
    print(f"Guanxi is serving on http://{host}:{port}  (demo login: see README)", flush=True)
    serve(app, host, port)


if __name__ == "__main__":
    main()
