"""Security headers on every response, set in one place.

The Content-Security-Policy allows scripts, styles, images and fonts from this app only: no inline
script, no inline event handlers, no inline style attributes, no eval. The templates keep to that
(JavaScript lives in static files, data for it in <script type="application/json"> blocks, which
are not run), htmx's own indicator styles are switched off in base.html, and plotly.js styles its
charts through the CSSOM, which the policy does not block. `frame-ancestors 'none'` stops other
sites from framing the app (clickjacking).
"""

from flask import Flask, Response, current_app

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: and blob: for the PNG and SVG downloads that plotly.js makes in the browser.
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Two years, as the HSTS preload list asks; only in production, where the app is behind HTTPS.
HSTS = "max-age=63072000; includeSubDomains"


def init_app(app: Flask) -> None:
    app.after_request(_security_headers)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Links to other sites do not learn which page (an afspraak, a feed token) the user was on.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers without CSP 2
    if current_app.config["ENV_NAME"] == "production":
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response
