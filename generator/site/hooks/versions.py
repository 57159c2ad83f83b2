"""Whether the MkDocs that runs is one the hooks' replacements of its private code were checked on.

accelerate.py replaces `_populate_page` and `_build_page` of `mkdocs.commands.build`: private
code any release may change. The module names the releases it was written for (`WRITTEN_FOR`, by distribution);
under any other release the replacements are not installed and MkDocs' own functions run, which
is slower but gives the same site. ProperDocs, the fork, imports itself under the name `mkdocs`
(`properdocs build`), so the same replacements reach its functions: it has its own entry.
tests/test_mkdocs_hooks.py fails when the installed versions are not the ones named.
"""

from __future__ import annotations

import importlib.metadata
from types import ModuleType


def running(module: ModuleType) -> tuple[str, str | None]:
    """The distribution whose code `module` is (`mkdocs`, or `properdocs` under ProperDocs,
    which answers imports of mkdocs.* with its own modules) and its installed version."""
    name = module.__name__.partition(".")[0]
    try:
        return name, importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return name, None


def mismatch(module: ModuleType, written_for: dict[str, str]) -> str | None:
    """None if `module` is the release named in `written_for`; else what differs, in words."""
    name, installed = running(module)
    if installed is not None and written_for.get(name) == installed:
        return None
    expected = written_for.get(name, "(none named)")
    return f"written for {name} {expected}; the installed {name} is {installed}"
