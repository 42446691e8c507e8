"""Text as the reader sees it: the inline markup of profile text, dates, file names.

Profile text is plain text with two small, documented marks: `[label](https://...)` for a
link and `**words**` for bold. Nothing else is markup: `<b>`, `&amp;` and the like are shown
as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import YearMonth

_INLINE = re.compile(
    r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s()]+)\)"
    r"|\*\*(?P<bold>[^*\n]+)\*\*"
)

MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
# An en dash between thin spaces reads as a range in both scripts.
RANGE_SEPARATOR = " – "


@dataclass(frozen=True)
class Span:
    """A run of text with one style: plain, bold, or a link."""

    text: str
    url: str | None = None
    bold: bool = False


def parse_inline(text: str) -> list[Span]:
    """Split `text` into spans at its link and bold marks."""
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        if match.group("label"):
            spans.append(Span(match.group("label"), url=match.group("url")))
        else:
            spans.append(Span(match.group("bold"), bold=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return spans


def visible_text(text: str) -> str:
    """What a reader sees of `text`: its marks removed, link targets left out."""
    return "".join(span.text for span in parse_inline(text))


def link_targets(text: str) -> list[str]:
    """The URLs that `text` links to."""
    return [span.url for span in parse_inline(text) if span.url]


def format_month(date: YearMonth, language: str) -> str:
    """`2021.02` in Chinese, `Feb 2021` in English; the year alone where no month is known."""
    if date.month is None:
        return str(date.year)
    if language == "en":
        return f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"
    return f"{date.year}.{date.month:02d}"


def format_period(start: YearMonth, end: YearMonth | None, language: str, present: str) -> str:
    """A date range such as `2021.02 – 至今` or `Feb 2021 – Present`."""
    until = present if end is None else format_month(end, language)
    return f"{format_month(start, language)}{RANGE_SEPARATOR}{until}"


def slugify(text: str) -> str:
    """A lower-case ASCII file-name part (`Yuandong Xie` -> `yuandong-xie`); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
