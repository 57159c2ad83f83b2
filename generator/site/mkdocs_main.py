"""`python -m generator.site.mkdocs_main ARGS`: MkDocs' own command line, except that a fault
of the machine (a full disk, a read-only or forbidden folder) ends in one line the build reads
back (faults.report_fault) instead of a traceback."""

from __future__ import annotations

import sys

from mkdocs.__main__ import cli

from .faults import is_machine_fault, report_fault


def main() -> None:
    try:
        cli.main(sys.argv[1:], prog_name="mkdocs")
    except OSError as exc:
        if not is_machine_fault(exc):
            raise
        print(report_fault(exc), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
