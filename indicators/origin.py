"""Where every indicator row comes from: the `data_origin` contract column (issue 10).

Four values, decided in one place (`origin_expr`) for every producer:
- custodian: the value as the custodian agency published it (World Bank WDI/RPW corridor
  averages, UN DESA, UNHCR, KNOMAD ...), only reshaped here;
- national: an approved national upload (the generic long template, or a country's own
  survey answers scored by the formula of indicators.md);
- derived: computed by this platform from official inputs (10.c.1 from RPW quotes, 10.7.3
  counts from IOM incidents, rates per population, savings, cross-country shares ...);
- demo: synthetic DEMO DATA (etl/demo/datasets.py); never mixed with the other three
  (etl/demo/rule.py).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.i18n import N_, translator

CUSTODIAN = "custodian"
NATIONAL = "national"
DERIVED = "derived"
DEMO = "demo"
ORIGINS: tuple[str, ...] = (CUSTODIAN, NATIONAL, DERIVED, DEMO)

# Shown on cards, captions, tables, report footnotes and export notes: English msgids, shown in
# the language in use by `label` / `origin_note` (files written for machines pass lang="en").
LABELS: dict[str, str] = {
    CUSTODIAN: N_("official (custodian agency)"),
    NATIONAL: N_("national (approved upload)"),
    DERIVED: N_("derived (computed here from official inputs)"),
    DEMO: N_("DEMO DATA (synthetic, not official)"),
}

# Datasets whose every row is computed here from microdata (quotes, incident records).
DERIVED_DATASETS: frozenset[str] = frozenset({"rpw_quotes", "iom_mmp_incidents"})
# Approved national uploads: a country's own row is national, anything else (a cross-country
# share or mean) is computed here.
NATIONAL_DATASETS: frozenset[str] = frozenset(
    {
        "inquiry_1072",
        "gfmd_coherence",
        "rci_1071_microdata",
        "census_tabulation",
        "national_indicators",
    }
)
# Series computed here from custodian inputs that hold other series, too (why: the custodian
# publishes the inputs, not this value).
DERIVED_SERIES: dict[str, str] = {
    "SM_POP_REFG_OR": "UNHCR refugees by origin per 100,000 of the UN DESA population",
    "SM_EMI_RATE": "emigrants / (population + emigrants) from UN DESA stocks",
    "SAV_REM_BASE": "remittance savings from WDI inflows and the cost of sending",
    "SAV_REM_3PCT": "remittance savings from WDI inflows and the cost of sending",
}
# Country codes are three capital letters; WLD and the World Bank / MMP region codes are not
# a country's own figure.
_NOT_A_COUNTRY: frozenset[str] = frozenset({"WLD", "_T"})


def dataset_origin(dataset: str, meta: Mapping) -> str:
    """The origin of a dataset's rows before series rules: demo, national, derived or custodian."""
    if meta.get("demo"):
        return DEMO
    if dataset in NATIONAL_DATASETS:
        return NATIONAL
    if dataset in DERIVED_DATASETS:
        return DERIVED
    return CUSTODIAN


def origin_expr(metas: Mapping[str, Mapping]) -> pl.Expr:
    """`data_origin` of each row, read while `source` still holds the input dataset's name.

    Demo datasets always give demo. Otherwise a value the compute function set itself (not
    null) wins; else national uploads give national for a country's own row and derived for
    aggregates, DERIVED_SERIES and DERIVED_DATASETS give derived, the rest custodian.
    """
    demo = [n for n, m in metas.items() if m.get("demo")]
    national = [n for n in NATIONAL_DATASETS if n not in demo]
    country = pl.col("ref_area").str.contains(r"^[A-Z]{3}$") & ~pl.col("ref_area").is_in(
        list(_NOT_A_COUNTRY)
    )
    src = pl.col("source")
    rule = (
        pl.when(src.is_in(national) & country)
        .then(pl.lit(NATIONAL))
        .when(src.is_in(national))
        .then(pl.lit(DERIVED))
        .when(src.is_in(list(DERIVED_DATASETS)) | pl.col("series_code").is_in(list(DERIVED_SERIES)))
        .then(pl.lit(DERIVED))
        .otherwise(pl.lit(CUSTODIAN))
    )
    own = pl.coalesce(pl.col("data_origin"), rule)
    return pl.when(src.is_in(demo)).then(pl.lit(DEMO)).otherwise(own).alias("data_origin")


def label(origin: str | None, lang: str | None = None) -> str:
    """Human label of an origin code ('not stated' when missing), in `lang` (None: in use)."""
    t = translator(lang)
    return t.gettext(LABELS[origin]) if origin in LABELS else t.gettext("origin not stated")


def origin_note(origins: list[str | None] | set[str | None], lang: str | None = None) -> str:
    """One line for a caption or footnote: 'Origin: official (custodian agency); derived ...'."""
    t = translator(lang)
    present = [o for o in ORIGINS if o in set(origins)]
    if not present:
        return t.gettext("Origin: not stated.")
    names = t.gettext(LABELS[present[0]])
    for o in present[1:]:  # the language's list punctuation ('a; b', French 'a ; b')
        # TRANSLATORS: joins the items of a list ("a; b"); French writes "a ; b"
        names = t.gettext("{first}; {then}").format(first=names, then=t.gettext(LABELS[o]))
    return t.gettext("Origin: {origins}.").format(origins=names)


def origin_text(origins: str | None, lang: str | None = None) -> str:
    """`origin_note` of a comma-separated list of origins (as a Card holds them)."""
    return origin_note({o.strip() for o in (origins or "").split(",") if o.strip()}, lang)


def retrieved_word(origins: str | None) -> str:
    """'approved' for national values (retrieved_at is the approval time), else 'retrieved'.

    A code-like English word that callers compare; `retrieved_text` is the words to show."""
    return "approved" if (origins or "").strip() == NATIONAL else "data retrieved"


def retrieved_text(origins: str | None, when: str | None) -> str:
    """'approved 2024-03-01' / 'retrieved 2024-03-01' in the language in use."""
    t = translator()
    date = when or t.gettext("date not recorded")
    if retrieved_word(origins) == "approved":
        return t.gettext("approved {date}").format(date=date)
    return t.gettext("retrieved {date}").format(date=date)


def national_part(part: pl.DataFrame, metas: list[Mapping]) -> pl.DataFrame:
    """Rows computed from approved national uploads: origin and approval time.

    Survey compute functions cite the survey round in `source` (not the dataset name), so
    their rows are labelled here, from the spec's inputs: a country's own row is national,
    a cross-country figure derived. retrieved_at is the approval time of the country's
    submission for that period (the latest approval of the inputs for an aggregate).
    """
    approvals = [
        (str(i.get("ref_area")), str(i.get("time_period")), str(i["retrieved_at"]))
        for m in metas
        for i in m.get("inputs") or []
        if i.get("retrieved_at")
    ]
    latest = max((a[2] for a in approvals), default=None)
    when = (
        pl.DataFrame(approvals, schema=["ref_area", "time_period", "_approved"], orient="row")
        .group_by("ref_area", "time_period")
        .agg(pl.col("_approved").max())
    )
    country = pl.col("ref_area").str.contains(r"^[A-Z]{3}$") & ~pl.col("ref_area").is_in(
        list(_NOT_A_COUNTRY)
    )
    if "data_origin" not in part.columns:
        part = part.with_columns(pl.lit(None, dtype=pl.String).alias("data_origin"))
    if "retrieved_at" not in part.columns:
        part = part.with_columns(pl.lit(None, dtype=pl.String).alias("retrieved_at"))
    out = part.join(when, on=["ref_area", "time_period"], how="left") if approvals else part
    approved = pl.col("_approved") if approvals else pl.lit(None, dtype=pl.String)
    out = out.with_columns(
        pl.coalesce(
            pl.col("data_origin"),
            pl.when(country).then(pl.lit(NATIONAL)).otherwise(pl.lit(DERIVED)),
        ).alias("data_origin"),
        pl.coalesce(pl.col("retrieved_at").cast(pl.String), approved, pl.lit(latest)).alias(
            "retrieved_at"
        ),
    )
    return out.drop("_approved") if approvals else out
