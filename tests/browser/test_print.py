"""Printed report pages ("Save as PDF"): Chromium prints them to PDF, whose text pypdf reads.

A printed report holds its title, scores and statuses, narratives with their notes, author and
citation, and nothing of the site around it (navigation, search, controls), in black on white
and links as their words; its charts keep
their series and bands apart in greys and dash patterns that survive a black-and-white printer,
and its text is black on white when the reader's screen is in dark mode. Screenshots of the
printed pages go to /tmp/print-*.png for a person to look at.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterator

import pytest

from ..conftest import NIT_REPORT, country_files
from .harness import Guard, build_site, serve, shipped_slice

pytestmark = pytest.mark.browser

NIT = "/countries/kazakhstan/nit-2022/"
FIW = "/countries/kazakhstan/fiw-2025/"
RURITANIA = "/countries/ruritania/nit-2022/"
COUNTRY = "/countries/kazakhstan/"
SHOTS = Path("/tmp")

# A report whose note has a text (Kazakhstan's NIT 2022 notes are all "not in our copy").
RURITANIA_FILES = country_files(
    NIT_REPORT.replace('"A note text."', '"Central Electoral Commission of Ruritania, final'
                       ' protocol, 30 January 2022."')
    + "author:\n  name: Rudolf Rassendyll\n  bio: An analyst of Ruritanian elections.\n")

# What each printed page must hold (found in its text with the white space taken out).
PRINTED = {
    NIT: ["Kazakhstan: Nations in Transit 2022", "Status: Consolidated Authoritarian Regime",
          "1.36 / 7", "5.95 / 100", "Rating: 1.25 / 7",
          "In 2021 Kassym-Jomart Tokayev completed his second full year as president",
          "12. Not in our copy.", "Shalkar Nurseitov", "How to cite this page",
          "Kazakhstan: Nations in Transit 2022. Figures from Freedom House, Nations in"
          " Transit 2022.", "@misc{kazakhstan-nit-2022,"],
    FIW: ["Kazakhstan: Freedom in the World 2025", "Status: Not Free", "23 / 100",
          "Political Rights: 5 / 40 points", "Head of government chosen in free and fair elections",
          "Kazakhstan: Freedom in the World 2025. Figures from Freedom House, Freedom in the World"
          " 2025.", "@misc{kazakhstan-fiw-2025,"],
    RURITANIA: ["Ruritania: Nations in Transit 2022", "Observers were kept out.",
                "2. Central Electoral Commission of Ruritania, final protocol, 30 January 2022.",
                "Rudolf Rassendyll", "@misc{ruritania-nit-2022,"],
}
# Words of the site's frame and controls, absent from every printed page (besides the lines of
# the screen that are not in the article, which the test finds itself).
CONTROLS = ["Skip to content", "Back to top", "Table of contents", "Democracy Country Reports",
            "Switch to dark mode", "Switch to light mode", "Data as CSV", "Copy to clipboard"]


def squash(text: str) -> str:
    """Text without white space: a PDF breaks lines where the page does."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def print_server(_browser_ready, tmp_path_factory):
    """The shipped slice and Ruritania, built and served."""
    tmp = tmp_path_factory.mktemp("print")
    content = shipped_slice(tmp)
    for rel, text in RURITANIA_FILES.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    srv = serve(build_site(tmp, "--content", str(content)))
    yield srv
    srv.close()


@pytest.fixture(params=["light", "dark"])
def scheme(request) -> str:
    return request.param


def open_page(browser, server, scheme: str = "light") -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme,
                                  service_workers="block")
    context.set_default_timeout(20_000)
    guard = Guard(server.origin)
    context.route("**/*", guard)
    try:
        yield context.new_page()
    finally:
        context.close()
        assert guard.blocked == []


@pytest.fixture
def printing(browser, print_server, scheme):
    """A page of the print site, in the reader's light or dark scheme."""
    yield from open_page(browser, print_server, scheme)


def printed_text(page, url: str) -> str:
    """The page printed to PDF (A4, as "Save as PDF" does), as pypdf reads its text."""
    import pypdf

    page.goto(url, wait_until="load")
    pdf = page.pdf(format="A4")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    return "\n".join(p.extract_text() for p in reader.pages)


def frame_lines(page) -> list[str]:
    """The lines the screen shows outside the article: the site's header, navigation, table of
    contents, footer and controls."""
    return page.evaluate("""() => {
        const article = document.querySelector('article').innerText;
        return document.body.innerText.split('\\n').map((l) => l.trim())
            .filter((l) => l && !article.includes(l)); }""")


@pytest.mark.parametrize("path", [NIT, FIW, RURITANIA])
def test_a_report_prints_its_content_and_nothing_of_the_site_around_it(printing, print_server,
                                                                       path, scheme):
    url = print_server.url(path)
    printing.goto(url, wait_until="load")
    frame = frame_lines(printing)
    assert {"Skip to content", "Democracy Country Reports", "Rankings", "Back to top"} <= set(
        frame), frame  # the screen has them: their absence from the print is no accident
    labels = printing.evaluate("""() => [...document.querySelectorAll(
        'input[placeholder], [aria-label], [title]')].flatMap((e) => [e.placeholder,
        e.getAttribute('aria-label'), e.title]).filter((t) => t && t.length > 3)""")
    text = printed_text(printing, url)
    flat = squash(text)
    missing = [want for want in PRINTED[path] if squash(want) not in flat]
    assert missing == [], text
    for line in frame + CONTROLS:
        assert squash(line) not in flat, (line, text)
    article = printing.evaluate("document.querySelector('article').innerText")
    shown = [t for t in labels if squash(t) not in squash(article) and squash(t) in flat]
    assert shown == [], shown  # the search box's words, the palette toggle's, the buttons'
    printing.emulate_media(media="print")
    colours = printing.evaluate("""() => Object.fromEntries(
        ['body', 'article h1', 'article h2', 'article p', 'article p a', 'article td'].map(
            (sel) => { const s = getComputedStyle(document.querySelector(sel));
                       return [sel, sel === 'body' ? s.backgroundColor : s.color]; }))""")
    assert colours == {"body": "rgb(255, 255, 255)", "article h1": "rgb(0, 0, 0)",
                       "article h2": "rgb(0, 0, 0)", "article p": "rgb(0, 0, 0)",
                       "article p a": "rgb(0, 0, 0)", "article td": "rgb(0, 0, 0)"}, colours
    name = path.strip("/").replace("/", "-")
    printing.screenshot(path=str(SHOTS / f"print-{name}-{scheme}.png"), full_page=True)


CHART_STYLES = """(root) => {
    const style = (e) => { const s = getComputedStyle(e);
        return {fill: s.fill, stroke: s.stroke, dash: s.strokeDasharray, display: s.display,
                fillOpacity: s.fillOpacity, opacity: s.opacity, colour: s.color,
                background: s.backgroundColor}; };
    const all = (sel) => [...root.querySelectorAll(sel)].map(style);
    return {series: [...root.querySelectorAll('figure.chart-line')].map((f) =>
                [...f.querySelectorAll('path.line')].map(style)),
            strip: ['band-high', 'band-mid', 'band-low'].map((b) =>
                all(`.strip-cell.${b}`)).map((cells) => cells[0] || null),
            bands: ['band-high', 'band-mid', 'band-low'].map((b) =>
                all(`rect.band.${b}`)[0] || null),
            gaugeBands: ['band-high', 'band-mid', 'band-low'].map((b) =>
                all(`rect.gauge-band.${b}`)[0] || null),
            parties: [...Array(12).keys()].map((i) => all(`g.seats.party-${i}`)[0] || null),
            texts: all('figure.chart text'),
            csv: all('a.chart-csv'),
            body: style(document.querySelector('article p'))}; }"""


def luminance(colour: str, alpha: float = 1.0) -> float:
    """Relative luminance of a computed CSS colour painted over white with `alpha`."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    r, g, b = numbers[:3]
    a = (numbers[3] if len(numbers) > 3 else 1.0) * alpha
    lin = []
    for c in (r, g, b):
        c = (c * a + 255 * (1 - a)) / 255
        lin.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def grey(colour: str) -> bool:
    r, g, b = [float(n) for n in re.findall(r"[\d.]+", colour)][:3]
    return r == g == b


def painted(style: dict) -> float:
    return luminance(style["fill"], float(style["fillOpacity"]) * float(style["opacity"]))


def test_charts_print_in_greys_and_dashes_that_read_in_black_and_white(browser, print_server,
                                                                       scheme):
    """The country page's charts, and a banded line chart of six series, band bars, a banded
    gauge and a twelve-party seat diagram put on it, in print: every series, band, status cell
    and party a grey (nothing carried by hue), series apart by dash pattern or by lightness,
    bands and cells ordered from light (best) to dark, neighbouring parties far apart; text
    black, the CSV links gone. On screen (the control) they are colours, and the strip's tints
    too close in lightness to tell apart in grey."""
    from generator.pages.charts import Band, Seats, Series, band_bars, gauge, hemicycle, line_chart

    bands = (Band("Low", 0, 0.4, "band-low"), Band("Mid-range", 0.4, 0.7, "band-mid"),
             Band("High", 0.7, 1, "band-high"))
    extra = "\n".join([
        line_chart([Series(f"Series {i}", [(2020, 0.1 * i), (2021, 0.5)]) for i in range(6)],
                   title="Banded",
                   desc="A banded line.", id_prefix="test-banded", y_min=0, y_max=1,
                   y_label="Score", bands=bands),
        band_bars([("Rights", 0.5)], bands=bands, title="Bars", desc="Bars.",
                  id_prefix="test-bars"),
        gauge(0.5, 0, 1, label="Gauge", value_text="0.5", id_prefix="test-gauge", bands=bands),
        hemicycle([Seats(f"Party {i}", 3, f"party-{i}") for i in range(12)], title="Seats",
                  desc="Twelve parties.", id_prefix="test-seats")])
    for page in open_page(browser, print_server, scheme):
        page.goto(print_server.url(COUNTRY), wait_until="load")
        page.evaluate("(html) => document.querySelector('article').insertAdjacentHTML("
                      "'beforeend', html)", extra)
        screen = page.evaluate(CHART_STYLES, page.locator("article").element_handle())
        page.emulate_media(media="print")
        printed = page.evaluate(CHART_STYLES, page.locator("article").element_handle())
        page.screenshot(path=str(SHOTS / f"print-charts-{scheme}.png"), full_page=True)

    # the control: on screen, colours, and status tints that grey alone cannot tell apart
    assert not all(grey(s["stroke"]) for lines in screen["series"] for s in lines)
    strip_screen = [painted(s) for s in screen["strip"]]
    assert min(abs(a - b) for i, a in enumerate(strip_screen)
               for b in strip_screen[i + 1:]) < 0.1, strip_screen
    assert all(s["display"] != "none" for s in screen["csv"]) and len(screen["csv"]) >= 5

    charts = [lines for lines in printed["series"] if len(lines) > 1]
    assert len(charts) >= 2  # the ratings chart's two series, the six put on the page
    for lines in charts:
        for i, a in enumerate(lines):
            assert grey(a["stroke"]), a
            for b in lines[i + 1:]:
                assert a["dash"] != b["dash"] or abs(
                    luminance(a["stroke"]) - luminance(b["stroke"])) > 0.15, (a, b)
    for group in ("strip", "bands", "gaugeBands"):
        styles = printed[group]
        assert all(s is not None for s in styles), group
        assert all(grey(s["fill"]) for s in styles), (group, styles)
        light = [painted(s) for s in styles]  # high, mid, low: lightest first
        assert light[0] - light[1] > 0.15 and light[1] - light[2] > 0.15, (group, light)
    parties = [painted(s) for s in printed["parties"]]
    assert all(grey(s["fill"]) for s in printed["parties"])
    for a, b in zip(parties, parties[1:] + parties[:1]):
        assert abs(a - b) > 0.15, parties
    assert all(s["stroke"] == "rgb(0, 0, 0)" for s in printed["parties"])
    assert {t["fill"] for t in printed["texts"]} == {"rgb(0, 0, 0)"}
    assert all(s["display"] == "none" for s in printed["csv"])
    assert printed["body"]["colour"] == "rgb(0, 0, 0)"  # black, the dark scheme's too
