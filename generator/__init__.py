"""Static report-site generator for democracy and human-rights country reports.

The packages are the stages of a build, each importing only those listed before it:
`diagnostics` and `workers` (shared helpers), `model` (load, parse and check the content),
`search` (the search indexes of a built site), `pages` (derive the figures, render the
Markdown pages), `site` (the whole build: emit, MkDocs, search, swap in; the bundle; the MkDocs
hooks), then `importers` and `tools`, and last `cli`, the command line.
"""

from pathlib import Path

__version__ = "0.1.0"

# The package's folder, subfolders included: what "the generator's code changed" hashes.
PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout: the project's own templates, mkdocs.yml, node_modules/ and content/.
PROJECT = PACKAGE_DIR.parent
