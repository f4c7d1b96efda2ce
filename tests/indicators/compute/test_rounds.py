"""Two hand-made survey rounds compared item by item (indicators/compute/rounds.py)."""

from __future__ import annotations

import polars as pl

from core.templates import GFMD_ITEMS
from indicators.compute.rounds import (
    change_sentences,
    compare_rounds,
    rounds_of,
    score_history,
    survey_items,
)


def _gfmd(period: str, answers: dict[str, str], texts: dict[str, str]) -> list[dict]:
    return [
        {"ref_area": "KEN", "time_period": period, "item_code": i, "answer": answers.get(i, "yes"),
         "count": None, "answer_text": texts.get(i, ""), "source": f"GFMD survey {period}"}
        for i in GFMD_ITEMS
    ]  # fmt: skip


# 2020: P.COH.05 no, P.COH.02 partial, P.REM.02 unanswered; 2022: P.COH.05 draft, P.COH.02
# partial with a new text, P.REM.02 yes; every other item yes in both rounds.
ROUND_2020 = _gfmd("2020", {"P.COH.05": "no", "P.COH.02": "partial", "P.REM.02": None}, {})
ROUND_2022 = _gfmd(
    "2022",
    {"P.COH.05": "draft", "P.COH.02": "partial"},
    {"P.COH.02": "Focal points named in 4 of 6 ministries", "P.COH.05": "Chapter in MTP IV"},
)
ROWS = pl.DataFrame(ROUND_2020 + ROUND_2022, schema_overrides={"count": pl.Int64})


def test_changed_items_first_with_answers_texts_and_questions() -> None:
    items = survey_items("gfmd_coherence", ROWS)
    assert rounds_of(items, "KEN") == ["2020", "2022"]
    got = compare_rounds(items, "KEN", "2020", "2022")
    assert got.height == 15
    changed = got.filter(pl.col("changed"))
    assert changed["code"].to_list() == ["P.COH.02", "P.COH.05", "P.REM.02"]
    assert got["code"][:3].to_list() == ["P.COH.02", "P.COH.05", "P.REM.02"]  # changed first
    coh05 = got.row(1, named=True)
    assert (coh05["answer_then"], coh05["answer_now"]) == ("no", "draft")
    assert (coh05["value_then"], coh05["value_now"]) == (0.0, 0.5)
    assert coh05["text_now"] == "Chapter in MTP IV" and coh05["text_then"] == ""
    assert coh05["question"].startswith("Is migration integrated in the national development")
    assert coh05["group"] == "Intra-governmental coherence"
    rem02 = got.row(2, named=True)
    assert (rem02["answer_then"], rem02["answer_now"]) == ("not answered", "yes")
    assert change_sentences(got, "2020", "2022")[1] == (
        f"P.COH.05 ({coh05['question']}): 'no' (2020) → 'draft' (2022)."
    )
    assert "open-ended answer was revised" in change_sentences(got, "2020", "2022")[0]


def test_level_scores_over_all_rounds_by_hand() -> None:
    hist = score_history("gfmd_coherence", ROWS, "KEN")
    intra = dict(
        hist.filter(pl.col("group") == "Intra-governmental")
        .select("time_period", "score")
        .iter_rows()
    )
    # intra = P.COH.01-05: 2020 (1 + 0.5 + 1 + 1 + 0) / 5 = 70 %; 2022 (1 + 0.5 + 1 + 1 + 0.5) / 5
    assert intra == {"2020": 70.0, "2022": 80.0}
    assert set(hist["group"]) == {"Intra-governmental", "Inter-governmental", "Multilateral",
                                  "Multi-stakeholder"}  # fmt: skip


def test_inquiry_domains_and_a_round_not_submitted() -> None:
    rows = pl.DataFrame(
        [
            {"ref_area": "KEN", "time_period": "2019", "policy_domain": "PD_3",
             "sub_category": s, "answer": a, "answer_text": "", "source": "Inquiry 2019"}
            for s, a in (("PD_3_A", "yes"), ("PD_3_B", "no"))
        ] + [
            {"ref_area": "KEN", "time_period": "2021", "policy_domain": "PD_3",
             "sub_category": s, "answer": "yes", "answer_text": t, "source": "Inquiry 2021"}
            for s, t in (("PD_3_A", ""), ("PD_3_B", "BLA with Qatar (2020)"))
        ]
    )  # fmt: skip
    items = survey_items("inquiry_1072", rows)
    got = compare_rounds(items, "KEN", "2019", "2021")
    assert got.height == 30 and got["code"][0] == "PD_3_B"
    first = got.row(0, named=True)
    assert (first["answer_then"], first["answer_now"], first["text_now"]) == (
        "no",
        "yes",
        "BLA with Qatar (2020)",
    )
    assert first["group"] == "Domain 3: Cooperation and partnerships"
    hist = score_history("inquiry_1072", rows, "KEN")
    d3 = dict(
        hist.filter(pl.col("group").str.starts_with("Domain 3"))
        .select("time_period", "score")
        .iter_rows()
    )
    assert d3 == {"2019": 20.0, "2021": 40.0}  # 1 of 5, then 2 of 5
    missing = compare_rounds(items, "KEN", "2017", "2021")
    assert missing["answer_then"][0] == "(round not submitted)"
