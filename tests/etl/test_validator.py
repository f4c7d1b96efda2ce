"""The validation worker (etl/pipeline/validator.py): same issues as in place, failures named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from core.errors import EtlError
from etl import io
from etl.__main__ import main
from etl.demo.synthetic_rpw import write_rpw_workbook
from etl.pipeline.validator import Validator
from etl.sources import rpw
from etl.validation.gx import validate_dataset
from tests.etl.validation.test_gx import quotes

# Three planted problems: two errors (bad period, lower-case code) and a cost warning.
BROKEN = {
    0: {"period": "2017Q1"},
    1: {"source_code": "gbr"},
    2: {"cc1_total_cost_pct": 3.6},
}


def test_worker_finds_exactly_the_issues_found_in_place() -> None:
    frame = quotes(BROKEN, n=6)
    in_place = validate_dataset("rpw_quotes", frame)
    with Validator(in_process=False) as worker:
        from_worker = worker.validate("rpw_quotes", frame)
        clean = worker.validate("rpw_quotes", quotes())  # the same worker answers again
    assert [(i.rule, i.row, i.value, i.severity) for i in in_place] == [
        ("period_format", 2, "2017Q1", "error"),
        ("country_code_format", 3, "gbr", "error"),
        ("cost_consistency", 4, "3.6", "warning"),
    ]
    assert from_worker == in_place  # messages, rows, values and order alike
    assert clean == []


def test_worker_cap_lists_the_first_rows_and_counts_the_rest() -> None:
    frame = quotes({i: {"period": "2017Q1"} for i in range(5)}, n=5)
    with Validator(in_process=False) as worker:
        issues = worker.validate("rpw_quotes", frame, cap=2)
    assert issues == validate_dataset("rpw_quotes", frame, cap=2)
    assert [i.row for i in issues] == [2, 3, None]
    assert "3 more rows fail the check" in issues[-1].message


def test_unknown_dataset_raises_the_same_error_as_in_place() -> None:
    with pytest.raises(KeyError) as in_place:
        validate_dataset("no_such_dataset", quotes())
    with Validator(in_process=False) as worker, pytest.raises(KeyError) as from_worker:
        worker.validate("no_such_dataset", quotes())
    assert str(from_worker.value) == str(in_place.value)


def test_a_worker_that_died_fails_the_dataset_with_a_message() -> None:
    with Validator(in_process=False) as worker:
        worker.start()
        assert worker._proc is not None
        worker._proc.kill()
        worker._proc.wait()
        with pytest.raises(EtlError, match="rpw_quotes: the validation process stopped"):
            worker.validate("rpw_quotes", quotes())


def test_cli_run_validates_in_the_worker_and_keeps_bad_data_out(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through `python -m etl run` with the worker: good data published, then a workbook
    whose quotes fail validation is refused and the published quotes stay."""
    monkeypatch.setattr("etl.pipeline.orchestrate.Validator", lambda: Validator(False))
    good = tmp_path / "good"
    write_rpw_workbook(good / "rpw_dataset_2011_2025_q3.xlsx", 300)
    assert main(["run", "--offline", "--raw-dir", str(good), "--source", "rpw"]) == 0
    published = io.read_clean("rpw_quotes")
    meta = io.read_clean_meta("rpw_quotes")
    assert published is not None and meta["validation"]["errors"] == 0
    assert io.read_clean("indicators") is not None

    # a clean step that lets an invalid period through: validation (in the worker) refuses it
    def bad_clean(df: pl.DataFrame) -> pl.DataFrame:
        return rpw.clean(df).with_columns(period=pl.lit("2017Q1"))

    bad_spec = replace(rpw.SPEC, clean=bad_clean)
    monkeypatch.setattr("etl.pipeline.orchestrate.sources", lambda: {"rpw": bad_spec})
    bad = tmp_path / "bad"
    write_rpw_workbook(bad / "rpw_dataset_2011_2025_q4.xlsx", 300, seed=3)
    assert main(["run", "--offline", "--raw-dir", str(bad), "--source", "rpw"]) == 1
    assert io.read_clean_meta("rpw_quotes")["input_key"] == meta["input_key"]
    after = io.read_clean("rpw_quotes")
    assert after is not None and after.equals(published)
