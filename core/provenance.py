"""Published metadata cites the publisher, never this machine (issue 10).

A file loaded with `--raw-dir` has a `file:///...` URL in its raw sidecar (data/raw/...), which
is right there: it records where this copy came from. Everything published (data/clean
sidecars, the indicator table's `source_url`, exports, reports) instead carries the
publisher's address of the file or API. The pure rules are here; etl/publisher.py adds the
fallback to the source registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

PUBLIC_SCHEMES: tuple[str, ...] = ("https://", "http://")


def public_url(url: str | None) -> str | None:
    """`url` when it is a web address (http/https), else None (file://, paths, blanks)."""
    return url if url and url.startswith(PUBLIC_SCHEMES) else None


def published_inputs(inputs: Iterable[Mapping], fallback: str | None) -> list[dict]:
    """Input records for a published sidecar: a non-web URL becomes the publisher's address."""
    return [{**i, "url": public_url(i.get("url")) or fallback or ""} for i in inputs]


def publisher_url(
    dataset: str,
    meta: Mapping,
    registry: Callable[[str, str | None], str | None] | None = None,
) -> str | None:
    """The publisher's address of a published dataset, for `source_url`.

    Order: the sidecar's `publisher_url` (the pipeline writes it), the first input downloaded
    from the web, then `registry(dataset, source)` when given. Demo and national datasets have
    none.
    """
    if meta.get("demo") or meta.get("publisher_url") == "":
        return None
    if meta.get("publisher_url"):
        return public_url(str(meta["publisher_url"]))
    for item in meta.get("inputs") or []:
        url = public_url(item.get("url"))
        if url:
            return url
    if str(meta.get("publisher", "")).startswith("national") or registry is None:
        return None
    return registry(dataset, meta.get("source"))
