"""Issue 10 part A: the origin of every row, demo all or nothing, publishers not machines,
country exports with both sides of a corridor. On the real files of ../shared/data.

The scenario of the issue: `make run` offline (DEMO DATA), then the official files with
`python -m etl run --offline --raw-dir ../shared/data` (which hold no RPW quote workbook, so
the demo quotes used to stay published and become Kenya's 10.c.1 headline).
"""

from __future__ import annotations

import io as bytes_io
import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from core import config
from core.contract import conform
from core.errors import EtlError
from etl import approved, io, pipeline
from etl.exports import cli as export_cli
from etl.exports.guard import DEMO_FLAG, guard_demo
from etl.exports.opensdg import export_opensdg
from etl.exports.read import read_sdmx_csv
from etl.exports.sdmx import export_sdmx
from etl.exports.tables import export_files, read_csv_bytes
from store.submissions import open_store
from tests.conftest import require_shared
from tests.etl.test_approved import PASSWORD, _submit
from tests.etl.uploads.helpers import csv_bytes

MACHINE_MARKS = ("file://", "/work/", "/tmp/", "/home/", "shared/data")


@pytest.fixture(scope="module")
def demo_then_official(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir where DEMO DATA was published, then the real official files loaded."""
    raw = require_shared()
    root = tmp_path_factory.mktemp("demo_then_official") / "data"
    (root / "raw").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        mp.delenv("DATABASE_URL", raising=False)
        pipeline.run(offline=True, fallback_demo=True)
        assert io.read_clean_meta("rpw_quotes")["demo"] is True  # the demo was served
        # what `make run` does again afterwards: --fallback-demo must not bring demo back
        pipeline.run(raw_dir=raw, offline=True, fallback_demo=True)
    return root


@pytest.fixture
def at(demo_then_official: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point M_E_DATA_DIR at the demo-then-official data dir."""
    monkeypatch.setenv("M_E_DATA_DIR", str(demo_then_official))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return demo_then_official


def _published_text(root: Path) -> str:
    """Every published sidecar (data/clean/*.meta.json), concatenated."""
    return "\n".join(p.read_text() for p in sorted((root / "clean").glob("*.meta.json")))


def test_official_data_withdraws_every_demo_dataset(at: Path) -> None:
    metas = {p.name: json.loads(p.read_text()) for p in (at / "clean").glob("*.meta.json")}
    assert not (at / "clean" / "rpw_quotes.parquet").exists()  # no official quotes loaded
    assert [n for n, m in metas.items() if m.get("demo")] == []
    table = pl.read_parquet(at / "clean" / "indicators.parquet")
    assert table.height > 100_000
    assert set(table["data_origin"].unique()) == {"custodian", "derived"}
    assert table.filter(pl.col("source").str.contains("DEMO")).height == 0
    # Kenya's 10.c.1 is the World Bank's own series now, not a cost computed from demo quotes
    ken = table.filter(indicator_code="10.c.1", ref_area="KEN", counterpart_area="_T")
    assert set(ken["series_code"]) <= {"SI_RMT_COST_IB_ZS", "SI_RMT_COST_OB_ZS"}
    assert ken.filter(series_code="SI_RMT_COST").height == 0
    # the cost of sending to Kenya (WLD -> KEN) is the WDI value the issue quotes: 8.45 % (2020)
    wdi = table.filter(series_code="SI_RMT_COST_IB_ZS", counterpart_area="KEN", time_period="2020")
    assert wdi["value"].round(2).to_list() == [8.45] and wdi["data_origin"][0] == "custodian"


def test_every_row_has_an_origin_and_a_date(at: Path) -> None:
    table = pl.read_parquet(at / "clean" / "indicators.parquet")
    assert table["data_origin"].null_count() == 0
    assert table["retrieved_at"].null_count() == 0
    origin = dict(table.group_by("series_code").agg(pl.col("data_origin").first()).iter_rows())
    assert origin["SM_DTH_MIGR"] == "derived"  # counted here from IOM incident records
    assert origin["SM_POP_REFG_OR"] == "derived"  # UNHCR count per UN DESA population
    assert origin["SM_POP_REFG_OR_N"] == "custodian"  # the UNHCR count itself
    assert origin["RPW_ATCR_CORR"] == "custodian"  # the World Bank's corridor averages


def test_published_metadata_cites_publishers_not_machines(at: Path) -> None:
    text = _published_text(at)
    assert not [m for m in MACHINE_MARKS if m in text]
    table = pl.read_parquet(at / "clean" / "indicators.parquet")
    urls = table["source_url"].drop_nulls().unique().to_list()
    assert urls and all(u.startswith("https://") for u in urls), urls
    wdi = table.filter(series_code="SI_RMT_COST_IB_ZS")["source_url"].unique().to_list()
    assert wdi == ["https://api.worldbank.org/v2/en/indicator/"]  # the WDI bulk download API
    # the local path stays in the raw sidecar only: where this copy came from
    raw_meta = next((at / "raw" / "wdi").rglob("*.meta.json"))
    assert json.loads(raw_meta.read_text())["url"].startswith("file://")


def _export(root: Path, tmp: Path, *args: str, name: str = "out") -> tuple[int, Path]:
    out = tmp / name
    return export_cli.main([*args, "--out", str(out)]), out


def _files_text(out: Path) -> str:
    paths = [out] if out.is_file() else sorted(p for p in out.rglob("*") if p.is_file())
    parts = []
    for p in paths:
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as zf:
                parts += [zf.read(n).decode() for n in zf.namelist()]
        else:
            parts.append(p.read_text(encoding="utf-8"))
    return "\n".join(parts)


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "zip"),
        ("--format", "sdmx"),
        ("--format", "opensdg", "--country", "KEN"),
    ],
)
def test_exports_hold_no_demo_row_and_no_machine_path(
    at: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    status, out = _export(at, tmp_path, *args)
    assert status == 0
    text = _files_text(out)
    assert DEMO_FLAG not in text and "generated by etl/demo/datasets.py" not in text
    assert ",demo\n" not in text and "demo:" not in text  # no row (or count) of origin demo
    assert not [m for m in MACHINE_MARKS if m in text]
    assert "custodian" in text  # each row (or Open SDG footnote) says its origin


def test_sdmx_marks_each_row_with_its_origin(at: Path, tmp_path: Path) -> None:
    status, out = _export(at, tmp_path, "--format", "sdmx", "--indicator", "10.7.3", name="s.csv")
    assert status == 0
    rows = read_sdmx_csv(out.read_bytes())
    assert rows.height > 0 and set(rows["data_origin"]) == {"derived"}
    raw = pl.read_csv(out, infer_schema=False)
    assert raw["COMMENT_OBS"].str.ends_with("[origin derived]").all()


def test_country_export_holds_inbound_rows(at: Path, tmp_path: Path) -> None:
    args = ("--format", "csv", "--indicator", "10.c.1", "--country", "KEN")
    status, out = _export(at, tmp_path, *args, name="ken.csv")
    assert status == 0
    rows = read_csv_bytes(out.read_bytes())
    inbound = rows.filter(pl.col("counterpart_area") == "KEN")
    assert inbound.height > 0 and "GBR" in set(inbound["ref_area"])  # GBR -> KEN corridor
    assert set(inbound["data_origin"]) == {"custodian"}
    outbound = rows.filter(pl.col("ref_area") == "KEN")
    assert outbound.height > 0  # Kenya's own series too (WDI cost of sending to Kenya)
    assert rows.height == inbound.height + outbound.height


def test_demo_export_is_refused_unless_allowed(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipeline.run(offline=True, fallback_demo=True)  # DEMO DATA only
    out = tmp_path / "demo.csv"
    argv = ["--format", "csv", "--indicator", "10.c.1", "--out", str(out)]
    assert export_cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "DEMO DATA" in err and "--allow-demo" in err and "--raw-dir" in err
    assert not out.exists()
    assert export_cli.main([*argv, "--allow-demo"]) == 0
    rows = read_csv_bytes(out.read_bytes())
    demo = rows.filter(pl.col("data_origin") == "demo")
    assert demo.height == rows.filter(pl.col("source").str.starts_with("DEMO")).height > 0
    assert demo["comment_obs"].str.starts_with(DEMO_FLAG).all()
    assert DEMO_FLAG in capsys.readouterr().out


def test_guard_refuses_a_table_with_one_demo_row() -> None:
    table = pl.DataFrame(
        {
            "series_code": ["SI_RMT_COST", "SI_RMT_COST_IB_ZS"],
            "source": ["x", "WDI"],
            "data_origin": ["demo", "custodian"],
            "comment_obs": [None, "kept"],
        }
    )
    with pytest.raises(EtlError, match=r"1 row\(s\) .* DEMO DATA .*series SI_RMT_COST\b"):
        guard_demo(table, allow_demo=False)
    flagged = guard_demo(table, allow_demo=True)
    assert flagged["comment_obs"].to_list() == [DEMO_FLAG, "kept"]


def test_first_approved_upload_withdraws_demo_and_national_rows_carry_approval(
    data_dir: Path,
) -> None:
    pipeline.run(offline=True, fallback_demo=True)
    assert io.read_clean_meta("indicators")["demo"] is True
    store = open_store()
    store.add_user("ana", "contributor", PASSWORD)
    store.add_user("bo", "approver", PASSWORD)
    ana, bo = store.get_user("ana"), store.get_user("bo")
    assert ana is not None and bo is not None
    row = {
        "indicator_code": "10.7.4",
        "series_code": "SM_POP_REFG_OR",
        "ref_area": "KEN",
        "time_period": "2023",
        "freq": "A",
        "value": "15.5",
        "unit_measure": "PER_100000_POP",
        "unit_mult": "0",
        "obs_status": "A",
        "source": "KNBS refugee register 2023",
        "source_url": "file:///C:/Users/officer/register.xlsx",
    }
    sub = _submit(store, "national_ken.csv", csv_bytes("indicator_long", [row]), ana)
    store.set_status(sub, "approved", user=bo)
    outcome = pipeline.build_indicator_table(False, lambda _m: None)
    assert outcome.status == "published"
    assert [p.name for p in config.clean_dir().glob("*.parquet")] != []
    assert not io.clean_path("rpw_quotes").exists()  # demo withdrawn
    assert io.read_clean("indicators").height == 0  # nothing official to compute from yet
    national = io.read_clean(approved.NATIONAL)
    assert national is not None
    at = store.submissions().filter(pl.col("id") == sub)["status_at"][0]
    approved_at = at.replace(microsecond=0).isoformat() + "+00:00"  # the store keeps UTC
    assert national["data_origin"].to_list() == ["national"]
    assert national["retrieved_at"].to_list() == [approved_at]  # never "no data retrieved"
    assert national["source_url"].to_list() == [None]  # a path on someone's PC is not cited
    # the export holds the national row, labelled
    out = data_dir / "ken.csv"
    argv = ["--format", "csv", "--indicator", "10.7.4", "--country", "KEN", "--out", str(out)]
    assert export_cli.main(argv) == 0
    rows = read_csv_bytes(out.read_bytes())
    assert rows["data_origin"].to_list() == ["national"]
    assert rows["retrieved_at"].to_list() == [approved_at]


def test_demo_is_not_published_beside_official_data(data_dir: Path) -> None:
    raw = require_shared("wdi")
    pipeline.run(["wdi"], raw_dir=raw, offline=True, fallback_demo=True)
    metas = [json.loads(p.read_text()) for p in config.clean_dir().glob("*.meta.json")]
    assert metas and not [m["dataset"] for m in metas if m.get("demo")]
    table = io.read_clean("indicators")
    assert table is not None and table.height > 0
    assert set(table["data_origin"]) <= {"custodian", "derived"}


def _corridor_table() -> pl.DataFrame:
    """SI_RMT_COST of Kenya from both sides: inbound (WLD -> KEN, GBR -> KEN), outbound."""
    return conform(
        pl.DataFrame(
            {
                "indicator_code": ["10.c.1"] * 4,
                "series_code": ["SI_RMT_COST"] * 4,
                "ref_area": ["WLD", "GBR", "KEN", "UGA"],
                "counterpart_area": ["KEN", "KEN", "WLD", "WLD"],
                "time_period": ["2023"] * 4,
                "freq": ["A"] * 4,
                "transfer_amount": ["USD200"] * 4,
                "statistic": ["MEAN"] * 4,
                "value": [8.1, 7.2, 9.3, 6.0],
                "unit_measure": ["PT"] * 4,
                "source": ["RPW"] * 4,
                "data_origin": ["derived"] * 4,
            }
        )
    )


def test_sdmx_country_export_has_the_cost_of_sending_to_the_country() -> None:
    """SDG SI_RMT_COST of Kenya is the WLD -> KEN row: a receiving country's own figure."""
    export = export_sdmx(_corridor_table(), country="KEN")
    rows = read_sdmx_csv(export.data)
    assert rows.select("ref_area", "counterpart_area", "value").rows() == [("WLD", "KEN", 8.1)]
    assert rows["data_origin"].to_list() == ["derived"]
    csv = read_csv_bytes(
        export_files(_corridor_table(), "csv", country="KEN")["data_10-c-1_KEN.csv"]
    )
    sides = sorted(csv.select("ref_area", "counterpart_area").rows())
    assert sides == [("GBR", "KEN"), ("KEN", "WLD"), ("WLD", "KEN")]  # not UGA -> WLD


def test_xlsx_and_open_sdg_say_the_origin(tmp_path: Path) -> None:
    table = _corridor_table()
    xlsx = export_files(table, "xlsx", country="KEN")["data_10-c-1_KEN.xlsx"]
    wb = load_workbook(bytes_io.BytesIO(xlsx), read_only=True)
    header = next(wb["data"].iter_rows(values_only=True))
    assert header[-1] == "data_origin"
    about = {r[0]: r[1] for r in wb["about"].iter_rows(values_only=True)}
    assert about["data_origin"].startswith("derived: 3 rows (derived (computed here")
    meta = export_opensdg(table, "KEN").files["meta/10-c-1.md"].decode()
    assert "Origin: derived (computed here from official inputs)." in meta
    assert "2 row(s) where KEN is the counterpart" in meta
