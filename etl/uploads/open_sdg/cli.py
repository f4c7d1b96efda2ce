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
from core.i18n import current_language, translator
from etl.io import atomic_path
from etl.uploads.open_sdg.breakdowns import ColumnProposal, how_word
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
    line = translator().gettext(
        "using the mapping confirmed by {name} on {date} (pattern {pattern}, id {id})"
    )
    print(
        "  "
        + line.format(
            name=saved.saved_by,
            date=f"{saved.saved_at:%Y-%m-%d}",
            pattern=repr(saved.mapping.file_pattern),
            id=saved.id,
        )
    )
    return saved.mapping


def _load(args: argparse.Namespace) -> FileMapping | None:
    """The mapping given with --mapping, else a stored one; MappingFileError when unusable."""
    if args.mapping is not None:
        path: Path = args.mapping
        if not path.is_file():
            raise MappingFileError(
                translator().gettext("{path}: no such mapping file").format(path=path)
            )
        mapping = parse_mapping(path.read_text(encoding="utf-8"), str(path))
        args.confirmed_mapping = mapping
        return mapping
    return _stored(args, args.indicator or indicator_id(args.file.name))


def preview_lines(columns: list[ColumnProposal], lang: str | None = None) -> list[str]:
    """One line per breakdown column and label: the §5 column or code, and how it was found
    (the words of the Upload page's preview: `how_word`), in `lang` (None: the one in use)."""
    t = translator(lang)
    lines = []
    for col in columns:
        how = how_word(col.how, t.lang)
        if col.suggestion:
            how = t.gettext("{how}; looks like {suggestion}, not applied").format(
                how=how, suggestion=col.suggestion
            )
        lines.append(
            t.gettext("column {header} -> {role} ({how})").format(
                header=repr(col.header), role=col.role or t.gettext("(not placed)"), how=how
            )
        )
        for lab in col.labels:
            how = how_word(lab.how, t.lang)
            if lab.suggestion:
                how = t.gettext("{how}; closest {suggestion}, not applied").format(
                    how=how, suggestion=lab.suggestion
                )
            line = t.ngettext(
                "{label} -> {code} ({how}), {n} row",
                "{label} -> {code} ({how}), {n} rows",
                len(lab.rows),
            )
            code = lab.code or t.gettext("(left out)")
            lines.append(
                "  " + line.format(label=repr(lab.label), code=code, how=how, n=len(lab.rows))
            )
    return lines


def print_preview(columns: list[ColumnProposal]) -> None:
    """The preview lines (`preview_lines`) in the command's --lang."""
    for line in preview_lines(columns):
        print("  " + line)


def convert(args: argparse.Namespace, data: bytes) -> OpenSdgConversion | None:
    """Convert the file as asked, print the preview and notes; None (printed why) if it cannot."""
    t = translator()  # the command's --lang (etl/__main__.py)
    args.confirmed_mapping = None
    try:
        mapping = _load(args)
        conv = convert_open_sdg(
            data,
            args.file.name,
            ref_area=args.open_sdg.upper(),
            indicator=args.indicator,
            mapping=mapping,
            lang=current_language(),  # the notes and refusals in the command's --lang
        )
    except (UploadError, MappingFileError) as exc:
        print(t.gettext("REJECTED: {reason}").format(reason=exc))
        return None
    print_preview(conv.columns)
    for note in conv.notes:
        print("  " + t.gettext("note: {note}").format(note=note))
    if args.export_mapping is not None and conv.mapping is not None:
        with atomic_path(args.export_mapping) as tmp:
            tmp.write_text(conv.mapping.to_json() + "\n", encoding="utf-8")
        written = t.gettext("mapping written to {path}: check it, then pass it to --mapping")
        print("  " + written.format(path=args.export_mapping))
    return conv
