"""Filled upload templates with hand-computed results, a store with accounts, and page checks.

Each filled file starts from the downloadable template (etl/template_files.template_csv): its
header is kept as downloaded and the example rows are replaced by realistic answers, as an
officer would do. EXPECTED holds what the indicator build must publish for them, computed by
hand below (not by the code under test).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.templates import GFMD_ITEMS, TEMPLATE_VERSION, TEMPLATES
from dashboard.plain_text import as_code
from etl.uploads.template_files import template_csv
from store.submissions import Store, open_store

PASSWORDS = {"kamau": "contrib-pass-1", "achieng": "approve-pass-1"}  # >= 10 characters
CONTRIBUTOR, APPROVER = "kamau", "achieng"
_AUDIT = {
    "template_version": TEMPLATE_VERSION,
    "submitted_by": "KNBS M&E unit",
    "submitted_on": "2026-11-30",
}

# --- 10.7.2: the 30 answers of Kenya in the 2021 Inquiry round -------------------------------
# Domain 1 scores yes_all 1, yes_legal_only 0.5, no 0; domains 2-6 yes 1, no 0.
ANSWERS_1072: dict[str, tuple[str, ...]] = {
    "PD_1": ("yes_all", "yes_legal_only", "yes_all", "no", "yes_all"),  # 3.5 -> D1 = 70
    "PD_2": ("yes", "yes", "yes", "no", "yes"),  # 4 -> 80
    "PD_3": ("yes", "yes", "yes", "yes", "yes"),  # 5 -> 100
    "PD_4": ("yes", "no", "yes", "no", "yes"),  # 3 -> 60
    "PD_5": ("yes", "yes", "yes", "yes", "no"),  # 4 -> 80
    "PD_6": ("no", "yes", "yes", "no", "no"),  # 2 -> 40
}
# Overall = 100 x (3.5 + 4 + 5 + 3 + 4 + 2) / 30 = 100 x 21.5 / 30 = 71.666...: category 2.
OVERALL_1072 = 100 * 21.5 / 30

# --- 10.7.1: four Kenyan migrant workers (2022), costs and earnings in USD --------------------
# (worker, cost, earnings, weight, sex, destination): RCI_k = cost / earnings.
WORKERS_1071 = (
    ("W0001", "1200", "400", "1.0", "F", "SAU"),  # 3.0
    ("W0002", "0", "350", "2.0", "M", "QAT"),  # 0.0
    ("W0003", "900", "300", "1.0", "M", "SAU"),  # 3.0
    ("W0004", "500", "250", "1.0", "F", "ARE"),  # 2.0
)
# Weighted mean = (3 x 1 + 0 x 2 + 3 x 1 + 2 x 1) / (1 + 2 + 1 + 1) = 8 / 5 = 1.6 months.
RCI_MEAN_1071 = 1.6

# --- census 2019: population of Kenya by country of birth -------------------------------------
CENSUS_2019 = (("_T", "47564296"), ("KEN", "46974200"), ("UGA", "155000"), ("TZA", "80000"))
# Foreign-born from the countries given: 155000 + 80000 = 235000 (KEN, the census country, out).
FOREIGN_BORN_2019 = 235000.0

GFMD_2022: dict[str, tuple[str, str]] = {  # item -> (answer, count)
    "P.COH.01": ("yes", ""),
    "P.COH.02": ("partial", ""),
    "P.COH.03": ("yes", ""),
    "P.COH.04": ("no", ""),
    "P.COH.05": ("draft", ""),
    "P.COH.06": ("yes", ""),
    "P.COH.07": ("yes", "3"),
    "P.COH.08": ("yes", ""),
    "P.COH.09": ("no", ""),
    "P.COH.10": ("partial", ""),
    "P.DIA.01": ("yes", ""),
    "P.REM.01": ("yes", ""),
    "P.REM.02": ("no", ""),
    "P.DAT.01": ("yes", "2"),
    "P.DAT.02": ("yes", ""),
}


def filled_csv(name: str, rows: list[dict[str, str]]) -> bytes:
    """The downloaded template CSV of `name` with its example rows replaced by `rows`."""
    header = next(csv.reader(io.StringIO(template_csv(name).decode("utf-8"))))
    assert tuple(header) == TEMPLATES[name].column_names
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(header)
    for row in rows:
        full = {**_AUDIT, **row}
        out.writerow([full.get(c, "") for c in header])
    return buf.getvalue().encode("utf-8")


def inquiry_rows() -> list[dict[str, str]]:
    """All 30 Inquiry answers of KEN 2021."""
    return [
        {
            "ref_area": "KEN",
            "time_period": "2021",
            "policy_domain": domain,
            "sub_category": f"{domain}_{letter}",
            "answer": answer,
            "respondent_institution": "State Department for Diaspora Affairs",
            "source": "UN Inquiry Module III 2021",
        }
        for domain, answers in ANSWERS_1072.items()
        for letter, answer in zip("ABCDE", answers, strict=True)
    ]


def gfmd_rows() -> list[dict[str, str]]:
    """The 15 GFMD items of KEN 2022."""
    return [
        {
            "ref_area": "KEN",
            "time_period": "2022",
            "item_code": item,
            "answer": answer,
            "count": count,
            "respondent_institution": "National Coordination Mechanism on Migration",
            "source": "GFMD policy-coherence survey 2022",
        }
        for item, (answer, count) in GFMD_2022.items()
    ]


def rci_rows() -> list[dict[str, str]]:
    """Four workers of KEN 2022, all amounts in USD (no exchange rate needed)."""
    return [
        {
            "ref_area": "KEN",
            "time_period": "2022",
            "worker_id": worker,
            "cost_paid": cost,
            "cost_currency": "USD",
            "monthly_earnings": earnings,
            "earnings_currency": "USD",
            "earnings_reference": "last_month",
            "sex": sex,
            "age": "31",
            "destination": dest,
            "occupation": "9",
            "survey_weight": weight,
            "source": "KNBS labour migration survey 2022",
        }
        for worker, cost, earnings, weight, sex, dest in WORKERS_1071
    ]


def census_rows() -> list[dict[str, str]]:
    """KEN 2019 census: total, native-born and two countries of birth."""
    return [
        {
            "ref_area": "KEN",
            "time_period": "2019",
            "basis": "COB",
            "counterpart_area": area,
            "sex": "_T",
            "age": "_T",
            "value": value,
            "source": "Kenya Population and Housing Census 2019",
        }
        for area, value in CENSUS_2019
    ]


def long_rows() -> list[dict[str, str]]:
    """One national value in the long format: the mean cost of sending USD 200 GBR -> KEN."""
    return [
        {
            "indicator_code": "10.c.1",
            "series_code": "SI_RMT_COST",
            "ref_area": "GBR",
            "ref_area_m49": "826",
            "counterpart_area": "KEN",
            "time_period": "2023-Q3",
            "freq": "Q",
            "transfer_amount": "USD200",
            "statistic": "MEAN",
            "value": "6.25",
            "unit_measure": "PT",
            "unit_mult": "0",
            "obs_status": "A",
            "source": "Central Bank of Kenya remittance price survey Q3 2023",
        }
    ]


def filled_files() -> dict[str, tuple[str, bytes]]:
    """Template -> (file name, filled CSV bytes), one per template."""
    rows = {
        "indicator_long": long_rows(),
        "inquiry_1072": inquiry_rows(),
        "gfmd_coherence": gfmd_rows(),
        "rci_1071_microdata": rci_rows(),
        "census_tabulation": census_rows(),
    }
    assert set(rows) == set(TEMPLATES)
    return {name: (f"{name}_KEN.csv", filled_csv(name, r)) for name, r in rows.items()}


def broken_file() -> tuple[str, bytes]:
    """A 10.7.2 file with two errors: a domain-1 answer 'yes' and an unknown country code."""
    rows = inquiry_rows()
    rows[0] = {**rows[0], "answer": "yes"}  # file row 2: domain 1 needs yes_all/yes_legal_only/no
    rows[7] = {**rows[7], "ref_area": "KENYA"}  # file row 9
    return "inquiry_1072_broken.csv", filled_csv("inquiry_1072", rows)


def make_store(root: Path) -> Store:
    """The DuckDB store of data dir `root` with a contributor and an approver account."""
    store = open_store(str(root / "app.duckdb"))
    if store.get_user(CONTRIBUTOR) is None:
        store.add_user(CONTRIBUTOR, "contributor", PASSWORDS[CONTRIBUTOR], by="test")
        store.add_user(APPROVER, "approver", PASSWORDS[APPROVER], by="test")
    return store


# --- content checks of the two pages for tests/dashboard/test_pages.py PAGE_CHECKS ------------
def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def check_upload(at: AppTest, root: Path) -> None:
    """Signed out: every template as CSV and XLSX with its columns; no uploader; how to sign in."""
    # no published figure on this page: no DEMO DATA banner (issue 10)
    assert not any("DEMO DATA" in w.value for w in at.warning)
    for name, tpl in TEMPLATES.items():
        block = at.get_by_key(f"template_{name}")
        assert [b.label for b in block.get("download_button")] == ["CSV", "XLSX"], name
        assert block.markdown[0].value == f"**{tpl.title}** (`{name}`)"
        assert block.caption[0].value.startswith(f"Required columns: {as_code(tpl.required)}.")
    # The survey templates preview every code's question (issue 13 item 2).
    questions = at.get_by_key("template_inquiry_1072").dataframe[0].value
    assert len(questions) == 30
    pd3b = questions[questions["code"] == "PD_3_B"].iloc[0]
    assert pd3b["domain / level"] == "Domain 3: Cooperation and partnerships"
    assert pd3b["question"].startswith("(b) Bilateral agreements on migration")
    gfmd = at.get_by_key("template_gfmd_coherence").dataframe[0].value
    assert set(gfmd["code"]) == set(GFMD_ITEMS) and gfmd["question"].str.endswith("?").all()
    assert not at.get("file_uploader")  # viewers cannot upload
    if (root / "app.duckdb").exists():
        assert "**Sign in** in the sidebar as a contributor to upload a file." in _texts(at)
        assert len(at.sidebar.text_input) == 2  # user name, password
    else:  # nothing stored yet: no account can exist either
        assert any(t.startswith("No account exists yet.") for t in _texts(at))


def check_submissions(at: AppTest, root: Path) -> None:
    """Signed out: approved submissions only (none on the demo data), and no decision buttons."""
    assert not any("DEMO DATA" in w.value for w in at.warning)  # no published figure here
    texts = _texts(at)
    assert any(t.startswith("Viewers see approved submissions only. **Sign in**") for t in texts)
    if not (root / "app.duckdb").exists():
        assert "No approved submission yet: nothing has been uploaded." in texts
    elif "No approved submission yet." not in texts:
        listed = at.get_by_key("block_submissions").dataframe[0].value
        assert set(listed["status"]) == {"approved"}
    keys = {b.key for b in at.button}
    assert not keys & {"approve", "reject", "revert", "withdraw"}
