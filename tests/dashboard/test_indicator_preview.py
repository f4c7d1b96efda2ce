"""The computed-indicator preview of an Inquiry / GFMD upload, on Upload and on Submissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.uploads.prepare import prepare_upload
from indicators.compute.preview import preview
from store.submissions import Store
from tests.dashboard.test_upload_pages import page, sign_in, table, upload
from tests.dashboard.upload_fixture import APPROVER, CONTRIBUTOR, OVERALL_1072, filled_files

LABEL = "preview — not published until approved"
# upload_fixture.ANSWERS_1072, by hand: domain 3 five "yes" (100), overall 100 x 21.5 / 30.


def _rows(template: str):  # type: ignore[no-untyped-def]
    name, content = filled_files()[template]
    result = prepare_upload(content, name, current=None)
    assert not result.errors
    return result.rows


def test_inquiry_preview_has_domain_scores_and_the_overall_category() -> None:
    got = preview("inquiry_1072", _rows("inquiry_1072"))
    assert got.height == 7
    overall = got.filter(got["part"].str.starts_with("Overall")).row(0, named=True)
    assert overall["score (0-100)"] == pytest.approx(OVERALL_1072)
    assert overall["category"] == "2: Partially meets"  # 40 <= score < 80
    d3 = got.filter(got["part"].str.starts_with("Domain 3")).row(0, named=True)
    assert (d3["score (0-100)"], d3["category"]) == (100.0, "4: Fully meets")


def test_gfmd_preview_has_the_coherence_levels() -> None:
    got = preview("gfmd_coherence", _rows("gfmd_coherence"))
    scores = dict(zip(got["part"], got["score (0-100)"], strict=True))
    # hand-computed in report_fixture for KEN 2022
    assert scores["Intra-governmental"] == pytest.approx(60.0)
    assert scores["Inter-governmental"] == pytest.approx(200 / 3)
    assert preview("census_tabulation", _rows("census_tabulation")).is_empty()


def test_upload_and_approval_screens_show_the_preview(root: Path, store: Store) -> None:
    at = sign_in(page("upload"), CONTRIBUTOR)
    name, content = filled_files()["inquiry_1072"]
    upload(at, name, content)
    assert any(LABEL in s.value for s in at.subheader)
    shown = table(at, "upload_preview")
    overall = shown.filter(shown["part"].str.starts_with("Overall"))
    assert overall["score (0-100)"][0] == pytest.approx(OVERALL_1072)
    at.button(key="submit_upload").click().run()
    sub_id = int(at.success[-1].value.split("#")[1].split(" ")[0])

    at = sign_in(page("submissions"), APPROVER)
    at.selectbox(key="submission_id").set_value(sub_id).run()
    assert any(LABEL in s.value for s in at.subheader)
    again = table(at, "submission_preview")
    assert again.filter(again["part"].str.starts_with("Overall"))["category"][0] == (
        "2: Partially meets"
    )
    # A census file has no computed preview.
    at = sign_in(page("upload"), CONTRIBUTOR)
    name, content = filled_files()["census_tabulation"]
    upload(at, name, content)
    assert not any(LABEL in s.value for s in at.subheader)
