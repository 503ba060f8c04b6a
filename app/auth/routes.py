"""Login, logout and the secretariaat's user management."""

import math
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlmodel import select
from werkzeug.wrappers import Response

from app.auth import bp
from app.auth.accounts import (
    create_user,
    end_sessions,
    find_user,
    list_users,
    normalise_email,
    set_partijen,
    to_account,
)
from app.auth.forms import UserInput, parse_user_form
from app.auth.login import client_ip, safe_next, start_session
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.auth.permissions import secretariaat_required
from app.auth.throttle import Attempt, begin_attempt, succeeded, wait_text
from app.db import get_session
from app.domain.labels import ACCOUNT_ROLE_LABELS
from app.feeds.tokens import revoke_tokens
from app.inputs import max_length
from app.models import AccountRole, Partij, User, UserPartij, utcnow


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> Any:
    next_path = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("auth/login.html", next=next_path, email="", error=None)
    db = get_session()
    email = normalise_email(request.form.get("email", ""))
    password = request.form.get("password", "")
    if len(email) > (max_length(User, "email") or 0):
        # No account has such an address: refused before anything is counted or looked up.
        error = "Dit e-mailadres is te lang. Vul het adres in waarmee u een account heeft."
        return render_template("auth/login.html", next=next_path, email="", error=error), 401
    ip = client_ip()
    now = utcnow()
    user = find_user(email, session=db)
    attempt = Attempt.of(email, ip)
    # Counted before the (slow) check, so parallel guesses cannot slip past the limit.
    wait = begin_attempt(
        attempt, usual_ip=user is not None and user.last_login_ip == ip, session=db, now=now
    )
    db.commit()
    if wait is not None:
        error = (
            "Te veel mislukte pogingen om in te loggen. Wacht "
            f"{wait_text(wait)} en probeer het dan opnieuw, of vraag het secretariaat om een "
            "nieuw wachtwoord."
        )
        html = render_template("auth/login.html", next=next_path, email=email, error=error)
        return html, 429, {"Retry-After": str(math.ceil(wait.total_seconds()))}
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        error = "Het e-mailadres of het wachtwoord klopt niet, of het account is uitgeschakeld."
        return render_template("auth/login.html", next=next_path, email=email, error=error), 401
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    user.last_login_ip = ip
    db.add(user)
    succeeded(attempt, session=db)
    account = to_account(user, session=db)
    db.commit()
    session.clear()  # a fresh session on login: nothing from before survives (session fixation)
    login_user(account)
    start_session()
    flash(f"Welkom, {user.name}.", "ok")
    if next_path:
        return redirect(next_path)
    landing = "overview.index" if user.role is AccountRole.LEZER else "overview.te_rapporteren"
    return redirect(url_for(landing))


@bp.post("/uitloggen")
def logout() -> Response:
    if current_user.is_authenticated:
        # Ends this session and every copy of it (and the user's other sessions): a copied
        # cookie must not outlive the logout.
        db = get_session()
        end_sessions(current_user.id, session=db)
        db.commit()
    logout_user()
    session.clear()
    flash("U bent uitgelogd.", "ok")
    return redirect(url_for("overview.index"))


@bp.get("/gebruikers")
@secretariaat_required
def users() -> str:
    return render_template(
        "auth/users.html", users=list_users(session=get_session()), role_labels=ACCOUNT_ROLE_LABELS
    )


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@secretariaat_required
def new_user() -> Any:
    db = get_session()
    partijen = _partijen()
    if request.method == "GET":
        blank = UserInput("", "", AccountRole.PARTIJ_RAPPORTEUR, frozenset(), "", True)
        return _user_form(blank, {}, partijen, user=None)
    value, errors = parse_user_form(
        request.form, known_partij_ids={p.id for p in partijen if p.id}, new=True
    )
    if not errors and find_user(value.email, session=db):
        errors["email"] = "Er is al een account met dit e-mailadres."
    if errors:
        return _user_form(value, errors, partijen, user=None)
    create_user(
        session=db,
        email=value.email,
        name=value.name,
        password=value.password,
        role=value.role,
        partij_ids=_partij_ids_for(value),
    )
    db.commit()
    flash(f"Account voor {value.name} aangemaakt. Geef het wachtwoord veilig door.", "ok")
    return redirect(url_for("auth.users"))


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@secretariaat_required
def edit_user(user_id: int) -> Any:
    db = get_session()
    user = db.get(User, user_id)
    if user is None:
        abort(404, description="Dit account bestaat niet.")
    partijen = _partijen()
    if request.method == "GET":
        current = set(
            db.exec(select(UserPartij.partij_id).where(UserPartij.user_id == user_id)).all()
        )
        value = UserInput(user.email, user.name, user.role, frozenset(current), "", user.active)
        return _user_form(value, {}, partijen, user=user)
    value, errors = parse_user_form(
        request.form, known_partij_ids={p.id for p in partijen if p.id}, new=False
    )
    other = find_user(value.email, session=db)
    if not errors and other is not None and other.id != user.id:
        errors["email"] = "Er is al een ander account met dit e-mailadres."
    if user.id == current_user.id and (
        not value.active or value.role is not AccountRole.SECRETARIAAT
    ):
        errors["role"] = (
            "U kunt uw eigen secretariaatsrechten niet intrekken of uzelf uitschakelen."
        )
    if errors:
        return _user_form(value, errors, partijen, user=user)
    user.email, user.name, user.role, user.active = (
        value.email,
        value.name,
        value.role,
        value.active,
    )
    if value.password:
        user.password_hash = hash_password(value.password)
    db.add(user)
    set_partijen(user, _partij_ids_for(value), session=db)
    assert user.id is not None
    if value.password or not value.active:
        end_sessions(user.id, session=db)
    if not value.active:
        # Re-enabling the account later must not bring back an address handed out before.
        revoke_tokens(user.id, session=db)
    db.commit()
    if user.id == current_user.id and value.password:
        # A new own password ends the user's other sessions, not the one that set it.
        db.refresh(user)
        login_user(to_account(user, session=db))
    flash(f"Account van {user.name} bijgewerkt.", "ok")
    return redirect(url_for("auth.users"))


def _partij_ids_for(value: UserInput) -> frozenset[int]:
    # Only a partij-rapporteur's parties mean anything; the others see and do the same everywhere.
    return value.partij_ids if value.role is AccountRole.PARTIJ_RAPPORTEUR else frozenset()


def _partijen() -> list[Partij]:
    """The parties to choose from, in the order of the names the form shows."""
    partijen = get_session().exec(select(Partij))
    return sorted(partijen, key=lambda p: p.label.lower())


def _user_form(
    value: UserInput, errors: dict[str, str], partijen: list[Partij], *, user: User | None
) -> tuple[str, int]:
    html = render_template(
        "auth/user_form.html",
        value=value,
        errors=errors,
        partijen=partijen,
        user=user,
        role_labels=ACCOUNT_ROLE_LABELS,
    )
    return html, 422 if errors else 200
