"""Pipeline promises: immutable raw, unchanged input not recomputed, bad input loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from core.errors import EtlError, ParseError, ValidationIssue
from etl import io, pipeline
from etl.sources.base import SourceSpec


def _parse(path: Path) -> pl.DataFrame:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("code,value"):
        raise ParseError(str(path), "header 'code,value' not found", row=1)
    return pl.read_csv(path)


def _fetch(session: object, dest: Path) -> list:
    raise AssertionError("offline tests must not fetch")


FAKE = SourceSpec(
    name="fake",
    title="Fake source",
    dataset="fake_ds",
    publisher="Test publisher",
    licence="CC0",
    url="https://example.invalid/fake",
    raw_patterns=("fake_*.csv",),
    fetch=_fetch,  # type: ignore[arg-type]
    parse=_parse,
    clean=lambda df: df.with_columns(pl.col("value").cast(pl.Float64)),
    schema={"value": pl.Float64()},
)


def _no_issues(dataset: str, df: pl.DataFrame) -> list[ValidationIssue]:
    bad = df.filter(pl.col("value") < 0)
    return [
        ValidationIssue(dataset, "non_negative", "value", i + 2, str(v), "error", "negative")
        for i, v in enumerate(bad["value"].to_list())
    ]


@pytest.fixture
def fake_registry(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Path:
    """Register only FAKE and a validator that rejects negative values."""
    monkeypatch.setattr("etl.pipeline.orchestrate.sources", lambda: {"fake": FAKE})
    monkeypatch.setattr("etl.validation.gx.validate_dataset", _no_issues)
    return data_dir


def _write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def _outcome(outcomes: list[pipeline.SourceOutcome], name: str) -> pipeline.SourceOutcome:
    return next(o for o in outcomes if o.source == name)


def test_raw_dir_publishes_with_sidecars(fake_registry: Path, tmp_path: Path) -> None:
    _write(tmp_path / "in" / "sub", "fake_2024.csv", "code,value\nKEN,1.5\nGBR,2.5\n")
    _write(tmp_path / "in", "unrelated.csv", "x\n1\n")
    outcomes = pipeline.run(raw_dir=tmp_path / "in", offline=True)
    out = _outcome(outcomes, "fake")
    assert out.status == "published"
    assert out.rows == 2
    published = io.read_clean("fake_ds")
    assert published is not None
    assert published["value"].sum() == pytest.approx(4.0)
    meta = io.read_clean_meta("fake_ds")
    assert meta["rows"] == 2
    assert meta["inputs"][0]["file"].endswith("fake_2024.csv")
    raw = list((fake_registry / "raw" / "fake").rglob("fake_2024.csv"))
    assert len(raw) == 1
    sidecar = json.loads(io.sidecar_path(raw[0]).read_text())
    assert sidecar["sha256"] == io.sha256_file(raw[0])
    assert sidecar["publisher"] == "Test publisher"
    assert sidecar["size"] == raw[0].stat().st_size


def test_unchanged_input_is_not_recomputed(fake_registry: Path, tmp_path: Path) -> None:
    _write(tmp_path / "in", "fake_a.csv", "code,value\nKEN,1\n")
    pipeline.run(raw_dir=tmp_path / "in", offline=True)
    first_published = io.read_clean_meta("fake_ds")["published_at"]
    mtime = io.clean_path("fake_ds").stat().st_mtime_ns
    outcomes = pipeline.run(raw_dir=tmp_path / "in", offline=True)
    assert _outcome(outcomes, "fake").status == "unchanged"
    assert io.clean_path("fake_ds").stat().st_mtime_ns == mtime
    assert io.read_clean_meta("fake_ds")["published_at"] == first_published
    # raw is never duplicated: still one snapshot file
    assert len(list((fake_registry / "raw" / "fake").rglob("fake_a.csv"))) == 1


def test_validation_error_keeps_last_good_data(fake_registry: Path, tmp_path: Path) -> None:
    _write(tmp_path / "good", "fake_1.csv", "code,value\nKEN,3\n")
    pipeline.run(raw_dir=tmp_path / "good", offline=True)
    _write(tmp_path / "bad", "fake_2.csv", "code,value\nKEN,-7\nGBR,1\n")
    outcomes = pipeline.run(raw_dir=tmp_path / "bad", offline=True)
    out = _outcome(outcomes, "fake")
    assert out.status == "failed"
    assert "not published" in out.message
    assert out.issues[0].row == 2 and out.issues[0].value == "-7.0"
    served = io.read_clean("fake_ds")
    assert served is not None and served["value"].to_list() == [3.0]
    report = json.loads((fake_registry / "reports" / "latest.json").read_text())
    fake_report = next(o for o in report["outcomes"] if o["source"] == "fake")
    assert fake_report["issues"][0]["column"] == "value"


def test_malformed_file_keeps_last_good_data(fake_registry: Path, tmp_path: Path) -> None:
    _write(tmp_path / "good", "fake_1.csv", "code,value\nKEN,3\n")
    pipeline.run(raw_dir=tmp_path / "good", offline=True)
    _write(tmp_path / "bad", "fake_2.csv", "garbage;;\n")
    out = _outcome(pipeline.run(raw_dir=tmp_path / "bad", offline=True), "fake")
    assert out.status == "failed"
    assert "fake_2.csv, row 1" in out.message
    served = io.read_clean("fake_ds")
    assert served is not None and served["value"].to_list() == [3.0]


def test_offline_without_files_keeps_serving(fake_registry: Path, tmp_path: Path) -> None:
    _write(tmp_path / "in", "fake_1.csv", "code,value\nKEN,3\n")
    pipeline.run(raw_dir=tmp_path / "in", offline=True)
    out = _outcome(pipeline.run(offline=True), "fake")
    assert out.status == "no-input"
    served = io.read_clean("fake_ds")
    assert served is not None and served.height == 1


def test_unknown_source_is_a_clear_error(fake_registry: Path) -> None:
    with pytest.raises(EtlError, match=r"Unknown source.*nope.*Known: fake"):
        pipeline.run(["nope"], offline=True)
