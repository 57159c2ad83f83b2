"""Stages 6 to 9, the site: `build` runs the whole build in order (and the offline bundle);
`preview` is `generator serve`; `config` reads the project's MkDocs configuration and writes the generated one;
`docs` derives, renders and writes the docs folder (`emit` writes each path once, atomically,
removing only what a render wrote; `incremental` renders one country after a small edit);
`mkdocs_run` runs MkDocs (through `mkdocs_main`) into a fresh folder that is swapped in for the
site; `bundle` makes the offline zip. `outputs` says which folders may be written, `lock` lets
one run at a time use them, and `faults` turns a full disk or a forbidden folder into one line.
`hooks/` holds the MkDocs hooks the generated configuration lists: accelerators (the site is the
same without them) and, under `serve` only, the notice of problems on every page.

Imports `generator.pages`, `generator.search`, `generator.model` and the shared helpers.
"""
