"""The sample content generator: valid, deterministic, per-country stable, of realistic size."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pycountry
import pytest
from ruamel.yaml import YAML

from generator.model.check import check
from generator.tools.sample import Shared, sample_country, write_sample
from generator.tools.sample_text import REGIONS, country_names, dump


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def load(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def narrative_chars(report: dict) -> int:
    """Characters of narrative text in a report: paragraphs and note texts."""
    sections = [report.get("summary"), report.get("at_a_glance")]
    sections += [c.get("narrative") for c in report.get("categories", [])]
    return sum(sum(map(len, s["paragraphs"])) + sum(len(n or "") for n in
                                                    s.get("notes", {}).values())
               for s in sections if s)


@pytest.mark.parametrize("countries, editions", [(4, 3), (3, 12), (2, 21)])
def test_sample_validates_without_diagnostics(tmp_path, countries, editions):
    stats = write_sample(tmp_path / "content", countries, editions, seed=5)
    checked = check(tmp_path / "content", "content")
    assert [d.format() for d in checked.diagnostics] == []
    bundles = checked.content.countries.values()
    assert len(bundles) == stats.countries == countries
    assert stats.reports == sum(len(b.reports) for b in bundles)
    files = tree(tmp_path / "content")
    assert (stats.files, stats.bytes) == (len(files), sum(map(len, files.values())))
    for bundle in bundles:
        nit = {r.value.edition: r.value for r in bundle.reports if r.value.index == "nit"}
        assert sorted(nit) == list(range(2025 - editions, 2025))
        assert bundle.country.value.iso is None and bundle.events and bundle.elections
        assert len(bundle.country.value.treaties.statuses) == len(
            checked.content.treaties.value.treaties)


def test_sample_crosses_the_category_change_and_the_percentage_start(tmp_path):
    write_sample(tmp_path / "content", 1, 21, seed=2)  # editions 2004..2024
    (reports,) = [list((p / "reports").glob("nit-*.yml"))
                  for p in (tmp_path / "content" / "countries").iterdir()]
    nit = {int(p.stem[4:]): load(p) for p in reports}
    ids = {e: [c["id"] for c in r["categories"]] for e, r in nit.items()}
    assert "governance" in ids[2004] and "national-democratic-governance" not in ids[2004]
    assert len(ids[2004]) == 6 and len(ids[2005]) == 7 and "governance" not in ids[2005]
    assert "percentage" not in nit[2019] and "percentage" in nit[2020]
    assert "percentage" not in nit[2020]["previous"]
    assert nit[2021]["previous"]["percentage"] == round(nit[2020]["percentage"])


def test_same_seed_same_bytes_other_seed_other_content(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        write_sample(tmp_path / name, 3, 4, seed=seed)
    a, b, c = (tree(tmp_path / name) for name in "abc")
    assert a == b
    countries = [k for k in a if k.startswith("countries/")]
    assert a.keys() != c.keys() or any(a[k] != c[k] for k in countries)


def test_a_country_does_not_depend_on_how_many_are_written(tmp_path):
    write_sample(tmp_path / "three", 3, 5, seed=9)
    write_sample(tmp_path / "five", 5, 5, seed=9)
    three, five = tree(tmp_path / "three"), tree(tmp_path / "five")
    assert three.items() <= five.items()
    assert country_names(9, 3) == country_names(9, 5)[:3]


def test_text_reads_back_as_written(tmp_path):
    shared = Shared(seed=7)
    for k, name in enumerate(country_names(7, 3)):
        for rel, data in sample_country(shared, k, name, 3).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(data), encoding="utf-8")
            assert load(path) == plain(data), rel


def plain(value):
    """The data as YAML gives it back: Decimals as floats, strings as str."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def test_dump_quotes_what_would_read_back_differently():
    data = {"a": "2021-01-10", "b": "no", "c": "x: y", "d": "# x", "e": "null", "f": "12",
            "g": "Plain text, with 'quotes' and a URL https://example.org/x?y=1",
            "h": " padded", "i": "line\nbreak", "j": "a \u2028 b", "k": "caf\u00e9", "l": "",
            "m": "word " * 40, "n": None, "o": True, "p": Decimal("1.50"), 3: [1, "x"]}
    text = dump(data)
    assert 'a: "2021-01-10"' in text and "g: Plain text" in text
    assert YAML(typ="safe", pure=True).load(text) == plain(data)


def test_narrative_size_is_realistic(tmp_path):
    write_sample(tmp_path / "content", 2, 8, seed=1)
    reports = sorted((tmp_path / "content" / "countries").glob("*/reports/nit-*.yml"))
    assert len(reports) == 16
    for path in reports:
        assert 25_000 <= narrative_chars(load(path)) <= 50_000, path.name
        assert 25_000 <= path.stat().st_size <= 50_000, path.name


def test_notes_are_cited_in_order_and_some_texts_are_unknown(tmp_path):
    write_sample(tmp_path / "content", 1, 2, seed=1)
    (path,) = (tmp_path / "content" / "countries").glob("*/reports/nit-2024.yml")
    report = load(path)
    unknown = 0
    for section in [report["summary"]] + [c["narrative"] for c in report["categories"]]:
        cited = [int(n) for p in section["paragraphs"] for n in re.findall(r"\[\^(\d+)\]", p)]
        first = list(dict.fromkeys(cited))
        assert first == list(range(1, len(first) + 1)) == list(section["notes"])
        unknown += sum(text is None for text in section["notes"].values())
    assert unknown > 0


def test_regions_are_balanced(tmp_path):
    write_sample(tmp_path / "content", 12, 1, seed=1)
    regions = [load(p)["region"] for p in (tmp_path / "content").glob("countries/*/country.yml")]
    assert sorted(regions) == sorted(list(REGIONS) * 2)


def test_elections_and_events_are_consistent(tmp_path):
    write_sample(tmp_path / "content", 6, 1, seed=1)
    root = tmp_path / "content" / "countries"
    watched = 0
    for path in root.glob("*/elections/*.yml"):
        election = load(path)
        results = election["results"]
        assert sum(r["seats"] for r in results) <= election["seats"]
        assert sum(r["share"] for r in results) <= 100
        per_point = [r["votes"] / r["share"] for r in results if r["share"] >= 1]
        assert max(per_point) / min(per_point) < 1.02  # votes and shares agree
        assert path.stem == re.sub(r"[^a-z0-9]+", "-", election["body"].lower()) + \
            "-" + election["date"][:4]
    for path in root.glob("*/events.yml"):
        events = load(path)["events"]
        assert 6 <= len(events) <= 12
        assert len({e["id"] for e in events}) == len(events)
        assert all("2023-07" <= e["month"] <= "2025-06" for e in events)
        assert all(1 <= len(e["sources"]) <= 3 for e in events)
        watched += sum(e.get("watch", False) for e in events)
    assert watched > 0


def test_no_real_country_name_appears(tmp_path):
    write_sample(tmp_path / "content", 40, 1, seed=1)
    real = {getattr(c, attr) for c in pycountry.countries
            for attr in ("name", "common_name", "official_name") if hasattr(c, attr)}
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(real, key=len,
                                                                   reverse=True))) + r")\b")
    folded = {name.casefold() for name in real}
    for path in sorted((tmp_path / "content" / "countries").rglob("*.yml")):
        found = pattern.search(path.read_text(encoding="utf-8"))
        assert found is None, f"{path.name}: {found.group(0)}"
        if path.name == "country.yml":
            name = load(path)["name"]
            assert name.casefold() not in folded
            assert not any(word.casefold() in folded for word in name.split())
