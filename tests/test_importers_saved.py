"""Pages as savers and publishers' sites deliver them, beyond the scraper's plain text: saved
as Markdown, with the site's menu above the scores and its footer after the last paragraph or
event, and with the page's address on a `URL:` line. Each gives the records of the plain page,
and the lines that are the site's own are reported, never filed."""

from __future__ import annotations

import pytest

from generator.importers import to_yaml

from .test_importers import fixture_text, run

# Ruritania is known to the importers as a real country is (its region comes from the table)
pytestmark = pytest.mark.usefixtures("ruritania_in_table")


@pytest.mark.parametrize("name", ["nit_2022_ruritania.txt", "fiw_2024_ruritania.txt",
                                  "fotn_2023_ruritania.txt", "idea_ruritania.txt", "hub"])
def test_every_record_keeps_the_pages_address_as_its_source(name):
    """The scraper's `URL:` line is where the figures come from: each importer keeps it as the
    source's address; one the model refuses is left out, never the record (the tracker then
    keeps the address its page prints)."""
    from .test_pages_hub import NEW_LAYOUT

    body = NEW_LAYOUT.split("\n", 1)[1] if name == "hub" else fixture_text(name)
    for address, kept in (("https://example.org/ruritania/page", True),
                          ("ftp://example.org/ruritania", False)):
        result = run(f"URL: {address}\n{body}")
        sources = [rec.source for _, kind, rec in result.records if kind == "report"]
        sources += [rec.source for _, kind, rec in result.records if kind == "events"]
        assert sources, [m for _, m in result.problems][:5]
        printed = "https://www.idea.int/democracytracker/" if name.startswith("idea") else None
        assert {s.url for s in sources} == ({address} if kept else {printed}), address


def test_markdown_marks_are_read_as_the_words_they_mark():
    from generator.importers.text import lines_of

    text = ("# Ruritania\n## **Status:** Partly Free\nSee [the methodology](https://example.org/m)"
            " and ![Flag](https://example.org/flag.svg)\n#MeToo rallies went on\n"
            "URL: https://example.org/a__b__c\n2 ** 3 is not bold, nor is snake__case__x\n")
    assert [ln.text for ln in lines_of(text)] == [
        "Ruritania", "Status: Partly Free", "See the methodology and Flag",
        "#MeToo rallies went on", "URL: https://example.org/a__b__c",
        "2 ** 3 is not bold, nor is snake__case__x"]


def _as_markdown(text: str) -> str:
    """A page as a Markdown saver writes it: headings marked, labels strong, names linked."""
    out = []
    for line in text.split("\n"):
        if line in ("Executive Summary", "Overview", "Flag", "Sources", "Key Developments"):
            line = "## " + line
        elif ": " in line and len(line) < 60:
            label, value = line.split(": ", 1)
            line = f"**{label}:** {value}"
        out.append(line.replace("Ruritania", "[Ruritania](https://example.org/ruritania)"))
    return "\n".join(out)


@pytest.mark.parametrize("name", ["nit_2022_ruritania.txt", "fiw_2024_ruritania.txt",
                                  "fotn_2023_ruritania.txt", "idea_ruritania.txt",
                                  "nit_2019_ruritania.txt"])
def test_a_page_saved_as_markdown_gives_the_same_records(name):
    plain = run(fixture_text(name))
    marked = run(_as_markdown(fixture_text(name)))
    assert _as_markdown(fixture_text(name)) != fixture_text(name)
    assert [(p, to_yaml(r)) for p, _, r in marked.records] == [
        (p, to_yaml(r)) for p, _, r in plain.records]
    assert len(marked.problems) == len(plain.problems)


FOOTER = ("\nRelated content\n\nExplore other reports on this country\n\nSubscribe\n\n"
          "Sign up for our newsletters to get the latest research in your inbox.\n\n"
          "Email address\n\nPrivacy Policy\n")


def _tracker_events(result) -> list[str]:
    return [e.title for _, kind, rec in result.records if kind == "events" for e in rec.events]


def test_a_tracker_pages_footer_is_not_taken_for_events():
    events_only = "\n".join(fixture_text("idea_ruritania.txt").split("\n")[:38])
    plain = run(events_only)
    result = run(events_only + FOOTER)
    assert _tracker_events(result) == _tracker_events(plain) and len(_tracker_events(plain)) == 3
    footer_lines = [m for _, m in result.problems if "the site's footer?" in m]
    assert len(footer_lines) == 6 and footer_lines[-1].endswith(": Privacy Policy")
    assert not any("stops mid-sentence" in m for _, m in result.problems)
    # a page stored as partial may have been cut in its last event: nothing is dropped
    partial = run("PARTIAL: yes\n" + events_only + FOOTER)
    assert len(_tracker_events(partial)) > 3


def test_a_menu_line_above_the_scores_is_no_country_when_the_address_names_one():
    text = fixture_text("fiw_2024_ruritania.txt")
    assert "\nRuritania\nNot Free\n" in text
    menu = text.replace("\nRuritania\nNot Free\n", "\nSearch\nNot Free\n", 1)
    address = "URL: https://freedomhouse.org/country/georgia/freedom-world/2024\n"
    result = run(address + menu)
    assert [path for path, _, _ in result.records] == ["countries/georgia/reports/fiw-2024.yml"]
    assert any(m.startswith("the page names 'Search', which is no country of the table")
               for _, m in result.problems)
    # without an address, the line is the only name there is
    assert [path for path, _, _ in run(menu).records] == [
        "countries/search/reports/fiw-2024.yml"]


def test_a_nit_page_naming_a_place_unknown_to_the_table_takes_the_addresss_country():
    text = fixture_text("nit_2022_ruritania.txt").replace("Ruritania", "Borduria")
    address = "URL: https://freedomhouse.org/country/georgia/nations-transit/2022\n"
    [(path, _, _)] = run(address + text).records
    assert path == "countries/georgia/reports/nit-2022.yml"
    [(path, _, _)] = run(text).records
    assert path == "countries/borduria/reports/nit-2022.yml"


@pytest.mark.parametrize("name", ["fiw_2024_ruritania.txt", "fotn_2023_ruritania.txt",
                                  "fiw_2015_legacy_ruritania.txt", "fiw_2014_archive_ruritania.txt",
                                  "fotn_2016_legacy_ruritania.txt", "nit_2022_ruritania.txt"])
def test_a_freedom_house_pages_footer_is_not_taken_for_narrative(name):
    """Footer lines after the last paragraph (the archive fixtures end with a short paragraph
    of their own, which stays)."""
    plain = run(fixture_text(name))
    result = run(fixture_text(name) + "\n" + FOOTER)
    assert [(p, to_yaml(r)) for p, _, r in result.records] == [
        (p, to_yaml(r)) for p, _, r in plain.records]
    footer = [m for _, m in result.problems if m not in {m for _, m in plain.problems}]
    assert footer and all("footer" in m or "not recognised" in m for m in footer), footer
    assert not any("stops" in m for m in footer)
