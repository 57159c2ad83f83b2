"""The weight of the site-wide views: the home page, the latest ranking of each index, the compare
and treaty pages and a country page, in HTML bytes (and gzip-compressed, as servers send them),
with the parts the views added: the world map, the compare page's data, the treaty table.

Usage, on a built site (`make site` builds the shipped content into site/):

    .venv/bin/python bench/views.py                 # site/
    .venv/bin/python bench/views.py --site /tmp/s --country germany

Prints one line per page and checks the home page against the issue's 250 KB of HTML.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

HOME_TARGET = 250e3  # bytes of HTML

PARTS = {  # a part of a page: its element's opening tag, the closing tag it ends with
    "map": (re.compile(r'<figure class="chart chart-map'), "</figure>"),
    "data": (re.compile(r'<script type="application/json"'), "</script>"),
    "table": (re.compile(r'<table class="[^"]*treaty-grid'), "</table>"),
}


def part_bytes(html: str, name: str) -> int:
    """The bytes of every element of that part on the page (0 when it has none)."""
    opener, closer = PARTS[name]
    total = 0
    for match in opener.finditer(html):
        end = html.find(closer, match.start())
        if end >= 0:
            total += len(html[match.start():end + len(closer)].encode())
    return total


def latest_rankings(site: Path) -> list[Path]:
    """Each index's newest ranking page."""
    pages = []
    for folder in sorted(p for p in (site / "rankings").iterdir() if p.is_dir()):
        editions = sorted((p for p in folder.iterdir() if p.name.isdigit()), key=lambda p: p.name)
        if editions:
            pages.append(editions[-1] / "index.html")
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--country", default="germany")
    args = parser.parse_args()
    site: Path = args.site
    pages = [site / "index.html", *latest_rankings(site), site / "compare/index.html",
             site / "treaties/index.html", site / f"countries/{args.country}/index.html"]
    print(f"{'page':42} {'HTML KB':>8} {'gzip KB':>8}  parts")
    home = 0
    for page in pages:
        if not page.is_file():
            print(f"{page.relative_to(site).as_posix():42} {'absent':>8}")
            continue
        data = page.read_bytes()
        html = data.decode("utf-8")
        parts = ", ".join(f"{name} {size / 1e3:.1f} KB" for name in PARTS
                          if (size := part_bytes(html, name)))
        print(f"{page.relative_to(site).as_posix():42} {len(data) / 1e3:8.1f}"
              f" {len(gzip.compress(data)) / 1e3:8.1f}  {parts}")
        if page == site / "index.html":
            home = len(data)
    ok = 0 < home <= HOME_TARGET
    print(f"{'MET' if ok else 'GAP'}  home page {home / 1e3:.1f} KB of HTML (target <= 250 KB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
