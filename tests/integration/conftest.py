"""Integration tests log in through the real form, often; Argon2 at production cost takes about
half a second per hash and per check, so here it runs with cheap parameters. The parameters
themselves are tested in tests/unit/test_passwords.py."""

import pytest


@pytest.fixture(autouse=True)
def _cheap_password_hashing(fast_hashing: None) -> None:
    pass
