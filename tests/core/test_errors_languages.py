"""core/errors.py: each error's message is written in the language in use when it is built."""

from __future__ import annotations

from core.errors import (
    ParseError,
    SchemaMismatch,
    SourceFetchError,
    ValidationFailed,
    ValidationIssue,
)
from core.i18n import use_language


def _issue(message: str, severity: str = "error") -> ValidationIssue:
    return ValidationIssue("wdi", "year_out_of_range", "year", 12, "1850", severity, message)  # type: ignore[arg-type]


def test_validation_failed_counts_its_errors_in_french_and_spanish() -> None:
    issues = [_issue("first problem"), _issue("second"), _issue("a warning", "warning")]
    with use_language("fr"):
        fr = str(ValidationFailed("wdi", issues))
        one = str(ValidationFailed("wdi", issues[:1]))
    with use_language("es"):
        es = str(ValidationFailed("wdi", issues))
    assert fr == (
        "wdi : 2 erreurs de validation ; non publié, la version précédente reste en service. "
        "Première : first problem"
    )
    assert one.startswith("wdi : 1 erreur de validation ; non publié")
    assert es.startswith("wdi: 2 errores de validación; no se publica, la versión anterior")
    assert str(ValidationFailed("wdi", issues)).startswith(
        "wdi: 2 validation errors; not published"
    )


def test_parse_error_location_words_and_default_hint_follow_the_language() -> None:
    with use_language("fr"):
        fr = str(ParseError("raw/wdi.csv", "pas un nombre", row=7, column="value", value="n/a"))
    with use_language("es"):
        es = str(ParseError("raw/wdi.csv", "no es un número", row=7, column="value", value="n/a"))
    assert fr == (
        "raw/wdi.csv, ligne 7, colonne « value », valeur 'n/a' : pas un nombre. Vérifiez qu'il "
        "s'agit du fichier original, non modifié, de l'éditeur."
    )
    assert es.startswith("raw/wdi.csv, fila 7, columna «value», valor 'n/a': no es un número.")
    assert es.endswith("Compruebe que se trata del archivo original, sin modificar, del editor.")
    english = str(ParseError("raw/wdi.csv", "not a number", row=7, hint="Fix it."))
    assert english == "raw/wdi.csv, row 7: not a number. Fix it."


def test_schema_mismatch_and_download_failure_in_spanish_keep_names_and_codes() -> None:
    with use_language("es"):
        one = str(SchemaMismatch("unhcr", "population.csv", ["Year"]))
        two = str(SchemaMismatch("unhcr", "population.csv", ["Year", "ISO"]))
        fetch = str(SourceFetchError("wdi", "https://example.org/x", "timeout", status=503))
    assert one.startswith("population.csv: al archivo unhcr le falta la columna Year.")
    assert two.startswith("population.csv: al archivo unhcr le faltan las columnas Year, ISO.")
    assert fetch.startswith("No se pudo descargar wdi de https://example.org/x (HTTP 503): timeout")
    assert "python -m etl run --offline --raw-dir DIR" in fetch  # the command stays as typed
    with use_language("fr"):
        assert "Impossible de télécharger wdi" in str(SourceFetchError("wdi", "u", "timeout"))
