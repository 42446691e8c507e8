"""The README's example profile is a real one: it must build, in both languages, strictly."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from conftest import PROJECT, run_build


def readme_example() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("A complete small profile:", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_example_builds_strictly_in_both_languages(tmp_path: Path):
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "profile.yaml").write_text(readme_example(), encoding="utf-8")
    run = run_build("--profile", profile, "--out", tmp_path / "out", "--strict")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    for language in ("zh", "en"):
        reader = PdfReader(tmp_path / "out" / f"xiaoming-wang-{language}.pdf")
        text = "".join(page.extract_text() for page in reader.pages)
        assert ("高级工程师" if language == "zh" else "Senior Engineer") in text
