"""Fitting a résumé to a page budget: the least shrinking that makes it fit.

Shrinking follows one path, from the theme's natural typography (t = 0) to the readability
floors (t = 1): vertical spacing goes first, then the page margins and the sidebar's width
(which leave the text as it is), then line height, then the size of the text, which never
drops below 9 pt. Each stage overlaps the next by half, so the height falls smoothly along
the path and the search can interpolate on it.

Each step is a layout only (no PDF is written). The first probe is a guess from how much
is over; the floors are laid out only when that guess does not fit (and is not the floors
already). The search then keeps the answer between a layout that overflows and one that
fits, interpolating on the measured height, and stops as soon as the fitting one fills its
last page nearly to the end, so a handful of layouts suffice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .design import (
    MIN_FONT_SIZE,
    MIN_LEADING,
    MIN_MARGIN,
    MIN_SIDEBAR_SHARE,
    MIN_SPACE,
    Margins,
    Typography,
)
from .errors import ResumeError

# Layouts tried once the answer is bracketed; each costs about a tenth of a second.
MAX_PROBES = 3
# Stop once the bracket is this narrow, or the fitting layout leaves less than this much
# of a page empty: the difference no longer shows on paper.
TOLERANCE = 0.05
# Roughly how much of its natural height a résumé keeps at the floors: for the first guess.
FLOOR_HEIGHT_SHARE = 0.6


@dataclass(frozen=True)
class Measured:
    """A layout and what fitting needs to know of it."""

    document: object  # a WeasyPrint Document
    page_count: int
    last_page_fill: float  # 0 to 1

    @property
    def height(self) -> float:
        """The content's height in pages: 1.4 is one full page and 40% of a second."""
        return self.page_count - 1 + self.last_page_fill


@dataclass(frozen=True)
class Fitted:
    layout: Measured
    typography: Typography
    shrunk: bool


# Where each stage of the path starts and ends, on t from 0 to 1.
SPACE_STAGE = (0.0, 0.4)
PAGE_STAGE = (0.2, 0.6)  # margins and sidebar
LEADING_STAGE = (0.4, 0.8)
FONT_STAGE = (0.6, 1.0)


def typography_at(t: float, natural: Typography) -> Typography:
    """The typography at `t` on the path from `natural` (0) to the floors (1). Nothing
    grows along it: a value already under its floor stays as it is."""

    def along(value: float, floor: float, stage: tuple[float, float]) -> float:
        start, end = stage
        share = min(1.0, max(0.0, (t - start) / (end - start)))
        return value + (min(floor, value) - value) * share

    margins = None if natural.margins is None else Margins(
        *(along(side, MIN_MARGIN, PAGE_STAGE) for side in natural.margins)
    )
    sidebar = None if natural.sidebar is None else along(
        natural.sidebar, natural.sidebar * MIN_SIDEBAR_SHARE, PAGE_STAGE
    )
    return Typography(
        font_size=along(natural.font_size, MIN_FONT_SIZE, FONT_STAGE),
        leading=along(natural.leading, MIN_LEADING, LEADING_STAGE),
        space=along(natural.space, MIN_SPACE, SPACE_STAGE),
        margins=margins,
        sidebar=sidebar,
    )


def fit_to_pages(
    layout: Callable[[Typography], Measured],
    natural: Typography,
    pages: int,
    section_heights: Callable[[object], dict[str, float]],
    language: str,
) -> Fitted:
    """The layout that fits `pages` with the least shrinking, or a `ResumeError` saying how
    much is over and which sections are longest."""
    first = layout(natural)
    if first.page_count <= pages:
        return Fitted(first, natural, shrunk=False)
    target = pages - 0.02  # aim just under the budget: layouts are not perfectly smooth
    guess_t = min(1.0, (1 - target / first.height) / (1 - FLOOR_HEIGHT_SHARE) + 0.05)
    guess = layout(typography_at(guess_t, natural))
    if guess.page_count <= pages:
        low_t, low, high_t, high = 0.0, first, guess_t, guess
    else:
        floor_typography = typography_at(1.0, natural)
        floor = guess if guess_t == 1.0 else layout(floor_typography)
        if floor.page_count > pages:
            raise ResumeError(overflow_message(floor, floor_typography, natural, pages,
                                               section_heights(floor.document), language))
        low_t, low, high_t, high = guess_t, guess, 1.0, floor
    # Bracket: `low` overflows, `high` fits. Interpolate on the height, never leaving the
    # bracket, and keep the best fit seen.
    for _ in range(MAX_PROBES):
        if high_t - low_t <= TOLERANCE or high.height >= pages - TOLERANCE:
            break
        share = (low.height - target) / max(low.height - high.height, 1e-6)
        probe_t = low_t + (high_t - low_t) * min(0.85, max(0.15, share))
        probe = layout(typography_at(probe_t, natural))
        if probe.page_count <= pages:
            high_t, high = probe_t, probe
        else:
            low_t, low = probe_t, probe
    return Fitted(high, typography_at(high_t, natural), shrunk=True)


def overflow_message(
    floor: Measured,
    floor_typography: Typography,
    natural: Typography,
    pages: int,
    heights: dict[str, float],
    language: str,
) -> str:
    over = floor.height - pages
    longest = sorted(heights.items(), key=lambda item: item[1], reverse=True)[:3]
    sections = ", ".join(f"{name} ({height:.0%} of a page)" for name, height in longest)
    page_word = "page" if pages == 1 else "pages"
    return (
        f"the {language} résumé does not fit {pages} {page_word}: even at the readability "
        f"floors ({floor_typography.describe(natural)}) it is {over:.0%} of a page over. "
        f"The longest sections: {sections}. Shorten them, or allow more pages"
    )
