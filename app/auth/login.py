"""Flask-Login set-up: loading the account per request, session expiry, what a stranger sees."""

import time
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, logout_user

from app.auth.accounts import Account, load_account
from app.db import get_session
from app.htmx import is_htmx

login_manager = LoginManager()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om verder te gaan."
    login_manager.login_message_category = "info"
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.user_loader(_load_user)
    app.before_request(_expire_old_session)


def _load_user(value: str) -> Account | None:
    return load_account(value, session=get_session())


def _unauthorized() -> Any:
    return send_to_login("Log in om verder te gaan.")


def send_to_login(message: str) -> Any:
    """To the login page and back here afterwards; htmx gets a 401 that redirects the browser."""
    target = url_for("auth.login", next=_next_path())
    if is_htmx():
        # htmx would swap the login page into a table cell; send the whole browser there instead.
        flash(message, "warning")
        response = Response(message, status=401)
        response.headers["HX-Redirect"] = target
        return response
    flash(message, "info")
    return redirect(target)


def _next_path() -> str:
    if request.method == "GET" and not is_htmx():
        return request.full_path.rstrip("?")
    current = request.headers.get("HX-Current-URL") or request.referrer or "/"
    parts = urlsplit(current)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def safe_next(value: str | None) -> str | None:
    """A local path to go to after login, or None: never an open redirect to another site."""
    if not value or any(ord(c) < 0x20 or c in "\\\x7f" for c in value):
        return None  # browsers drop tabs and newlines: "/\t/evil.example" would become "//evil"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return None
    return value


def client_ip() -> str:
    """The client's IP as the login throttle counts it.

    Behind a reverse proxy every request comes from the proxy; set E5_PROXY_HOPS to the number of
    proxies in front of the app, so ProxyFix takes the address from X-Forwarded-For (see
    `app.proxy_fix`). Never trust that header without a proxy: anyone can send it.
    """
    return (request.remote_addr or "unknown")[:45]


def start_session() -> None:
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME without activity
    session["login_at"] = int(time.time())


def _expire_old_session() -> None:
    # The idle limit is the cookie's lifetime; this is the absolute limit of one login.
    if not current_user.is_authenticated:
        return
    from flask import current_app

    started = session.get("login_at", 0)
    if time.time() - started > current_app.config["SESSION_MAX_AGE"].total_seconds():
        logout_user()
        session.clear()
        flash("Uw sessie is verlopen. Log opnieuw in.", "warning")
