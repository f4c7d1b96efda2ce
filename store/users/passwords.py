"""Password hashing for local accounts: salted scrypt, re-hashed when the parameters change."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# hashlib.scrypt parameters (RFC 7914) as the OWASP Password Storage Cheat Sheet recommends:
# N=2**17, r=8, p=1 needs 128 MiB and ~0.4 s per hash. Stored with each hash; older hashes are
# re-hashed with these at the next successful sign-in (needs_rehash).
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
_MAXMEM = 256 * 1024 * 1024  # above 128 * N * r = 128 MiB (hashlib's default limit is too tight)
MIN_PASSWORD_LENGTH = 10
NO_PASSWORD = "!"  # hash of accounts that sign in only through OpenID Connect


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_MAXMEM
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    """Salted scrypt hash as `scrypt$N$r$p$salt$hash` (base64); ValueError if too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password too short: use at least {MIN_PASSWORD_LENGTH} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


# Compared against when the user does not exist, so that a wrong name costs as much time as a
# wrong password (no user enumeration by timing).
_DUMMY_HASH = (
    f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(b'0' * SALT_BYTES)}${_b64(b'0' * SCRYPT_DKLEN)}"
)


def needs_rehash(stored: str) -> bool:
    """Whether a stored scrypt hash uses other parameters than the current ones."""
    parts = stored.split("$")
    current = [str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P)]
    return len(parts) == 6 and parts[0] == "scrypt" and parts[1:4] != current


def check_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches the stored hash (constant-time compare; False if no hash)."""
    parts = (stored or _DUMMY_HASH).split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        parts = _DUMMY_HASH.split("$")
        stored = None
    n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
    salt, expected = base64.b64decode(parts[4]), base64.b64decode(parts[5])
    digest = _scrypt(password, salt, n, r, p, len(expected))
    return hmac.compare_digest(digest, expected) and stored is not None
