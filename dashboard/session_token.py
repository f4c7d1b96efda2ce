"""Signed, expiring sign-in tokens, so that a page refresh keeps a local-account sign-in.

A token is `<payload>.<mac>`: payload = URL-safe base64 of JSON [name, session_version, expiry
(Unix seconds)], mac = HMAC-SHA256 of the payload with the deployment's key (M_E_SESSION_SECRET,
or a random key per server process when unset). The session version is the account's counter
in the store: sign-out, disabling the account or a new password raise it, which ends every
token issued before. No streamlit here (dashboard/auth.py keeps the token in the page address).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time

# Used when M_E_SESSION_SECRET is unset: tokens then survive refreshes but not a restart.
_PROCESS_KEY = secrets.token_bytes(32)


def secret_key(configured: str | None = None) -> bytes:
    """The signing key: `configured` (st.secrets), else M_E_SESSION_SECRET, else per process."""
    text = configured or os.environ.get("M_E_SESSION_SECRET", "")
    return text.encode("utf-8") if text else _PROCESS_KEY


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def issue(name: str, version: int, hours: float, key: bytes, *, at: float | None = None) -> str:
    """A token for `name` at session `version`, valid for `hours`."""
    expires = int((time.time() if at is None else at) + hours * 3600)
    raw = json.dumps([name, version, expires], separators=(",", ":")).encode("utf-8")
    payload = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return f"{payload}.{_mac(key, payload)}"


def read(token: str, key: bytes, *, at: float | None = None) -> tuple[str, int] | None:
    """(name, session version) of a valid, unexpired token signed with `key`; else None."""
    payload, _, mac = token.partition(".")
    expected = _mac(key, payload).encode("ascii")
    if not payload or not hmac.compare_digest(mac.encode("utf-8"), expected):
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        name, version, expires = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        return None
    now = time.time() if at is None else at
    if not isinstance(name, str) or not isinstance(version, int) or not isinstance(expires, int):
        return None
    return (name, version) if now < expires else None
