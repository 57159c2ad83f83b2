"""Importer input limits (issue 24): `generator import` on inputs built to hurt, timed.

Each case is written to a file and run as a user runs it, `python -m generator import FILE
--into DIR --force`, in its own process with a time limit; a case still running then is shown
as `>LIMIT` (stopped). Printed per case: input size, seconds (wall, start-up included), MB/s,
exit code and how many lines of messages it printed. Targets (issue 24): 20 MB of page text in
under 10 s, a single 1 MB line without a newline in under 2 s. Nothing in the test suite asserts
on these times (tests/test_importers_limits.py checks the refusals and that nothing breaks).

    .venv/bin/python bench/importers_limits.py [--mb 20] [--limit 120] [--only NAME,...]
        [--before DIR]

--before DIR also runs each case on the generator in DIR (a checkout, or `git archive REV
generator content | tar -x -C DIR`) and prints its time beside, from the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "import"
MB = 1_000_000

# A few lines that make each importer take the input (its detection signals), then the payload.
HEADS = {
    "nit": "Nations in Transit 2022: Ruritania\nDemocracy Percentage 22.02 100\n"
           "Democracy Score 2.32 7\nScore changes in 2022\nExecutive Summary\n",
    "idea": "Europe\nCentral Europe\nFlag\nRuritania\nhttps://www.idea.int/democracytracker/\n"
            "See all event reports for this country\nMarch 2025\nA title\n",
    "fiw": "Freedom in the World 2024\nRuritania\nGlobal Freedom Score 28 /100 Not Free\n"
           "Political Rights 9 /40\nCivil Liberties 19 /60\nOverview\n",
    "fotn": "Freedom on the Net 2023\nRuritania\nInternet Freedom Score 52 /100 Partly Free\n"
            "Obstacles to Access 15 /25\nLimits on Content 21 /35\nKey Developments in 2023\n",
}
FIXTURE = {"nit": "nit_2022_ruritania.txt", "idea": "idea_ruritania.txt",
           "fiw": "fiw_2024_ruritania.txt", "fotn": "fotn_2023_ruritania.txt"}
# Lines that nearly match a heading or value line of each importer, and do not; each format's
# own, so that the page is still taken for that format.
NEAR = {
    "nit": ["Democracy Percentage 22.02 10", "Democracy Score 2.32 / 8", "Score changes in 202",
            "National Democratic Governance 1.00-7.00 pts0-7 pt", "Electoral Process 2.00 7.0",
            "As a result, Ruritania's Ruritania's democracy score improved from 2.29 to",
            "Civil Society rating improved from 2.75 to", "By Mira Valen and And and & Mira x",
            "Author: ", "Global Freedom Score", "header1 header2", "1.00 7.00 1.00 7.0",
            "Last Year's Democracy Percentage and", "on "],
    "idea": ["March 202", "Sources", "Update", "Watch flag x", "Population tooltip x",
             "Global ranking per category of democratic performance in 20", "high 0.7-1.",
             "Representation neutral", "1 / 1 /", "hover over", "Marchh 2025"],
    "fh": ["Global Freedom Score 23 /10", "Internet Freedom Score 2 /10", "A1 0-4 pt",
           "Political Rights 9 /4", "Key Developments in 202", "A Electoral Process 3 /",
           "Last Year's Score & Statu", "30 /100 Not Fre", "Overview x", "B Limits on Content 9"],
}
NEAR["fiw"] = NEAR["fotn"] = NEAR["fh"]


def sized(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def mixed_line(alphabet: str, size: int, seed: int = 24) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(size))


def cases(mb: float) -> dict[str, str]:
    """name -> input text. `mb` sizes the large cases; the single-line cases are 1 MB."""
    big = int(mb * MB)
    out: dict[str, str] = {}
    for fmt, name in FIXTURE.items():
        page = (FIXTURES / name).read_text(encoding="utf-8")
        out[f"{fmt}-page-repeated"] = sized(page + "\n", big)
    out["one-char"] = "a" * big
    out["newlines"] = "\n" * big
    out["spaces"] = " " * big
    for fmt in HEADS:
        out[f"{fmt}-near-headings"] = HEADS[fmt] + sized("\n".join(NEAR[fmt]) + "\n", big)
        out[f"{fmt}-whitespace-runs"] = HEADS[fmt] + sized("word" + " \t" * 5000 + "\n", big)
    for fmt in HEADS:  # one 1 MB line after the heads, no newline at its end
        out[f"{fmt}-1MB-digits-dots"] = HEADS[fmt] + mixed_line("0123456789. [", MB)
        out[f"{fmt}-1MB-one-char"] = HEADS[fmt] + "x" * MB
        out[f"{fmt}-1MB-word-digit"] = HEADS[fmt] + sized("a1 ", MB)
        out[f"{fmt}-1MB-closers"] = HEADS[fmt] + sized(")1", MB)
        out[f"{fmt}-1MB-sentences"] = HEADS[fmt] + sized("Word word word.1 ", MB)
    out["nit-1MB-near-heading"] = HEADS["nit"] + "As a result, " + sized("x's ", MB)
    out["nit-1MB-category"] = HEADS["nit"] + sized("1.00 - 7.00 pts ", MB)
    out["nit-1MB-byline"] = HEADS["nit"] + "By " + sized("Ab ", MB)
    out["nit-big-line"] = HEADS["nit"] + "x" * big  # one line of `mb` MB, placed in a summary
    out["idea-updates"] = HEADS["idea"] + "Body text.\nUpdate: first\n" + sized("more.\n", big)
    return out


def run_case(code: Path, path: Path, into: Path,
             limit: float) -> tuple[float | None, int | None, int]:
    """(seconds, exit code, lines of messages) of one import with the generator in `code`."""
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONIOENCODING="utf-8")
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "generator", "import", str(path), "--into",
                               str(into), "--force"], cwd=code, env=env, capture_output=True,
                              timeout=limit)
    except subprocess.TimeoutExpired:
        return None, None, 0
    took = time.perf_counter() - start
    if b"Traceback" in proc.stderr or proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-2000:])
    return took, proc.returncode, proc.stderr.count(b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the large cases, MB")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a case stops")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--before", type=Path, help="also time the generator in this folder")
    args = parser.parse_args()
    chosen = [n for n in args.only.split(",") if n]
    all_cases = cases(args.mb)
    unknown = [n for n in chosen if n not in all_cases]
    if unknown:
        parser.error(f"unknown cases: {', '.join(unknown)}; known: {', '.join(all_cases)}")
    before = f" {'before s':>9}" if args.before else ""
    print(f"{'case':28} {'MB':>7}{before} {'seconds':>8} {'MB/s':>7} {'exit':>4} {'messages':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in all_cases.items():
            if chosen and name not in chosen:
                continue
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size / MB
            old = ""
            if args.before:
                then = run_case(args.before.resolve(), path, Path(tmp) / "old", args.limit)[0]
                old = f" {_seconds(then, args.limit):>9}"
            took, code, messages = run_case(REPO, path, Path(tmp) / "out", args.limit)
            path.unlink()
            if took is None:
                print(f"{name:28} {size:7.2f}{old} {_seconds(took, args.limit):>8} {'':>7}"
                      f" {'-':>4} {'-':>8}  (stopped)", flush=True)
            else:
                print(f"{name:28} {size:7.2f}{old} {took:8.2f} {size / took:7.2f} {code:>4}"
                      f" {messages:>8}", flush=True)


def _seconds(took: float | None, limit: float) -> str:
    return f">{limit:g}" if took is None else f"{took:.2f}"


if __name__ == "__main__":
    main()
