"""Derive, facts: the key facts a country page lists under its summary (population, UN
regions, standard codes), as label and text, in the order they are shown."""

from __future__ import annotations

from ..model.records import Country


def country_facts(country: Country) -> list[tuple[str, str]]:
    """(label, text) rows; a fact the content lacks is left out. The population is the
    latest year's, with its year."""
    rows: list[tuple[str, str]] = []
    if country.population:
        year = max(country.population)
        rows.append(("Population", f"{country.population[year]:,} ({year})"))
    if country.un_region:
        rows.append(("UN region", country.un_region))
    if country.subregion:
        rows.append(("UN sub-region", country.subregion))
    codes = country.codes
    iso = [code for code in (country.iso, codes.iso2 if codes else None) if code]
    if iso:
        rows.append(("ISO 3166-1 code" + ("s" if len(iso) > 1 else ""), ", ".join(iso)))
    if codes and codes.m49 is not None:
        rows.append(("UN M49 code", f"{codes.m49:03d}"))  # written with three digits: 008
    return rows
