"""Guards on raw input, so that no typed or crafted value reaches the database it cannot hold.

Four rules live here and nowhere else: no NUL characters anywhere in a request (PostgreSQL
refuses them in text, SQLite would store them), integers are parsed with bounds (Python refuses
to convert more than 4,300 digits, an INTEGER column holds 32 bits), and a text's length limit
is its column's, read from the model, and a request body is at most MAX_CONTENT_LENGTH unless its
view allows an upload of a stated size (`body_limit`).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from sqlmodel import SQLModel
from werkzeug.routing import IntegerConverter

# The range of an INTEGER column (ids, versions): 32 bits on PostgreSQL, which refuses a larger
# number even in a comparison ("integer out of range"). SQLite would take 64.
DB_INT_MAX = 2**31 - 1
_MAX_DIGITS = len(str(DB_INT_MAX))

F = TypeVar("F", bound=Callable[..., Any])

NUL_MESSAGE = (
    "Het verzoek bevat een ongeldig teken (een NUL-teken, code 0), in het adres of in een "
    "formulierveld. Er is niets opgeslagen. Typ de tekst opnieuw in plaats van hem te plakken, "
    "of verwijder het teken."
)


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in a URL: a number beyond what the database holds matches no route (404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def parse_int(text: str, *, low: int, high: int) -> int | None:
    """The whole number in `text` (ASCII digits, optional minus) if it lies in [low, high]."""
    text = text.strip()
    digits = text.removeprefix("-")
    if not digits or not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_DIGITS:
        return None
    number = int(text)
    return number if low <= number <= high else None


def max_length(model: type[SQLModel], column: str) -> int | None:
    """The length limit of a text column (None for unbounded TEXT)."""
    table: Any = getattr(model, "__table__")  # noqa: B009  (SQLModel does not type it)
    length: int | None = getattr(table.c[column].type, "length", None)
    return length


def length_problem(model: type[SQLModel], column: str, value: str) -> str | None:
    """A Dutch message when `value` is longer than its column allows, else None."""
    limit = max_length(model, column)
    if limit is None or len(value) <= limit:
        return None
    return f"Gebruik hoogstens {limit} tekens (nu {len(value)}). Maak de tekst korter."


def single_spaced(text: str) -> str:
    """A one-line value as typed, without surrounding or repeated whitespace."""
    return " ".join(text.split())


def body_limit(max_bytes: int, message: str) -> Callable[[F], F]:
    """Let one view take a larger request body (an upload) than MAX_CONTENT_LENGTH, and say in
    `message` what a larger one gets."""

    def mark(view: F) -> F:
        view.body_limit = (max_bytes, message)  # type: ignore[attr-defined]
        return view

    return mark


def _apply_body_limit() -> None:
    # Before anything reads the body (the NUL check and CSRF both read the form).
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "body_limit", None)
    if limit is None:
        return
    max_bytes, message = limit
    request.max_content_length = max_bytes
    if request.content_length is not None and request.content_length > max_bytes:
        abort(413, description=message)


def _refuse_nul() -> None:
    # One check for every route: the path, the query string and each form field and its name.
    if "\x00" in request.path:
        abort(400, description=NUL_MESSAGE)
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, description=NUL_MESSAGE)


def init_app(app: Flask) -> None:
    """Register the integer converter and the NUL check (before the routes are added)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_apply_body_limit)
    app.before_request(_refuse_nul)
