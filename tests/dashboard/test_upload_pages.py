"""Upload and Submissions pages (AppTest): every template from download to published indicator.

The file goes through the page's own st.file_uploader: AppTest (Streamlit >= 1.50) sets its
value with `at.file_uploader[0].set_value((name, bytes, mime))`, so no test-only hook is needed.
Each test works on a copy of the session's published demo data with its own DuckDB store.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.templates import TEMPLATES
from dashboard.plain_text import md
from etl.uploads.prepare import prepare_upload, store_upload
from store.submissions import Store
from streamlit_app import PAGE_SPECS
from tests.dashboard.upload_fixture import (
    APPROVER,
    CONTRIBUTOR,
    FOREIGN_BORN_2019,
    OVERALL_1072,
    PASSWORDS,
    RCI_MEAN_1071,
    broken_file,
    check_submissions,
    check_upload,
    filled_csv,
    filled_files,
    inquiry_rows,
)

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TIMEOUT = 120  # an approval rebuilds the indicator table (~5 s) inside the run


def page(url_path: str, at: AppTest | None = None) -> AppTest:
    """Open (or switch an existing session to) the page registered under `url_path`."""
    at = at or AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    return at.switch_page(next(s["page"] for s in PAGE_SPECS if s["url_path"] == url_path)).run()


def sign_in(at: AppTest, name: str) -> AppTest:
    """Fill the sidebar form with a local account and submit it."""
    at.sidebar.text_input[0].input(name)
    at.sidebar.text_input[1].input(PASSWORDS[name])
    at.sidebar.button[0].click().run()
    assert not at.exception, at.exception
    assert f"Signed in as **{name}**" in at.sidebar.markdown[0].value
    return at


def upload(at: AppTest, file_name: str, content: bytes) -> AppTest:
    """Put a file into the page's uploader and run."""
    at.get("file_uploader")[0].set_value((file_name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, key: str) -> pl.DataFrame:
    block = at.get_by_key(f"block_{key}")
    assert len(block.dataframe) == 1
    return pl.from_pandas(block.dataframe[0].value)


def approve(at: AppTest, submission_id: int) -> str:
    """Select a submission, press Approve; returns the outcome message after the rerun."""
    at.selectbox(key="submission_id").set_value(submission_id).run()
    at.button(key="approve").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return str(at.success[0].value)


def indicator(root: Path, **where: str) -> pl.DataFrame:
    ind = pl.read_parquet(root / "clean" / "indicators.parquet")
    return ind.filter(*(pl.col(k) == v for k, v in where.items()))


def test_every_template_round_trips_to_the_published_indicators(root: Path, store: Store) -> None:
    at = sign_in(page("upload"), CONTRIBUTOR)
    files = filled_files()
    ids: dict[str, int] = {}
    for name, (file_name, content) in files.items():
        upload(at, file_name, content)
        n = len(content.decode().splitlines()) - 1
        assert metrics(at) == {
            "Rows": str(n), "Errors": "0", "Warnings": "0",
            "New": str(n), "Changed": "0", "Unchanged": "0",
        }, name  # fmt: skip
        read = f"**{md(file_name)}**: template **{TEMPLATES[name].title}** (`{name}`), read as CSV"
        assert any(m.value.startswith(read) for m in at.markdown), name
        assert [s.value for s in at.success] == ["No problem found: 0 errors, 0 warnings."]
        assert table(at, "upload_diff")["status"].to_list() == ["new"] * n
        at.button(key="submit_upload").click().run()
        done = at.success[-1].value
        assert done.startswith("Submitted for approval: #"), done
        ids[name] = int(done.split("#")[1].split(" ")[0])
    subs = store.submissions()
    assert sorted(subs["status"].to_list()) == ["submitted"] * 5
    assert dict(zip(subs["template"], subs["id"], strict=True)) == ids

    # A new session: the approver approves every submission on the Submissions page.
    at = sign_in(page("submissions"), APPROVER)
    listed = table(at, "submissions")
    assert sorted(listed["id"].to_list()) == sorted(ids.values())
    assert not any(listed["is_current"].to_list())
    expected_cited = {
        "inquiry_1072": 30 + 7 * 3,  # items; 6 domain + overall x score, category, response
        # RCI_ALL: 3 statistics x 6 cells (all, F, M, SAU, QAT, ARE); RCI_PAYERS: 3 x 5 (no
        # payer goes to QAT); share paying: 6 cells
        "rci_1071_microdata": 18 + 15 + 6,
        "gfmd_coherence": None,
        "census_tabulation": 4,  # stock, its %, and 2 bilateral rows
        "indicator_long": 1,
    }
    for i, (name, sub_id) in enumerate(ids.items()):
        said = approve(at, sub_id)
        # national long-format rows are their own dataset: the indicator table stays as it is,
        # except at the first approval: official data withdraws every demo dataset (issue 10)
        same = name == "indicator_long" and i > 0
        table_status = "unchanged" if same else "published"
        assert said.startswith(
            f"Submission {sub_id} is now approved. Indicators rebuilt (indicator table "
            f"{table_status}): "
        ), said
        cited = int(said.split(" published row(s) now come")[0].split(": ")[-1].replace(",", ""))
        assert cited > 0, said
        if expected_cited[name] is not None:
            assert cited == expected_cited[name], (name, said)
    listed = table(at, "submissions")
    assert listed["status"].to_list() == ["approved"] * 5
    assert all(listed["is_current"].to_list())
    history = table(at, "history")
    assert history["to_status"].to_list() == ["submitted", "approved"]
    assert history["user_name"].to_list() == [CONTRIBUTOR, APPROVER]

    # The published indicators are the hand-computed values.
    ken = {"ref_area": "KEN", "time_period": "2021"}
    overall = indicator(root, series_code="P_1072_SCORE", policy_domain="_T", **ken)
    assert overall["value"].to_list() == [pytest.approx(OVERALL_1072)]  # 100 x 21.5 / 30
    assert overall["value_label"].to_list() == ["Partially meets"]
    domains = indicator(root, series_code="P_1072_SCORE", **ken).sort("policy_domain")
    assert domains["value"].to_list()[:6] == [70.0, 80.0, 100.0, 60.0, 80.0, 40.0]
    rci = indicator(
        root, series_code="RCI_ALL", ref_area="KEN", sex="_T", counterpart_area="_T"
    ).sort("statistic")
    assert dict(zip(rci["statistic"], rci["value"], strict=True)) == {
        "MEAN": pytest.approx(RCI_MEAN_1071),  # (3 + 0 x 2 + 3 + 2) / 5
        "MEDIAN": 2.0,  # weights 2 (0), 1 (2), 1 (3), 1 (3): half of 5 is reached at 2
        "Q4": 3.0,  # 0.8 x 5 = 4 is reached at the first 3
    }
    assert rci["sample_size"].to_list() == [4, 4, 4]
    stock = indicator(root, series_code="SM_POP_CEN_COB", ref_area="KEN", time_period="2019")
    assert stock["value"].to_list() == [FOREIGN_BORN_2019]  # UGA 155000 + TZA 80000
    # GFMD intra-governmental items 01-05: yes, partial, yes, no, draft = (1+.5+1+0+.5)/5 x 100
    level = indicator(root, ref_area="KEN", time_period="2022", coherence_level="INTRA_GOV")
    assert 60.0 in level["value"].to_list()
    national = pl.read_parquet(root / "clean" / "national_indicators.parquet")
    assert national.select("ref_area", "counterpart_area", "time_period", "value").rows() == [
        ("GBR", "KEN", "2023-Q3", 6.25)
    ]
    assert national["source"][0].endswith(f"(national submission {ids['indicator_long']})")


def test_a_file_with_errors_lists_them_and_stores_nothing(root: Path, store: Store) -> None:
    at = sign_in(page("upload"), CONTRIBUTOR)
    upload(at, *broken_file())
    assert metrics(at)["Errors"] == "2"
    issues = table(at, "upload_issues")
    errors = issues.filter(pl.col("severity") == "error")
    assert errors.select("row", "column", "value", "rule").rows() == [
        (2, "answer", "yes", "answer_code"),
        (9, "ref_area", "KENYA", "iso3"),
    ]
    assert "Use one of: yes_all, yes_legal_only, no" in errors["message"][0]
    assert "e.g. 'KEN' for Kenya" in errors["message"][1]
    assert at.get_by_key("download_upload_issues") is not None  # the list as CSV
    assert at.error[0].value.startswith("2 error(s): nothing can be stored.")
    assert "submit_upload" not in [b.key for b in at.button]
    assert store.submissions().is_empty()


def test_warnings_need_a_confirmation(root: Path, store: Store) -> None:
    rows = [r for r in inquiry_rows() if r["sub_category"] != "PD_2_C"]  # one item left out
    at = sign_in(page("upload"), CONTRIBUTOR)
    upload(at, "inquiry_1072_KEN_partial.csv", filled_csv("inquiry_1072", rows))
    assert metrics(at)["Errors"] == "0" and metrics(at)["Warnings"] == "1"
    assert table(at, "upload_issues")["rule"].to_list() == ["items_missing"]
    assert at.button(key="submit_upload").disabled
    at.checkbox[0].check().run()
    assert not at.button(key="submit_upload").disabled
    at.button(key="submit_upload").click().run()
    assert at.success[-1].value.startswith("Submitted for approval: #1 (KEN 2021, 29 rows)")
    assert store.submissions()["n_rows"].to_list() == [29]


def _stored(store: Store, name: str) -> int:
    file_name, content = filled_files()[name]
    result = prepare_upload(content, file_name, current=store.current_rows)
    user = store.get_user(CONTRIBUTOR)
    assert user is not None
    return store_upload(store, result, user)[0][0]


def test_reject_and_revert_need_a_reason_and_revert_unpublishes(root: Path, store: Store) -> None:
    bad, good = _stored(store, "census_tabulation"), _stored(store, "inquiry_1072")
    at = sign_in(page("submissions"), APPROVER)
    at.selectbox(key="submission_id").set_value(bad).run()
    at.button(key="reject").click().run()
    assert at.error[0].value.startswith("Give a reason to reject")
    at.text_input(key="reason").input("UGA and TZA counts are swapped: check table A4").run()
    at.button(key="reject").click().run()
    assert at.success[0].value == (
        f"Submission {bad} is now rejected. The published data does not change."
    )
    assert approve(at, good).startswith(f"Submission {good} is now approved. Indicators rebuilt")
    assert indicator(root, series_code="P_1072_SCORE", ref_area="KEN").height == 7
    at.button(key="revert").click().run()
    assert at.error[0].value.startswith("Give a reason to revert")
    at.text_input(key="revert_reason").input("Ministry asked to correct PD_4").run()
    at.button(key="revert").click().run()
    said = at.success[0].value
    assert said.startswith(
        f"Submission {good} is now submitted. Indicators rebuilt (indicator table published)"
    )
    assert "0 published row(s) now come from this submission (before: 51)" in said
    assert indicator(root, series_code="P_1072_SCORE", ref_area="KEN").is_empty()
    statuses = dict(store.submissions().select("id", "status").iter_rows())
    assert statuses == {bad: "rejected", good: "submitted"}
    assert store.history(good)["reason"].to_list()[-1] == "Ministry asked to correct PD_4"


def test_contributor_may_withdraw_only_and_viewers_see_approved_only(
    root: Path, store: Store
) -> None:
    sub_id = _stored(store, "gfmd_coherence")
    viewer = page("submissions")
    check_submissions(viewer, root)  # the pending submission is not listed for viewers
    at = sign_in(page("submissions"), CONTRIBUTOR)
    assert [b.key for b in at.button if b.key in ("approve", "reject", "withdraw")] == ["withdraw"]
    at.button(key="withdraw").click().run()
    assert (
        at.success[0].value
        == f"Submission {sub_id} is now withdrawn. The published data does not change."
    )
    assert store.submissions()["status"].to_list() == ["withdrawn"]


def test_signed_out_pages_on_the_demo_data(dash_data: Path) -> None:
    at = page("upload")
    assert not at.exception, at.exception
    check_upload(at, dash_data)
    at = page("submissions", at)
    assert not at.exception, at.exception
    check_submissions(at, dash_data)
    assert not (dash_data / "app.duckdb").exists()  # looking creates no database
