"""Module-level tables of messages translated when they are read, in the language in use.

A table like `STATUS_LABELS[status]` is built once at import (its English texts marked with
`N_` for the extractor), but is read in every request: `Messages` looks each text up in the
catalog of the current language (`core.i18n.use_language` / the per-run ContextVar) at that
moment, so callers keep indexing it as a dict and get the text of the page's or report's
language. `source(key)` gives the English message (the msgid) where a code path needs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

from core.i18n import _

K = TypeVar("K")


class Messages(Mapping[K, str]):
    """A read-only key -> message table whose values are translated on every read."""

    def __init__(self, messages: Mapping[K, str]) -> None:
        self._messages = dict(messages)

    def __getitem__(self, key: K) -> str:
        return _(self._messages[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def __repr__(self) -> str:
        return f"Messages({self._messages!r})"

    def source(self, key: K) -> str:
        """The English message of `key` (the catalog's msgid), untranslated."""
        return self._messages[key]
