"""`resume new`: a complete bilingual profile that builds as it is and shows every feature."""

from __future__ import annotations

import jsonschema
import yaml
from pypdf import PdfReader

from conftest import run_build
from resume.cli import main
from resume.schema import profile_schema, target_schema


def test_a_new_profile_builds_strictly_in_both_languages_and_every_target(tmp_path, capsys):
    folder = tmp_path / "me"
    assert main(["new", str(folder)]) == 0
    assert "build it: resume build --profile" in capsys.readouterr().out
    run = run_build("--profile", folder, "--strict", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    run = run_build("--profile", folder, "--strict", "--target", "all", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "xiaoming-wang-en.pdf", "xiaoming-wang-platform-en.pdf",
        "xiaoming-wang-platform-zh.pdf", "xiaoming-wang-zh.pdf"]
    # the photo, shown in Chinese only
    assert len(PdfReader(tmp_path / "out" / "xiaoming-wang-zh.pdf").pages[0].images) == 1
    assert len(PdfReader(tmp_path / "out" / "xiaoming-wang-en.pdf").pages[0].images) == 0


def test_a_new_profile_uses_every_field_and_names_its_schemas(tmp_path):
    folder = tmp_path / "me"
    main(["new", str(folder)])
    profile = (folder / "profile.yaml").read_text(encoding="utf-8")
    assert profile.startswith("# yaml-language-server: $schema=schema/profile.schema.json\n")
    data = yaml.safe_load(profile)
    jsonschema.validate(data, profile_schema())
    for section, fields in profile_schema()["properties"].items():
        assert section in data, section
        # Every field of every section; labels is a table of overrides, one shows how.
        if "properties" in fields and section != "labels":
            assert set(fields["properties"]) <= set(data[section]), section
    target = (folder / "targets" / "platform.yaml").read_text(encoding="utf-8")
    assert target.startswith("# yaml-language-server: $schema=../schema/target.schema.json\n")
    jsonschema.validate(yaml.safe_load(target), target_schema())
    assert (folder / "schema" / "profile.schema.json").is_file()


def test_new_will_not_write_over_a_folder(tmp_path, capsys):
    (tmp_path / "me").mkdir()
    (tmp_path / "me" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "me")]) == 1
    assert "is not empty; choose a new folder" in capsys.readouterr().err
    assert [path.name for path in (tmp_path / "me").iterdir()] == ["notes.txt"]
