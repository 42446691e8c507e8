"""Text repair with ftfy: damaged text repaired, lost bytes reported, valid text untouched.
Cases are data in cases/repairs.yaml, cases/unchanged.txt and cases/seed_lines.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DEFAULT_PROFILE
from resume.repair import repair_text

CASES_FOLDER = Path(__file__).parent / "cases"
CASES = yaml.safe_load((CASES_FOLDER / "repairs.yaml").read_text(encoding="utf-8"))
SEED_LINES = yaml.safe_load((CASES_FOLDER / "seed_lines.yaml").read_text(encoding="utf-8"))
UNCHANGED = (CASES_FOLDER / "unchanged.txt").read_text(encoding="utf-8").splitlines()


def profile_texts() -> list[str]:
    """Every string of the default profile: all of it is valid and must stay as written."""
    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
        elif isinstance(node, str):
            yield node
    return list(walk(yaml.safe_load(DEFAULT_PROFILE.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("case", CASES["repaired"], ids=[c["repaired"] for c in CASES["repaired"]])
def test_damaged_text_is_repaired(case):
    result = repair_text(case["damaged"])
    assert result.text == case["repaired"]
    assert result.damaged_run is None


@pytest.mark.parametrize(
    "case", CASES["unrepairable"], ids=[c["run"] for c in CASES["unrepairable"]]
)
def test_lost_bytes_are_found_and_shown(case):
    assert repair_text(case["text"]).damaged_run == case["run"]


@pytest.mark.parametrize("case", CASES["controls"], ids=[c["text"] for c in CASES["controls"]])
def test_control_characters_are_reported_and_never_removed(case):
    result = repair_text(case["text"])
    assert result.control == case["message"]
    assert result.text == case["text"]


@pytest.mark.parametrize("text", UNCHANGED + profile_texts())
def test_valid_text_comes_back_unchanged(text):
    result = repair_text(text)
    assert result.text == text
    assert result.damaged_run is None
    assert result.control is None


@pytest.mark.parametrize("case", SEED_LINES["damaged"],
                         ids=[f"line {case['line']}" for case in SEED_LINES["damaged"]])
def test_each_damaged_line_of_the_seed_is_beyond_automatic_repair_and_says_where(case):
    assert repair_text(case["text"]).damaged_run


def test_the_seed_is_partly_repaired_all_the_same():
    seed = "\n".join(case["text"] for case in SEED_LINES["damaged"])
    assert re.search(r"[\u4e00-\u9fff]", repair_text(seed).text)

