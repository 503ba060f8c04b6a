"""Password hashing with Argon2id (the first choice of the OWASP password storage guidance), and
which new passwords are acceptable.

`common-passwords.txt` beside this module is the list of 19,640 common passwords (lower-cased,
deduplicated) that Django ships as django/contrib/auth/common-passwords.txt.gz (BSD licence), made
by Royce Williams from leaked-password frequency data. It is read from disk: no network needed.
"""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
# Hashing costs time and memory per character; a longer "password" is a denial-of-service attempt.
MAX_LENGTH = 1024
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")
# Keyboard and alphabet runs: a password that only walks along these is no secret.
_SEQUENCES = (
    "01234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
_STEPS = frozenset(
    pair
    for sequence in _SEQUENCES
    for a, b in zip(sequence, sequence[1:], strict=False)
    for pair in ((a, b), (b, a))
)

# OWASP's first Argon2id setting (19 MiB, 2 passes, 1 lane); argon2-cffi's default (RFC 9106's
# low-memory one) takes 64 MiB for every login, which each web worker then holds as its peak.
# Hashes made with other settings still verify and are renewed at the next login (needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    if len(password) > MAX_LENGTH:
        raise ValueError(f"password longer than {MAX_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches; with no hash it still spends the time of one check."""
    if len(password) > MAX_LENGTH:
        return False  # no password is that long, so it is wrong without hashing megabytes
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, in Dutch; None if it is."""
    if len(password) < MIN_LENGTH:
        return f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Kies een wachtwoord van hoogstens {MAX_LENGTH} tekens."
    if password.strip() != password:
        return "Het wachtwoord mag niet met een spatie beginnen of eindigen."
    if is_common(password):
        return (
            "Dit wachtwoord staat, eventueel met cijfers of tekens ervoor of erachter, in een "
            "lijst van veelgebruikte wachtwoorden en is snel geraden. Kies een ander, "
            "bijvoorbeeld een zin van vier of meer woorden."
        )
    if is_predictable(password):
        return (
            "Dit wachtwoord is te voorspelbaar: het herhaalt tekens of volgt een reeks, zoals "
            "'aaaa', '1234' of 'qwerty'. Kies een ander, bijvoorbeeld een zin van vier of meer "
            "woorden."
        )
    return None


def is_common(password: str) -> bool:
    """In the common-password list, as is or with digits and symbols stripped from its ends."""
    lowered = password.lower()
    # "Wachtwoord2026!" is "wachtwoord" with a year and a sign: guessers try those first.
    core = lowered.strip("0123456789!@#$%^&*()-_=+.,;:?/\\|'\"`~[]{}<> ")
    return lowered in _common_passwords() or (len(core) >= 4 and core in _common_passwords())


def is_predictable(password: str) -> bool:
    """Few different characters, or (but for one jump) a walk along the alphabet or keyboard."""
    lowered = password.lower()
    if len(set(lowered)) < 5:  # "aaaaaaaaaaaa", "abababababab", "123123123123"
        return True
    jumps = sum(
        1 for a, b in zip(lowered, lowered[1:], strict=False) if a != b and (a, b) not in _STEPS
    )
    return jumps <= 1  # "123456789012", "abcdefghijkl", "qwerty123456"


@cache
def _dummy_hash() -> str:
    """Verified when the e-mail address is unknown, so a wrong address costs as long as a wrong
    password; made at the first such login, not when a worker starts."""
    return _hasher.hash("not-a-real-password")


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines())
