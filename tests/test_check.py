"""Checking the content on every core (generator/model/check.py) finds what checking it in one
process finds: the same problems in the same order, the same records."""

from __future__ import annotations

import pytest

from generator.model import check
from generator.model.parse import parse_content
from generator.model.validate import validate_content
from generator.tools.sample import write_sample


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """Six sample countries with problems in several files, one of them across countries."""
    content = tmp_path_factory.mktemp("check") / "content"
    write_sample(content, 6, 2)
    countries = sorted((content / "countries").iterdir())
    first_name = (countries[0] / "country.yml").read_text("utf-8").split("name: ", 1)[1] \
        .splitlines()[0]
    third = countries[2] / "country.yml"
    text = third.read_text("utf-8")
    third.write_text(text.replace(text.split("name: ", 1)[1].splitlines()[0], first_name, 1),
                     encoding="utf-8")
    report = sorted((countries[1] / "reports").glob("nit-*.yml"))[0]
    report.write_text(report.read_text("utf-8").replace("rating: ", "rating: 9", 1),
                      encoding="utf-8")
    broken_yaml = sorted((countries[4] / "reports").glob("*.yml"))[0]
    broken_yaml.write_text("index: [unclosed\n", encoding="utf-8")
    (content / "countries" / "notes.yml").write_text("loose: true\n", encoding="utf-8")
    (content / "countries" / "Bad_Folder").mkdir()
    (content / "countries" / "Bad_Folder" / "country.yml").write_text("name: X\n", "utf-8")
    return content


def test_checking_countries_in_workers_finds_what_one_process_finds(broken, monkeypatch):
    content, diagnostics = parse_content(broken, "content")
    diagnostics += validate_content(content)
    expected = sorted(diagnostics, key=lambda d: (d.path, d.line, d.col, d.message))
    codes = {d.code for d in expected}
    assert {"slug", "yaml-syntax", "file-unexpected"} <= codes, codes
    assert any("is also used by" in d.message for d in expected)

    monkeypatch.setenv("REPORTS_WORKERS", "2")
    monkeypatch.setattr(check, "COUNTRIES_PER_WORKER", 1)
    for parallel in (True, False):
        found_content, found = check.check_content(broken, "content", parallel=parallel)
        assert [d.format() for d in found] == [d.format() for d in expected]
        assert list(found_content.countries) == list(content.countries)
        for slug, bundle in content.countries.items():
            other = found_content.countries[slug]
            assert [r.value for r in other.reports] == [r.value for r in bundle.reports]
            assert (other.country and other.country.value) == (
                bundle.country and bundle.country.value)
            assert all(r.doc is None for r in other.reports)
        assert found_content.indices.keys() == content.indices.keys()
