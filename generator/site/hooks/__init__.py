"""MkDocs hooks of the generated configuration, loaded by MkDocs by file path: `accelerate`
(Markdown conversion and theme rendering on every core, compressed page HTML, whitespace),
`passthrough` (HTML blocks kept out of Python-Markdown), `anchors` (the ids a passed-through block
holds), `nav` (the primary navigation rendered once per folder), `reuse` (pages linked from
the previous site in a rebuild) and `search_trim` (the offline bundle's search index cut while
it is collected). They speed the build up; the pages are the same without them
(tests/test_plain_mkdocs.py). `versions` tells whether the MkDocs that runs is a release their
replacements of its private code were written for; under another those are left out.

Imports `generator.search`, `generator.site.emit` and the shared helpers.
"""
