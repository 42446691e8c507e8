"""The design settings and the typography of one layout, as the style sheet that carries them.

Themes read everything that a user or the page fitting may change from CSS custom
properties: `--accent`, `--font-size` (body text), `--leading` and `--space` (multipliers of
the theme's own line height and vertical spacing), and, in a theme with a sidebar,
`--sidebar-width`. This module writes them, with the page size and margins, into one style
sheet that comes after the theme's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import tinycss2

from .model import Design

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_FONT_SIZE = 10.0  # points
# Readability floors for fitting a page budget.
MIN_FONT_SIZE = 9.0
MIN_LEADING = 0.86
MIN_SPACE = 0.35
# Page margins, every side, in mm: about the narrowest at which a page still looks set
# rather than crammed, and twice what a printer loses at the edges; the running header and
# the page numbers still have room in it.
MIN_MARGIN = 10.0
# A sidebar keeps this share of its width: room still for an e-mail address or a skill
# on a line of its own at the smallest text.
MIN_SIDEBAR_SHARE = 0.8

# Absolute CSS units in millimetres: a theme's margins are read only in these.
_MILLIMETRES_PER_UNIT = {
    "mm": 1.0, "cm": 10.0, "q": 0.25, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6,
    "px": 25.4 / 96,
}
_MARGIN_SIDES = ("margin-top", "margin-right", "margin-bottom", "margin-left")


class Margins(NamedTuple):
    """Page margins in millimetres, in the order of CSS."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class Typography:
    """What the page fitting may change: body size (pt), multipliers of the theme's line
    height and vertical spacing, the page margins and the sidebar's width (mm). Margins
    are None when the theme's cannot be read (the fitting then leaves them as they are),
    the sidebar when the theme has none."""

    font_size: float = DEFAULT_FONT_SIZE
    leading: float = 1.0
    space: float = 1.0
    margins: Margins | None = None
    sidebar: float | None = None

    def describe(self, natural: Typography) -> str:
        """How far this is from `natural`, in words, leaving out changes too small to
        print: `font 9.5 pt (-5%), spacing -40%, margins 12 mm (-3 mm)`."""
        parts = []
        if change := _percent(self.font_size / natural.font_size - 1):
            parts.append(f"font {self.font_size:.1f} pt ({change})")
        if change := _percent(self.leading / natural.leading - 1):
            parts.append(f"line height {change}")
        if change := _percent(self.space / natural.space - 1):
            parts.append(f"spacing {change}")
        if self.margins is not None and natural.margins is not None:
            changed = [(_mm(now), change) for now, was in zip(self.margins, natural.margins,
                                                              strict=True)
                       if (change := _mm(now - was, signed=True))]
            if changed:
                values = _span(sorted({now for now, _ in changed}, key=float), "–")
                changes = _span(sorted({change for _, change in changed}, key=float,
                                       reverse=True), " to ")
                parts.append(f"margins {values} mm ({changes} mm)")
        if self.sidebar is not None and natural.sidebar is not None \
                and (change := _mm(self.sidebar - natural.sidebar, signed=True)):
            parts.append(f"sidebar {_mm(self.sidebar)} mm ({change} mm)")
        return ", ".join(parts) or "no change"


def _percent(change: float) -> str:
    """A relative change as printed, `-5%`; empty when it rounds to nothing."""
    text = f"{change:+.0%}"
    return "" if text in ("+0%", "-0%") else text


def _mm(length: float, signed: bool = False) -> str:
    """A length in millimetres to a tenth, without a trailing `.0`: `12`, `10.5`; signed,
    a change, `-2.5`, empty when it rounds to nothing."""
    text = f"{length:{'+' if signed else ''}.1f}".removesuffix(".0")
    return "" if signed and text in ("+0", "-0") else text


def _span(texts: list[str], joiner: str) -> str:
    return texts[0] if len(texts) == 1 else f"{texts[0]}{joiner}{texts[-1]}"


def natural_typography(design: Design, theme_css: str) -> Typography:
    """The typography before any fitting: the profile's font size and margins, else the
    theme's; the theme's sidebar."""
    if design.margins is not None:
        margins = Margins(*[float(design.margins)] * 4)
    else:
        margins = theme_margins(theme_css)
    return Typography(font_size=design.font_size or theme_font_size(theme_css),
                      margins=margins, sidebar=theme_sidebar_width(theme_css))


def theme_font_size(theme_css: str) -> float:
    """The body size a theme declares (`--font-size: 9.5pt;` in its style sheet)."""
    match = re.search(r"--font-size:\s*([\d.]+)pt", theme_css)
    return float(match.group(1)) if match else DEFAULT_FONT_SIZE


def theme_accent(theme_css: str) -> str | None:
    """The accent colour a theme declares (`--accent: #1f4e79;`), as #rgb or #rrggbb."""
    match = re.search(r"--accent:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\s*[;}]", theme_css)
    return match.group(1) if match else None


@lru_cache(maxsize=16)
def theme_sidebar_width(theme_css: str) -> float | None:
    """The width in mm of the sidebar a theme declares (`--sidebar-width: 62mm;`); None
    without one, or unless it is declared once, as an absolute length."""
    widths = set(re.findall(r"--sidebar-width:\s*([^;}]*?)\s*[;}]", theme_css))
    if len(widths) != 1:
        return None
    width = tinycss2.parse_one_component_value(widths.pop())
    return _millimetres(width) if width.type == "dimension" else None


@lru_cache(maxsize=16)  # a full parse of the style sheet, for every build of a batch
def theme_margins(theme_css: str) -> Margins | None:
    """The page margins a theme sets, in mm, or None when the build cannot be sure of them
    (the fitting then leaves them to the theme). It is sure of margins set in plain `@page`
    rules, in absolute lengths, without `!important`; not of `auto`, percentages, `em` or
    `var()`, nor of margins of `@page :first` and the like, inside `@media` or behind
    `@import`, which the build's own `@page` rule would not override."""
    sides: list[float | None] = [None] * 4
    for rule in tinycss2.parse_stylesheet(theme_css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule":
            continue
        if rule.lower_at_keyword == "import":
            return None
        if rule.lower_at_keyword != "page":
            if _holds_page_rule(rule.content or []):
                return None
            continue
        plain = not any(token.type not in ("whitespace", "comment") for token in rule.prelude)
        for item in tinycss2.parse_blocks_contents(rule.content or [], skip_comments=True,
                                                   skip_whitespace=True):
            if item.type != "declaration" or item.lower_name not in ("margin", *_MARGIN_SIDES):
                continue
            lengths = [_millimetres(token) for token in item.value
                       if token.type not in ("whitespace", "comment")]
            if not plain or item.important or None in lengths or not lengths:
                return None
            if item.lower_name == "margin" and len(lengths) <= 4:
                sides = list(_expand_box(lengths))
            elif item.lower_name in _MARGIN_SIDES and len(lengths) == 1:
                sides[_MARGIN_SIDES.index(item.lower_name)] = lengths[0]
            else:
                return None
    if any(side is None for side in sides):
        return None
    return Margins(*sides)


def _holds_page_rule(tokens: list) -> bool:
    """Whether an `@page` rule is among `tokens`, at any depth."""
    for token in tokens:
        if token.type == "at-keyword" and token.lower_value == "page":
            return True
        if _holds_page_rule(getattr(token, "content", None) or []):
            return True
    return False


def _millimetres(token) -> float | None:
    """An absolute length or a bare 0 in mm; None for anything else."""
    if token.type == "dimension" and token.lower_unit in _MILLIMETRES_PER_UNIT:
        return token.value * _MILLIMETRES_PER_UNIT[token.lower_unit]
    if token.type == "number" and token.value == 0:
        return 0.0
    return None


def _expand_box(values: list[float]) -> tuple[float, float, float, float]:
    """CSS's one to four values of a box shorthand as (top, right, bottom, left)."""
    top = values[0]
    right = values[1] if len(values) > 1 else top
    bottom = values[2] if len(values) > 2 else top
    left = values[3] if len(values) > 3 else right
    return top, right, bottom, left


def design_css(design: Design, typography: Typography, paper: str) -> str:
    """The style sheet of the design settings and `typography`, for after the theme's."""
    properties = [
        f"--font-size: {typography.font_size:.3f}pt",
        f"--leading: {typography.leading:.4f}",
        f"--space: {typography.space:.4f}",
    ]
    if typography.sidebar is not None:
        properties.append(f"--sidebar-width: {typography.sidebar:.2f}mm")
    if design.accent:  # validated as #rgb or #rrggbb: nothing else can get in here
        properties.append(f"--accent: {design.accent}")
    page = [f"size: {PAPER_SIZES[paper]}"]
    if typography.margins is not None:
        page.append("margin: " + " ".join(f"{side:.2f}mm" for side in typography.margins))
    return f":root {{ {'; '.join(properties)}; }}\n@page {{ {'; '.join(page)}; }}\n"
