"""The command line: exit codes, summary lines, render, schema."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys

from generator.model.records import FILE_KINDS

from .conftest import NIT_REPORT, REPO, country_files, write_content


def cli(*args: str, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))


def test_validate_ok_on_shipped_content():
    result = cli("validate")
    assert result.returncode == 0
    assert result.stderr.startswith("OK: ") and result.stderr.endswith("files, no problems\n")


def test_validate_reports_all_problems_and_exits_1(tmp_path):
    report = NIT_REPORT.replace("rating: 1.5\n", "rating: 8\n").replace("edition: 2022",
                                                                       "edition: x")
    content = write_content(tmp_path, country_files(report))
    result = cli("validate", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/countries/ruritania/reports/nit-2022.yml:2:10: error: edition: expected a"
        " whole number, got \"x\"",
        "content/countries/ruritania/reports/nit-2022.yml:18:13: error:"
        " categories.civil-society.rating: expected a number from 1 to 7 in steps of 0.25,"
        " got 8",
        "Aborted: 2 errors, 0 warnings in 1 file",
    ]
    assert "Traceback" not in result.stderr


def test_warnings_pass_unless_strict(tmp_path):
    report = NIT_REPORT.replace('        2: "A note text."', '        2: "A note text."\n'
                                '        3: "Never cited."')
    content = write_content(tmp_path, country_files(report))
    relaxed = cli("validate", "--content", str(content), cwd=tmp_path)
    assert relaxed.returncode == 0
    assert relaxed.stderr.splitlines()[-1] == "OK: 0 errors, 1 warning in 1 file"
    strict = cli("validate", "--strict", "--content", str(content), cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "Aborted: 0 errors, 1 warning in 1 file"


def test_usage_errors_exit_2():
    assert cli("validate", "--no-such-option").returncode == 2
    assert cli("no-such-command").returncode == 2
    assert cli("schema").returncode == 2


def test_missing_content_folder_is_a_content_error(tmp_path):
    result = cli("validate", "--content", str(tmp_path / "nope"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "nope: error: content folder not found"


def test_render_writes_only_what_changed(tmp_path):
    content = write_content(tmp_path, country_files())
    out = tmp_path / "docs"
    first = cli("render", "--content", str(content), "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (out / "countries/ruritania/nit-2022.md").exists()
    written = int(first.stderr.split(": ")[1].split(" written")[0])
    assert written >= 8
    stale = out / "stale.md"
    stale.write_text("old page")
    second = cli("render", "--content", str(content), "--out", str(out), cwd=tmp_path)
    assert second.stderr.strip().endswith(f"0 written, {written} unchanged, 1 removed")
    assert not stale.exists()


def test_schema_prints_each_kind():
    for kind in FILE_KINDS:
        result = cli("schema", kind)
        assert result.returncode == 0
        schema = json.loads(result.stdout)
        assert schema["$schema"].endswith("2020-12/schema")
        assert schema["additionalProperties"] is False


def test_published_schemas_match_the_model(tmp_path):
    """schema/*.schema.json in the repo are what `schema --out` writes (run `make schema`)."""
    assert cli("schema", "--out", str(tmp_path)).returncode == 0
    for kind in FILE_KINDS:
        fresh = (tmp_path / f"{kind}.schema.json").read_text()
        committed = (REPO / "schema" / f"{kind}.schema.json").read_text()
        assert fresh == committed, f"schema/{kind}.schema.json is stale: run `make schema`"


def test_report_schema_checks_what_editors_type():
    schema = json.loads(cli("schema", "report").stdout)
    assert set(schema["required"]) == {"index", "edition"}
    assert "from" in schema["$defs"]["ScoreChange"]["properties"]


def test_the_cli_collects_garbage_cycles_less_often(monkeypatch):
    """Millions of long-lived records: CPython's default thresholds made the check a third
    slower (workers.batch_gc)."""
    import gc

    from generator import cli as entry

    saved = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", ["generator", "--help"])
    try:
        with contextlib.suppress(SystemExit):
            entry.main()
        assert gc.get_threshold()[0] >= 100_000
    finally:
        gc.set_threshold(*saved)
