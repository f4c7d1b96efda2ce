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

from store.users.accounts import USER_SCHEMA, Accounts
from store.users.passwords import (
    MIN_PASSWORD_LENGTH,
    NO_PASSWORD,
    check_password,
    hash_password,
    needs_rehash,
)
from store.users.roles import (
    ACTIONS,
    ANONYMOUS,
    GLOBAL_ACTIONS,
    ROLE_WORDS,
    ROLES,
    Action,
    Role,
    User,
    can,
    check_name,
    check_role,
    four_eyes,
    may_approve_own,
    parse_countries,
    role_label,
    role_name,
)

__all__ = [
    "ACTIONS", "ANONYMOUS", "GLOBAL_ACTIONS", "MIN_PASSWORD_LENGTH", "NO_PASSWORD", "ROLES",
    "ROLE_WORDS", "USER_SCHEMA", "Accounts", "Action", "Role", "User", "can",
    "check_name", "check_password", "check_role", "four_eyes", "hash_password",
    "may_approve_own", "needs_rehash", "parse_countries", "role_label", "role_name",
]  # fmt: skip
