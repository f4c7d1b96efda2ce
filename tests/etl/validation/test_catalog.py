"""Meta-tests: every published dataset has a GX suite whose rules are tagged and runnable."""

from __future__ import annotations

import great_expectations as gx
import polars as pl
import pytest

from core import contract
from core.i18n import translator
from etl.registry import DATASETS
from etl.validation.gx import validate_dataset
from etl.validation.suites import catalog as suites

ALL = (*DATASETS, suites.INDICATORS)


def empty(dataset: str) -> pl.DataFrame:
    """A zero-row frame with the dataset's schema."""
    return (
        contract.empty() if dataset == suites.INDICATORS else pl.DataFrame(schema=DATASETS[dataset])
    )


def test_suites_exist_for_exactly_the_published_datasets() -> None:
    assert set(suites.BUILDERS) == set(ALL)
    assert suites.datasets() == ALL


@pytest.mark.parametrize("dataset", ALL)
def test_suite_is_named_after_its_dataset_and_has_error_rules(dataset: str) -> None:
    suite = suites.suite_for(dataset)
    assert isinstance(suite, gx.ExpectationSuite)
    assert suite.name == dataset
    severities = {str(getattr(e.severity, "value", e.severity)) for e in suite.expectations}
    assert "critical" in severities
    assert severities <= {"critical", "warning"}


@pytest.mark.parametrize("dataset", ALL)
def test_every_expectation_has_a_rule_column_and_a_usable_message(dataset: str) -> None:
    for e in suites.suite_for(dataset).expectations:
        meta = e.meta or {}
        assert meta["rule"] and meta["rule"].islower(), e
        assert meta["column"], e
        fixed = {**meta.get("args", {}), **meta.get("words", {})}
        text = meta["message"].format(where="W", column="C", value="V", detail="D", **fixed)
        assert text.startswith("W: ") and text.rstrip().endswith("."), text
        # the message and its words are in the catalogs, translated (gx.py translates them)
        for lang, colon in (("fr", "W : "), ("es", "W: ")):
            t = translator(lang)
            assert t.gettext(meta["message"]) != meta["message"], (lang, meta["message"])
            words = {k: t.gettext(v) for k, v in meta.get("words", {}).items()}
            assert words == {} or words != meta.get("words"), (lang, words)
            local = t.gettext(meta["message"]).format(
                where="W", column="C", value="V", detail="D", **{**meta.get("args", {}), **words}
            )
            assert local.startswith(colon), local


@pytest.mark.parametrize("dataset", ALL)
def test_every_checked_column_exists_so_an_empty_frame_passes(dataset: str) -> None:
    # A check on a column the frame lacks would come back as "could not run" (an error).
    assert validate_dataset(dataset, empty(dataset)) == []
