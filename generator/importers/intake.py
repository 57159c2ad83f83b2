"""The input files of `generator import`: a page's text, or a refusal that says what the file is.

An editor may hand the importer the wrong file: a saved web page instead of its text, a PDF, a
zip, an image, text in another encoding, an empty file, a file of gigabytes. Each is refused
before anything is imported, with one line that names the file (and the line, where there is
one) and what to do instead (issue 24). The checks read at most MAX_BYTES + 1 bytes and are
linear in them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MAX_BYTES = 32_000_000  # one country page's text is well under 1 MB; 20 MB imports in seconds
EXPECTED = "expected the page's text (copy it from the browser, or save as text)"
HTML_SAMPLE = 256_000  # characters looked at for tags
HTML_TAGS = 10  # this many HTML tags in the sample make it a web page, not its text

# (leading bytes, what the file is): formats an editor may save a page as, by accident.
MAGIC = [
    (b"%PDF-", "a PDF"), (b"PK\x03\x04", "a zip archive (.docx, .xlsx and .odt files are too)"),
    (b"PK\x05\x06", "a zip archive"), (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"), (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF87a", "an image (GIF)"), (b"GIF89a", "an image (GIF)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document (.doc, .xls)"),
    (b"{\\rtf", "a rich-text document (RTF)"),
]
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<(?:!doctype|html))",
                         re.I)
_TAG = re.compile(
    r"</?(?:a|article|aside|b|body|br|button|div|em|footer|form|h[1-6]|head|header|hr|html|i"
    r"|iframe|img|input|li|link|main|meta|nav|ol|option|p|path|script|section|select|span"
    r"|strong|style|svg|table|tbody|td|th|thead|title|tr|ul)\b[^<>]*>", re.I)


class Refused(Exception):
    """Why a file is not imported; `line` is 1-based, 0 when the reason is the whole file."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_page(path: Path) -> str:
    """The text of the file at `path`, or Refused. Reads at most MAX_BYTES + 1 bytes, so a
    device or a pipe that never ends is refused as too large rather than filling the memory."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:  # a regular file says its size: no need to read it
                raise Refused(_too_large(size))
            data = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise Refused("cannot read the file: permission denied") from None
    except IsADirectoryError:
        raise Refused("this is a folder, expected a text file") from None
    except FileNotFoundError:
        raise Refused("no such file") from None
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise Refused(_too_large(None))
    return page_text(data)


def page_text(data: bytes) -> str:
    """`data` decoded as a page's text, or Refused saying what else it looks like."""
    if not data:
        raise Refused("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused("the file is UTF-16 text; save it as UTF-8")
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise Refused(f"the file looks like {kind}, {EXPECTED}")
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise Refused(f"the file looks like an image (WebP), {EXPECTED}")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise Refused(f"the file looks binary (a NUL byte on line {_line_at(data, nul)}),"
                      f" {EXPECTED}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Refused(f"not UTF-8 text (byte 0x{data[exc.start]:02X} at column {column});"
                      " save the text as UTF-8", line) from None
    if not text.strip():
        raise Refused("the file holds only whitespace, no text")
    _refuse_markup(text)
    return text


def _refuse_markup(text: str) -> None:
    """Refused when the text is a saved web page (HTML or MHTML) rather than its text."""
    sample = text[:HTML_SAMPLE].lstrip("\ufeff")
    web_page = f"the file looks like HTML (a saved web page), {EXPECTED}"
    if _HTML_START.match(sample):
        raise Refused(web_page)
    head = sample[:4000].lower()
    if "mime-version:" in head and "multipart/related" in head:
        raise Refused(f"the file looks like a saved web page archive (MHTML), {EXPECTED}")
    tags = 0
    for _ in _TAG.finditer(sample):
        tags += 1
        if tags >= HTML_TAGS:
            raise Refused(web_page)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _too_large(size: int | None) -> str:
    shown = f"is {size / 1e6:,.1f} MB, over" if size is not None else "is over"
    return (f"the file {shown} the {MAX_BYTES // 1_000_000} MB limit for one page's text"
            " (a country page is well under 1 MB): is it the right file?")
