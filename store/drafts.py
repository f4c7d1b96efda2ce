"""Narrative drafts of the GFMD progress report, kept in the store's database (no streamlit here).

One table, `report_drafts(id, country, period, section, text, author, saved_at)`, created
by migration 3 (store/schema.py) in the store's database (DuckDB or PostgreSQL). It is append-only:
saving a section again adds a row, and the newest row of a (country, period, section) is the
current draft, so every earlier wording stays readable with who wrote it and when. Each save
also appends one row to the audit log. PostgreSQL refuses UPDATE and DELETE on the table itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from core.i18n import _, translator
from store.audit import audit
from store.backends import StoreError, now
from store.submissions import Store
from store.users import User, can, role_label

TABLE = "report_drafts"
MAX_TEXT = 100_000  # characters per section: a long chapter, far below any database limit
DRAFT_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "country": pl.String(),
    "period": pl.String(),
    "section": pl.String(),
    "text": pl.String(),
    "author": pl.String(),
    "saved_at": pl.Datetime("us"),
}


@dataclass(frozen=True)
class Draft:
    """The current narrative of one report section: its text, who saved it and when (UTC)."""

    section: str
    text: str
    author: str
    saved_at: datetime
    id: int


def _check_slot(country: str, period: str, section: str) -> None:
    if not (len(country) == 3 and country.isalpha() and country.isupper()):
        raise StoreError(
            _("report draft: country {country} is not an ISO3 code such as KEN").format(
                country=repr(country)
            )
        )
    if not (len(period) == 4 and period.isdigit()):
        raise StoreError(
            _("report draft: period {period} is not a year such as 2024").format(
                period=repr(period)
            )
        )
    if not section.strip():
        raise StoreError(_("report draft: the section key is empty"))


def save_draft(
    store: Store, *, country: str, period: str, section: str, text: str, user: User
) -> int:
    """Append the narrative of one section (contributors and above); returns the new row id."""
    if not can(user, "upload", country):
        raise StoreError(
            _(
                "{user} ({role}) may not write report drafts for {country}: ask an admin for "
                "the contributor role (for this country)"
            ).format(user=user.name, role=role_label(user), country=country)
        )
    _check_slot(country, period, section)
    if len(text) > MAX_TEXT:
        t = translator()
        raise StoreError(
            t.gettext(
                "report draft {country} {period} {section}: {n} characters, more than {max}; "
                "shorten the text or split it over sections"
            ).format(
                country=country,
                period=period,
                section=section,
                n=t.number(len(text)),
                max=t.number(MAX_TEXT),
            )
        )
    with store.backend.transaction() as tx:
        got = tx.one(
            f"INSERT INTO {TABLE} (country, period, section, text, author, saved_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (country, period, section, text, user.name, now()),
        )
        assert got is not None
        draft_id = int(got[0])
        subject = f"report {country} {period} {section} (draft {draft_id})"
        audit(tx, user.name, "report.draft", None, subject, None, None, f"{len(text)} characters")
    return draft_id


def history(store: Store, country: str, period: str, section: str | None = None) -> pl.DataFrame:
    """Every saved draft of a report (or one section), oldest first."""
    where, params = "country = ? AND period = ?", [country, period]
    if section is not None:
        where += " AND section = ?"
        params.append(section)
    cols = ", ".join(DRAFT_SCHEMA)
    with store.backend.transaction() as tx:
        return tx.frame(
            f"SELECT {cols} FROM {TABLE} WHERE {where} ORDER BY id", params, DRAFT_SCHEMA
        )


def latest_drafts(store: Store, country: str, period: str) -> dict[str, Draft]:
    """Section -> its newest draft for the report of `country` and `period`."""
    out: dict[str, Draft] = {}
    for row in history(store, country, period).iter_rows(named=True):
        out[row["section"]] = Draft(  # rows come oldest first: the last one wins
            section=row["section"],
            text=row["text"],
            author=row["author"],
            saved_at=row["saved_at"],
            id=row["id"],
        )
    return out
