"""The publishers' data workbooks (.xlsx), read with python-calamine: one sheet as a table under
its header row, each value with the address of its cell, `FILE:SHEET!CELL`, for messages.

The workbooks put title and note rows above the header row and write one header several ways
(`PR rating`, `PR Rating`, `CL ` with a space): the header row is the first, among the first
rows, that holds every column asked for, compared without case and surrounding spaces. A file
that is not a workbook, a sheet renamed, a column missing or moved away: a WorkbookError whose
message names the file, the sheet and the column, and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

HEADER_WITHIN = 20  # rows searched for the header row
MISSING = {"", "-", "N/A", "n/a", "NA"}  # how the publishers write "no value" (Namibia: see ISO)


class WorkbookError(Exception):
    """The workbook cannot be read as asked; the message is one line naming file and sheet."""


def header_name(value: object) -> str:
    """A header as compared: without case and surrounding or repeated spaces."""
    return " ".join(str(value).split()).casefold()


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column as spreadsheets name it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Row:
    """One row under the header: its values by column, and where each stands."""

    table: Table
    number: int  # the row's number in the sheet, from 1

    def __getitem__(self, column: str) -> object:
        value = self.table.rows[self.number - 1][self.table.columns[header_name(column)]]
        return None if isinstance(value, str) and value.strip() in MISSING else value

    def ref(self, column: str) -> str:
        """`FILE:SHEET!CELL` of the value in `column`."""
        letters = column_letters(self.table.columns[header_name(column)])
        return f"{self.table.file}:{self.table.sheet}!{letters}{self.number}"


@dataclass(frozen=True)
class Table:
    file: str  # as messages name it
    sheet: str
    header: int  # the header row's number, from 1
    columns: dict[str, int]  # header_name -> column index, the first of each name
    rows: list[list]

    def records(self) -> Iterator[Row]:
        """The rows under the header, but empty ones."""
        for number in range(self.header + 1, len(self.rows) + 1):
            if any(value not in ("", None) for value in self.rows[number - 1]):
                yield Row(self, number)


def sheet_names(path: Path, shown: str | None = None) -> list[str]:
    return list(_open(path, shown or path.name).sheet_names)


def read_table(path: Path, sheet: str, columns: list[str], shown: str | None = None) -> Table:
    """The sheet `sheet` of the workbook at `path` as a table whose header row holds every one of
    `columns`; `shown`: the file as messages name it (its name by default)."""
    shown = shown or path.name
    book = _open(path, shown)
    if sheet not in book.sheet_names:
        raise WorkbookError(f"{shown}: error: no sheet '{sheet}', expected one of: "
                            f"{', '.join(book.sheet_names)} (was the sheet renamed?)")
    rows = book.get_sheet_by_name(sheet).to_python()
    wanted = [header_name(c) for c in columns]
    best, best_found = 0, -1
    for number, row in enumerate(rows[:HEADER_WITHIN], 1):
        names = [header_name(value) for value in row]
        found = sum(name in names for name in wanted)
        if found == len(wanted):
            index: dict[str, int] = {}
            for i, name in enumerate(names):
                index.setdefault(name, i)
            return Table(shown, sheet, number, index, rows)
        if found > best_found:
            best, best_found = number, found
    if best_found <= 0:
        raise WorkbookError(f"{shown}:{sheet}: error: no header row with the columns"
                            f" {', '.join(columns)} in the first {HEADER_WITHIN} rows")
    names = [header_name(value) for value in rows[best - 1]]
    missing = [c for c, name in zip(columns, wanted) if name not in names]
    raise WorkbookError(f"{shown}:{sheet}!A{best}: error: the header row has no column"
                        f" {', '.join(repr(c) for c in missing)}, expected the columns"
                        f" {', '.join(columns)}")


def _open(path: Path, shown: str):
    from python_calamine import (
        CalamineError,
        CalamineWorkbook,
        PasswordError,
        XmlError,
        ZipError,
    )

    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, PasswordError, XmlError, ZipError, OSError, ValueError) as exc:
        raise WorkbookError(f"{shown}: error: cannot read it as a workbook ({exc}), expected an"
                            " .xlsx file as the publisher distributes it") from None
