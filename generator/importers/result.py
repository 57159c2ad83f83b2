"""What a data-file reader returns: patches to apply, and what to tell the user about them."""

from __future__ import annotations

from dataclasses import dataclass

from .patches import Patch


@dataclass
class DataResult:
    patches: list[Patch]
    warnings: list[str]  # one line each: FILE:LINE: what was skipped or guessed
    errors: list[str]  # one line each: FILE:LINE: what is wrong, what was expected
    summary: str  # one line: what was read, what was skipped
