"""Text as the reader sees it: inline marks, typographic conventions, dates, file names.

Profile text is plain text with two small, documented marks: `[label](https://...)` for a
link and `**words**` for bold. Nothing else is markup: `<b>`, `&amp;` and the like are shown
as written. Typesetting then follows the language:

- punctuation: full-width in Chinese text where it belongs to Chinese (`领域,贡献` becomes
  `领域，贡献`, `(含实习)` becomes `（含实习）`), with no spaces around it; half-width in
  English text (`Kubernetes，AWS` becomes `Kubernetes, AWS`); a space the author put
  between two hanzi stays, as written;
- where hanzi meet Latin letters or digits, a space, unless the source has one, so
  `使用Kubernetes构建` and `使用 Kubernetes 构建` print the same;
- the last two hanzi of a text are joined (U+2060 WORD JOINER), so that no paragraph or
  bullet ends with one hanzi alone on its last line.

Rules work span by span, seeing a little of the neighbouring spans, so link targets are
never touched and a link or bold run keeps its edges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .model import YearMonth

WORD_JOINER = "\u2060"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
LATIN = "A-Za-z0-9"
OPENING_MARKS = "（「『《【"
CLOSING_MARKS = "，。、；：！？）」』》】"

_INLINE = re.compile(
    r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s()]+)\)"
    r"|\*\*(?P<bold>[^*\n]+)\*\*"
)
_FULL_WIDTH = dict(zip(",;:!?.", "，；：！？。", strict=True))
_HALF_WIDTH = dict(zip("，。、；：！？", ",.,;:!?", strict=True))

Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]

# Chinese: an ASCII mark that belongs to the Chinese around it becomes full-width (after a
# hanzi, or between a Latin word and a hanzi); no space stands around full-width marks,
# whose glyphs carry their own room.
CHINESE_RULES: tuple[Rule, ...] = (
    (re.compile(f"(?<=[{HAN}]) ?(?P<mark>[,;:!?]) *"), lambda m: _FULL_WIDTH[m["mark"]]),
    (re.compile(f"(?<=[{HAN}])(?P<mark>\\.)(?=$|\\s|[{HAN}]) *"), lambda m: _FULL_WIDTH[m["mark"]]),
    (re.compile(f"(?<=[{LATIN})]) *(?P<mark>[,;:!?]) *(?=[{HAN}])"),
     lambda m: m.group() if _closes_entity(m) else _FULL_WIDTH[m["mark"]]),
    (re.compile(f"\\( *(?P<inside>[^()]*?[{HAN}][^()]*?) *\\)"), lambda m: f"（{m['inside']}）"),
    (re.compile(f" +(?=[{CLOSING_MARKS}{OPENING_MARKS}])|(?<=[{CLOSING_MARKS}{OPENING_MARKS}]) +"),
     ""),
)
# The end of an HTML entity's name, whose `;` is the author's text like the rest of it.
_ENTITY_NAME = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+)$")


def _closes_entity(match: re.Match[str]) -> bool:
    """Whether the mark of `match` is the `;` of an HTML entity (`&amp;`), which prints as
    written."""
    return match["mark"] == ";" and bool(
        _ENTITY_NAME.search(match.string, 0, match.start("mark")))


# English: a full-width mark that does not stand between hanzi becomes half-width.
ENGLISH_RULES: tuple[Rule, ...] = (
    (re.compile(f"(?<![{HAN}])(?P<mark>[，。、；：！？]) *(?![{HAN}])"),
     lambda m: _HALF_WIDTH[m["mark"]] + " "),
    (re.compile(f" *（ *(?![{HAN}])"), " ("),
    (re.compile(f"(?<![{HAN}]) *）"), ")"),
    (re.compile(r"(?<=\S)  +"), " "),
)
# Both: a space where hanzi and Latin letters or digits touch.
SPACING_RULES: tuple[Rule, ...] = (
    (re.compile(f"(?<=[{HAN}])(?=[{LATIN}])|(?<=[{LATIN}])(?=[{HAN}])"), " "),
)
_LAST_TWO_HANZI = re.compile(f"([{HAN}])([{HAN}][{CLOSING_MARKS}]*)$")
# A run of characters with nothing to break a line at (no space, no hanzi, kana, hangul or
# full-width mark) longer than this may not fit a main column (they hold 60 to 100
# characters at 10 pt); shorter ones, such as a Google Scholar address (46), fit there,
# though modern's sidebar, about 24 wide, breaks them too. Themes break a word wherever
# the line ends when they must (overflow-wrap: anywhere), and the build warns of long ones.
LONG_WORD = 60
_BREAKS = "\\s\u200b\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_LONG_WORD = re.compile(f"[^{_BREAKS}]{{{LONG_WORD + 1},}}")

MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
# An en dash between spaces reads as a range in both scripts.
RANGE_SEPARATOR = " – "


@dataclass(frozen=True)
class Span:
    """A run of text with one style: plain, bold, or a link."""

    text: str
    url: str | None = None
    bold: bool = False

    @property
    def plain(self) -> bool:
        return self.url is None and not self.bold


@dataclass(frozen=True)
class Rich:
    """A typeset text: its spans. `str()` is what a reader sees."""

    spans: tuple[Span, ...] = ()

    def __str__(self) -> str:
        return "".join(span.text for span in self.spans)

    def __bool__(self) -> bool:
        return any(span.text for span in self.spans)


def typeset(text: str, language: str, *, paragraph: bool = False) -> Rich:
    """`text` as a reader of `language` sees it: spans at its marks, punctuation of the
    language, space between scripts; in a `paragraph`, the last two hanzi joined."""
    spans = parse_inline(text)
    rules = CHINESE_RULES if language.startswith("zh") else ENGLISH_RULES
    spans = apply_rules(spans, (*rules, *SPACING_RULES))
    return Rich(join_last_hanzi(spans) if paragraph else tuple(spans))


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


def apply_rules(spans: list[Span], rules: tuple[Rule, ...]) -> list[Span]:
    """Each rule applied inside each span, its lookarounds seeing two characters of the
    spans around it. What a rule inserts at the seam of two spans goes into the plain one
    (into the first, between two styled ones), so a link or bold run keeps its edges."""
    result = list(spans)
    for pattern, replacement in rules:
        for index, span in enumerate(result):
            left = result[index - 1] if index > 0 else None
            right = result[index + 1] if index + 1 < len(result) else None
            seam = _Seam(
                before="".join(s.text for s in result[:index])[-2:],
                after="".join(s.text for s in result[index + 1 :])[:2],
                takes_left=left is None or (span.plain and not left.plain),
                takes_right=right is None or span.plain or not right.plain,
            )
            text = seam.substitute(pattern, replacement, span.text)
            result[index] = Span(text, span.url, span.bold)
    if result and result[-1].plain:
        result[-1] = Span(result[-1].text.rstrip(" "), result[-1].url, result[-1].bold)
    return result


@dataclass(frozen=True)
class _Seam:
    """What a span sees of its neighbours, and which of its edges take insertions."""

    before: str
    after: str
    takes_left: bool
    takes_right: bool

    def substitute(self, pattern: re.Pattern[str], replacement, text: str) -> str:
        whole = self.before + text + self.after
        start, end = len(self.before), len(self.before) + len(text)

        def within(match: re.Match[str]) -> str:
            low, high = match.span()
            if low == high:  # an insertion
                allowed = (start < low < end or (low == start and self.takes_left)
                           or (low == end and self.takes_right))
                if low == start == end:
                    allowed = self.takes_left and self.takes_right
            else:
                allowed = start <= low and high <= end
            if not allowed:
                return match.group(0)
            return replacement(match) if callable(replacement) else match.expand(replacement)

        replaced = pattern.sub(within, whole)
        return replaced[start : len(replaced) - len(self.after)]


def join_last_hanzi(spans: list[Span]) -> tuple[Span, ...]:
    """A word joiner between the last two hanzi, when the text ends with them."""
    for index in range(len(spans) - 1, -1, -1):
        if spans[index].text:
            span = spans[index]
            joined = _LAST_TWO_HANZI.sub(f"\\1{WORD_JOINER}\\2", span.text)
            spans = [*spans[:index], Span(joined, span.url, span.bold), *spans[index + 1 :]]
            break
    return tuple(spans)


@cache
def _simplified_to_traditional():
    import opencc  # only Traditional Chinese builds pay for loading its dictionaries

    # s2tw: characters in Taiwan's standard forms; the words stay the author's own (s2twp
    # would also swap vocabulary, 调度 to 排程, 优化 to 最佳化).
    return opencc.OpenCC("s2tw")


def to_traditional(text: str) -> str:
    """Simplified Chinese text in Traditional characters; Latin text and URLs unchanged."""
    return _simplified_to_traditional().convert(text)


def searchable(text: Rich | str) -> str:
    """Text for metadata and search: what is seen, without the invisible word joiners."""
    return str(text).replace(WORD_JOINER, "")


def long_words(text: str) -> list[str]:
    """The words of `text` (as printed) longer than LONG_WORD characters, with nothing
    inside them to break a line at."""
    return _LONG_WORD.findall(text)


def link_targets(text: str) -> list[str]:
    """The URLs that `text` links to."""
    return [span.url for span in parse_inline(text) if span.url]


def format_month(date: YearMonth, style: str) -> str:
    """A month in one of the date styles: dotted `2021.02`, chinese `2021年2月`, short
    `Feb 2021`, numeric `02/2021`; the year alone where no month is known."""
    if not date.month:
        return f"{date.year}年" if style == "chinese" else str(date.year)
    if style == "chinese":
        return f"{date.year}年{date.month}月"
    if style == "short":
        return f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"
    if style == "numeric":
        return f"{date.month:02d}/{date.year}"
    return f"{date.year}.{date.month:02d}"


def format_period(start: YearMonth, end: YearMonth | None, style: str, present: str,
                  expected: str = "") -> str:
    """A date range such as `2021.02 – 至今` or `Feb 2021 – Present`; an expected end reads
    `2026.06（预计）` or `Expected Jun 2026` (`expected`: the word for it)."""
    until = present if end is None else format_date(end, style, expected)
    return f"{format_month(start, style)}{RANGE_SEPARATOR}{until}"


def format_date(date: YearMonth, style: str, expected: str = "") -> str:
    """One date: a month, marked where it is still to come. Hanzi words follow the date in
    full-width parentheses; Latin ones go before it."""
    month = format_month(date, style)
    if not date.expected:
        return month
    if re.search(f"[{HAN}]", expected):
        return f"{month}（{expected}）"
    return f"{expected} {month}"


def slugify(text: str) -> str:
    """A lower-case ASCII file-name part (`Yuandong Xie` -> `yuandong-xie`); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
