"""Error pages in Dutch; htmx gets a short message it can show in place."""

from typing import Any

from flask import Flask, Response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from app.api.http import http_problem, is_api_request
from app.auth.login import send_to_login
from app.db import get_session
from app.htmx import is_htmx

TITLES = {
    400: "Het verzoek kon niet worden verwerkt",
    401: "Inloggen nodig",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Dat kan hier niet",
    413: "Te veel gegevens",
    500: "Er ging iets mis",
}

MESSAGES = {
    400: "Het verzoek was niet volledig of niet geldig. Ga terug en probeer het opnieuw.",
    403: "U heeft geen toegang tot deze pagina.",
    404: "Deze pagina bestaat niet. Controleer het adres, of ga naar het overzicht.",
    405: "Deze handeling kan niet op dit adres.",
    413: (
        "Het formulier bevat meer gegevens dan de app aanneemt, dus er is niets opgeslagen. "
        "Maak de teksten korter en probeer het opnieuw."
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)


def _csrf_error(error: CSRFError) -> Any:
    if not current_user.is_authenticated and request.endpoint != "auth.login":
        # Most often the session ran out while a form was open: say so, and offer the login.
        return send_to_login(
            "Uw sessie is verlopen, dus er is niets opgeslagen. Log opnieuw in en vul het "
            "formulier nog eens in."
        )
    message = (
        "Het formulier is verlopen of kwam niet van deze website, dus er is niets opgeslagen. "
        "Laad de pagina opnieuw en probeer het nog eens."
    )
    return _render(400, message)


def _http_error(error: HTTPException) -> Any:
    if is_api_request():
        return http_problem(error)
    code = error.code or 500
    # Our own abort() calls carry a Dutch description; Werkzeug's defaults are English.
    own = error.description != type(error).description
    return _render(code, error.description if own and error.description else MESSAGES.get(code, ""))


def _server_error(error: InternalServerError) -> Any:
    get_session().rollback()  # leave no half-done transaction on the connection
    if is_api_request():
        return http_problem(error)
    return _render(
        500, "Probeer het later nog eens. Blijft het misgaan, meld het dan bij het secretariaat."
    )


def _render(code: int, message: str) -> Any:
    title = TITLES.get(code, "Fout")
    if request.path.endswith(".ics"):
        # A calendar client that fails to fetch a feed shows the body as it is, so no HTML.
        # For htmx (a page that asked for a feed) it is escaped like every other fragment.
        text = str(escape(message)) if is_htmx() else message
        return Response(f"{title}: {text}\n", code, mimetype="text/plain")
    if is_htmx():
        # The message may quote the address or a typed value; escaped, it stays text (app.js
        # shows it with textContent after decoding).
        return str(escape(message)), code
    return render_template("errors/error.html", code=code, title=title, message=message), code
