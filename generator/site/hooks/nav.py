"""The primary navigation, rendered once for all the pages of a folder it does not list.

Material renders its navigation (partials/nav.html) around every page, a large part of the
theme's time per report page. A page that is not in the navigation marks none of its items
active, so its navigation differs from another's only by the relative URLs of the links, which
depend on the folder above the page, unless the page's own folder holds something the
navigation links.
overrides/main.html calls `primary_nav` (the build's hooks, generator/site/hooks/accelerate.py, make it
a template global and call `start` for each build); tests/test_nav_cache.py checks that pages
sharing a key would have got the same HTML each.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup

_HTML: dict[str, Markup] = {}
_FOLDERS: set[str] = set()


def _linked_folders(nav) -> set[str]:
    """The URL of every page and link of the navigation, and of every folder above one."""
    folders = {""}
    urls, items = [], list(nav.items)
    while items:
        item = items.pop()
        items += item.children or []
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
    for url in urls:
        parts = url.split("/")
        folders.update("/".join(parts[:n]) + "/" for n in range(1, len(parts)))
        folders.add(url)
    return folders


def nav_key(page) -> str | None:
    """The folder above the page, which pages outside the navigation share their navigation
    HTML by; None for a page that is in it or whose folder holds something it links."""
    url = getattr(page, "url", None)
    if not url or not url.endswith("/") or url in _FOLDERS:
        return None
    return url[:-1].rpartition("/")[0]


@pass_context
def primary_nav(context) -> Markup:
    """Material's partials/nav.html for this page, from the cache when its key is known."""
    key = nav_key(context.get("page"))
    html = _HTML.get(key) if key is not None else None
    if html is None:
        template = context.environment.get_template("partials/nav.html")
        html = Markup(template.render(context.get_all()))
        if key is not None:
            _HTML[key] = html
    return html


def start(nav) -> None:
    """A new build: nothing cached, the navigation's links listed."""
    _HTML.clear()
    _FOLDERS.clear()
    _FOLDERS.update(_linked_folders(nav))
