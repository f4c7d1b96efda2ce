"""chart_spec keeps a chart's tables as Arrow bytes: Streamlit sends exactly the same chart."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _two_charts() -> None:
    """The same chart twice: from the plain spec, then from the spec with Arrow datasets."""
    import altair as alt
    import polars as pl
    import streamlit as st

    from dashboard.data.loaders import arrow_datasets

    rows = [
        {"time_period": f"{y}-Q{q}", "value": 7.0 - 0.1 * i, "label": "Kenya", "unit": "PT"}
        for i, (y, q) in enumerate((y, q) for y in (2022, 2023) for q in (1, 2, 3, 4))
    ]
    df = pl.DataFrame(rows)

    chart = alt.Chart(df).mark_line().encode(x="time_period:N", y="value:Q", color="label:N")
    st.vega_lite_chart(spec=chart.to_dict(), key="plain")
    st.vega_lite_chart(spec=arrow_datasets(chart.to_dict()), key="arrow")


def test_the_chart_sent_is_the_same_with_arrow_datasets() -> None:
    at = AppTest.from_function(_two_charts).run()
    assert not at.exception
    plain, arrow = (c.proto for c in at.get("vega_lite_chart"))
    assert plain.spec == arrow.spec
    assert [(d.name, d.data.data) for d in plain.datasets] == [
        (d.name, d.data.data) for d in arrow.datasets
    ]
    assert plain.datasets and plain.datasets[0].data.data  # the rows are there


def test_geometry_stays_in_the_spec() -> None:
    from dashboard.data.loaders import arrow_datasets

    topo = {"type": "Topology", "arcs": [], "objects": {}}
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}]
    spec = arrow_datasets({"datasets": {"t": topo, "f": features, "rows": [{"a": 1}]}})
    assert spec["datasets"]["t"] is topo and spec["datasets"]["f"] is features
    assert isinstance(spec["datasets"]["rows"], bytes)
