"""Problems found in content, as values: every stage returns them, only the CLI prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path:line:col: severity: message`.

    `path` is relative to the folder the user named (repo-relative for the shipped content);
    `line` and `col` are 1-based, 0 when the problem concerns the whole file.
    """

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """One line, `path[:line:col]: severity: message`, with every character that would
        break, hide or rewrite it escaped (see `printable`)."""
        where = self.path if self.line == 0 else f"{self.path}:{self.line}:{self.col}"
        return printable(f"{where}: {self.severity.value}: {self.message}")


# Control characters (a CR sends the cursor back over the file name, an ESC sequence rewrites the
# terminal), line and paragraph separators, lone surrogates, bidi controls (which reverse the
# rest of the line) and invisible characters.
UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\ufeff]")


def printable(text: str) -> str:
    """`text` as messages show it: each UNPRINTABLE character written as its Python escape."""
    return UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def error(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message)


def warning(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.WARNING, code, message)


def has_errors(diagnostics: list[Diagnostic], strict: bool = False) -> bool:
    """True when the build must stop: any error, or any warning under --strict."""
    return any(d.severity is Severity.ERROR or strict for d in diagnostics)


def summary_line(diagnostics: list[Diagnostic], aborted: bool) -> str:
    """The one closing line: `Aborted: 1 error, 1 warning in 1 file`."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    head = "Aborted" if aborted else "OK"
    return (
        f"{head}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        f" in {_plural(files, 'file')}"
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# Every diagnostic code, with what it means: documented in docs and checked by a meta test.
CODES: dict[str, str] = {
    "yaml-syntax": "The file is not well-formed YAML.",
    "yaml-duplicate-key": "A mapping names the same key twice.",
    "yaml-alias": "Anchors and aliases are not allowed in content files.",
    "yaml-encoding": "The file is not UTF-8 text.",
    "yaml-too-large": "The file is larger than the loader accepts.",
    "yaml-multiple-documents": "The file holds more than one YAML document.",
    "schema": "A value has the wrong type, a required field is missing, or a field is unknown.",
    "file-unexpected": "A file lies where the content layout expects none.",
    "file-unreadable": "A content file or folder cannot be read, or is not a file.",
    "file-name": "A file's name does not match what it holds.",
    "slug": "A slug or id is not a safe URL segment, or is used twice.",
    "unknown-ref": "A reference names an index, category, treaty, status or country that does not exist.",
    "rating-range": "A rating is outside its index's scale or off its step.",
    "score-mismatch": "A stated aggregate, percentage or status differs from what the ratings give.",
    "change-mismatch": "A score change disagrees with the previous edition or with the ratings.",
    "note-dangling": "A note reference names a note the section does not have.",
    "note-numbering": "A section's notes do not run 1..N.",
    "note-unused": "A note is defined but never cited.",
    "rank-range": "A rank is outside 1..denominator.",
    "date": "A date does not exist or is malformed.",
    "election-seats": "Seat counts do not add up.",
    "index-definition": "An index file is inconsistent (bands, scales, categories).",
    "duplicate-id": "Two records share one id.",
}
