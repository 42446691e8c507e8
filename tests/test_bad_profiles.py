"""Bad profiles, as data: each file under cases/bad/ gives, in `# expect:` lines, exactly
what the user must be told, line for line. Every one ends in exit code 1, with no traceback
and no file written. Adding a case is adding a file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import run_build
from resume.cli import main

CASES = sorted((Path(__file__).parent / "cases" / "bad").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (.*)$", re.MULTILINE)


def expected_lines(case: Path) -> list[str]:
    # Read leniently: one case is deliberately not UTF-8.
    lines = _EXPECT.findall(case.read_bytes().decode("utf-8", errors="replace"))
    return [line if line.endswith("nothing was written.") else f"error: {line}" for line in lines]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_profile_is_reported_exactly(case, tmp_path, capsys, monkeypatch):
    expected = expected_lines(case)
    assert expected, f"{case.name} has no `# expect:` line"
    profile = tmp_path / "profile"
    profile.mkdir()
    shutil.copy(case, profile / "profile.yaml")
    monkeypatch.chdir(profile)  # messages name files relative to where the user stands
    out = tmp_path / "dist"

    code = main(["build", "--profile", str(profile), "--out", str(out)])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines() == expected
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.parametrize("case", ["missing_name", "lost_bytes", "several_problems"])
def test_check_reports_the_same_as_build(case, tmp_path, capsys, monkeypatch):
    path = Path(__file__).parent / "cases" / "bad" / f"{case}.yaml"
    shutil.copy(path, tmp_path / "profile.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--profile", "."]) == 1
    assert capsys.readouterr().err.splitlines() == expected_lines(path)


def test_an_oversized_file_is_refused_unread(tmp_path, capsys, monkeypatch):
    profile = tmp_path / "profile.yaml"
    profile.write_text("basics:\n  name: X\n  summary: " + "x" * 1_100_000 + "\n")
    opened = []
    real_open = Path.open

    def recording_open(path, *arguments, **options):
        opened.append(path)
        return real_open(path, *arguments, **options)

    monkeypatch.setattr(Path, "open", recording_open)  # read_bytes and read_text open through it
    assert main(["build", "--profile", str(profile), "--out", str(tmp_path / "out")]) == 1
    monkeypatch.undo()
    assert profile not in opened  # its size alone refuses it
    assert capsys.readouterr().err.endswith(
        "profile.yaml:1:1: the file is 1,100,030 bytes; a profile may have at most 1,000,000\n"
    )


@pytest.mark.parametrize("depth", [6, 9])
def test_alias_expansion_is_stopped_early(tmp_path, depth):
    """10**depth values once expanded: a billion at depth 9, which would exhaust the memory.
    In a process of its own, so that a regression fails at run_build's deadline instead of
    taking the test run down with it."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, depth)]
    profile = tmp_path / "profile.yaml"
    profile.write_text("\n".join(lines) + f"\nbasics:\n  name: *a{depth - 1}\n")
    run = run_build("--profile", profile, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert "more than 50,000 values" in run.stderr
