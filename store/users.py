"""Roles, permissions and password hashing for the store's local accounts (no streamlit here).

Roles are cumulative: each one may do everything the one before it may do.
- viewer: no sign-in; sees approved data only.
- contributor: uploads files (as draft or submitted) and withdraws their own submissions.
- approver: approves, rejects (with a reason) and reverts approved submissions; edits the
  national settings (home country, national targets, milestones).
- admin: manages users.

A role may be limited to countries (`countries`, ISO3 codes; empty = every country): such a user
uploads, withdraws, approves, rejects and reverts submissions of those countries only, and never
does deployment-wide things (national settings, users). Four-eyes: nobody approves their own
upload unless M_E_ALLOW_SELF_APPROVAL=1 (enforced in store/submissions.py). Failed sign-ins are
audited and lock the account for M_E_LOCKOUT_MINUTES after M_E_LOCKOUT_ATTEMPTS in a row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import polars as pl

from core import config
from core.i18n import NP_, _, pgettext
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
# The roles as people read them (pages, refusals, the command line); the codes stay in the
# database, the audit log and the options.
ROLE_WORDS: dict[str, str] = {
    "viewer": NP_("role", "viewer"),
    "contributor": NP_("role", "contributor"),
    "approver": NP_("role", "approver"),
    "admin": NP_("role", "admin"),
}
# Deployment-wide actions: a user limited to some countries may never do them.
GLOBAL_ACTIONS: frozenset[Action] = frozenset({"edit_settings", "manage_users"})

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
_NAME = re.compile(r"^[A-Za-z0-9._@+-]{1,200}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class User:
    """A signed-in (or anonymous) person, their role and the countries it is limited to."""

    name: str
    role: Role
    countries: tuple[str, ...] = ()  # ISO3 codes; () = every country

    def covers(self, ref_area: str | None) -> bool:
        """Whether this user's role applies to `ref_area` (None: no particular country)."""
        return not self.countries or ref_area is None or ref_area in self.countries

    @property
    def label(self) -> str:
        """Role as shown to people: 'approver' or 'approver for KEN, SEN'."""
        return self.role + (f" for {', '.join(self.countries)}" if self.countries else "")


ANONYMOUS = User(name="anonymous", role="viewer")


def role_name(role: str) -> str:
    """A role code in the language in use ('approbateur'); an unknown code as it is."""
    word = ROLE_WORDS.get(role)
    return pgettext("role", word) if word else role


def role_label(user: User) -> str:
    """The user's role in the language in use: 'approver' or 'approver for KEN, SEN'."""
    role = role_name(user.role)
    if not user.countries:
        return role
    return _("{role} for {countries}").format(role=role, countries=", ".join(user.countries))


def can(user: User | None, action: Action, ref_area: str | None = None) -> bool:
    """Whether `user` (None = not signed in = viewer) may do `action` (for `ref_area`, if given)."""
    role: Role = user.role if user is not None else "viewer"
    if ROLES.index(role) < ROLES.index(_FIRST_ROLE[action]):
        return False
    if user is None or not user.countries:
        return True
    return action not in GLOBAL_ACTIONS and user.covers(ref_area)


def parse_countries(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """ISO3 codes from 'KEN, sen' (or a list), upper-cased, sorted; ValueError naming a bad one."""
    items = text.split(",") if isinstance(text, str) else list(text)
    out = set()
    for item in items:
        code = item.strip().upper()
        if not code:
            continue
        if not _ISO3.match(code):
            raise ValueError(f"invalid country code {item.strip()!r}: use ISO3 codes like KEN,SEN")
        out.add(code)
    return tuple(sorted(out))


def may_approve_own(owner: str, user: User | None) -> bool:
    """Four-eyes: True unless `user` uploaded it, except where M_E_ALLOW_SELF_APPROVAL=1."""
    return user is None or owner != user.name or config.settings().allow_self_approval


def four_eyes(action: str, owner: str, user: User, submission_id: int) -> str:
    """The audit action of a status change; StoreError when someone approves their own upload.

    M_E_ALLOW_SELF_APPROVAL=1 (one-person offices) allows it, audited as `approve.self`.
    """
    if action != "approve" or owner != user.name:
        return action
    if may_approve_own(owner, user):
        return "approve.self"
    raise StoreError(
        _(
            "submission {id} was uploaded by {user}: another approver must approve it (four-eyes "
            "rule). One-person offices may set M_E_ALLOW_SELF_APPROVAL=1."
        ).format(id=submission_id, user=user.name)
    )


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


USER_SCHEMA: dict[str, pl.DataType] = {
    "name": pl.String(),
    "role": pl.String(),
    "disabled": pl.Boolean(),
    "created_at": pl.Datetime("us"),
    "sign_in": pl.String(),
    "countries": pl.String(),
    "locked_until": pl.Datetime("us"),
}


def _user(name: str, role: object, countries: object) -> User:
    return User(name, check_role(str(role)), parse_countries(str(countries or "")))


def _loggable(name: str) -> str:
    """An attempted user name as the audit log keeps it: printable, at most 200 characters."""
    return "".join(c if c.isprintable() else "?" for c in name)[:200]


class Accounts:
    """Local accounts in the store's `users` table (mixed into Store)."""

    backend: Backend

    def add_user(
        self,
        name: str,
        role: str,
        password: str | None,
        *,
        by: str = "cli",
        countries: str | tuple[str, ...] = (),
    ) -> User:
        """Create an account; password None = signs in only through OpenID Connect."""
        user = User(check_name(name), check_role(role), parse_countries(countries))
        hashed = hash_password(password) if password is not None else NO_PASSWORD
        with self.backend.transaction() as tx:
            if tx.one("SELECT 1 FROM users WHERE name = ?", (name,)) is not None:
                raise StoreError(
                    _("user {name} already exists: use set-role or choose another").format(
                        name=repr(name)
                    )
                )
            tx.execute(
                "INSERT INTO users (name, role, password_hash, disabled, created_at, countries) "
                "VALUES (?, ?, ?, FALSE, ?, ?)",
                (name, user.role, hashed, now(), ",".join(user.countries)),
            )
            audit(tx, by, "user.add", None, name, None, None, f"role {user.label}")
        return user

    def verify(self, name: str, password: str) -> User | None:
        """The enabled, unlocked user if `password` is theirs, else None (same cost either way).

        A failure is audited (`user.sign_in_failed`) and counted; M_E_LOCKOUT_ATTEMPTS in a row
        lock the account for M_E_LOCKOUT_MINUTES (`user.lock`). A success resets the count and
        re-hashes a password stored with older scrypt parameters.
        """
        at = now()
        with self.backend.transaction() as tx:
            got = tx.one(
                "SELECT role, password_hash, disabled, countries, locked_until FROM users "
                "WHERE name = ?",
                (name,),
            )
        locked = got is not None and got[4] is not None and got[4] > at
        stored = str(got[1]) if got is not None and not got[2] and not locked else None
        if check_password(password, stored) and got is not None:  # always costs one hash
            self._signed_in(name, str(got[1]), password)
            return _user(name, got[0], got[3])
        self._sign_in_failed(name, got is not None, locked, at)
        return None

    def _signed_in(self, name: str, stored: str, password: str) -> None:
        with self.backend.transaction() as tx:
            tx.execute(
                "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE name = ?", (name,)
            )
            if needs_rehash(stored):
                tx.execute(
                    "UPDATE users SET password_hash = ? WHERE name = ?",
                    (hash_password(password), name),
                )
                audit(tx, name, "user.rehash", None, name, None, None, f"scrypt N={SCRYPT_N}")

    def _sign_in_failed(self, name: str, known: bool, locked: bool, at: datetime) -> None:
        s = config.settings()
        with self.backend.transaction() as tx:
            why = "account locked" if locked else "wrong password, or account disabled"
            if not known:
                why = "no such account"
            audit(tx, "anonymous", "user.sign_in_failed", None, _loggable(name), None, None, why)
            if not known or locked:
                return
            got = tx.one(
                "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE name = ? "
                "RETURNING failed_sign_ins",
                (name,),
            )
            if got is not None and s.lockout_attempts > 0 and int(got[0]) >= s.lockout_attempts:
                until = at + timedelta(minutes=s.lockout_minutes)
                tx.execute("UPDATE users SET locked_until = ? WHERE name = ?", (until, name))
                reason = f"{got[0]} failed sign-ins in a row; locked until {until:%H:%M} UTC"
                audit(tx, "anonymous", "user.lock", None, name, None, None, reason)

    def get_user(self, name: str) -> User | None:
        """An enabled account by name (for OpenID Connect sign-ins), else None."""
        with self.backend.transaction() as tx:
            got = tx.one(
                "SELECT role, countries FROM users WHERE name = ? AND NOT disabled", (name,)
            )
        return _user(name, got[0], got[1]) if got is not None else None

    def session_version(self, name: str) -> int | None:
        """The session version of an enabled account (sign-in tokens carry it), else None."""
        with self.backend.transaction() as tx:
            got = tx.one(
                "SELECT session_version FROM users WHERE name = ? AND NOT disabled", (name,)
            )
        return int(got[0]) if got is not None else None

    def end_sessions(self, name: str, *, by: str) -> None:
        """Invalidate every sign-in token of `name` (sign-out); audited as user.sign_out."""
        self._update_user(
            name, "session_version = session_version + 1", (), by, "user.sign_out", ""
        )

    def users(self) -> pl.DataFrame:
        """Accounts (never their hashes), by name; sign_in is 'password' or 'oidc'."""
        with self.backend.transaction() as tx:
            return tx.frame(
                "SELECT name, role, disabled, created_at, CASE WHEN password_hash = ? "
                "THEN 'oidc' ELSE 'password' END, countries, locked_until FROM users ORDER BY name",
                (NO_PASSWORD,),
                USER_SCHEMA,
            )

    def set_countries(
        self, name: str, countries: str | tuple[str, ...], *, by: str = "cli"
    ) -> tuple[str, ...]:
        """Limit an account's role to these ISO3 countries (empty: every country)."""
        codes = parse_countries(countries)
        text = ",".join(codes)
        reason = f"countries {text}" if text else "countries: all"
        self._update_user(name, "countries = ?", (text,), by, "user.set_countries", reason)
        return codes

    def unlock(self, name: str, *, by: str = "cli") -> None:
        """Lift a sign-in lockout now (and reset the failure count)."""
        self._update_user(
            name, "failed_sign_ins = 0, locked_until = NULL", (), by, "user.unlock", ""
        )

    def set_role(self, name: str, role: str, *, by: str = "cli") -> None:
        """Change an account's role."""
        checked = check_role(role)
        self._update_user(name, "role = ?", (checked,), by, "user.set_role", f"role {checked}")

    def set_disabled(self, name: str, disabled: bool = True, *, by: str = "cli") -> None:
        """Disable (or re-enable) an account; it is kept for the audit log."""
        action = "user.disable" if disabled else "user.enable"
        # A new session version ends the account's open sign-ins at once.
        assign = "disabled = ?, session_version = session_version + 1"
        self._update_user(name, assign, (disabled,), by, action, "")

    def set_password(self, name: str, password: str | None, *, by: str = "cli") -> None:
        """Replace an account's password (None: OpenID Connect only); ends its sign-ins."""
        hashed = hash_password(password) if password is not None else NO_PASSWORD
        assign = "password_hash = ?, failed_sign_ins = 0, locked_until = NULL, "
        assign += "session_version = session_version + 1"
        self._update_user(name, assign, (hashed,), by, "user.set_password", "")

    def _update_user(
        self, name: str, assign: str, params: tuple[Any, ...], by: str, action: str, reason: str
    ) -> None:
        with self.backend.transaction() as tx:
            done = tx.one(
                f"UPDATE users SET {assign} WHERE name = ? RETURNING name", (*params, name)
            )
            if done is None:
                raise StoreError(
                    _("no user {name}: list them with `python -m dashboard.users list`").format(
                        name=repr(name)
                    )
                )
            audit(tx, by, action, None, name, None, None, reason)
