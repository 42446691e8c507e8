"""The command line as a user meets it: help, exit codes, and what a bug looks like."""

from __future__ import annotations

import re

import pytest

import resume.cli
from conftest import MINIMAL_PROFILE, PROJECT, run_build, write_profile
from resume.cli import build_script_parser, default_profile, main

BUILD_OPTIONS = ("--lang", "--profile", "--out", "--paper", "--theme", "--html", "--strict",
                 "--timings", "--debug")


def test_help_lists_every_option_and_the_exit_codes():
    run = run_build("--help")
    assert run.returncode == 0
    for option in BUILD_OPTIONS:
        assert option in run.stdout
    assert "Exit codes" in run.stdout and "SOURCE_DATE_EPOCH" in run.stdout


def test_build_script_and_resume_build_take_the_same_options():
    script = {action.dest for action in build_script_parser()._actions}
    subcommand = resume.cli.command_parser()._subparsers._group_actions[0].choices["build"]
    assert script == {action.dest for action in subcommand._actions}


def test_prints_each_file_with_pages_and_size(tmp_path, capsys):
    write_profile(tmp_path, MINIMAL_PROFILE)
    assert main(["build", "--profile", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0].rsplit("/", 1)[-1] for line in lines] == [
        "xiaoming-wang-zh.pdf", "xiaoming-wang-en.pdf"]
    assert all(re.fullmatch(r"\S+  1 page  [\d.]+ kB  last page \d+% full", line)
               for line in lines)


def test_a_bug_exits_2_with_a_plain_message_and_a_traceback_only_on_request(
    tmp_path, capsys, monkeypatch
):
    def broken(_options):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(resume.cli, "build", broken)
    write_profile(tmp_path, MINIMAL_PROFILE)
    assert main(["build", "--profile", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("internal error: RuntimeError: something inside broke")
    assert "Traceback" not in err
    assert main(["build", "--profile", str(tmp_path), "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "99999999999999999999", "²"])
def test_a_malformed_source_date_epoch_is_a_user_error(tmp_path, value):
    write_profile(tmp_path, MINIMAL_PROFILE)
    run = run_build("--profile", tmp_path, "--out", tmp_path / "out", epoch=value)
    assert run.returncode == 1
    assert f'SOURCE_DATE_EPOCH is "{value}"' in run.stderr


def test_a_missing_profile_says_what_is_expected(tmp_path):
    run = run_build("--profile", tmp_path / "nowhere")
    assert run.returncode == 1
    assert "no profile here (expected a folder with profile.yaml, or a YAML file" in run.stderr


def test_without_profile_a_build_takes_the_current_folders_and_says_so(tmp_path):
    """`python build.py` run in a profile's folder builds that profile, never data/."""
    write_profile(tmp_path, MINIMAL_PROFILE)
    run = run_build("--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "using profile.yaml (no --profile given)\n"
    assert [path.name for path in (tmp_path / "dist").iterdir()] == ["xiaoming-wang-en.pdf"]


@pytest.mark.parametrize(("command", "output"), [
    (["check"], "profile.yaml: valid (zh, en)\n"),
    (["export", "jsonresume"], '"name": "Xiaoming Wang"'),
])
def test_without_profile_every_command_takes_the_current_folders(
    tmp_path, monkeypatch, capsys, command, output
):
    write_profile(tmp_path, MINIMAL_PROFILE)
    monkeypatch.chdir(tmp_path)
    assert main(command) == 0
    captured = capsys.readouterr()
    assert captured.err == "using profile.yaml (no --profile given)\n"
    assert output in captured.out


@pytest.mark.checkout_profile
def test_without_profile_elsewhere_the_checkout_falls_back_to_its_own(tmp_path, monkeypatch,
                                                                       capsys):
    monkeypatch.chdir(tmp_path)
    assert default_profile().resolve() == PROJECT / "data"
    assert capsys.readouterr().err.endswith("/data/profile.yaml (no --profile given)\n")


def test_without_profile_an_installed_copy_asks_for_one(tmp_path, monkeypatch, capsys):
    """An installed copy has no profile of its own (tests/test_install.py runs one)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(resume.cli, "checkout_profile", lambda: None)
    assert main(["build"]) == 1
    assert capsys.readouterr().err == (
        "error: no profile.yaml in this folder: run in a profile's folder, give one with "
        "--profile PATH, or start one with `resume new FOLDER`\n")
    assert list(tmp_path.iterdir()) == []
