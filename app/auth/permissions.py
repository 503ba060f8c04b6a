"""Who may do what. Every write checks here on the server; hiding a button is only a courtesy."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from flask import abort
from flask_login import current_user

from app.auth.login import login_manager
from app.domain.ownership import owned_by
from app.models import AccountRole

if TYPE_CHECKING:  # the afspraken package imports this module for its routes
    from app.afspraken.queries import AfspraakView

F = TypeVar("F", bound=Callable[..., Any])


def can_report(user: Any, view: "AfspraakView") -> bool:
    """May `user` record progress on this afspraak and its mijlpalen?"""
    if not user.is_authenticated:
        return False
    if user.role is AccountRole.SECRETARIAAT:
        return True
    if user.role is AccountRole.PARTIJ_RAPPORTEUR:
        return owned_by(view.deelnames, user.partij_ids)
    return False


def can_report_for_partij(user: Any, partij_id: int | None) -> bool:
    """May `user` report for this party as a whole (its Excel template and upload)? The
    secretariaat for every party, a partij-rapporteur for its own."""
    if not user.is_authenticated:
        return False
    if user.role is AccountRole.SECRETARIAAT:
        return True
    return user.role is AccountRole.PARTIJ_RAPPORTEUR and partij_id in user.partij_ids


def can_edit_plan(user: Any) -> bool:
    return bool(user.is_authenticated and user.role is AccountRole.SECRETARIAAT)


def can_read_internal(user: Any) -> bool:
    """Internal notes are for signed-in users; the public plan never shows them."""
    return bool(user.is_authenticated)


def login_required(view: F) -> F:
    """Signed-in users pass; others go to the login page (htmx: a 401 that redirects there)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def secretariaat_required(view: F) -> F:
    """Only the secretariaat passes; others get 403 (or the login page when signed out)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can_edit_plan(current_user):
            abort(403, description="Alleen het secretariaat mag dit doen.")
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
