"""Writing what the data importers read into content files, without touching an editor's text.

A data importer does not write files: it returns patches, each setting one value at a key path
of one content file (`countries/kazakhstan/country.yml`, `("population",)`). Applying them
loads the file as it is, sets exactly those values and leaves every other key as it was: a
narrative, a note, a data note or a summary an editor wrote stays, while the figures from the
official file replace the figures. Lists of records with ids (a report's categories) are
addressed by id, so a category's rating can change under its narrative.

The result is checked against the model before anything is written, and a file is written only
when its bytes change: importing the same files twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model.load import load_file
from ..model.records import FILE_KINDS
from .yamlout import to_yaml


@dataclass(frozen=True)
class ById:
    """A key-path step into a list of mappings: the item whose `key` (its id, or its name for
    a list of sources) is `id`; made if missing."""

    id: str
    key: str = "id"


Step = str | int | ById


@dataclass(frozen=True)
class Patch:
    """Set `value` at `path` in the content file `rel` (a path under content/) of `kind`.
    `create` holds the values a new file starts with (a country's name and slug); they are not
    applied to a file that exists, so an editor's spelling of a name stays."""

    rel: str
    kind: str
    path: tuple[Step, ...]
    value: Any
    create: tuple[tuple[str, Any], ...] = ()


@dataclass
class Applied:
    """What applying patches would write: new bytes by path, and the problems found."""

    files: dict[str, bytes] = field(default_factory=dict)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def apply_patches(content_dir: Path, patches: list[Patch], display: str = "content") -> Applied:
    """The new text of every file the patches change, each checked against its kind's model.
    Nothing is written here (see `write_applied`)."""
    by_file: dict[str, list[Patch]] = {}
    for patch in patches:
        by_file.setdefault(patch.rel, []).append(patch)
    result = Applied()
    for rel in sorted(by_file):
        group = by_file[rel]
        kind = group[0].kind
        path = content_dir / rel
        shown = f"{display}/{rel}"
        if path.exists():
            doc, problems = load_file(path, shown)
            if doc is None or problems:
                result.problems.extend(p.format() for p in problems)
                continue
            data = doc.data if isinstance(doc.data, dict) else {}
            before = path.read_bytes()
        else:
            data, before = {}, None
            for patch in group:
                for key, value in patch.create:
                    data.setdefault(key, value)
        for patch in group:
            _set(data, patch.path, patch.value)
        try:
            record = FILE_KINDS[kind].model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            result.problems.append(f"{shown}: the imported file would not be valid: {where}:"
                                   f" {first['msg']}")
            continue
        text = to_yaml(record).encode("utf-8")
        if text == before:
            result.unchanged += 1
        else:
            result.files[rel] = text
    return result


def _set(data: Any, path: tuple[Step, ...], value: Any) -> None:
    """Set a value at a key path, making the mappings and id'd list items on the way."""
    node = data
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(step, ById):
            item = next((x for x in node if isinstance(x, dict) and x.get(step.key) == step.id),
                        None)
            if item is None:
                item = {step.key: step.id}
                node.append(item)
            if last:
                item.clear()
                item.update(value)
            node = item
            continue
        if last:
            node[step] = value
            return
        nxt = path[i + 1]
        default: Any = [] if isinstance(nxt, ById) else {}
        if not isinstance(node.get(step), (dict, list)):
            node[step] = default
        node = node[step]
