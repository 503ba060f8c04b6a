"""Security headers on every response, set in one place.

The Content-Security-Policy allows scripts, styles, images and fonts from this app only: no inline
script, no inline event handlers, no eval, no <style> with content. The templates keep to that and
have no style attributes either (tests/integration/test_headers.py checks): JavaScript lives in
static files, data for it in <script type="application/json"> blocks, which are not run, and
htmx's own indicator styles are switched off in base.html. `frame-ancestors 'none'` stops other
sites from framing the app (clickjacking).
"""

import base64
import hashlib

from flask import Flask, Response, current_app

EMPTY_STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(b"").digest()).decode()
# The map styles that plotly.js 4.1.1 adds as a <style> element when it loads (the app draws no
# maps, but a blocked element is a CSP violation). A new plotly.js changes this hash; the browser
# tests then fail on the violation and Chromium's message names the new hash.
PLOTLY_MAPLIBRE_STYLE_HASH = "sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o="
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # plotly.js adds an empty <style> element (the hash is that of "") and fills it through
        # the CSSOM, and draws with style attributes (setAttribute), which style-src-attr
        # allows; style attributes cannot run script or select elements, <style> stays closed.
        f"style-src 'self' '{EMPTY_STYLE_HASH}' '{PLOTLY_MAPLIBRE_STYLE_HASH}'",
        "style-src-attr 'unsafe-inline'",
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
