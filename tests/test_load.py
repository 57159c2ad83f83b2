"""The YAML loader: YAML 1.2 values, positions, and problems as diagnostics."""

import os
import threading

from generator.model.load import MAX_FILE_BYTES, load_bytes, load_file


def messages(diags):
    return [d.format() for d in diags]


def test_yaml_12_keeps_norway_and_on_as_text():
    doc, diags = load_bytes(b"iso: NO\nswitch: on\nok: true\n", "f.yml")
    assert diags == []
    assert doc.data == {"iso": "NO", "switch": "on", "ok": True}


def test_plain_scalars_resolve_by_the_yaml_12_core_schema():
    cases = {"~": None, "null": None, "Null": None, "NULL": None, "": None,
             "true": True, "False": False, "TRUE": True, "0": 0, "-12": -12, "+3": 3,
             "0o17": 15, "0x1F": 31, "1.5": 1.5, "-.5": -0.5, "2e3": 2000.0, ".inf": float("inf"),
             "-.Inf": float("-inf"), "nul": "nul", "tru": "tru", "none": "none",
             "-x": "-x", "+-1": "+-1", ".": ".", "0x": "0x", "1.2.3": "1.2.3", "Yes": "Yes",
             "falsey": "falsey", "name": "name", "~x": "~x", "é": "é"}
    text = "".join(f"k{n}: {value}\n" for n, value in enumerate(cases))
    doc, diags = load_bytes(text.encode(), "f.yml")
    assert diags == []
    assert list(doc.data.values()) == list(cases.values())
    nan, _ = load_bytes(b"x: .NaN\n", "f.yml")
    assert nan.data["x"] != nan.data["x"]
    quoted, _ = load_bytes(b"a: '12'\nb: \"true\"\n", "f.yml")
    assert quoted.data == {"a": "12", "b": "true"}


def test_dates_stay_text():
    doc, _ = load_bytes(b"date: 2021-01-10\n", "f.yml")
    assert doc.data == {"date": "2021-01-10"}


def test_positions_of_values_and_keys():
    doc, _ = load_bytes(b"a:\n  - x: 1\n    y: [2, 3]\n", "f.yml")
    assert doc.position(("a", 0, "y", 1)).line == 3
    assert doc.position(("a", 0, "y", 1)).col == 12
    assert doc.key_position(("a", 0, "y")).col == 5
    # an unknown location falls back to the nearest enclosing value
    assert doc.position(("a", 0, "missing")).line == 2


def test_duplicate_keys_are_all_reported_with_lines():
    doc, diags = load_bytes(b"a: 1\nb: 2\na: 3\nb: 4\n", "f.yml")
    assert messages(diags) == [
        "f.yml:3:1: error: duplicate key 'a' (first defined at line 1), expected each key once",
        "f.yml:4:1: error: duplicate key 'b' (first defined at line 2), expected each key once",
    ]
    assert doc.data == {"a": 1, "b": 2}


def test_alias_bomb_is_refused_without_expansion():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    doc, diags = load_bytes("\n".join(lines).encode(), "bomb.yml")
    assert diags, "aliases must be reported"
    assert all(d.code == "yaml-alias" for d in diags)
    assert diags[0].format().startswith("bomb.yml:2:")


def test_syntax_error_has_position():
    _, diags = load_bytes(b"a: [1, 2\nb: 3\n", "f.yml")
    assert len(diags) == 1
    assert diags[0].code == "yaml-syntax"
    assert diags[0].line >= 2 and diags[0].format().startswith("f.yml:")


def test_non_utf8_bytes_are_located():
    _, diags = load_bytes(b"a: ok\nb: caf\xe9\n", "f.yml")
    assert messages(diags) == [
        "f.yml:2:7: error: byte 0xe9 is not UTF-8, expected UTF-8 text"]


def test_too_large_file_is_refused_unread():
    _, diags = load_bytes(b"a" * 5_000_001, "big.yml")
    assert messages(diags) == [
        "big.yml: error: the file is 5,000,001 bytes, expected at most 5,000,000"]


def test_a_file_is_read_whole_and_a_pipe_up_to_the_limit(tmp_path):
    """load_file sizes its read by the file; what has no size (a pipe, or a file that grows
    while it is read) is read on, and refused once it passes the limit, the rest unread."""
    plain = tmp_path / "plain.yml"
    plain.write_bytes(b"a: " + b"x" * 300_000 + b"\n")
    doc, diags = load_file(plain, "plain.yml")
    assert diags == [] and len(doc.data["a"]) == 300_000

    def through_a_pipe(data: bytes):
        fifo = tmp_path / f"pipe-{len(data)}.yml"
        os.mkfifo(fifo)
        written = [0]

        def write():
            try:
                with open(fifo, "wb") as out:
                    for start in range(0, len(data), 65536):
                        written[0] += out.write(data[start:start + 65536])
            except BrokenPipeError:  # the reader stopped at the limit
                pass
        writer = threading.Thread(target=write)
        writer.start()
        result = load_file(fifo, "pipe.yml")
        writer.join(timeout=30)
        return result, written[0]

    (doc, diags), _ = through_a_pipe(b"a: 1\nb: [x, y]\n")
    assert diags == [] and doc.data == {"a": 1, "b": ["x", "y"]}
    big = b"# " + b"x" * (MAX_FILE_BYTES + 3_000_000) + b"\n"
    (doc, diags), sent = through_a_pipe(big)
    assert doc is None and messages(diags) == [
        f"pipe.yml: error: the file is {MAX_FILE_BYTES + 1:,} bytes, expected at most"
        f" {MAX_FILE_BYTES:,}"]
    assert sent < len(big)  # the rest was never read


def test_two_documents_are_refused():
    _, diags = load_bytes(b"a: 1\n---\nb: 2\n", "f.yml")
    assert messages(diags) == [
        "f.yml:3:1: error: a second YAML document starts here, expected one document per file"]


def test_merge_key_is_refused():
    _, diags = load_bytes(b"base: &b {x: 1}\nother:\n  <<: *b\n", "f.yml")
    assert {d.code for d in diags} == {"yaml-alias"}
