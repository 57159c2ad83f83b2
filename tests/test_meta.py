"""Meta tests: every diagnostic code is used and documented; modules stay small."""

from __future__ import annotations

import ast

from generator.diagnostics import CODES

from .conftest import REPO


def codes_used() -> set[str]:
    """The code argument of every error(...)/warning(...) call in the generator."""
    used = set()
    for path in (REPO / "generator").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in ("error", "warning", "_add"):
                continue
            position = 1 if isinstance(node.func, ast.Attribute) else 3
            if len(node.args) > position and isinstance(node.args[position], ast.Constant):
                used.add(node.args[position].value)
    return used


def test_every_code_used_is_declared_and_documented():
    used = codes_used()
    assert len(used) >= 15
    assert used <= set(CODES), used - set(CODES)
    assert set(CODES) <= used, f"declared but never used: {set(CODES) - used}"
    docs = (REPO / "docs" / "diagnostics.md").read_text()
    for code in CODES:
        assert f"`{code}`" in docs, f"{code} is not documented in docs/diagnostics.md"


def test_modules_stay_readable():
    for path in (REPO / "generator").glob("*.py"):
        lines = path.read_text().count("\n")
        assert lines <= 450, f"{path.name} has {lines} lines: split it by stage"
