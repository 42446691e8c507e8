"""`resume new`: a complete bilingual profile that builds as it is and shows every section and
every field, as an engineer (the default: experience first) or a graduate in campus
recruiting (`--example graduate`: education first, campus activities, awards, papers)."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml
from pypdf import PdfReader

from conftest import run_build
from resume.build import EXAMPLES, SCAFFOLD_FOLDER
from resume.cli import main
from resume.model import (
    CUSTOM_ENTRIES,
    CUSTOM_KINDS,
    ON_REQUEST,
    PROFILE,
    REFERENCE,
    SKILL_GROUP,
    TARGET,
    SectionSpec,
)
from resume.schema import profile_schema, target_schema

THEMES = ("classic", "modern", "compact")
SLUGS = {"engineer": "xiaoming-wang", "graduate": "xiaoyu-zhang"}
TARGETS = {"engineer": "platform", "graduate": "research"}


def new_profile(folder: Path, example: str) -> Path:
    assert main(["new", str(folder), "--example", example]) == 0
    return folder


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, Path]:
    """Each example, written once by `resume new` for the tests that only read or build it."""
    folder = tmp_path_factory.mktemp("new")
    return {example: new_profile(folder / example, example) for example in EXAMPLES}


def test_the_default_example_is_the_engineer(tmp_path, capsys):
    assert main(["new", str(tmp_path / "me")]) == 0
    assert "build it: resume build --profile" in capsys.readouterr().out
    assert ((tmp_path / "me" / "profile.yaml").read_bytes()
            == (SCAFFOLD_FOLDER / "engineer" / "profile.yaml").read_bytes())


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_builds_strictly_in_every_theme_without_warnings(
        examples, tmp_path, example, theme):
    run = run_build("--profile", examples[example], "--theme", theme, "--strict",
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"{SLUGS[example]}-en.pdf", f"{SLUGS[example]}-zh.pdf"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_builds_its_target_and_shows_its_photo_in_chinese(
        examples, tmp_path, example):
    run = run_build("--profile", examples[example], "--strict", "--target", "all",
                    "--out", tmp_path / "targets")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    slug, target = SLUGS[example], TARGETS[example]
    assert sorted(path.name for path in (tmp_path / "targets").iterdir()) == [
        f"{slug}-{target}-en.pdf", f"{slug}-{target}-zh.pdf"]
    run = run_build("--profile", examples[example], "--out", tmp_path / "whole")
    assert run.returncode == 0, run.stderr
    assert len(PdfReader(tmp_path / "whole" / f"{slug}-zh.pdf").pages[0].images) == 1
    assert len(PdfReader(tmp_path / "whole" / f"{slug}-en.pdf").pages[0].images) == 0


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_passes_a_strict_check(examples, capsys, example):
    assert main(["check", "--profile", str(examples[example]), "--strict"]) == 0
    assert capsys.readouterr().err == ""


def every_field(spec: SectionSpec) -> set[tuple[str, str]]:
    """(entry kind, field) for every field of `spec` and of the entries inside it."""
    fields: set[tuple[str, str]] = set()
    for field in spec.fields:
        fields.add((spec.name, field.name))
        nested = [field.entry] if field.entry else []
        nested += {"skills": [SKILL_GROUP], "references": [REFERENCE],
                   "custom-entries": [entry for entry in CUSTOM_ENTRIES.values() if entry]
                   }.get(field.kind, [])
        for entry in nested:
            fields |= every_field(entry)
    return fields


def used_fields(data: dict, spec: SectionSpec) -> set[tuple[str, str]]:
    """(entry kind, field) for every field that `data`, read as `spec`, fills in."""
    used: set[tuple[str, str]] = set()
    for field in spec.fields:
        if field.name not in data:
            continue
        used.add((spec.name, field.name))
        value = data[field.name]
        if field.kind == "section":
            used |= used_fields(value, field.entry)
        elif field.kind == "list":
            for item in value:
                used |= used_fields(item, field.entry)
        elif field.kind == "skills":
            for item in value:
                if isinstance(item, dict) and "group" in item:
                    used |= used_fields(item, SKILL_GROUP)
        elif field.kind == "references" and value != ON_REQUEST:
            for item in value:
                used |= used_fields(item, REFERENCE)
        elif field.kind == "custom-entries" and CUSTOM_ENTRIES[data["kind"]]:
            for item in value:
                used |= used_fields(item, CUSTOM_ENTRIES[data["kind"]])
    return used


def tagged_texts(node: object) -> int:
    """How many texts (not entries) carry tags: {zh: ..., en: ..., tags: [...]}."""
    if isinstance(node, list):
        return sum(tagged_texts(item) for item in node)
    if not isinstance(node, dict):
        return 0
    if "tags" in node and set(node) - {"tags"} <= {"zh", "en", "zh-TW", "text"}:
        return 1
    return sum(tagged_texts(value) for value in node.values())


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_uses_every_section_and_every_field(examples, example):
    profile = (examples[example] / "profile.yaml").read_text(encoding="utf-8")
    assert profile.startswith("# yaml-language-server: $schema=schema/profile.schema.json\n")
    data = yaml.safe_load(profile)
    jsonschema.validate(data, profile_schema())
    # Dates as the build reads them (as written): YAML 1.1 would make some of them numbers.
    data = yaml.load(profile, Loader=yaml.BaseLoader)
    used = used_fields(data, PROFILE)
    # Tags mean the same on every kind of entry: shown on some entries and some bullets.
    unused = {(kind, name) for kind, name in every_field(PROFILE) - used if name != "tags"}
    if data["references"] == ON_REQUEST:  # the other form of the section: no entries
        unused -= every_field(REFERENCE)
    assert unused == set()
    assert {kind for kind, name in used if name == "tags"} >= {"position", "section"}
    assert tagged_texts(data) >= 1
    assert {section["kind"] for section in data["sections"]} == set(CUSTOM_KINDS)
    assert set(data["labels"]) and set(data["basics"]["photo"]) == {"file", "show"}
    target = next((examples[example] / "targets").glob("*.yaml")).read_text(encoding="utf-8")
    assert target.startswith("# yaml-language-server: $schema=../schema/target.schema.json\n")
    jsonschema.validate(yaml.safe_load(target), target_schema())
    assert set(yaml.safe_load(target)) == set(TARGET.names())
    assert (examples[example] / "schema" / "profile.schema.json").is_file()


def test_the_graduate_puts_education_first_and_the_engineer_experience(examples):
    def order(example: str, language: str) -> list[str]:
        data = yaml.safe_load((examples[example] / "profile.yaml").read_text(encoding="utf-8"))
        sections = data["design"]["sections"][language]
        return [name for name in sections if name in ("education", "experience")]

    assert order("graduate", "zh") == ["education", "experience"]
    assert order("graduate", "en") == ["experience", "education"]
    assert order("engineer", "zh") == order("engineer", "en") == ["experience", "education"]
    graduate = yaml.safe_load((examples["graduate"] / "profile.yaml").read_text(encoding="utf-8"))
    assert graduate["education"][0]["end"].startswith("expected ")
    assert graduate["campus"] and graduate["awards"] and graduate["publications"]


def test_an_unknown_example_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["new", str(tmp_path / "me"), "--example", "student"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'student' (choose from" in capsys.readouterr().err
    assert not (tmp_path / "me").exists()


def test_new_will_not_write_over_a_folder(tmp_path, capsys):
    (tmp_path / "me").mkdir()
    (tmp_path / "me" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "me"), "--example", "graduate"]) == 1
    assert "is not empty; choose a new folder" in capsys.readouterr().err
    assert [path.name for path in (tmp_path / "me").iterdir()] == ["notes.txt"]
