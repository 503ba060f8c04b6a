"""htmx helpers: one URL answers with a whole page or with just the fragment htmx asked for."""

from flask import request


def is_htmx() -> bool:
    """The request comes from htmx (any kind)."""
    return request.headers.get("HX-Request") == "true"


def is_fragment() -> bool:
    """htmx wants a fragment: not a boosted page load and not a history restore."""
    return (
        is_htmx()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
