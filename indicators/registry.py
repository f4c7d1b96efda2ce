"""The indicator registry: every IndicatorSpec, composed here explicitly (no import side effects).

Adding an indicator: write its compute function under indicators/compute/ and its IndicatorSpec
entry in the matching indicators/specs/ module; the entry is picked up from that module's dict.
"""

from __future__ import annotations

from indicators.specs.base import IndicatorSpec
from indicators.specs.migration import MIGRATION_SPECS
from indicators.specs.process import PROCESS_SPECS
from indicators.specs.remittance import REMITTANCE_SPECS

SPECS: dict[str, IndicatorSpec] = {**REMITTANCE_SPECS, **MIGRATION_SPECS, **PROCESS_SPECS}
