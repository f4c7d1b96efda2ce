"""`import-survey FILE --open-sdg ISO3 [--mapping M.json] [--export-mapping OUT.json]`: the
conversion step of the CLI, printing the proposed mapping (the preview) and every note.

The mapping used is, in order: the file given with --mapping (the officer's confirmation; stored
with the submission for the next round), else the newest stored mapping whose pattern fits the
file name and indicator, else the mapping table alone.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core import config
from etl.io import atomic_path
from etl.uploads.open_sdg.breakdowns import ColumnProposal
from etl.uploads.open_sdg.convert import OpenSdgConversion, convert_open_sdg, indicator_id
from etl.uploads.open_sdg.mapping import FileMapping, MappingFileError, parse_mapping
from etl.uploads.read import UploadError
from store.submissions import default_url


def _stored(args: argparse.Namespace, indicator: str) -> FileMapping | None:
    """The newest stored mapping for this file, when a store exists (a dry run creates none)."""
    if args.dry_run and default_url() is None and not (config.data_dir() / "app.duckdb").exists():
        return None
    from etl.uploads.open_sdg.stored import latest_mapping
    from store.submissions import open_store

    saved = latest_mapping(open_store(), args.file.name, indicator)
    if saved is None:
        return None
    print(
        f"  using the mapping confirmed by {saved.saved_by} on {saved.saved_at:%Y-%m-%d} "
        f"(pattern {saved.mapping.file_pattern!r}, id {saved.id})"
    )
    return saved.mapping


def _load(args: argparse.Namespace) -> FileMapping | None:
    """The mapping given with --mapping, else a stored one; MappingFileError when unusable."""
    if args.mapping is not None:
        path: Path = args.mapping
        if not path.is_file():
            raise MappingFileError(f"{path}: no such mapping file")
        mapping = parse_mapping(path.read_text(encoding="utf-8"), str(path))
        args.confirmed_mapping = mapping
        return mapping
    return _stored(args, args.indicator or indicator_id(args.file.name))


def print_preview(columns: list[ColumnProposal]) -> None:
    """One line per breakdown column and label: the §5 column or code, and how it was found."""
    for col in columns:
        role = col.role or "(not placed)"
        sug = f"; looks like {col.suggestion}, not applied" if col.suggestion else ""
        print(f"  column {col.header!r} -> {role} ({col.how}{sug})")
        for lab in col.labels:
            code = lab.code or "(left out)"
            extra = f"; closest {lab.suggestion}, not applied" if lab.suggestion else ""
            print(f"    {lab.label!r} -> {code} ({lab.how}{extra}), {len(lab.rows)} row(s)")


def convert(args: argparse.Namespace, data: bytes) -> OpenSdgConversion | None:
    """Convert the file as asked, print the preview and notes; None (printed why) if it cannot."""
    args.confirmed_mapping = None
    try:
        mapping = _load(args)
        conv = convert_open_sdg(
            data,
            args.file.name,
            ref_area=args.open_sdg.upper(),
            indicator=args.indicator,
            mapping=mapping,
        )
    except (UploadError, MappingFileError) as exc:
        print(f"REJECTED: {exc}")
        return None
    print_preview(conv.columns)
    for note in conv.notes:
        print(f"  note: {note}")
    if args.export_mapping is not None and conv.mapping is not None:
        with atomic_path(args.export_mapping) as tmp:
            tmp.write_text(conv.mapping.to_json() + "\n", encoding="utf-8")
        print(f"  mapping written to {args.export_mapping}: check it, then pass it to --mapping")
    return conv
