"""JSON Resume in and out: the official sample imports and builds, every field the profile
can hold survives the round trip, and every field it cannot is named."""

from __future__ import annotations

import json

import pytest

from conftest import PROJECT, run_build
from resume.cli import main

SAMPLE = PROJECT.parent / "shared" / "fixtures" / "jsonresume-sample.resume.json"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="the fixtures are kept beside the "
                                "repository")


@pytest.fixture
def imported(tmp_path, capsys):
    folder = tmp_path / "richard"
    assert main(["import", "jsonresume", str(SAMPLE), "--out", str(folder)]) == 0
    captured = capsys.readouterr()
    return folder, captured.err


def test_the_sample_imports_and_builds(imported, tmp_path):
    folder, _ = imported
    run = run_build("--profile", folder, "--strict", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "richard-hendriks-en.pdf").exists()


def test_every_field_it_cannot_hold_is_named(imported):
    _, warnings = imported
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for section in ("volunteer", "education", "awards", "publications", "languages",
                    "interests", "references", "meta"):
        assert f"warning: {section}: not imported" in warnings
    for field in ("basics.location.address", "basics.profiles[0] (Twitter)",
                  "projects[0].keywords", "projects[0].highlights", "skills[0].level",
                  "work[0].startDate (day 01)"):
        assert f"warning: {field}: not imported" in warnings
    assert 'projects[0].url: "missdirection.example.com" has no scheme' in warnings
    assert len(sample["skills"]) == warnings.count(".keywords: not imported") - 1


def test_every_field_it_can_hold_survives_the_round_trip(imported, tmp_path, capsys):
    folder, _ = imported
    out = tmp_path / "round-trip.json"
    assert main(["export", "jsonresume", "--profile", str(folder), "--lang", "en",
                 "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    basics = sample["basics"]
    for key in ("name", "label", "email", "phone", "url", "summary"):
        assert exported["basics"][key] == basics[key], key
    assert exported["basics"]["location"] == {"city": "San Francisco, California"}
    for original, result in zip(sample["work"], exported["work"], strict=True):
        for key in ("name", "position", "url", "summary", "highlights", "location",
                    "description"):
            assert result.get(key) == original.get(key), key
        assert result["startDate"] == original["startDate"][:7]
        assert result["endDate"] == original["endDate"][:7]
    for original, result in zip(sample["projects"], exported["projects"], strict=True):
        assert result["name"] == original["name"]
        assert result["description"] == original["description"]
        assert result["url"].removeprefix("https://") == original["url"].removeprefix("https://")
    assert [skill["name"] for skill in exported["skills"]] == [
        skill["name"] for skill in sample["skills"]]


def test_the_default_profile_exports_in_each_language(capsys):
    assert main(["export", "jsonresume", "--lang", "zh"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["basics"]["name"] == "谢远东"
    assert [work["name"] for work in document["work"]] == [
        "Unisound", "Tencent Cloud", "Tensorchord"]
    assert document["work"][0]["startDate"] == "2018"
    assert document["work"][2].get("endDate") is None  # to the present
    assert document["basics"]["profiles"][0]["username"] == "xieydd"
    assert len(document["projects"]) == 7


def test_import_will_not_write_over_a_folder(tmp_path, capsys):
    (tmp_path / "me").mkdir()
    (tmp_path / "me" / "profile.yaml").write_text("mine")
    assert main(["import", "jsonresume", str(SAMPLE), "--out", str(tmp_path / "me")]) == 1
    assert "is not empty; choose a new folder" in capsys.readouterr().err
    assert (tmp_path / "me" / "profile.yaml").read_text() == "mine"


def test_entries_of_the_same_name_get_ids_of_their_own(tmp_path, capsys):
    document = {"basics": {"name": "A"},
                "work": [{"name": "Acme", "startDate": "2020-01"},
                         {"name": "Acme", "startDate": "2018-01"}],
                "projects": [{"name": "tool"}, {"name": "tool"}, {"name": "工具"}]}
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", "jsonresume", str(source), "--out", str(tmp_path / "a")]) == 0
    run = run_build("--profile", tmp_path / "a", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "a" / "profile.yaml").read_text(encoding="utf-8")
    assert "id: acme-2" in text and "id: tool-2" in text and "id: project-3" in text
