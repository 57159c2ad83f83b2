"""What a change does to the data: the content of two git revisions compared, as Markdown.

Each revision's content folder is read from git (`ls-tree`, `cat-file`: no checkout, so a bare
repository works too), checked as `validate` does and rendered with the current templates; the
summary lists what changed for a reviewer, and the validation problems introduced or fixed.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .. import PROJECT
from ..diagnostics import Severity
from ..model.check import Checked, check
from ..model.parse import Content
from ..model.records import Index, PreviousValues, Report, Section
from ..model.scoring import category_scale, fmt, status_band
from ..pages.derive import TREATY_STATUS_LABELS
from ..site.docs import pages_for

LONG = 20  # lists and tables longer than this are collapsed into <details>
DASH = "—"
NO_CHANGES = "No changes to the content."


class RevisionError(ValueError):
    """A revision or repository git cannot use (the CLI makes it a usage error)."""


def md(text: Any, limit: int = 120) -> str:
    """Data text for Markdown: one line, shortened, no markup, HTML, math or @mentions."""
    text = " ".join(str(text).split())
    text = text[: limit - 1] + "…" if len(text) > limit else text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"@(?=\w)", "@\u2060", re.sub(r"([\\`*_\[\]|~$])", r"\\\1", text))


def code(text: Any, table: bool = False) -> str:
    """A code span holding any text; in tables pipes are escaped (GFM splits cells first)."""
    text = " ".join(str(text).split())
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|') if table else text}{pad}{fence}"


def _collapse(lines: list[str], what: str) -> list[str]:
    return lines if len(lines) <= LONG else [
        f"<details><summary>{len(lines)} {what}</summary>", "", *lines, "", "</details>"]


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return DASH if value is None or value == "" else str(value)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True)


def resolve(repo: Path, rev: str) -> str:
    """The commit id of `rev` (branch, tag, sha, HEAD~1 …); RevisionError when there is none."""
    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n"):
        raise RevisionError(f"'{rev}' is not a git revision")
    proc = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if proc.returncode != 0:  # git says why when `repo` is not a repository; else nothing
        why = proc.stderr.decode(errors="replace").strip() or "no such commit, branch or tag"
        raise RevisionError(f"unknown revision '{rev}' in {repo}: {why}")
    return proc.stdout.decode().strip()


def _read(repo: Path, commit: str, prefix: str) -> dict[str, bytes]:
    """The regular files under the content folder at `commit`, by path inside the folder."""
    proc = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    if proc.returncode != 0:
        raise RuntimeError(f"git ls-tree {commit}: {proc.stderr.decode(errors='replace')}")
    blobs, start = {}, f"{prefix}/" if prefix else ""
    for entry in filter(None, proc.stdout.decode("utf-8", "surrogateescape").split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind == "blob" and mode in ("100644", "100755") and path.startswith(start):
            blobs[path[len(start):]] = blob
    order = sorted(set(blobs.values()))
    out = _git(repo, "cat-file", "--batch", stdin="".join(i + "\n" for i in order).encode()).stdout
    data, pos = {}, 0
    for blob in order:  # "<id> blob <size>\n<bytes>\n" each
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        data[blob], pos = out[end + 1: end + 1 + size], end + 2 + size
    return {path: data[blob] for path, blob in blobs.items()}


@dataclass
class Snapshot:
    """One revision's content folder: its files, the checked content and the rendered pages."""

    rev: str
    commit: str
    files: dict[str, bytes]
    checked: Checked | None = None
    pages: dict[str, str] | None = None  # page path -> Markdown
    render_error: str | None = None

    def load(self, prefix: str, templates: Path | None) -> None:
        with tempfile.TemporaryDirectory(prefix="content-diff-") as tmp:
            for rel, data in self.files.items():
                target = Path(tmp).joinpath(*PurePosixPath(rel).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            self.checked = check(Path(tmp), prefix)
        try:
            self.pages = templates and {p.path: p.text for p in pages_for(self.checked.content,
                                                                          templates)[1]}
        except Exception as exc:  # content with errors may not render: say so, go on
            self.render_error = f"{type(exc).__name__}: {exc}"


def _flatten(value: Any, path: tuple = ()) -> dict[tuple, Any]:
    """Leaves by key path; lists of records keyed by their id, lists of scalars joined."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        key = next((k for k in ("id", "category", "party") if all(k in v for v in value)
                    and len({str(v[k]) for v in value}) == len(value)), None)
        if key:
            value = {str(v[key]): {k: w for k, w in v.items() if k != key} for v in value}
    if isinstance(value, dict) and (value or not path):
        return {p: v for k, w in value.items() for p, v in _flatten(w, path + (str(k),)).items()}
    if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
        value = ", ".join(_plain(v) for v in value)
    return {path: value}


def _changes(old: dict, new: dict) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Changed leaves: short values as (path, old, new), longer text and lists as paths."""
    a, b = _flatten(old), _flatten(new)
    rows, edits = [], []
    for path in [*a, *(p for p in b if p not in a)]:
        x, y = a.get(path), b.get(path)
        if x != y and all(not isinstance(v, (dict, list)) and len(str(v)) <= 80
                          and "\n" not in str(v) for v in (x, y)):
            rows.append((".".join(path), _plain(x), _plain(y)))
        elif x != y:
            edits.append(".".join(path))
    return rows, edits


def _figures(r: Report, ix: Index | None, names: dict[str, str]) -> dict[str, str]:
    """A report's figures as the index prints them, by field label."""
    agg, pct = (ix.aggregate, ix.percentage) if ix else (None, None)
    aname, pname = agg.name if agg else "Aggregate", pct.name if pct else "Percentage"

    def num(x: float | None, decimals: int | None) -> str:
        return fmt(x, decimals) if x is not None and decimals is not None else _plain(x)
    def status(s: str | None) -> str:
        band = status_band(ix, s) if ix else None
        return band.name if band else _plain(s)
    def rating(cid: str, x: float | None) -> str:  # as report pages show it (derive._cat_fmt)
        step = category_scale(ix, cid).step if ix else None
        return num(x, (2 if step is None or step < 1 else 0) if ix else None)

    prev = r.previous or PreviousValues()
    out = {"Status": status(r.status), aname: num(r.aggregate, agg and agg.decimals),
           pname: num(r.percentage, pct and pct.decimals), "Previous status": status(prev.status),
           f"Previous {aname}": num(prev.aggregate, agg and agg.decimals),
           f"Previous {pname}": num(prev.percentage, pct and pct.previous_decimals)}
    for c in r.score_changes:
        out[f"Score change: {names.get(c.category, c.category)}"] = (
            f"{rating(c.category, c.old)} → {rating(c.category, c.new)}")
    for c in r.categories:
        out[f"{names.get(c.id, c.id)} rating"] = rating(c.id, c.rating)
        out[f"{names.get(c.id, c.id)} rank"] = (f"{_plain(c.rank)} of {c.rank_of}" if c.rank_of
                                                else _plain(c.rank))
    return out


def _narrative(a: Section | None, b: Section | None) -> str:
    """'1 paragraph changed; note 3 added': how much changed, not the text."""
    pa, pb = (a.paragraphs if a else []), (b.paragraphs if b else [])
    ops = [o for o in difflib.SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes()
           if o[0] != "equal"]
    both = sum(min(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op == "replace")
    counts = {"changed": both, "added": sum(o[4] - o[3] for o in ops) - both,
              "removed": sum(o[2] - o[1] for o in ops) - both}
    parts = [f"{_plural(n, 'paragraph', 'paragraphs')} {w}" for w, n in counts.items() if n]
    na, nb = (a.notes if a else {}), (b.notes if b else {})
    notes = (("added", nb.keys() - na.keys()), ("removed", na.keys() - nb.keys()),
             ("edited", {k for k in na.keys() & nb.keys() if na[k] != nb[k]}))
    return "; ".join(parts + [f"note{'s' * (len(keys) > 1)} {', '.join(map(str, sorted(keys)))}"
                              f" {what}" for what, keys in notes if keys])


CHANGED, INTRODUCED = ("changed", "added", "removed"), ("introduced", "fixed")
HEADLINE = [("country", "countries", ("added", "removed", "renamed")),
            ("report", "reports", CHANGED), ("event", "events", CHANGED),
            ("election", "elections", CHANGED), ("country fact", "country facts", ("changed",)),
            ("treaty status", "treaty statuses", ("changed",)),
            ("definition file", "definition files", CHANGED), ("page", "pages", CHANGED[1:]),
            ("validation error", "validation errors", INTRODUCED),
            ("warning", "warnings", INTRODUCED)]

ROW = ("Field", "Old", "New")
SECTIONS = [("Countries", [("country", None)]), ("Reports", [
                ("report", None), ("ratings", ("Country", "Report", *ROW))]),
            ("Events", [("event", None), ("event rows", ("Country", "Event", *ROW))]),
            ("Elections", [("election", None), ("election rows", ("Country", "Election", *ROW))]),
            ("Country information", [("facts", ("Country", *ROW)),
                                     ("treaties", ("Country", "Treaty", "Old", "New"))]),
            ("Index definitions and treaties", [("definition file", None)]),
            ("Narratives and other text", [("text", None)]), ("Not compared", [("lost", None)]),
            ("Pages", [("pages", None)]), ("Validation problems", [("problems", None)])]


@dataclass
class ContentDiff:
    """The differences: Markdown lines, blocks and table rows by kind, each with a sort key."""

    base: Snapshot
    head: Snapshot
    prefix: str
    templates: str | None
    counts: Counter = field(default_factory=Counter)
    lines: dict[str, dict[tuple, Any]] = field(default_factory=dict)

    def add(self, kind: str, key: tuple, line: str | tuple[str, ...]) -> None:
        key = tuple(f"{x:09d}" if isinstance(x, int) else str(x) for x in key)  # sortable
        self.lines.setdefault(kind, {}).setdefault(key, line)

    def headline(self) -> str:
        groups = []
        for one, many, verbs in HEADLINE:
            words = [(self.counts[one, v], v) for v in verbs if self.counts[one, v]]
            if words:
                groups.append(", ".join([f"{_plural(words[0][0], one, many)} {words[0][1]}"]
                                        + [f"{n} {v}" for n, v in words[1:]]))
        if groups or self.lines or self.base.files == self.head.files:
            return "; ".join(groups) or ("Other content changes" if self.lines else NO_CHANGES)
        return ("No changes to the content data: files changed in form only (layout, comments,"
                " or files the generator does not read).")

    def markdown(self) -> str:
        out = [self.headline()]
        for title, parts in SECTIONS:
            body: list[str] = []
            for kind, header in parts:
                items = [x for _, x in sorted(self.lines.get(kind, {}).items())]
                if header and items:
                    body += [""] * bool(body) + _collapse(
                        ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
                         *("| " + " | ".join(cells) + " |" for cells in items)], "changes")
                elif items:  # lines, or blocks (one paragraph each) that collapse by themselves
                    body += [""] * bool(body) + ("\n\n".join(items).split("\n") if any(
                        "\n" in x for x in items) else _collapse(items, "items"))
            out += ["", f"### {title}", "", *body] if body else []
        done = (f"Compared {code(f'{self.prefix}/' if self.prefix else './')} at"
                f" {code(self.base.rev)} ({self.base.commit[:10]}) with {code(self.head.rev)}"
                f" ({self.head.commit[:10]})")
        if self.templates and self.base.pages is not None and self.head.pages is not None:
            done += f"; pages of both rendered with the current templates, {code(self.templates)}"
        return "\n".join([*out, "", f"_{done}._"]) + "\n"


def content_diff(repo: Path, base: str, head: str, content_dir: str = "content",
                 templates: Path | None = None) -> str:
    """A Markdown summary of what changes in the content from revision `base` to `head`;
    `templates` defaults to `templates/` in the repository's work tree (the project's own for a
    bare repository). Raises RevisionError, a ValueError, for a revision git does not know."""
    repo = Path(repo)
    prefix = PurePosixPath(content_dir).as_posix().strip("/")
    prefix = "" if prefix == "." else prefix
    commits = [resolve(repo, base), resolve(repo, head)]
    old, new = (Snapshot(r, c, _read(repo, c, prefix)) for r, c in zip((base, head), commits))
    templates = Path(templates) if templates is not None else next(
        (t for t in (repo / "templates", PROJECT / "templates") if t.is_dir()), None)
    shown = templates and (f"{templates.name}/" if templates.resolve().parent == repo.resolve()
                           else templates.as_posix())
    diff = ContentDiff(old, new, prefix, shown)
    if old.files != new.files:
        for snap in (old, new):
            snap.load(prefix, templates)
        _compare(diff)
    return diff.markdown()


def _records(c: Content) -> dict[tuple, tuple[Any, str]]:
    """Every record of a revision by (kind, key…), with the file it came from."""
    out = {("definition file", k): (v.value, v.rel) for k, v in c.indices.items()}
    if c.treaties:
        out["definition file", "treaties.yml"] = (c.treaties.value, c.treaties.rel)
    for s, x in c.countries.items():
        if x.country:
            out["country", s] = (x.country.value, x.country.rel)
        for r in sorted(x.reports, key=lambda r: r.rel, reverse=True):  # the first file wins
            out["report", s, r.value.index, r.value.edition] = (r.value, r.rel)
        if x.events:
            out["events", s] = (x.events.value, x.events.rel)
            out.update({("event", s, e.id): (e, x.events.rel) for e in x.events.value.events})
        out.update({("election", s, k): (e.value, e.rel) for k, e in x.elections.items()})
    return out


def _label(key: tuple, value: Any, where: tuple[str, str]) -> str:
    if key[0] in ("country", "report"):
        return f"{md(value.name)} ({code(key[1])})" if key[0] == "country" else ", ".join(where)
    if key[0] == "event":
        return (f"{where[0]}, {code(key[2])} ({md(value.month)}{', watch' * value.watch}):"
                f" {md(value.title)}")
    if key[0] == "election":
        return f"{where[0]}, {code(key[2])}: {md(value.body)}, {md(value.date)}"
    return code(key[1]) + (f" ({md(value.name)})" if isinstance(value, Index) else "")


def _compare(d: ContentDiff) -> None:
    records = [_records(d.base.checked.content), _records(d.head.checked.content)]
    # Files that gave no record (YAML or schema errors), by the side an item is missing from
    lost = [set(s.files) - {rel for _, rel in r.values()} for s, r in zip(
        (d.head, d.base), records[::-1])]
    names = {k[1]: v.name for r in records for k, (v, _) in r.items() if k[0] == "country"}
    indices = [{k[1]: v for k, (v, _) in r.items() if isinstance(v, Index)} for r in records]
    short = {k: v.short_name for ixs in indices for k, v in ixs.items()}
    treaty = {t.id: t.short_name for r in records for k, (v, _) in r.items()
              if k == ("definition file", "treaties.yml") for t in v.treaties}
    for key in sorted({*records[0], *records[1]}):
        kind, old, new = key[0], records[0].get(key), records[1].get(key)
        sort = key[1:] if kind == "definition file" else (names.get(key[1], key[1]).casefold(),
                                                          *key[1:])
        where = (md(names.get(key[1], key[1])), md(f"{short.get(key[2], key[2].upper())}"
                                                    f" {key[3]}") if kind == "report" else "")
        if old and new and old[0] != new[0] and kind == "report":
            _report(d, sort, where, old[0], new[0], *(ixs.get(key[2]) for ixs in indices))
        elif old and new and old[0] != new[0]:
            _changed(d, key, sort, where, old[0], new[0], treaty)
        elif not (old and new) and (old or new)[1] in lost[old is None]:
            rel, rev = (old or new)[1], (d.head if old else d.base).rev
            d.add("lost", (rel,), f"- {code(f'{d.prefix}/{rel}'.lstrip('/'))}: could not be read"
                                  f" at {code(rev)} (see the validation problems; its pages are"
                                  " missing there)")
        elif not (old and new) and kind != "events":
            verb, value = ("removed", old[0]) if old else ("added", new[0])
            d.counts[kind, verb] += 1
            d.add(kind, (verb != "added", *sort), f"- {verb.capitalize()}: "
                  + _label(key, value, where))
    _pages(d)
    _problems(d, {f"{d.prefix}/{rel}".lstrip("/") for rel in lost[0]})


def _changed(d: ContentDiff, key: tuple, sort: tuple, where: tuple[str, str], old: Any, new: Any,
             treaty: dict[str, str]) -> None:
    """A record (not a report) in both revisions that changed: what changed, by kind."""
    kind = key[0]
    dumps = [x.model_dump(by_alias=True, exclude={"id", "events"}) for x in (old, new)]
    if kind == "definition file":
        d.counts[kind, "changed"] += 1
        rows, edits = _changes(*dumps)  # which keys: `aggregate.decimals`, `categories.x`
        keys = list(dict.fromkeys(".".join(p.split(".")[:2 if isinstance(new, Index) else 3])
                                  for p in [r[0] for r in rows] + edits))
        more = f" and {len(keys) - 12} more" if len(keys) > 12 else ""
        return d.add(kind, (2, *sort), f"- {_label(key, new, where)}: "
                     f"{', '.join(map(code, keys[:12]))}{more}")
    if kind == "country" and old.name != new.name:
        d.counts["country", "renamed"] += 1
        d.add(kind, (2, *sort), f"- Renamed: {md(old.name)} → {md(new.name)} ({code(key[1])})")
    statuses = [(x.pop("name", 0), (x.get("treaties") or {}).pop("statuses", {}))[1]
                for x in dumps] if kind == "country" else [{}, {}]
    for tid in sorted(statuses[0].keys() | statuses[1].keys()):
        x, y = (TREATY_STATUS_LABELS.get(s.get(tid), "Not recorded") for s in statuses)
        if x != y:
            d.counts["treaty status", "changed"] += 1
            d.add("treaties", sort + (tid,), (where[0], md(treaty.get(tid, tid)), x, y))
    rows, edits = _changes(*dumps)
    item = [] if kind == "country" else [code(key[2], True) if len(key) > 2 else DASH]
    for i, (path, x, y) in enumerate(rows):
        d.add("facts" if kind == "country" else kind.rstrip("s") + " rows", sort + (i,),
              (where[0], *item, code(path, True), md(x), md(y)))
    if edits:
        what = {"country": "", "events": ", events"}.get(kind, f", {kind} {item and item[0]}")
        d.add("text", sort + (kind,), f"- {where[0]}{what}: " + ", ".join(map(code, edits)))
    noun = "country fact" if kind == "country" else kind
    d.counts[noun, "changed"] += (len(rows) + len(edits) if kind == "country"
                                  else kind != "events" and bool(rows or edits))


def _report(d: ContentDiff, key: tuple, where: tuple[str, str], old: Report, new: Report,
            ix_old: Index | None, ix_new: Index | None) -> None:
    """A report in both revisions: figures (as the index prints them), narratives, the rest."""
    cats = {c.id: c.name for ix in (ix_old, ix_new) if ix for c in ix.categories}
    fig = [_figures(old, ix_old, cats), _figures(new, ix_new, cats)]
    rows = [(md(f), md(fig[0].get(f, DASH)), md(fig[1].get(f, DASH)))
            for f in [*fig[0], *(f for f in fig[1] if f not in fig[0])]]
    sections = [{"summary": r.summary, "at a glance": r.at_a_glance,
                 **{f"{cats.get(c.id, c.id)} narrative": c.narrative for c in r.categories}}
                for r in (old, new)]
    texts = [f", {md(name)}: {what}" for name in dict.fromkeys([*sections[0], *sections[1]])
             if (what := _narrative(sections[0].get(name), sections[1].get(name)))]
    more, edits = _changes(*(r.model_dump(by_alias=True, include={
        "covers", "author", "source", "data_note", "score_changes"}) for r in (old, new)))
    rows = [r for r in rows if r[1] != r[2]] + [
        (code(p, True), md(x), md(y)) for p, x, y in more
        if not (p.startswith("score_changes.") and p.endswith((".from", ".to")))]
    texts += [": " + ", ".join(map(code, edits))] if edits else []
    for i, row in enumerate(rows):
        d.add("ratings", key + (i,), (*where, *row))
    for i, text in enumerate(texts):
        d.add("text", key + (i,), f"- {', '.join(where)}{text}")
    d.counts["report", "changed"] += bool(rows or texts)


def _pages(d: ContentDiff) -> None:
    for snap in (s for s in (d.base, d.head) if s.render_error):
        d.add("pages", (0, snap.rev), f"Pages not compared: {code(snap.rev)} did not render:"
              f" {md(snap.render_error, 300)}")
    old, new = d.base.pages, d.head.pages
    for i, (verb, paths) in enumerate([] if old is None or new is None else [
            ("added", new.keys() - old.keys()), ("removed", old.keys() - new.keys()),
            ("changed", {p for p in old.keys() & new.keys() if old[p] != new[p]})]):
        if paths:
            d.counts["page", verb] += len(paths)
            items = [f"- {code(p)}" for p in sorted(paths)]
            d.add("pages", (1, str(i)), "\n".join([f"{verb.capitalize()} ({len(paths)}):", "",
                                                   *_collapse(items, "pages")]))


def _problems(d: ContentDiff, unread: set[str]) -> None:
    """Diagnostics of one revision that the other lacks, by (path, code, message): lines shift.
    Problems in files HEAD could not read (`unread`) are not fixed, just not checked."""
    for verb, mine, theirs in (("introduced", d.head, d.base), ("fixed", d.base, d.head)):
        left = Counter((x.path, x.code, x.message) for x in theirs.checked.diagnostics)
        items = []
        for x in mine.checked.diagnostics:
            if left[x.path, x.code, x.message] or (verb == "fixed" and x.path in unread):
                left[x.path, x.code, x.message] -= 1
                continue
            d.counts["validation error" if x.severity is Severity.ERROR else "warning", verb] += 1
            where = f"{x.path}:{x.line}:{x.col}" if x.line else x.path
            items.append(f"- {x.severity.value}: {code(where)} {md(x.message, 300)}")
        if items:
            d.add("problems", (verb == "fixed",), "\n".join([
                f"{verb.capitalize()} at {code(mine.rev)} ({len(items)}):", "",
                *_collapse(items, "problems")]))
