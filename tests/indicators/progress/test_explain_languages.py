"""'Why this status?' in French and Spanish: explain(), summary_sentence() and the card texts.

Whole sentences come from the catalogs with the numbers written the language's way (CLDR:
'1,066' in French and Spanish, '1 500' in French); English is the source text, unchanged
(tests/indicators/progress/test_explain.py).
"""

from __future__ import annotations

import pytest

from core.i18n import use_language
from indicators.progress.explain import explain, summary_sentence
from indicators.progress.headlines import reason_text
from indicators.progress.levels import LEVEL_RULES, binary_progress
from indicators.progress.method import aggregate, not_assessed, progress
from indicators.registry_meta import entry

GA = {2015: 6.2, 2019: 5.0, 2023: 4.1}  # 10.c.1-like: down 5.0 % a year, target 3 by 2030


def _ga():  # type: ignore[no-untyped-def]
    return progress(GA, target=3, name="10.c.1 GA")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            [
                "10.c.1 GA : ▲ Sur la bonne voie (note +3,33 sur une échelle de −5 à +5).",
                "Sens souhaité : plus bas, c’est mieux (sens : négatif).",
                "Référence : 2015 = 6,2.",
                "Cible : 3 d’ici 2030.",
                "TCAC observé = (4,1 / 6,2)^(1/8) − 1 = −5,0 % par an.",
                "R = signe × d × TCAC observé / |TCAC requis| = (+1) × (−1) × (−5,0 %) / 4,7 % "
                "= 1,066.",
                "→ Sur la bonne voie. Note = min(7,1429 × R − 4,2857, 5) = +3,33.",
            ],
        ),
        (
            "es",
            [
                "10.c.1 GA: ▲ Bien encaminado (puntuación +3,33 en una escala de −5 a +5).",
                "Dirección deseada: cuanto más bajo, mejor (dirección: negativa).",
                "Meta: 3 para 2030.",
                "TCAC necesaria = (3 / 6,2)^(1/15) − 1 = −4,7 % al año (para alcanzar la meta "
                "en 2030).",
                "→ Bien encaminado. Puntuación = min(7,1429 × R − 4,2857, 5) = +3,33.",
            ],
        ),
    ],
)
def test_explain_in_the_language_with_its_numbers(lang: str, expected: list[str]) -> None:
    with use_language(lang):
        lines = explain(_ga()).splitlines()
    for line in expected:
        assert line in lines, (line, lines)
    assert lines[-1].startswith({"fr": "Méthode : ", "es": "Método: "}[lang])
    assert not any("On track" in line or " a year" in line for line in lines)


def test_summary_sentence_in_french_and_spanish() -> None:
    with use_language("fr"):
        fr = summary_sentence(_ga())
        big = summary_sentence(progress({2015: 1500.5, 2020: 1234.25}))
    with use_language("es"):
        es = summary_sentence(_ga())
    assert fr == (
        "Sur la bonne voie : la valeur est passée de 6,2 (2015) à 4,1 (2023), en baisse de "
        "5,0 % par an, alors qu’atteindre la cible 3 d’ici 2030 exige une baisse de 4,7 % par "
        "an ; il reste sur la bonne voie tant qu’il garde au moins 95 % de ce rythme."
    )
    assert es.startswith(
        "Bien encaminado: el valor pasó de 6,2 (2015) a 4,1 (2023), una disminución del "
        "5,0 % anual, mientras que alcanzar la meta 3 en 2030 exige una disminución del 4,7 % "
        "anual"
    )
    # thousands grouped the French way (a narrow no-break space, CLDR)
    assert "de 1\u202f500 (2015) à 1\u202f234 (2020)" in big
    assert "au moins 1,5 % par an dans le sens souhaité" in big
    # English unchanged outside the block
    assert summary_sentence(_ga()).startswith("On track: the value went from 6.2 (2015)")


def test_unavailable_binary_aggregate_and_context_texts() -> None:
    one = progress({2020: 3.2}, target=3, name="s")
    binary = binary_progress({"P.COH.05": 0.5, "P.COH.06": None, "P.COH.07": 1})
    agg = aggregate([_ga(), progress({2015: 5.0, 2022: 5.5}, target=3)], name="10.c.1")
    context = not_assessed("10.7.3", "context: the IOM metadata forbids trend use", context=True)
    with use_language("fr"):
        assert "Non disponible, car un seul point de données (2020 : 3,2)" in explain(one)
        assert summary_sentence(one).endswith(
            "; il recevra un statut dès qu’une deuxième année sera publiée."
        )
        text = explain(binary)
        assert "  P.COH.05: 0,5 (partiel ou en projet : non rempli)" in text
        assert "1 sur 3 remplies. Aucun taux de croissance n’est calculé." in text
        assert summary_sentence(binary) == (
            "Cible non atteinte : 1 conditions sur 3 sont remplies ; remplir les 3 permet "
            "d’atteindre la cible."
        )
        assert "Note = moyenne des notes de 2 séries" in explain(agg)
        assert summary_sentence(context).startswith(
            "Non évalué (contexte) : affiché à titre d’information seulement"
        )
    with use_language("es"):
        assert "No disponible porque un solo dato (2020: 3,2)" in explain(one)
        assert LEVEL_RULES["10.c.1"].description == "V < 3 (meta alcanzada); A 3–5; R > 5"
        assert summary_sentence(binary).startswith("Meta no alcanzada: se cumplen 1 de 3")
    assert LEVEL_RULES["10.c.1"].description == LEVEL_RULES["10.c.1"].text


def test_headline_reason_in_the_language() -> None:
    """The card's 'Series: ..., why' line: the registry's reason and the skipped series."""
    ent = entry("10.c.1")
    sdg = next(h for h in ent.meta.headlines if h.series_code == "SI_RMT_COST_SDG")
    with use_language("fr"):
        fr = reason_text(ent, sdg)
        chosen = reason_text(ent, sdg, preferred="SI_RMT_COST_SDG")
    assert fr.startswith("en second : la valeur du pays dans la Base de données mondiale des ODD")
    assert fr.endswith(
        " ; la série préférée Coût moyen de l’envoi de 200 USD vers le pays (RPW, cette "
        "plateforme) (SI_RMT_COST) n’a pas de données pour ce pays"
    )
    assert chosen == "choisie dans les paramètres nationaux (page Paramètres)"
    with use_language("es"):
        assert reason_text(ent, sdg).startswith("segundo: el valor del país")
    assert reason_text(ent, sdg).startswith("second: the country's value in the UN SDG")
