"""What applicant tracking systems read: the text layer of the PDFs, as pdfminer.six and
poppler's pdftotext extract it (`resume build --verify`, resume/verify.py).

- Every theme, in every language of each profile, on A4 and Letter, is read back by both
  extractors, which must find every text of the view whole and in order: for the profiles
  `resume new` writes (every section), the smallest profile, and each profile of
  tests/fixtures/ (tests/fixtures/ats/ has ligatures, hanzi beside Latin letters, a long
  sidebar, every kind of section, Traditional Chinese).
- The verifier's own judgement, on texts written as an extractor might read them
  (tests/cases/ats_readings.yaml): each way of misreading is told, word for word.
- A theme whose sidebar is read among the entries fails `--verify`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, MINIMAL_PROFILE, run_build, write_profile
from resume.assets import THEMES_FOLDER
from resume.build import EXAMPLES, builtin_themes, check
from resume.cli import main
from resume.verify import PDFMINER, PDFTOTEXT, misreadings

READINGS = Path(__file__).parent / "cases" / "ats_readings.yaml"
FIXTURE_PROFILES = sorted(path.parent.name for path in FIXTURES.glob("*/profile.yaml"))
PROFILES = [*(f"new-{example}" for example in EXAMPLES), "minimal", *FIXTURE_PROFILES]
VERIFIED = "verified: pdfminer and pdftotext read every text, whole and in order"


@pytest.fixture(scope="module")
def profiles(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("profiles")
    for example in EXAMPLES:
        assert main(["new", str(folder / f"new-{example}"), "--example", example]) == 0
    write_profile(folder / "minimal", MINIMAL_PROFILE)
    return {**{f"new-{example}": folder / f"new-{example}" for example in EXAMPLES},
            "minimal": folder / "minimal",
            **{name: FIXTURES / name for name in FIXTURE_PROFILES}}


def test_pdftotext_is_installed():
    assert shutil.which("pdftotext"), (
        "pdftotext is missing, so --verify reads with pdfminer alone: install poppler-utils "
        "(sudo sh tools/system-packages.sh --test)")


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("theme", builtin_themes())
def test_every_text_is_read_whole_and_in_order(profiles, tmp_path, theme, profile):
    run = run_build("--profile", profiles[profile], "--theme", theme, "--paper", "a4,letter",
                    "--out", tmp_path, "--verify")
    assert run.returncode == 0, run.stderr
    assert VERIFIED in run.stderr
    languages = {view.language.code for view in check(profiles[profile]).views}
    assert len(list(tmp_path.glob("*.pdf"))) == 2 * len(languages)


def readings() -> list[dict]:
    return yaml.safe_load(READINGS.read_text(encoding="utf-8"))["readings"]


@pytest.fixture(scope="module")
def reading_views(tmp_path_factory):
    profile = yaml.safe_load(READINGS.read_text(encoding="utf-8"))["profile"]
    folder = tmp_path_factory.mktemp("readings")
    write_profile(folder, profile)
    return {view.language.code: view for view in check(folder).views}


@pytest.mark.parametrize("reading", readings(), ids=lambda reading: reading["name"])
def test_each_misreading_is_told(reading_views, reading):
    extractor = {"pdfminer": PDFMINER, "pdftotext": PDFTOTEXT}[reading["extractor"]]
    view = reading_views[reading["language"]]
    assert misreadings(reading["text"], view, extractor) == reading["problems"]


SIDEBAR_PROFILE = """\
languages: [zh, en]
basics:
  name: {zh: 王小明, en: Xiaoming Wang}
  email: xm@example.com
experience:
  - id: acme
    organization: Acme
    start: 2020-01
    end: present
    highlights:
      - {zh: 构建调度系统, en: Built a scheduler for ten thousand nodes}
      - {zh: 推动成本优化, en: Drove cost work that saved a third of cloud spend}
      - {zh: 建设持续集成, en: Set up continuous integration for every team}
skills: [Kubernetes, Kubeflow, Terraform]
"""


def test_a_sidebar_read_among_the_entries_fails_verification(tmp_path):
    """modern as it was: a sidebar whose sections and skills stand apart, which pdftotext
    reads in slices, each where it is level with the main column."""
    theme = tmp_path / "spaced"
    shutil.copytree(THEMES_FOLDER / "modern", theme)
    with (theme / "style.css").open("a", encoding="utf-8") as sheet:
        sheet.write(".sidebar .section { margin-top: 6mm; }\n"
                    ".skill-list li { display: list-item; margin-bottom: 1.5mm; }\n")
    write_profile(tmp_path / "me", SIDEBAR_PROFILE)
    run = run_build("--profile", tmp_path / "me", "--theme", theme, "--out", tmp_path / "out",
                    "--verify")
    assert run.returncode == 1, run.stderr
    assert re.search(r'^error: \S+/xiaoming-wang-en\.pdf: pdftotext reads "(Kubeflow|Terraform)" '
                     r"\(skills\) inside experience\[acme\]$", run.stderr, re.MULTILINE), run.stderr
    assert run.stderr.rstrip().endswith(
        "The PDFs are written, but an applicant tracking system would misread them.")
    assert (tmp_path / "out" / "xiaoming-wang-en.pdf").is_file()


def test_verify_needs_the_pdfs(tmp_path):
    write_profile(tmp_path / "me", MINIMAL_PROFILE)
    run = run_build("--profile", tmp_path / "me", "--format", "html", "--out", tmp_path / "out",
                    "--verify")
    assert (run.returncode, run.stderr) == (
        1, "error: --verify reads the PDFs back: add pdf to --format\n")
