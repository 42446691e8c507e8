"""Shared fixtures: the default profile built once, as a user builds it, and PDF readers.

Tests never read the repository's own profile (data/, the owner's résumé, which a fork
replaces): they build the frozen copy in tests/fixtures/default/, always named with
--profile. A test that builds without one, and so would fall back to data/, fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import resume.cli
from resume.assets import CHECKOUT_PROFILE_FOLDER

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
# The default profile as it was when the tests were written against it: its texts, page
# counts and reviewed images (tests/golden/) are what the tests expect.
DEFAULT_PROFILE_FOLDER = FIXTURES / "default"
DEFAULT_PROFILE = DEFAULT_PROFILE_FOLDER / "profile.yaml"
NAME_A_FIXTURE = f"name a fixture with --profile (the default profile's: {DEFAULT_PROFILE_FOLDER})"
FIXED_EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_build(*arguments: str | Path, cwd: Path = PROJECT, epoch: str | None = FIXED_EPOCH) -> Run:
    """`python build.py ARGUMENTS` in a fresh process, exactly as a user runs it; the test
    fails if the command fell back to the repository's own profile."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        environment["SOURCE_DATE_EPOCH"] = epoch
    process = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *map(str, arguments)],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=120,
    )
    if used_the_checkout_profile(process.stderr, cwd):
        pytest.fail(f"`build.py {' '.join(map(str, arguments))}` read the repository's own "
                    f"profile; {NAME_A_FIXTURE}")
    return Run(process.returncode, process.stdout, process.stderr)


# What every command prints when it was given no --profile (resume.cli.default_profile).
_NO_PROFILE_GIVEN = re.compile(r"^using (.+) \(no --profile given\)$", re.MULTILINE)


def used_the_checkout_profile(stderr: str, cwd: Path) -> bool:
    """Whether a command whose standard error is `stderr`, run in `cwd`, says that it used
    the repository's own profile for want of a --profile."""
    checkout = PROJECT / CHECKOUT_PROFILE_FOLDER
    return any((cwd / shown).resolve().parent == checkout
               for shown in _NO_PROFILE_GIVEN.findall(stderr))


@pytest.fixture(autouse=True)
def no_checkout_profile(request, monkeypatch):
    """A command run in this process without --profile, outside a profile's folder, fails
    the test instead of reading the repository's own profile. Only a test marked
    `checkout_profile` (of that fallback itself) may reach it."""
    if request.node.get_closest_marker("checkout_profile"):
        return

    def refuse():
        pytest.fail("a command given no --profile fell back to the repository's own profile; "
                    + NAME_A_FIXTURE)

    monkeypatch.setattr(resume.cli, "checkout_profile", refuse)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "checkout_profile: the test exercises the fallback to the repository's "
        "own profile folder and may reach it")


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> tuple[Path, Run]:
    """The default profile built in both languages, with its HTML."""
    out = tmp_path_factory.mktemp("dist")
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--out", out, "--html")
    assert run.returncode == 0, run.stderr
    return out, run


@pytest.fixture(scope="session")
def default_profile_data() -> dict:
    return yaml.safe_load(DEFAULT_PROFILE.read_text(encoding="utf-8"))


def write_profile(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_PROFILE = """\
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
      - {zh: 构建调度系统, en: Built a scheduler}
"""


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite the reference images of tests/golden/ after a reviewed change",
    )
