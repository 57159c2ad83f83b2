"""Property-based tests of the loader, the validator and the renderer (importers: see
test_importers_fuzz.py).

- No input makes the loader or the validator raise: every problem is a Diagnostic.
- A valid report renders to Markdown in which every paragraph and note reads, as HTML text,
  exactly as the data wrote it (escaping round-trips) and holds no element from the data.
- A few valid reports go through the whole `mkdocs build --strict` without a warning.

Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.model.check import check
from generator.model.load import load_bytes
from generator.model.narrative import plain_text
from generator.model.scoring import aggregate_exact, band_for, percentage_exact, round_half_up
from generator.pages import render
from generator.site.docs import pages_for

from .conftest import COUNTRY, NIT_REPORT, REPO, build, write_content
from .test_hostile import to_yaml

FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
REPORT = "countries/ruritania/reports/nit-2022.yml"
NIT = yaml.safe_load((REPO / "content" / "indices" / "nit.yml").read_text(encoding="utf-8"))
CATEGORIES = [c["id"] for c in NIT["categories"] if c.get("last") is None]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _well_formed(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic)
        line = d.format()
        assert not CONTROL.search(line), line  # nothing that rewrites the editor's terminal


# --- The loader --------------------------------------------------------------------------------

YAML_BITS = st.sampled_from([
    "a", "b", "é", "0", "1", "7.5", " ", "  ", "\n", "\r\n", "\t", ":", ": ", "- ", "-", "[", "]",
    "{", "}", ",", "#", "&a ", "*a", "!", "!!str ", "!!binary ", "<<: ", "? ", "|", ">", "'",
    '"', "\\", "\\x07", "\\e", "\\u0000", "---\n", "...\n", "%YAML 1.2\n", "\ufeff", "\x85",
    "\u2028", "\x00", "\x07", "\ud7ff", "0x", "0o", "1e400", ".nan", "~", "null", "yes", "NO",
])


@FAST
@given(st.binary(max_size=400))
def test_load_bytes_never_raises_on_bytes(raw):
    doc, diagnostics = load_bytes(raw, "f.yml")
    _well_formed(diagnostics)
    assert doc is not None or diagnostics


@FAST
@given(st.lists(YAML_BITS, max_size=60).map("".join))
def test_load_bytes_never_raises_on_yaml_like_text(text):
    doc, diagnostics = load_bytes(text.encode("utf-8", "surrogatepass"), "f.yml")
    _well_formed(diagnostics)
    assert doc is not None or diagnostics


# --- The validator: random values in every field of a report ---------------------------------

SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12))
ANY = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                   | st.dictionaries(st.text(max_size=6) | st.integers(0, 5), inner, max_size=3),
                   max_leaves=8)
RATING = st.sampled_from([1, 1.25, 1.5, 3.75, 7, 0, 8, 1.3, "1.5", None, True])
SECTION = st.fixed_dictionaries(
    {"paragraphs": st.lists(st.text(max_size=20) | st.sampled_from(
        ["a[^1]", "[^2] b", "[^x]", "[^0]", "[^99999999999]", ""]), max_size=3) | ANY},
    optional={"notes": st.dictionaries(st.integers(-1, 4) | st.text(max_size=2),
                                       st.none() | st.text(max_size=8), max_size=4) | ANY})
CATEGORY = st.fixed_dictionaries({}, optional={
    "id": st.sampled_from(CATEGORIES + ["governance", "x", "", "Bad Id"]) | ANY,
    "rating": RATING | ANY, "rank": st.integers(-1, 200) | ANY, "rank_of": st.integers(0, 200),
    "narrative": SECTION | ANY, "extra": ANY})
REPORT_FIELDS = st.fixed_dictionaries({}, optional={
    "index": st.sampled_from(["nit", "fiw", "nope"]) | ANY,
    "edition": st.sampled_from([2022, 2021, 1800, "2022"]) | ANY,
    "covers": st.text(max_size=10) | ANY,
    "status": st.sampled_from(["consolidated-authoritarian-regime", "free"]) | ANY,
    "aggregate": st.sampled_from([1.36, 1.4, 7, -1]) | ANY,
    "percentage": st.sampled_from([5.95, 6.0, 101]) | ANY,
    "previous": st.fixed_dictionaries({}, optional={"aggregate": RATING | ANY,
                                                    "percentage": RATING, "status": ANY}) | ANY,
    "score_changes": st.lists(st.fixed_dictionaries({}, optional={
        "category": st.sampled_from(CATEGORIES) | ANY, "from": RATING, "to": RATING,
        "reason": st.text(max_size=8) | ANY}), max_size=2) | ANY,
    "summary": SECTION | ANY, "at_a_glance": SECTION,
    "categories": st.lists(CATEGORY, max_size=8) | ANY,
    "author": st.fixed_dictionaries({"name": st.text(max_size=8) | ANY}) | ANY,
    "source": st.fixed_dictionaries({"name": st.text(max_size=5)}, optional={
        "url": st.sampled_from(["https://e.org/(a)", "https://e.org/)x", "javascript:x"])}),
    "data_note": st.text(max_size=10) | ANY,
    "unknown": ANY,
})


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A content folder whose report each example overwrites.

    render_site compiles every template again on each call (0.7 s of a 0.8 s render); the
    examples share one compiled environment instead.
    """
    environment = functools.lru_cache(maxsize=None)(render.make_environment)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "make_environment", environment)
        yield write_content(tmp_path_factory.mktemp("fuzz"), {
            "countries/ruritania/country.yml": COUNTRY,
            REPORT: "index: nit\nedition: 2022\n"})


@settings(FAST, max_examples=150)
@given(report=REPORT_FIELDS)
def test_validator_never_raises_on_random_report_values(tree, report):
    (tree / REPORT).write_text(to_yaml(report) + "\n", encoding="utf-8")
    checked = check(tree, "content")
    _well_formed(checked.diagnostics)
    if not checked.failed():  # what passes must also render
        pages_for(checked.content, REPO / "templates")


@settings(FAST, max_examples=60)
@given(text=st.text(max_size=40))
def test_validator_never_raises_on_random_country_text(tree, text):
    (tree / REPORT).write_text("index: nit\nedition: 2022\n", encoding="utf-8")
    country = COUNTRY.replace("name: Ruritania", "name: " + to_yaml(text or "x"))
    (tree / "countries/ruritania/country.yml").write_text(country + "summary: " + to_yaml(text)
                                                          + "\n", encoding="utf-8")
    checked = check(tree, "content")
    _well_formed(checked.diagnostics)
    if not checked.failed():
        pages_for(checked.content, REPO / "templates")
    (tree / "countries/ruritania/country.yml").write_text(COUNTRY, encoding="utf-8")


# --- The renderer: valid reports, hostile text ------------------------------------------------

SNIPPETS = st.sampled_from([
    "<script>alert(1)</script>", "</li></ol>", "</p>", "<b>", "<img src=x onerror=alert(1)>",
    "&amp;", "&#60;", "&lt;", "&", "{{ site }}", "{% if x %}", "{#", "#}", "{## c ##}", "](",
    "![x](https://evil.example/p.png)", "[a](javascript:alert(1))", "`", "``", "**", "__", "*",
    "_", "~~", "\\", "\\\\", "|", "||", "---", "===", "# ", "## ", "1. ", "1) ", "- ", "+ ",
    "> ", "!!! note", "{: .x onclick=y}", "{#id}", "<!--", "-->", "<https://e.example>",
    "[^ 1]", "[1]: https://e.example", "\n", "\n\n", "\r\n", "\t", "    ", "\u00a0", "\u2028",
    "\u202e", "\u200b", "\ufeff", "الانتخابات", "שלום", "=HYPERLINK(\"x\")", "@SUM(1)",
    "\U0001F3F3\ufe0f\u200d\U0001F308", "%", "$x$", "^", "<", ">", "'", '"', ":", ";",
])
# Printable text: no controls (refused by the loader), surrogates or unassigned code points.
CHARS = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")), max_size=8)
TEXT = st.lists(CHARS | SNIPPETS, max_size=6).map("".join).map(lambda t: t.replace("[^", "[ ^"))
GRID = [1 + i / 4 for i in range(25)]


@st.composite
def sections(draw, key: str) -> dict:
    """Paragraphs citing notes 1..N, each note cited at least once; each paragraph starts with
    a marker so that its element can be found in the HTML."""
    count = draw(st.integers(0, 3))
    paragraphs = []
    for j in range(draw(st.integers(1, 3))):
        pieces = [f"⟦{key}{j}⟧ "]
        for _ in range(draw(st.integers(0, 3))):
            pieces.append(draw(TEXT))
            if count:
                pieces.append(f"[^{draw(st.integers(1, count))}]")
        paragraphs.append(pieces)
    cited = {int(p[2:-1]) for ps in paragraphs for p in ps if p.startswith("[^")}
    paragraphs[-1] += [f"[^{n}]" for n in range(1, count + 1) if n not in cited]
    notes = {n: draw(st.none() | TEXT.map(lambda t: t.strip() and t or "n"))
             for n in range(1, count + 1)}
    return {"paragraphs": ["".join(ps) for ps in paragraphs], "notes": notes}


@st.composite
def valid_reports(draw) -> dict:
    ratings = {c: draw(st.sampled_from(GRID)) for c in CATEGORIES}
    index = _nit()
    exact = aggregate_exact(index, ratings.values())
    aggregate = float(round_half_up(exact, 2))
    band = band_for(index.status.bands, round_half_up(exact, 2))
    return {
        "index": "nit", "edition": 2022, "covers": draw(TEXT.filter(str.strip)),
        "status": band.id, "aggregate": aggregate,
        "percentage": float(round_half_up(percentage_exact(index, exact), 2)),
        "summary": draw(sections("summary")),
        "categories": [{"id": c, "rating": r, **({"narrative": draw(sections("narrative"))}
                                                if c == "electoral-process" else {})}
                       for c, r in ratings.items()],
        # A name with spaces at its ends breaks the template's **bold** around it: see
        # test_a_name_with_spaces_at_its_ends_keeps_its_bold_markup.
        "author": {"name": draw(TEXT.map(str.strip).filter(bool)),
                   "bio": draw(TEXT.filter(str.strip))},
        "data_note": draw(TEXT.filter(str.strip)),
    }


_INDEX = []


def _nit():
    if not _INDEX:
        from generator.model.records import Index
        _INDEX.append(Index.model_validate(NIT))
    return _INDEX[0]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _html(page_text: str) -> BeautifulSoup:
    """The page as MkDocs converts it: front matter off, the extensions of mkdocs.yml on."""
    body = page_text.split("\n---\n", 1)[1] if page_text.startswith("---\n") else page_text
    html = markdown.markdown(body, extensions=["admonition", "attr_list", "tables", "toc"],
                             extension_configs={"toc": {"permalink": True}})
    return BeautifulSoup(html, "html.parser")


def _only_text_and_note_refs(element) -> list[str]:
    """Children that are neither text nor a note reference (an <a class="footnote-ref"> with
    only its number)."""
    odd = []
    for child in element.children:
        if isinstance(child, NavigableString):
            continue
        if child.name == "a" and child.get("class") == ["footnote-ref"] and \
                not child.find_all(True):
            continue
        odd.append(str(child)[:80])
    return odd


def _plain(value, key: str = ""):
    """The report with every text replaced by plain letters; markers and note references kept."""
    if isinstance(value, dict):
        return {k: _plain(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, key) for v in value]
    if not isinstance(value, str) or key in ("index", "status", "id"):
        return value
    return "".join(p if p.startswith(("[^", "⟦")) else "x" for p in re.split(
        r"(\[\^\d+\]|⟦\w+⟧)", value) if p)


def _render(tree: Path, report: dict) -> BeautifulSoup:
    (tree / REPORT).write_text(to_yaml(report) + "\n", encoding="utf-8")
    checked = check(tree, "content")
    assert [d.format() for d in checked.diagnostics] == []
    _, pages = pages_for(checked.content, REPO / "templates")
    return _html(next(p.text for p in pages if p.path == "countries/ruritania/nit-2022.md"))


def _shape(page: BeautifulSoup) -> list[tuple]:
    return [(t.name, tuple(sorted(a for a in t.attrs if a not in ("id", "href", "title"))))
            for t in page.find_all(True)]


@settings(FAST, max_examples=80, suppress_health_check=list(HealthCheck))
@given(report=valid_reports())
def test_valid_reports_render_their_text_literally(tree, report):
    page = _render(tree, report)
    # No element comes from the data: the page has the elements of the same report in letters.
    assert _shape(page) == _shape(_render(tree, _plain(report)))
    assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not [a["href"] for a in page.find_all("a", href=True)
                if re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", a["href"])
                and not (a.has_attr("download")  # the page's figures as a CSV file to save
                         and a["href"].startswith("data:text/csv;charset=utf-8,"))]
    # Every paragraph and note reads as the data wrote it, note references aside.
    # notes keys: `s` for the summary, `c2` for the index's second category (sections.py)
    for key, anchor, section in [("summary", "s", report["summary"]),
                                 ("narrative", "c2",
                                  report["categories"][1]["narrative"])]:
        for j, paragraph in enumerate(section["paragraphs"]):
            found = [t for t in page.find_all(["p", "li"])
                     if t.get_text().startswith(f"⟦{key}{j}⟧")]
            assert len(found) == 1, (key, j, paragraph)
            assert _only_text_and_note_refs(found[0]) == [], paragraph
            for ref in found[0].select("a.footnote-ref"):
                ref.decompose()
            assert _norm(found[0].get_text()) == _norm(plain_text(paragraph))
        for n, note in section["notes"].items():
            item = page.find("li", id=f"{anchor}-n{n}")
            if note is None:
                assert item.find(class_="note-missing") is not None
                continue
            text = item.find("span")  # the text, the back link beside it
            assert _only_text_and_note_refs(text) == [], note
            assert _norm(text.get_text()) == _norm(note)
    article = _norm(page.get_text())
    for field in (report["covers"], report["author"]["name"], report["author"]["bio"],
                  report["data_note"]):
        assert _norm(field) in article


def test_a_name_with_spaces_at_its_ends_keeps_its_bold_markup(tree):
    report = yaml.safe_load(NIT_REPORT)
    report["author"] = {"name": "Jane Doe\n"}  # as `name: >` or a quoted name writes it
    strong = [s.get_text() for s in _render(tree, report).find_all("strong")]
    assert "Jane Doe" in strong


@pytest.mark.site
@settings(FAST, max_examples=10, suppress_health_check=list(HealthCheck))
@given(report=valid_reports())
def test_valid_reports_build_without_warnings(tmp_path_factory, report):
    root = tmp_path_factory.mktemp("build")
    content = write_content(root, {"countries/ruritania/country.yml": COUNTRY,
                                   REPORT: to_yaml(report) + "\n"})
    result = build(content, root / "site", root / "work")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    shutil.rmtree(root)
