"""Visual regression: every theme, in both languages, on both papers, drawn as images and
compared with reviewed reference images in tests/golden/; and the first page of each persona
of tests/fixtures/ in every theme and language.

After a deliberate change to a theme, look at the new pages, then rewrite the references:
`.venv/bin/python -m pytest tests/test_visual.py --update-golden` (and commit them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from conftest import DEFAULT_PROFILE_FOLDER, run_build
from resume.images import page_images, png_bytes

GOLDEN = Path(__file__).parent / "golden"
PERSONAS = Path(__file__).parent / "fixtures"
THEMES = ("classic", "modern", "compact")
DPI = 40
# Tolerances for rendering that differs below what a reader could see (another FreeType,
# another PDFium): the mean difference per pixel, and the share of clearly changed pixels.
MAX_MEAN_DIFFERENCE = 1.5
MAX_CHANGED_SHARE = 0.004
CHANGED = 48  # of 255


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("visual")

    def build(theme: str, paper: str) -> Path:
        out = folder / f"{theme}-{paper}"
        if not out.exists():
            run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--theme", theme, "--paper", paper,
                            "--out", out)
            assert run.returncode == 0, run.stderr
        return out

    return build


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("theme", THEMES)
def test_pages_look_as_reviewed(builds, request, theme, language, paper):
    suffix = "" if paper == "a4" else f"-{paper}"
    pdf = builds(theme, paper) / f"yuandong-xie-{language}{suffix}.pdf"
    pages = page_images(pdf.read_bytes(), DPI, grayscale=True)
    stem = f"{theme}-{language}-{paper}"
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.glob(f"{stem}-p*.png"):
            old.unlink()
        for number, page in enumerate(pages, start=1):
            (GOLDEN / f"{stem}-p{number}.png").write_bytes(png_bytes(page))
        pytest.skip("reference images rewritten")
    references = sorted(GOLDEN.glob(f"{stem}-p*.png"))
    assert len(pages) == len(references), f"{stem}: {len(pages)} pages, reviewed {len(references)}"
    for page, reference_path in zip(pages, references, strict=True):
        assert_looks_like(page, reference_path)


@pytest.fixture(scope="module")
def persona_builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("personas")

    def build(persona: str, theme: str) -> Path:
        out = folder / f"{persona}-{theme}"
        if not out.exists():
            run = run_build("--profile", PERSONAS / persona, "--theme", theme, "--out", out)
            assert run.returncode == 0, run.stderr
        return out

    return build


# First pages only: the personas run to two or three pages each, and the first holds the
# masthead, the photo and the sections that differ most between the languages.
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("persona, language", [("graduate", "zh"), ("graduate", "en"),
                                               ("us-sre", "en")])
def test_persona_first_pages_look_as_reviewed(persona_builds, request, persona, language,
                                              theme):
    (pdf,) = persona_builds(persona, theme).glob(f"*-{language}.pdf")
    first_page = page_images(pdf.read_bytes(), DPI, grayscale=True)[0]
    reference = GOLDEN / f"{persona}-{theme}-{language}-p1.png"
    if request.config.getoption("--update-golden"):
        reference.write_bytes(png_bytes(first_page))
        pytest.skip("reference image rewritten")
    assert_looks_like(first_page, reference)


def assert_looks_like(page: Image.Image, reference_path: Path) -> None:
    reference = Image.open(reference_path).convert("L")
    assert page.size == reference.size, reference_path.name
    difference = ImageChops.difference(page, reference)
    histogram = difference.histogram()
    pixels = page.size[0] * page.size[1]
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels
    changed = sum(histogram[CHANGED:]) / pixels
    assert mean <= MAX_MEAN_DIFFERENCE and changed <= MAX_CHANGED_SHARE, (
        f"{reference_path.name}: mean difference {mean:.2f}, {changed:.2%} of pixels "
        "changed; if the change is intended, review it and run with --update-golden"
    )
