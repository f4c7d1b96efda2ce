"""Soft hyphens at each language's hyphenation points, for narrow table headers on phones."""

from __future__ import annotations

from core.i18n.hyphenate import SOFT_HYPHEN, hyphenate


def test_long_words_get_the_languages_break_points() -> None:
    assert hyphenate("— Non disponible", "fr") == f"— Non dis{SOFT_HYPHEN}po{SOFT_HYPHEN}nible"
    assert hyphenate("Progresos insuficientes", "es").split(" ")[1] == SOFT_HYPHEN.join(
        ["insu", "fi", "cien", "tes"]
    )
    assert "accel\xader\xada\xadtion" in hyphenate("acceleration needed", "en")


def test_short_words_and_unknown_languages_stay_as_they_are() -> None:
    assert hyphenate("◇ Non évalué (contexte)", "fr") == "◇ Non évalué (contexte)"  # < 3 + 3
    assert hyphenate("disponible", "xx") == "disponible"
    # invisible: removing the soft hyphens gives the label back, letter for letter
    assert hyphenate("Détérioration", "fr").replace(SOFT_HYPHEN, "") == "Détérioration"
