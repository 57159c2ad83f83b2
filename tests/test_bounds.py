"""Numbers out of their range, degenerate index definitions and drawings of absurd magnitude
(issue 24): each a located error through the real command line, or a legal value drawn within a
bounded size; never an internal error.

Every case edits the one-country tree (tests/conftest.py: Ruritania, NIT 2022) and runs
`python -m generator validate` on it (tests/test_hostile.py's Sandbox and cli).
"""

from __future__ import annotations

import math
import re
import time
from pathlib import Path
from typing import Callable

import pytest
import yaml

from generator.model.records import FILE_KINDS, Index, Record, Section, json_schema
from generator.model.schema_errors import unwrap, field_range
from generator.model.scoring import percentage_exact
from generator.pages.charts import Gauge, LineChart, Seats, Series, hemicycle
from generator.pages.charts._svg import nice_ticks
from generator.pages.charts.hemicycle import MAX_DOTS
from generator.pages.charts.line import year_ticks
from generator.pages.figures import draw

from .conftest import REPO
from .test_hostile import Sandbox, cli

REPORT = "countries/ruritania/reports/nit-2022.yml"
GSOD = "countries/ruritania/reports/gsod-2023.yml"
COUNTRY = "countries/ruritania/country.yml"
ELECTION = "countries/ruritania/elections/mazhilis-2021.yml"
EVENTS = "countries/ruritania/events.yml"
NIT = "indices/nit.yml"
R, N, C, E = (f"content/{p}" for p in (REPORT, NIT, COUNTRY, ELECTION))
ONE = "Aborted: 1 error, 0 warnings in 1 file"
TWO = "Aborted: 2 errors, 0 warnings in 1 file"

ELECTION_YML = """\
body: Mazhilis
kind: legislative
date: "2021-01-10"
seats: 107
turnout: 63
results:
  - party: Nur Otan
    votes: 5148000
    seats: 76
    seats_change: -8
  - party: Ak Zhol
    seats: 12
"""

GSOD_YML = """\
index: gsod
edition: 2023
categories:
  - id: rights
    rating: 0.5
    rank: 40
    rank_of: 173
"""

EVENTS_YML = """\
tracker: gsod
events:
  - id: vote
    month: "2022-03"
    title: A vote
    body: Text.
"""

BASIC_INFO = """\
basic_info:
  population: 19000000
  women_lower_chamber: 27.1
  head_of_state:
    title: President
    name: A. Person
    since: 2019
"""


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace `old` (which must be there) by `new` in one content file."""
    def apply(content: Path) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(rel: str, text: str) -> Callable[[Path], None]:
    def apply(content: Path) -> None:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(content: Path) -> None:
        for step in steps:
            step(content)
    return apply


def election(old: str, new: str) -> Callable[[Path], None]:
    return both(write(ELECTION, ELECTION_YML), edit(ELECTION, old, new))


def country(old: str, new: str) -> Callable[[Path], None]:
    return both(edit(COUNTRY, "region: Eurasia\n", "region: Eurasia\n" + BASIC_INFO),
                edit(COUNTRY, old, new))


def gsod(old: str, new: str) -> Callable[[Path], None]:
    return both(write(GSOD, GSOD_YML), edit(GSOD, old, new))


NIT_STEP = "  min: 1\n  max: 7\n  step: 0.25\n"
AGG_SCALE = "  scale:\n    min: 1\n    max: 7\n  decimals: 2\n"
LAST_RATING = "  - id: corruption\n    rating: 1.25\n"
SCORE_CHANGE = ("score_changes:\n  - category: civil-society\n    from: 1.25\n    to: 1.5\n"
                "    reason: Better.\n")
G = f"content/{GSOD}"

# case -> (what it does to the tree, exit code, stderr lines)
CASES: dict[str, tuple[Callable[[Path], None], int, list[str]]] = {
    # --- years, editions and dates ---
    "edition-9999": (edit(REPORT, "edition: 2022", "edition: 9999"), 1, [
        f"{R}:2:10: error: edition: expected a whole number from 1900 to 2100, got 9999", ONE]),
    "edition-1066": (edit(REPORT, "edition: 2022", "edition: 1066"), 1, [
        f"{R}:2:10: error: edition: expected a whole number from 1900 to 2100, got 1066", ONE]),
    "election-date-year-9999": (election('"2021-01-10"', '"9999-01-10"'), 1, [
        f"{E}:3:7: error: date: '9999-01-10' is not in the years 1900 to 2100, expected a date"
        " within them", ONE]),
    "event-month-1850": (write(EVENTS, EVENTS_YML.replace("2022-03", "1850-03")), 1, [
        f"content/{EVENTS}:4:12: error: events.vote.month: '1850-03' is not in the years 1900"
        " to 2100, expected a date within them", ONE]),
    "officeholder-since-1066": (country("since: 2019", "since: 1066"), 1, [
        f"{C}:11:12: error: basic_info.head_of_state.since: expected a whole number from 1900"
        " to 2100, got 1066", ONE]),
    # --- non-finite and huge numbers ---
    "rating-1e300": (edit(REPORT, "rating: 1.5", "rating: 1.0e+300"), 1, [
        f"{R}:18:13: error: categories.civil-society.rating: expected a number from -1000 to"
        " 1000, got 1e+300", ONE]),
    "aggregate-minus-infinity": (edit(REPORT, "aggregate: 1.36", "aggregate: -.inf"), 1, [
        f"{R}:4:12: error: aggregate: expected a finite number, got -inf", ONE]),
    "score-change-from-nan": (edit(REPORT, "categories:\n", SCORE_CHANGE.replace(
        "from: 1.25", "from: .nan") + "categories:\n"), 1, [
        f"{R}:8:11: error: score_changes.civil-society.from: expected a finite number, got nan",
        ONE]),
    "percentage-250": (edit(REPORT, "percentage: 5.95", "percentage: 250"), 1, [
        f"{R}:5:13: error: percentage: expected a number from 0 to 100, got 250", ONE]),
    "women-share-infinite": (country("women_lower_chamber: 27.1", "women_lower_chamber: .inf"),
                             1, [f"{C}:7:24: error: basic_info.women_lower_chamber: expected a"
                                 " finite number, got inf", ONE]),
    "population-above-ten-billion": (country("population: 19000000",
                                             "population: 10000000001"), 1, [
        f"{C}:6:15: error: basic_info.population: expected a whole number from 0 to"
        " 10,000,000,000, got 10000000001", ONE]),
    # --- stated figures off the aggregate's scale (an internal error before) ---
    "stated-aggregate-off-scale": (both(edit(REPORT, "aggregate: 1.36", "aggregate: 50"),
                                        edit(REPORT, LAST_RATING, "")), 1, [
        f"{R}:4:12: error: aggregate: expected a number from 1 to 7 (the Democracy Score's"
        " scale), got 50", ONE]),
    "previous-aggregate-off-scale": (edit(REPORT, "categories:\n",
                                          "previous:\n  aggregate: -3\ncategories:\n"), 1, [
        f"{R}:7:14: error: previous.aggregate: expected a number from 1 to 7 (the Democracy"
        " Score's scale), got -3", ONE]),
    # --- ranks and note numbers ---
    "rank-of-5000": (gsod("rank: 40\n    rank_of: 173", "rank: 4000\n    rank_of: 5000"), 1, [
        f"{G}:6:11: error: categories.rights.rank: expected a whole number from 1 to 1000, got"
        " 4000",
        f"{G}:7:14: error: categories.rights.rank_of: expected a whole number from 1 to 1000,"
        " got 5000", TWO]),
    "rank-of-zero": (gsod("rank_of: 173", "rank_of: 0"), 1, [
        f"{G}:6:11: error: categories.rights.rank: a rank needs rank_of, the number of countries"
        " ranked",
        f"{G}:7:14: error: categories.rights.rank_of: expected a whole number from 1 to 1000,"
        " got 0", TWO]),
    "note-number-5000": (edit(REPORT, '2: "A note text."', '5000: "A note text."'), 1, [
        f"{R}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: note [^2] is"
        " cited but not defined, expected one of notes 1..1",
        f"{R}:16:9: error: categories.electoral-process.narrative.notes.5000: expected a whole"
        " number from 1 to 999, got key 5000", TWO]),
    "note-number-zero": (edit(REPORT, "1: null", "0: null"), 1, [
        f"{R}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: note [^1] is"
        " cited but not defined, expected one of notes 1..1",
        f"{R}:15:9: error: categories.electoral-process.narrative.notes.0: expected a whole"
        " number from 1 to 999, got key 0",
        f"{R}:15:9: error: categories.electoral-process.narrative.notes: notes are numbered 2,"
        " expected 1..1 in order", "Aborted: 3 errors, 0 warnings in 1 file"]),
    # --- elections ---
    "body-of-5000000-seats": (election("seats: 107", "seats: 5000000"), 1, [
        f"{E}:4:8: error: seats: expected a whole number from 1 to 10,000, got 5000000", ONE]),
    "party-of-20000-seats": (election("seats: 76", "seats: 20000"), 1, [
        f"{E}:9:12: error: results.Nur Otan.seats: expected a whole number from 0 to 10,000,"
        " got 20000", ONE]),
    "parties-above-10000-seats-in-all": (both(
        election("seats: 107\n", ""), edit(ELECTION, "seats: 76", "seats: 9000"),
        edit(ELECTION, "seats: 12", "seats: 3000")), 1, [
        f"{E}:6:3: error: results: parties hold 12,000 seats, expected at most 10,000, the most"
        " a body may have", ONE]),
    "votes-three-billion": (election("votes: 5148000", "votes: 3000000000"), 1, [
        f"{E}:8:12: error: results.Nur Otan.votes: expected a whole number from 0 to"
        " 2,000,000,000, got 3000000000", ONE]),
    "seats-change-minus-20000": (election("seats_change: -8", "seats_change: -20000"), 1, [
        f"{E}:10:19: error: results.Nur Otan.seats_change: expected a whole number from -10,000"
        " to 10,000, got -20000", ONE]),
    "turnout-150": (election("turnout: 63", "turnout: 150"), 1, [
        f"{E}:5:10: error: turnout: expected a number from 0 to 100, got 150", ONE]),
    # --- index definitions ---
    "scale-empty": (edit(NIT, NIT_STEP, "  min: 7\n  max: 7\n  step: 0.25\n"), 1, [
        f"{N}:17:3: error: scale: min 7 is not below max 7, expected min below max", ONE]),
    "scale-inverted": (edit(NIT, NIT_STEP, "  min: 7\n  max: 1\n  step: 0.25\n"), 1, [
        f"{N}:17:3: error: scale: min 7 is not below max 1, expected min below max", ONE]),
    "scale-of-billions-of-steps": (edit(NIT, NIT_STEP, "  min: 1\n  max: 7\n  step: 1.0e-9\n"),
                                   1, [f"{N}:19:9: error: scale.step: a step of 1e-09 makes"
                                       " 6,000,000,000 steps from min to max, expected at most"
                                       " 1000 (a step of at least 0.006)", ONE]),
    "scale-step-zero": (edit(NIT, NIT_STEP, "  min: 1\n  max: 7\n  step: 0\n"), 1, [
        f"{N}:19:9: error: scale.step: expected a number above 0 and at most 1000, got 0", ONE]),
    "scale-step-beyond-range": (edit(NIT, NIT_STEP, "  min: 1\n  max: 7\n  step: 10\n"), 1, [
        f"{N}:19:9: error: scale.step: the step 10 is larger than the scale's range 6, expected"
        " at most 6", ONE]),
    "scale-max-a-million": (edit(NIT, NIT_STEP, "  min: 1\n  max: 1000000\n  step: 0.25\n"), 1, [
        f"{N}:18:8: error: scale.max: expected a number from -1000 to 1000, got 1000000", ONE]),
    "scale-max-infinite": (edit(NIT, NIT_STEP, "  min: 1\n  max: .inf\n  step: 0.25\n"), 1, [
        f"{N}:18:8: error: scale.max: expected a finite number, got inf", ONE]),
    # Divided by zero in the percentage before (exit 3, an internal error).
    "aggregate-scale-empty": (edit(NIT, AGG_SCALE, AGG_SCALE.replace("max: 7", "max: 1")), 1, [
        f"{N}:87:5: error: aggregate.scale: min 1 is not below max 1, expected min below max",
        ONE]),
    "aggregate-decimals-12": (edit(NIT, AGG_SCALE, AGG_SCALE.replace("decimals: 2",
                                                                     "decimals: 12")), 1, [
        f"{N}:89:13: error: aggregate.decimals: expected a whole number from 0 to 4, got 12",
        f"{N}:96:10: error: status.basis: status basis 'aggregate' needs a valid aggregate"
        " rule",
        TWO]),
    # The fuzzer's F2: with its aggregate refused, FOTN's bands (0-100) were judged against the
    # index's own scale (0-40): three more errors that pointed at sound lines.
    "aggregate-refused-bands-not-judged": (edit("indices/fotn.yml", "  decimals: 0\n",
                                                "  decimals: x\n"), 1, [
        "content/indices/fotn.yml:52:13: error: aggregate.decimals: expected a whole number,"
        ' got "x"',
        "content/indices/fotn.yml:54:10: error: status.basis: status basis 'aggregate' needs a"
        " valid aggregate rule", TWO]),
    "status-band-beyond-scale": (edit(NIT, "      min: 5.01\n      max: 7.00",
                                      "      min: 5.01\n      max: 70"), 1, [
        f"{N}:101:12: error: status.bands.consolidated-democracy.max: expected a bound from 1"
        " to 7 (the Democracy Score's scale), got 70", ONE]),
    # Found by the long fuzzer run: the render stopped on float(None) (an internal error).
    "category-band-without-min": (edit("indices/gsod.yml", "    min: 0.4\n    max: 0.7",
                                       "    max: 0.7"), 1, [
        "content/indices/gsod.yml:32:5: error: category_bands.mid: expected min and max for a"
        " category band", ONE]),
    "category-band-inverted-and-beyond": (edit("indices/gsod.yml", "    min: 0.7\n    max: 1.0",
                                               "    min: 0.9\n    max: 0.7"), 1, [
        "content/indices/gsod.yml:28:5: error: category_bands.high: min 0.9 is not below max"
        " 0.7, expected min below max", ONE]),
    "category-band-bound-off-scale": (edit("indices/gsod.yml", "    min: 0.0\n    max: 0.4",
                                           "    min: -5\n    max: 0.4"), 1, [
        "content/indices/gsod.yml:38:10: error: category_bands.low.min: expected a bound from 0"
        " to 1 (the index's scale), got -5", ONE]),
    "treaty-adopted-1850": (edit("treaties.yml", "adopted: 1948", "adopted: 1850"), 1, [
        "content/treaties.yml:139:14: error: treaties.c087.adopted: expected a whole number from"
        " 1900 to 2100, got 1850", ONE]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_out_of_range_is_a_located_error(case, tmp_path):
    make, code, lines = CASES[case]
    box = Sandbox(tmp_path)
    make(box.content)
    proc = box.validate()
    assert (proc.returncode, proc.stderr.splitlines()) == (code, lines)
    assert proc.stdout == ""


# --- Every number has a documented range ------------------------------------------------------

def _number_fields():
    """(record class, field name as written, field) of every int or float field."""
    for cls in Record.__subclasses__():
        for name, fld in cls.model_fields.items():
            base, _ = unwrap(fld.annotation)
            if base in (int, float):
                yield cls, fld.alias or name, fld


def test_every_number_field_has_both_ends_of_a_range_in_its_description():
    fields = list(_number_fields())
    assert len(fields) >= 30
    for cls, name, fld in fields:
        words = field_range(cls, (name,))
        assert words and (" to " in words or " and at most " in words), (cls.__name__, name)
        assert fld.description and fld.description.endswith(words), (cls.__name__, name)


def test_note_numbers_are_keys_from_1_to_999():
    assert field_range(Section, ("notes", 5), is_key=True) == "a whole number from 1 to 999"
    assert field_range(Section, ("notes", 5)) is None  # the note's text is no number


def _numeric_nodes(node, path=""):
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            yield path, node
        for key, value in node.items():
            yield from _numeric_nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _numeric_nodes(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_the_published_schema_bounds_every_number(kind):
    """`generator schema KIND` gives each number a minimum and a maximum, finite."""
    nodes = list(_numeric_nodes(json_schema(kind)))
    assert nodes or kind == "events"  # an event log holds no number
    for path, node in nodes:
        low = node.get("minimum", node.get("exclusiveMinimum"))
        high = node.get("maximum", node.get("exclusiveMaximum"))
        assert low is not None and high is not None, (kind, path)
        assert math.isfinite(low) and math.isfinite(high) and low < high, (kind, path)


def test_the_command_line_schema_states_the_range(tmp_path):
    proc = cli(tmp_path, "schema", "election")
    assert proc.returncode == 0
    assert '"description": "seats in the body: a whole number from 1 to 10,000"' in proc.stdout


# --- Scoring and drawing stay bounded ------------------------------------------------------------

def test_no_percentage_on_a_scale_of_no_width():
    data = yaml.safe_load((REPO / "content" / "indices" / "nit.yml").read_text())
    data["aggregate"]["scale"]["max"] = data["aggregate"]["scale"]["min"]
    index = Index.model_validate(data)
    assert percentage_exact(index, 1) is None


def _timed(make):
    start = time.perf_counter()
    out = make()
    return out, time.perf_counter() - start


@pytest.mark.parametrize("total", [MAX_DOTS + 1, 10_000, 5_000_000, 2_000_000_000])
def test_a_huge_body_draws_one_band_per_party(total):
    parties = [Seats("Ruling", total // 2), Seats("Opposition", total // 3)]
    svg, seconds = _timed(lambda: hemicycle(parties, title="Assembly", desc="d", id_prefix="s",
                                            total=total))
    assert seconds < 0.5 and len(svg) < 6_000, (seconds, len(svg))
    body = svg.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert body.count("<path") == 3  # two parties and the vacant seats
    assert body.count("<circle") == 3  # the legend's swatches only
    assert f"<th scope=\"row\">Ruling</th><td>{total // 2}</td>" in svg


def test_a_bodys_bands_are_in_proportion_to_the_seats():
    """The bands meet where the seats before them end: half the seats end at the top."""
    svg = hemicycle([Seats("A", 5000), Seats("B", 5000)], title="t", desc="d", id_prefix="s")
    first = re.search(r'<g class="seats party-0">.*?d="M([\d.]+) ([\d.]+) A[\d.]+ [\d.]+ 0 0 1'
                      r' ([\d.]+) ([\d.]+)', svg)
    x0, y0, x1, y1 = map(float, first.groups())
    assert (x0, y0) == (20.0, 286.0)  # the left end of the outer ring (cx 300, radius 280)
    assert (x1, y1) == (300.0, 6.0)  # its top: half the seats


def test_the_largest_body_drawn_seat_by_seat_stays_small():
    svg, seconds = _timed(lambda: hemicycle([Seats("A", MAX_DOTS)], title="t", desc="d",
                                            id_prefix="s"))
    assert svg.count("<circle") == MAX_DOTS + 1  # and the legend's swatch
    assert seconds < 1 and len(svg) < 200_000


def test_ordinary_bodies_still_draw_a_dot_per_seat():
    svg = hemicycle([Seats("A", 76), Seats("B", 12)], title="t", desc="d", id_prefix="s",
                    total=107)
    assert svg.count("<circle") == 107 + 3 and "<path" not in svg


@pytest.mark.parametrize("value", [1e10, -1e300, 1e308])
def test_charts_refuse_numbers_beyond_their_limit(value):
    with pytest.raises(ValueError, match="expected a number from -1e"):
        draw(Gauge(value, -1e12, 1e12, label="x", value_text="x", id_prefix="g"))
    with pytest.raises(ValueError, match="expected a number from -1e"):
        Series("s", [(2020, value)])


def test_a_chart_of_the_widest_range_stays_small():
    chart = LineChart((Series("s", [(1900, -1e9), (2100, 1e9)]),), title="t", desc="d",
                      id_prefix="l", y_min=-1e9, y_max=1e9, y_label="")
    svg, seconds = _timed(lambda: draw(chart))
    assert seconds < 0.5 and len(svg) < 10_000


def test_year_ticks_count_rather_than_walk():
    ticks, seconds = _timed(lambda: year_ticks(1, 9999))
    assert ticks == [1, 9999] and seconds < 0.01
    assert year_ticks(1990, 2023) == list(range(1990, 2021, 5))


@pytest.mark.parametrize("lo, hi", [(1, 1), (7, 1), (0, math.inf), (-1e308, 1e308)])
def test_nice_ticks_refuse_an_empty_or_endless_span(lo, hi):
    with pytest.raises(ValueError, match="expected lo below hi"):
        nice_ticks(lo, hi)


@pytest.mark.parametrize("lo, hi", [(0, 1e-300), (1e300, 1e300 * (1 + 1e-15)), (-1e9, 1e9),
                                    (0.1, 0.1 + 1e-16 * 4)])
def test_nice_ticks_are_few_whatever_the_span(lo, hi):
    assert 1 <= len(nice_ticks(lo, hi)) <= 24


def test_a_legal_body_of_9000_seats_renders_bounded(tmp_path):
    """Legal data drawn bounded, through the command line: the election page's seat diagram."""
    box = Sandbox(tmp_path)
    both(election("seats: 107", "seats: 9000"), edit(ELECTION, "seats: 76", "seats: 5000"))(
        box.content)
    proc = cli(tmp_path, "render", "--content", "content", "--out", "work/docs")
    assert proc.returncode == 0, proc.stderr
    page = next((tmp_path / "work" / "docs").rglob("mazhilis-2021*.md")).read_text("utf-8")
    figure = page[page.index('<figure class="chart chart-hemicycle"'):]
    figure = figure[:figure.index("</figure>")]
    assert figure.count("<path") == 3 and len(figure) < 6_000
    assert "Nur Otan: 5000 seats" in figure and "Vacant or other: 3988 seats" in figure
