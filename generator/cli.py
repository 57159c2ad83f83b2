"""The command line: parses arguments, prints what the build functions (generator/site/build.py)
return and sets the exit code.

Exit codes: 0 success, 1 content problems (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, TypeVar

import click

from . import PROJECT
from .diagnostics import Diagnostic, summary_line
from .model.check import Checked, check
from .model.records import FILE_KINDS, json_schema
from .site import build as build_site
from .site import preview
from .site.config import ConfigError
from .site.faults import MachineFault, fault_line, is_machine_fault
from .site.lock import Busy
from .site.outputs import UnsafeOutput, check_outputs
from .workers import batch_gc

T = TypeVar("T")

CONTENT = click.option("--content", "content_dir", default="content", show_default=True,
                       type=click.Path(file_okay=False, path_type=Path),
                       help="Content folder to read.")


def _default(name: str) -> Path:
    """`./name` when the working folder has one, else the project's own."""
    return Path(name) if Path(name).exists() else PROJECT / name


TEMPLATES = click.option("--templates", default=lambda: _default("templates"),
                         show_default="templates", type=click.Path(file_okay=False,
                                                                   path_type=Path),
                         help="Templates folder (page templates and assets/).")
CONFIG = click.option("--config", "base_config", default=lambda: _default("mkdocs.yml"),
                      show_default="mkdocs.yml", type=click.Path(dir_okay=False, exists=True,
                                                                 path_type=Path),
                      help="The project's MkDocs configuration.")
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


class Failed(Exception):
    """Stop with exit code 1 after the message has been printed."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate country-report content and build it into a static MkDocs site."""
    ctx.obj = {"debug": debug}


def _report(diagnostics: list[Diagnostic], aborted: bool = False) -> None:
    for d in diagnostics:
        click.echo(d.format(), err=True)
    if diagnostics or aborted:
        click.echo(summary_line(diagnostics, aborted), err=True)


def _display(path: Path) -> str:
    """Paths in messages: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _settings(content_dir: Path, templates: Path, base_config: Path,
              strict: bool) -> build_site.Settings:
    if not templates.is_dir():
        raise click.UsageError(f"templates folder '{templates}' not found")
    return build_site.Settings(content_dir, templates, base_config, strict,
                               _display(content_dir), _display)


def _guard(settings: build_site.Settings, outputs: dict[str, Path],
           files: dict[str, Path] | None = None) -> None:
    """Refuse, as a usage error, output folders that overlap the inputs or that the generator
    did not make (generator/site/outputs.py), before anything is read or written."""
    try:
        check_outputs(outputs, {"content": settings.content_dir, "templates": settings.templates},
                      settings.base_config.resolve().parent, files)
    except UnsafeOutput as exc:
        raise click.UsageError(str(exc)) from exc


def _checked(content_dir: Path, strict: bool) -> Checked:
    checked = check(content_dir, _display(content_dir))
    failed = checked.failed(strict)
    _report(checked.diagnostics, failed)
    if failed:
        raise Failed
    return checked


def _run(stage: Callable[[], T], kept: str = "") -> T:
    """A build function's result; its failures printed, as exit code 1 (`kept`: what a failed
    MkDocs build left as it was)."""
    try:
        return stage()
    except build_site.ContentProblems as problems:
        _report(problems.diagnostics, aborted=True)
        raise Failed from problems
    except build_site.NeedsNetwork as needs:
        for problem in needs.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"Aborted: {len(needs.problems)} asset(s) would need the network; {kept}",
                   err=True)
        raise Failed from needs
    except build_site.MkdocsFailed as exc:
        click.echo(str(exc), err=True)
        click.echo(f"Aborted: the build failed; {kept}", err=True)
        raise Failed from exc
    except build_site.BuildFailed as exc:
        click.echo(str(exc), err=True)
        raise Failed from exc
    except MachineFault as exc:
        click.echo(str(exc), err=True)
        if kept:
            click.echo(f"Aborted: the build failed; {kept}", err=True)
        raise Failed from exc
    except (ConfigError, Busy) as exc:
        click.echo(f"error: {exc}", err=True)
        raise Failed from exc


@cli.command()
@CONTENT
@STRICT
def validate(content_dir: Path, strict: bool) -> None:
    """Check all content and print every problem."""
    checked = _checked(content_dir, strict)
    if not checked.diagnostics:
        click.echo(f"OK: {_count_files(content_dir)} files, no problems", err=True)


def _count_files(content_dir: Path) -> int:
    return sum(1 for p in content_dir.rglob("*.y*ml") if p.is_file())


@cli.command()
@CONTENT
@TEMPLATES
@STRICT
@CONFIG
@click.option("--out", default="build/docs", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the generated Markdown.")
def render(content_dir: Path, templates: Path, strict: bool, base_config: Path,
           out: Path) -> None:
    """Validate, then write the generated Markdown pages only. After an edit to one country's
    files that other pages do not show (a narrative), only that country's pages are rendered."""
    settings = _settings(content_dir, templates, base_config, strict)
    _guard(settings, {"--out": out})
    rendered = _run(lambda: build_site.render(settings, out))
    _report(rendered.diagnostics)
    result = rendered.result
    click.echo(f"Rendered into {_display(out)}: {len(result.written)} written,"
               f" {result.unchanged} unchanged, {len(result.removed)} removed", err=True)


@cli.command()
@CONTENT
@TEMPLATES
@STRICT
@CONFIG
@click.option("--work", "work_dir", default="build", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the generated docs and build configuration.")
@click.option("--site", "site_dir", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Output folder; replaced only when the whole build succeeds.")
def build(content_dir: Path, templates: Path, strict: bool, base_config: Path, work_dir: Path,
          site_dir: Path) -> None:
    """Validate, render and run `mkdocs build --strict` into the site folder (what the previous
    site holds already, pages and search-index parts, is copied from it)."""
    settings = _settings(content_dir, templates, base_config, strict)
    _guard(settings, {"--work": work_dir, "--site": site_dir})
    summary = _run(lambda: build_site.build(settings, work_dir, site_dir, _report),
                   kept=f"'{_display(site_dir)}' was left as it was")
    click.echo(summary, err=True)


@cli.command()
@CONTENT
@TEMPLATES
@STRICT
@CONFIG
@click.option("--work", "work_dir", default="build/offline", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the offline build's docs, configuration and site.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The zip to write [default: dist/<site name>-offline-<content date>.zip].")
def bundle(content_dir: Path, templates: Path, strict: bool, base_config: Path, work_dir: Path,
           out: Path | None) -> None:
    """Build the site for reading from disk without network, and zip it."""
    started = time.perf_counter()
    settings = _settings(content_dir, templates, base_config, strict)
    _guard(settings, {"--work": work_dir}, {"--out": out} if out is not None else None)
    kept = (f"'{_display(out)}' was left as it was" if out is not None and out.exists()
            else "no bundle was written")
    bundled = _run(lambda: build_site.build_bundle(settings, work_dir, out, _report), kept)
    stats = bundled.stats
    click.echo(f"Bundled {_display(bundled.out)}: {stats.files} files,"
               f" {stats.bytes / 1e6:.1f} MB ({stats.unpacked / 1e6:.1f} MB unpacked) in"
               f" {time.perf_counter() - started:.1f} s; unzip it and open index.html", err=True)


@cli.command()
@CONTENT
@TEMPLATES
@CONFIG
@click.option("--work", "work_dir", default="build", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(content_dir: Path, templates: Path, base_config: Path, work_dir: Path,
          dev_addr: str) -> None:
    """Live preview: re-render when content/ or templates/ change; MkDocs reloads the browser."""
    settings = _settings(content_dir, templates, base_config, strict=False)
    _guard(settings, {"--work": work_dir})

    def problems(diagnostics: list[Diagnostic], failed: bool) -> None:
        _report(diagnostics, failed)
        if failed:
            click.echo("Keeping the last good pages until the problems are fixed", err=True)
    _run(lambda: preview.serve(settings, work_dir, dev_addr, problems,
                               lambda line: click.echo(line, err=True)))

@cli.command()
@click.option("--countries", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--editions", default=5, show_default=True, type=click.IntRange(1, 40))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--into", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the sample content folder into.")
def sample(countries: int, editions: int, seed: int, into: Path) -> None:
    """Write clearly fictional sample content of realistic shape (for benchmarks and tests)."""
    from .tools.sample import write_sample

    started = time.perf_counter()
    stats = write_sample(into, countries, editions, seed)
    click.echo(f"Wrote {stats.files:,} files ({stats.bytes / 1e6:.1f} MB): {stats.countries}"
               f" countries, {stats.reports:,} reports into {_display(into)} in"
               f" {time.perf_counter() - started:.1f} s", err=True)


@cli.command()
@click.argument("base")
@click.argument("head")
@click.option("--content", "content_rel", default="content", show_default=True,
              help="The content folder, relative to the repository root.")
@click.option("--repo", default=".", show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The git repository.")
def diff(base: str, head: str, content_rel: str, repo: Path) -> None:
    """Markdown summary of what HEAD changes in the content compared with BASE (git revisions):
    ratings and statuses old -> new, events, pages added and removed, problems introduced."""
    from .tools.diff import content_diff

    try:
        click.echo(content_diff(repo, base, head, content_rel), nl=False)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


@cli.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True, readable=False, path_type=Path))
@CONTENT
@click.option("--into", type=click.Path(file_okay=False, path_type=Path),
              help="Content folder to write the records into (the layout of content/).")
@click.option("--json", "as_json", is_flag=True, help=(
    "Print the records as JSON instead: {path: {kind, country, data}}; country is null (and"
    " the path has {country}) for a page whose country nothing gives."))
@click.option("--force", is_flag=True, help="Overwrite files that already exist in --into.")
@click.option("--country", help=(
    "Country (name, folder name or ISO alpha-3 code), for pages whose text, URL: line and file"
    " name do not give it; it wins over them."))
@click.option("--edition", type=int, help="Edition year, for pages that do not print it.")
def import_(files: tuple[Path, ...], content_dir: Path, into: Path | None, as_json: bool,
            force: bool, country: str | None, edition: int | None) -> None:
    """Turn publishers' files into content files: their data files (Freedom in the World
    workbooks, UN treaty status tables, country codes, World Bank population, ParlGov tables),
    recognised by their content, and scraped report text (Nations in Transit, Democracy Tracker,
    FIW, FOTN pages).

    Data files are merged into the content folder: their figures replace the figures there, and
    what an editor wrote (narratives, notes, summaries) stays; importing the same files again
    changes nothing. Any error (a name the table of country names lacks, a missing column):
    nothing is written, exit code 1.

    Scraped pages: every line that cannot be placed is reported as FILE:LINE, with exit code 1.
    The country is --country, else the one the page's text names, else the one its `URL:` line
    or file name gives (freedomhouse-nit-serbia-2019.txt). A page that gives none still gives
    its facts: with --json its records have "country": null (not an error in itself: the exit
    code is 1 only if problems are reported); with --into the country is asked for, or without
    a terminal the command says to give --country and writes nothing (exit code 1). With
    --into, the index definitions the records use (and treaties.yml, for treaty statuses)
    that the folder lacks are copied from --content, and each country folder without a
    country.yml gets the country's name, region and codes from --content: records imported
    into an empty folder build.
    A file that is not a page's text (HTML, PDF, binary, not UTF-8, empty, over the size limit,
    unreadable) is refused with its reason; the other files are still read and their problems
    reported, but no records are written (or printed) while any file is refused (issue 24)."""
    from .cli_import import import_data_files, import_pages
    from .importers.data import classify

    if into is None and not as_json:
        raise click.UsageError("give --into DIR to write the records, or --json to print them")
    checked = check(content_dir, _display(content_dir))
    content = checked.content
    if not content.indices or content.treaties is None:
        raise click.UsageError(f"'{content_dir}' has no index or treaty definitions to import"
                               " against; use --content")
    kinds = {path: classify(path) for path in files}
    data = {path: kind for path, kind in kinds.items() if kind is not None}
    pages = tuple(path for path, kind in kinds.items() if kind is None)
    if data:
        if into is None:
            raise click.UsageError("data files are merged into a content folder: give --into")
        import_data_files(data, content, into)
    if pages:
        import_pages(pages, content, into, as_json, force, country, edition)


@cli.command()
@click.argument("kind", type=click.Choice(sorted(FILE_KINDS)), required=False)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write <kind>.schema.json for every kind into this folder.")
def schema(kind: str | None, out: Path | None) -> None:
    """Print the JSON Schema of one kind of content file, or write them all with --out."""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name in sorted(FILE_KINDS):
            (out / f"{name}.schema.json").write_text(schema_text(name), encoding="utf-8")
        click.echo(f"Wrote {len(FILE_KINDS)} schemas into {_display(out)}", err=True)
        return
    if kind is None:
        raise click.UsageError("name a kind (" + ", ".join(sorted(FILE_KINDS)) + ") or use --out")
    click.echo(schema_text(kind), nl=False)


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    """Entry point: maps failures to exit codes; tracebacks only with --debug."""
    debug = "--debug" in sys.argv[1:]
    batch_gc()
    try:
        cli.main(standalone_mode=False)
    except Failed:
        sys.exit(1)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except OSError as exc:
        if not is_machine_fault(exc):
            _internal_error(exc, debug)
        click.echo(fault_line(exc, _display), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        _internal_error(exc, debug)


def _internal_error(exc: Exception, debug: bool) -> None:
    """A bug: say so, with the traceback under --debug, and stop with exit code 3."""
    if debug:
        traceback.print_exc()
    click.echo(f"internal error: {type(exc).__name__}: {exc}"
               " (run with --debug for the traceback)", err=True)
    sys.exit(3)
