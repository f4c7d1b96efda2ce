"""Who is using the dashboard, and may they do this? A small helper for the pages.

Viewers need no sign-in. Everyone else signs in either
- with a local account (the embedded default; `python -m dashboard.users add NAME --role ROLE`)
  through `sign_in_form`, kept in st.session_state; or
- through OpenID Connect (`st.login`) when `.streamlit/secrets.toml` has an [auth] section with
  a provider; the account's role is then looked up by e-mail in the same users table (add it with
  `python -m dashboard.users add EMAIL --role ROLE --oidc`); unknown identities are viewers.
The role is re-read from the database on every rerun, so disabling an account takes effect at
once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from store.submissions import Store
from store.users import Action, User, can

__all__ = ["User", "can", "current_user", "oidc_provider", "require", "sign_in_form", "sign_out"]
_SESSION_KEY = "auth_user"


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
    name = st.session_state.get(_SESSION_KEY)
    if not name:
        return None
    user = store.get_user(str(name))
    if user is None:  # disabled or removed since sign-in
        st.session_state.pop(_SESSION_KEY, None)
    return user


def sign_in_form(store: Store, key: str = "sign_in") -> User | None:
    """Sign-in UI (local form or OIDC button); returns the user once signed in."""
    user = current_user(store)
    if user is not None:
        return user
    oidc = oidc_provider()
    if oidc is not None:
        if st.button("Sign in", key=f"{key}_oidc"):
            if oidc.provider is None:
                st.login()
            else:
                st.login(oidc.provider)
        return None
    with st.form(key):
        name = st.text_input("User name")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        user = store.verify(name.strip(), password)
        if user is None:
            # Same message either way: do not reveal which accounts exist.
            st.error("Wrong user name or password, or the account is disabled.")
            return None
        st.session_state[_SESSION_KEY] = user.name
        return user
    return None


def sign_out() -> None:
    """End the session's sign-in (local or OIDC)."""
    st.session_state.pop(_SESSION_KEY, None)
    if oidc_provider() is not None and st.user.get("is_logged_in"):
        st.logout()


def require(store: Store, action: Action) -> User | None:
    """The current user if they may do `action`; otherwise a sign-in prompt and st.stop()."""
    user = current_user(store)
    if user is None and not can(None, action):
        st.info(f"Sign in to {action.replace('_', ' ')}.")
        user = sign_in_form(store)
        if user is None:
            st.stop()
    if can(user, action):
        return user
    who = f"{user.name} ({user.role})" if user else "Viewers"
    st.warning(f"{who} may not {action.replace('_', ' ')}: ask an admin for another role.")
    st.stop()
    return None  # not reached: st.stop() raises
