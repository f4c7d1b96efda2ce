"""Local accounts in the store's `users` table: add, sign in (with lockout), change, list."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl

from core import config
from core.i18n import _
from store.audit import audit
from store.backends import Backend, StoreError, now
from store.users import passwords
from store.users.passwords import NO_PASSWORD, check_password, hash_password, needs_rehash
from store.users.roles import User, check_name, check_role, parse_countries

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
                audit(
                    tx,
                    name,
                    "user.rehash",
                    None,
                    name,
                    None,
                    None,
                    f"scrypt N={passwords.SCRYPT_N}",
                )

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
