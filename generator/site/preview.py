"""`generator serve`, the live preview: the build's render, then `mkdocs serve` on the generated
configuration, rendering again on every change to the content, the templates or the
configuration. Nothing stops it but Ctrl-C: while the files have problems the last good pages
stay, and the problems show in the terminal and above every served page (hooks/serve_notice.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic
from ..workers import stop_gently
from . import incremental as inc
from .build import BuildFailed, ContentProblems, Settings, render_docs_folder
from .config import ConfigError, write_config
from .emit import write_atomic
from .faults import MachineFault, machine_faults
from .hooks.serve_notice import DATA, served_folder_file
from .lock import Busy, exclusive
from .outputs import mark


def serve(settings: Settings, work_dir: Path, dev_addr: str,
          report: Callable[[list[Diagnostic], bool], None],
          say: Callable[[str], None]) -> None:
    """Live preview: render, run `mkdocs serve` on the generated configuration (it rebuilds
    and reloads the browser when the docs folder changes), and render again whenever the content,
    the templates or the configuration change. Nothing stops it but Ctrl-C: while the files have
    problems, the last good pages stay, and the problems show in the terminal (`report` gets
    them and whether they stop the render; `say` one line of news) and above every page
    (hooks/serve_notice.py). If the first render fails, the last good render of an earlier run
    is served, if there is one."""
    docs, notice = work_dir / "docs", work_dir / ".serve-notice.json"
    config = work_dir / "mkdocs.yml"
    try:
        _render_for_serve(settings, work_dir, notice, report, say, wait=False)
    except (ContentProblems, BuildFailed, ConfigError, MachineFault):
        if not (config.is_file() and (docs / "index.md").is_file()):
            raise  # nothing good to serve yet
        say("Serving the last good render of an earlier run")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", REPORTS_SERVE_REUSE="1",  # hooks/reuse.py
               REPORTS_SERVE_NOTICE=str(notice.resolve()))  # hooks/serve_notice.py
    served_folder_file(notice).unlink(missing_ok=True)  # an earlier run's
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
                               "-a", dev_addr], env=env)
    chain = _config_chain(settings)
    stamps = _serve_stamps(settings, chain)
    try:
        while server.poll() is None:
            time.sleep(0.5)
            now = _serve_stamps(settings, chain)
            if now == stamps:
                continue
            chain = _config_chain(settings)  # mkdocs.yml may name other files now
            now = _serve_stamps(settings, chain)
            config_changed = now[2:] != stamps[2:]
            stamps = now
            try:
                _render_for_serve(settings, work_dir, notice, report, say, wait=True)
            except (ContentProblems, BuildFailed, ConfigError, MachineFault):
                continue  # reported; the last good pages stay
            if config_changed:  # mkdocs serve reads the project's configuration again
                os.utime(config)
    except KeyboardInterrupt:
        pass
    finally:  # mkdocs serve removes its folders when it ends by itself
        stop_gently(server)


def _mkdocs_refuses(base_config: Path, docs: Path) -> str | None:
    """What MkDocs says against the project's configuration, or None when it takes it. `mkdocs
    serve` reads it again on every rebuild, and stops answering while it cannot (about 40 ms)."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, MkDocsException

    said: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        load_config(str(base_config), docs_dir=str(docs)).plugins.on_shutdown()
    except (ConfigurationError, MkDocsException, OSError, ValueError) as exc:
        return f"{base_config}: MkDocs refuses the configuration: {'; '.join(said) or exc}"
    finally:
        logger.removeHandler(handler)
    return None


def _config_chain(settings: Settings) -> tuple[Path, ...]:
    """The files of the project's configuration (mkdocs.yml and its INHERIT chain), read again
    only after a change, not on every look."""
    try:
        return settings.config().files
    except ConfigError:
        return (settings.base_config,)


def _serve_stamps(settings: Settings, chain: tuple[Path, ...]) -> list:
    """What `serve` watches: the stat_key of each file of the content, the templates and the
    configuration's `chain` (a render follows a change, and compares the files' digests)."""
    return [inc.stamp(folder) for folder in (settings.content_dir, settings.templates)] + \
        [inc.stamp_file(path) for path in chain]


def _render_for_serve(settings: Settings, work_dir: Path, notice: Path,
                      report: Callable[[list[Diagnostic], bool], None],
                      say: Callable[[str], None], wait: bool) -> None:
    """One render of `serve`, whatever happens: its problems go to the terminal and to the
    notice file the pages show (an empty list once they are fixed); raises what stopped it.
    `wait`: for a `build` on the same folder to end (else Busy)."""
    docs = work_dir / "docs"
    problems: list[str] = []
    try:
        with machine_faults(settings.display, work_dir), exclusive(docs, wait=wait):
            base = settings.config()  # mkdocs.yml may have changed too
            refused = _mkdocs_refuses(settings.base_config, docs) if docs.is_dir() else None
            if refused:  # before anything is written that would make mkdocs serve rebuild
                raise ConfigError(refused)
            rendered = render_docs_folder(settings, docs, incremental=True, base=base)
            write_config(rendered.nav, base, work_dir, docs)
            mark(work_dir)
        report(rendered.diagnostics, False)
        say(f"Rendered: {len(rendered.result.written)} pages changed")
    except ContentProblems as stopped:
        report(stopped.diagnostics, True)
        problems = [d.format() for d in stopped.diagnostics]
        raise
    except (BuildFailed, ConfigError, MachineFault) as exc:
        text = str(exc) if isinstance(exc, BuildFailed) else f"error: {exc}"
        say(text)
        report([], True)
        problems = text.splitlines()
        raise
    except Busy:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview either
        text = f"internal error: {type(exc).__name__}: {exc} (please report it)"
        say(text)
        problems = [text]
        raise BuildFailed(text) from exc
    finally:
        _write_notice(notice, problems)


def _write_notice(notice: Path, problems: list[str]) -> None:
    """The problems the served pages show (hooks/serve_notice.py), beside the docs folder and
    in the folder `mkdocs serve` serves."""
    data = json.dumps({"title": "The preview shows the last good render. Fix these problems"
                                " and it renders again:", "problems": problems},
                      ensure_ascii=False, indent=1).encode("utf-8")
    try:
        if not notice.is_file() or notice.read_bytes() != data:
            write_atomic(notice, data)
        served = Path(served_folder_file(notice).read_text(encoding="utf-8"))
        if served.is_dir():  # shown without a rebuild of mkdocs serve
            write_atomic(served / DATA, data)
    except OSError:
        pass  # the terminal has the problems already
