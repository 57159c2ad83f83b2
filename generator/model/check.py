"""Stages 1 to 3 on every core: load, parse and validate the content folder.

The index and treaty definitions (and any file that belongs to no country) are read and checked
in this process. Then each country's files are read and checked in forked workers (one per
core: generator/workers.py), which send back the country's records without the positions of
their values (several times the records' memory, and of no use once the files are checked) and
its problems. Only whether two countries share a name is checked across countries, here, in
the order the countries come. The problems are the same, in the same order, as reading and
checking everything in one process (tests/test_check.py compares them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Diagnostic, has_errors
from ..workers import map_in_workers
from .parse import Content, content_paths, parse_content
from .validate import check_name_unique, name_site, validate_country, validate_definitions

# Countries a worker takes at the least: below twice this, everything runs in this process.
COUNTRIES_PER_WORKER = 10


@dataclass
class Checked:
    """The checked content and every problem found in it."""

    content: Content
    diagnostics: list[Diagnostic]

    def failed(self, strict: bool = False) -> bool:
        """Whether the problems stop a build: errors, and warnings too when `strict`."""
        return has_errors(self.diagnostics, strict)


def check(content_dir: Path, display_root: str | None = None) -> Checked:
    """Load, parse and validate (on every core); every problem in one list, in file order. The
    records come without their documents' positions."""
    return Checked(*check_content(content_dir, display_root))


def check_content(root: Path, display_root: str | None = None,
                  parallel: bool = True) -> tuple[Content, list[Diagnostic]]:
    """The parsed content, without the positions of its values, and every problem found,
    sorted by file and position. Names the site uses itself are checked too (names.py)."""
    if not root.is_dir():
        return parse_content(root, display_root)  # says the folder is missing
    by_country: dict[str, list[Path]] = {}
    others: list[Path] = []
    for path in content_paths(root):
        parts = path.relative_to(root).parts
        if parts[0] == "countries" and (len(parts) >= 3 or len(parts) == 2 and path.is_dir()):
            by_country.setdefault(parts[1], []).append(path)
        else:
            others.append(path)
    content, diagnostics = parse_content(root, display_root, paths=others)
    treaty_ids = validate_definitions(content, diagnostics)

    def check_country(paths: list[Path]):
        part, found = parse_content(root, display_root, paths=paths)
        part.indices, part.treaties = content.indices, content.treaties
        sites = []
        for bundle in part.countries.values():
            validate_country(part, bundle, treaty_ids, found)
            sites.append(name_site(bundle))
        drop_positions(part)
        return part.countries, found, sites

    names: dict[str, str] = {}
    for countries, found, sites in map_in_workers(check_country, list(by_country.values()),
                                                  COUNTRIES_PER_WORKER, parallel):
        content.countries.update(countries)
        diagnostics += found
        for site in sites:
            check_name_unique(site, names, diagnostics)
    drop_positions(content)  # the definitions' too: every problem is found
    diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.message))
    return content, diagnostics


def drop_positions(content: Content) -> None:
    """Forget the documents records were read from, once validated: their positions of every
    value take several times the memory of the records."""
    def bare(item):
        return None if item is None else replace(item, doc=None)
    content.indices = {k: bare(v) for k, v in content.indices.items()}
    content.treaties = bare(content.treaties)
    for country in content.countries.values():
        country.country = bare(country.country)
        country.reports = [bare(r) for r in country.reports]
        country.events = bare(country.events)
        country.elections = {k: bare(v) for k, v in country.elections.items()}
