"""Breakdown columns of an Open SDG file -> §5 columns, through the mapping table and the
officer's mapping file; every left-out row is named in a note with what and why.

`propose` says, per column and label, what the import will do and how it knows (table, mapping
file, fuzzy suggestion not applied, unknown); the Upload page shows it as the preview and the
CLI prints it. `apply` does it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from core.i18n import NP_, translator
from etl.uploads.open_sdg import mapping as m
from etl.uploads.read import ROW

NOT_BREAKDOWNS = {"year", "value", "units", "obs_status", "unit_mult"}
HOW_TABLE, HOW_FILE, HOW_TOTAL, HOW_UNKNOWN = "table", "mapping file", "total", "unknown"
HOW_NEW_SERIES = "new series code from the label"
# How a role or a code was found, in words (the Upload page's "how" column, the CLI's preview).
HOW_WORDS: dict[str, str] = {
    HOW_TABLE: NP_("how found", "table"),
    HOW_FILE: NP_("how found", "mapping file"),
    HOW_TOTAL: NP_("how found", "total"),
    HOW_UNKNOWN: NP_("how found", "unknown"),
    HOW_NEW_SERIES: NP_("how found", "new series code from the label"),
}


def how_word(how: str, lang: str | None = None) -> str:
    """How a role or code was found, in `lang` (None: the language in use)."""
    word = HOW_WORDS.get(how)
    return translator(lang).pgettext("how found", word) if word else how


@dataclass
class LabelProposal:
    """One distinct label of a breakdown column: the code it gets and how that was decided."""

    label: str
    code: str | None
    how: str
    suggestion: str = ""
    rows: list[int] = field(default_factory=list)
    note: str = ""  # the table's reason when it leaves the label out on purpose
    unit: str = ""  # the unit the label itself names (series labels such as 'Total Cost USD')


@dataclass
class ColumnProposal:
    """One breakdown column: its role (§5 column) and its labels."""

    header: str
    role: str | None
    how: str
    suggestion: str = ""
    labels: list[LabelProposal] = field(default_factory=list)
    note: str = ""  # the table's note on the column (why it keeps only its totals)


def rows_text(rows: list[int], lang: str = "en") -> str:
    """'row 3' / 'rows 3, 5, 9-14': every row number of the file (header = row 1), as ranges."""
    nums = sorted(set(rows))
    parts: list[str] = []
    k = 0
    while k < len(nums):
        end = k
        while end + 1 < len(nums) and nums[end + 1] == nums[end] + 1:
            end += 1
        parts.append(str(nums[k]) if end == k else f"{nums[k]}-{nums[end]}")
        k = end + 1
    _ = translator(lang)
    shown = ", ".join(parts)
    return (_("rows {rows}") if len(nums) > 1 else _("row {rows}")).format(rows=shown)


def header_role(
    header: str, indicator: str, mapping: m.FileMapping | None
) -> tuple[str | None, str]:
    """(role, how) of a header: the mapping file first, then the table."""
    if mapping is not None and (role := mapping.role(header)):
        return role, HOW_FILE
    role = m.column_role(header, indicator)
    return (role, HOW_TABLE) if role else (None, HOW_UNKNOWN)


def _label(
    header: str, role: str | None, label: str, ind: str, mapping: m.FileMapping | None
) -> LabelProposal:
    if mapping is not None and (code := mapping.label(header, label)) is not None:
        return LabelProposal(label, code, HOW_FILE)
    if role is None or role == "total_only":
        if m.is_total(label):
            return LabelProposal(label, "_T", HOW_TOTAL)
        return LabelProposal(label, None, HOW_UNKNOWN)
    code = m.label_code(role, label, ind)
    if code is not None:
        entry = m.series_entry(label, ind) if role == "series" else None
        note = entry.note if entry and code == m.LEAVE_OUT else ""
        how = HOW_TOTAL if code == "_T" else HOW_TABLE
        return LabelProposal(label, code, how, note=note, unit=entry.unit if entry else "")
    sug = m.suggest_label(role, label, ind)
    text = f"{sug[0]} (like {sug[1]!r}, {sug[2]:.0f}%)" if sug else ""
    if role == "series":  # a series of its own: kept under a code made from its label
        return LabelProposal(label, slug(label), HOW_NEW_SERIES, text)
    return LabelProposal(label, None, HOW_UNKNOWN, text)


def propose(
    df: pl.DataFrame, indicator: str, mapping: m.FileMapping | None
) -> list[ColumnProposal]:
    """What the import does with each breakdown column and label (the preview)."""
    out: list[ColumnProposal] = []
    for header in df.columns:
        if header == ROW:
            continue
        role, how = header_role(header, indicator, mapping)
        if role in NOT_BREAKDOWNS:
            continue
        sug = ""
        if role is None and (s := m.suggest_role(header, indicator)):
            sug = f"{s[0]} (like {s[1]!r}, {s[2]:.0f}%)"
        note = m.column_note(header, indicator) if how == HOW_TABLE else ""
        col = ColumnProposal(header, role, how, sug, note=note)
        grouped = (
            df.filter(pl.col(header).is_not_null())
            .group_by(header, maintain_order=True)
            .agg(pl.col(ROW))
        )
        for label, rows in grouped.iter_rows():
            lab = _label(header, role, str(label), indicator, mapping)
            lab.rows = list(rows)
            col.labels.append(lab)
        out.append(col)
    return out


def _why(col: ColumnProposal, lab: LabelProposal, lang: str) -> str:
    """The reason one label's rows are left out, and what would keep them."""
    _ = translator(lang)
    where = _("{rows}: {column} = {label} left out").format(
        rows=rows_text(lab.rows, lang), column=col.header, label=repr(lab.label)
    )
    if lab.code == m.LEAVE_OUT:  # the mapping table's own note stays as the table writes it
        why = lab.note or _("the mapping file says to leave it out")
        return _("{where}: {message}").format(where=where, message=why)
    if lab.suggestion:
        return _(
            "{where}: no {role} code for this label (closest: {suggestion}; not applied): map "
            "it under columns[{key}].labels in the mapping file"
        ).format(where=where, role=col.role, suggestion=lab.suggestion, key=repr(col.header))
    return _(
        "{where}: no {role} code for this label: map it under columns[{key}].labels in the "
        "mapping file"
    ).format(where=where, role=col.role, key=repr(col.header))


def _unknown_column(col: ColumnProposal, drop: list[LabelProposal], lang: str) -> str:
    """One note for the non-total rows of a column the table cannot place, label by label."""
    _ = translator(lang)
    each = "; ".join(f"{lab.label!r} ({rows_text(lab.rows, lang)})" for lab in drop)
    n = sum(len(lab.rows) for lab in drop)
    if col.role == "total_only":
        why = col.note or _("the mapping keeps only the total rows of this column")
    elif col.suggestion:
        why = _(
            "the column is a breakdown the mapping table places in no column of the long "
            "format; it looks like {suggestion}, not applied"
        ).format(suggestion=col.suggestion)
    else:
        why = _(
            "the column is a breakdown the mapping table places in no column of the long format"
        )
    return _(
        "{count} row(s) broken down by '{column}' left out (its blank and total rows are "
        "kept): {why}. Left out: {labels}. To keep them, give the column a role (a column of "
        "the long format) under columns[{key}].role in the mapping file"
    ).format(count=n, column=col.header, why=why, labels=each, key=repr(col.header))


def apply(
    df: pl.DataFrame,
    cols: list[ColumnProposal],
    ref_area: str,
    notes: list[str],
    left: dict[int, str],
    lang: str = "en",
) -> tuple[pl.DataFrame, dict[str, pl.Expr]]:
    """§5 columns from the proposal; rows of unmapped labels left out, each with a note (and
    in `left`: file row -> the note that names it). Notes are in `lang`."""
    _ = translator(lang)
    exprs: dict[str, pl.Expr] = {}
    for col in cols:
        if not col.labels:
            notes.append(
                _("column '{column}' is empty and was ignored").format(
                    column=col.header or _("(blank header)")
                )
            )
            continue
        present = set(df[ROW].to_list())  # a row left out by an earlier column is named there
        drop = []
        for lab in col.labels:
            if lab.code is None or lab.code == m.LEAVE_OUT:
                lab.rows = [r for r in lab.rows if r in present]
                if lab.rows:
                    drop.append(lab)
        if col.role in (None, "total_only") and drop:
            note = _unknown_column(col, drop, lang)
            notes.append(note)
            left.update({r: note for lab in drop for r in lab.rows})
        else:
            for lab in drop:
                notes.append(_why(col, lab, lang))
                left.update({r: notes[-1] for r in lab.rows})
        if drop:
            gone = [lab.label for lab in col.labels if lab.code in (None, m.LEAVE_OUT)]
            df = df.filter(pl.col(col.header).is_null() | ~pl.col(col.header).is_in(gone))
        if col.role is None or col.role == "total_only":
            continue  # only blank / total rows remain
        codes = {lab.label: lab.code for lab in col.labels if lab not in drop}
        mapped = pl.col(col.header).replace_strict(codes, default=None, return_dtype=pl.String)
        if col.role == "series":
            exprs["series_code"] = mapped  # null (blank label): the indicator's default series
            for lab in col.labels:
                if lab.how == HOW_NEW_SERIES and lab.rows:
                    notes.append(_new_series(col, lab, lang))
            units = {lab.label: lab.unit for lab in col.labels if lab.unit}
            if units:  # the unit a label names ('Total Cost USD'): used when nothing says more
                exprs["label_unit"] = pl.col(col.header).replace_strict(
                    units, default=None, return_dtype=pl.String
                )
        elif col.role == "sending_area":
            # 10.c.1 corridor: the sending country is ref_area, the reporting country receives
            total = mapped.is_null() | (mapped == "_T")
            exprs["ref_area"] = pl.when(total).then(pl.lit(ref_area)).otherwise(mapped)
            exprs["counterpart_area"] = (
                pl.when(total).then(pl.lit("_T")).otherwise(pl.lit(ref_area))
            )
        else:
            exprs[col.role] = mapped.fill_null("_T")
            if col.role == "policy_domain":
                exprs.setdefault("sub_category", pl.lit("_T"))
    return df, exprs


def _new_series(col: ColumnProposal, lab: LabelProposal, lang: str) -> str:
    """The note on a series label the table does not know: kept under a code made from it."""
    _ = translator(lang)
    text = (
        _(
            "{rows}: {column} = {label} is not in the mapping table: kept as series {code} "
            "(closest: {suggestion}; not applied); map it under columns[{key}].labels in the "
            "mapping file to use a known code"
        )
        if lab.suggestion
        else _(
            "{rows}: {column} = {label} is not in the mapping table: kept as series {code}; map "
            "it under columns[{key}].labels in the mapping file to use a known code"
        )
    )
    return text.format(
        rows=rows_text(lab.rows, lang),
        column=col.header,
        label=repr(lab.label),
        code=lab.code,
        suggestion=lab.suggestion,
        key=repr(col.header),
    )


def ambiguous(out: pl.DataFrame, empty: list[str], lang: str = "en") -> str | None:
    """Why rows sharing one §5 key cannot be stored (None when every key is unique)."""
    key = [c for c in out.columns if c not in (ROW, "value", "unit_mult", "obs_status")]
    dup = (
        out.group_by(key, maintain_order=True)
        .agg(pl.col(ROW), pl.len().alias("n"))
        .filter(pl.col("n") > 1)
    )
    if dup.height == 0:
        return None
    _ = translator(lang)
    groups = "; ".join(
        f"{rows_text(rows, lang)} ({period})"
        for period, rows in dup.select("time_period", ROW).rows()
    )
    blank = [h or _("(blank header)") for h in empty]
    count = sum(len(r) for r in dup[ROW])
    if blank:
        return _(
            "{count} rows hold several values for one period and breakdown, and nothing in the "
            "file tells them apart (its column {columns} is empty): {groups}"
        ).format(count=count, columns=blank, groups=groups)
    return _(
        "{count} rows hold several values for one period and breakdown, and nothing in the "
        "file tells them apart: {groups}"
    ).format(count=count, groups=groups)


def as_mapping(
    cols: list[ColumnProposal], indicator: str, pattern: str, units: dict[str, str]
) -> m.FileMapping:
    """The proposal as a mapping file (what the officer confirms, exports and stores)."""
    columns: dict[str, dict[str, object]] = {}
    for col in cols:
        labels = {lab.label: lab.code for lab in col.labels if lab.code is not None}
        columns[col.header] = {"role": col.role, "labels": labels}
    todo = {  # series whose unit is still to be chosen: "" in the file for the officer to fill
        str(lab.code): ""
        for col in cols
        if col.role == "series"
        for lab in col.labels
        if lab.code not in (None, m.LEAVE_OUT, "_T") and lab.code not in units
    }
    return m.FileMapping(indicator, pattern, columns, {**todo, **units})


def preview_rows(cols: list[ColumnProposal]) -> pl.DataFrame:
    """One row per (column, label): role, code, how it was decided, suggestion, rows."""
    recs = []
    for col in cols:
        for lab in col.labels or [LabelProposal("", None, "empty column")]:
            recs.append(
                {
                    "column": col.header,
                    "role": col.role or "",
                    "label": lab.label,
                    "code": lab.code or "",
                    "how": lab.how if col.role else f"{lab.how} (column not mapped)",
                    "suggestion (not applied)": lab.suggestion or col.suggestion,
                    "rows": len(lab.rows),
                }
            )
    return pl.DataFrame(recs, schema={
        "column": pl.String, "role": pl.String, "label": pl.String, "code": pl.String,
        "how": pl.String, "suggestion (not applied)": pl.String, "rows": pl.Int64,
    })  # fmt: skip


def slug(label: str) -> str:
    """A series code made from an unknown series label ('Total cost' -> TOTAL_COST)."""
    return re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")[:40]
