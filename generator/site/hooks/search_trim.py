"""The offline bundle's search index, cut while MkDocs collects it (used by mkdocs_hooks.py)."""

from __future__ import annotations

import json
from pathlib import Path


def search_entries(config) -> list | None:
    """The list Material's search plugin collects each page's entries in, if it is used."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    entries = getattr(getattr(search, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


class OfflineSearchTrim:
    """Material's search plugin keeps every page's full text until the end of the build (much
    of its memory at thousands of report pages), and the bundle then cuts it to titles, headings
    and each page's opening (`generator.search.pagefind.slim_material_index`) when it exceeds
    `budget`. Once the entries collected reach the budget, the cut is sure: from then on each
    page's entries are cut as soon as they are collected, to what the final cut reads (the text
    of a section: none; of a page's opening: one character more than the cut keeps, so that it
    still cuts there), and at the end the index is cut as before (`finish`), to the same bytes."""

    def __init__(self, budget: int | None = None):
        self.budget = budget  # None: generator.search.pagefind.FULL_TEXT_BUDGET
        self.follow(None)

    def follow(self, entries: list | None) -> None:
        """Watch this list of entries (the search plugin's), or none."""
        self.entries, self.seen, self.size, self.cutting = entries, 0, 0, False
        if self.budget is None:
            from generator.search.pagefind import FULL_TEXT_BUDGET

            self.budget = FULL_TEXT_BUDGET

    def start(self, config) -> None:
        """Follow the search plugin's entries if this is an offline build, else nothing."""
        offline = {"offline", "material/offline"} & set(config.plugins)
        self.follow(search_entries(config) if offline else None)

    def trim(self) -> None:
        """Cut the entries collected since the last call, once the index is over budget."""
        if self.entries is None:
            return
        new = self.entries[self.seen:]
        if not self.cutting:
            self.size += sum(len(json.dumps(e, separators=(",", ":"), default=str)) + 1
                             for e in new)
            if self.size > self.budget:
                self.cutting, new = True, self.entries
        if self.cutting:
            for entry in new:
                entry["text"] = _opening(entry)
        self.seen = len(self.entries)

    def absorb(self, size: int, cutting: bool) -> None:
        """Entries that theme workers collected were added to the list: `size` is what they
        counted of them, `cutting` whether one cut its share. A worker's share exceeds the budget
        only if the whole does, and whether the whole does is known now, so the entries end as
        MkDocs' own loop would leave them: all cut, or none."""
        if self.entries is None:
            return
        self.size += size
        if cutting or self.cutting or self.size > self.budget:
            self.cutting = True
            for entry in self.entries:
                entry["text"] = _opening(entry)  # a cut entry is cut to itself
        self.seen = len(self.entries)

    def finish(self, site_dir: Path) -> None:
        """The final cut, if the entries were cut (the cut index may be under the budget)."""
        if self.cutting:
            from generator.search.pagefind import slim_material_index

            slim_material_index(site_dir, budget=0)
        self.follow(None)


def _opening(entry: dict) -> str:
    from generator.search.pagefind import OPENING_CHARS

    text = entry.get("text", "")
    return "" if "#" in entry.get("location", "") else text[:OPENING_CHARS + 1]
