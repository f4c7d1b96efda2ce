"""Settings: home country, national targets and interim milestones (approvers edit, all read)."""

from __future__ import annotations

import polars as pl
import pycountry
import streamlit as st

from core.errors import EtlError
from core.i18n import _
from dashboard import auth
from dashboard.components import widgets
from dashboard.data import loaders as data
from dashboard.data import progress as progress_data
from dashboard.data import report as report_data
from dashboard.data import uploads as uploads_data
from dashboard.errors import show_error
from dashboard.plain_text import md
from indicators.registry_meta import entries
from store.settings import storage as ns

st.title(_("Settings"))
if not data.has_data():
    widgets.render_no_data()  # settings still work: they only need country and indicator codes

CODES = [e.code for e in entries()]
# (indicator, series) pairs a country may choose as headline instead of the registry's first
CHOICES = [
    (e.code, h.series_code)
    for e in entries()
    if len(e.meta.headlines) > 1
    for h in e.meta.headlines
]
LABELS = {  # the series' name in the session's language (marked where it is defined)
    (e.code, h.series_code): f"{e.code}: {_(h.label)} ({h.series_code})"
    for e in entries()
    for h in e.meta.headlines
}
COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries)


def _targets(s: ns.NationalSettings) -> pl.DataFrame:
    rows = [
        {"country": c, "indicator": k, "target": t.target, "target_year": t.target_year}
        for c, by in s.targets.items()
        for k, t in by.items()
    ]
    schema = {"country": pl.String, "indicator": pl.String, "target": pl.Float64}
    return pl.DataFrame(rows, schema=schema | {"target_year": pl.Int64})


def _milestones(s: ns.NationalSettings) -> pl.DataFrame:
    rows = [
        {"country": c, "indicator": k, "year": m.year, "value": m.value}
        for c, by in s.milestones.items()
        for k, ms in by.items()
        for m in ms
    ]
    schema = {"country": pl.String, "indicator": pl.String, "year": pl.Int64}
    return pl.DataFrame(rows, schema=schema | {"value": pl.Float64})


def _headlines(s: ns.NationalSettings) -> pl.DataFrame:
    rows = [
        {"country": c, "indicator": k, "headline series": v}
        for c, by in s.headlines.items()
        for k, v in by.items()
    ]
    schema = {"country": pl.String, "indicator": pl.String, "headline series": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _save(new: ns.NationalSettings, old: ns.NationalSettings, user: auth.User) -> None:
    try:
        lines = ns.save(new, user=user, expected=old, store=uploads_data.get_store())
    except EtlError as exc:
        show_error(exc)
        return
    st.success(
        _("Saved {count} change(s); recorded in the audit log as {name}.").format(
            count=len(lines), name=md(user.name)
        )
    )


try:
    # The same sidebar sign-in as Upload/Submissions; no database is created just by looking.
    user = uploads_data.render_account(uploads_data.get_store())
    current = progress_data.national_settings()
except EtlError as exc:
    show_error(exc)
    st.stop()

editable = auth.can(user, "edit_settings")
if editable and user is not None:
    st.header(_("Edit"))
    home = current.home()
    # Every country, by its name in this run's language; labels bound to it (format_func).
    countries, country_format = widgets.by_country_name(COUNTRIES), widgets.country_format()
    with st.form("home_form"):
        picked = st.selectbox(
            _("Home country (the country the dashboard opens on)"), countries,
            index=countries.index(home) if home in countries else 0,
            format_func=country_format, key="settings_home",
        )  # fmt: skip
        if st.form_submit_button(_("Save home country")):
            _save(ns.with_home(current, picked), current, user)
    with st.form("cover_form"):
        st.markdown(_("**Report cover** (Report builder: the issuing ministry and its logo)"))
        ministry = st.text_input(
            _("Ministry name"), value=current.ministry_name or "", max_chars=ns.MINISTRY_MAX,
            key="settings_ministry",
        )  # fmt: skip
        logo = st.file_uploader(_("Logo (PNG or JPEG, at most 2 MB)"),
                                type=["png", "jpg", "jpeg"], key="settings_logo")  # fmt: skip
        if st.form_submit_button(_("Save report cover")):
            try:
                path = report_data.save_logo(logo.getvalue(), logo.name) if logo else None
            except EtlError as exc:
                show_error(exc)
            else:
                _save(ns.with_ministry(current, ministry, path or current.logo_path), current, user)
    with st.form("target_form"):
        country = st.selectbox(
            _("Country"), countries, index=countries.index(home) if home in countries else 0,
            format_func=country_format, key="settings_target_country",
        )  # fmt: skip
        code = st.selectbox(_("Indicator"), CODES, key="settings_target_code")
        value = st.number_input(_("National target"), value=0.0, key="settings_target_value")
        year = st.number_input(
            _("Target year"), min_value=2000, max_value=2100, value=2030,
            key="settings_target_year",
        )  # fmt: skip
        save, remove = st.columns(2)
        if save.form_submit_button(_("Save target")):
            new = ns.with_target(current, country, code, ns.Target(float(value), int(year)))
            _save(new, current, user)
        if remove.form_submit_button(_("Remove target")):
            _save(ns.with_target(current, country, code, None), current, user)
    with st.form("milestone_form"):
        country = st.selectbox(
            _("Country"), countries, index=countries.index(home) if home in countries else 0,
            format_func=country_format, key="settings_ms_country",
        )  # fmt: skip
        code = st.selectbox(_("Indicator"), CODES, key="settings_ms_code")
        year = st.number_input(
            _("Milestone year"), min_value=2000, max_value=2100, value=2027, key="settings_ms_year"
        )
        value = st.number_input(_("Milestone value"), value=0.0, key="settings_ms_value")
        add, drop = st.columns(2)
        if add.form_submit_button(_("Add or replace milestone")):
            kept = [m for m in current.milestones_for(country, code) if m.year != int(year)]
            new = ns.with_milestones(
                current, country, code, (*kept, ns.Milestone(int(year), float(value)))
            )
            _save(new, current, user)
        if drop.form_submit_button(_("Remove milestone")):
            kept = [m for m in current.milestones_for(country, code) if m.year != int(year)]
            _save(ns.with_milestones(current, country, code, tuple(kept)), current, user)
    with st.form("headline_form"):
        country = st.selectbox(
            _("Country"), countries, index=countries.index(home) if home in countries else 0,
            format_func=country_format, key="settings_hl_country",
        )  # fmt: skip
        pair = st.selectbox(
            _("Headline series"), CHOICES, format_func=lambda p: LABELS[p],
            key="settings_hl_pair",
            help=_(
                "By default each card shows the first series, in the registry's order of "
                "preference, that has data for the country; choose another series here."
            ),
        )  # fmt: skip
        save, reset = st.columns(2)
        if save.form_submit_button(_("Use this headline series")):
            _save(ns.with_headline(current, country, pair[0], pair[1]), current, user)
        if reset.form_submit_button(_("Back to the registry's order")):
            _save(ns.with_headline(current, country, pair[0], None), current, user)
else:
    st.caption(
        _(
            "{name} ({role}) sees the settings read-only; approvers sign in (sidebar) to edit them."
        ).format(name=md(user.name), role=auth.role_label(user))
        if user
        else _("Viewers see the settings read-only; approvers sign in (sidebar) to edit them.")
    )

shown = progress_data.national_settings()  # re-read: a save above added a version
store = uploads_data.get_store()  # a first save may just have created the database
if store is not None:
    where = store.backend.describe()
elif ns.settings_path().exists():  # the old file, imported into the database on the first save
    where = _("{path} (no database yet)").format(path=ns.settings_path())
else:
    where = _("defaults (no database yet)")
st.header(_("Current settings"))
home_name = widgets.country_name(shown.home())
st.markdown(
    _("**Home country:** {country} (saved setting)").format(country=home_name)
    if shown.home_country
    else _("**Home country:** {country} (M_E_HOME_COUNTRY default)").format(country=home_name)
)
cover = shown.ministry_name or _("not set (the report cover names no ministry)")
st.text(  # user text: plain, never Markdown
    _("Report cover: {ministry}, logo {logo}").format(ministry=cover, logo=shown.logo_path)
    if shown.logo_path
    else _("Report cover: {ministry}, no logo").format(ministry=cover)
)
source = _("Source: national settings, {where}.").format(where=where)
st.subheader(_("National targets (replace the global targets for that country)"))
targets = _targets(shown)
if targets.is_empty():
    st.caption(_("No national target: every indicator uses its global target."))
else:
    widgets.render_table(targets, caption=source, key="targets")
st.subheader(_("Headline series chosen nationally"))
headlines = _headlines(shown)
if headlines.is_empty():
    st.caption(_("None: every card uses the registry's order of preference."))
else:
    widgets.render_table(headlines, caption=source, key="headlines")
st.subheader(_("Interim milestones"))
milestones = _milestones(shown)
if milestones.is_empty():
    st.caption(_("No interim milestone set."))
else:
    widgets.render_table(milestones, caption=source, key="milestones")
if editable:
    st.subheader(_("Audit log"))
    log = progress_data.audit_log()
    if log.is_empty():
        st.caption(_("No change recorded yet."))
    else:
        cap = _("Append-only audit log in {where} (action 'settings'). Newest first.").format(
            where=where
        )
        widgets.render_table(log, caption=cap, key="settings_audit")
