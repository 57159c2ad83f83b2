"""Pagefind's output made the same for the same site, on every run and every file system.

Pagefind 1.5.2 numbers the pages in the order the file system lists the site's files (tmpfs
and btrfs list them in the order they were made, ext4 by a hash of each folder's own seed), and
writes each filter's values, and the list of filters, in hash-map order. `canonical_bundle`
numbers the pages by their URL and sorts the filters, and names each file it rewrites after its
new content, so that the same site gives the same bytes, and a rebuild the index a build from
scratch gives.

The files it rewrites, as Pagefind 1.5.2 writes them (CBOR behind a gzip and a magic prefix):
- `pagefind.<hash>.pf_meta`: [version, pages: [[fragment hash, word count]] in page-number
  order, index chunks: [[first word, last word, hash]], filters: [[name, hash]], sorts:
  [[name, [page numbers]]], ...];
- `index/<hash>.pf_index`: [[[word, [[page number as the step from the page before, locations,
  meta locations]], ...]]], the pages of a word in rising order;
- `filter/<hash>.pf_filter`: [name, [[value, [page numbers]]]].
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from pathlib import Path

PAGEFIND_MAGIC = b"pagefind_dcd"


def read_cbor(path: Path):
    """One of Pagefind's index files, decoded."""
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError(f"{path}: not a Pagefind index file")
    return cbor2.loads(data[len(PAGEFIND_MAGIC):])


def write_cbor(folder: Path, prefix: str, stem: str, suffix: str, value, digits: int) -> str:
    """Write a Pagefind index file named after its content's hash; returns the name's key."""
    import cbor2

    data = PAGEFIND_MAGIC + cbor2.dumps(value)
    key = f"{stem}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{key}{suffix}").write_bytes(gzip.compress(data, 6, mtime=0))
    return key


def canonical_bundle(bundle: Path) -> None:
    """Number the pages of a Pagefind bundle by URL and sort its filters (see the module)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_cbor(meta_path)
        order = sorted(range(len(meta[1])), key=lambda n: (_url(bundle, meta[1][n][0]), n))
        number = {old: new for new, old in enumerate(order)}
        meta[1] = [meta[1][old] for old in order]
        meta[2] = [[first, last, _renumber_chunk(bundle, language, key, number)]
                   for first, last, key in meta[2]]
        meta[3] = sorted([name, _renumber_filter(bundle, language, key, number)]
                         for name, key in meta[3])
        meta[4] = [[name, [number[n] for n in pages]] for name, pages in meta[4]]
        meta_path.unlink()
        info["hash"] = write_cbor(bundle, "pagefind.", language, ".pf_meta", meta, 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


STRING = rb'"((?:[^"\\]|\\.)*)"'  # a JSON string's body, as bytes
URL = re.compile(rb'\{"url":' + STRING)  # a page file opens with its address


def json_text(raw: bytes) -> str:
    """The text of a JSON string's body (STRING's group)."""
    return json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")


def _url(bundle: Path, fragment: str) -> str:
    """A page's address: only the opening of its page file is decompressed, not its text."""
    raw = (bundle / "fragment" / f"{fragment}.pf_fragment").read_bytes()
    opening = zlib.decompressobj(31).decompress(raw, 64 * 1024)
    found = URL.match(opening, len(PAGEFIND_MAGIC))
    if not opening.startswith(PAGEFIND_MAGIC) or found is None:
        raise ValueError(f"{fragment}: not a Pagefind page file")
    return json_text(found.group(1))


def _renumber_chunk(bundle: Path, language: str, key: str, number: dict[int, int]) -> str:
    """Rewrite one index chunk with the pages numbered anew; returns its new key."""
    path = bundle / "index" / f"{key}.pf_index"
    chunk = read_cbor(path)
    for word in chunk[0]:
        pages, at = [], 0
        for step, *locations in word[1]:
            at += step
            pages.append([number[at], *locations])
        pages.sort(key=lambda page: page[0])
        before = 0
        for page in pages:
            page[0], before = page[0] - before, page[0]
        word[1] = pages
    path.unlink()
    return write_cbor(bundle / "index", "", language, ".pf_index", chunk, 7)


def _renumber_filter(bundle: Path, language: str, key: str, number: dict[int, int]) -> str:
    """Rewrite one filter with its values sorted and the pages numbered anew; returns its key."""
    path = bundle / "filter" / f"{key}.pf_filter"
    name, values = read_cbor(path)
    values = sorted([value, sorted(number[n] for n in pages)] for value, pages in values)
    path.unlink()
    return write_cbor(bundle / "filter", "", language, ".pf_filter", [name, values], 7)
