"""Validate an uploaded table against its template: typed rows plus every issue found.

Generic checks (columns, required cells, numbers, code lists, countries, dates, keys) run for
every template; `etl/uploads/rules.py` adds the rules of each survey (§1.2, §1.3, §2, §5).
All checks are vectorised polars expressions; Python only formats the rows that fail. Each
issue names the file row (as a spreadsheet shows it; header = row 1), the column and the value,
and says what to do. Errors block storing; warnings need the submitter's confirmation.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from core.areas import m49_codes
from core.contract import DEFAULTS, DIMENSIONS
from core.errors import ValidationIssue
from core.i18n import translator
from core.template_words import (
    ANSWER_COLUMNS,
    answer_aliases,
    answer_word,
    canonical_header,
    fold,
)
from core.templates import (
    INDICATOR_LONG,
    LONG_OPEN_CODES,
    TEMPLATE_VERSION,
    TEMPLATES,
    Template,
    code_list,
)
from etl.uploads.checker import (
    DATE,
    INTEGER,
    MAX_LISTED,
    NUMBER,
    PERIOD_LONG,
    PERIOD_ROUND,
    Checker,
    check_area,
    listed,
)
from etl.uploads.read import ROW, RawTable
from etl.uploads.rules import OWN_CODE_CHECKS, RULES


def _align_columns(ck: Checker, table: RawTable) -> None:
    """Match header names case-insensitively; report missing required and unknown columns."""
    tpl = ck.template
    lower = {c.lower(): c for c in tpl.column_names}
    # A header in French or Spanish (réponse, respuesta) is the canonical column (answer).
    canonical = {c: canonical_header(c) for c in table.columns}
    renames = {
        c: lower[k.lower()]
        for c, k in canonical.items()
        if k.lower() in lower and c != lower[k.lower()]
    }
    df = table.df.rename(renames)
    words = answer_aliases()
    for col in [c for c in ANSWER_COLUMNS if c in df.columns]:
        # answer words in any language (oui, sí, parcial ...) become the answer codes; the
        # distinct values are few, so they are mapped once, not per row
        seen = df.get_column(col).drop_nulls().unique().to_list()
        mapping = {v: words.get(fold(v), v) for v in seen}
        df = df.with_columns(pl.col(col).replace(mapping))
    # data_origin (in our own exports) is set by the platform, never taken from a file: an
    # approved upload is national whatever the file says. Dropped without a warning.
    df = df.drop([c for c in df.columns if c == "data_origin"])
    _ = ck._
    for col in [c for c in df.columns if c != ROW and c not in tpl.column_names]:
        label = col if col else _("(blank header)")
        ck.add(
            "unknown_column",
            _(
                "'{label}' is not a column of the {template} template; it is ignored. Delete "
                "it, or check its spelling against the template"
            ).format(label=label, template=tpl.name),
            column=label,
            severity="warning",
        )
    missing = [c for c in tpl.column_names if c not in df.columns]
    for col in [c for c in missing if c in tpl.required]:
        ck.add(
            "missing_column",
            _(
                "the required column is missing. Add a column named '{column}' (see the template)"
            ).format(column=ck.header(col)),
            column=col,
        )
        ck.skip.add(col)
    df = df.with_columns([pl.lit(None, dtype=pl.String).alias(c) for c in missing])
    ck.raw = df.select([ROW, *tpl.column_names])


def _fill_defaults(ck: Checker) -> None:
    """indicator_long: blank breakdowns and counterpart_area mean `_T` (§5 rule 5)."""
    if ck.template.name != INDICATOR_LONG.name:
        return
    cols = [c for c in ("counterpart_area", *DIMENSIONS) if c in ck.raw.columns]
    ck.raw = ck.raw.with_columns([pl.col(c).fill_null(str(DEFAULTS[c])) for c in cols])


def _required(ck: Checker) -> None:
    """Every required column must be filled on every row."""
    for col in ck.template.required:
        if ck.present(col):
            ck.flag(
                pl.col(col).is_null(),
                col,
                "required",
                ck._("is empty. Every row needs a value in this column; fill it in"),
            )


def _number_hint(value: str, whole: bool, lang: str) -> str:
    """Why a cell is not a number, and how to write it (the reader's formula guard set aside)."""
    _ = translator(lang)
    v = value.strip()
    v = v[1:] if v[:1] == "'" and v[1:2] in ("+", "-") else v  # '-1,5 was read as -1,5
    if "," in v and v.replace(",", "").replace(".", "").lstrip("+-").isdigit():
        return _(
            "{value} uses a comma. Write numbers with a point as decimal separator and no "
            "thousands separator (e.g. {example})"
        ).format(value=repr(v), example=repr(v.replace(".", "").replace(",", ".")))
    if "%" in v:
        return _("{value} has a % sign. Write the number only (e.g. {example})").format(
            value=repr(v), example=repr(v.replace("%", "").strip())
        )
    if whole:
        return _("{value} is not a whole number. Write a plain whole number").format(value=repr(v))
    return _(
        "{value} is not a number. Write a plain number with a point as decimal separator"
    ).format(value=repr(v))


def _hint(column: str, whole: bool, lang: str) -> Callable[[dict[str, object]], str]:
    """Message function for a cell of `column` that is not a (whole) number."""
    return lambda rec: _number_hint(str(rec[column]), whole, lang)


def _convert(ck: Checker) -> None:
    """Parse number columns; a cell that is not a number is an error with a hint."""
    exprs: list[pl.Expr] = [pl.col(ROW)]
    for col in ck.template.columns:
        name, dtype = col.name, col.dtype
        if dtype == pl.String():
            exprs.append(pl.col(name))
            continue
        pattern = INTEGER if dtype.is_integer() else NUMBER
        bad = pl.col(name).is_not_null() & ~pl.col(name).str.contains(pattern)
        if ck.present(name):
            ck.flag(bad, name, "not_a_number", _hint(name, dtype.is_integer(), ck.lang))
        parsed = pl.when(bad).then(None).otherwise(pl.col(name)).cast(pl.Float64, strict=False)
        exprs.append(parsed.cast(dtype, strict=False).alias(name))
    ck.typed = ck.raw.select(exprs)


def _codes(ck: Checker) -> None:
    """Closed code lists are errors; the long format's open lists are warnings."""
    _ = ck._
    own = OWN_CODE_CHECKS.get(ck.template.name, set())
    for col in ck.template.column_names:
        codes = code_list(ck.template, col)
        if codes is None or not ck.present(col) or col in own:
            continue
        words = [answer_word(c, ck.lang) for c in codes] if col in ANSWER_COLUMNS else codes
        shown = ", ".join(words) if len(codes) <= 12 else _("see the codes sheet of the template")
        ck.flag(
            ~pl.col(col).is_in(codes),
            col,
            "code_list",
            # the cell value is filled in per row by flag(): {value!r} stays a placeholder
            _("{value} is not an allowed code. Use one of: {codes}").format(
                value="{value!r}", codes=shown
            ),
        )
    if ck.template.name == INDICATOR_LONG.name:
        for col, codes in LONG_OPEN_CODES.items():
            ck.flag(
                ~pl.col(col).is_in(codes),
                col,
                "undocumented_code",
                _(
                    "{value} is not a documented code ({codes}). Confirm it is intended, or "
                    "correct it"
                ).format(value="{value!r}", codes=", ".join(codes)),
                severity="warning",
            )


def _m49(ck: Checker) -> None:
    """ref_area_m49, when given, must be the M49 code of ref_area (§5 rule 4)."""
    if not ck.present("ref_area_m49"):
        return
    m49 = m49_codes()
    expected = pl.col("ref_area").replace_strict(m49, default=None, return_dtype=pl.Int64)
    df = ck.typed.with_columns(_expected=expected)
    hits = df.filter(
        pl.col("ref_area_m49").is_not_null()
        & pl.col("_expected").is_not_null()
        & (pl.col("ref_area_m49") != pl.col("_expected"))
    )
    for rec in hits.iter_rows(named=True):
        ck.add(
            "m49_mismatch",
            ck._(
                "M49 code {given} does not match ref_area {area} (M49 {expected}). Correct one "
                "of the two, or leave ref_area_m49 blank"
            ).format(given=rec["ref_area_m49"], area=rec["ref_area"], expected=rec["_expected"]),
            column="ref_area_m49",
            row=rec[ROW],
            value=rec["ref_area_m49"],
        )


def _formats(ck: Checker) -> None:
    """template_version, time_period and submitted_on formats."""
    _ = ck._
    if ck.present("template_version"):
        ck.flag(
            pl.col("template_version") != TEMPLATE_VERSION,
            "template_version",
            "template_version",
            lambda r: _(
                "version {value} is not the current template ({version}). Download the "
                "template again and copy the data into it"
            ).format(value=repr(r["template_version"]), version=TEMPLATE_VERSION),
        )
    long = ck.template.name == INDICATOR_LONG.name
    pattern, formats = (
        (PERIOD_LONG, _("YYYY, YYYY-Qn or YYYY-YYYY"))
        if long
        else (PERIOD_ROUND, _("YYYY or YYYY-YYYY"))
    )
    if ck.present("time_period"):
        ck.flag(
            ~pl.col("time_period").str.contains(pattern),
            "time_period",
            "time_period",
            lambda r: _("{value} is not a period. Write {formats} (e.g. 2021)").format(
                value=repr(r["time_period"]), formats=formats
            ),
        )
    if ck.present("submitted_on"):
        # Excel date cells arrive as "2026-11-30 00:00:00": the date part is what counts.
        day = pl.col("submitted_on").str.replace(r" 00:00:00$", "")
        ck.raw = ck.raw.with_columns(submitted_on=day)
        ck.typed = ck.typed.with_columns(submitted_on=day)
        ok = day.str.contains(DATE) & day.str.to_date("%Y-%m-%d", strict=False).is_not_null()
        ck.flag(
            ~ok,
            "submitted_on",
            "date",
            lambda r: _("{value} is not a date. Write it as YYYY-MM-DD (e.g. 2026-11-30)").format(
                value=repr(r["submitted_on"])
            ),
        )


def check_duplicates(ck: Checker) -> None:
    """Each key may occur once; every row of a duplicated key is listed with its twins."""
    key = [k for k in ck.template.key if k in ck.raw.columns]
    groups = (
        ck.raw.group_by(key)
        .agg(pl.col(ROW).sort().alias("rows"))
        .filter(pl.col("rows").list.len() > 1)
    )
    for rec in groups.iter_rows(named=True):
        rows: list[int] = rec["rows"]
        what = ", ".join(f"{k}={rec[k]}" for k in key if rec[k] not in (None, "_T"))
        per = (
            ck._("key (indicator, series, areas, period, breakdowns)")
            if len(key) > 6
            else ck._("{columns} combination").format(columns=" x ".join(ck.header(k) for k in key))
        )
        head = rows[: MAX_LISTED + 1]  # enough to name MAX_LISTED others of any row
        others_of_rest = listed(head[:MAX_LISTED], len(rows) - 1, ck.lang)  # any row not in `head`
        for row in rows:
            mine = [r for r in head if r != row][:MAX_LISTED] if row in head else None
            others = others_of_rest if mine is None else listed(mine, len(rows) - 1, ck.lang)
            ck.add(
                "duplicate_key",
                ck._(
                    "same {what} as row(s) {others}. Keep one row per {per}: delete or correct "
                    "the repeats"
                ).format(what=what, others=others, per=per),
                column=None,
                row=row,
                value=what,
            )


def check_upload(
    template: Template | str, table: RawTable, lang: str = "en"
) -> tuple[pl.DataFrame, list[ValidationIssue]]:
    """Typed rows (template columns, in order) and every issue found, messages in `lang`."""
    tpl = TEMPLATES[template] if isinstance(template, str) else template
    ck = Checker(tpl, table.file_name, table.df, lang=lang)
    _align_columns(ck, table)
    if ck.skip:  # required columns missing: fix the header first, row checks would only echo it
        ck.typed = ck.raw.select(
            [pl.col(c).cast(tpl.schema.get(c, pl.Int64()), strict=False) for c in ck.raw.columns]
        )
        return _output(ck), ck.issues
    _fill_defaults(ck)
    _required(ck)
    _convert(ck)
    _formats(ck)
    _codes(ck)
    check_area(ck, "ref_area", regions=tpl.name == INDICATOR_LONG.name)
    _m49(ck)
    for rule in RULES.get(tpl.name, ()):
        rule(ck)
    check_duplicates(ck)
    order = {"error": 0, "warning": 1}
    ck.issues.sort(key=lambda i: (order[i.severity], i.row if i.row is not None else 0))
    return _output(ck), ck.issues


def _output(ck: Checker) -> pl.DataFrame:
    """Typed rows in template order, plus `row_number` (the file row, as the store keeps it)."""
    cols = [c for c in ck.template.column_names if c in ck.typed.columns]
    return ck.typed.select([*cols, pl.col(ROW).alias("row_number")])
