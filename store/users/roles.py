"""Roles and permissions: who may do what, for which countries, and the role words people read.

Roles are cumulative: each one may do everything the one before it may do (the package's
docstring lists them); a role limited to countries never does deployment-wide things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from core import config
from core.i18n import NP_, _, pgettext
from store.backends import StoreError

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
