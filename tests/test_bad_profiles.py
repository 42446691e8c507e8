"""Bad profiles, as data: each file under cases/bad/ says, in `# expect:` lines, what the
user must be told. Every one must end in exit code 1, with no traceback and no file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from resume.cli import main

CASES = sorted((Path(__file__).parent / "cases" / "bad").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (.*)$", re.MULTILINE)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_profile_is_reported_exactly(case, tmp_path, capsys, monkeypatch):
    expectations = _EXPECT.findall(case.read_text(encoding="utf-8"))
    assert expectations, f"{case.name} has no `# expect:` line"
    profile = tmp_path / "profile"
    profile.mkdir()
    shutil.copy(case, profile / "profile.yaml")
    monkeypatch.chdir(profile)  # messages name files relative to where the user stands
    out = tmp_path / "dist"

    code = main(["build", "--profile", str(profile), "--out", str(out)])

    stderr = capsys.readouterr().err
    assert code == 1, stderr
    for expected in expectations:
        assert expected in stderr
    assert "Traceback" not in stderr
    assert all(line.startswith(("error: ", "warning: ")) or line.endswith("nothing was written.")
               for line in stderr.splitlines())
    assert not out.exists()
