"""The national settings themselves: home country, national targets, milestones (pure, no I/O).

Validation names the key and the value; edits return new frozen objects. Stored by
store/settings/storage.py (which re-exports everything here). Imports no streamlit.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from core import config
from core.errors import EtlError
from core.i18n import N_, _
from indicators.registry import SPECS

YEARS = (2000, 2100)
MINISTRY_MAX = 200  # characters of the ministry name printed on the report cover
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
_ISO3 = re.compile(r"^[A-Z]{3}$")
FIX = N_("Fix the value on the Settings page, or correct the file by hand.")


@dataclass(frozen=True)
class Target:
    """A national target replacing the indicator's global one for one country."""

    target: float
    target_year: int


@dataclass(frozen=True)
class Milestone:
    """An interim value the country plans to reach by `year`."""

    year: int
    value: float


@dataclass(frozen=True)
class NationalSettings:
    """Home country (None: the M_E_HOME_COUNTRY setting), targets and milestones by country."""

    home_country: str | None = None
    targets: dict[str, dict[str, Target]] = field(default_factory=dict)
    milestones: dict[str, dict[str, tuple[Milestone, ...]]] = field(default_factory=dict)
    # country -> indicator -> the headline series chosen instead of the registry's first
    headlines: dict[str, dict[str, str]] = field(default_factory=dict)
    # Report cover (issue 13): the issuing ministry and its logo (a PNG or JPEG file).
    ministry_name: str | None = None
    logo_path: str | None = None

    def headline_for(self, country: str, code: str) -> str | None:
        """The series chosen as headline of `code` for `country`, None: the registry's rule."""
        return self.headlines.get(country, {}).get(code)

    def home(self) -> str:
        """The country the dashboard opens on."""
        return self.home_country or config.settings().home_country

    def target_for(self, country: str, code: str) -> Target | None:
        """The national target of `code` for `country`, None when the global one applies."""
        return self.targets.get(country, {}).get(code)

    def milestones_for(self, country: str, code: str) -> tuple[Milestone, ...]:
        """Interim milestones of `code` for `country`, by year."""
        return self.milestones.get(country, {}).get(code, ())


# ---------------------------------------------------------------- validation and (de)serialising


def _err(path: Path | str, key: str, value: Any, what: str) -> EtlError:
    """The refusal of one setting; `what` in the language in use (the caller's `_()`)."""
    return EtlError(
        _("{path}: {key} = {value}: {what}. {fix}").format(
            path=path, key=key, value=repr(value), what=what, fix=_(FIX)
        )
    )


def check_country(code: Any, *, where: str = "country", path: Path | str = "settings") -> str:
    """`code` if it is an upper-case ISO 3166 alpha-3 code, else EtlError."""
    if not isinstance(code, str) or not _ISO3.match(code):
        raise _err(path, where, code, _("expected an ISO 3166 alpha-3 code such as KEN"))
    return code


def check_indicator(code: Any, *, where: str = "indicator", path: Path | str = "settings") -> str:
    """`code` if it is a registered indicator (indicators.registry.SPECS), else EtlError."""
    if code not in SPECS:
        raise _err(
            path,
            where,
            code,
            _("unknown indicator; use one of {codes}").format(codes=", ".join(SPECS)),
        )
    return str(code)


def check_number(value: Any, *, where: str, path: Path | str = "settings") -> float:
    """A finite number, else EtlError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _err(path, where, value, _("expected a finite number"))
    return float(value)


def check_year(value: Any, *, where: str, path: Path | str = "settings") -> int:
    """A whole year within YEARS, else EtlError."""
    if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        raise _err(
            path,
            where,
            value,
            _("expected a year from {first} to {last}").format(first=YEARS[0], last=YEARS[1]),
        )
    return value


def from_dict(raw: Any, path: Path | str = "settings") -> NationalSettings:
    """Validated settings from the file's JSON object; EtlError names the key and value."""
    if not isinstance(raw, dict):
        raise _err(path, "(top level)", type(raw).__name__, _("expected a JSON object"))
    unknown = set(raw) - {
        "home_country",
        "targets",
        "milestones",
        "headlines",
        "ministry_name",
        "logo_path",
    }
    if unknown:
        raise _err(path, "(top level)", sorted(unknown), _("unknown keys"))
    home = raw.get("home_country")
    if home is not None:
        check_country(home, where="home_country", path=path)
    targets: dict[str, dict[str, Target]] = {}
    for country, by_code in (raw.get("targets") or {}).items():
        check_country(country, where=f"targets.{country}", path=path)
        for code, t in by_code.items():
            key = f"targets.{country}.{code}"
            check_indicator(code, where=key, path=path)
            if not isinstance(t, dict):
                raise _err(path, key, t, _("expected {{target, target_year}}").format())
            targets.setdefault(country, {})[code] = Target(
                check_number(t.get("target"), where=f"{key}.target", path=path),
                check_year(t.get("target_year"), where=f"{key}.target_year", path=path),
            )
    milestones: dict[str, dict[str, tuple[Milestone, ...]]] = {}
    for country, by_code in (raw.get("milestones") or {}).items():
        check_country(country, where=f"milestones.{country}", path=path)
        for code, items in by_code.items():
            key = f"milestones.{country}.{code}"
            check_indicator(code, where=key, path=path)
            if not isinstance(items, list):
                raise _err(path, key, items, _("expected a list of {{year, value}}").format())
            parsed = [
                Milestone(
                    check_year(m.get("year"), where=f"{key}[{i}].year", path=path),
                    check_number(m.get("value"), where=f"{key}[{i}].value", path=path),
                )
                for i, m in enumerate(items)
            ]
            years = [m.year for m in parsed]
            if len(set(years)) != len(years):
                raise _err(path, key, years, _("a year appears twice; keep one milestone per year"))
            milestones.setdefault(country, {})[code] = tuple(sorted(parsed, key=lambda m: m.year))
    headlines: dict[str, dict[str, str]] = {}
    for country, by_code in (raw.get("headlines") or {}).items():
        check_country(country, where=f"headlines.{country}", path=path)
        for code, series in by_code.items():
            key = f"headlines.{country}.{code}"
            check_indicator(code, where=key, path=path)
            headlines.setdefault(country, {})[code] = check_headline(
                code, series, where=key, path=path
            )
    ministry = check_ministry(raw.get("ministry_name"), path=path)
    logo = check_logo(raw.get("logo_path"), path=path)
    return NationalSettings(home, targets, milestones, headlines, ministry, logo)


def check_headline(code: str, series: Any, *, where: str, path: Path | str = "settings") -> str:
    """`series` if it is one of the registry's headline series of `code`, else EtlError."""
    from indicators.registry_meta import META  # registry imports settings-free modules only

    allowed = [h.series_code for h in META[code].headlines]
    if series not in allowed:
        raise _err(
            path,
            where,
            series,
            _("not a headline series of {code}; use {allowed}").format(code=code, allowed=allowed),
        )
    return str(series)


def check_ministry(name: Any, *, path: Path | str = "settings") -> str | None:
    """A ministry name (stripped, at most MINISTRY_MAX characters) or None, else EtlError."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return None
    if not isinstance(name, str) or len(name.strip()) > MINISTRY_MAX:
        raise _err(
            path,
            "ministry_name",
            name,
            _("expected a text of at most {n} characters").format(n=MINISTRY_MAX),
        )
    return name.strip()


def check_logo(value: Any, *, path: Path | str = "settings") -> str | None:
    """A logo file path ending in .png, .jpg or .jpeg, or None, else EtlError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not value.strip().lower().endswith(LOGO_SUFFIXES):
        raise _err(path, "logo_path", value, _("expected the path of a PNG or JPEG file"))
    return value.strip()


def to_dict(s: NationalSettings) -> dict[str, Any]:
    """The JSON object written to the file (keys sorted, so equal settings give equal text)."""
    return {
        "home_country": s.home_country,
        "ministry_name": s.ministry_name,
        "logo_path": s.logo_path,
        "targets": {
            c: {k: {"target": t.target, "target_year": t.target_year} for k, t in sorted(m.items())}
            for c, m in sorted(s.targets.items())
            if m
        },
        "milestones": {
            c: {k: [{"year": x.year, "value": x.value} for x in v] for k, v in sorted(m.items())}
            for c, m in sorted(s.milestones.items())
            if m
        },
        "headlines": {c: dict(sorted(m.items())) for c, m in sorted(s.headlines.items()) if m},
    }


def canonical(s: NationalSettings) -> str:
    """A stable JSON text of the settings (a hashable cache key for the dashboard)."""
    return json.dumps(to_dict(s), sort_keys=True)


# ---------------------------------------------------------------- edits (pure)


def with_home(s: NationalSettings, country: str | None) -> NationalSettings:
    """Settings with another home country (None: back to M_E_HOME_COUNTRY)."""
    return replace(s, home_country=None if country is None else check_country(country))


def with_ministry(s: NationalSettings, name: str | None, logo: str | None) -> NationalSettings:
    """Settings with the report cover's ministry name and logo path (None or blank: none)."""
    return replace(s, ministry_name=check_ministry(name), logo_path=check_logo(logo))


V = TypeVar("V")


def _set(
    by_country: dict[str, dict[str, V]], country: str, code: str, value: V | None
) -> dict[str, dict[str, V]]:
    """A copy of a country -> code -> value section with (country, code) set, or removed (None)."""
    by_code = dict(by_country.get(country, {}))
    if value is None:
        by_code.pop(code, None)
    else:
        by_code[code] = value
    return {**by_country, country: by_code}


def with_target(
    s: NationalSettings, country: str, code: str, target: Target | None
) -> NationalSettings:
    """Settings with the national target of (country, code) set, or removed when None."""
    check_country(country)
    check_indicator(code)
    if target is not None:
        check_number(target.target, where=f"targets.{country}.{code}.target")
        check_year(target.target_year, where=f"targets.{country}.{code}.target_year")
    return replace(s, targets=_set(s.targets, country, code, target))


def with_headline(
    s: NationalSettings, country: str, code: str, series: str | None
) -> NationalSettings:
    """Settings with the headline series of (country, code) chosen, or back to the rule (None)."""
    check_country(country)
    check_indicator(code)
    if series is not None:
        series = check_headline(code, series, where=f"headlines.{country}.{code}")
    return replace(s, headlines=_set(s.headlines, country, code, series))


def with_milestones(
    s: NationalSettings, country: str, code: str, milestones: tuple[Milestone, ...]
) -> NationalSettings:
    """Settings with the milestones of (country, code) replaced (empty: removed)."""
    raw = [{"year": m.year, "value": m.value} for m in milestones]
    checked = from_dict({"milestones": {country: {code: raw}}}).milestones_for(country, code)
    return replace(s, milestones=_set(s.milestones, country, code, checked or None))
