"""Text as the reader sees it: the inline markup of profile text, dates, file names.

Profile text is plain text with two small, documented marks: `[label](https://...)` for a
link and `**words**` for bold. Nothing else is markup: `<b>`, `&amp;` and the like are shown
as written. Where hanzi meet Latin letters or digits, a space is put between them unless the
source has one, so `使用Kubernetes构建` and `使用 Kubernetes 构建` print the same.
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
# An en dash between spaces reads as a range in both scripts.
RANGE_SEPARATOR = " – "

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN = "A-Za-z0-9"
_SCRIPT_BOUNDARY = re.compile(f"(?<=[{_HAN}])(?=[{_LATIN}])|(?<=[{_LATIN}])(?=[{_HAN}])")
_HAN_CHARACTER = re.compile(f"[{_HAN}]")
_LATIN_CHARACTER = re.compile(f"[{_LATIN}]")


@dataclass(frozen=True)
class Span:
    """A run of text with one style: plain, bold, or a link."""

    text: str
    url: str | None = None
    bold: bool = False


def typeset(text: str) -> list[Span]:
    """`text` as the reader sees it: spans at its marks, spaced between scripts."""
    return space_between_scripts(parse_inline(text))


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


def space_between_scripts(spans: list[Span]) -> list[Span]:
    """A space wherever a hanzi and a Latin letter or digit touch, inside a span or across
    two; across two, it goes into the plain one, so a link or bold run keeps its edges."""
    spaced = [
        Span(_SCRIPT_BOUNDARY.sub(" ", span.text), span.url, span.bold) for span in spans
    ]
    for index in range(len(spaced) - 1):
        before, after = spaced[index], spaced[index + 1]
        if not (before.text and after.text and _scripts_touch(before.text[-1], after.text[0])):
            continue
        if _is_plain(after) and not _is_plain(before):
            spaced[index + 1] = Span(" " + after.text, after.url, after.bold)
        else:
            spaced[index] = Span(before.text + " ", before.url, before.bold)
    return spaced


def _is_plain(span: Span) -> bool:
    return span.url is None and not span.bold


def _scripts_touch(left: str, right: str) -> bool:
    return bool(
        (_HAN_CHARACTER.match(left) and _LATIN_CHARACTER.match(right))
        or (_LATIN_CHARACTER.match(left) and _HAN_CHARACTER.match(right))
    )


def visible_text(text: str) -> str:
    """What a reader sees of `text`: its marks removed, link targets left out, spaced."""
    return "".join(span.text for span in typeset(text))


def link_targets(text: str) -> list[str]:
    """The URLs that `text` links to."""
    return [span.url for span in parse_inline(text) if span.url]


def format_month(date: YearMonth, language: str) -> str:
    """`2021.02` in Chinese, `Feb 2021` in English; the year alone where no month is known."""
    if not date.month:
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
