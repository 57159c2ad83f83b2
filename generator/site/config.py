"""The MkDocs configuration: the one reader of the project's configuration chain, and the
generated configuration of a build (`build/mkdocs.yml`), which is the whole definition of the
site MkDocs builds.

Every consumer (the generated configuration, the feed's title, the offline bundle's settings,
the render's key) reads the project's configuration through `read_base_config`, so they all see
the same site name, URL and options, from the file `--config` names.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import mergedeep
import yaml

if TYPE_CHECKING:  # the MkDocs hooks read the configuration too, without the pages' code
    from ..pages.derive import SiteView

# The build's own MkDocs hooks: accelerators (generator/site/hooks/accelerate.py), and the HTML
# blocks the templates mark, kept out of Python-Markdown (passthrough.py). The site is the same
# without them.
HOOKS = Path(__file__).resolve().parent / "hooks" / "accelerate.py"
PASSTHROUGH_HOOKS = HOOKS.with_name("passthrough.py")
NOTICE_HOOKS = HOOKS.with_name("serve_notice.py")  # inert but under `generator serve`
# An INHERIT chain longer than this is taken for a loop.
MAX_INHERIT = 10


class ConfigError(Exception):
    """The configuration chain cannot be read (the message names the file)."""


@dataclass(frozen=True)
class BaseConfig:
    """The project's MkDocs configuration, as MkDocs reads it (`!ENV` tags, INHERIT merged),
    not validated."""

    path: Path  # the file `--config` names, absolute
    data: dict  # its settings merged over those of the files it inherits from
    files: tuple[Path, ...]  # the file and those it inherits from, nearest first
    custom_dir: Path | None  # theme.custom_dir, relative to the file that sets it, absolute
    hooks: tuple[Path, ...]  # its hooks, relative to the file that lists them, absolute

    @property
    def site_name(self) -> str:
        return str(self.data.get("site_name") or "Country reports")


def read_base_config(path: Path) -> BaseConfig:
    """Read a configuration and every file it INHERITs from, nearest first; settings of a
    nearer file win, mappings merge key by key and lists are replaced (as MkDocs merges)."""
    from mkdocs.utils.yaml import get_yaml_loader

    layers: list[tuple[Path, dict]] = []
    current = path.resolve()
    while True:
        if len(layers) == MAX_INHERIT or current in (p for p, _ in layers):
            raise ConfigError(f"{current}: INHERIT chain too long or circular")
        try:
            with open(current, "rb") as handle:
                data = yaml.load(handle, Loader=get_yaml_loader()) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{current}: cannot read the MkDocs configuration: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{current}: expected a mapping of MkDocs settings")
        layers.append((current, data))
        parent = data.get("INHERIT")
        if not parent:
            break
        current = (current.parent / str(parent)).resolve()
    merged: dict = {}
    custom_dir: Path | None = None
    hooks: tuple[Path, ...] = ()
    for file, data in reversed(layers):  # the farthest first, each nearer one over it
        data = {k: v for k, v in data.items() if k != "INHERIT"}
        theme = data.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            custom_dir = (file.parent / str(theme["custom_dir"])).resolve()
        if isinstance(data.get("hooks"), list):
            hooks = tuple((file.parent / str(h)).resolve() for h in data["hooks"])
        merged = mergedeep.merge(merged, data)
    return BaseConfig(layers[0][0], merged, tuple(p for p, _ in layers), custom_dir, hooks)


# Pages reached from their country or rankings page rather than from the navigation: a page the
# navigation lists carries its section's whole navigation (a region's countries and the page's
# table of contents again: a large part of a report page's bytes), and listing ~30
# editions per index per country would make each page grow with the number of editions.
NOT_IN_NAV = "\n".join([
    "/countries/*/*-*.md",
    "/countries/*/tracker.md",
    "/countries/*/elections/*.md",
    "/rankings/*/*.md",
    "/search/index.md",  # reached from the header's search box
])


def _title(text: str) -> str:
    """A navigation title: Material prints nav titles as HTML, so data text is escaped."""
    return html.escape(text, quote=False)


def navigation(site: SiteView) -> list:
    """MkDocs nav: countries grouped by region, each country one link to its overview page,
    which links its reports, tracker and elections (see NOT_IN_NAV)."""
    regions = []
    for region, countries in site.regions:
        entries = [{_title(c.country.name): c.path} for c in countries]
        regions.append({_title(region): entries})
    methodology = ["methodology/index.md"] + [
        {_title(ix.name): f"methodology/{ix.id}.md"} for ix in site.indices]
    rankings = ["rankings/index.md"] + [{_title(r.index.name): r.path} for r in site.rankings]
    from ..pages.render import COMPARE_PAGE, TREATIES_PAGE  # the render's, loaded already

    views = []
    if site.rankings:
        views.append({"Compare": COMPARE_PAGE})
    if any(c.treaties for c in site.countries):
        views.append({"Treaties": TREATIES_PAGE})
    return [
        {"Home": "index.md"},
        {"Countries": ["countries/index.md", *regions]},
        {"Rankings": rankings},
        *views,
        {"Methodology": methodology},
        {"Downloads": "downloads/index.md"},
    ]


def write_config(nav: list, base: BaseConfig, work_dir: Path, docs_dir: Path,
                 overrides: dict | None = None) -> Path:
    """The build's mkdocs.yml: inherits the project's config, adds docs_dir and the nav
    (`navigation(site)`, or the one an incremental render kept: generator/site/incremental.py).

    `overrides` (such as the offline bundle's settings) are written beside them; MkDocs merges
    mappings into the inherited ones key by key and replaces lists whole.
    """
    config = {
        "INHERIT": os.path.relpath(base.path, work_dir.resolve()),
        "docs_dir": os.path.relpath(docs_dir.resolve(), work_dir.resolve()),
        **(overrides or {}),
        "nav": nav,
        "not_in_nav": NOT_IN_NAV,
    }
    # MkDocs resolves theme.custom_dir and hooks against the file that is built, not the
    # inherited one.
    if base.custom_dir is not None:
        theme = dict(config.get("theme") or {})
        theme["custom_dir"] = os.path.relpath(base.custom_dir, work_dir.resolve())
        config["theme"] = theme
    config["hooks"] = [os.path.relpath(p, work_dir.resolve())
                       for p in [HOOKS, PASSTHROUGH_HOOKS, NOTICE_HOOKS, *base.hooks]]
    text = "# Written by `python -m generator`; edit mkdocs.yml instead.\n" + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True, width=1000)
    target = work_dir / "mkdocs.yml"
    work_dir.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target
