"""Layout rules, checked on real output: the text of the PDFs, line by line, with positions.

- no line begins with a closing punctuation mark;
- no paragraph or bullet leaves one hanzi alone on its last line;
- nothing is drawn outside the page's margins;
- with a page budget, the page count keeps to it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextLine

from conftest import run_build

SWEEP = Path(__file__).parent / "cases" / "layout_sweep.yaml"
THEMES = ("classic", "modern", "compact")
CLOSING = "，。、；：！？）」』》】,.;:!?)]"
LONE_HANZI = re.compile(r"^[\u3400-\u9fff][，。、；：！？）」』》】]*$")
MIN_EDGE_MM = 5


def text_lines(pdf: Path):
    """(page number, text, bounding box in points, page size) for every line of text."""
    for number, page in enumerate(extract_pages(pdf), start=1):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTTextLine):
                text = item.get_text().strip().replace("\u2060", "")
                if text:
                    yield number, text, item.bbox, (page.width, page.height)
            elif hasattr(item, "__iter__"):
                stack.extend(item)


@pytest.fixture(scope="module")
def sweep_pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sweep")
    shutil.copy(SWEEP, folder / "profile.yaml")
    pdfs = {}
    for theme in THEMES:
        out = folder / theme
        run = run_build("--profile", folder, "--theme", theme, "--lang", "zh", "--out", out)
        assert run.returncode == 0, run.stderr
        pdfs[theme] = out / "layout-test-zh.pdf"
    return pdfs


@pytest.mark.parametrize("theme", THEMES)
def test_the_sweep_exercises_many_line_ends(sweep_pdfs, theme):
    lines = list(text_lines(sweep_pdfs[theme]))
    assert len(lines) > 60


@pytest.mark.parametrize("theme", THEMES)
def test_no_line_starts_with_closing_punctuation(sweep_pdfs, theme):
    bad = [text for _, text, _, _ in text_lines(sweep_pdfs[theme]) if text[0] in CLOSING]
    assert not bad


@pytest.mark.parametrize("theme", THEMES)
def test_no_hanzi_alone_on_a_last_line(sweep_pdfs, theme):
    bad = [text for _, text, _, _ in text_lines(sweep_pdfs[theme]) if LONE_HANZI.match(text)]
    assert not bad


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_outside_the_margins(tmp_path, theme, paper):
    run = run_build("--theme", theme, "--paper", paper, "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    edge = MIN_EDGE_MM / 25.4 * 72
    for language in ("zh", "en"):
        for page, text, (x0, y0, x1, y1), (width, height) in text_lines(
            tmp_path / f"yuandong-xie-{language}{'' if paper == 'a4' else '-' + paper}.pdf"
        ):
            assert edge <= x0 and x1 <= width - edge, (page, text)
            assert edge <= y0 and y1 <= height - edge, (page, text)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("pages", [1, 2])
def test_page_budget_is_kept_or_the_overflow_explained(tmp_path, theme, pages):
    run = run_build("--theme", theme, "--pages", str(pages), "--out", tmp_path)
    if run.returncode == 1:  # even the floors do not fit: say by how much, and where
        assert re.fullmatch(
            rf"error: the (zh|en) résumé does not fit {pages} pages?: even at the readability "
            r"floors \(font 9\.0 pt \(-\d+%\), line height -\d+%, spacing -\d+%, "
            r"margins 10 mm \(-[\d.]+( to -[\d.]+)? mm\)(, sidebar [\d.]+ mm \(-[\d.]+ mm\))?\) "
            r"it is \d+% of a page over\. "
            r"The longest sections: experience \(\d+% of a page\), .*\n",
            run.stderr)
        assert not tmp_path.exists() or not any(tmp_path.iterdir())
        return
    assert run.returncode == 0, run.stderr
    for language in ("zh", "en"):
        page_numbers = {page for page, *_ in text_lines(tmp_path / f"yuandong-xie-{language}.pdf")}
        assert max(page_numbers) <= pages
        assert re.search(rf"yuandong-xie-{language}\.pdf  [1-{pages}] pages?", run.stdout)


def test_the_classic_theme_fits_the_default_profile_on_one_page(tmp_path):
    run = run_build("--pages", "1", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("  1 page  ") == 2
    assert run.stdout.count("fitted: ") == 2


def test_an_impossible_budget_names_the_longest_sections(tmp_path):
    profile = yaml.safe_load(SWEEP.read_text(encoding="utf-8"))
    sweep = profile["experience"][0]
    profile["experience"] = [{**sweep, "id": f"sweep-{n}"} for n in range(3)]
    (tmp_path / "profile.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True))
    run = run_build("--profile", tmp_path, "--pages", "1", "--lang", "zh", "--out", tmp_path / "o")
    assert run.returncode == 1
    assert "the zh résumé does not fit 1 page" in run.stderr
    assert "The longest sections: experience (" in run.stderr
    assert not (tmp_path / "o").exists()

