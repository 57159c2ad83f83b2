"""Stages 6 to 8, the site: `pipeline` chains the stages, `emit` writes the docs folder (each
path once, atomically, removing only what a render wrote), `incremental` renders one country
after a small edit, MkDocs builds the docs folder into a fresh folder that is swapped in for
the site, and `bundle` makes the offline zip. `hooks/` holds the MkDocs hooks the generated
configuration lists: accelerators only, the site is the same without them.

Imports `generator.pages`, `generator.search`, `generator.model` and the shared helpers.
"""
