"""Escaping data text for Markdown and HTML: the fast str.replace version gives exactly what
one regular-expression pass over every special character gives (the simplest correct version)."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.render import escape_html, escape_html_text, escape_md

SPECIAL = "\\`*_{}[]()#+-.!|><&~"
SPACES = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2009\u2028\u2029\u202f\u3000"
ENTITIES = {"<": "&lt;", "&": "&amp;", "~": "&#126;"}


def reference_md(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return re.sub("[" + re.escape(SPECIAL) + "]",
                  lambda m: ENTITIES.get(m.group(), "\\" + m.group()), text)


texts = st.text(alphabet=st.sampled_from(SPECIAL + SPACES + "aZé#;0")
                | st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_escape_md_matches_one_regex_pass(text):
    assert escape_md(text) == reference_md(text)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_escape_html_collapses_whitespace_and_escapes(text):
    assert escape_html(text) == html.escape(re.sub(r"\s+", " ", text).strip(), quote=True)


def test_escape_md_examples():
    assert escape_md("a&b ~ <i>#1") == "a&amp;b &#126; &lt;i\\>\\#1"
    assert escape_md("  two\n\tlines  ") == " two lines "
    assert escape_md("C:\\path_[x]") == "C:\\\\path\\_\\[x\\]"
    assert escape_md(12.5) == "12\\.5"


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables", "admonition"])


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_a_narrative_as_html_reads_as_it_did_as_markdown(text):
    """Narratives are written as HTML blocks (templates/_macros.md.j2): the reader sees the
    same text as when they were escaped Markdown, which Python-Markdown converted."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text or not text.isprintable():  # the loader refuses control characters
        return
    as_markdown = to_html(escape_md(text))
    as_html = to_html("<p>" + escape_html_text(text) + "</p>")
    assert html.unescape(as_html) == html.unescape(as_markdown)


def test_escape_html_text_keeps_the_ends_and_quotes():
    assert escape_html_text(" a <b> & 'c' \"d\"\n") == " a &lt;b&gt; &amp; 'c' \"d\" "
