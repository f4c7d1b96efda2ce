"""Roles, permissions and password hashing for the store's local accounts (no streamlit here).

Roles are cumulative: each one may do everything the one before it may do.
- viewer: no sign-in; sees approved data only.
- contributor: uploads files (as draft or submitted) and withdraws their own submissions.
- approver: approves, rejects (with a reason) and reverts approved submissions; edits the
  national settings (home country, national targets, milestones).
- admin: manages users.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from store.backends import Backend, StoreError, audit, now

Role = Literal["viewer", "contributor", "approver", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "contributor", "approver", "admin")

Action = Literal[
    "view", "view_pending", "upload", "withdraw", "approve", "reject", "revert", "edit_settings",
    "manage_users",
]  # fmt: skip
# The first role that may do each action; every later role in ROLES may do it too.
_FIRST_ROLE: dict[Action, Role] = {
    "view": "viewer",
    "view_pending": "contributor",
    "upload": "contributor",
    "withdraw": "contributor",
    "approve": "approver",
    "reject": "approver",
    "revert": "approver",
    "edit_settings": "approver",
    "manage_users": "admin",
}
ACTIONS: tuple[Action, ...] = tuple(_FIRST_ROLE)

# hashlib.scrypt parameters (RFC 7914). N=2**15, r=8 needs 32 MiB and ~0.1 s per hash: slow
# enough to make guessing expensive, fast enough for a sign-in. Stored with each hash so they can
# be raised later without invalidating existing passwords.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
_MAXMEM = 64 * 1024 * 1024  # above 128 * N * r = 32 MiB (hashlib's default limit is too tight)
MIN_PASSWORD_LENGTH = 10
NO_PASSWORD = "!"  # hash of accounts that sign in only through OpenID Connect
_NAME = re.compile(r"^[A-Za-z0-9._@+-]{1,200}$")


@dataclass(frozen=True)
class User:
    """A signed-in (or anonymous) person and their role."""

    name: str
    role: Role


ANONYMOUS = User(name="anonymous", role="viewer")


def can(user: User | None, action: Action) -> bool:
    """Whether `user` (None = not signed in = viewer) may do `action`."""
    role: Role = user.role if user is not None else "viewer"
    return ROLES.index(role) >= ROLES.index(_FIRST_ROLE[action])


def check_role(role: str) -> Role:
    """`role` as a Role, or ValueError naming the allowed roles."""
    for r in ROLES:
        if r == role:
            return r
    raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def check_name(name: str) -> str:
    """`name` if it is a valid account name (letters, digits, . _ @ + -), else ValueError."""
    if not _NAME.match(name):
        raise ValueError(
            f"invalid user name {name!r}: use 1-200 letters, digits or . _ @ + - (no spaces)"
        )
    return name


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


USER_SCHEMA: dict[str, pl.DataType] = {
    "name": pl.String(),
    "role": pl.String(),
    "disabled": pl.Boolean(),
    "created_at": pl.Datetime("us"),
    "sign_in": pl.String(),
}


class Accounts:
    """Local accounts in the store's `users` table (mixed into Store)."""

    backend: Backend

    def add_user(self, name: str, role: str, password: str | None, *, by: str = "cli") -> User:
        """Create an account; password None = signs in only through OpenID Connect."""
        user = User(check_name(name), check_role(role))
        hashed = hash_password(password) if password is not None else NO_PASSWORD
        with self.backend.transaction() as tx:
            if tx.one("SELECT 1 FROM users WHERE name = ?", (name,)) is not None:
                raise StoreError(f"user {name!r} already exists: use set-role or choose another")
            tx.execute(
                "INSERT INTO users (name, role, password_hash, disabled, created_at) "
                "VALUES (?, ?, ?, FALSE, ?)",
                (name, user.role, hashed, now()),
            )
            audit(tx, by, "user.add", None, name, None, None, f"role {user.role}")
        return user

    def verify(self, name: str, password: str) -> User | None:
        """The enabled user if `password` is theirs, else None (same cost either way)."""
        with self.backend.transaction() as tx:
            got = tx.one("SELECT role, password_hash, disabled FROM users WHERE name = ?", (name,))
        stored = str(got[1]) if got is not None and not got[2] else None
        if check_password(password, stored) and got is not None:
            return User(name, check_role(str(got[0])))
        return None

    def get_user(self, name: str) -> User | None:
        """An enabled account by name (for OpenID Connect sign-ins), else None."""
        with self.backend.transaction() as tx:
            got = tx.one("SELECT role FROM users WHERE name = ? AND NOT disabled", (name,))
        return User(name, check_role(str(got[0]))) if got is not None else None

    def users(self) -> pl.DataFrame:
        """Accounts (never their hashes), by name; sign_in is 'password' or 'oidc'."""
        with self.backend.transaction() as tx:
            return tx.frame(
                "SELECT name, role, disabled, created_at, CASE WHEN password_hash = ? "
                "THEN 'oidc' ELSE 'password' END FROM users ORDER BY name",
                (NO_PASSWORD,),
                USER_SCHEMA,
            )

    def set_role(self, name: str, role: str, *, by: str = "cli") -> None:
        """Change an account's role."""
        checked = check_role(role)
        self._update_user(name, "role = ?", (checked,), by, "user.set_role", f"role {checked}")

    def set_disabled(self, name: str, disabled: bool = True, *, by: str = "cli") -> None:
        """Disable (or re-enable) an account; it is kept for the audit log."""
        action = "user.disable" if disabled else "user.enable"
        self._update_user(name, "disabled = ?", (disabled,), by, action, "")

    def set_password(self, name: str, password: str | None, *, by: str = "cli") -> None:
        """Replace an account's password (None: OpenID Connect only)."""
        hashed = hash_password(password) if password is not None else NO_PASSWORD
        self._update_user(name, "password_hash = ?", (hashed,), by, "user.set_password", "")

    def _update_user(
        self, name: str, assign: str, params: tuple[Any, ...], by: str, action: str, reason: str
    ) -> None:
        with self.backend.transaction() as tx:
            done = tx.one(
                f"UPDATE users SET {assign} WHERE name = ? RETURNING name", (*params, name)
            )
            if done is None:
                raise StoreError(
                    f"no user {name!r}: list them with `python -m dashboard.users list`"
                )
            audit(tx, by, action, None, name, None, None, reason)
