"""Where the generator may write: it replaces or prunes only folders it made itself.

The folders the generator writes as a whole get a mark, a small file named `MARK`: the docs
folder of `render --out` and the work folder of `build`, `bundle` and `serve --work`. A site
(`build --site`) is known by what MkDocs always writes into it, its sitemap and 404 page, so the
published site holds nothing more. Before anything is read or written, `check_outputs` refuses
an output folder that

- is, holds or lies inside the content or templates folder,
- is the folder of the MkDocs configuration (the checkout) or an ancestor of it,
- is the home folder, an ancestor of it, or the root of the file system,
- is, holds or lies inside another output of the same command,
- or already exists, holds files, and carries no mark: a folder the generator did not make.

A refusal is a usage error (exit 2) that says why and what to pass instead.
"""

from __future__ import annotations

import os
from pathlib import Path

MARK = ".made-by-generator"
MARK_TEXT = (b"This folder was made by `python -m generator`, which replaces and prunes it;"
             b" keep nothing of your own in it.\n")


# The first line of the MkDocs configuration a build writes (config.write_config).
GENERATED_CONFIG_HEADER = b"# Written by `python -m generator`"


class UnsafeOutput(Exception):
    """An output folder the generator must not write into; the message says why."""


def _contains(outer: Path, inner: Path) -> bool:
    """Whether `inner` is `outer` or lies inside it (both resolved)."""
    return inner == outer or outer in inner.parents


def is_marked(folder: Path) -> bool:
    """Whether the generator made the folder: its mark; a site, with MkDocs' sitemap and 404
    page; or what builds from before the marks left (a work folder's generated mkdocs.yml, a
    docs folder's render record beside it)."""
    if (folder / MARK).is_file():
        return True
    try:
        with open(folder / "mkdocs.yml", "rb") as handle:
            if handle.readline().startswith(GENERATED_CONFIG_HEADER):
                return True
    except OSError:
        pass
    if (folder.parent / f".{folder.name}.render-state").is_file():
        return True
    return (folder / "sitemap.xml").is_file() and (folder / "404.html").is_file()


def mark(folder: Path) -> None:
    """Mark a folder as the generator's (after writing it)."""
    target = folder / MARK
    try:
        if target.read_bytes() == MARK_TEXT:
            return
    except OSError:
        pass
    target.write_bytes(MARK_TEXT)


def _holds_files(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except NotADirectoryError:
        return True
    except OSError:
        return False


def check_outputs(outputs: dict[str, Path], inputs: dict[str, Path],
                  checkout: Path | None = None, files: dict[str, Path] | None = None) -> None:
    """Raise UnsafeOutput for the first output folder (named by its option, e.g. "--site")
    that the generator must not write into; `inputs` are folders it reads (by what they are),
    `checkout` the folder of the MkDocs configuration, `files` outputs that are single files
    (the bundle's zip), which must only stay out of the inputs."""
    home = Path.home().resolve()
    for option, file in (files or {}).items():
        target = file.resolve()
        for name, folder in sorted(inputs.items()):
            if _contains(folder.resolve(), target):
                raise UnsafeOutput(f"{option} '{file}' lies inside the {name} folder"
                                   f" '{folder}'; write it elsewhere, such as 'dist/'")
        if target.is_dir():
            raise UnsafeOutput(f"{option} '{file}' is a folder; name the zip file to write")
    resolved = {option: path.resolve() for option, path in outputs.items()}
    for option, out in resolved.items():
        given = outputs[option]
        if out == Path(out.anchor):
            raise UnsafeOutput(f"{option} '{given}' is the root of the file system;"
                               " give a folder of its own, such as 'site'")
        if _contains(out, home):
            raise UnsafeOutput(f"{option} '{given}' is your home folder or holds it; give a"
                               " folder of its own, such as 'site'")
        if checkout is not None and _contains(out, checkout.resolve()):
            raise UnsafeOutput(f"{option} '{given}' holds the project's configuration"
                               f" ('{checkout}'); give a folder inside it, such as 'site'")
        for name, folder in sorted(inputs.items()):
            source = folder.resolve()
            if _contains(out, source) or _contains(source, out):
                raise UnsafeOutput(f"{option} '{given}' overlaps the {name} folder"
                                   f" '{folder}'; give a folder outside it, such as 'site'")
        for other, elsewhere in resolved.items():
            if other != option and (_contains(out, elsewhere) or _contains(elsewhere, out)):
                raise UnsafeOutput(f"{option} '{given}' overlaps {other} '{outputs[other]}';"
                                   " give them separate folders")
        if out.exists() and _holds_files(out) and not is_marked(out):
            raise UnsafeOutput(f"{option} '{given}' holds files the generator did not write"
                               f" (no {MARK} in it); it replaces that folder, so give an empty"
                               " or new folder, or remove it first")
