"""Which hosts the connectivity probe tries: the ones this run would actually fetch from.

The probe (etl/pipeline/acquire.py `network_reachable`) decides whether a run goes offline.
Probing a fixed host made a run pointed at a mirror (the documented M_E_*_URL overrides) report
"offline" and download nothing while the mirror was up; so the hosts of every override come
first, then the default host for the sources left at their published address.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from core.config import ENDPOINT_SETTINGS

DEFAULT_HOSTS: tuple[tuple[str, int], ...] = (("api.worldbank.org", 443),)


def host_of(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL; None for anything else (e.g. a database URL)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a malformed port: let the download report it
        return None
    return parts.hostname, port


def probe_hosts(environ: Mapping[str, str] | None = None) -> tuple[tuple[str, int], ...]:
    """Hosts of the endpoint overrides that are set, then the default host (no repeats)."""
    env = os.environ if environ is None else environ
    hosts: list[tuple[str, int]] = []
    for setting in ENDPOINT_SETTINGS:
        found = host_of(env.get(setting.env, ""))
        if found and found not in hosts:
            hosts.append(found)
    hosts += [h for h in DEFAULT_HOSTS if h not in hosts]
    return tuple(hosts)
