"""Where the bytes of one built HTML page go.

    .venv/bin/python bench/breakdown.py SITE/countries/<slug>/nit-2024/index.html

Parts are cut out in the order listed (a chart inside a <details> counts as a chart); what is
left of the article is the narrative and other text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# (label, tag, opening pattern): each is removed with everything up to its matching end tag.
PARTS = [
    ("<head> (meta, CSS and script links)", "head", r"<head>"),
    ("site header + tabs", "header", r"<header\b"),
    ("primary navigation (sidebar)", "nav", r'<nav class="md-nav md-nav--primary'),
    ("table of contents (sidebar)", "nav", r'<nav class="md-nav md-nav--secondary'),
    ("footer", "footer", r"<footer\b"),
    ("scripts", "script", r"<script\b"),
    ("SVG charts", "svg", r"<svg\b"),
    ("compact gauges (spans)", "span", r'<span class="gauge-inline"'),
    ("notes lists", "ol", r'<ol class="notes'),
    ("<details> blocks (data tables, citation)", "details", r"<details\b"),
    ("other tables", "table", r"<table\b"),
    ("heading permalinks", "a", r'<a class="headerlink"'),
    ("note references", "a", r'<a id="[^"]*" class="footnote-ref"'),
]


def cut(html: str, tag: str, opening: str) -> tuple[str, int]:
    """Remove every element starting with `opening` (nesting of `tag` respected)."""
    removed, pattern = 0, re.compile(rf"<{tag}\b|</{tag}>")
    while (start := re.search(opening, html)) is not None:
        depth, pos = 0, start.start()
        for m in pattern.finditer(html, pos):
            depth += -1 if m.group().startswith("</") else 1
            if depth == 0:
                end = m.end()
                break
        else:
            end = len(html)
        removed += len(html[start.start():end].encode())
        html = html[:start.start()] + html[end:]
    return html, removed


def breakdown(html: str) -> list[tuple[str, int]]:
    rows = []
    for label, tag, opening in PARTS:
        html, size = cut(html, tag, opening)
        rows.append((label, size))
    text = re.sub(r"<[^>]+>", "", html)
    rows.append(("remaining markup (tags, attributes, whitespace)",
                 len(html.encode()) - len(text.encode())))
    rows.append(("remaining text (narrative, headings, figures)", len(text.encode())))
    return rows


def main() -> None:
    for name in sys.argv[1:]:
        html = Path(name).read_text(encoding="utf-8")
        total = len(html.encode())
        print(f"{name}: {total / 1e3:.1f} KB")
        for label, size in breakdown(html):
            print(f"  {label:50} {size / 1e3:8.1f} KB {100 * size / total:5.1f} %")


if __name__ == "__main__":
    main()
