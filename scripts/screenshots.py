"""Full-page PNG screenshots of the main page kinds, in light and dark mode, for reviewing layout.

Usage (after `make`, which sets up .venv and node_modules):

    .venv/bin/python scripts/screenshots.py                  # build content/ into a temporary site
    .venv/bin/python scripts/screenshots.py --site site      # use an already built site
    .venv/bin/python scripts/screenshots.py --out /tmp/shots --width 390 --page /methodology/nit/

Writes OUT/<name>-<scheme>.png (default OUT: screenshots/, which git ignores) for the NIT 2022
report, the Democracy Tracker, the election and the country page, or for every --page given.
The site is served on 127.0.0.1 and driven by Debian's Chromium (/usr/bin/chromium, or the
CHROMIUM environment variable). Dark mode is the reader's system preference, emulated with
Playwright's color_scheme: mkdocs.yml selects the palette by `prefers-color-scheme`, and a fresh
browser context has no palette stored by the header toggle. Requests that leave the local server
are blocked and listed, as are console errors; the exit code is 1 if there were any.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.harness import Guard, build_site, launch, serve, unavailable  # noqa: E402

PAGES = {
    "report-nit-2022": "/countries/kazakhstan/nit-2022/",
    "tracker": "/countries/kazakhstan/tracker/",
    "election-mazhilis-2021": "/countries/kazakhstan/elections/mazhilis-2021/",
    "country": "/countries/kazakhstan/",
}
SCHEMES = ("light", "dark")


def page_name(path: str) -> str:
    return "-".join(part for part in path.strip("/").split("/") if part) or "home"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build content/)")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots",
                        help="output folder (default: screenshots/)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS px")
    parser.add_argument("--page", action="append", dest="pages", metavar="PATH",
                        help="a site path such as /countries/kazakhstan/ (repeatable)")
    parser.add_argument("--scheme", choices=SCHEMES, action="append", dest="schemes",
                        help="light or dark (repeatable; default both)")
    args = parser.parse_args(argv)

    reason = unavailable()
    if reason:
        parser.error(reason)
    pages = {page_name(p): p for p in args.pages} if args.pages else PAGES
    schemes = args.schemes or list(SCHEMES)

    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        if args.site:
            site = args.site.resolve()
            if not (site / "index.html").is_file():
                parser.error(f"{site} has no index.html: not a built site")
        else:
            print("Building content/ ...", file=sys.stderr)
            site = build_site(Path(tmp))
        return shoot(site, pages, schemes, args.out, args.width)


def shoot(site: Path, pages: dict[str, str], schemes: list[str], out: Path, width: int) -> int:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    problems: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for scheme in schemes:
                context = browser.new_context(viewport={"width": width, "height": 900},
                                              color_scheme=scheme, service_workers="block")
                guard = Guard(server.origin)
                context.route("**/*", guard)
                page = context.new_page()
                page.on("console", lambda m: m.type == "error" and problems.append(
                    f"{page.url}: console error: {m.text}"))
                page.on("pageerror", lambda e: problems.append(f"{page.url}: uncaught: {e}"))
                for name, path in pages.items():
                    response = page.goto(server.url(path), wait_until="networkidle")
                    if response is None or not response.ok:
                        problems.append(f"{path}: HTTP {response and response.status}")
                        continue
                    target = out / f"{name}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True, animations="disabled")
                    print(target)
                problems.extend(f"blocked request off the local server: {url}"
                                for url in guard.blocked)
                context.close()
            browser.close()
    finally:
        server.close()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
