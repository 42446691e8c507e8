"""The design settings and the typography of one layout, as the style sheet that carries them.

Themes read everything that a user or the page fitting may change from CSS custom
properties: `--accent`, `--font-size` (body text), `--leading` and `--space` (multipliers of
the theme's own line height and vertical spacing). This module writes them, with the page
size and margins, into one style sheet that comes after the theme's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Design

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_FONT_SIZE = 10.0  # points
# Readability floors for fitting a page budget.
MIN_FONT_SIZE = 9.0
MIN_LEADING = 0.86
MIN_SPACE = 0.35


@dataclass(frozen=True)
class Typography:
    """What the page fitting may change: body size (pt), and multipliers of the theme's
    line height and vertical spacing."""

    font_size: float = DEFAULT_FONT_SIZE
    leading: float = 1.0
    space: float = 1.0

    def describe(self, natural: Typography) -> str:
        """How far this is from `natural`, in words: `font 9.5 pt (-5%), spacing -40%`."""
        parts = []
        if self.font_size != natural.font_size:
            change = self.font_size / natural.font_size - 1
            parts.append(f"font {self.font_size:.1f} pt ({change:+.0%})")
        if self.leading != natural.leading:
            parts.append(f"line height {self.leading / natural.leading - 1:+.0%}")
        if self.space != natural.space:
            parts.append(f"spacing {self.space / natural.space - 1:+.0%}")
        return ", ".join(parts) or "no change"


def natural_typography(design: Design, theme_css: str) -> Typography:
    """The typography before any fitting: the profile's font size, else the theme's."""
    return Typography(font_size=design.font_size or theme_font_size(theme_css))


def theme_font_size(theme_css: str) -> float:
    """The body size a theme declares (`--font-size: 9.5pt;` in its style sheet)."""
    match = re.search(r"--font-size:\s*([\d.]+)pt", theme_css)
    return float(match.group(1)) if match else DEFAULT_FONT_SIZE


def design_css(design: Design, typography: Typography, paper: str) -> str:
    """The style sheet of the design settings and `typography`, for after the theme's."""
    properties = [
        f"--font-size: {typography.font_size:.3f}pt",
        f"--leading: {typography.leading:.4f}",
        f"--space: {typography.space:.4f}",
    ]
    if design.accent:  # validated as #rgb or #rrggbb: nothing else can get in here
        properties.append(f"--accent: {design.accent}")
    page = [f"size: {PAPER_SIZES[paper]}"]
    if design.margins is not None:
        page.append(f"margin: {design.margins:g}mm")
    return f":root {{ {'; '.join(properties)}; }}\n@page {{ {'; '.join(page)}; }}\n"
