"""The two halves of `python -m generator import`: publishers' data files merged into a content
folder, and scraped report pages turned into records (see the command's help)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli import Failed, _display
from .site.emit import write_atomic


def import_data_files(files: dict[Path, str], content, into: Path) -> None:
    """Merge the data files' figures into the content folder `into` (see `import`)."""
    from .importers.country_table import TableError, load_table
    from .importers.data import import_data
    from .importers.patches import apply_patches

    try:
        table = load_table()
    except TableError as exc:
        raise click.ClickException(str(exc)) from None
    fiw = content.indices.get("fiw")
    results = import_data(files, fiw.value if fiw else None, content.treaties.value, table,
                          _display)
    errors = [e for r in results for e in r.errors]
    for result in results:
        if result.summary:
            click.echo(result.summary, err=True)
        if result.warnings:
            click.echo("\n".join(result.warnings), err=True)
    if errors:
        click.echo("\n".join(errors), err=True)
        click.echo(f"Aborted: {len(errors)} errors, nothing written", err=True)
        raise Failed
    applied = apply_patches(into, [p for r in results for p in r.patches], _display(into))
    if applied.problems:
        click.echo("\n".join(applied.problems), err=True)
        click.echo(f"Aborted: {len(applied.problems)} files would not be valid, nothing"
                   " written", err=True)
        raise Failed
    for rel, text in sorted(applied.files.items()):
        write_atomic(into / rel, text)
    click.echo(f"Wrote {len(applied.files):,} files into {_display(into)},"
               f" {applied.unchanged:,} unchanged", err=True)


def import_pages(files: tuple[Path, ...], content, into: Path | None, as_json: bool,
                 force: bool, country: str | None, edition: int | None) -> None:
    """Records from scraped report text (see `import`). A page whose text, URL line and file
    name give no country: with --json its records have "country": null, with --into the user
    is asked for it (or, without a terminal, told to give --country and nothing is written)."""
    from .importers import import_text
    from .importers.intake import Refused, read_page

    indices = {k: v.value for k, v in content.indices.items()}
    country = _given_country(country)
    records: dict[str, tuple[str, object]] = {}
    unfiled: dict[str, dict] = {}  # --json: scores a page shows without an edition (hubs)
    problems = refused = unnamed = 0
    for path in files:
        try:
            text = read_page(path)
        except Refused as exc:
            where = f"{_display(path)}:{exc.line}" if exc.line else _display(path)
            click.echo(f"{where}: error: {exc}", err=True)
            refused += 1
            continue
        shown = _display(path)
        result = import_text(text, path.name, indices, content.treaties.value,
                             country=country, edition=edition)
        if _country_open(result.records) and into is not None and not as_json:
            if stdin_is_terminal():
                named = click.prompt(f"{shown}: the page does not name its country; which"
                                     " country is it?", value_proc=_answer, err=True)
                result = import_text(text, path.name, indices, content.treaties.value,
                                     country=named, edition=edition)
            else:
                click.echo(f"{shown}: the page does not name its country; give it with"
                           " --country NAME", err=True)
                unnamed += 1
        del text
        click.echo(f"{shown}: {result.format or 'format not recognised'},"
                   f" {len(result.records)} records", err=True)
        if result.problems:  # one write: a page of junk can have a million problems
            click.echo("\n".join(f"{shown}:{line}: {message}"
                                  for line, message in result.problems), err=True)
        if as_json and _country_open(result.records):
            click.echo(f"{shown}: the page does not name its country: its records have"
                       ' "country": null; give it with --country NAME', err=True)
        problems += len(result.problems)
        if as_json:
            unfiled.update(_unfiled(result.problems, shown))
        for rel, kind, record in result.records:
            if rel in records:
                click.echo(f"{shown}: {rel} also comes from another file; the later"
                           " one is kept", err=True)
            records[rel] = (kind, record)
    if refused:
        click.echo(f"Aborted: {refused} of {len(files)} files refused, nothing written", err=True)
        raise Failed
    if unnamed:
        click.echo(f"Aborted: {unnamed} of {len(files)} files name no country, nothing written",
                   err=True)
        raise Failed
    if as_json:
        click.echo(json.dumps({**_json_records(records), **unfiled}, indent=2,
                              ensure_ascii=False, sort_keys=True))
    else:
        _write_records(records, content, into, force)
    if problems:
        # what was placed is written (or printed); the exit code says a person must look
        click.echo(f"{problems} lines not placed (listed above): what the pages hold besides"
                   f" is {'printed' if as_json else 'written'}; check those lines", err=True)
        raise Failed


def stdin_is_terminal() -> bool:
    """Whether the user can be asked (a test replaces this to answer with CliRunner's input)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _given_country(country: str | None) -> str | None:
    """--country as the importers take it: the table's name for a name, id or ISO code it
    knows; any other name as given (a place the table lacks), said once."""
    from .importers.country_hint import known_country

    if country is None:
        return None
    named = known_country(country)
    if named is None:
        click.echo(f"note: '{country}' is not in the table of country names"
                   " (generator/importers/country_names.yml); its records go under"
                   f" countries/{_slug(country) or '?'}/", err=True)
    return named or country


def _answer(text: str) -> str:
    """The prompt's answer as a country for the importers; asked again when it names none."""
    from .importers.country_hint import OPEN_COUNTRY, known_country

    named = known_country(text)
    if named is None and _slug(text) in ("", OPEN_COUNTRY):
        raise click.BadParameter("expected a country's name, such as Serbia")
    if named is None:
        click.echo(f"note: '{text.strip()}' is not in the table of country names; its records"
                   f" go under countries/{_slug(text)}/", err=True)
    return named or text.strip()


def _slug(name: str) -> str:
    from .importers.text import slugify

    return slugify(name)


def _country_of(rel: str) -> str | None:
    """The country folder a record's path lies in (countries/<slug>/...), or None."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "countries" else None


def _country_open(records) -> bool:
    from .importers.country_hint import OPEN_COUNTRY

    return any(_country_of(rel) == OPEN_COUNTRY for rel, _, _ in records)


def _json_records(records: dict[str, tuple[str, object]]) -> dict:
    """The records by path, each with its kind, country (null when nothing gave it; its path
    then has {country} and its texts name none) and data."""
    from .importers.country_hint import OPEN_COUNTRY

    out = {}
    for rel, (kind, record) in sorted(records.items()):
        data = record.model_dump(mode="json", by_alias=True, exclude_none=True)
        slug = _country_of(rel)
        if slug == OPEN_COUNTRY:
            slug = None
            rel = "countries/{country}/" + rel.split("/", 2)[2]
            data = _without(data, OPEN_COUNTRY)
        out[rel] = {"kind": kind, "country": slug, "data": data}
    return out


def _unfiled(problems: list[tuple[int, str]], shown: str) -> dict[str, dict]:
    """The scores a page shows with no edition printed (a hub's glance box), as --json entries:
    never filed (an edition is never guessed), so keyed by where they stand on the page, each
    with its index and values and "edition": null."""
    from .importers.hub_build import unfiled_reading

    out = {}
    for line, message in problems:
        reading = unfiled_reading(message)
        if reading is None:
            continue
        country = reading["country"] or "{country}"
        key = f"countries/{country}/reports/{reading['index']}-{{edition}}.yml ({shown}:{line})"
        out[key] = {"kind": "report", "country": reading["country"], "edition": None,
                    "where": reading["where"],
                    "data": {"index": reading["index"], **reading["values"]}}
    return out


def _without(value, placeholder: str):
    """The data with the placeholder slug as null where it is a whole value (a country
    record's slug and name) and as {country} inside a text."""
    if isinstance(value, dict):
        return {k: _without(v, placeholder) for k, v in value.items()}
    if isinstance(value, list):
        return [_without(v, placeholder) for v in value]
    if isinstance(value, str) and placeholder in value:
        return None if value == placeholder else value.replace(placeholder, "{country}")
    return value


def _write_records(records: dict[str, tuple[str, object]], content, into: Path,
                   force: bool) -> None:
    """Write the records into `into`, then what the folder needs to build them."""
    from .importers import to_yaml

    existing = [rel for rel in records if (into / rel).exists()]
    if existing and not force:
        for rel in sorted(existing):
            click.echo(f"{_display(into / rel)}: exists, not overwritten (use --force)",
                       err=True)
        raise Failed
    for rel, (kind, record) in sorted(records.items()):
        write_atomic(into / rel, to_yaml(record).encode("utf-8"))
        click.echo(f"wrote {_display(into / rel)} ({kind})", err=True)
    _write_definitions(records, content, into)
    _write_countries(records, content, into)


def _write_definitions(records: dict[str, tuple[str, object]], content, into: Path) -> None:
    """Copy into `into` the index definitions (and treaties.yml) the records use that it
    lacks, from the content folder they were imported against: an empty folder then builds."""
    needed: set[str] = set()
    treaties = False
    for kind, record in records.values():
        if kind == "report":
            needed.add(record.index)
        elif kind == "events":
            needed.add(record.tracker)
        elif kind == "country":
            needed.update(record.history)
            treaties = treaties or bool(record.treaties and record.treaties.statuses)
    sources = [(f"indices/{iid}.yml", content.indices[iid], f"the {iid} index definition")
               for iid in sorted(needed) if iid in content.indices
               and not any((into / "indices" / f"{iid}{ext}").exists()
                           for ext in (".yml", ".yaml"))]
    if treaties and content.treaties is not None and not (into / "treaties.yml").exists():
        sources.append(("treaties.yml", content.treaties, "the treaty definitions"))
    for rel, item, what in sources:
        source = content.root / item.rel
        write_atomic(into / rel, source.read_bytes())
        click.echo(f"wrote {_display(into / rel)} ({what}, which the records use, from"
                   f" {_display(source)})", err=True)


def _write_countries(records: dict[str, tuple[str, object]], content, into: Path) -> None:
    """A country.yml for each country folder written that has none: the country's name,
    region and codes from the content folder imported against, or else a note."""
    from .importers import to_yaml

    slugs = {_country_of(rel) for rel in records} - {None}
    for slug in sorted(slugs):
        target = into / "countries" / slug / "country.yml"
        if f"countries/{slug}/country.yml" in records or target.exists():
            continue
        known = content.countries.get(slug)
        if known is None or known.country is None:
            click.echo(f"note: {_display(target.parent)} has no country.yml; write one (name,"
                       " slug, region) before building", err=True)
            continue
        country = known.country.value.model_copy(update={
            "summary": None, "basic_info": None, "population": {}, "population_source": None,
            "treaties": None, "history": {}})
        write_atomic(target, to_yaml(country).encode("utf-8"))
        click.echo(f"wrote {_display(target)} (country: its name, region and codes from"
                   f" {_display(content.root / 'countries' / slug / 'country.yml')})", err=True)
