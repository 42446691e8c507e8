"""The JSON Schema for editors: committed inside the package (`resume new` copies it, the
default profile names it), equal to what the model generates, and agreeing with validation
on real profiles."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from test_readme import readme_example

from conftest import DEFAULT_PROFILE
from resume.assets import SCHEMAS_FOLDER
from resume.schema import profile_schema, target_schema

COMMITTED = SCHEMAS_FOLDER / "profile.schema.json"


def test_committed_schema_matches_the_model():
    """After changing the format, `make schema` regenerates the file."""
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == profile_schema()


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft7Validator.check_schema(profile_schema())


def test_default_profile_names_the_schema_for_editors():
    first_line = DEFAULT_PROFILE.read_text(encoding="utf-8").splitlines()[0]
    schema = "../../../resume/schemas/profile.schema.json"
    assert first_line == f"# yaml-language-server: $schema={schema}"
    assert (DEFAULT_PROFILE.parent / schema).resolve() == COMMITTED


@pytest.mark.parametrize("text", [DEFAULT_PROFILE.read_text(encoding="utf-8"), readme_example()],
                         ids=["default profile", "README example"])
def test_valid_profiles_pass_the_schema(text):
    jsonschema.validate(yaml.safe_load(text), profile_schema())


@pytest.mark.parametrize("text", [
    "basics: {name: X, nmae: Y}",
    "basics: {name: X}\nexperience: [{id: a, organization: A, start: 2021-13}]",
    "basics: {name: X}\nexperience: [{id: A B, organization: A, start: '2021'}]",
    "basics: {name: {zh: 王, fr: X}}",
    "basics: {name: X, url: 'javascript:alert(1)'}",
    "languages: [zh, fr]\nbasics: {name: X}",
    "skills: [a]",
])
def test_invalid_profiles_fail_the_schema_too(text):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(text), profile_schema())


def test_committed_target_schema_matches_the_model():
    committed = SCHEMAS_FOLDER / "target.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == target_schema()


@pytest.mark.parametrize("target", sorted((DEFAULT_PROFILE.parent / "targets").glob("*.yaml")),
                         ids=lambda path: path.stem)
def test_shipped_targets_pass_the_schema_and_name_it(target):
    text = target.read_text(encoding="utf-8")
    schema = "../../../../resume/schemas/target.schema.json"
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema}"
    assert (target.parent / schema).resolve() == SCHEMAS_FOLDER / "target.schema.json"
    jsonschema.validate(yaml.safe_load(text), target_schema())
