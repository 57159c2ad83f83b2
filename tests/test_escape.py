"""Escaping data text for Markdown and HTML: the fast str.replace version gives exactly what
one regular-expression pass over every special character gives (the simplest correct version)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render import escape_html, escape_md

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
