"""Compressed responses (zstd, brotli or gzip, whichever the client prefers) for text and JS.

Flask-Compress does the encoding and the ETag and Vary bookkeeping; this module decides which
responses it gets. Left uncompressed: HTML for a logged-in user, whose page carries the session's
CSRF token next to text taken from the URL (filters, periods), so that the compressed size cannot
leak the token to someone who can make the browser send requests and watch their length (BREACH);
an anonymous page holds no secret worth that. And partial content (a Range answer), whose byte
range is of the uncompressed file.

A file (a static file, the plotly.js bundle) is read into memory first: Flask-Compress would
compress it as a stream, which offers no gzip and leaves the file open after the response. The
files are at most a few MB, and browsers cache them.
"""

from flask import Flask, Response, request
from flask_compress import Compress
from flask_login import current_user

compress = Compress()

MIMETYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "text/calendar",
    "text/plain",
    "image/svg+xml",
]


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config["COMPRESS_REGISTER"] = False  # _compress calls it, for the responses it may take
    compress.init_app(app)
    app.after_request(_compress)


def _compress(response: Response) -> Response:
    if response.status_code == 206:
        return response
    if response.mimetype == "text/html" and current_user.is_authenticated:
        response.vary.add("Accept-Encoding")
        return response
    if (
        response.is_streamed
        and response.mimetype in MIMETYPES
        and "Accept-Encoding" in request.headers
    ):
        response.direct_passthrough = False
        response.make_sequence()
        response.close()  # the file, now read; the bytes stay
    return compress.after_request(response)
