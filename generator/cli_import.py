"""The two halves of `python -m generator import`: publishers' data files merged into a content
folder, and scraped report pages turned into records (see the command's help)."""

from __future__ import annotations

import json
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
    """Records from scraped report text (see `import`)."""
    from .importers import import_text, to_yaml
    from .importers.intake import Refused, read_page

    indices = {k: v.value for k, v in content.indices.items()}
    records: dict[str, tuple[str, object]] = {}
    problems = refused = 0
    for path in files:
        try:
            text = read_page(path)
        except Refused as exc:
            where = f"{_display(path)}:{exc.line}" if exc.line else _display(path)
            click.echo(f"{where}: error: {exc}", err=True)
            refused += 1
            continue
        result = import_text(text, path.name, indices, content.treaties.value,
                             country=country, edition=edition)
        del text
        shown = _display(path)
        click.echo(f"{shown}: {result.format or 'format not recognised'},"
                   f" {len(result.records)} records", err=True)
        if result.problems:  # one write: a page of junk can have a million problems
            click.echo("\n".join(f"{shown}:{line}: {message}"
                                  for line, message in result.problems), err=True)
        problems += len(result.problems)
        for rel, kind, record in result.records:
            if rel in records:
                click.echo(f"{_display(path)}: {rel} also comes from another file; the later"
                           " one is kept", err=True)
            records[rel] = (kind, record)
    if refused:
        click.echo(f"Aborted: {refused} of {len(files)} files refused, nothing written", err=True)
        raise Failed
    if as_json:
        out = {rel: {"kind": kind, "data": record.model_dump(mode="json", by_alias=True,
                                                           exclude_none=True)}
               for rel, (kind, record) in sorted(records.items())}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        existing = [rel for rel in records if (into / rel).exists()]
        if existing and not force:
            for rel in sorted(existing):
                click.echo(f"{_display(into / rel)}: exists, not overwritten (use --force)",
                           err=True)
            raise Failed
        for rel, (kind, record) in sorted(records.items()):
            write_atomic(into / rel, to_yaml(record).encode("utf-8"))
            click.echo(f"wrote {_display(into / rel)} ({kind})", err=True)
        for slug in sorted({rel.split("/")[1] for rel in records if rel.startswith("countries/")}):
            if not (into / "countries" / slug / "country.yml").exists():
                click.echo(f"note: {_display(into / 'countries' / slug)} has no country.yml;"
                           " write one (name, slug, region) before building", err=True)
    if problems:
        click.echo(f"Aborted: {problems} lines not placed", err=True)
        raise Failed
