"""File names from a person's name: the Latin form as written, else the pinyin of the hanzi,
surname first. The cases are data: tests/cases/slugs.yaml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_PROFILE, PROJECT, run_build, write_profile
from resume.load import load_profile_document
from resume.names import name_slug
from resume.validate import validate
from resume.view import localize

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "slugs.yaml").read_text("utf-8"))

CHINESE_ONLY_NAME = """\
languages: [zh]
basics:
  name: 王小明
{slug}experience:
  - id: acme
    organization: Acme
    start: 2020-01
    highlights:
      - 构建调度系统
"""


@pytest.mark.parametrize(("name", "slug"), CASES.items(), ids=list(CASES))
def test_file_name_of_a_name(name, slug):
    assert name_slug([name]) == slug


@pytest.mark.parametrize(
    ("names", "slug"),
    [
        (["王小明", "Xiaoming Wang"], "xiaoming-wang"),
        (["王小明 (Tony)", "Tony Wang"], "tony-wang"),
        (["", "王小明"], "wang-xiaoming"),
        (["🌱", "王小明"], "wang-xiaoming"),
        ([], "resume"),
    ],
)
def test_a_latin_form_in_any_language_comes_before_pinyin(names, slug):
    assert name_slug(names) == slug


def view_slug(tmp_path: Path, text: str) -> str:
    document = load_profile_document(write_profile(tmp_path, text))
    view, _ = localize(validate(document).profile, document, "zh")
    return view.slug


def test_a_chinese_only_name_gives_pinyin_and_basics_slug_wins(tmp_path):
    assert view_slug(tmp_path, CHINESE_ONLY_NAME.format(slug="")) == "wang-xiaoming"
    own = CHINESE_ONLY_NAME.format(slug="  slug: xm\n")
    assert view_slug(tmp_path, own) == "xm"


def test_pypinyin_is_not_loaded_for_a_name_with_a_latin_form(tmp_path):
    # Loading its dictionaries costs about 0.13 s, which a build must not pay for nothing.
    profile = write_profile(tmp_path, MINIMAL_PROFILE)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from resume.load import load_profile_document\n"
        "from resume.validate import validate\n"
        "from resume.view import localize\n"
        "document = load_profile_document(Path(sys.argv[1]))\n"
        "view, _ = localize(validate(document).profile, document, 'zh')\n"
        "print(view.slug, 'pypinyin' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(profile)], cwd=PROJECT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["xiaoming-wang", "False"]


def test_a_chinese_only_name_is_built_into_a_pinyin_file_name(tmp_path):
    profile = tmp_path / "profile"
    write_profile(profile, CHINESE_ONLY_NAME.format(slug=""))
    out = tmp_path / "out"
    run = run_build("--profile", profile, "--out", out)
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in out.iterdir()) == ["wang-xiaoming-zh.pdf"]
