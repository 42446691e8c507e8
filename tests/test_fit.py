"""Fitting a page budget: the path from the theme's typography to the floors, what the build
reads of a theme to move along it (margins, sidebar), the search, and real builds of a
résumé that fits one page only once the margins and the sidebar narrow."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import run_build
from resume.assets import THEMES_FOLDER
from resume.design import (
    MIN_FONT_SIZE,
    MIN_LEADING,
    MIN_MARGIN,
    MIN_SIDEBAR_SHARE,
    MIN_SPACE,
    Margins,
    Typography,
    design_css,
    theme_margins,
    theme_sidebar_width,
)
from resume.errors import ResumeError
from resume.fit import Measured, fit_to_pages, typography_at
from resume.model import Design

FIXTURE = Path(__file__).parent / "cases" / "fit_margins.yaml"
THEMES = ("classic", "compact", "modern")
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}
# The floors of the modern theme, as the overflow message names them.
MODERN_FLOORS = ("font 9.0 pt (-10%), line height -14%, spacing -65%, "
                 "margins 10 mm (-5 to -6 mm), sidebar 49.6 mm (-12.4 mm)")
TEXT_FLOORS = "font 9.0 pt (-10%), line height -14%, spacing -65%"

NATURALS = {
    "classic": Typography(10.0, margins=Margins(16, 17, 17, 17)),
    "modern": Typography(10.0, margins=Margins(15, 15, 16, 0), sidebar=62.0),
    "compact": Typography(9.5, margins=Margins(11, 12, 12, 12)),
    "margins unknown": Typography(10.5),
    "already under the floors": Typography(8.5, 0.8, 0.3, Margins(5, 8, 5, 8), sidebar=40.0),
}
STEPS = [n / 100 for n in range(101)]


def values(typography: Typography) -> list[float]:
    """Every number the fitting moves, in one list."""
    return [typography.font_size, typography.leading, typography.space,
            *(typography.margins or ()), *([typography.sidebar] if typography.sidebar else [])]


# The path


@pytest.mark.parametrize("natural", NATURALS.values(), ids=NATURALS.keys())
def test_no_step_along_the_path_grows_anything(natural):
    path = [values(typography_at(t, natural)) for t in STEPS]
    assert path[0] == values(natural)
    for before, after in zip(path, path[1:], strict=False):
        assert all(b >= a for b, a in zip(before, after, strict=True)), (before, after)


@pytest.mark.parametrize("natural", NATURALS.values(), ids=NATURALS.keys())
def test_the_path_ends_at_the_floors_and_keeps_what_is_already_under_them(natural):
    floors = typography_at(1.0, natural)
    assert floors.font_size == min(natural.font_size, MIN_FONT_SIZE)
    assert floors.leading == min(natural.leading, MIN_LEADING)
    assert floors.space == min(natural.space, MIN_SPACE)
    if natural.margins is None:
        assert floors.margins is None
    else:
        assert floors.margins == tuple(min(side, MIN_MARGIN) for side in natural.margins)
    if natural.sidebar is None:
        assert floors.sidebar is None
    else:
        assert floors.sidebar == pytest.approx(natural.sidebar * MIN_SIDEBAR_SHARE)


def test_the_text_shrinks_only_once_the_margins_and_the_sidebar_are_at_their_floors():
    natural = NATURALS["modern"]
    floors = typography_at(1.0, natural)
    for t in STEPS:
        at = typography_at(t, natural)
        if at.font_size < natural.font_size:
            assert (at.margins, at.sidebar) == (floors.margins, floors.sidebar), t
        if at.margins != natural.margins:
            assert at.space < natural.space, t  # spacing goes first


# What the build reads of a theme


MARGINS = [
    ("@page { margin: 15mm 15mm 16mm 0; }", Margins(15, 15, 16, 0)),
    ("@page { margin: 1in }", Margins(25.4, 25.4, 25.4, 25.4)),
    ("@page { margin: 1cm 2cm }", Margins(10, 20, 10, 20)),
    ("@page { margin: 1cm 2cm 3cm }", Margins(10, 20, 30, 20)),
    ("@page { margin: 12mm; margin-left: 0 }", Margins(12, 12, 12, 0)),
    ("@page { margin: 72pt } @page { margin-top: 96px }", Margins(25.4, 25.4, 25.4, 25.4)),
    ("@page { @bottom-right { margin: 0 } margin: 12mm }", Margins(12, 12, 12, 12)),
    ("@page :first { @top-right { content: none } } @page { margin: 1cm }",
     Margins(10, 10, 10, 10)),
    ("/* @page { margin: 1cm } */ @page { margin: 2cm }", Margins(20, 20, 20, 20)),
    # What the build cannot be sure of is left to the theme.
    ("", None),
    ("@page { size: A4 }", None),
    ("@page { margin: auto }", None),
    ("@page { margin: 5% }", None),
    ("@page { margin: 2em }", None),
    ("@page { margin: var(--page-margin) }", None),
    ("@page { margin: calc(15mm) }", None),
    ("@page { margin: 1cm !important }", None),
    ("@page { margin: 1cm 2cm 3cm 4cm 5cm }", None),
    ("@page { margin-top: 1cm; margin-bottom: 1cm; margin-left: 1cm }", None),
    ("@page { margin: 1cm } @page :first { margin-top: 3cm }", None),
    ("@page { margin: 1cm } @media print { @page { margin: 2cm } }", None),
    ('@import "base.css"; @page { margin: 1cm }', None),
]


@pytest.mark.parametrize(("css", "expected"), MARGINS)
def test_page_margins_are_read_only_when_certain(css, expected):
    found = theme_margins(css)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected)


@pytest.mark.parametrize(("css", "expected"), [
    (":root { --sidebar-width: 62mm; }", 62.0),
    (":root { --sidebar-width: 2in }", 50.8),
    (".x { width: var(--sidebar-width) } :root { --sidebar-width: 5cm; }", 50.0),
    (":root { --font-size: 10pt; }", None),
    (":root { --sidebar-width: 40%; }", None),
    (":root { --sidebar-width: calc(62mm); }", None),
    (":root { --sidebar-width: 62mm } html:lang(zh) { --sidebar-width: 58mm }", None),
    (":root { --sidebar-width: 1.2.3mm; }", None),  # a typo, not a traceback
    (":root { --sidebar-width: 0; }", None),
])
def test_the_sidebar_width_is_read_from_its_custom_property(css, expected):
    assert theme_sidebar_width(css) == expected


def test_the_themes_declare_what_the_fitting_moves():
    def css(theme: str) -> str:
        return (THEMES_FOLDER / theme / "style.css").read_text(encoding="utf-8")

    assert theme_margins(css("classic")) == Margins(16, 17, 17, 17)
    assert theme_margins(css("compact")) == Margins(11, 12, 12, 12)
    assert theme_margins(css("modern")) == Margins(15, 15, 16, 0)
    assert theme_sidebar_width(css("modern")) == 62.0
    assert theme_sidebar_width(css("classic")) is None


# What the build writes and says


def test_the_design_sheet_carries_the_margins_and_the_sidebar():
    design = Design(theme=None, accent=None, font_size=None, margins=None, pages=None,
                    paper=None, sections=None, date_format={})
    sheet = design_css(design, Typography(9.5, margins=Margins(10, 12, 10.25, 0),
                                          sidebar=49.6), "a4")
    assert "--sidebar-width: 49.60mm" in sheet
    assert "@page { size: A4; margin: 10.00mm 12.00mm 10.25mm 0.00mm; }" in sheet
    plain = design_css(design, Typography(9.5), "letter")
    assert "sidebar" not in plain
    assert "@page { size: letter; }" in plain


@pytest.mark.parametrize(("typography", "expected"), [
    (NATURALS["modern"], "no change"),
    (replace(NATURALS["modern"], margins=Margins(12, 12, 12, 0), sidebar=54.0),
     "margins 12 mm (-3 to -4 mm), sidebar 54 mm (-8 mm)"),
    (replace(NATURALS["modern"], space=0.5, margins=Margins(12.34, 12.34, 13.34, 0)),
     "spacing -50%, margins 12.3–13.3 mm (-2.7 mm)"),
    (typography_at(1.0, NATURALS["modern"]), MODERN_FLOORS),
    # Changes too small to print are left out, rather than printed as -0%.
    (replace(NATURALS["modern"], font_size=9.99, margins=Margins(14.96, 15, 16, 0),
             sidebar=61.97), "no change"),
])
def test_the_summary_names_each_change_that_shows(typography, expected):
    assert typography.describe(NATURALS["modern"]) == expected


# The search, on a model of a layout


def model_layout(natural_height: float, calls: list[Typography]):
    """A stand-in for WeasyPrint: a height that falls as each value shrinks."""

    def layout(typography: Typography) -> Measured:
        calls.append(typography)
        share = (typography.font_size / 10) ** 2 * typography.leading \
            * (0.8 + 0.2 * typography.space) * (0.85 + 0.15 * typography.margins.top / 16)
        height = natural_height * share
        return Measured(None, int(height) + 1, height % 1)

    return layout


@pytest.mark.parametrize("natural_height", [1.05, 1.2, 1.35, 1.5, 1.65])
def test_the_search_fits_with_little_to_spare_in_a_few_layouts(natural_height):
    calls: list[Typography] = []
    fitted = fit_to_pages(model_layout(natural_height, calls), NATURALS["classic"], 1,
                          lambda document: {}, "en")
    assert fitted.layout.page_count == 1 and fitted.shrunk
    assert fitted.layout.height > 0.9
    assert len(calls) <= 4


def test_an_overflow_at_the_floors_is_found_without_laying_them_out_twice():
    calls: list[Typography] = []
    with pytest.raises(ResumeError, match="even at the readability floors"):
        fit_to_pages(model_layout(2.5, calls), NATURALS["classic"], 1,
                     lambda document: {"experience": 1.2}, "en")
    assert len(calls) == 2  # the natural layout, then the guess, which is the floors
    assert calls[-1] == typography_at(1.0, NATURALS["classic"])


# Real builds


@pytest.fixture(scope="module")
def profile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fit")
    shutil.copy(FIXTURE, folder / "profile.yaml")
    return folder


@pytest.mark.parametrize(("theme", "paper"), [(theme, "a4") for theme in THEMES]
                         + [("modern", "letter")])
def test_one_page_fits_in_every_theme_on_the_same_paper(profile_folder, tmp_path, theme, paper):
    run = run_build("--profile", profile_folder, "--theme", theme, "--paper", paper,
                    "--pages", "1", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    for language in ("zh", "en"):
        suffix = "" if paper == "a4" else f"-{paper}"  # not the profile's own paper: named
        reader = PdfReader(tmp_path / f"xiaoming-wang-{language}{suffix}.pdf")
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(box.width), round(box.height)) == PAPER_POINTS[paper]
        line = next(line for line in run.stdout.splitlines()
                    if f"-{language}{suffix}.pdf" in line)
        assert "  1 page  " in line
        if theme == "modern":  # it fits only with narrower margins and sidebar
            assert re.search(r"fitted: .*, margins [\d.–]+ mm \(-[\d.]+( to -[\d.]+)? mm\), "
                             r"sidebar [\d.]+ mm \(-[\d.]+ mm\)$", line), line


def test_a_theme_whose_margins_cannot_be_read_keeps_them(profile_folder, tmp_path):
    """The same modern theme with its margins and sidebar in `calc()`: it looks the same,
    but the fitting cannot know them, leaves them alone, and the résumé does not fit."""
    theme = tmp_path / "opaque"
    shutil.copytree(THEMES_FOLDER / "modern", theme)
    css = (theme / "style.css").read_text(encoding="utf-8")
    css = css.replace("margin: 15mm 15mm 16mm 0;", "margin: calc(15mm) calc(15mm) calc(16mm) 0;")
    css = css.replace("--sidebar-width: 62mm;", "--sidebar-width: calc(62mm);")
    assert css.count("calc(15mm)") == 2 and "calc(62mm)" in css
    (theme / "style.css").write_text(css, encoding="utf-8")
    run = run_build("--profile", profile_folder, "--theme", theme, "--pages", "1",
                    "--out", tmp_path / "out")
    assert run.returncode == 1
    assert re.fullmatch(rf"error: the zh résumé does not fit 1 page: even at the readability "
                        rf"floors \({re.escape(TEXT_FLOORS)}\) it is \d+% of a page over\. .*\n",
                        run.stderr)


def test_the_overflow_message_names_the_floors_of_margins_and_sidebar(tmp_path):
    profile = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    profile["experience"] += [{**entry, "id": f"{entry['id']}-again"}
                              for entry in profile["experience"]]
    (tmp_path / "profile.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True),
                                           encoding="utf-8")
    run = run_build("--profile", tmp_path, "--theme", "modern", "--lang", "en", "--pages", "1",
                    "--out", tmp_path / "out")
    assert run.returncode == 1
    assert (f"error: the en résumé does not fit 1 page: even at the readability floors "
            f"({MODERN_FLOORS}) it is ") in run.stderr
    assert not (tmp_path / "out").exists()
