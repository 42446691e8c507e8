"""Layout rules, checked on real output: the text of the PDFs, line by line, with positions.

- no line begins with a closing punctuation mark;
- no paragraph or bullet leaves one hanzi alone on its last line;
- nothing is drawn outside the page's margins, not even a word longer than a line;
- with a page budget, the page count keeps to it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

from conftest import DEFAULT_PROFILE_FOLDER, run_build, write_profile
from pdf_reading import lines_of_one_hanzi, lines_starting_with_closing_marks, text_lines

SWEEP = Path(__file__).parent / "cases" / "layout_sweep.yaml"
THEMES = ("classic", "modern", "compact")
MIN_EDGE_MM = 5


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
    assert not lines_starting_with_closing_marks(sweep_pdfs[theme])


@pytest.mark.parametrize("theme", THEMES)
def test_no_hanzi_alone_on_a_last_line(sweep_pdfs, theme):
    assert not lines_of_one_hanzi(sweep_pdfs[theme])


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_outside_the_margins(tmp_path, theme, paper):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--theme", theme, "--paper", paper,
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    edge = MIN_EDGE_MM / 25.4 * 72
    for language in ("zh", "en"):
        for page, text, (x0, y0, x1, y1), (width, height) in text_lines(
            tmp_path / f"yuandong-xie-{language}{'' if paper == 'a4' else '-' + paper}.pdf"
        ):
            assert edge <= x0 and x1 <= width - edge, (page, text)
            assert edge <= y0 and y1 <= height - edge, (page, text)


LONG_TOKEN = "https://example.com/" + "a1b2c3d4e5" * 13  # 150 characters, no break
LONG_TOKEN_PROFILE = f"""\
languages: [zh, en]
basics:
  name: {{zh: 王小明, en: Xiaoming Wang}}
  headline: {{zh: 平台工程师 {LONG_TOKEN}, en: Engineer {LONG_TOKEN}}}
  website: {LONG_TOKEN}
experience:
  - id: acme
    organization: Acme
    start: 2020-01
    highlights:
      - {{zh: 构建{LONG_TOKEN}调度系统, en: Built {LONG_TOKEN} scheduler}}
skills: [Kubernetes, {LONG_TOKEN}]
"""


def characters(pdf: Path):
    """(page width, character) for every character drawn."""
    for page in extract_pages(pdf):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTChar):
                yield page.width, item
            elif hasattr(item, "__iter__"):
                stack.extend(item)


@pytest.mark.parametrize("theme", THEMES)
def test_a_word_longer_than_a_line_breaks_within_the_page_and_is_reported(tmp_path, theme):
    write_profile(tmp_path, LONG_TOKEN_PROFILE)
    run = run_build("--profile", ".", "--theme", theme, "--out", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    edge = MIN_EDGE_MM / 25.4 * 72
    for language in ("zh", "en"):
        drawn = list(characters(tmp_path / "out" / f"xiaoming-wang-{language}.pdf"))
        assert sum(char.get_text() == "e" for _, char in drawn) > 4 * 13  # all of it drawn
        outside = [char.get_text() for width, char in drawn if char.x1 > width - edge]
        assert not outside, (language, outside)
    warnings = [line for line in run.stderr.splitlines() if "may break anywhere" in line]
    fields = [line.split(": ")[2] for line in warnings]
    assert fields == ["basics.headline", "basics.headline", "basics.website",
                      "experience[acme].highlights[0]", "experience[acme].highlights[0]",
                      "skills[1]"]
    assert warnings[2] == (
        "warning: profile.yaml:5:12: basics.website: a word of 142 characters "
        '("example.com/a1b2c3d4e5a1…") may break anywhere on the page; shorten it, or give a '
        "link in a text a short label: [label](https://...)")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("pages", [1, 2])
def test_page_budget_is_kept_or_the_overflow_explained(tmp_path, theme, pages):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--theme", theme, "--pages", str(pages),
                    "--out", tmp_path)
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
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--pages", "1", "--out", tmp_path)
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

