"""Batch mode: many profiles on every core, one failure not stopping the others."""

from __future__ import annotations

import json

from conftest import MINIMAL_PROFILE, run_build, write_profile


def profiles(tmp_path, count: int, broken: int | None = None):
    folder = tmp_path / "team"
    for number in range(count):
        text = MINIMAL_PROFILE.replace("Xiaoming Wang", f"Person {number}")
        if number == broken:
            text = text.replace("start: 2020-01", "start: 2020-13")
        write_profile(folder / f"p{number}", text)
    return folder


def test_a_folder_of_profiles_builds_each_into_its_own_folder(tmp_path):
    folder = profiles(tmp_path, 4, broken=2)
    run = run_build("--profile", folder, "--out", tmp_path / "out")
    assert run.returncode == 1
    built = sorted(path.relative_to(tmp_path / "out").as_posix()
                   for path in (tmp_path / "out").rglob("*.pdf"))
    assert built == ["p0/person-0-en.pdf", "p0/person-0-zh.pdf", "p1/person-1-en.pdf",
                     "p1/person-1-zh.pdf", "p3/person-3-en.pdf", "p3/person-3-zh.pdf"]
    assert "4 profiles: 3 built, 1 failed; 6 PDFs in" in run.stdout
    assert "failed: " in run.stderr and 'experience[acme].start: "2020-13" is not a date' in (
        run.stderr)
    progress = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 4 and progress[-1].startswith("[4/4]")


def test_profiles_can_be_listed_one_by_one_and_reported_as_json(tmp_path):
    folder = profiles(tmp_path, 2)
    run = run_build("--profile", folder / "p0", folder / "p1", "--report", "json",
                    "--lang", "en", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [entry["ok"] for entry in report["profiles"]] == [True, True]
    assert [len(entry["files"]) for entry in report["profiles"]] == [1, 1]


def test_check_takes_several_profiles_too(tmp_path, capsys):
    from resume.cli import main

    folder = profiles(tmp_path, 3, broken=0)
    assert main(["check", "--profile", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "3 profiles: 2 valid, 1 not" in captured.out
    assert "is not a date" in captured.err
