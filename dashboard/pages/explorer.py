"""Indicator explorer: any registered indicator and series, filters generated from the data."""

from __future__ import annotations

import functools

import polars as pl
import streamlit as st

from core.areas import is_aggregate_code
from core.errors import EtlError
from core.i18n import _, current_language, pgettext
from dashboard.components import charts, links, progress_charts, scorecard, widgets
from dashboard.data import compare as compare_data
from dashboard.data import loaders as data
from dashboard.data import progress as progress_data
from dashboard.errors import show_error
from indicators.names import column_name, headline_name, series_name, value_name
from indicators.progress.levels import LEVEL_RULES
from indicators.progress.scorecard import card_from_rows, fmt
from indicators.progress.styles import unit_text
from indicators.registry_meta import (
    DIRECTION_NAMES,
    LEVEL_NAMES,
    METHOD_TEXT,
    entries,
    entry,
    group_name,
)
from indicators.specs.base import Headline
from indicators.titles import indicator_name

st.title(_("Indicator explorer"))
widgets.render_demo_banner(data.is_demo("indicators"))  # the figures shown
if not data.has_data():
    widgets.render_no_data()
    st.stop()

CODES = [e.code for e in entries()]
LANG = current_language()
# Click-through from the overview (session key), or a shared link (?indicator=10.7.4).
handed = st.session_state.pop(scorecard.EXPLORER_KEY, None) or (
    None if "explorer_code" in st.session_state else st.query_params.get("indicator")
)
if handed in CODES:
    st.session_state["explorer_code"] = handed
elif handed:
    st.info(
        _(
            "The link asks for indicator “{wanted}”, which is not in the registry; showing "
            "{shown} instead (pick another in the sidebar)."
        ).format(wanted=handed, shown=CODES[0])
    )

try:
    settings = progress_data.national_settings()
    countries = progress_data.country_options()
    country = links.linked(
        "country", countries, settings.home(), what="country", name=widgets.country_name
    )
    names = {c: indicator_name(entry(c).spec.name, current_language()) for c in CODES}
    code = st.sidebar.selectbox(
        _("Indicator"),
        CODES,
        format_func=lambda c: f"{c}: {names[c]}",  # made in the page's language
        key="explorer_code",
    )
    links.share(indicator=code)
    ent = entry(code)
    series_options = progress_data.series_codes(code)
except EtlError as exc:
    show_error(exc)
    st.stop()

st.header(f"{code}: {names[code]}")
chart_tab, table_tab, meta_tab, compare_tab, peers_tab = st.tabs(
    [_("Chart"), _("Table"), _("Metadata"), _("National vs custodian"), _("Region and peers")]
)
with meta_tab:
    for title, text in ent.metadata_text(LANG).items():
        st.markdown(f"**{title}**")
        st.write(text)
    none = _("none")
    facts = {
        _("Level"): LEVEL_NAMES[ent.spec.level], _("Unit"): unit_text(ent.spec.unit),
        _("Direction"): DIRECTION_NAMES[ent.spec.direction], _("SDG target"): ent.meta.sdg_target,
        _("GCM objectives"): ", ".join(str(o) for o in ent.meta.gcm_objectives) or none,
        _("Baseline year"): str(ent.meta.baseline_year or _("first year with data")),
        _("Global target"): none if ent.target is None else _("{value} by {year}").format(
            value=fmt(ent.target), year=ent.spec.target_year or 2030),
        _("Level RAG rule"): LEVEL_RULES[ent.meta.rag_rule].description,
        _("Progress methods"): "; ".join(METHOD_TEXT[m] for m in ent.meta.methods),
        _("GFMD themes"): ", ".join(group_name(t) for t in ent.meta.themes),
        _("Data"): ent.awaiting_text(LANG) or _("published indicator table"),
    }  # fmt: skip
    field, value = pgettext("table header", "field"), pgettext("table header", "value")
    st.table(pl.DataFrame({field: list(facts), value: list(facts.values())}))

if not series_options:
    with chart_tab:
        st.info(
            ent.awaiting_text(LANG)
            or _("No series of {code} in the published indicator table.").format(code=code)
        )
    st.stop()

heads = {h.series_code: h for h in ent.meta.headlines}
first = next((s for s in heads if s in series_options), series_options[0])
series = st.sidebar.selectbox(
    _("Series"), series_options, index=series_options.index(first),
    # The run's language bound here: a widget's format_func is also called outside the run.
    format_func=functools.partial(series_name, lang=LANG),
    key=f"explorer_series_{code}",
    help=_("Series codes: {codes}").format(codes=", ".join(series_options)),
)  # fmt: skip
choice = progress_data.series_choices(series)
head = heads.get(series)
ref0, cp0 = progress_data.default_areas(choice, bool(head and head.area == "inbound"), country)
refs = choice.ref_areas or (ref0,)
ref = st.sidebar.selectbox(
    _("Reference area"), refs, index=refs.index(ref0) if ref0 in refs else 0,
    format_func=widgets.country_format(), key=f"explorer_ref_{series}",
)  # fmt: skip
cps = choice.counterparts.get(ref, ()) or ("_T",)
counterpart = st.sidebar.selectbox(
    _("Counterpart area"), cps, index=cps.index(cp0) if cp0 in cps else 0,
    format_func={c: progress_data.label_dim(widgets.country_name(c)) for c in cps}.__getitem__,
    key=f"explorer_cp_{series}_{ref}",
)  # fmt: skip
dims = []
for dim, values in choice.dims.items():
    default = "_T" if "_T" in values else "Q" if "Q" in values else values[0]
    if head:
        default = dict(head.dims).get(dim, default)
    title = _("Frequency") if dim == "freq" else column_name(dim)
    picked = st.sidebar.selectbox(
        title, values, index=values.index(default),
        format_func=functools.partial(value_name, dim, lang=LANG),
        key=f"explorer_dim_{series}_{dim}",
    )  # fmt: skip
    dims.append((dim, str(picked)))

try:
    rows = progress_data.explorer_rows(series, ref, counterpart, tuple(dims))
    national = progress_data.national_rows(series, ref, counterpart, tuple(dims))
except EtlError as exc:
    show_error(exc)
    st.stop()

area = counterpart if ref == "WLD" and counterpart not in ("_T", "WLD") else ref
links.share(indicator=code, country=area if area in countries else None)
nat = settings.target_for(area, code)
label = headline_name(head.label) if head else series_name(series)  # in the language
card = card_from_rows(
    ent, rows, headline=Headline(series, label), availability="computed",
    national_target=(nat.target, nat.target_year) if nat else None,
)  # fmt: skip
unit = unit_text(str(rows["unit_measure"][0]) if rows.height else ent.spec.unit)
result = card.progress
where = widgets.place_name(ref)
where += "" if counterpart == "_T" else f" → {widgets.place_name(counterpart)}"

with chart_tab:
    st.markdown(
        f"{scorecard.rag_pill(card)} {scorecard.status_pill(result.status)}",
        unsafe_allow_html=True,
    )
    with st.expander(_("Why this status?")):
        st.text(card.why)
    both = pl.concat(
        [
            rows.with_columns(series=pl.lit(_("{series} (published)").format(series=label))),
            national.with_columns(series=pl.lit(
                _("{series} (national, approved upload)").format(series=label))),
        ],
        how="diagonal_relaxed",
    ) if national.height else rows.with_columns(series=pl.lit(label))  # fmt: skip
    base = (result.base_year, result.base_value) if result.base_value is not None else None
    target = (card.target.year, card.target.value) if card.target.value is not None else None
    widgets.render_chart(
        progress_charts.progress_chart, both, caption=charts.caption(both, unit or _("number")),
        key="explorer_chart", title=f"{label}, {where}", unit=unit or _("number"),
        baseline=base, target=target,
        milestones=tuple((m.year, m.value) for m in settings.milestones_for(area, code)),
        breaks=ent.meta.breaks if series.startswith(("SI_RMT_COST", "RPW_")) else (),
    )  # fmt: skip

table = rows.select([c for c in progress_data.TABLE_COLUMNS if c in rows.columns])
with table_tab:
    if table.is_empty():
        st.info(_("No data for this selection."))
    else:
        cap = charts.caption(rows, unit or _("number")) + " " + _("One row per period.")
        widgets.render_table(table, caption=cap, key="explorer_table")
        st.download_button(
            _("Download XLSX"), data=lambda: progress_data.xlsx_bytes(table, series),
            file_name=f"{series}_{ref}_{counterpart}.xlsx", key="download_explorer_xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )  # fmt: skip

with compare_tab:
    compared = progress_data.side_by_side(rows, national)
    if compared.is_empty():
        st.caption(
            _(
                "No period has both a national (approved upload) and a custodian value for this "
                "selection."
            )
        )
    else:
        cap = _("National values: approved national uploads; custodian: the published table.")
        widgets.render_table(compared, caption=cap, key="explorer_compare")

with peers_tab:  # the same series and breakdown as the chart, beside the region and peers
    if is_aggregate_code(ref):
        st.info(
            _("Choose a country as the reference area to compare it with its region and peers.")
        )
    else:
        peers = st.multiselect(
            _("Peer countries"), widgets.by_country_name(c for c in countries if c != ref),
            format_func=widgets.country_format(), key="explorer_peers", max_selections=10,
        )  # fmt: skip
        try:
            compared = compare_data.comparison(series, counterpart, tuple(dims), ref, tuple(peers))
        except EtlError as exc:
            show_error(exc)
            st.stop()
        cap = _(
            "Latest published value of {series} for each area, with its own period, unit and "
            "source. Regions: UN DESA classification (M49); a region's value is the aggregate "
            "its source publishes, not computed here. An area without a value is not covered "
            "by this series."
        ).format(series=label)
        widgets.render_table(compared, caption=cap, key="explorer_peers")
