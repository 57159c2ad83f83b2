"""A country hub's readings (hub.py) -> Report records for the scores with a printed edition,
and a problem line of a fixed form for each score without one; the checks between readings."""

from __future__ import annotations

from decimal import Decimal

from ..model.records import CategoryResult, Report, Section
from ..model.scoring import aggregate_status, category_scale
from .country_hint import OPEN_COUNTRY
from .hub import Hub, Reading
from .text import Problems, build, ends_cleanly, slugify, source_of

TITLE = {"fiw": "Freedom in the World", "fotn": "Freedom on the Net",
         "nit": "Nations in Transit"}
UNFILED = "no edition printed, not filed"  # the fixed start of a score without an edition
NO_BLOCK = "no score block for"


def build_hub(hub: Hub, indices: dict, problems: Problems, hint_country: str | None,
              fallback_country: str | None) -> list:
    """[(path, "report", Report)] for every reading with an edition; the rest reported."""
    name = _country(hub, problems, hint_country, fallback_country)
    slug = slugify(name) if name else ""
    slug = slug or OPEN_COUNTRY
    first: dict[str, Reading] = {}
    for reading in hub.readings:
        first.setdefault(reading.index, reading)
        _check(reading, indices[reading.index], problems)
    agreeing = _compare_glance(hub, first, slug, problems)
    records, filed = [], set()
    for reading in hub.readings:
        if reading.edition is None or (reading.index, reading.edition) in filed:
            if reading.edition is not None:
                problems.add(reading.line, f"{reading.index} {reading.edition} is shown twice;"
                             " the first is filed")
            problems.add(reading.line, unfiled_line(reading, slug))
            for line in reading.summary:
                problems.add(line.number, "not placed (the summary of a score that is not"
                             f" filed): {line.text[:60]}…")
            continue
        filed.add((reading.index, reading.edition))
        report = _report(reading, indices[reading.index], name, id(reading) in agreeing,
                         hub.url, problems)
        if report is not None:
            path = f"countries/{slug}/reports/{reading.index}-{reading.edition}.yml"
            records.append((path, "report", report))
    shown = {r.index for r in hub.readings}
    missing = [g.index for g in hub.glance if g.index not in shown]
    cut = hub.prose is not None and hub.prose is hub.last and not ends_cleanly(hub.last.text)
    if missing:
        why = (f"the page stops at line {hub.last.number}, cut off" if hub.partial or cut
               else "the glance box shows it, the page has no block")
        problems.add(hub.last.number if hub.last else 0,
                     f"{NO_BLOCK}: {', '.join(missing)} ({why})")
    if cut:
        problems.add(hub.last.number, "the text stops mid-sentence (page cut off?):"
                     f" …{hub.last.text[-50:]}")
    return records


def unfiled_line(reading: Reading, slug: str) -> str:
    """The problem line that names every value of a reading with no edition printed."""
    values = {"status": reading.status}
    if reading.where == "glance box":
        values["percentage" if reading.index == "nit" else "aggregate"] = reading.big
    else:
        values.update(aggregate=reading.aggregate, percentage=reading.percentage)
        values.update(reading.parts)
        values.update({f"previous.{k}": v for k, v in reading.previous.items()})
    shown = " ".join(f"{k}={_shown(v)}" for k, v in values.items() if v is not None)
    return (f"{UNFILED}: {TITLE[reading.index]}, {reading.where}: country={slug}"
            f" index={reading.index} {shown}")


def unfiled_reading(message: str) -> dict | None:
    """The values of a score with no edition printed, read back from its problem line
    (`unfiled_line`, the one form): {"index", "country", "where", "values"}; None for any other
    line. `generator import --json` shows them, with the edition null."""
    if not message.startswith(UNFILED + ": "):
        return None
    head, _, fields = message[len(UNFILED) + 2:].partition(": country=")
    where = head.rpartition(", ")[2]
    pairs = dict(item.partition("=")[::2] for item in ("country=" + fields).split(" ") if item)
    country, index = pairs.pop("country", ""), pairs.pop("index", "")
    values: dict = {}
    for name, text in pairs.items():
        try:
            number = float(text)
            value = int(number) if number.is_integer() else number
        except ValueError:
            value = text
        target = values.setdefault("previous", {}) if name.startswith("previous.") else values
        target[name.removeprefix("previous.")] = value
    return {"index": index, "country": None if country == OPEN_COUNTRY else country,
            "where": where, "values": values}


def _shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def part_scale(index, name: str) -> int | None:
    """The maximum a block's part is printed out of: PR 40, CL 60, A 25, percentage 100…"""
    if name == "percentage":
        return 100
    if name == "score":
        return int(index.aggregate.scale.max) if index.aggregate else None
    for group in index.groups:
        if group.id == name:
            return int(group.scale.max)
    try:
        return int(category_scale(index, name).max)
    except (KeyError, StopIteration, ValueError, AttributeError):
        return None


def _country(hub: Hub, problems: Problems, hint: str | None, fallback: str | None) -> str | None:
    """The country's name: the hint, else the page's names by strength, else the fallback."""
    slugs = {name: slugify(name) for _, name, _ in hub.names}
    counts: dict[str, int] = {}
    for _, name, _ in hub.names:
        counts[slugs[name]] = counts.get(slugs[name], 0) + 1
    ranked = sorted(hub.names, key=lambda n: (n[2], -counts[slugs[n[1]]], n[0]))
    chosen = hint or (ranked[0][1] if ranked else None) or fallback
    chosen_slug = slugify(chosen) if chosen else None
    strong = {slugs[n] for _, n, p in hub.names if p != 2}
    for number, name, priority in hub.names:
        if slugs[name] == chosen_slug:
            continue
        if priority == 2 and slugs[name] not in strong:
            problems.add(number, f"not recognised: {name}")
        else:
            problems.add(number, f"country named differently: '{name}'; used '{chosen}'")
    return chosen


def _value(reading: Reading) -> float | None:
    """The value a glance box would print for a reading: the total, or NIT's whole percentage."""
    if reading.index == "nit" and reading.percentage is not None:
        return float(Decimal(repr(reading.percentage)).quantize(Decimal(1), "ROUND_HALF_UP"))
    return reading.aggregate if reading.aggregate is not None else reading.big


def _compare_glance(hub: Hub, first: dict[str, Reading], slug: str,
                    problems: Problems) -> set:
    """Each glance value against its index's first block or card: the ids of the filed readings
    it agrees with (the glance is placed there); any other glance value is reported."""
    agreeing: set[int] = set()
    for glance in hub.glance:
        other = first.get(glance.index)
        if other is not None:
            value = _value(other)
            differ = [f"{what} {_shown(a)} against {_shown(b)}" for what, a, b in (
                ("value", glance.big, value), ("status", glance.status, other.status))
                if a is not None and b is not None and a != b]
            if differ:
                shown = "; ".join(differ)
                problems.add(glance.line, f"the glance box disagrees with the {other.where} of"
                             f" line {other.line}: {shown}; each is kept as printed")
            elif other.edition is not None:
                agreeing.add(id(other))
                continue
        problems.add(glance.line, unfiled_line(glance, slug))
    return agreeing


def _check(reading: Reading, index, problems: Problems) -> None:
    """A reading's figures against each other; what the page prints is kept either way."""
    where = f"the {reading.where}"
    parts = reading.parts
    wanted = {"fiw": ["political-rights", "civil-liberties"],
              "fotn": [c.id for c in index.categories]}.get(reading.index, [])
    if wanted and all(p in parts for p in wanted) and reading.aggregate is not None and \
            sum(parts[p] for p in wanted) != reading.aggregate:
        problems.add(reading.line, f"{where}: the total {reading.aggregate:g} differs from the"
                     f" sum of its parts ({sum(parts[p] for p in wanted):g})")
    if reading.index == "nit":
        if reading.big is not None and reading.percentage is not None and \
                reading.big != _value(reading):
            problems.add(reading.line, f"{where}: {reading.big:g} shown large, but the Democracy"
                         f" Percentage is {reading.percentage:g}")
        if reading.percentage is not None and reading.aggregate is not None and \
                abs((reading.aggregate - 1) / 6 * 100 - reading.percentage) > 0.1:
            problems.add(reading.line, f"{where}: Democracy Percentage {reading.percentage:g}"
                         f" does not fit the Democracy Score {reading.aggregate:g}")
    for status, values in ((reading.status, reading), (reading.previous.get("status"),
                                                       reading.previous)):
        if status is not None and not _fits(index, reading.index, values, status):
            problems.add(reading.line, f"{where}: status '{status}' does not fit its score")


def _fits(index, index_id: str, values, status: str) -> bool:
    """Does the status fit the value printed with it (where the index's status is its score's
    band)? Rounded values fit when any value they may stand for does."""
    get = values.get if isinstance(values, dict) else lambda k: getattr(values, k)
    band = next((b for b in index.status.bands if b.id == status), None) if index.status else None
    if band is None or index.status.basis != "aggregate":
        return True
    aggregate, percentage = get("aggregate"), get("percentage")
    if index_id == "fotn" and aggregate is not None:
        found = aggregate_status(index, aggregate)
        return found is None or found.id == status
    if index_id != "nit":
        return True
    if aggregate is not None:
        low = high = aggregate
    elif percentage is not None:
        half = 0.5 if float(percentage).is_integer() else 0.005
        low, high = ((percentage + d) * 6 / 100 + 1 for d in (-half, half))
    else:
        return True
    return (band.min is None or high >= band.min - 0.005) and \
        (band.max is None or low <= band.max + 0.005)


def _report(reading: Reading, index, name: str | None, glance_agrees: bool, url: str | None,
            problems: Problems) -> Report | None:
    """The Report of one reading with a printed edition."""
    line, edition = reading.line, reading.edition
    shown = name or "country not known"
    notes = [f"Read from the {reading.where} of Freedom House's country page for {shown};"
             f" the page names the edition on line {reading.edition_line}."]
    if reading.where == "card" and reading.percentage is not None:
        notes.append("The card prints the Democracy Percentage as a whole number.")
    if glance_agrees:
        notes.append("The page's glance box shows the same figures.")
    if reading.reports and edition not in reading.reports:
        problems.add(reading.edition_line or line, f"edition {edition} is not among the"
                     f" previous reports listed ({', '.join(map(str, reading.reports))})")
    data: dict = {"index": reading.index, "edition": edition, "status": reading.status,
                  "aggregate": reading.aggregate, "percentage": reading.percentage,
                  "previous": reading.previous or None,
                  "source": source_of(f"Freedom House, {TITLE[reading.index]} {edition}:"
                                      f" {shown} (country page)", url),
                  "data_note": " ".join(notes)}
    if reading.index == "fiw" and reading.parts:
        data["groups"] = [{"id": g, "total": v} for g, v in reading.parts.items()]
    elif reading.parts:
        data["categories"] = [build(CategoryResult, {"id": c, "rating": v}, problems, line,
                                    f"category '{c}'") for c, v in reading.parts.items()]
        data["categories"] = [c for c in data["categories"] if c is not None]
    if reading.summary:
        data["summary"] = build(Section, {"paragraphs": [ln.text for ln in reading.summary]},
                                problems, reading.summary[0].number, "summary")
    return build(Report, {k: v for k, v in data.items() if v is not None}, problems, line,
                 f"{reading.index} {edition} report")
