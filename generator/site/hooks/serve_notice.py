"""Under `generator serve` only: every page loads a small script that shows, above the page, the
problems that stopped the last render, so that an editor sees in the browser why the preview
did not change, and hides them once the files are fixed.

`generator serve` names its file of problems in REPORTS_SERVE_NOTICE. Each rebuild of `mkdocs
serve` copies it beside the pages and records, in `<notice>.site`, the folder it serves; serve
then writes each new notice straight into that folder, without a rebuild (a rebuild while the
configuration is broken would stop `mkdocs serve` answering). The script asks for it every two
seconds. Inert in builds.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.utils import get_relative_url

NOTICE_ENV = "REPORTS_SERVE_NOTICE"
SCRIPT = "serve-notice.js"
DATA = "serve-notice.json"
EMPTY = b'{"problems": []}\n'
SCRIPT_FILE = Path(__file__).with_name(SCRIPT)


def served_folder_file(notice: Path) -> Path:
    """Where the folder `mkdocs serve` serves is recorded, beside the notice."""
    return notice.with_name(notice.name + ".site")


def on_post_page(output: str, page, config) -> str:
    if not os.environ.get(NOTICE_ENV):
        return output
    tag = f'<script src="{get_relative_url(SCRIPT, page.url)}" defer></script>'
    head, body_end, tail = output.rpartition("</body>")
    return f"{head}{tag}{body_end}{tail}" if body_end else output + tag


def on_post_build(config) -> None:
    notice = os.environ.get(NOTICE_ENV)
    if not notice:
        return
    try:
        data = Path(notice).read_bytes()
    except OSError:
        data = EMPTY
    site = Path(config.site_dir)
    (site / DATA).write_bytes(data)
    (site / SCRIPT).write_bytes(SCRIPT_FILE.read_bytes())
    served_folder_file(Path(notice)).write_text(str(site.resolve()), encoding="utf-8")
