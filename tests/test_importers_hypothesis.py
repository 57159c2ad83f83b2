"""import_text never raises on text Hypothesis makes up: any text, any mix of real page lines and
noise, binary-ish text. Skipped where Hypothesis is not installed (pin: hypothesis==6.170.15)."""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")

import tempfile  # noqa: E402

from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))  # keep .hypothesis/ out of the repo

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from .test_importers_fuzz import VOCABULARY, check  # noqa: E402

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.text())
def test_any_text(text):
    check(text, round_trip=True)


@FUZZ
@given(st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=40), max_size=80))
def test_any_mix_of_real_lines(lines):
    check("\n".join(lines), round_trip=True)


@FUZZ
@given(st.binary(max_size=2000))
def test_binary_ish_text(raw):
    check(raw.decode("latin-1"))
    check(raw.decode("utf-8", errors="replace"))
