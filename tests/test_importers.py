"""Importers on fixtures written for the tests (a fictional Ruritania, in the seeds' formats).

Each NIT variant has its own fixture: the 2020+ layout, the 2019 layout, a republished copy in
the old orientation with headings in capitals, and a page cut off mid-word; then the Democracy
Tracker, Freedom in the World and Freedom on the Net pages, and a page of no known format.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.importers import detect, import_text, markers, to_yaml
from generator.model.load import load_bytes, load_file
from generator.model.narrative import plain_text, refs_in
from generator.model.records import FILE_KINDS, Index, TreatyCatalogue

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
# Ruritania is known to the importers as a real country is (its region comes from the table)
pytestmark = pytest.mark.usefixtures("ruritania_in_table")


def _catalogues():
    root = REPO / "content"
    indices = {p.stem: Index.model_validate(load_file(p, p.name)[0].data)
               for p in sorted((root / "indices").glob("*.yml"))}
    treaties = TreatyCatalogue.model_validate(load_file(root / "treaties.yml", "t")[0].data)
    return indices, treaties


INDICES, TREATIES = _catalogues()


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def run(name_or_text: str, **hints):
    text = fixture_text(name_or_text) if name_or_text.endswith(".txt") else name_or_text
    return import_text(text, name_or_text[:40], INDICES, TREATIES, **hints)


def only_report(result):
    [(path, kind, report)] = result.records
    assert kind == "report"
    return path, report


def write_tree(tmp_path: Path, records) -> Path:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "indices", content / "indices")
    shutil.copy(REPO / "content" / "treaties.yml", content / "treaties.yml")
    for path, _, record in records:
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_yaml(record), encoding="utf-8")
    return content


def errors_of(content: Path) -> list[str]:
    from generator.model.check import check
    return [str(d) for d in check(content, "content").diagnostics]


# --- Detection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,expected", [
    ("nit_2022_ruritania.txt", "nit"), ("nit_2019_ruritania.txt", "nit"),
    ("nit_2021_republished.txt", "nit"), ("nit_2022_truncated.txt", "nit"),
    ("idea_ruritania.txt", "idea-tracker"), ("fiw_2024_ruritania.txt", "fiw"),
    ("fiw_2023_graphic_total.txt", "fiw"), ("fotn_2023_ruritania.txt", "fotn"),
    ("fotn_2022_graphic_total.txt", "fotn"), ("unknown_format.txt", None),
])
def test_detect(name, expected):
    assert detect(fixture_text(name)) == expected


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\x00\x01\x02\xff\ufffe", "Democracy Score"])
def test_unknown_format_gives_one_problem_and_no_records(text):
    result = run(text)
    assert result.format is None and result.records == []
    assert len(result.problems) == 1 and result.problems[0][1].startswith("format not recognised")


def test_unknown_fixture_names_its_first_line():
    result = run("unknown_format.txt")
    assert result.problems == [(0, "format not recognised (expected a Nations in Transit,"
                                   " Democracy Tracker, Freedom in the World or Freedom on the"
                                   " Net page): Weekly bulletin of the Strelsau chess club")]


# --- Nations in Transit, 2020+ layout ------------------------------------------------------------

def test_nit_2022_values():
    result = run("nit_2022_ruritania.txt")
    path, r = only_report(result)
    assert path == "countries/ruritania/reports/nit-2022.yml"
    assert (r.edition, r.covers, r.status) == (2022, "2021",
                                                "semi-consolidated-authoritarian-regime")
    assert (r.aggregate, r.percentage) == (2.32, 22.02)
    assert (r.previous.aggregate, r.previous.percentage, r.previous.status) == (
        2.29, 21.0, "semi-consolidated-authoritarian-regime")
    [c] = r.score_changes
    assert (c.category, c.old, c.new) == ("civil-society", 2.75, 3.0)
    assert c.reason.startswith("due to a wave of neighbourhood associations")
    assert [(x.id, x.rating) for x in r.categories] == [
        ("national-democratic-governance", 2.0), ("electoral-process", 2.25),
        ("civil-society", 3.0), ("independent-media", 2.5), ("local-democratic-governance", 2.75),
        ("judicial-framework-and-independence", 2.0), ("corruption", 1.75)]
    assert r.author.name == "Mira Valen"
    assert r.at_a_glance.paragraphs[0].startswith("Ruritania remains governed")


def test_nit_2022_summary_heading_kept_and_byline_read():
    _, r = only_report(run("nit_2022_ruritania.txt"))
    paragraphs = r.summary.paragraphs
    assert paragraphs[1] == "A Year of Quiet Reversals"  # a heading inside the summary is text
    assert not any("Executive Summary" in p or p.startswith("By ") for p in paragraphs)
    assert len(paragraphs) == 3


def test_nit_byline_alone_gives_the_author():
    text = fixture_text("nit_2022_ruritania.txt").split("\nAuthor:")[0]
    _, r = only_report(run(text))
    assert (r.author.name, r.author.bio) == ("Mira Valen", None)


def test_nit_2022_other_scores_are_problems_not_records():
    result = run("nit_2022_ruritania.txt")
    assert [p for p in result.problems] == [
        (61, "not placed: Global Freedom Score 30/100 not free (the box shows the latest score"
             " when viewed, not a known edition; file it by hand under the right edition)"),
        (64, "not placed: Internet Freedom Score 45/100 partly free (the box shows the latest"
             " score when viewed, not a known edition; file it by hand under the right"
             " edition)")]
    assert all("fiw" not in p and "fotn" not in p for p, _, _ in result.records)


MARKED = [
    # (section, paragraph, text after import) -- the fixture's traps and markers
    ("summary", 0, "the new prime minister[^1] spoke often"),
    ("summary", 0, "met for only 41 days"),
    ("summary", 0, "had proved effective[^2] ."),
    ("summary", 2, "as “irreversible”[^3] of the kind promised in 2019"),
    ("summary", 2, "controls 83.5 percent of the municipal councils (83.5 percent).[^4]"
     " On March 4,"),
    ("summary", 2, "introduced for COVID-19. Article 12, Part 2, of the press code"),
    ("national-democratic-governance", 0, "Its chair, aged 71, has served on the council since"
     " 1998.[^2] On July 9,"),
    ("national-democratic-governance", 1, "called the changes “necessary,”[^4] and the"
     " opposition walked out of the chamber for 3 days."),
    ("electoral-process", 0, "was 38 percent,[^1] and the electoral commission rejected 4,120"
     " signatures"),
    ("electoral-process", 0, "The 5-percent threshold kept three small parties out.[^3]"),
    ("civil-society", 0, "More than 120 neighbourhood associations registered in 2021.[^1]"
     " Their umbrella group, Civitas 21, was"),
    ("independent-media", 0, "The satirical channel Strelsau24 was fined under Article 88-2 of"
     " the administrative code.[^1]"),
    ("independent-media", 1, "lost its frequency on May 30,[^3] and the regulator"),
    ("local-democratic-governance", 0, "provided 64.2 percent of municipal income in 2021.[^1]"),
    ("judicial-framework-and-independence", 0, "for terms of 9 years.[^2]"),
    ("corruption", 0, "worth 2,500,000 crowns went to a firm owned by a councillor’s cousin.[^1]"
     " No charges followed by the end of 2021.[^2]"),
]


def _section(r, name):
    if name == "summary":
        return r.summary
    return next(c.narrative for c in r.categories if c.id == name)


@pytest.mark.parametrize("section,index,expected", MARKED)
def test_nit_2022_markers_at_the_right_word(section, index, expected):
    _, r = only_report(run("nit_2022_ruritania.txt"))
    assert expected in _section(r, section).paragraphs[index]


def test_nit_2022_markers_restart_in_every_section():
    _, r = only_report(run("nit_2022_ruritania.txt"))
    counts = {name: len(_section(r, name).notes) for name in
              ["summary"] + [c.id for c in r.categories]}
    assert counts == {"summary": 4, "national-democratic-governance": 4, "electoral-process": 3,
                      "civil-society": 2, "independent-media": 4,
                      "local-democratic-governance": 2, "judicial-framework-and-independence": 2,
                      "corruption": 2}
    for name in counts:
        section = _section(r, name)
        assert [n for p in section.paragraphs for n in refs_in(p)] == list(range(1,
                                                                                  counts[name] + 1))


def test_nit_2022_validates(tmp_path):
    records = run("nit_2022_ruritania.txt").records + run("idea_ruritania.txt").records
    assert errors_of(write_tree(tmp_path, records)) == []


# --- Nations in Transit, other layouts ------------------------------------------------------------

def test_nit_2019_layout_score_lines_and_score_form():
    result = run("nit_2019_ruritania.txt")
    assert result.problems == []
    path, r = only_report(result)
    assert path == "countries/ruritania/reports/nit-2019.yml"
    assert (r.status, r.aggregate, r.percentage) == ("transitional-or-hybrid-regime", 3.18, None)
    assert r.previous.aggregate == 3.21  # the "As a result" line, printed as a paragraph
    [c] = r.score_changes
    assert (c.category, c.old, c.new) == ("electoral-process", 3.75, 3.5)
    assert c.reason == ("The snap election in June was called with nine days' notice, and two"
                        " opposition lists were struck off on technicalities.")
    assert {x.id: x.rating for x in r.categories} == {
        "national-democratic-governance": 2.75, "electoral-process": 3.5, "civil-society": 4.0,
        "independent-media": 3.0, "local-democratic-governance": 3.25,
        "judicial-framework-and-independence": 3.0, "corruption": 2.75}
    assert all(x.narrative is None for x in r.categories)
    assert len(r.summary.paragraphs) == 2 and list(r.summary.notes) == [1, 2, 3]
    assert r.author.name == "Tomas Brenn"


def test_nit_old_orientation_is_converted():
    result = run("nit_2021_republished.txt")
    assert result.problems == []
    _, r = only_report(result)
    assert (r.edition, r.aggregate, r.percentage) == (2021, 3.71, 45.24)
    assert {x.id: x.rating for x in r.categories} == {
        "national-democratic-governance": 3.5, "electoral-process": 4.0, "civil-society": 4.5,
        "independent-media": 3.75, "local-democratic-governance": 4.0,
        "judicial-framework-and-independence": 3.25, "corruption": 3.0}
    [c] = r.score_changes
    assert (c.category, c.old, c.new) == ("judicial-framework-and-independence", 3.5, 3.25)
    assert (r.previous.aggregate, r.previous.percentage) == (3.75, 46.0)
    assert "old orientation" in r.data_note and "8 − printed" in r.data_note
    assert r.summary.paragraphs[0].endswith("sworn in the same afternoon.[^2]")
    assert r.author.name == "Ines Darro"


def test_nit_old_orientation_unstated_is_read_from_the_changes():
    text = "\n".join(line for line in fixture_text("nit_2021_republished.txt").split("\n")
                     if "1 = best" not in line)
    _, r = only_report(run(text))
    assert r.aggregate == 3.71 and "old orientation" in r.data_note


def test_nit_old_orientation_read_from_status_and_score():
    lines = fixture_text("nit_2021_republished.txt").split("\n")
    text = "\n".join(line for line in lines if "1 = best" not in line and "declined" not in line)
    result = run(text, country="Ruritania")
    _, r = only_report(result)
    assert r.aggregate == 3.71 and "old orientation" in r.data_note
    assert r.previous is not None and r.previous.aggregate is None
    as_printed = run(text.replace("TRANSITIONAL OR HYBRID REGIME\n", "", 1), country="Ruritania")
    _, r = only_report(as_printed)
    assert r.aggregate == 4.29 and r.data_note is None


def test_nit_republished_validates(tmp_path):
    records = run("nit_2021_republished.txt").records + run("idea_ruritania.txt").records
    assert errors_of(write_tree(tmp_path, records)) == []


def test_nit_truncated_page_imports_what_is_there():
    result = run("nit_2022_truncated.txt")
    _, r = only_report(result)
    assert [c.id for c in r.categories] == ["national-democratic-governance",
                                            "electoral-process", "civil-society",
                                            "independent-media"]
    media = r.categories[-1].narrative
    assert media.paragraphs[-1] == "Radio Zenda lost its freq"
    assert list(media.notes) == [1, 2]
    assert result.problems == [
        (41, "the text stops mid-sentence (page cut off?): …• Radio Zenda lost its freq"),
        (41, "categories not printed (page cut off?): local-democratic-governance,"
             " judicial-framework-and-independence, corruption")]


def test_nit_without_edition_or_country_reports_and_takes_hints():
    text = "\n".join(line for line in fixture_text("nit_2022_ruritania.txt").split("\n")
                     if "Score changes" not in line and "As a result" not in line
                     and not line.startswith("On "))
    result = run(text)
    assert result.records == []
    assert any("no edition printed" in msg for _, msg in result.problems)
    result = run(text, edition=2022)  # no country anywhere: the facts, filed as not known
    path, r = only_report(result)
    assert path == "countries/country-not-known/reports/nit-2022.yml" and r.aggregate == 2.32
    assert any("no country named" in msg for _, msg in result.problems)
    path, r = only_report(run(text, edition=2022, country="Ruritania"))
    assert path == "countries/ruritania/reports/nit-2022.yml" and r.aggregate == 2.32


def test_nit_remained_the_same_and_unknown_lines():
    text = fixture_text("nit_2022_ruritania.txt").replace(
        "improved from 2.29 to 2.32.", "remained the same at 2.32.").replace(
        "Democracy Score 2.32 7\n", "Democracy Score 2.32 7\n@@ stray widget text @@\n")
    result = run(text)
    _, r = only_report(result)
    assert r.previous.aggregate == 2.32
    assert (4, "not recognised: @@ stray widget text @@") in result.problems
    assert not any("stray" in p for p in r.summary.paragraphs)


def test_nit_unknown_category_is_a_problem():
    text = fixture_text("nit_2022_ruritania.txt").replace(
        "Corruption 1.00-7.00 pts0-7 pts", "Public Integrity 1.00-7.00 pts0-7 pts")
    result = run(text)
    assert (48, "not recognised: category 'Public Integrity'") in result.problems
    assert any(n == 50 and m.startswith("not recognised: • An audit found") for n, m in
               result.problems)
    _, r = only_report(result)
    assert "corruption" not in {c.id for c in r.categories}


# --- Democracy Tracker ----------------------------------------------------------------------

def idea_records():
    result = run("idea_ruritania.txt")
    return result, {path: rec for path, _, rec in result.records}


def test_idea_country_unknown_to_the_table_gets_no_region_from_the_menu():
    text = fixture_text("idea_ruritania.txt").replace("Ruritania", "Borduria")
    result = run(text)
    assert not any(kind == "country" for _, kind, _ in result.records)
    assert any(path == "countries/borduria/events.yml" for path, _, _ in result.records)
    assert [m for _, m in result.problems if "region" in m] == [
        "no region known for 'Borduria': the tracker prints none, expected a country of the"
        " table of country names (generator/importers/country_names.yml); basic information"
        " and treaties not imported"]


def test_idea_country_basic_info_and_treaties():
    result, records = idea_records()
    country = records["countries/ruritania/country.yml"]
    # the region is FIW's, from the table: the lines above the flag are the tracker's menu
    assert (country.name, country.region, country.subregion) == ("Ruritania", "Europe", None)
    info = country.basic_info
    assert info.population == 2150400
    assert (info.head_of_government.title, info.head_of_government.name,
            info.head_of_government.party, info.head_of_government.since) == (
        "Prime Minister", "Rudolf Elphberg", "Crown Unity", 2021)
    assert (info.head_of_state.title, info.head_of_state.name) == ("King", "Rudolf V")
    assert (info.women_lower_chamber, info.women_upper_chamber, info.upr_supported) == (
        27.5, 31.0, 64.1)
    assert (info.upr_date, info.last_legislative_election) == ("2020-01-21", 2022)
    assert info.electoral_system == "Mixed Member Proportional"
    assert info.head_of_state_selection == "Hereditary succession"
    assert country.treaties.statuses == {"iccpr": "state-party", "icescr": "signatory",
                                         "cedaw": "state-party", "icmw": "no-action",
                                         "c029": "state-party", "c138": "signatory"}
    assert result.problems == [(96, "not recognised: treaty 'Convention on the Imaginary Rights"
                                    " of Test Fixtures' (status Signatory); add the name to"
                                    " treaties.yml as an alias")]


def test_idea_events():
    _, records = idea_records()
    log = records["countries/ruritania/events.yml"]
    got = [(e.month, e.title, e.watch, [s.name for s in e.sources], [u.text for u in e.updates])
           for e in log.events]
    assert got == [
        ("2025-03", "Council bars two opposition newspapers from parliament", False,
         ["Strelsau Herald", "Media Watch Ruritania (1)", "Media Watch Ruritania (2)"],
         ["the court suspended the decision in April 2025, and the reporters returned to the"
          " press gallery."]),
        ("2025-03", "Volunteer election monitors registered for local polls", True,
         ["Zenda Daily"], []),
        ("2024-11", "Emergency decree extended without a vote", False,
         ["Constitutional Observatory"], []),
    ]
    body = log.events[0].body.split("\n\n")
    assert len(body) == 2 and body[1].startswith("Their lawyers filed a complaint")
    assert [e.id for e in log.events] == [
        "council-bars-two-opposition-newspapers-from-parliament",
        "volunteer-election-monitors-registered-for-local-polls",
        "emergency-decree-extended-without-a-vote"]


def test_idea_ranks_and_no_chart_zeros():
    _, records = idea_records()
    report = records["countries/ruritania/reports/gsod-2024.yml"]
    assert [(c.id, c.rank, c.rank_of, c.rating) for c in report.categories] == [
        ("representation", 98, 174, None), ("rights", 87, 174, None),
        ("rule-of-law", 101, 174, None), ("participation", 120, 174, None)]
    assert report.aggregate is None and report.status is None


def test_idea_stray_line_is_reported_with_its_number():
    text = fixture_text("idea_ruritania.txt").replace("Sign up\n", "Sign up\nLorem widget 42\n")
    result = run(text)
    number = text.split("\n").index("Lorem widget 42") + 1
    assert (number, "not recognised: Lorem widget 42") in result.problems


def test_idea_validates(tmp_path):
    assert errors_of(write_tree(tmp_path, run("idea_ruritania.txt").records)) == []


# --- Freedom in the World / Freedom on the Net ----------------------------------------------

def test_fiw_values():
    result = run("fiw_2024_ruritania.txt")
    assert result.problems == []
    path, r = only_report(result)
    assert path == "countries/ruritania/reports/fiw-2024.yml"
    assert (r.edition, r.covers, r.status, r.aggregate) == (2024, "2023", "not-free", 28.0)
    assert (r.previous.aggregate, r.previous.status) == (30.0, "not-free")
    assert [(c.id, c.rating) for c in r.categories] == [
        ("a-electoral-process", 3.0), ("b-political-pluralism-and-participation", 4.0),
        ("c-functioning-of-government", 2.0), ("d-freedom-of-expression-and-belief", 6.0),
        ("e-associational-and-organizational-rights", 4.0), ("f-rule-of-law", 3.0),
        ("g-personal-autonomy-and-individual-rights", 6.0)]
    assert r.categories[0].narrative.paragraphs == [
        "A1 Did a free and fair vote choose the head of government? 0 /4",
        "The prime minister is appointed by the royal council, not elected."]
    assert r.summary.paragraphs[0].startswith("Ruritania is a hereditary monarchy")
    assert r.summary.paragraphs[1:] == [
        "Key Developments in 2023",
        "In March, the council extended the state of emergency for a third year.",
        "In October, two opposition lists were refused registration for the municipal"
        " elections."]
    assert r.data_note is None


def test_fiw_total_drawn_as_graphic_is_computed_and_marked():
    result = run("fiw_2023_graphic_total.txt")
    assert result.problems == []
    _, r = only_report(result)
    assert (r.edition, r.aggregate, r.status) == (2023, 30.0, "not-free")
    assert r.data_note == ("The Global Freedom Score (30) is computed here as Political Rights"
                           " 10 + Civil Liberties 20; the page shows it only as a graphic.")


def test_fiw_political_rights_mismatch_is_reported():
    text = fixture_text("fiw_2024_ruritania.txt").replace("Political Rights 9 /40",
                                                          "Political Rights 7 /40")
    result = run(text)
    assert any("Political Rights 7 differs from A + B + C = 9" in m for _, m in result.problems)
    assert any("the total 28 differs from its parts (7 + 19)" in m for _, m in result.problems)


def test_fotn_values_and_computed_total():
    _, r = only_report(run("fotn_2023_ruritania.txt"))
    assert (r.edition, r.status, r.aggregate, r.covers) == (
        2023, "partly-free", 52.0, "June 1, 2022 – May 31, 2023")
    assert (r.previous.aggregate, r.previous.status) == (55.0, "partly-free")
    assert [(c.id, c.rating) for c in r.categories] == [
        ("a-obstacles-to-access", 15.0), ("b-limits-on-content", 20.0),
        ("c-violations-of-user-rights", 17.0)]
    assert r.data_note is None
    _, r = only_report(run("fotn_2022_graphic_total.txt"))
    assert (r.edition, r.aggregate) == (2022, 55.0)
    assert r.data_note == ("The Internet Freedom Score (55) is computed here as A 16 + B 21 +"
                           " C 18; the page shows it only as a graphic.")


def test_fotn_edition_from_the_coverage_when_no_title():
    text = fixture_text("fotn_2022_graphic_total.txt").replace("Freedom on the Net 2022\n", "")
    path, r = only_report(run(text))
    assert path.endswith("fotn-2022.yml") and "derived" in r.data_note


@pytest.mark.parametrize("name", ["fiw_2024_ruritania.txt", "fiw_2023_graphic_total.txt",
                                  "fotn_2023_ruritania.txt", "fotn_2022_graphic_total.txt",
                                  "nit_2019_ruritania.txt"])
def test_other_reports_validate(tmp_path, name):
    records = run(name).records + run("idea_ruritania.txt").records
    assert errors_of(write_tree(tmp_path, records)) == []


# --- YAML output --------------------------------------------------------------------------------

ALL_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.txt") if p.name != "unknown_format.txt")


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_yaml_round_trips(name):
    for path, kind, record in run(name).records:
        text = to_yaml(record)
        doc, problems = load_bytes(text.encode("utf-8"), path)
        assert problems == []
        assert FILE_KINDS[kind].model_validate(doc.data) == record
        assert all(len(line) <= 100 or '"' in line for line in text.splitlines())


def test_yaml_style():
    _, r = only_report(run("nit_2022_ruritania.txt"))
    text = to_yaml(r)
    assert text.startswith("index: nit\nedition: 2022\ncovers: \"2021\"\n")
    assert "\n  - category: civil-society\n    from: 2.75\n    to: 3\n" in text
    assert "\n    - >-\n      In 2021 the royal council" in text
    _, records = idea_records()
    country = to_yaml(records["countries/ruritania/country.yml"])
    assert '  upr_date: "2020-01-21"\n' in country


@pytest.mark.parametrize("value", [
    "null", "yes", "No", "2021", "1.5", "a: b", "#hash", "ends with colon:", " leading space",
    "trailing space ", "two  spaces " * 20, "quote \" and \\ backslash", "line\nbreak",
    "tab\there", "nbsp\xa0here " * 15, "- dash", "[x]", "{y}", "&anchor", "*alias", "!tag",
    "%pct", "@at", "`tick`", "'single'", "“curly” — dashes …", "\u2028sep", "e\u0301", "😀",
    "x" * 300, ("word " * 60).strip(), "? question", "| pipe", "> fold",
])
def test_yaml_scalars_round_trip(value):
    from generator.model.records import Source
    record = Source(name=value[:500]) if value.strip() else Source(name="x")
    text = to_yaml(record)
    doc, problems = load_bytes(text.encode("utf-8"), "t")
    assert problems == [] and Source.model_validate(doc.data) == record


# --- Markers, directly ---------------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs,expected", [
    (["A seat share (41.5 percent).1 Next."], ["A seat share (41.5 percent).[^1] Next."]),
    (["On June 2, the minister1 said so.2"], ["On June 2, the minister[^1] said so.[^2]"]),
    (["Called it “fine” 1 of all.", "Then 2,400 tenge.2"],
     ["Called it “fine”[^1] of all.", "Then 2,400 tenge.[^2]"]),
    (["Article 5-1 and COVID-19 and 30-percent only."],
     ["Article 5-1 and COVID-19 and 30-percent only."]),
    (["The score was 4.1 percent higher."], ["The score was 4.1 percent higher."]),
    (["It ended in 2020.1 Then more.2"], ["It ended in 2020.[^1] Then more.[^2]"]),
    (["First.1 Second.2 Fourth.4 Fifth.5"],
     ["First.[^1] Second.[^2] Fourth.[^4] Fifth.[^5]"]),
    (["First.1 Second.2 Channel5 stays text."], ["First.[^1] Second.[^2] Channel5 stays text."]),
])
def test_markers(paragraphs, expected):
    out, found = markers.mark(paragraphs)
    assert out == expected
    for before, after in zip(paragraphs, out):
        assert markers.restore(after).replace(" ", "") == before.replace(" ", "")


def test_markers_gap_is_reported_not_filled():
    found = markers.find(["First.1 Second.2 On May 3, then Fourth.4 Fifth.5"])
    assert [m.number for m in found.markers] == [1, 2, 4, 5] and found.missing == [3]


def test_nit_missing_marker_is_a_problem():
    text = fixture_text("nit_2022_ruritania.txt").replace("since 1998.2", "since 1998.")
    result = run(text)
    assert any("national-democratic-governance: note markers [2] not found" in m
               for _, m in result.problems)
    _, r = only_report(result)
    assert list(r.categories[0].narrative.notes) == [1, 2, 3, 4]
    assert "since 1998. On July 9" in plain_text(r.categories[0].narrative.paragraphs[0])


@pytest.mark.parametrize("text,digits,expected", [
    ("It cost 2,917 tenge.", "917", None),
    ("It cost 1,576 more.", "576", None),
    ("A share of 82.4 percent.", "4", "negative"),
    ("On July 3, it rained.", "3", "negative"),
    ("Under Article 310-1 of the code.", "1", None),
    ("During COVID-19 times.", "19", None),
    ("A 30-percent quota.", "30", None),
    ("He died at age 68 of it.", "68", "negative"),
    ("The account Qaznews24 posted.", "24", "positive"),
    ("Seats (82.4 percent).4 The rest.", "4", "positive"),
    ("The law took effect in 2021.1 Then.", "1", "weak"),
    ("Called “recognition” 3 of them.", "3", "positive"),
    ("Human Rights Watch (1) said.", "1", None),
])
def test_marker_evidence(text, digits, expected):
    start = text.rindex(digits)
    score = markers.evidence(text, start, start + len(digits))
    if expected is None:
        assert score is None
    elif expected == "negative":
        assert score is not None and score < 0
    elif expected == "weak":
        assert score is not None and 0 < score < 1
    else:
        assert score is not None and score >= 2


def test_idea_chart_residue_anywhere_is_ignored():
    residue = "0\n/1\nhigh 0.7-1.0\nmid 0.4-0.7\nlow 0.0-0.4\n0 10\nAug 2024\nSep\n" \
              "Representation neutral Rights\n"
    text = fixture_text("idea_ruritania.txt").replace("Participation\n120/174\n",
                                                      "Participation\n120/174\n" + residue)
    result = run(text)
    assert len(result.problems) == 1  # the unknown treaty only
    report = {p: r for p, _, r in result.records}["countries/ruritania/reports/gsod-2024.yml"]
    assert all(c.rating is None for c in report.categories)


def test_idea_event_without_sources_and_impossible_rank_are_reported():
    text = fixture_text("idea_ruritania.txt").replace("Sources: Zenda Daily\n", "").replace(
        "Rights\n87/174", "Rights\n187/174")
    result = run(text)
    lines = text.split("\n")
    title = lines.index("Volunteer election monitors registered for local polls") + 1
    assert (title, "event without sources: Volunteer election monitors registered for local"
                   " polls") in result.problems
    assert (lines.index("187/174") + 1, "not recognised: rank '187/174' of Rights") in \
        result.problems
    report = {p: r for p, _, r in result.records}["countries/ruritania/reports/gsod-2024.yml"]
    assert "rights" not in {c.id for c in report.categories}
