"""Where an imported page's country comes from (issue 27): country_hint.from_source reads the
page's URL line or file name against the table of country names; `generator import --json`
gives the facts of a page whose country nothing gives with "country": null, `--into` asks for
it (or refuses without a terminal), and an import into an empty folder brings the index
definitions and country files it needs, so that the folder builds."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from generator import cli_import
from generator.cli import cli
from generator.importers import country_hint
from generator.importers.country_hint import OPEN_COUNTRY, from_source, known_country
from generator.importers.country_table import load_table
from generator.importers.text import lines_of, slugify

from .conftest import REPO, build, shipped_slice


def hint(url: str | None = None, file: str = "page.txt") -> str | None:
    text = f"URL: {url}\nPARTIAL: yes\nSome page text\n" if url else "Some page text\n"
    return from_source(lines_of(text), file)


@pytest.mark.parametrize("url, expected", [
    ("https://freedomhouse.org/country/serbia/nations-transit/2019", "Serbia"),
    ("https://freedomhouse.org/report/freedom-world/2017/belarus", "Belarus"),
    ("https://freedomhouse.org/country/north-macedonia", "North Macedonia"),
    ("https://freedomhouse.org/country/nagorno-karabakh/freedom-world/2023", "Nagorno-Karabakh"),
    ("https://freedomhouse.org/country/serbia?utm_campaign=Weekly%20Focus&utm_source=x",
     "Serbia"),
    ("https://www.idea.int/democracytracker/country/republic-moldova", "Moldova"),
    ("https://docslib.org/doc/17/georgia-capital-tbilisi-population-3-72-million", "Georgia"),
    ("https://oldclock.net/article/azerbaijan-nations-in-transit-2024-report/3443",
     "Azerbaijan"),
    ("https://proxy.example/a1B2c3/country/russia/freedom-net/2020", "Russia"),
    ("http://www.refworld.org/type,ANNUALREPORT,FREEHOU,KAZ,539ea5a412,0.html", "Kazakhstan"),
    ("https://archive.example/2023mp_/https://www.refworld.org/publisher,FREEHOU,,UKR,5b3,0.html",
     "Ukraine"),
    ("https://example.org/country/S%C3%A3o%20Tom%C3%A9%20and%20Pr%C3%ADncipe", "Sao Tome and"
     " Principe"),
    ("https://freedomhouse.org/country/cote-divoire/freedom-world/2024", "cote-divoire"),
    ("https://example.org/reports/cote-d-ivoire-2024", "cote-divoire"),
    ("https://freedomhouse.org/country/bosnia-and-herzegovina/freedom-world/2024",
     "Bosnia and Herzegovina"),
    ("https://example.org/bosnia-herzegovina", "Bosnia and Herzegovina"),
    ("https://example.org/laos-peoples-democratic-republic", "Laos"),
    # whole words, longest first: never part of a word, never the shorter of two names
    ("https://freedomhouse.org/country/niger/freedom-world/2024", "Niger"),
    ("https://freedomhouse.org/country/nigeria/freedom-world/2024", "Nigeria"),
    ("https://freedomhouse.org/country/guinea/freedom-world/2024", "Guinea"),
    ("https://freedomhouse.org/country/guinea-bissau/freedom-world/2024", "Guinea-Bissau"),
    ("https://freedomhouse.org/country/equatorial-guinea/freedom-world/2024",
     "Equatorial Guinea"),
    ("https://freedomhouse.org/country/papua-new-guinea/freedom-world/2024", "Papua New Guinea"),
    ("https://freedomhouse.org/country/sudan/freedom-world/2024", "Sudan"),
    ("https://freedomhouse.org/country/south-sudan/freedom-world/2024", "South Sudan"),
    ("https://freedomhouse.org/country/dominica/freedom-world/2024", "Dominica"),
    ("https://freedomhouse.org/country/dominican-republic/freedom-world/2024",
     "Dominican Republic"),
    ("https://example.org/democratic-peoples-republic-of-korea", "North Korea"),
    ("https://example.org/democratic-people-s-republic-of-korea", "North Korea"),
    ("https://freedomhouse.org/country/south-korea/freedom-world/2024", "South Korea"),
    # the two Congos: named in full they are told apart; a bare "congo" is either
    ("https://freedomhouse.org/country/republic-congo/freedom-world/2024",
     "Congo (Brazzaville)"),
    ("https://freedomhouse.org/country/democratic-republic-congo/freedom-world/2024",
     "Congo (Kinshasa)"),
    ("https://example.org/drc-report-2024", "Congo (Kinshasa)"),
    ("https://example.org/congo-brazzaville", "Congo (Brazzaville)"),
    ("https://freedomhouse.org/country/congo/freedom-world/2024", None),
    # no place, or two: nothing is guessed
    ("https://freedomhouse.org/de/node/3", None),
    ("https://www.ecoi.net/en/document/2097705.html", None),
    ("https://example.org/about-us/uk/contact", None),
    ("https://example.org/and/can/per", None),
    ("https://example.org/blog/russia-and-ukraine-2024", None),
    ("https://example.org/nigerian-press-review", None),
    ("https://serbia.example.org/news/1", None),  # the host names a site, not the page's place
])
def test_the_url_line_gives_the_country(url, expected):
    assert hint(url) == expected


@pytest.mark.parametrize("file, expected", [
    ("freedomhouse-nit-serbia-2019.txt", "Serbia"),
    ("idea-tracker-moldova-2025.txt", "Moldova"),
    ("freedomhouse-hub-hungary-2022-old.txt", "Hungary"),
    ("freedomhouse-hub-north-macedonia-2025-table.txt", "North Macedonia"),
    ("freedomhouse-fiw-nagorno-karabakh-2023.txt", "Nagorno-Karabakh"),
    ("/home/user/pages/fiw_niger_2020.txt", "Niger"),
    ("C:\\Users\\me\\Saved pages\\Nigeria FIW 2020.html", "Nigeria"),
    ("FIW-KAZ-2020.txt", "Kazakhstan"),
    ("fiw-kaz-2020.txt", None),  # a code only in capitals: "and", "can", "per" are words
    ("ecoi-fiw-2023.txt", None),
    ("fiw-congo-2020.txt", None),
    ("fiw-guinea-bissau-2020.txt", "Guinea-Bissau"),
    ("notes-on-niger-and-nigeria.txt", None),
])
def test_the_file_name_gives_the_country(file, expected):
    assert hint(file=file) == expected


def test_the_url_comes_first_and_the_file_name_may_choose_among_its_places():
    serbia = "https://freedomhouse.org/country/serbia/nations-transit/2019"
    assert hint(serbia, "freedomhouse-nit-hungary-2019.txt") == "Serbia"
    assert hint("https://freedomhouse.org/de/node/3", "hub-armenia-2025.txt") == "Armenia"
    two = "https://example.org/blog/russia-and-ukraine-2024"
    assert hint(two, "fotn-ukraine-2024.txt") == "Ukraine"
    assert hint(two, "fotn-belarus-2024.txt") is None


def test_only_a_url_line_among_the_first_lines_counts():
    late = "Title\n" + "line\n" * 10 + "URL: https://freedomhouse.org/country/serbia\n"
    assert from_source(lines_of(late), "page.txt") is None
    assert from_source(lines_of("\n\nurl:   https://freedomhouse.org/country/chad\n"),
                       "page.txt") == "Chad"
    assert from_source(lines_of("See https://freedomhouse.org/country/chad\n"), "x.txt") is None
    assert from_source([], "") is None


def test_every_place_is_found_by_its_folder_and_names_and_filed_in_its_folder():
    """The name given is one the importers file under the place's folder (slugify)."""
    for entry in load_table().entries:
        given = country_hint.importer_name(entry)
        assert slugify(given) == entry.id
        assert hint(file=f"fiw-{entry.id}-2020.txt") == given, entry.id
        for name in (entry.name, *entry.names):
            if name.casefold() == "congo" or len(name) < 3:  # either Congo; "US", "UK"
                continue
            assert hint(f"https://example.org/country/{slugify(name)}/2020") == given, name


def test_a_long_address_is_read_in_time():
    address = "https://example.org/" + "-".join(["democratic"] * 200_000) + "-serbia"
    assert hint(address) is None  # only the address's first 2,000 characters are read
    assert hint("https://example.org/" + "x/" * 500 + "serbia") == "Serbia"


@pytest.mark.parametrize("given, expected", [
    ("Serbia", "Serbia"), ("serbia", "Serbia"), ("Republic of Moldova", "Moldova"),
    ("republic-moldova", "Moldova"), ("MDA", "Moldova"), ("Ivory Coast", "cote-divoire"),
    ("north-macedonia", "North Macedonia"), ("Ruritania", None), ("", None),
])
def test_a_country_the_user_gives_is_read_against_the_table(given, expected):
    assert known_country(given) == expected


# --- the command ---------------------------------------------------------------------------

# A Nations in Transit page written for these tests (its figures are made up): it names no
# country; NAMED is the same page with a line that names Moldova.
OPEN_PAGE = """Nations in Transit 2020
Transitional Government or Hybrid Regime
Democracy Score 3.11 / 7

Score changes in 2020

  • Independent Media score declined from 3.25 to 3.00. Two regional broadcasters lost their \
licences after a review whose reasons were never published.

Executive Summary

Parliament sat for most of the year without a stable majority, and the budget passed only at \
its third reading.
"""
NAMED_PAGE = OPEN_PAGE.replace(
    "Executive Summary", "As a result, Moldova’s Democracy Score declined from 3.14 to 3.11."
    "\n\nExecutive Summary")
REPORT = "reports/nit-2020.yml"


@pytest.fixture(scope="module")
def definitions(tmp_path_factory):
    """A content folder to import against: the shipped definitions and Moldova."""
    return shipped_slice(tmp_path_factory.mktemp("defs"), countries=("moldova",))


def run(definitions, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["import", *args, "--content", str(definitions)],
                              input=input)


def page(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_gives_the_facts_of_a_page_naming_no_country(tmp_path, definitions):
    result = run(definitions, page(tmp_path, "page.txt", OPEN_PAGE), "--json")
    out = json.loads(result.stdout)
    assert list(out) == [f"countries/{{country}}/{REPORT}"]
    entry = out[f"countries/{{country}}/{REPORT}"]
    assert entry["country"] is None and entry["kind"] == "report"
    assert entry["data"]["aggregate"] == 3.11 and entry["data"]["edition"] == 2020
    assert entry["data"]["score_changes"][0]["category"] == "independent-media"
    assert OPEN_COUNTRY not in result.stdout
    assert 'page.txt: the page does not name its country: its records have "country": null;' \
           ' give it with --country NAME' in result.stderr


@pytest.mark.parametrize("given", ["Moldova", "republic of moldova", "MDA", "moldova"])
def test_json_with_country_files_the_facts_under_it(tmp_path, definitions, given):
    result = run(definitions, page(tmp_path, "page.txt", OPEN_PAGE), "--json",
                 "--country", given)
    out = json.loads(result.stdout)
    assert list(out) == [f"countries/moldova/{REPORT}"]
    assert out[f"countries/moldova/{REPORT}"]["country"] == "moldova"
    assert "does not name its country" not in result.stderr


def test_json_with_a_country_the_table_lacks_says_so(tmp_path, definitions):
    result = run(definitions, page(tmp_path, "page.txt", OPEN_PAGE), "--json",
                 "--country", "Ruritania")
    assert list(json.loads(result.stdout)) == [f"countries/ruritania/{REPORT}"]
    assert "note: 'Ruritania' is not in the table of country names" in result.stderr


@pytest.mark.parametrize("name, first_line", [
    ("freedomhouse-nit-moldova-2020.txt", ""),
    ("saved.txt", "URL: https://freedomhouse.org/country/moldova/nations-transit/2020\n"),
])
def test_the_file_name_or_url_line_gives_the_country(tmp_path, definitions, name, first_line):
    result = run(definitions, page(tmp_path, name, first_line + OPEN_PAGE), "--json")
    out = json.loads(result.stdout)
    assert list(out) == [f"countries/moldova/{REPORT}"], result.stderr
    assert out[f"countries/moldova/{REPORT}"]["data"]["aggregate"] == 3.11


def test_into_without_a_terminal_refuses_and_writes_nothing(tmp_path, definitions):
    into = tmp_path / "out"
    result = run(definitions, page(tmp_path, "page.txt", OPEN_PAGE), "--into", str(into))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.endswith("page.txt: the page does not name its country; give it with"
                             " --country NAME") for line in lines)
    assert lines[-1] == "Aborted: 1 of 1 files name no country, nothing written"
    assert not into.exists()


def test_into_asks_for_the_country_at_a_terminal(tmp_path, definitions, monkeypatch):
    monkeypatch.setattr(cli_import, "stdin_is_terminal", lambda: True)
    into = tmp_path / "out"
    # an empty answer and one that names nothing are asked again
    result = run(definitions, page(tmp_path, "page.txt", OPEN_PAGE), "--into", str(into),
                 input="\n!!!\nRepublic of Moldova\n")
    assert "page.txt: the page does not name its country; which country is it?" \
        in result.stderr
    assert "expected a country's name, such as Serbia" in result.stderr
    assert (into / "countries" / "moldova" / REPORT).is_file()
    assert not (into / "countries" / OPEN_COUNTRY).exists()
    assert "3.11" in (into / "countries" / "moldova" / REPORT).read_text(encoding="utf-8")


def test_into_does_not_ask_when_something_gives_the_country(tmp_path, definitions,
                                                             monkeypatch):
    monkeypatch.setattr(cli_import, "stdin_is_terminal", lambda: True)
    into = tmp_path / "out"
    for args in (["--country", "Moldova"], []):
        name = "page.txt" if args else "nit-moldova-2020.txt"
        result = run(definitions, page(tmp_path, name, OPEN_PAGE), "--into", str(into),
                     "--force", *args, input="")
        assert "which country" not in result.stderr
        assert (into / "countries" / "moldova" / REPORT).is_file()


@pytest.mark.site
def test_an_import_into_an_empty_folder_builds(tmp_path, definitions, ruritania_in_table):
    """The index definitions, treaties.yml and a country.yml come with the records."""
    into = tmp_path / "empty" / "content"
    tracker = REPO / "tests" / "fixtures" / "import" / "idea_ruritania.txt"
    result = run(definitions, page(tmp_path, "moldova.txt", NAMED_PAGE), str(tracker),
                 "--into", str(into))
    assert (into / "countries" / "moldova" / REPORT).is_file(), result.stderr
    for rel in ("indices/nit.yml", "indices/gsod.yml", "treaties.yml"):
        assert (into / rel).read_bytes() == (definitions / rel).read_bytes()
        assert f"wrote {into / rel} (" in result.stderr
    assert not (into / "indices" / "fiw.yml").exists()  # no record uses it
    country = (into / "countries" / "moldova" / "country.yml").read_text(encoding="utf-8")
    assert "name: Moldova" in country and "slug: moldova" in country
    assert "history" not in country and "population" not in country
    built = build(into, tmp_path / "site", tmp_path / "work")
    assert built.returncode == 0, built.stderr
    page_md = tmp_path / "site" / "countries" / "moldova" / "nit-2020" / "index.html"
    assert "3.11" in page_md.read_text(encoding="utf-8")


def test_definitions_already_there_are_kept(tmp_path, definitions):
    into = tmp_path / "content"
    (into / "indices").mkdir(parents=True)
    shutil.copy(definitions / "indices" / "nit.yml", into / "indices" / "nit.yml")
    mine = (into / "indices" / "nit.yml").read_bytes() + b"# an editor's line\n"
    (into / "indices" / "nit.yml").write_bytes(mine)
    result = run(definitions, page(tmp_path, "page.txt", OPEN_PAGE), "--into", str(into),
                 "--country", "Ruritania")
    assert (into / "indices" / "nit.yml").read_bytes() == mine
    assert "indices/nit.yml (" not in result.stderr
    assert (into / "countries" / "ruritania" / REPORT).is_file()
    # a place --content does not know gets no country.yml: the user is told to write one
    assert not (into / "countries" / "ruritania" / "country.yml").exists()
    assert "ruritania has no country.yml; write one (name, slug, region) before building" \
        in result.stderr
