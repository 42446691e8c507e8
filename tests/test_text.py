"""Text as the reader sees it: typesetting per language (cases as data), dates, file names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from resume.model import YearMonth
from resume.render import inline_markup
from resume.text import (
    LONG_WORD,
    WORD_JOINER,
    format_month,
    format_period,
    long_words,
    slugify,
    typeset,
)

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "typesetting.yaml").read_text(encoding="utf-8")
)
UNCHANGED = [(language, text) for language, texts in CASES["unchanged"].items()
             for text in texts]


@pytest.mark.parametrize("case", CASES["paragraphs"], ids=[c["text"] for c in CASES["paragraphs"]])
def test_paragraphs_are_typeset_for_their_language(case):
    html = str(inline_markup(typeset(case["text"], case["language"], paragraph=True)))
    assert html == case["html"].replace("‸", WORD_JOINER)


@pytest.mark.parametrize(("language", "text"), UNCHANGED, ids=[text for _, text in UNCHANGED])
def test_text_that_needs_nothing_is_unchanged(language, text):
    assert str(typeset(text, language)) == text


def test_long_words_are_runs_with_nothing_to_break_at():
    word = "x" * (LONG_WORD + 1)
    assert long_words(f"see {word}, then") == [f"{word},"]
    assert long_words("y" * LONG_WORD) == []
    assert long_words("构建" * 40) == []  # hanzi break anywhere
    assert long_words("x" * 30 + "构" + "x" * 30) == []
    assert long_words("x" * 30 + "\u200b" + "x" * 30) == []


def test_short_texts_are_not_joined():
    assert str(typeset("王小明", "zh")) == "王小明"
    assert str(typeset("王小明", "zh", paragraph=True)) == f"王小{WORD_JOINER}明"


@pytest.mark.parametrize(
    ("date", "style", "expected"),
    [
        (YearMonth(2021, 2), "dotted", "2021.02"),
        (YearMonth(2021, 2), "chinese", "2021年2月"),
        (YearMonth(2021, 2), "short", "Feb 2021"),
        (YearMonth(2021, 2), "numeric", "02/2021"),
        (YearMonth(2018), "dotted", "2018"),
        (YearMonth(2018), "chinese", "2018年"),
        (YearMonth(2018), "numeric", "2018"),
    ],
)
def test_date_styles(date, style, expected):
    assert format_month(date, style) == expected


@pytest.mark.parametrize(
    ("start", "end", "style", "present", "expected"),
    [
        (YearMonth(2021, 2), None, "dotted", "至今", "2021.02 – 至今"),
        (YearMonth(2021, 2), None, "chinese", "至今", "2021年2月 – 至今"),
        (YearMonth(2021, 2), None, "short", "Present", "Feb 2021 – Present"),
        (YearMonth(2021, 2), None, "numeric", "Present", "02/2021 – Present"),
        (YearMonth(2018), YearMonth(2021, 12), "short", "Present", "2018 – Dec 2021"),
    ],
)
def test_periods(start, end, style, present, expected):
    assert format_period(start, end, style, present) == expected


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Yuandong Xie", "yuandong-xie"), ("José  Núñez-Ortiz", "jose-nunez-ortiz"), ("谢远东", "")],
)
def test_file_names_from_names(name, slug):
    assert slugify(name) == slug
