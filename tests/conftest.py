"""Shared fixtures: the default profile built once, as a user builds it, and PDF readers."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_PROFILE = PROJECT / "data" / "profile.yaml"
FIXED_EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_build(*arguments: str | Path, cwd: Path = PROJECT, epoch: str | None = FIXED_EPOCH) -> Run:
    """`python build.py ARGUMENTS` in a fresh process, exactly as a user runs it."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        environment["SOURCE_DATE_EPOCH"] = epoch
    process = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *map(str, arguments)],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=120,
    )
    return Run(process.returncode, process.stdout, process.stderr)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> tuple[Path, Run]:
    """The default profile built in both languages, with its HTML."""
    out = tmp_path_factory.mktemp("dist")
    run = run_build("--out", out, "--html")
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
