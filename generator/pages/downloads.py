"""Render, data files: each country's data as JSON and CSV, the whole dataset, the schemas.

Each country has three files: its data without the narratives as JSON (small enough to open in a
browser), its scores as CSV, and everything including the narratives as gzip-compressed JSON. The
narratives are most of a country's text (about 1 MB at 30 editions of four indices), so shipping
them uncompressed would put a 200-country site over GitHub Pages' 1 GB.

Files are deterministic: keys sorted, rows sorted, no dates of the build, gzip without a time.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from typing import Any

import orjson

from ..model.names import DATASET_STEM, SCORES_STEM
from ..model.parse import Content
from ..model.records import FILE_KINDS, json_schema
from ..workers import map_in_workers

# The columns of the CSV downloads. `row` says what a row holds (ROW_KINDS); the columns after
# it came with the groups, indicators and ratings histories, the ones before it keep their
# meaning: `rating` is a category's rating, or a group's (FIW's 1-7) on a group's row.
SCORE_COLUMNS = ["country", "country_name", "iso", "region", "index", "edition", "category",
                 "rating", "rank", "rank_of", "aggregate", "percentage", "status",
                 "row", "group", "indicator", "points", "survey"]
# What a row holds, the value of its `row` column: templates/downloads.md.j2 explains each.
ROW_KINDS = ("report", "group", "category", "indicator", "history", "history-group")


def country_json_path(slug: str) -> str:
    return f"downloads/{slug}.json"


def country_csv_path(slug: str) -> str:
    return f"downloads/{slug}.csv"


def country_full_text_path(slug: str) -> str:
    return f"downloads/{slug}.full.json.gz"


def country_paths(slug: str) -> tuple[str, ...]:
    """Every download of one country."""
    return country_json_path(slug), country_csv_path(slug), country_full_text_path(slug)


# model.names refuses the country slugs these names take
DATASET_JSON = f"downloads/{DATASET_STEM}.json"
DATASET_CSV = f"downloads/{SCORES_STEM}.csv"


def data_files(content: Content, fingerprints: dict[str, str] | None = None) -> dict[str, bytes]:
    """Every download, by its path in the docs folder. `fingerprints` gets, per country, a hash
    of its data without narratives: what the pages of other countries and the site-wide pages
    show of it (generator/site/incremental.py compares them)."""
    files: dict[str, bytes] = {}
    dataset: dict[str, Any] = {"indices": {}, "treaties": [], "countries": {}}
    score_lines: list[bytes] = []
    for index_id, item in sorted(content.indices.items()):
        dataset["indices"][index_id] = _dump(item.value)
    if content.treaties:
        dataset["treaties"] = _dump(content.treaties.value)["treaties"]
    countries = [(slug, bundle) for slug, bundle in sorted(content.countries.items())
                 if bundle.country is not None]
    done = map_in_workers(lambda c: _country_files(*c), countries, minimum_per_worker=10)
    for (slug, _), (own, slim, lines, fingerprint) in zip(countries, done):
        files.update(own)
        score_lines.append(lines)
        dataset["countries"][slug] = slim
        if fingerprints is not None:
            fingerprints[slug] = fingerprint
    # Compact: every country's data, for programs; Python's C encoder writes
    # it in a fraction of the time the indenting one takes, in the main process.
    files[DATASET_JSON] = _json(dataset, compact=True)
    # the countries' CSV rows, written once in the workers, one after another
    files[DATASET_CSV] = _CSV_HEADER + b"".join(score_lines)
    for kind in sorted(FILE_KINDS):
        files[f"downloads/schema/{kind}.schema.json"] = _json(json_schema(kind))
    return files


def country_downloads(slug: str, bundle) -> tuple[dict[str, bytes], str]:
    """One country's own downloads, and its shared fingerprint."""
    files, _, _, fingerprint = _country_files(slug, bundle)
    return files, fingerprint


def _country_files(slug: str, bundle) -> tuple[dict[str, bytes], dict[str, Any], bytes, str]:
    """A country's downloads, its record without narratives (as the dataset holds it), its
    score rows as CSV lines (for the dataset's CSV) and its shared fingerprint."""
    full = country_record(bundle)
    slim = _without_narratives(full)
    lines = csv_lines(score_rows(bundle))
    files = {country_json_path(slug): _json(slim),
             country_csv_path(slug): _CSV_HEADER + lines,
             # level 3 rather than the default 6: much less of the build's CPU, for files a
             # little larger, which the site's size affords
             country_full_text_path(slug): gzip.compress(_json(full, compact=True), 3, mtime=0)}
    return files, slim, lines, shared_fingerprint(slim)


def shared_fingerprint(record_without_narratives: dict[str, Any]) -> str:
    return hashlib.sha256(_json(record_without_narratives, compact=True)).hexdigest()


def country_record(bundle) -> dict[str, Any]:
    """One country's content as one JSON-ready mapping, reports in index/edition order."""
    reports = sorted(bundle.reports, key=lambda r: (r.value.index, r.value.edition))
    return {
        "country": _dump(bundle.country.value),
        "reports": [_dump(r.value) for r in reports],
        "events": _dump(bundle.events.value) if bundle.events else None,
        "elections": {eid: _dump(e.value) for eid, e in sorted(bundle.elections.items())},
    }


def score_rows(bundle) -> list[list[Any]]:
    """A country's scores as CSV rows (SCORE_COLUMNS, ROW_KINDS): per report, one row for the
    report, one per group it states, one per rated or ranked category followed by one per
    indicator it scores; then, per index, the ratings history, one row per survey and one per
    group rating in it. Reports in index and edition order, the rest in the content's order."""
    country = bundle.country.value
    head = [country.slug, country.name, country.iso or "", country.region]

    def row(index: str, edition: int, kind: str, **cells: Any) -> list[Any]:
        """A row of SCORE_COLUMNS: `cells` by column name, the others empty."""
        cells.update(index=index, edition=edition, row=kind)
        return head + [csv_cell(cells.get(column)) for column in SCORE_COLUMNS[len(head):]]

    rows = []
    for item in sorted(bundle.reports, key=lambda r: (r.value.index, r.value.edition)):
        r = item.value
        rows.append(row(r.index, r.edition, "report", aggregate=r.aggregate,
                        percentage=r.percentage, status=r.status))
        for g in r.groups:
            if g.total is not None or g.rating is not None:
                rows.append(row(r.index, r.edition, "group", group=g.id, points=g.total,
                                rating=g.rating))
        for cat in r.categories:
            if cat.rating is not None or cat.rank is not None:
                rows.append(row(r.index, r.edition, "category", category=cat.id,
                                rating=cat.rating, rank=cat.rank, rank_of=cat.rank_of))
            for code, score in cat.indicators.items():
                rows.append(row(r.index, r.edition, "indicator", category=cat.id,
                                indicator=code, points=score))
    for index_id, history in sorted(country.history.items()):
        for entry in sorted(history.entries, key=lambda e: (e.year, e.edition)):
            rows.append(row(index_id, entry.year, "history", status=entry.status,
                            survey=entry.edition))
            for group, rating in entry.ratings.items():
                rows.append(row(index_id, entry.year, "history-group", rating=rating,
                                group=group, survey=entry.edition))
    return rows


def _without_narratives(record: dict[str, Any]) -> dict[str, Any]:
    slim = dict(record)
    slim["reports"] = []
    for report in record["reports"]:
        report = {k: v for k, v in report.items() if k not in ("summary", "at_a_glance")}
        report["categories"] = [{k: v for k, v in c.items() if k != "narrative"}
                                for c in report.get("categories", [])]
        slim["reports"].append(report)
    return slim


def _dump(record) -> Any:
    return record.model_dump(mode="json", by_alias=True, exclude_none=True)


def _json(data: Any, compact: bool = False) -> bytes:
    """JSON text, keys sorted, written by orjson. Indented (two spaces) for the files people
    open; `compact` for what is compressed or hashed. orjson gives the bytes of Python's
    encoder in a fraction of its time (Python's encoder indents in pure Python, which every
    country's indented files paid for). Python's encoder writes what orjson refuses (an
    integer beyond 64 bits)."""
    option = orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    try:
        return orjson.dumps(data, option=option if compact else option | orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True,
                          **({"separators": (",", ":")} if compact else {"indent": 2}))
        return (text + "\n").encode()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(rows: list[list[Any]]) -> bytes:
    """CSV rows, text guarded against spreadsheet formulas (_inert): the one CSV writer of the
    site's downloads, so every file guards alike. Rows without a header: files of several
    countries' rows join them; a caller with a header passes it as the first row."""
    out = io.StringIO()
    cells = [[_inert(cell) for cell in row] for row in rows]
    csv.writer(out, lineterminator="\n").writerows(cells)
    text = out.getvalue()
    if "\r" in text:  # rare: written again, row by row
        text = _with_carriage_returns(cells)
    return text.encode()


def _with_carriage_returns(rows: list[list[Any]]) -> str:
    """Python's writer quotes a text with a line feed (its line ending) but not one with a
    carriage return alone, which RFC 4180 quotes too: such a row quotes all its texts."""
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    quoting = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        carriage = any(isinstance(cell, str) and "\r" in cell for cell in row)
        (quoting if carriage else plain).writerow(row)
    return out.getvalue()


def _inert(cell: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice for
    CSV injection); numbers stay numbers. The JSON downloads keep the text exactly."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


_CSV_HEADER = csv_lines([SCORE_COLUMNS])


def csv_cell(value: Any) -> Any:
    """A CSV cell: empty for None, a whole float as a whole number (a rating of 7, not 7.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
