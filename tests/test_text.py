"""Text as the reader sees it: spacing between scripts (cases as data), dates, file names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from resume.model import YearMonth
from resume.render import inline_markup
from resume.text import format_period, slugify, visible_text

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "spacing.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["spaced"], ids=[case["text"] for case in CASES["spaced"]])
def test_space_between_hanzi_and_latin_is_added_never_doubled(case):
    assert str(inline_markup(case["text"])) == case["html"]


@pytest.mark.parametrize("text", CASES["unchanged"])
def test_text_that_needs_no_spacing_is_unchanged(text):
    assert visible_text(text) == text


@pytest.mark.parametrize(
    ("start", "end", "language", "expected"),
    [
        (YearMonth(2021, 2), None, "zh", "2021.02 – 至今"),
        (YearMonth(2021, 2), None, "en", "Feb 2021 – Present"),
        (YearMonth(2018), YearMonth(2021, 2), "zh", "2018 – 2021.02"),
        (YearMonth(2018), YearMonth(2021, 12), "en", "2018 – Dec 2021"),
    ],
)
def test_periods_per_language(start, end, language, expected):
    present = {"zh": "至今", "en": "Present"}[language]
    assert format_period(start, end, language, present) == expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Yuandong Xie", "yuandong-xie"), ("José  Núñez-Ortiz", "jose-nunez-ortiz"), ("谢远东", "")],
)
def test_file_names_from_names(name, slug):
    assert slugify(name) == slug
