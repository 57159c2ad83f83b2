"""Schema and methodology checks, each message pinned as the editor sees it."""

from __future__ import annotations

from generator.model.check import check

from .conftest import NIT_REPORT, country_files, write_content

REPORT = "content/countries/ruritania/reports/nit-2022.yml"


def run(tmp_path, files, with_indices=True):
    root = write_content(tmp_path, files, with_indices)
    return [d.format() for d in check(root, "content").diagnostics]


def test_valid_report_has_no_problems(tmp_path):
    assert run(tmp_path, country_files()) == []


def test_rating_off_scale_and_off_step(tmp_path):
    report = NIT_REPORT.replace("rating: 1.5\n", "rating: 8\n").replace(
        "    rating: 1.75\n", "    rating: 1.8\n")
    assert run(tmp_path, country_files(report)) == [
        f"{REPORT}:18:13: error: categories.civil-society.rating: expected a number from 1 to 7"
        " in steps of 0.25, got 8",
        f"{REPORT}:22:13: error: categories.local-democratic-governance.rating: expected a"
        " number from 1 to 7 in steps of 0.25, got 1.8",
    ]


def test_stated_scores_must_match_the_ratings(tmp_path):
    report = NIT_REPORT.replace("aggregate: 1.36", "aggregate: 1.40").replace(
        "percentage: 5.95", "percentage: 6.00")
    assert run(tmp_path, country_files(report)) == [
        f"{REPORT}:4:12: error: aggregate: stated Democracy Score 1.40 differs from the mean of"
        " the ratings, expected 1.36",
        f"{REPORT}:5:13: error: percentage: stated Democracy Percentage 6.00 differs from the"
        " ratings, expected 5.95 (from the unrounded democracy score)",
    ]


def test_status_must_fit_the_score(tmp_path):
    report = NIT_REPORT.replace("status: consolidated-authoritarian-regime",
                                "status: semi-consolidated-democracy")
    assert run(tmp_path, country_files(report)) == [
        f"{REPORT}:3:9: error: status: status 'semi-consolidated-democracy' does not fit"
        " Democracy Score 1.36, expected 'consolidated-authoritarian-regime'",
    ]


def test_status_without_a_stated_score_must_fit_the_ratings(tmp_path):
    """Without a stated aggregate, the status is checked against the one the ratings give."""
    report = NIT_REPORT.replace("aggregate: 1.36\n", "").replace(
        "status: consolidated-authoritarian-regime", "status: semi-consolidated-democracy")
    assert run(tmp_path, country_files(report)) == [
        f"{REPORT}:3:9: error: status: status 'semi-consolidated-democracy' does not fit"
        " Democracy Score 1.36, expected 'consolidated-authoritarian-regime'",
    ]
    fitting = NIT_REPORT.replace("aggregate: 1.36\n", "")
    assert run(tmp_path / "fitting", country_files(fitting)) == []


def test_unknown_status_and_index(tmp_path):
    report = NIT_REPORT.replace("status: consolidated-authoritarian-regime", "status: free")
    out = run(tmp_path, country_files(report))
    assert out == [
        f"{REPORT}:3:9: error: status: unknown status 'free', expected one of:"
        " consolidated-democracy, semi-consolidated-democracy, transitional-or-hybrid-regime,"
        " semi-consolidated-authoritarian-regime, consolidated-authoritarian-regime",
    ]


def test_notes_dangling_unused_and_misnumbered(tmp_path):
    report = NIT_REPORT.replace(
        "Observers were kept out.[^2]", "Observers were kept out.[^3] See [^x].").replace(
        "        2: \"A note text.\"", "        2: \"A note text.\"\n        4: null")
    assert run(tmp_path, country_files(report)) == [
        f"{REPORT}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: '[^x]'"
        " is not a note reference, expected [^N] with N a number",
        f"{REPORT}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: note [^3]"
        " is cited but not defined, expected one of notes 1..3",
        f"{REPORT}:15:9: error: categories.electoral-process.narrative.notes: notes are"
        " numbered 1, 2, 4, expected 1..3 in order",
        f"{REPORT}:16:9: warning: categories.electoral-process.narrative.notes.2: note 2 is"
        " never cited",
        f"{REPORT}:17:9: warning: categories.electoral-process.narrative.notes.4: note 4 is"
        " never cited",
    ]


def test_schema_errors_name_fields_by_id(tmp_path):
    report = NIT_REPORT.replace("edition: 2022", "edition: twenty").replace(
        "  - id: corruption\n    rating: 1.25", "  - id: corruption\n    rating: \"1.25\"\n"
        "    ratng: 2")
    out = run(tmp_path, country_files(report))
    assert out == [
        f"{REPORT}:2:10: error: edition: expected a whole number, got \"twenty\"",
        f"{REPORT}:26:13: error: categories.corruption.rating: expected a number, got \"1.25\"",
        f"{REPORT}:27:5: error: categories.corruption.ratng: unknown field, expected one of:"
        " id, rating, indicators, rank, rank_of, narrative",
    ]


def test_missing_required_field(tmp_path):
    out = run(tmp_path, country_files(NIT_REPORT.replace("index: nit\n", "")))
    assert out == [f"{REPORT}:1:1: error: missing required field 'index'"]


def test_the_four_problems_of_the_issue_in_one_file(tmp_path):
    """Wrong type, out-of-range rating, duplicate key and dangling note: one diagnostic each."""
    report = (NIT_REPORT
              .replace("edition: 2022", "edition: \"2022\"")
              .replace("rating: 1.5\n", "rating: 9.5\n")
              .replace("  - id: corruption\n    rating: 1.25",
                       "  - id: corruption\n    rating: 1.25\n    rating: 1.5")
              .replace("kept out.[^2]", "kept out.[^2][^7]"))
    out = run(tmp_path, country_files(report))
    assert out == [
        f"{REPORT}:2:10: error: edition: expected a whole number, got \"2022\"",
        f"{REPORT}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: note [^7]"
        " is cited but not defined, expected one of notes 1..2",
        f"{REPORT}:18:13: error: categories.civil-society.rating: expected a number from 1 to 7"
        " in steps of 0.25, got 9.5",
        f"{REPORT}:27:5: error: duplicate key 'rating' (first defined at line 26), expected"
        " each key once",
    ]


def test_score_changes_checked_against_previous_edition(tmp_path):
    previous = NIT_REPORT.replace("edition: 2022", "edition: 2021").replace(
        "aggregate: 1.36", "aggregate: 1.32").replace("percentage: 5.95", "percentage: 5.36"
    ).replace("    rating: 1.75\n", "    rating: 1.5\n")
    current = NIT_REPORT.replace(
        "percentage: 5.95\n",
        "percentage: 5.95\nprevious:\n  aggregate: 1.32\n  percentage: 6\n"
        "score_changes:\n  - category: local-democratic-governance\n    from: 1.25\n    to: 1.75\n"
        "    reason: Village heads are now elected.\n")
    files = country_files(current)
    files["countries/ruritania/reports/nit-2021.yml"] = previous
    out = run(tmp_path, files)
    assert out == [
        # 1.25 -> 1.75 would make last year's score 1.29, not the stated 1.32
        f"{REPORT}:7:14: error: previous.aggregate: last year's Democracy Score 1.32 does not"
        " follow from the score changes, expected 1.29",
        f"{REPORT}:8:15: error: previous.percentage: last year's Democracy Percentage 6"
        " differs from the 2021 report, expected 5",
        f"{REPORT}:11:11: error: score_changes.local-democratic-governance.from: the change"
        " starts at 1.25 but the 2021 edition rated it 1.5, expected the same value",
    ]


def test_unknown_index_and_file_name(tmp_path):
    files = country_files(NIT_REPORT.replace("index: nit", "index: xyz"))
    out = run(tmp_path, files)
    assert out == [
        f"{REPORT}:1:8: error: index: file name 'nit-2022' does not match the report,"
        " expected 'xyz-2022'",
        f"{REPORT}:1:8: error: index: unknown index 'xyz', expected one of: fiw, fotn, gsod, nit",
    ]


def test_country_slug_and_folder(tmp_path):
    files = country_files()
    files["countries/ruritania/country.yml"] = files["countries/ruritania/country.yml"].replace(
        "slug: ruritania", "slug: ../etc")
    files["countries/Bad Name/country.yml"] = "name: X\nslug: x\nregion: Y\n"
    out = run(tmp_path, files)
    assert out == [
        "content/countries/Bad Name/country.yml: error: folder name 'Bad Name' is not a slug,"
        " expected lowercase letters, digits and single hyphens",
        "content/countries/ruritania/country.yml:2:7: error: slug: expected a slug (lowercase"
        " letters, digits and single hyphens), got \"../etc\"",
    ]


def test_treaties_unknown_id_and_dates(tmp_path):
    country = (
        "name: Ruritania\nslug: ruritania\nregion: Eurasia\n"
        "basic_info:\n  upr_date: \"2019-02-30\"\n"
        "treaties:\n  statuses:\n    iccpr: state-party\n    made-up: signatory\n"
        "    cat: ratified\n")
    files = country_files(**{"countries/ruritania/country.yml": country})
    out = run(tmp_path, files)
    assert out == [
        "content/countries/ruritania/country.yml:5:13: error: basic_info.upr_date: '2019-02-30'"
        " is not a real date, expected a date that exists",
        "content/countries/ruritania/country.yml:9:5: error: treaties.statuses.made-up: unknown"
        " treaty 'made-up', expected one of the ids in treaties.yml",
        "content/countries/ruritania/country.yml:10:10: error: treaties.statuses.cat: expected"
        " one of 'state-party', 'signatory' or 'no-action', got \"ratified\"",
    ]


def test_rank_within_denominator(tmp_path):
    report = ("index: gsod\nedition: 2023\ncategories:\n  - id: rights\n    rank: 180\n"
              "    rank_of: 173\n")
    files = {"countries/ruritania/country.yml": "name: R\nslug: ruritania\nregion: E\n",
             "countries/ruritania/reports/gsod-2023.yml": report}
    assert run(tmp_path, files) == [
        "content/countries/ruritania/reports/gsod-2023.yml:5:11: error: categories.rights.rank:"
        " expected a rank from 1 to 173, got 180",
    ]


def test_unexpected_file_and_missing_country(tmp_path):
    files = {"countries/ruritania/reports/nit-2022.yml": NIT_REPORT, "stray.yml": "a: 1\n"}
    assert run(tmp_path, files) == [
        "content/countries/ruritania: error: country folder has no country.yml, expected one",
        "content/stray.yml: error: unexpected file, expected indices/<id>.yml, treaties.yml,"
        " countries/<slug>/country.yml, countries/<slug>/events.yml,"
        " countries/<slug>/reports/<index>-<edition>.yml or countries/<slug>/elections/<id>.yml",
    ]


def test_election_seats_must_add_up(tmp_path):
    election = ("body: Assembly\nkind: legislative\ndate: \"2021-01-10\"\nseats: 10\n"
                "results:\n  - party: A\n    seats: 8\n  - party: B\n    seats: 5\n")
    files = country_files(**{"countries/ruritania/elections/assembly-2021.yml": election})
    assert run(tmp_path, files) == [
        "content/countries/ruritania/elections/assembly-2021.yml:6:3: error: results: parties"
        " hold 13 seats, expected at most the 10 of the body",
    ]


def test_shipped_content_is_valid():
    from .conftest import REPO
    assert [d.format() for d in check(REPO / "content", "content").diagnostics] == []


class _Sink:
    def __init__(self):
        self.errors = []

    def error(self, loc, code, message, key=False):
        self.errors.append((loc, message))


def test_markdown_syntax_limits_per_text_and_per_file():
    from generator.model.validate_text import check_strings

    def errors(data):
        sink = _Sink()
        check_strings(sink, data)
        return [(loc, message[:message.index(" of the characters")])
                for loc, message in sink.errors]

    assert errors({"a": ["." * 9_000] * 5, "b": "x" * 60_000}) == []  # 45,000 in the file
    assert errors({"a": ["." * 9_000] * 6}) == [((), "the file's texts hold 54,000")]
    assert errors({"a": {"b": "." * 10_001}}) == [
        (("a", "b"), "expected text with at most 10,000")]
    assert errors({"a": "." * 10_000 + "x" * 50_000}) == []
