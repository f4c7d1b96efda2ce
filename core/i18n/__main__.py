"""`python -m core.i18n update`: re-extract the marked messages into the fr/es catalogs."""

from __future__ import annotations

import sys

from core.i18n.catalogs import po_path, update


def main(argv: list[str] | None = None) -> int:
    """Run the catalog command; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["update"]:
        print("usage: python -m core.i18n update", file=sys.stderr)
        return 2
    for lang, (added, dropped) in update().items():
        print(f"{po_path(lang)}: {added} new message(s), {dropped} dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
