"""Tests for accounts: app.auth.passwords (Argon2id hashing) and app.auth.forms (the user form)."""

import pytest
from argon2 import PasswordHasher
from werkzeug.datastructures import MultiDict

from app.auth.forms import UserInput, parse_user_form
from app.auth.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from app.models import AccountRole

PASSWORD = "correct horse battery staple"

# --- hashing ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stored_hash() -> str:
    return hash_password(PASSWORD)


def test_hash_is_argon2id_and_salted(stored_hash: str) -> None:
    assert stored_hash.startswith("$argon2id$")
    assert PASSWORD not in stored_hash
    assert hash_password(PASSWORD) != stored_hash  # a fresh salt every time


def test_round_trip(stored_hash: str) -> None:
    assert verify_password(stored_hash, PASSWORD) is True


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param("correct horse battery stapl", id="one-short"),
        pytest.param("Correct horse battery staple", id="case"),
        pytest.param(PASSWORD + " ", id="trailing-space"),
        pytest.param("", id="empty"),
    ],
)
def test_wrong_password(stored_hash: str, attempt: str) -> None:
    assert verify_password(stored_hash, attempt) is False


@pytest.mark.parametrize(
    "password_hash",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("not a hash", id="garbage"),
        pytest.param("$argon2id$v=19$m=65536,t=3,p=4$broken", id="truncated"),
    ],
)
def test_missing_or_broken_hash_is_false(password_hash: str | None) -> None:
    assert verify_password(password_hash, PASSWORD) is False
    # Not even the dummy password used for timing matches a missing hash.
    assert verify_password(password_hash, "not-a-real-password") is False


def test_needs_rehash(stored_hash: str) -> None:
    assert needs_rehash(stored_hash) is False
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    assert verify_password(weak, PASSWORD) is True  # old hashes keep working
    assert needs_rehash(weak) is True


def test_hashes_use_owasp_settings_and_renew_the_library_default(stored_hash: str) -> None:
    # OWASP's Argon2id setting: 19 MiB, 2 passes, 1 lane (a login peaks at 19 MiB, not 64).
    assert stored_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    library_default = PasswordHasher().hash(PASSWORD)  # m=65536,t=3,p=4
    assert verify_password(library_default, PASSWORD) is True
    assert needs_rehash(library_default) is True


# --- password_problem ---------------------------------------------------------------------------

TOO_SHORT = "Kies een wachtwoord van minstens 12 tekens."
TOO_LONG = "Kies een wachtwoord van hoogstens 1024 tekens."
SPACES = "Het wachtwoord mag niet met een spatie beginnen of eindigen."
PHRASE = "lang genoeg wachtwoord " * 50
COMMON = (
    "Dit wachtwoord staat, eventueel met cijfers of tekens ervoor of erachter, in een lijst van "
    "veelgebruikte wachtwoorden en is snel geraden. Kies een ander, bijvoorbeeld een zin van vier "
    "of meer woorden."
)
PREDICTABLE = (
    "Dit wachtwoord is te voorspelbaar: het herhaalt tekens of volgt een reeks, zoals 'aaaa', "
    "'1234' of 'qwerty'. Kies een ander, bijvoorbeeld een zin van vier of meer woorden."
)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        pytest.param("", TOO_SHORT, id="empty"),
        pytest.param("a" * 11, TOO_SHORT, id="11-chars"),
        pytest.param("bramen-taart", None, id="12-chars"),
        pytest.param(PHRASE[:1023] + "!", None, id="1024-chars"),
        pytest.param(PHRASE[:1023] + "!!", TOO_LONG, id="1025-chars"),
        pytest.param("x" * 100_000_000, TOO_LONG, id="100-MB"),
        pytest.param("lang genoeg wachtwoord", None, id="inner-spaces"),
        pytest.param(" bramen-taart", SPACES, id="leading-space"),
        pytest.param("bramen-taart ", SPACES, id="trailing-space"),
        pytest.param("bramen-taart\t", SPACES, id="trailing-tab"),
        pytest.param(" " + "a" * 10, TOO_SHORT, id="short-wins-over-space"),
        pytest.param(" " * 12, SPACES, id="only-spaces"),
        pytest.param("wachtwoord€é", None, id="unicode-12"),
        # In the common-password list, as is or with digits and signs around a listed word.
        pytest.param("qwerty123456", COMMON, id="listed"),
        pytest.param("QwertyQwerty", COMMON, id="listed-other-case"),
        pytest.param("1qaz2wsx3edc", COMMON, id="listed-keyboard-columns"),
        pytest.param("Wachtwoord2026!", COMMON, id="listed-word-with-year"),
        pytest.param("Welkom123456", COMMON, id="listed-word-with-digits"),
        pytest.param("!!amsterdam!!", COMMON, id="listed-word-with-signs"),
        pytest.param("amsterdam-oost", None, id="listed-word-inside-a-longer-one"),
        pytest.param("a" * 12, PREDICTABLE, id="one-character"),
        pytest.param("a" * 200, PREDICTABLE, id="one-character-long"),
        pytest.param("abababababab", PREDICTABLE, id="two-characters"),
        pytest.param("abcdabcdabcd", PREDICTABLE, id="four-characters-repeated"),
        pytest.param("123456789012", PREDICTABLE, id="digit-run"),
        pytest.param("987654321098", PREDICTABLE, id="digit-run-backwards"),
        pytest.param("abcdefghijkl", PREDICTABLE, id="alphabet-run"),
        pytest.param("qwertyuiopas", PREDICTABLE, id="keyboard-row"),
        pytest.param("MNOPQRS23456", PREDICTABLE, id="two-runs-one-jump"),
        pytest.param("mnopqr-234567", None, id="two-runs-two-jumps"),
        pytest.param("correct horse battery staple", None, id="passphrase"),
    ],
)
def test_password_problem(password: str, problem: str | None) -> None:
    assert (MIN_LENGTH, MAX_LENGTH) == (12, 1024)
    assert password_problem(password) == problem


def test_the_common_password_list_ships_with_the_app() -> None:
    from app.auth.passwords import COMMON_PASSWORDS, is_common

    listed = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    assert len(listed) > 19_000
    assert listed[:4] == ["123456", "123456789", "qwerty", "password"]
    assert all(entry == entry.lower() for entry in listed)  # compared lower-cased
    assert is_common("Password") and not is_common(PASSWORD)


def test_an_over_long_password_is_never_hashed() -> None:
    huge = "x" * 100_000_000
    assert verify_password(hash_password(PASSWORD), huge) is False
    with pytest.raises(ValueError, match="longer than 1024"):
        hash_password(huge)


# --- the user form ------------------------------------------------------------------------------

KNOWN = {1, 2, 3}
VALID = {
    "email": "rapporteur@knmp.nl",
    "name": "Rapporteur KNMP",
    "role": "partij_rapporteur",
    "password": "lang genoeg wachtwoord",
    "partij": "1",
}
EMAIL_ERROR = "Vul een geldig e-mailadres in, zoals naam@organisatie.nl."
NAME_ERROR = "Vul een naam in van hoogstens 120 tekens."
RAPPORTEUR_ERROR = "Een partij-rapporteur rapporteert voor minstens één partij: kies er een."


def user_form(
    changes: dict[str, str | list[str]] | None = None, *, new: bool = True
) -> tuple[UserInput, dict[str, str]]:
    fields: dict[str, str | list[str]] = {**VALID, **(changes or {})}
    pairs = [
        (key, item)
        for key, value in fields.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return parse_user_form(MultiDict(pairs), known_partij_ids=KNOWN, new=new)


def test_valid_new_user() -> None:
    value, errors = user_form({"email": " rapporteur@knmp.nl ", "name": " Rapporteur KNMP "})
    assert errors == {}
    assert value == UserInput(
        email="rapporteur@knmp.nl",
        name="Rapporteur KNMP",
        role=AccountRole.PARTIJ_RAPPORTEUR,
        partij_ids=frozenset({1}),
        password="lang genoeg wachtwoord",
        active=True,
    )


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param({"email": ""}, {"email": EMAIL_ERROR}, id="email-missing"),
        pytest.param({"email": "rapporteur"}, {"email": EMAIL_ERROR}, id="email-no-at"),
        pytest.param({"email": "rapporteur@knmp"}, {"email": EMAIL_ERROR}, id="email-no-dot"),
        pytest.param({"email": "@knmp.nl"}, {"email": EMAIL_ERROR}, id="email-no-local-part"),
        pytest.param({"email": "rap porteur@knmp.nl"}, {"email": EMAIL_ERROR}, id="email-space"),
        pytest.param({"email": "a@b@knmp.nl"}, {"email": EMAIL_ERROR}, id="email-two-ats"),
        pytest.param(
            {"email": "a" * 247 + "@knmp.nl"}, {"email": EMAIL_ERROR}, id="email-255-chars"
        ),
        pytest.param({"name": ""}, {"name": NAME_ERROR}, id="name-missing"),
        pytest.param({"name": "   "}, {"name": NAME_ERROR}, id="name-blank"),
        pytest.param({"name": "n" * 121}, {"name": NAME_ERROR}, id="name-121-chars"),
        pytest.param({"role": ""}, {"role": "Kies een rol."}, id="role-missing"),
        pytest.param({"role": "beheerder"}, {"role": "Kies een rol."}, id="role-unknown"),
        pytest.param({"role": "Lezer"}, {"role": "Kies een rol."}, id="role-wrong-case"),
        pytest.param(
            {"partij": "99"},
            {"partij": "Onbekende partij '99'. Kies een partij uit de lijst."},
            id="partij-unknown-id",
        ),
        pytest.param(
            {"partij": "KNMP"},
            {"partij": "Onbekende partij 'KNMP'. Kies een partij uit de lijst."},
            id="partij-not-a-number",
        ),
        pytest.param(
            {"partij": "-1"},
            {"partij": "Onbekende partij '-1'. Kies een partij uit de lijst."},
            id="partij-negative",
        ),
        pytest.param(
            {"partij": ["1", "99"]},
            {"partij": "Onbekende partij '99'. Kies een partij uit de lijst."},
            id="partij-one-of-two-unknown",
        ),
        pytest.param({"partij": []}, {"partij": RAPPORTEUR_ERROR}, id="rapporteur-no-partij"),
        pytest.param({"password": ""}, {"password": TOO_SHORT}, id="new-user-no-password"),
        pytest.param({"password": "a" * 11}, {"password": TOO_SHORT}, id="new-user-short"),
        pytest.param({"password": "a" * 12}, {"password": PREDICTABLE}, id="new-user-aaaa"),
        pytest.param({"password": "x" * 1025}, {"password": TOO_LONG}, id="new-user-too-long"),
        pytest.param(
            {"password": " lang genoeg wachtwoord"}, {"password": SPACES}, id="new-user-space"
        ),
    ],
)
def test_user_form_errors(changes: dict[str, str | list[str]], errors: dict[str, str]) -> None:
    _, found = user_form(changes)
    assert found == errors


def test_unknown_role_is_shown_as_lezer() -> None:
    value, errors = user_form({"role": "beheerder"})
    assert value.role is AccountRole.LEZER
    assert errors == {"role": "Kies een rol."}


@pytest.mark.parametrize(
    "role", [AccountRole.SECRETARIAAT, AccountRole.LEZER], ids=lambda r: r.value
)
def test_other_roles_need_no_partij(role: AccountRole) -> None:
    value, errors = user_form({"role": role.value, "partij": []})
    assert errors == {}
    assert value.role is role
    assert value.partij_ids == frozenset()


def test_several_partijen() -> None:
    value, errors = user_form({"partij": ["3", "1", "3"]})
    assert errors == {}
    assert value.partij_ids == frozenset({1, 3})


def test_email_of_254_chars_is_accepted() -> None:
    email = "a" * 246 + "@knmp.nl"
    assert len(email) == 254
    assert user_form({"email": email})[1] == {}


@pytest.mark.parametrize(
    ("password", "errors"),
    [
        pytest.param("", {}, id="empty-keeps-current"),
        pytest.param("nieuw lang wachtwoord", {}, id="new-valid"),
        pytest.param("kort", {"password": TOO_SHORT}, id="new-short"),
        pytest.param("   ", {"password": TOO_SHORT}, id="only-spaces"),
        pytest.param("nieuw lang wachtwoord ", {"password": SPACES}, id="new-trailing-space"),
    ],
)
def test_editing_a_user_password(password: str, errors: dict[str, str]) -> None:
    value, found = user_form({"password": password}, new=False)
    assert found == errors
    assert value.password == password  # not stripped: spaces are refused, never silently removed


@pytest.mark.parametrize(
    ("active", "new", "expected"),
    [
        pytest.param("on", False, True, id="edit-ticked"),
        pytest.param("", False, False, id="edit-unticked"),
        pytest.param(None, False, False, id="edit-absent"),
        pytest.param(None, True, True, id="new-always-active"),
        pytest.param("", True, True, id="new-unticked-still-active"),
    ],
)
def test_active(active: str | None, new: bool, expected: bool) -> None:
    changes: dict[str, str | list[str]] = {} if active is None else {"active": active}
    value, errors = user_form(changes, new=new)
    assert errors == {}
    assert value.active is expected


def test_everything_wrong_at_once() -> None:
    value, errors = user_form(
        {"email": "x", "name": "", "role": "baas", "partij": "7", "password": "kort"}
    )
    assert set(errors) == {"email", "name", "role", "partij", "password"}
    assert value.email == "x"  # the form shows what was typed
    assert value.partij_ids == frozenset()


def test_partij_value_that_is_a_digit_but_no_number() -> None:
    _, errors = user_form({"partij": "²"})
    assert errors == {"partij": "Onbekende partij '²'. Kies een partij uit de lijst."}
