"""Freedom in the World and Freedom on the Net layouts beyond the seeds, on fixtures written for
the tests (a fictional Ruritania): the full current page with indicators and a box of latest
scores, the legacy site with values, an archive copy, FOTN before 2019 on the inverse scale, a
page without title, country or edition. The real excerpts are scored in test_pages_fh.
"""

from __future__ import annotations

from generator.importers.country_hint import OPEN_COUNTRY
from tests.test_importers import fixture_text, only_report, run


def test_full_fiw_page_indicators_and_box():
    result = run("fiw_2024_full_ruritania.txt")
    path, r = only_report(result)
    assert path == f"countries/{OPEN_COUNTRY}/reports/fiw-2024.yml"  # Ruritania is in no table
    assert (r.status, r.aggregate, r.covers) == ("not-free", 28.0, "2023")
    assert [(g.id, g.total) for g in r.groups] == [("political-rights", 9.0),
                                                   ("civil-liberties", 19.0)]
    cats = {c.id: c for c in r.categories}
    assert cats["a-electoral-process"].indicators == {"a1": 0, "a2": 1}
    assert cats["a-electoral-process"].rating is None  # not printed: not summed from two of three
    assert cats["b-political-pluralism-and-participation"].indicators == {"b1": 2}
    assert cats["d-freedom-of-expression-and-belief"].narrative.paragraphs == [
        "D1 Is the media free? 1 /4", "Most outlets belong to friends of the council."]
    assert [m for _, m in result.problems] == [
        "not placed: Global Freedom Score 28/100 not free (the box shows the latest score when"
        " viewed, not a known edition; file it by hand under the right edition)",
        "not placed: Democracy Percentage 12/100 Consolidated Authoritarian Regime (the box shows"
        " the latest score when viewed, not a known edition)"]
    _, named = only_report(run("fiw_2024_full_ruritania.txt", country="Ruritania"))
    assert named.source.name == "Freedom House, Freedom in the World 2024: Ruritania"


def test_legacy_fiw_page_with_values():
    result = run("fiw_2015_legacy_ruritania.txt")
    _, r = only_report(result)
    assert (r.edition, r.status, r.aggregate) == (2015, "not-free", 21.0)
    assert [(g.id, g.total, g.rating) for g in r.groups] == [
        ("political-rights", None, 6.0), ("civil-liberties", None, 6.0)]
    assert r.summary.paragraphs == [
        "Ruritania is a hereditary monarchy whose royal council rules mostly by decree."]
    assert result.problems == [(9, "not placed: Net Freedom Status Partly Free (another index's"
                                   " status, no edition printed; file it by hand under the right"
                                   " edition)")]  # the Freedom Rating (6.0) is their mean


def test_legacy_labels_without_values_are_missing_not_zero():
    text = fixture_text("fiw_2015_legacy_ruritania.txt").replace("\n21\n", "\n").replace(
        "\n6.0\n", "\n")
    result = run(text)
    _, r = only_report(result)
    assert r.aggregate is None
    messages = [m for _, m in result.problems]
    assert "no value printed: Aggregate Score (left empty, not 0)" in messages
    assert not any(m.startswith("not placed: Freedom Rating") for m in messages)
    assert "no value printed: Freedom Rating (left empty, not 0)" in messages


def test_freedom_rating_that_is_not_the_mean_is_reported():
    text = fixture_text("fiw_2015_legacy_ruritania.txt").replace("\n6.0\n", "\n5.5\n")
    assert any(m.startswith("not placed: Freedom Rating 5.5") for _, m in run(text).problems)


def test_archive_copy_gives_edition_and_country_from_its_lines():
    result = run("fiw_2014_archive_ruritania.txt")
    assert result.problems == []
    path, r = only_report(result)
    assert path == "countries/ruritania/reports/fiw-2014.yml"
    assert (r.edition, r.status) == (2014, "not-free")
    assert [(g.id, g.rating) for g in r.groups] == [("political-rights", 6.0),
                                                    ("civil-liberties", 6.0)]


def test_fotn_before_2019_converted_from_the_inverse_scale():
    result = run("fotn_2016_legacy_ruritania.txt")
    path, r = only_report(result)
    assert path == "countries/ruritania/reports/fotn-2016.yml"
    assert (r.status, r.aggregate, r.covers) == ("not-free", 37.0, "June 2015 - May 2016")
    assert [(c.id, c.rating) for c in r.categories] == [
        ("a-obstacles-to-access", 11.0), ("b-limits-on-content", 13.0),
        ("c-violations-of-user-rights", 13.0)]
    assert "inverse scale" in r.data_note
    assert [m for _, m in result.problems] == [
        "not placed: Press Freedom 2016 Status Not Free (another index's status, no edition"
        " printed; file it by hand under the right edition)"]


def test_fotn_inverse_scale_inferred_from_the_status_when_not_said():
    text = fixture_text("fotn_2016_legacy_ruritania.txt").replace(
        "* 0=most free, 100=least free\n", "")
    _, r = only_report(run(text))
    assert r.aggregate == 37.0 and "inverse scale" in r.data_note


def test_page_naming_nothing_gives_its_facts_under_the_open_country():
    result = run("fotn_2023_open_country.txt")
    path, r = only_report(result)
    assert path == f"countries/{OPEN_COUNTRY}/reports/fotn-2023.yml"
    assert r.source.name == "Freedom House, Freedom on the Net 2023"
    assert (r.aggregate, r.status) == (52.0, None)  # A + B + C, said so; no status printed
    assert "computed here as A 15 + B 20 + C 17" in r.data_note
    assert "taken from the file name" in r.data_note
    assert r.summary.notes == {1: None, 2: None}  # "(B3).1": note 1, B3 an indicator
    assert r.summary.paragraphs[1].endswith("within a day (B3).[^1]")
    assert result.problems == [(8, "the page stops here (cut off?): what it holds up to this"
                                   " line is imported: …o throttled a messaging app during the"
                                   " spring prot")]
    path, _ = only_report(run("fotn_2023_open_country.txt", country="Ruritania"))
    assert path == "countries/ruritania/reports/fotn-2023.yml"


def test_title_and_key_developments_disagreeing_is_reported():
    text = fixture_text("fiw_2024_ruritania.txt").replace("Key Developments in 2023",
                                                           "Key Developments in 2021")
    result = run(text)
    assert only_report(result)[0].endswith("fiw-2024.yml")
    assert any("the title says 2024 but the key developments give 2022" in m
               for _, m in result.problems)
