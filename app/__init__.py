"""E5 Werkagenda tracker: a Flask app that follows the progress of the AZWA E5 Werkagenda."""

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import PLACEHOLDER_SECRET, Config

# Every POST, PUT, PATCH and DELETE needs the session's token: in the form or in htmx's header.
csrf = CSRFProtect()


def create_app(config: type[Config] | None = None, **overrides: Any) -> Flask:
    """Build the app; `overrides` let tests set single config values (e.g. DATABASE_URL)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config or Config)
    app.config.update(overrides)
    _refuse_placeholder_secret(app)

    from app import (
        api,
        cli,
        compression,
        db,
        errors,
        excel,
        headers,
        inputs,
        read_model,
        templating,
    )
    from app.auth import login

    _trust_proxies(app)
    inputs.init_app(app)
    db.init_app(app)
    read_model.init_app(app)
    cli.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    login.init_app(app)
    csrf.init_app(app)
    headers.init_app(app)
    compression.init_app(app)
    api.init_app(app)
    excel.init_app(app)

    from app.afspraken import bp as afspraken_bp
    from app.auth import bp as auth_bp
    from app.excel import bp as excel_bp
    from app.feeds import bp as feeds_bp
    from app.gantt import bp as gantt_bp
    from app.health import bp as health_bp
    from app.kamer import bp as kamer_bp
    from app.overview import bp as overview_bp
    from app.pages import bp as pages_bp
    from app.partijen import bp as partijen_bp
    from app.rounds import bp as rounds_bp

    for blueprint in (
        overview_bp,
        afspraken_bp,
        partijen_bp,
        kamer_bp,
        gantt_bp,
        feeds_bp,
        excel_bp,
        auth_bp,
        pages_bp,
        rounds_bp,
        health_bp,
        api.bp,
    ):
        app.register_blueprint(blueprint)
    return app


def _trust_proxies(app: Flask) -> None:
    # Behind E5_PROXY_HOPS reverse proxies, the client's IP (which the login throttle counts) and
    # the scheme come from their X-Forwarded-* headers; with no proxy those headers are a lie.
    hops = int(app.config["PROXY_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def _refuse_placeholder_secret(app: Flask) -> None:
    # Sessions signed with a published key can be forged; only a developer's own machine may use it.
    if app.config["SECRET_KEY"] == PLACEHOLDER_SECRET and app.config["ENV_NAME"] != "development":
        raise RuntimeError("Set SECRET_KEY: the placeholder key is for development only.")
