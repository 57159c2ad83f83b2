"""Pagefind's output is the same for the same site whatever order the file system lists the
pages in (generator/search/canonical.py), and the renumbered index still finds every page."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

from generator.search import canonical
from generator.search.canonical import canonical_bundle, read_cbor, write_cbor

PAGES = {  # folder: (kind filter, words)
    "delta": ("kindd", "zebra common wordd"),
    "bravo": ("kindb", "zebra common wordb"),
    "alpha": ("kinda", "zebra worda"),
    "charlie": ("kindc", "zebra common wordc"),
    "echo": ("kindc", "common worde"),
}


def site(root: Path) -> Path:
    for name, (kind, words) in PAGES.items():
        (root / name).mkdir(parents=True)
        (root / name / "index.html").write_text(
            f"<html><body><main data-pagefind-body><h1>Page {name}</h1>"
            f'<p data-pagefind-filter="kind">{kind}</p><p>{words}</p></main></body></html>',
            encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root), "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return root / "pagefind"


def digests(bundle: Path) -> dict[str, str]:
    return {p.relative_to(bundle).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(bundle.rglob("*")) if p.is_file()}


def scramble(bundle: Path, seed: int) -> None:
    """Number the pages of a bundle in another order, as another file system's listing would."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_cbor(meta_path)
        order = list(range(len(meta[1])))
        random.Random(seed).shuffle(order)
        number = {old: new for new, old in enumerate(order)}
        meta[1] = [meta[1][old] for old in order]
        meta[2] = [[a, b, canonical._renumber_chunk(bundle, language, key, number)]
                   for a, b, key in meta[2]]
        meta[3] = [[name, canonical._renumber_filter(bundle, language, key, number)]
                   for name, key in reversed(meta[3])]
        meta_path.unlink()
        info["hash"] = write_cbor(bundle, "pagefind.", language, ".pf_meta", meta, 10)
    entry_path.write_text(json.dumps(entry), encoding="utf-8")


def test_any_numbering_of_the_pages_gives_the_same_files(tmp_path):
    bundle = site(tmp_path / "site")
    canonical_bundle(bundle)
    first = digests(bundle)
    scrambled = []
    for seed in range(4):
        scramble(bundle, seed)
        scrambled.append(digests(bundle) != first)
        canonical_bundle(bundle)
        assert digests(bundle) == first
    assert all(scrambled)


def test_pages_are_numbered_by_their_url(tmp_path):
    bundle = site(tmp_path / "site")
    scramble(bundle, 7)
    canonical_bundle(bundle)
    meta = read_cbor(next(bundle.glob("*.pf_meta")))
    urls = [canonical._url(bundle, fragment) for fragment, _ in meta[1]]
    assert urls == sorted(f"/{name}/" for name in PAGES)


SEARCH_PAGE = """<html><body><pre id="out"></pre><script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const lines = [];
for (const [q, f] of %s) {
  const r = await pagefind.search(q, {filters: f});
  const urls = await Promise.all(r.results.map(async x => (await x.data()).url));
  lines.push(urls.sort().join(" "));
}
document.getElementById("out").textContent = lines.join("\\n");
</script></body></html>"""
QUERIES = [("zebra", {}), ("worda", {}), ("common", {"kind": "kindc"}), ("common", {}),
           ("worde", {"kind": "kindb"})]


def test_the_renumbered_index_finds_every_page_and_filter_in_a_browser(tmp_path, browser):
    from .browser.harness import Guard, serve

    root = tmp_path / "site"
    bundle = site(root)
    scramble(bundle, 3)
    canonical_bundle(bundle)
    (root / "index.html").write_text(SEARCH_PAGE % json.dumps(QUERIES), encoding="utf-8")
    server = serve(root)
    context = browser.new_context(service_workers="block")
    try:
        guard = Guard(server.origin)
        context.route("**/*", guard)
        page = context.new_page()
        page.goto(server.url("/"), wait_until="load")
        # the searches are done when the script writes its lines (waited for, not timed)
        page.wait_for_function("document.getElementById('out').textContent !== ''",
                               timeout=60_000)
        found = page.locator("#out").text_content().split("\n")
    finally:
        context.close()
        server.close()
    assert guard.blocked == []
    assert found == ["/alpha/ /bravo/ /charlie/ /delta/", "/alpha/", "/charlie/ /echo/",
                     "/bravo/ /charlie/ /delta/ /echo/", ""]
