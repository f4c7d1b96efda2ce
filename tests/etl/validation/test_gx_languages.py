"""Great Expectations issues in the language of the run: real fixture files, French and Spanish.

The suites hold English msgids; `validate_dataset(..., lang=)` (or the language in use) writes
each message with its row, column and value, and the validation worker writes them in the
language of the run that asks.
"""

from __future__ import annotations

import polars as pl

from core.errors import ValidationFailed
from core.i18n import use_language
from etl.pipeline import find_in_raw_dir, parse_and_clean
from etl.pipeline.validator import Validator
from etl.registry import SOURCE_SPECS
from etl.validation.gx import validate_dataset
from tests.conftest import RAW_FIXTURES

IOM = next(s for s in SOURCE_SPECS if s.name == "iom_mmp")


def _iom() -> pl.DataFrame:
    """The IOM Missing Migrants fixture (a real export excerpt), parsed and cleaned."""
    files = [p for p in find_in_raw_dir(IOM, RAW_FIXTURES) if "_with_problems" not in p.name]
    return parse_and_clean(IOM, files)


def test_the_published_iom_total_warning_in_french_and_spanish() -> None:
    df = _iom()
    (fr,) = validate_dataset(IOM.dataset, df, lang="fr")
    (es,) = validate_dataset(IOM.dataset, df, lang="es")
    (en,) = validate_dataset(IOM.dataset, df)
    assert (
        (fr.rule, fr.row, fr.value) == (en.rule, en.row, en.value) == ("total_differs", en.row, "3")
    )
    assert fr.message.startswith(f"iom_mmp_incidents, ligne {en.row} (web_id=52101, year=2020) : ")
    assert "le total publié des morts et disparus (3) diffère de morts + disparus" in fr.message
    assert "tel que l'OIM le publie" in fr.message and "published" not in fr.message
    assert es.message.startswith(f"iom_mmp_incidents, fila {en.row} (web_id=52101, year=2020): ")
    assert "el total publicado de muertos y desaparecidos (3) difiere" in es.message


def test_a_negative_count_in_the_fixture_is_named_in_french_with_row_column_and_value() -> None:
    df = _iom()
    bad = df.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(-4).otherwise(pl.col("dead")).alias("dead")
    )
    with use_language("fr"):  # the language in use, as in a page or `etl run --lang fr`
        issues = validate_dataset(IOM.dataset, bad)
        failed = str(ValidationFailed(IOM.dataset, issues))
    (neg,) = [i for i in issues if i.rule == "negative_value"]
    assert (neg.column, neg.value, neg.severity) == ("dead", "-4", "error")
    assert f"ligne {neg.row} (" in neg.message
    assert "dead = -4 est négatif, or un nombre de personnes ne peut pas l'être" in neg.message
    assert "Vérifiez la cellule dans le fichier source" in neg.message
    assert failed.startswith("iom_mmp_incidents : 1 erreur de validation ; non publié")
    assert failed.endswith(neg.message)


def test_the_worker_writes_the_issues_in_the_language_of_the_run() -> None:
    df = _iom()
    with use_language("es"), Validator(in_process=False) as worker:
        from_worker = worker.validate(IOM.dataset, df)
    assert from_worker == validate_dataset(IOM.dataset, df, lang="es")
    assert "difiere de muertos + desaparecidos" in from_worker[0].message
