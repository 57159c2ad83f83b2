"""Stage 5, render: derived views to Markdown pages through Jinja2 templates.

Autoescape is off because the output is Markdown; every piece of data text passes an explicit
filter (`md` for Markdown text, `html` inside raw HTML, `attr` in attributes) where it enters
the page, so data is never read as Markdown, HTML or template code.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
)

from ..model.names import event_anchor, reserved_anchor
from ..model.narrative import NOTE_REF, note_number
from ..search.pagefind import PAGEFIND_DIR
from ..workers import map_in_workers
from . import figures
from .derive import SiteView
from .derive_tracker import date_label, month_label
from .sections import Citations, NoteView, SectionView

R = TypeVar("R")

# Characters Python-Markdown (with the tables extension) unescapes after a backslash.
_MD_ESCAPED = set("\\`*_{}[]()#+-.!|>")
# Characters Markdown might read as syntax but cannot backslash-escape: use entities.
_MD_ENTITIES = {"<": "&lt;", "&": "&amp;", "~": "&#126;"}
_SPACE = re.compile(r"\s+")
_MD_REPLACEMENTS = {**{ch: "\\" + ch for ch in _MD_ESCAPED}, **_MD_ENTITIES}


# Replaced one character at a time with str.replace, backslash and "&" first so that no
# replacement's own characters are replaced again: on narratives, much faster than one
# regular-expression pass with a function per match, itself much faster than str.translate.
_MD_ORDER = ["&", *sorted(_MD_ESCAPED - {"\\"})]


def _one_line(text: str) -> str:
    """Whitespace runs as one space; most text has none, which two C scans tell."""
    if text.isprintable() and "  " not in text:  # \s other than " " is never printable
        return text
    return _SPACE.sub(" ", text)


def escape_md(value: Any) -> str:
    """Data text as inert Markdown inline text: one line, every syntax character escaped.

    Whitespace runs become one space but are kept at the ends, so text around a note
    reference keeps its spacing; derive strips the ends of whole paragraphs.
    """
    text = _one_line(str(value)).replace("\\", "\\\\")
    for ch in _MD_ORDER:
        if ch in text:
            text = text.replace(ch, _MD_REPLACEMENTS[ch])
    return text.replace("<", "&lt;").replace("~", "&#126;")


def escape_html(value: Any) -> str:
    """Data text inside a raw HTML block, where Markdown is not read."""
    return html.escape(_one_line(str(value)).strip(), quote=True)


def escape_html_text(value: Any) -> str:
    """A run of data text inside an HTML element (a narrative between note references): one
    line, ends kept as in `escape_md`; quotes stay as they are, as Python-Markdown leaves them."""
    return html.escape(_one_line(str(value)), quote=False)


def section_paragraphs(section: SectionView, bullets: bool = False) -> str:
    """A narrative's paragraphs as <p> elements (`bullets`: a <ul> of <li>), the text escaped as
    `escape_html_text` does, ends stripped, and each note reference a superscript link to its
    note, anchored as sections.Citations numbers them. One substitution a paragraph: splitting
    it into pieces for the template to join made a large part of a report page's rendering.

    A reference is one <a>, set as a superscript by site.css rather than inside a <sup>: 11
    bytes less a reference, of which a page holds many (Material's note previews find
    `.footnote-ref` links wherever they stand)."""
    citations = Citations(section.key)

    def reference(match: re.Match) -> str:
        n = note_number(match.group(1))
        if not n:
            return match.group()
        return (f'<a id="{citations.cite(n)}" class="footnote-ref"'
                f' href="#{citations.note_id(n)}">{n}</a>')

    tag = "li" if bullets else "p"
    items = "\n".join(f"<{tag}>{NOTE_REF.sub(reference, escape_html_text(text.strip()))}</{tag}>"
                      for text in section.paragraphs)
    return f"<ul>\n{items}\n</ul>" if bullets else items


def notes_list(notes: list[NoteView]) -> str:
    """A section's notes as an <ol>. A note's text is in a <span>: Material's note preview
    (content.footnote.tooltips, on links of class footnote-ref) shows copies of the note's
    elements, not its bare text. The back link's word is what screen readers say; site.css
    draws it as Material's arrow, and a class on it would be written a hundred times a page."""
    items = "\n".join(
        f'<li id="{n.note_id}">'
        + (f"<span>{escape_html(n.text)}</span>" if n.text
           else '<span class="note-missing">Not in our copy.</span>')
        + (f' <a href="#{n.ref_id}">back</a>' if n.ref_id else "") + "</li>"
        for n in notes)
    kind = "notes" if any(n.text for n in notes) else "notes notes-all-missing"
    return f'<ol class="{kind}" aria-label="Notes">\n{items}\n</ol>'


def heading_anchor(value: Any, key: str = "") -> str:
    """An attribute list (` {#h_…}`) for a heading of data text whose automatic anchor would be
    one the generator or the theme gives an element of its own (a country named `__config`
    took the id of Material's configuration script); nothing for any other heading, which
    keeps the toc extension's anchor. That anchor is what the toc extension makes of the
    heading's text (markdown.extensions.toc.slugify of the text `md` escapes). `key` (a slug)
    tells apart headings of one page that may have the same text (`h_<key>_…`); the toc
    extension keeps its own anchors off these explicit ones."""
    from markdown.extensions.toc import slugify

    anchor = slugify(_one_line(str(value)).strip(), "-")
    if not reserved_anchor(anchor):
        return ""
    return " {#h_" + (key + "_" if key else "") + anchor.lstrip("_") + "}"


def number(value: float | int) -> str:
    """A number as people write it: 63.0 -> '63', 19.4 -> '19.4'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
           "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
           "^": r"\textasciicircum{}"}


def escape_bibtex(value: Any) -> str:
    """Text for a BibTeX field: TeX's special characters escaped."""
    return "".join(_BIBTEX.get(ch, ch) for ch in _one_line(str(value)).strip())


def page_url(md_path: str) -> str:
    """The URL path MkDocs gives a page (use_directory_urls): a/b.md -> a/b/, a/index.md -> a/."""
    stem = md_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def plain_attr(value: Any) -> str:
    """A value for YAML front matter: one line, HTML-escaped, quoted.

    MkDocs and the Material theme print front-matter values raw (`page.meta.title` in <title>,
    the header and the navigation; `page.meta.description` inside a `content="…"` attribute),
    so the text must already be HTML here: a country named `<script>…` would otherwise run.
    """
    text = html.escape(_one_line(str(value)).strip(), quote=False).replace('"', "&quot;")
    return '"' + text.replace("\\", "\\\\") + '"'


class Page:
    """One generated page. Held zlib-compressed (UTF-8, fast level): at thousands of report pages
    the text would take much memory while the site is rendered, compressed it takes a fraction
    of that, and it travels from the render workers in a fraction of the time."""

    path: str  # relative to the docs folder, posix
    packed: bytes

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.packed = zlib.compress(text.encode("utf-8"), 1)

    @property
    def data(self) -> bytes:
        return zlib.decompress(self.packed)

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Page) and (self.path, self.data) == (other.path, other.data)

    def __hash__(self) -> int:
        return hash((self.path, self.data))

    def __repr__(self) -> str:
        return f"Page({self.path!r}, {len(self.packed)} bytes packed)"


class RenderError(Exception):
    """A template failed; the message names the template and the line."""


SEARCH_PAGE = "search/index.md"
COMPARE_PAGE = "compare/index.md"  # countries side by side, picked by the reader
TREATIES_PAGE = "treaties/index.md"  # every country against every treaty


def make_environment(templates: Path, cache_dir: Path | None = None) -> Environment:
    """The Jinja2 environment of the page templates; `cache_dir` keeps their compiled code
    between runs (keyed by each template's source, so an edited template is compiled anew)."""
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(cache_dir))
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        bytecode_cache=cache,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # `{#id}` is Markdown attribute syntax; Jinja comments use `{##  ##}` instead.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(md=escape_md, html=escape_html, text=escape_html_text, fm=plain_attr,
                       num=number, anchor=heading_anchor,
                       bibtex=escape_bibtex,
                       month_label=month_label, date_label=date_label, draw=figures.draw,
                       gauges_csv=figures.gauges_csv)
    env.globals.update(section_paragraphs=section_paragraphs, notes_list=notes_list,
                       page_url=page_url, event_anchor=event_anchor)
    return env


@dataclass
class Job:
    """A page to render: its template kind, path, the country slug (for per-country templates)
    and the template's variables."""

    kind: str
    path: str
    slug: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


def page_jobs(site: SiteView, search_page: bool = True, countries_only: bool = False,
              only: set[str] | None = None) -> list[Job]:
    """Every page of the site, in a stable order; `search_page` adds the page of the website's
    search (Pagefind), which the offline bundle leaves out for Material's search box.
    `countries_only` lists the pages of the site's countries and nothing site-wide; `only` just
    the pages of these paths."""
    jobs: list[Job] = []

    def add(kind: str, path: str, slug: str | None = None, **context: Any) -> None:
        if only is None or path in only:
            jobs.append(Job(kind, path, slug, context))

    if not countries_only:
        add("home", "index.md")
        add("countries", "countries/index.md")
        add("methodology-index", "methodology/index.md")
        for index in site.indices:
            add("methodology", f"methodology/{index.id}.md", index.id, index=index)
        add("downloads", "downloads/index.md")
        add("rankings-index", "rankings/index.md")
        if search_page:
            add("search", SEARCH_PAGE, pagefind_dir=PAGEFIND_DIR)
        for rankings in site.rankings:
            add("rankings", rankings.path, rankings.index.id, rankings=rankings)
            for edition in rankings.editions:
                add("ranking", edition.path, rankings.index.id, edition=edition)
        if site.rankings:
            add("compare", COMPARE_PAGE)
        if any(c.treaties for c in site.countries):
            add("treaties", TREATIES_PAGE)
    for country in site.countries:
        add("country", country.path, country.slug, country=country)
        for report in country.reports:
            add("report", report.path, country.slug, report=report, country=country)
        if country.tracker_path:
            add("tracker", country.tracker_path, country.slug, country=country)
        for election in country.elections:
            add("election", election.path, country.slug, election=election, country=country)
    return jobs


def render_job(env: Environment, site: SiteView, job: Job) -> str:
    """The text of one page."""
    names = [f"{job.kind}-{job.slug}.md.j2", f"{job.kind}.md.j2"] if job.slug else \
        [f"{job.kind}.md.j2"]
    try:
        template = env.select_template(names)
        return template.render(
            site=site, page_path=job.path,
            url=lambda target, _from=job.path: relative_url(_from, target),
            href=lambda target, _from=job.path: page_href(_from, target, site.directory_urls),
            **job.context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"{getattr(exc, 'filename', None) or names[-1]}:{line or 0}"
        raise RenderError(f"{where}: template error while rendering {job.path}: {exc}") from exc


def render_site(site: SiteView, templates: Path, search_page: bool = True,
                countries_only: bool = False, only: set[str] | None = None,
                cache_dir: Path | None = None, parallel: bool = False) -> list[Page]:
    """The pages of `page_jobs`, rendered; with `parallel`, in one forked process per core."""
    jobs = page_jobs(site, search_page, countries_only, only)
    return render_jobs(site, templates, jobs, Page, cache_dir, parallel)


def render_jobs(site: SiteView, templates: Path, jobs: list[Job],
                finish: Callable[[str, str], R], cache_dir: Path | None = None,
                parallel: bool = False) -> list[R]:
    """finish(path, text) of every job's page, in the jobs' order: the worker that renders a
    page finishes it (makes the Page, or writes the file: site/docs.render_docs), so the page's
    text need not travel back to this process."""
    envs: dict[int, Environment] = {}  # one per process, made on its first page

    def render(job: Job) -> R:
        pid = os.getpid()
        if pid not in envs:
            envs[pid] = make_environment(templates, cache_dir)
        done = finish(job.path, render_job(envs[pid], site, job))
        if job.kind == "report":
            job.context["report"].forget_sections()
        return done
    return map_in_workers(render, jobs, parallel=parallel)


def relative_url(from_page: str, target: str) -> str:
    """Link from one Markdown page to another (or to an anchor on it), relative as MkDocs wants."""
    target_path, _, anchor = target.partition("#")
    rel = _relpath(target_path, posixpath.dirname(from_page) or ".") if target_path else ""
    return rel + (f"#{anchor}" if anchor else "")


def page_href(from_page: str, target: str, directory_urls: bool = True) -> str:
    """The link from one page to another (Markdown paths, the target maybe with an #anchor) as
    the built site has it: for raw HTML, whose links MkDocs does not rewrite. With
    `directory_urls` (the website) a/b.md is a/b/, else (the offline bundle) a/b.html; a path
    that is not a page (a CSV file) is linked as it is."""
    target_path, _, anchor = target.partition("#")
    if not target_path:
        return f"#{anchor}"
    to = _built_url(target_path, directory_urls)
    here = _built_url(from_page, directory_urls)
    start = here[:-1] if here.endswith("/") else posixpath.dirname(here)
    rel = _relpath(to.rstrip("/") or ".", start or ".")
    if to.endswith("/") or not to:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def _built_url(md_path: str, directory_urls: bool) -> str:
    if not md_path.endswith(".md"):
        return md_path
    return page_url(md_path) if directory_urls else md_path[:-3] + ".html"


@lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: a country's pages share a folder and link the same pages,
    and relpath (both paths made absolute and split) was a fourteenth of rendering."""
    return posixpath.relpath(target, start)
