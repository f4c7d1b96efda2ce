"""Who is using the dashboard, and may they do this? A small helper for the pages.

Viewers need no sign-in. Everyone else signs in either
- with a local account (the embedded default; `python -m dashboard.users add NAME --role ROLE`)
  through `sign_in_form`, kept in st.session_state; or
- through OpenID Connect (`st.login`) when `.streamlit/secrets.toml` has an [auth] section with
  a provider; the account's role is then looked up by e-mail in the same users table (add it with
  `python -m dashboard.users add EMAIL --role ROLE --oidc`); unknown identities are viewers.
The role is re-read from the database on every rerun, so disabling an account takes effect at
once. A local sign-in survives a page refresh for M_E_SESSION_HOURS through a signed token in
the page address (`?session=`, dashboard/session_token.py); signing out, disabling the account
or changing its password ends it (the account's session version moves on).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from core import config
from core.i18n import N_, NP_, _, pgettext
from dashboard import session_token
from dashboard.plain_text import md
from store.submissions import Store
from store.users import Action, User, can, role_label

__all__ = [
    "User", "can", "current_user", "keep_session", "oidc_provider", "require", "role_label",
    "sign_in_form", "sign_out",
]  # fmt: skip
_SESSION_KEY = "auth_user"
_TOKEN_KEY = "auth_token"  # session_state: the signed token of this sign-in
QUERY_KEY = "session"  # the token's name in the page address (survives a refresh)
SIGN_IN_FAILED = N_(
    "Wrong user name or password, or the account is disabled or locked after too many failed "
    "sign-ins (ask an admin, or wait and try again)."
)  # translated where shown
# What a page says a user may not do (require()), per action.
ACTION_WORDS: dict[str, str] = {
    "upload": NP_("action", "upload"),
    "approve": NP_("action", "approve"),
    "reject": NP_("action", "reject"),
    "revert": NP_("action", "revert"),
    "withdraw": NP_("action", "withdraw"),
    "view_pending": NP_("action", "view pending submissions"),
    "edit_settings": NP_("action", "edit settings"),
    "manage_users": NP_("action", "manage users"),
}


def _action_words(action: str) -> str:
    word = ACTION_WORDS.get(action)
    return pgettext("action", word) if word else action.replace("_", " ")


@dataclass(frozen=True)
class Oidc:
    """An OpenID Connect set-up from secrets.toml; provider None = the unnamed [auth] one."""

    provider: str | None


def oidc_from_secrets(auth: Mapping[str, Any] | None) -> Oidc | None:
    """The OIDC set-up described by an [auth] secrets section, or None if it has none."""
    if not auth or "redirect_uri" not in auth:
        return None
    if "client_id" in auth:
        return Oidc(provider=None)
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    return Oidc(provider=sorted(named)[0]) if named else None


def oidc_provider() -> Oidc | None:
    """The OIDC set-up of this deployment (None: local accounts)."""
    if not st.secrets.load_if_toml_exists():
        return None
    auth = st.secrets.get("auth")
    return oidc_from_secrets(auth if isinstance(auth, Mapping) else None)


def current_user(store: Store) -> User | None:
    """The signed-in, enabled user with their current role; None for an anonymous viewer."""
    if oidc_provider() is not None:
        if not st.user.get("is_logged_in"):
            return None
        identity = str(st.user.get("email") or st.user.get("sub") or "")
        if not identity:
            return None
        return store.get_user(identity) or User(identity, "viewer")
    name = st.session_state.get(_SESSION_KEY) or _from_address(store)
    if not name:
        return None
    user = store.get_user(str(name))
    token = st.session_state.get(_TOKEN_KEY)
    claims = session_token.read(token, _key()) if token else None
    if user is None or (
        token and (claims is None or store.session_version(user.name) != claims[1])
    ):
        _forget()  # disabled, signed out elsewhere, or the token expired
        return None
    keep_session()
    return user


def _key() -> bytes:
    configured = None
    if st.secrets.load_if_toml_exists():
        value = st.secrets.get("session_secret")
        configured = str(value) if value else None
    return session_token.secret_key(configured)


def _from_address(store: Store) -> str | None:
    """The user of a valid token in the page address (after a refresh), else None."""
    token = st.query_params.get(QUERY_KEY)
    if not token:
        return None
    claims = session_token.read(token, _key())
    if claims is None or store.session_version(claims[0]) != claims[1]:
        st.query_params.pop(QUERY_KEY, None)
        return None
    st.session_state[_SESSION_KEY], st.session_state[_TOKEN_KEY] = claims[0], token
    return claims[0]


def keep_session() -> None:
    """Put this session's sign-in token back in the page address (a page switch drops it)."""
    token = st.session_state.get(_TOKEN_KEY)
    if token and st.query_params.get(QUERY_KEY) != token:
        st.query_params[QUERY_KEY] = token


def _forget() -> None:
    for k in (_SESSION_KEY, _TOKEN_KEY):
        st.session_state.pop(k, None)
    st.query_params.pop(QUERY_KEY, None)


def sign_in_form(store: Store, key: str = "sign_in") -> User | None:
    """Sign-in UI (local form or OIDC button); returns the user once signed in."""
    user = current_user(store)
    if user is not None:
        return user
    oidc = oidc_provider()
    if oidc is not None:
        if st.button(_("Sign in"), key=f"{key}_oidc"):
            if oidc.provider is None:
                st.login()
            else:
                st.login(oidc.provider)
        return None
    with st.form(key):
        name = st.text_input(_("User name"))
        password = st.text_input(_("Password"), type="password")
        submitted = st.form_submit_button(_("Sign in"))
    if submitted:
        user = store.verify(name.strip(), password)
        if user is None:
            # Same message either way: do not reveal which accounts exist or are locked.
            st.error(_(SIGN_IN_FAILED))
            return None
        st.session_state[_SESSION_KEY] = user.name
        hours = config.settings().session_hours
        version = store.session_version(user.name)
        if hours > 0 and version is not None:
            st.session_state[_TOKEN_KEY] = session_token.issue(user.name, version, hours, _key())
            keep_session()
        return user
    return None


def sign_out(store: Store | None = None) -> None:
    """End the session's sign-in (local or OIDC); with `store`, every token of the account too."""
    name = st.session_state.get(_SESSION_KEY)
    if store is not None and name and st.session_state.get(_TOKEN_KEY):
        store.end_sessions(str(name), by=str(name))
    _forget()
    if oidc_provider() is not None and st.user.get("is_logged_in"):
        st.logout()


def require(store: Store, action: Action) -> User | None:
    """The current user if they may do `action`; otherwise a sign-in prompt and st.stop()."""
    user = current_user(store)
    if user is None and not can(None, action):
        st.info(_("Sign in to {action}.").format(action=_action_words(action)))
        user = sign_in_form(store)
        if user is None:
            st.stop()
    if can(user, action):
        return user
    what = _action_words(action)
    st.warning(
        _("{name} ({role}) may not {action}: ask an admin for another role.").format(
            name=md(user.name), role=role_label(user), action=what
        )
        if user
        else _("Viewers may not {action}: ask an admin for another role.").format(action=what)
    )
    st.stop()
    return None  # not reached: st.stop() raises
