"""Problems of the machine rather than of the profile (a file where a folder should be, a
folder where a file should be, a device, a disk that refuses to take more) end like any
other user error: one message naming the path, exit code 1, never a traceback."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import resume.cli
from conftest import MINIMAL_PROFILE, PROJECT, run_build, write_profile
from resume.cli import main


def run_main(capsys, *arguments: str | Path) -> tuple[int, str]:
    code = main([str(argument) for argument in arguments])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return code, err


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Messages name paths relative to where the user stands: here, tmp_path."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def profile(tmp_path) -> Path:
    folder = tmp_path / "profile"
    write_profile(folder, MINIMAL_PROFILE)
    return folder


def test_build_into_a_file_names_it(profile, tmp_path, capsys):
    (tmp_path / "taken").write_text("not a folder")
    code, err = run_main(capsys, "build", "--profile", profile, "--out", tmp_path / "taken")
    assert code == 1
    assert err == "error: cannot write into taken: it is a file, not a folder\n"


def test_build_below_a_file_names_the_file(profile, tmp_path, capsys):
    (tmp_path / "taken").write_text("not a folder")
    code, err = run_main(capsys, "build", "--profile", profile,
                         "--out", tmp_path / "taken" / "dist")
    assert code == 1
    assert err == ("error: cannot write taken/dist: a file is where a folder should be; "
                   "nothing was written\n")


def test_a_folder_where_a_pdf_goes_is_named(profile, tmp_path, capsys):
    (tmp_path / "dist" / "xiaoming-wang-en.pdf").mkdir(parents=True)
    code, err = run_main(capsys, "build", "--profile", profile, "--out", tmp_path / "dist")
    assert code == 1
    assert err == ("error: cannot write dist/xiaoming-wang-en.pdf: a folder is in its place; "
                   "the files already there are unchanged\n")


def test_a_disk_that_takes_no_more_is_a_user_error(profile, tmp_path):
    """A file-size limit makes the kernel refuse writes past 4 kB (EFBIG), as a full disk
    refuses them (ENOSPC), with no privilege needed."""
    out = tmp_path / "dist"
    # First a build without the limit, so the font cache is written before it applies.
    assert run_build("--profile", profile, "--out", tmp_path / "warm-up").returncode == 0

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    process = subprocess.run(
        [sys.executable, "-m", "resume", "build", "--profile", str(profile), "--out", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limit_file_size,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert process.returncode == 1, process.stderr
    assert process.stderr == ("error: cannot write dist/xiaoming-wang-zh.pdf: File too large; "
                              "the files already there are unchanged\n")


@pytest.mark.parametrize("command", [["schema"], ["export", "jsonresume"]])
def test_a_file_output_onto_a_folder_is_refused(profile, tmp_path, capsys, command):
    options = ["--profile", str(profile)] if command[0] == "export" else []
    (tmp_path / "folder").mkdir()
    code, err = run_main(capsys, *command, *options, "--out", tmp_path / "folder")
    assert code == 1
    assert err == "error: folder is a folder; give the name of a file to write\n"


def test_a_file_output_never_replaces_a_pipe_or_device(tmp_path, capsys):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, err = run_main(capsys, "schema", "--out", pipe)
    assert code == 1
    assert err.startswith("error: pipe is not a regular file; give the name of a file")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.parametrize("command", [["new"], ["theme", "copy", "classic"]])
def test_a_new_folder_onto_a_file_is_refused(tmp_path, capsys, command):
    (tmp_path / "taken").write_text("not a folder")
    code, err = run_main(capsys, *command, tmp_path / "taken" / "mine")
    assert code == 1
    assert err == ("error: cannot write taken/mine: a file is where a folder should be; "
                   "nothing was written\n")


def test_new_onto_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "taken").write_text("not a folder")
    code, err = run_main(capsys, "new", tmp_path / "taken")
    assert code == 1
    assert err == "error: cannot write into taken: it is a file, not a folder\n"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_profile_yaml_that_is_a_folder_finds_no_profile(tmp_path, capsys, command):
    (tmp_path / "me" / "profile.yaml").mkdir(parents=True)
    code, err = run_main(capsys, command, "--profile", tmp_path / "me",
                         *(["--out", tmp_path / "out"] if command == "build" else []))
    assert code == 1
    assert err.startswith("error: no profiles found in me: give a folder")


def test_a_profile_that_is_a_pipe_is_not_read(tmp_path, capsys):
    os.mkfifo(tmp_path / "profile.yaml")
    code, err = run_main(capsys, "check", "--profile", tmp_path / "profile.yaml")
    assert code == 1
    assert err == ("error: profile.yaml is not a regular file (a device or a pipe); a profile "
                   "is a YAML file\n")


def test_an_unreadable_profile_is_a_located_error(profile, capsys, monkeypatch):
    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, err = run_main(capsys, "check", "--profile", profile)
    assert code == 1
    assert err == "error: profile/profile.yaml:1:1: cannot read the file: Permission denied\n"


def test_a_target_that_is_a_folder_is_a_user_error(profile, capsys):
    (profile / "targets" / "platform.yaml").mkdir(parents=True)
    code, err = run_main(capsys, "check", "--profile", profile, "--target", "platform")
    assert code == 1
    assert err == "error: profile/targets/platform.yaml is a folder, not a YAML file\n"


def test_any_refusal_of_the_system_names_its_path(profile, tmp_path, capsys, monkeypatch):
    def refuse(_options):
        raise PermissionError(13, "Permission denied", str(tmp_path / "cache" / "fonts.conf"))

    monkeypatch.setattr(resume.cli, "build", refuse)
    code, err = run_main(capsys, "build", "--profile", profile, "--out", profile / "out")
    assert code == 1
    assert err == "error: cache/fonts.conf: Permission denied\n"


def test_new_on_a_full_disk_leaves_no_half_made_profile(tmp_path):
    """The profile is made in a hidden folder beside the destination and renamed into
    place only when whole: a write that fails leaves nothing where the profile would be."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))  # the schema is larger

    process = subprocess.run(
        [sys.executable, "-m", "resume", "new", "me"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limit_file_size,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert process.returncode == 1, process.stderr
    assert process.stderr.startswith("error: ") and "File too large" in process.stderr
    assert list(tmp_path.iterdir()) == []  # neither `me` nor the hidden folder


def test_new_clears_what_a_killed_new_left_beside_it(tmp_path):
    leftover = tmp_path / ".me.resume-new-999999999"  # no such process
    (leftover / "schema").mkdir(parents=True)
    (tmp_path / "me").mkdir()  # an empty folder is fine to fill
    process = subprocess.run(
        [sys.executable, "-m", "resume", "new", "me"], cwd=tmp_path, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert process.returncode == 0, process.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["me"]
    assert (tmp_path / "me" / "profile.yaml").is_file()
