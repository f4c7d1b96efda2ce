"""Chart builders, captions and the error mapper, tested on chart.to_dict() without Streamlit."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from core.contract import conform
from core.errors import EtlError, ParseError, SourceFetchError
from dashboard.components import chart_layout as layout
from dashboard.components import charts
from dashboard.errors import message_for


def _rows(periods: list[str], values: list[float], **fixed: object) -> pl.DataFrame:
    """Contract rows of one WLD→WLD USD 200 MEAN series (overridable with `fixed`)."""
    base = {
        "indicator_code": "10.c.1",
        "series_code": "SI_RMT_COST",
        "ref_area": "WLD",
        "counterpart_area": "WLD",
        "freq": "Q",
        "transfer_amount": "USD200",
        "statistic": "MEAN",
        "unit_measure": "PT",
        "source": "RPW Q2 2024",
        "retrieved_at": "2024-09-01T08:00:00+00:00",
        "sample_size": 120,
    } | fixed
    rows = [{**base, "time_period": p, "value": v} for p, v in zip(periods, values, strict=True)]
    return conform(pl.DataFrame(rows))


def _title(spec: dict) -> str:
    """The chart title's lines joined by spaces (titles are wrapped to fit a phone)."""
    return " ".join(spec["title"]["text"])


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _dataset(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


GA = _rows(["2015-Q4", "2016-Q2", "2024-Q1"], [7.5, 7.4, 6.4])


def test_prepare_dates_and_labels() -> None:
    wb = _rows(["2015"], [9.1], series_code="SI_RMT_COST_IB_ZS", counterpart_area="KEN")
    out = charts.prepare(pl.concat([GA, wb]))
    assert out["date"].to_list() == [
        date(2015, 10, 1),
        date(2016, 4, 1),
        date(2024, 1, 1),
        date(2015, 7, 1),  # annual values sit at mid-year
    ]
    assert out["series"][0] == "Average global, USD 200 (RPW, this platform)"
    assert out["series"][3] == "Average sending to Kenya, USD 200 (World Bank SI.RMT.COST.IB.ZS)"


def test_trend_chart_encodings_title_and_tooltip() -> None:
    spec = charts.trend_chart(GA, title="Global average").to_dict()
    assert _title(spec) == "Global average (% of amount sent)"
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    enc = line["encoding"]
    assert (enc["x"]["field"], enc["x"]["type"]) == ("date", "temporal")
    assert (enc["y"]["field"], enc["y"]["type"]) == ("value", "quantitative")
    assert enc["y"]["title"] == "Value (% of amount sent)"
    tips = {t["field"]: t for t in enc["tooltip"]}
    assert {"value", "time_period", "sample_size", "series", "source"} <= set(tips)
    assert tips["value"]["title"] == "Value (% of amount sent)"
    assert tips["value"]["format"] == ".2f"
    assert [r["value"] for r in _dataset(spec, line)] == [7.5, 7.4, 6.4]


def test_trend_chart_draws_the_3_and_5_percent_rules() -> None:
    spec = charts.trend_chart(GA, title="GA", rules=(charts.TARGET_3, charts.THRESHOLD_5)).to_dict()
    rule = next(
        layer
        for layer in _layers(spec)
        if _mark(layer) == "rule" and layer["encoding"].get("y", {}).get("field") == "y"
    )
    rows = _dataset(spec, rule)
    assert [(r["y"], r["label"]) for r in rows] == [
        (3.0, "SDG 10.c target: 3 %"),
        (5.0, "5 % corridor threshold"),
    ]
    texts = [layer for layer in _layers(spec) if _mark(layer) == "text"]
    assert any(t["encoding"]["text"]["field"] == "label" for t in texts)


def test_methodology_break_marked_only_when_data_spans_it() -> None:
    spec = charts.trend_chart(GA, title="GA").to_dict()
    breaks = [
        layer
        for layer in _layers(spec)
        if _mark(layer) == "rule" and layer["encoding"].get("x", {}).get("field") == "date"
    ]
    assert len(breaks) == 1
    assert _dataset(spec, breaks[0])[0]["label"] == charts.BREAK_LABEL
    later = _rows(["2017-Q1", "2018-Q1"], [7.0, 6.9])
    spec_later = charts.trend_chart(later, title="GA").to_dict()
    assert all(_mark(layer) == "line" for layer in _layers(spec_later))


def test_smart_chart_two_axes_and_filters() -> None:
    smart = _rows(["2023-Q1", "2024-Q1"], [3.5, 3.3], statistic="SMART3")
    counts = _rows(
        ["2023-Q1", "2024-Q1"], [21.0, 18.0], statistic="CORRIDORS_LT3_ELIGIBLE",
        unit_measure="NUMBER",
    )  # fmt: skip
    spec = charts.smart_chart(pl.concat([smart, counts])).to_dict()
    assert spec["resolve"]["scale"]["y"] == "independent"
    by_mark = {_mark(layer): layer for layer in _layers(spec)}
    assert (
        by_mark["bar"]["transform"][0]["filter"] == "(datum.statistic === 'CORRIDORS_LT3_ELIGIBLE')"
    )
    assert by_mark["line"]["encoding"]["y"]["title"] == "SmaRT average (% of amount sent)"
    assert "sample_size" in {t["field"] for t in by_mark["line"]["encoding"]["tooltip"]}
    assert "(% of amount sent)" in _title(spec)


def test_provider_chart_labels_and_period_in_title() -> None:
    df = pl.concat(
        [
            _rows(["2024-Q1"], [9.5], provider_type="BANK"),
            _rows(["2024-Q1"], [5.2], provider_type="MTO"),
        ]
    )
    spec = charts.provider_chart(df).to_dict()
    assert _title(spec) == "Average cost by provider type, 2024-Q1 (% of amount sent)"
    assert spec["encoding"]["x"]["title"] == ["Average total cost", "(% of amount sent)"]
    values = spec["datasets"][spec["data"]["name"]]
    assert {(r["provider"], r["value"]) for r in values} == {
        ("Bank", 9.5),
        ("Money transfer operator", 5.2),
    }


def test_caption_states_the_origin_of_the_rows() -> None:
    mixed = GA.with_columns(pl.Series("data_origin", ["custodian"] + ["derived"] * (GA.height - 1)))
    assert charts.caption(mixed, "%").endswith(
        "Retrieved: 2024-09-01. Origin: official (custodian agency); derived (computed here "
        "from official inputs)."
    )
    demo = GA.with_columns(pl.lit("demo").alias("data_origin"))
    assert charts.caption(demo, "%").endswith("Origin: DEMO DATA (synthetic, not official).")


def test_caption_states_source_period_unit_and_retrieval() -> None:
    assert charts.caption(GA, charts.COST_UNIT) == (
        "Source: RPW Q2 2024. Period: 2015-Q4 to 2024-Q1. Unit: % of amount sent. "
        "Retrieved: 2024-09-01."
    )
    no_date = GA.with_columns(pl.lit(None, pl.String).alias("retrieved_at"))
    assert charts.caption(no_date.head(1), "%").endswith(
        "Period: 2015-Q4. Unit: %. Retrieved: date not recorded."
    )


def test_caption_escapes_dollar_signs_and_markdown() -> None:
    # "US$, 2011 - 2022" between two "$" was drawn as maths by Streamlit (issue 13)
    usd = GA.with_columns(pl.lit("World Bank SAV.REM *US$* file_1").alias("source"))
    text = charts.caption(usd, "current US$ million")
    assert "Unit: current US\\$ million" in text
    assert "World Bank SAV.REM \\*US\\$\\* file\\_1" in text
    assert "$" not in text.replace("\\$", "")


def test_smart_chart_draws_the_usd_200_rows_only() -> None:
    usd200 = _rows(["2023-Q1", "2024-Q1"], [3.5, 3.3], statistic="SMART3")
    usd500 = _rows(["2023-Q1", "2024-Q1"], [2.1, 2.0], statistic="SMART3", transfer_amount="USD500")
    spec = charts.smart_chart(pl.concat([usd200, usd500])).to_dict()
    values = [r["value"] for r in spec["datasets"][spec["data"]["name"]]]
    assert values == [3.5, 3.3]
    assert "USD 200" in _title(spec)


def test_titles_wrap_into_lines_that_fit_a_phone() -> None:
    long = "Average cost of sending USD 200 to the country (RPW, this platform), World → Kenya"
    spec = charts.trend_chart(GA, title=long).to_dict()
    lines = spec["title"]["text"]
    assert len(lines) > 1 and all(len(line) <= layout.TITLE_CHARS for line in lines)
    assert _title(spec) == f"{long} (% of amount sent)"  # nothing cut
    assert spec["title"]["limit"] == 0


def test_legend_below_with_wrapped_labels_and_area_names() -> None:
    corridor = _rows(["2023-Q1", "2024-Q1"], [7.0, 6.5], ref_area="GBR", counterpart_area="KEN")
    spec = charts.trend_chart(corridor, title="Corridor").to_dict()
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    legend = line["encoding"]["color"]["legend"]
    assert (legend["orient"], legend["direction"]) == ("bottom", "vertical")
    assert "split(" in legend["labelExpr"]
    row = spec["datasets"][(line.get("data") or spec["data"])["name"]][0]
    assert row["series"] == "Average United Kingdom → Kenya, USD 200 (RPW, this platform)"
    assert row["legend"].split("\n") == layout.lines(row["series"], layout.LEGEND_CHARS)


def test_text_marks_are_clipped_and_the_break_label_is_short() -> None:
    spec = charts.trend_chart(GA, title="GA", rules=(charts.TARGET_3,)).to_dict()
    texts = [layer for layer in _layers(spec) if _mark(layer) == "text"]
    assert len(texts) == 2 and all(t["mark"]["clip"] is True for t in texts)
    shown = [_dataset(spec, t)[0].get("short") for t in texts]
    assert charts.BREAK_SHORT in shown


def test_single_period_shows_one_tick_labelled_with_its_period() -> None:
    spec = charts.trend_chart(GA.head(1), title="One quarter").to_dict()
    x = next(layer for layer in _layers(spec) if _mark(layer) == "line")["encoding"]["x"]
    assert x["axis"]["values"] == [{"year": 2015, "month": 10, "date": 1}]
    assert "'-Q'" in x["axis"]["labelExpr"]
    assert x["scale"]["domain"] == [
        {"year": 2015, "month": 4, "date": 1},
        {"year": 2016, "month": 4, "date": 1},
    ]
    annual = layout.period_x([date(2019, 7, 1)]).to_dict()
    assert annual["axis"]["labelExpr"] == "timeFormat(datum.value, '%Y')"


def test_long_series_get_year_ticks_never_more_than_max() -> None:
    dates = [date(y, m, 1) for y in range(2011, 2026) for m in (1, 4, 7, 10)]
    x = layout.period_x(dates).to_dict()
    ticks = x["axis"]["values"]
    assert len(ticks) <= layout.MAX_TICKS and all(t["month"] == 1 for t in ticks)
    assert x["axis"]["labelOverlap"] is True
    assert layout.year_x([1990, 1995, 2000]).to_dict()["axis"]["values"] == [1990, 1995, 2000]
    assert layout.year_x([2020]).to_dict()["scale"]["domain"] == [2019, 2021]


@pytest.mark.parametrize(
    ("exc", "level", "text"),
    [
        (SourceFetchError("rpw", "https://x.invalid/f", "timeout", 504), "warning", "HTTP 504"),
        (ParseError("data/clean/indicators.parquet", "cannot read"), "error", "cannot read"),
        (EtlError("plain"), "error", "plain"),
    ],
)
def test_error_mapper_levels(exc: EtlError, level: str, text: str) -> None:
    got_level, got_text = message_for(exc)
    assert got_level == level
    assert text in got_text


def test_every_builder_compiles_and_renders_in_vega() -> None:
    # Vega parses labelExpr and the axis values only when drawing: a bad expression leaves an
    # empty space where the chart should be (issue 13). vl-convert runs the same Vega.
    import vl_convert as vlc

    from dashboard.components import migration_charts as mc
    from dashboard.components import progress_charts

    progress = GA.with_columns(series=pl.lit("Average cost (published)"))
    specs = [
        charts.trend_chart(GA, title="GA", rules=(charts.TARGET_3,)),
        charts.trend_chart(GA.head(1), title="One period"),
        progress_charts.progress_chart(
            progress, title="P", unit="%", baseline=(2015, 7.5), target=(2030, 3.0),
            breaks=(("2016-Q2", "RPW change"),),
        ),
        mc.series_trend_chart(
            GA.with_columns(pl.lit("SM_POP_REFG").alias("series_code")), title="R", unit="persons"
        ),
    ]  # fmt: skip
    for chart in specs:
        spec = chart.to_dict() | {"width": 340}
        svg = vlc.vegalite_to_svg(spec)
        first_line = spec["title"]["text"][0]
        assert svg.startswith("<svg") and f">{first_line}</text>" in svg, first_line
