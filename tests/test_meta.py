"""Meta tests: every diagnostic code is used and documented; modules stay small; each package
imports only the packages below it."""

from __future__ import annotations

import ast

from generator.diagnostics import CODES

from .conftest import REPO


def codes_used() -> set[str]:
    """The code argument of every error(...)/warning(...) call in the generator."""
    used = set()
    for path in (REPO / "generator").rglob("*.py"):
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
    modules = sorted((REPO / "generator").rglob("*.py"))
    assert any(path.parent != REPO / "generator" for path in modules)  # subfolders are walked
    for path in modules:
        lines = path.read_text().count("\n")
        rel = path.relative_to(REPO).as_posix()
        assert lines <= 450, f"{rel} has {lines} lines: split it by stage"


# The packages of generator/ from the bottom up: each may import those before it, never one
# after it (generator/__init__.py says the same in words).
LAYERS = ["diagnostics", "workers", "model", "search", "pages", "site", "importers", "tools",
          "cli", "__main__"]


def _layer(module: str) -> int:
    """The layer of a module of the package, named by its path under generator/."""
    top = module.split(".")[0]
    top = "cli" if top == "cli_import" else top  # the import command's half of the cli layer
    return LAYERS.index(top) if top in LAYERS else -1


def imported_modules(path, package: list[str]) -> set[str]:
    """The modules of the generator package that a file imports, relative to `generator`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "generator":
                target = node.module.split(".")
            else:
                continue
            names = [alias.name for alias in node.names]
            if target == ["generator"]:  # from generator import x: x is a module or a name
                found.update(names)
            else:
                found.add(".".join(target[1:]) if target[0] == "generator" else ".".join(target))
        elif isinstance(node, ast.Import):
            found.update(alias.name[len("generator."):] for alias in node.names
                         if alias.name.startswith("generator."))
    return {m for m in found if m}


def test_no_package_imports_one_above_it():
    root = REPO / "generator"
    checked = 0
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("").parts
        module = ".".join(p for p in rel if p != "__init__")
        if not module:
            continue
        package = ["generator", *rel[:-1]]
        own = _layer(module)
        assert own >= 0, f"generator/{'/'.join(rel)}.py is in no layer of LAYERS"
        for target in imported_modules(path, package):
            layer = _layer(target)
            if layer < 0:  # a name of generator/__init__.py (PROJECT, PACKAGE_DIR)
                continue
            checked += 1
            assert layer <= own, (f"generator/{'/'.join(rel)}.py ({LAYERS[own]}) imports"
                                  f" {target} ({LAYERS[layer]}), a package above it")
    assert checked > 50


def test_every_package_says_what_it_holds():
    for init in sorted((REPO / "generator").rglob("__init__.py")):
        tree = ast.parse(init.read_text())
        doc = ast.get_docstring(tree)
        assert doc and len(doc) > 60, f"{init.relative_to(REPO)} needs a docstring"
