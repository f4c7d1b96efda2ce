"""The sections of the GFMD progress report: GFMD themes mapped to indicators (indicators.md §7).

Each section lists the registry indicators (indicators/registry_meta.py keys) whose scorecard
rows it shows, the GFMD survey items (indicators.md §2) and UN Inquiry 10.7.2 sub-categories whose
country answers it lists, and the 10.7.2 domains whose scores it shows. The annex shows every
registered indicator. Pure data: no polars, no streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import N_, _
from core.templates import COHERENCE_LEVELS


@dataclass(frozen=True)
class SectionSpec:
    """One report section: title, what it covers, and which figures fill it."""

    key: str
    title: str
    intro: str
    indicators: tuple[str, ...] = ()  # registry keys (scorecard rows and charts)
    items: tuple[str, ...] = ()  # GFMD survey item codes (P.COH.05 …)
    inquiry: tuple[str, ...] = ()  # 10.7.2 sub-categories (PD_4_D …) for open-ended answers
    domains: tuple[str, ...] = ()  # 10.7.2 policy domains whose scores are shown
    levels: bool = False  # the four coherence-level scores
    charts: bool = True


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "coherence",
        N_("Policy and institutional coherence"),
        N_(
            "Coherence between migration and development policy at the four levels: "
            "intra-governmental, inter-governmental, multilateral and multi-stakeholder "
            "(GFMD survey items P.COH.01-10, SDG 10.7.2)."
        ),
        indicators=("P.COH", "10.7.2"),
        items=tuple(f"P.COH.{i:02d}" for i in range(1, 11)),
        inquiry=("PD_2_A", "PD_3_A"),
        domains=("_T",),
        levels=True,
    ),
    SectionSpec(
        "remittances",
        N_("Remittances: cost, institutions and financial literacy"),
        N_(
            "The cost of sending remittances (SDG 10.c.1), remittance flows (17.3.2), savings to "
            "remitters, and government measures on remittance markets and financial literacy "
            "(P.REM.01, P.REM.02, 10.7.2 D4d)."
        ),
        indicators=("10.c.1", "17.3.2", "SAV.REM"),
        items=("P.REM.01", "P.REM.02"),
        inquiry=("PD_4_D",),
    ),
    SectionSpec(
        "diaspora",
        N_("Diaspora engagement"),
        N_(
            "Institutions and mechanisms engaging the diaspora (P.DIA.01, P.COH.10), emigration "
            "and remittances received."
        ),
        indicators=("SM.EMI.RATE", "17.3.2"),
        items=("P.DIA.01", "P.COH.10"),
    ),
    SectionSpec(
        "protection",
        N_("Protection of migrants"),
        N_(
            "Migrant rights and protection (10.7.2 domains 1, 5 and 6), refugees by country of "
            "origin (10.7.4) and migrants dead or missing (10.7.3, context only)."
        ),
        indicators=("10.7.4", "10.7.3"),
        items=(),
        inquiry=tuple(f"PD_{d}_{s}" for d in (1, 5, 6) for s in "ABCDE"),
        domains=("PD_1", "PD_5", "PD_6"),
    ),
    SectionSpec(
        "legal_channels",
        N_("Legal migration channels"),
        N_(
            "Bilateral labour-migration agreements, regional mobility and return (P.COH.07-09, "
            "10.7.2 D2b, D3b, D3c, D3d) and recruitment costs borne by workers (10.7.1)."
        ),
        indicators=("10.7.1",),
        items=("P.COH.07", "P.COH.08", "P.COH.09"),
        inquiry=("PD_2_B", "PD_3_B", "PD_3_C", "PD_3_D"),
    ),
    SectionSpec(
        "data",
        N_("Data and research"),
        N_(
            "Migration data for policy: census questions (P.DAT.01), data mechanisms (P.DAT.02, "
            "10.7.2 D2e), migrant stock and emigration rates."
        ),
        indicators=("SM.POP.TOTL", "SM.POP.CEN", "SM.EMI.RATE"),
        items=("P.DAT.01", "P.DAT.02"),
        inquiry=("PD_2_E",),
    ),
    SectionSpec(
        "annex",
        N_("Annex: SDG 10.7 and 10.c indicators"),
        N_(
            "Every indicator of the results framework for this country: latest value, period, "
            "baseline, target and progress status, as on the dashboard's overview."
        ),
        indicators=(),  # every registered indicator
        charts=False,
    ),
)
SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)
BY_KEY: dict[str, SectionSpec] = {s.key: s for s in SECTIONS}

LEVEL_LABELS: dict[str, str] = {
    "INTRA_GOV": "Intra-governmental",
    "INTER_GOV": "Inter-governmental",
    "MULTILAT": "Multilateral",
    "MULTI_STAKE": "Multi-stakeholder",
}
assert tuple(LEVEL_LABELS) == COHERENCE_LEVELS  # one label per level of the template


def pick(keys: list[str] | tuple[str, ...] | None) -> tuple[SectionSpec, ...]:
    """The sections named (in report order), all when None; ValueError names unknown keys."""
    if keys is None:
        return SECTIONS
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        raise ValueError(
            _("unknown report section(s) {unknown}: use {known}").format(
                unknown=", ".join(unknown), known=", ".join(SECTION_KEYS)
            )
        )
    return tuple(s for s in SECTIONS if s.key in keys)
