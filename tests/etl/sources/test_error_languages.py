"""The sources' error messages in French and Spanish, on the damaged copies of the real fixtures.

A ParseError is written in the language in use when it is raised (core/errors.py builds the
location words and the default hint; each source translates its problem and hint). Here every
`*_with_problems_*` fixture is parsed and cleaned in English, French and Spanish: the error is the
same (type, file, row, column, value) and no English sentence of it is left in the translation.
The RPW workbook's dataset sheets are read in worker threads: their errors follow the caller's
language too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.errors import EtlError, ParseError, SchemaMismatch, SourceFetchError
from core.i18n import use_language
from etl.demo.rpw_layout import CURRENT_COLUMNS
from etl.pipeline import find_in_raw_dir, parse_and_clean
from etl.registry import SOURCE_SPECS
from etl.sources import iom_mmp, knomad, rpw, rpw_corridors, undesa_matrix, unhcr
from etl.sources.base import SourceSpec
from tests.conftest import RAW_FIXTURES, raw_fixture


def _damaged() -> list[tuple[SourceSpec, Path]]:
    """(spec, file) for every damaged fixture: the source whose patterns find it, else the one
    named as its folder (a damaged copy's name may not match the published pattern)."""
    seen: dict[Path, SourceSpec] = {}
    for spec in SOURCE_SPECS:
        for path in find_in_raw_dir(spec, RAW_FIXTURES):
            seen.setdefault(path, spec)
    by_name = {spec.name: spec for spec in SOURCE_SPECS}
    damaged = sorted(p for p in RAW_FIXTURES.rglob("*_with_problems*") if p.is_file())
    return [(seen.get(p) or by_name[p.parent.name], p) for p in damaged]


def _error(spec: SourceSpec, path: Path, lang: str) -> EtlError:
    with use_language(lang), pytest.raises(EtlError) as err:
        parse_and_clean(spec, [path])
    return err.value


def _english_sentences(message: str, prefix: str) -> list[str]:
    """The sentences after the file/location prefix (problem, hint) of an English message."""
    rest = message[len(prefix) :]
    return [s for s in re.split(r"(?<=\.) (?=[A-Z])", rest) if len(s) > 15]


def _prefix(err: EtlError) -> str:
    """`path, row 3, column 'x', value 'v': ` as the English message starts."""
    if isinstance(err, ParseError):
        probe = ParseError(err.path, "\x00", row=err.row, column=err.column, value=err.value)
        return str(probe).split("\x00")[0]
    assert isinstance(err, SchemaMismatch)
    return f"{err.path}: "


DAMAGED = _damaged()


def test_every_source_has_damaged_fixtures_here() -> None:
    assert len(DAMAGED) >= 30
    assert {spec.name for spec, _path in DAMAGED} >= {
        "wdi", "wb_api", "undesa_regions", "undesa_stock", "unhcr", "iom_mmp", "knomad",
        "wb_bilateral", "sdg_api", "rpw_corridors", "undesa_matrix",
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize(
    ("spec", "path"), DAMAGED, ids=lambda v: v.name if isinstance(v, Path) else ""
)
def test_damaged_fixture_error_is_translated_and_still_names_the_cell(
    spec: SourceSpec, path: Path, lang: str
) -> None:
    with use_language("en"):
        english = _error(spec, path, "en")
        prefix = _prefix(english)
    translated = _error(spec, path, lang)
    assert type(translated) is type(english)
    if isinstance(english, ParseError):
        assert isinstance(translated, ParseError)
        got = (translated.path, translated.row, translated.column, translated.value)
        assert got == (english.path, english.row, english.column, english.value)
    else:
        assert isinstance(translated, SchemaMismatch) and isinstance(english, SchemaMismatch)
        assert translated.missing == english.missing
    message, english_message = str(translated), str(english)
    assert message.startswith(str(english.path))
    assert english_message.startswith(prefix)
    left = [s for s in _english_sentences(english_message, prefix) if s in message]
    assert left == [], f"English left in the {lang} message: {message}"


# (module, damaged fixture, row, column, value, French problem, Spanish problem)
CELLS = [
    (
        iom_mmp,
        "iom_mmp/MissingMigrants-Global-2021-03-27T05-02-23_with_problems_text_count.csv",
        3, "survivors", "about 20",
        "nombre entier attendu",
        "se esperaba un número entero",
    ),
    (
        knomad,
        "knomad/remittance-inflows_with_problems_text_value.xlsx",
        4, "2022", "4,091",
        "nombre (millions de dollars É.-U.) ou cellule vide attendu",
        "se esperaba un número (millones de dólares EE. UU.) o una celda vacía",
    ),
    (
        undesa_matrix,
        "undesa_matrix/UN_MigrantStockByOriginAndDestination_2019_clean_with_problems_text_value.csv",
        6, "Canada", "1 330",
        "nombre, '..' ou '-' attendu (1 cellule ne l'est pas)",
        "se esperaba un número, '..' o '-' (1 celda no lo es)",
    ),
    (
        unhcr,
        "unhcr/unhcr_2020_with_problems_text_count.csv",
        4, "asylum_seekers", "about 2400",
        "nombre entier ou '-' attendu",
        "se esperaba un número entero o '-'",
    ),
    (
        rpw_corridors,
        "rpw_corridors/rpw_corridors_databank_export_2020-12-07_with_problems_text_value.csv",
        4, "2020Q2 [YR2020Q2]", "4.79%",
        "nombre ou '..' attendu",
        "se esperaba un número o '..'",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("module", "fixture", "row", "column", "value", "fr", "es"),
    CELLS,
    ids=lambda v: v.__name__.rsplit(".", 1)[-1] if hasattr(v, "__name__") else "",
)
def test_the_cell_is_named_in_french_and_spanish(
    module: object, fixture: str, row: int, column: str, value: str, fr: str, es: str
) -> None:
    path = raw_fixture(fixture)
    parse = module.parse  # type: ignore[attr-defined]
    with use_language("fr"), pytest.raises(ParseError) as fr_err:
        parse(path)
    with use_language("es"), pytest.raises(ParseError) as es_err:
        parse(path)
    assert str(fr_err.value) == (
        f"{path}, ligne {row}, colonne « {column} », valeur {value!r} : {fr}. Vérifiez qu'il "
        "s'agit du fichier original, non modifié, de l'éditeur."
    )
    assert str(es_err.value) == (
        f"{path}, fila {row}, columna «{column}», valor {value!r}: {es}. Compruebe que se trata "
        "del archivo original, sin modificar, del editor."
    )


def test_a_cut_file_says_so_and_what_to_do_in_spanish() -> None:
    path = raw_fixture(
        "iom_mmp/MissingMigrants-Global-2021-03-27T05-02-23_with_problems_truncated.csv"
    )
    with use_language("es"), pytest.raises(ParseError) as err:
        iom_mmp.parse(path)
    assert str(err.value) == (
        f"{path}, fila 5, valor '52101,North Africa,June 2, 2020,2020,Jun,2': la fila tiene 6 "
        "celdas, el encabezado tiene 20. Puede que el archivo esté incompleto: descárguelo de "
        "nuevo."
    )


def test_unknown_names_are_counted_in_the_language() -> None:
    path = raw_fixture("knomad/remittance-inflows_with_problems_unknown_name.xlsx")
    parsed = knomad.parse(path)
    with use_language("fr"), pytest.raises(ParseError) as err:
        knomad.clean(parsed)
    assert (
        ": 1 nom de zone inconnu : 'Kenia' (remittance-inflows_with_problems_unknown_name.xlsx, "
        "ligne 4). Ajoutez l'orthographe de la Banque mondiale à ALIASES ou AGGREGATES dans "
        "etl/sources/wb_names.py."
    ) in str(err.value)


def test_manual_export_instructions_keep_databank_names_in_french(tmp_path: Path) -> None:
    with use_language("fr"), pytest.raises(SourceFetchError) as err:
        rpw_corridors.fetch(None, tmp_path)  # type: ignore[arg-type]
    message = str(err.value)
    assert "ne sert pas la base RPW Corridors" in message
    assert "'Remittance Prices Worldwide (Corridors)'" in message  # DataBank's own name
    assert "`python -m etl run --source rpw_corridors --raw-dir FOLDER`" in message
    assert "does not serve" not in message


# ---------------------------------------------------------------- RPW: sheets read in threads


def _rpw_workbook(path: Path, *, drop: str) -> Path:
    """Countries sheet and two dataset sheets; the second lacks the column `drop`."""
    wb = Workbook()
    wb.active.title = "Countries"
    wb.active.append(["title"])
    wb.active.append(["Code", "Region"])
    wb.create_sheet("Dataset (up to Q1 2016)").append(list(CURRENT_COLUMNS))
    wb.create_sheet("Dataset (from Q2 2016)").append([c for c in CURRENT_COLUMNS if c != drop])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "{path} (feuille 'Dataset (from Q2 2016)') : il manque au fichier rpw_quotes la "
            "colonne speed actual. L'éditeur a peut-être changé le format ; téléchargez à "
            "nouveau le fichier ou signalez-le.",
        ),
        (
            "es",
            "{path} (hoja 'Dataset (from Q2 2016)'): al archivo rpw_quotes le falta la columna "
            "speed actual.",
        ),
    ],
)
def test_rpw_sheet_read_in_a_worker_thread_raises_in_the_callers_language(
    tmp_path: Path, lang: str, expected: str
) -> None:
    path = _rpw_workbook(tmp_path / "rpw_dataset_2011_2025_q3.xlsx", drop="speed actual")
    with use_language(lang), pytest.raises(SchemaMismatch) as err:
        rpw.parse(path)
    assert err.value.missing == ["speed actual"]
    assert str(err.value).startswith(expected.format(path=path))


def test_rpw_thread_leaves_the_callers_language_alone(tmp_path: Path) -> None:
    path = _rpw_workbook(tmp_path / "rpw_dataset_2011_2025_q3.xlsx", drop="speed actual")
    with use_language("fr"), pytest.raises(SchemaMismatch):
        rpw.parse(path)
    with pytest.raises(SchemaMismatch) as err:  # no language set: English, as before
        rpw.parse(path)
    assert "(sheet 'Dataset (from Q2 2016)'): the rpw_quotes file lacks the column" in str(
        err.value
    )
