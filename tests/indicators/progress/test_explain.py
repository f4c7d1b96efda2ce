"""'Why this status' texts, accessible styles, the §3 level RAG and the binary rule."""

from __future__ import annotations

import pytest

from indicators.progress.explain import explain, summary_sentence
from indicators.progress.levels import (
    LEVEL_RULES,
    binary_progress,
    rag_level,
    rag_level_vs_baseline,
)
from indicators.progress.method import Status, aggregate, not_assessed, progress
from indicators.progress.styles import RAG_STYLE, STATUS_STYLE, badge, contrast_ratio


def test_explain_method_2_fills_in_the_numbers() -> None:
    text = explain(progress({2015: 6.2, 2023: 4.1}, target=3, name="10.c.1 GA"))
    lines = text.splitlines()
    assert lines[0] == "10.c.1 GA: ▲ On track (score +3.33 on a −5 to +5 scale)."
    assert "Base: 2015 = 6.2." in lines and "Current (latest year with data): 2023 = 4.1." in lines
    assert "Target: 3 by 2030." in lines
    assert "CAGR actual = (4.1 / 6.2)^(1/8) − 1 = −5.0 % a year." in lines
    assert "CAGR required = (3 / 6.2)^(1/15) − 1 = −4.7 % a year" in text
    assert "= (+1) × (−1) × (−5.0 %) / 4.7 % = 1.066." in text
    assert "On track ≥ 0.95; Progress made but acceleration needed ≥ 0.60" in text
    assert "Score = min(7.1429 × R − 4.2857, 5) = +3.33." in text
    assert "method 2 (quantitative target)" in lines[-1]
    # the source names the method's documentation, never a commit or a spec section
    assert "Open SDG progress methodology" in lines[-1]
    assert "commit" not in text and "§" not in text and "indicators.md" not in text


def test_explain_method_1_with_limit_and_quarters() -> None:
    q = {"2015-Q1": 80.0, "2015-Q3": 80.0, "2020": 81.0}
    text = explain(progress(q, direction="positive", limit=100, name="x"))
    assert "Desired direction: higher is better (direction: positive)." in text
    assert "2015 value = mean of 2 of 4 quarters (Q1, Q3)." in text
    assert "No target: progress is judged on the growth rate" in text
    assert "Natural limit: 100." in text
    assert "each multiplied by C = 0.629" in text  # 1 − 0.8^4.44
    assert "Score = 500 × x / C − 2.5 = −0.52." in text
    assert "method 1 (no target: direction only)" in text


def test_explain_base_year_moved_and_target_already_met_edge() -> None:
    text = explain(progress({2016: 1.48, 2024: 6.6}, target=3, name="ARM"))
    assert "Base: 2016 = 1.48 (2015 has no value: first year after it)." in text
    assert "The base value already met the target" in text
    assert "→ Deterioration. Score = max(4.1667 × R − 2.5, −5) = −5.00." in text


def test_explain_target_achieved() -> None:
    text = explain(progress({2015: 2.5, 2020: 2.9}, target=3, name="GEO"))
    assert text.startswith("GEO: ✓ Target achieved (score +5.00")
    assert "The latest value 2.9 is ≤ the target 3, so the target is achieved" in text


@pytest.mark.parametrize(
    ("series", "kwargs", "says"),
    [
        ({}, {}, "the series has no values"),
        ({2019: 4.1}, {}, "only one data point (2019: 4.1); at least two years are needed"),
        (
            {2011: 5.0, 2013: 4.0},
            {},
            "no base value: no data in or after the base year 2015 (data cover 2011–2013)",
        ),
        ({2013: 5.0, 2016: 4.0}, {}, "only one year (2016) at or after the base year 2015"),
        ({2015: 2.0, 2017: -1.0, 2020: 3.0}, {}, "the values do not all have the same sign"),
        ({2015: 2.0, 2020: 1.0}, {"direction": "none"}, "the indicator has no desired direction"),
    ],
)
def test_explain_not_available_says_what_is_missing(series, kwargs, says) -> None:
    text = explain(progress(series, **kwargs, name="s"))
    assert text.startswith("s: — Not available.")
    assert f"Not available because {says}" in text


def test_explain_not_assessed_keeps_the_reason() -> None:
    text = explain(not_assessed("10.7.3", "metadata: should not be used to identify trends"))
    assert "deliberately not assessed" in text and "Note: metadata: should not" in text


def test_explain_aggregate_lists_components_and_mean() -> None:
    a = progress({2015: 6.2, 2023: 4.1}, target=3, name="GA")  # +3.33
    b = progress({2015: 10, 2020: 9}, target=3, name="SmaRT")  # −1.37
    gone = progress({2019: 1.0}, name="SHARE5")
    text = explain(aggregate([a, b, gone], name="10.c.1"))
    assert text.startswith("10.c.1: ► Progress made but acceleration needed (score +0.98")
    assert "  ▲ On track: GA (score +3.33)" in text
    assert "  — Not available: SHARE5, left out (no score)" in text
    assert "Score = mean of 2 series scores = ((+3.33) + (−1.37)) / 2 = +0.98." in text
    assert "Target achieved only if all series achieve it: 0 of 2 do." in text


def test_binary_rule() -> None:
    assert binary_progress({"a": 1, "b": 1}).status is Status.TARGET_ACHIEVED
    partial = binary_progress({"P.COH.01": 1, "P.COH.05": 0.5, "P.COH.06": None}, name="KEN")
    assert (partial.status, partial.label, partial.rag) == (
        Status.TARGET_NOT_ACHIEVED,
        "Target not achieved",
        "R",
    )
    assert binary_progress(None, name="P.DIA.01").status is Status.NOT_AVAILABLE
    with pytest.raises(ValueError, match=r"'x' has value 0\.7"):
        binary_progress({"x": 0.7})
    text = explain(partial)
    assert "  P.COH.05: 0.5 (partial or draft: not met)" in text
    assert "  P.COH.06: not answered (counted as not met)" in text
    assert "1 of 3 met. No growth rate is computed." in text


@pytest.mark.parametrize(
    ("rule", "value", "rag"),
    [
        ("10.7.2", 100, "G"),
        ("10.7.2", 80, "G"),
        ("10.7.2", 79.9, "A"),
        ("10.7.2", 40, "A"),
        ("10.7.2", 39.9, "R"),
        ("coherence", 50, "A"),
        ("binary_item", 1, "G"),
        ("binary_item", 0.5, "A"),
        ("binary_item", 0, "R"),
        ("binary_item", None, "grey"),
        ("10.c.1", 2.99, "G"),
        ("10.c.1", 3.0, "A"),  # "G < 3 (target met); A 3–5; R > 5"
        ("10.c.1", 5.0, "A"),
        ("10.c.1", 5.01, "R"),
        ("10.c.1.smart", 3.0, "G"),  # "G ≤ 3"
        ("share5", 0, "G"),
        ("share5", 25, "A"),
        ("share5", 25.1, "R"),
        ("10.7.1", 1, "G"),
        ("10.7.1", 3, "A"),
        ("10.7.1", 3.5, "R"),
        ("10.7.4", 500, "grey"),  # trend only
        ("10.7.3", 10, "grey"),  # no RAG
        ("10.c.1", float("nan"), "grey"),
    ],
)
def test_level_rag_rules_of_section_3(rule: str, value: float | None, rag: str) -> None:
    assert rag_level(value, rule) == rag


def test_level_rag_errors_and_baseline_rules() -> None:
    with pytest.raises(ValueError, match=r"value 0.7 is outside every band of the rule 'G = 1"):
        rag_level(0.7, "binary_item")
    # 10.7.2 regional: G ≥ target; A ≥ baseline; R < baseline
    assert [rag_level_vs_baseline(v, target=75, baseline=50) for v in (75, 50, 49)] == [
        "G",
        "A",
        "R",
    ]
    # P.* cross-country: A > baseline (improving); R ≤ baseline
    assert rag_level_vs_baseline(50, target=75, baseline=50, strict=True) == "R"
    assert rag_level_vs_baseline(None, target=75, baseline=50) == "grey"
    assert all(r.text for r in LEVEL_RULES.values())


def test_styles_never_rely_on_colour_alone() -> None:
    for styles in (STATUS_STYLE, RAG_STYLE):
        symbols = [s.symbol for s in styles.values()]
        assert len(set(symbols)) == len(symbols)  # each status has its own symbol
        assert all(s.label for s in styles.values())
        for s in styles.values():  # WCAG AA for normal text on the fill
            assert contrast_ratio(s.text_colour, s.colour) >= 4.5, s
    assert set(STATUS_STYLE) == set(Status)
    assert STATUS_STYLE[Status.SUBSTANTIAL].colour == "#009E73"  # Okabe-Ito bluish green
    assert badge(progress({2015: 10, 2020: 11}, target=3)) == "✕ Deterioration"
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)


def test_summary_sentence_says_status_because_and_what_would_change_it() -> None:
    # Method 2, the real KEN 10.c.1 SDG series: moving away from the target.
    worse = summary_sentence(progress({2015: 8.83, 2021: 9.24}, target=3, name="10.c.1"))
    assert worse == (
        "Deterioration: the value went from 8.83 (2015) to 9.24 (2021), up 0.76 % a year, while "
        "reaching the target 3 by 2030 needs 6.9 % a year down; at 95 % of that pace or more it "
        "would be on track."
    )
    # Method 1: direction only, with the on-track threshold.
    ok = summary_sentence(progress({2015: 16.5, 2019: 15.25}, name="10.7.4"))
    assert ok.startswith("On track: the value went from 16.5 (2015) to 15.25 (2019), down 2.0 %")
    assert ok.endswith("on track means at least 1.5 % a year in the desired direction.")
    met = summary_sentence(progress({2015: 2.5, 2020: 2.9}, target=3, name="GEO"))
    assert met.startswith("Target achieved: the latest value 2.9 (2020) already meets the target")
    # No data and context are different answers.
    empty = summary_sentence(progress({}, target=3, name="x"))
    assert empty == (
        "Not available: the series has no values; it gets a status once values for this "
        "country are published."
    )
    context = summary_sentence(not_assessed("x", "context: no desired level", context=True))
    assert context.startswith("Not assessed (context): shown for information only")
    for text in (worse, ok, met, empty, context):
        assert text.count(". ") == 0 and text.endswith(".")  # one sentence
