"""Accessibility of the shipped site in headless Chromium.

axe-core (node_modules/axe-core, pinned in package.json) runs on every page kind, in light and in
dark mode (the reader's system preference, which mkdocs.yml's palettes follow), with the WCAG 2.1
A and AA rules and axe's best practices, and must find nothing. Every <details> is opened first
(the citations, the charts' data tables), so what it hides is checked too; further tests check
states axe cannot reach from a plain page load: the search page with results, a note that a
reference has targeted (highlighted), the navigation drawer on a phone, forced colours (Windows
high contrast) and a "more contrast" preference.

axe does not check text drawn in SVG, nor the contrast of graphics, nor glyph-only or one-digit
text (it reports those as "incomplete"). `CONTRAST_JS` measures them: text in the charts, the
inline gauges' values, treaty icons and note numbers against 4.5:1; the charts' lines, markers,
bars, gauge fills, gauge track outlines and seats against 3:1 (WCAG 1.4.11), each against the
background it is drawn on. The gauges must print their values as text, so they are readable
without colour. The shipped content has no bar chart, no chart of several series and a small
hemicycle, so two pages of generated sample content are checked as well.

Colours are fixed in templates/assets/site.css and charts.css; Material's search dialog and
navigation need the partials in overrides/partials/.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Iterator

import pytest

from .conftest import node_asset
from .harness import REPO, Guard, build_site, serve

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

NIT = "/countries/kazakhstan/nit-2022/"
PAGES = {
    "home": "/",
    "countries": "/countries/",
    "country": "/countries/kazakhstan/",
    "report-nit-2022": NIT,
    "report-nit-2021": "/countries/kazakhstan/nit-2021/",
    "report-gsod-2023": "/countries/kazakhstan/gsod-2023/",
    "tracker": "/countries/kazakhstan/tracker/",
    "election": "/countries/kazakhstan/elections/mazhilis-2021/",
    "methodology-index": "/methodology/",
    "methodology-nit": "/methodology/nit/",
    "rankings-index": "/rankings/",
    "ranking": "/rankings/nit/2022/",
    "downloads": "/downloads/",
    "not-found": "/404.html",
}
SCHEMES = {"light": "default", "dark": "slate"}

# Contrast of what axe leaves out. Colours are read as the browser computed them (rgb()/rgba()),
# composited over the backgrounds of the element's ancestors; an ancestor with a background
# image makes the element unmeasurable, which is reported too.
CONTRAST_JS = """
([minText, minGraphic]) => {
  const rgba = (value) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(value || "");
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== "none") return null;
      const colour = rgba(style.backgroundColor);
      if (colour && colour[3] > 0) layers.push(colour);
      if (colour && colour[3] === 1) break;
    }
    return layers.reverse().reduce((acc, layer) => over(layer, acc), [255, 255, 255, 1]);
  };
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const label = (el) => {
    const cls = (el.getAttribute("class") || "").trim().replace(/\\s+/g, ".");
    const text = (el.textContent || "").trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${cls ? "." + cls : ""}${text ? ' "' + text + '"' : ""}`;
  };
  const failures = [];
  let measured = 0;
  // `on`: the element whose background the colour is drawn on (the element's own by default;
  // the compact gauge's spans are coloured by their own background, drawn on the page's)
  const check = (selector, property, minimum, on = (el) => el) => {
    for (const el of document.querySelectorAll(selector)) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      let colour = rgba(style[property]);
      if (!colour || colour[3] === 0) continue;  // "none": nothing drawn with this property
      const own = {stroke: style.strokeOpacity, fill: style.fillOpacity}[property] ?? 1;
      const opacity = Number(style.opacity) * Number(own);
      colour = [colour[0], colour[1], colour[2], colour[3] * opacity];
      const bg = background(on(el));
      measured += 1;
      if (!bg) {
        failures.push(`${label(el)}: background could not be determined`);
        continue;
      }
      const value = ratio(over(colour, bg), bg);
      if (value < minimum) {
        failures.push(`${label(el)} (${selector}, ${property}): ${value.toFixed(2)}:1 < ` +
                      `${minimum}:1, rgba(${colour.map((v) => +v.toFixed(2))}) on ` +
                      `rgb(${bg.slice(0, 3).map(Math.round)})`);
      }
    }
  };
  check(".chart svg text", "fill", minText);
  check(".treaty-icon", "color", minText);
  check("a.footnote-ref", "color", minText);
  check("ol.notes > li > a", "color", minGraphic);
  check(".chart .line", "stroke", minGraphic);
  check(".chart .marker", "fill", minGraphic);
  check(".chart .bar", "fill", minGraphic);
  check(".chart .gauge-fill", "fill", minGraphic);
  const page = (el) => el.closest(".gauge-inline").parentElement;
  check(".gauge-inline .gauge-fill", "backgroundColor", minGraphic, page);
  check(".chart .gauge-marker", "stroke", minGraphic);
  check(".chart .gauge-track", "stroke", minGraphic);
  check(".gauge-inline", "borderTopColor", minGraphic, page);
  check(".chart .seats", "fill", minGraphic);
  check(".chart .seat-vacant", "stroke", minGraphic);
  return {failures, measured};
}
"""


def _axe_script():
    axe = node_asset("axe-core", "axe.min.js")
    if axe is None:
        pytest.skip("node_modules/axe-core is not installed (make test runs npm ci)")
    return axe


def _summary(text: str | None) -> str:
    return " ".join((text or "").split())


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                     f"<{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t
                              for t in node["target"])
            lines.append(f"    {target}: {_summary(node.get('failureSummary'))}")
    return "\n".join(lines)


def run_axe(page) -> list[dict]:
    return page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags},
                                       resultTypes: ["violations"]})
               .then((result) => result.violations)""", TAGS)


def assert_accessible(page, where: str) -> None:
    violations = run_axe(page)
    assert not violations, f"axe-core found on {where}:\n{describe(violations)}"
    contrast = page.evaluate(CONTRAST_JS, [4.5, 3])
    assert not contrast["failures"], (
        f"contrast on {where} (text 4.5:1, graphics 3:1):\n" + "\n".join(contrast["failures"]))


class Browser:
    """A browser context in one colour scheme and one page in it, guarded off the network."""

    def __init__(self, browser, server, scheme: str, **options):
        self.server = server
        self.scheme = scheme
        self.context = browser.new_context(
            viewport=options.pop("viewport", {"width": 1280, "height": 900}),
            color_scheme=scheme, service_workers="block", **options)
        self.context.set_default_timeout(10_000)
        self.guard = Guard(server.origin)
        self.context.route("**/*", self.guard)
        self.errors: list[str] = []
        # axe-core is loaded into every document before the page's own scripts.
        self.context.add_init_script(path=str(_axe_script()))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def goto(self, path: str, open_details: bool = True):
        self.errors.clear()
        self.guard.blocked.clear()
        response = self.page.goto(self.server.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        scheme = SCHEMES[self.scheme]
        self.page.wait_for_selector(f"body[data-md-color-scheme={scheme}]", state="attached")
        if open_details:
            self.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module", params=list(SCHEMES))
def scheme_browser(request, browser, server) -> Iterator[Browser]:
    _axe_script()
    session = Browser(browser, server, request.param)
    yield session
    session.close()


# A full gauge prints its value in the chart; a compact one stands beside the rating written out
# (its line's <strong>).
GAUGES_JS = """() => [...document.querySelectorAll('figure.chart-gauge svg, .gauge-inline')]
    .map((gauge) => {
        const value = gauge.matches('.gauge-inline')
            ? gauge.closest('p.rating').querySelector('strong')
            : gauge.querySelector('.gauge-value');
        const box = value && value.getBoundingClientRect();
        return {value: value ? value.textContent.trim() : null,
                shown: !!box && box.width > 0 && box.height > 0};
    })"""


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing_on_each_page_kind(scheme_browser, kind):
    """Every page kind, every <details> open; where the page has notes "not in our copy", the
    first of them targeted as a reference's link would (highlighted, its grey text on the
    highlight). Gauges print their values as text: readable without colour."""
    path = PAGES[kind]
    page = scheme_browser.goto(path)
    target = page.evaluate("""() => {
        const note = document.querySelector('ol.notes li:has(.note-missing)');
        if (note) location.hash = note.id;
        return note && document.querySelector(':target')?.id === note.id ? note.id : null;
    }""")
    if kind == "report-nit-2022":
        assert target, "the NIT 2022 report has no targetable note marked not in our copy"
    assert_accessible(page, f"{path}{'#' + target if target else ''} ({kind}, "
                            f"{scheme_browser.scheme})")
    gauges = page.evaluate(GAUGES_JS)
    if kind in ("report-nit-2022", "report-nit-2021"):
        assert len(gauges) >= 2, f"{path}: expected gauges"
    for gauge in gauges:
        assert gauge["shown"] and gauge["value"], (path, gauge)
        assert any(ch.isdigit() for ch in gauge["value"]), (path, gauge)
    assert scheme_browser.errors == []
    assert scheme_browser.guard.blocked == []


def test_search_page_with_results(scheme_browser):
    page = scheme_browser.goto("/search/?q=Kazakhstan&index=Nations+in+Transit")
    page.locator(".site-search-page__result").first.wait_for()
    assert_accessible(page, f"/search/ with results ({scheme_browser.scheme})")


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_phone_with_navigation_drawer_open(browser, server, scheme):
    session = Browser(browser, server, scheme, viewport={"width": 390, "height": 844},
                      is_mobile=True, has_touch=True)
    try:
        path = PAGES["tracker"]  # three levels of navigation above it, like every report
        page = session.goto(path)
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-nav--primary").wait_for(state="visible")
        assert_accessible(page, f"{path} on a phone, drawer open ({scheme})")
    finally:
        session.close()


def test_forced_colours_and_more_contrast(browser, server):
    """Windows high contrast (forced colours) with a "more contrast" preference: the charts
    draw in system colours (charts.css), still >= 3:1 against the background, text >= 4.5:1."""
    session = Browser(browser, server, "light")
    try:
        session.page.emulate_media(forced_colors="active", contrast="more")
        for path in (NIT, "/countries/kazakhstan/elections/mazhilis-2021/"):
            page = session.goto(path)
            assert page.evaluate("matchMedia('(forced-colors: active)').matches")
            assert page.evaluate("matchMedia('(prefers-contrast: more)').matches")
            assert_accessible(page, f"{path} in forced colours, more contrast")
            canvas_text = page.evaluate("""() => {
                const probe = document.createElement("span");
                probe.style.color = "CanvasText";
                document.body.append(probe);
                const colour = getComputedStyle(probe).color;
                probe.remove();
                return colour;
            }""")
            drawn = page.evaluate("""() => [...document.querySelectorAll(
                    '.chart .line, .chart .marker, .chart .bar, .chart .seats, ' +
                    ':is(.chart, .gauge-inline) .gauge-fill')]
                .map((el) => getComputedStyle(el)[el.matches('.line') ? 'stroke'
                    : el.matches('.gauge-inline *') ? 'backgroundColor' : 'fill'])""")
            assert drawn and set(drawn) == {canvas_text}, (path, set(drawn), canvas_text)
    finally:
        session.close()


@pytest.fixture(scope="module")
def sample_server(_browser_ready, tmp_path_factory):
    """Generated sample content: charts the shipped content has none of (bars, several series
    over bands, a hemicycle of many parties)."""
    tmp = tmp_path_factory.mktemp("a11y-sample")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "sample", "--countries", "2", "--editions", "3",
         "--seed", "3", "--into", str(tmp / "content")],
        cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = build_site(tmp, "--content", str(tmp / "content"))
    srv = serve(site)
    yield srv, site
    srv.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_sample_site_charts(browser, sample_server, scheme):
    server, site = sample_server
    country = sorted(p.parent.parent.name for p in site.glob("countries/*/tracker/index.html"))[0]
    election = sorted(site.glob(f"countries/{country}/elections/*/index.html"))[0]
    election = "/" + election.parent.relative_to(site).as_posix() + "/"
    session = Browser(browser, server, scheme)
    kinds: set[str] = set()
    try:
        for path in (f"/countries/{country}/", f"/countries/{country}/tracker/", election):
            page = session.goto(path)
            kinds.update(page.evaluate("""() => [...document.querySelectorAll('figure.chart')]
                .flatMap((f) => [...f.classList])"""))
            assert_accessible(page, f"sample {path} ({scheme})")
        assert {"chart-line", "chart-multiples", "chart-bars", "chart-hemicycle"} <= kinds, kinds
        assert session.errors == []
        assert session.guard.blocked == []
    finally:
        session.close()
