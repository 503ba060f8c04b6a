"""Parse and check the account forms; errors are {field: Dutch message}."""

import re
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from app.auth.passwords import password_problem
from app.inputs import DB_INT_MAX, max_length, parse_int
from app.models import AccountRole, User

Errors = dict[str, str]

_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def email_problem(email: str) -> str | None:
    """What is wrong with an e-mail address (stripped, lower case), or None; form and CLI."""
    if not _EMAIL_RE.fullmatch(email) or len(email) > (max_length(User, "email") or 0):
        return "Vul een geldig e-mailadres in, zoals naam@organisatie.nl."
    return None


def name_problem(name: str) -> str | None:
    """What is wrong with an account's name (stripped), or None."""
    limit = max_length(User, "name") or 0
    if not name or len(name) > limit:
        return f"Vul een naam in van hoogstens {limit} tekens."
    return None


@dataclass
class UserInput:
    email: str
    name: str
    role: AccountRole
    partij_ids: frozenset[int]
    password: str  # empty when editing means "keep the current password"
    active: bool


def parse_user_form(
    form: MultiDict[str, str], *, known_partij_ids: set[int], new: bool
) -> tuple[UserInput, Errors]:
    """The values as typed (so the form can show them again) and what is wrong with them."""
    errors: Errors = {}
    email = form.get("email", "").strip().lower()
    name = form.get("name", "").strip()
    role_value = form.get("role", "")
    password = form.get("password", "")
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := name_problem(name):
        errors["name"] = problem
    try:
        role = AccountRole(role_value)
    except ValueError:
        role = AccountRole.LEZER
        errors["role"] = "Kies een rol."
    partij_ids: set[int] = set()
    for chosen in form.getlist("partij"):
        partij_id = parse_int(chosen, low=1, high=DB_INT_MAX)
        if partij_id is None or partij_id not in known_partij_ids:
            errors["partij"] = f"Onbekende partij '{chosen[:40]}'. Kies een partij uit de lijst."
        else:
            partij_ids.add(partij_id)
    if role is AccountRole.PARTIJ_RAPPORTEUR and not partij_ids and "partij" not in errors:
        errors["partij"] = (
            "Een partij-rapporteur rapporteert voor minstens één partij: kies er een."
        )
    if (password or new) and (problem := password_problem(password)):
        errors["password"] = problem
    value = UserInput(
        email=email,
        name=name,
        role=role,
        partij_ids=frozenset(partij_ids),
        password=password,
        active=form.get("active") == "on" if not new else True,
    )
    return value, errors
