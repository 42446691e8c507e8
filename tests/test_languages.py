"""One source, two languages: neutral values written once, translations per field, and the
report of what one language lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_PROFILE, write_profile
from resume.build import BuildOptions, build
from resume.cli import main
from resume.errors import ResumeError
from resume.load import load_profile_document, parse_yaml
from resume.text import WORD_JOINER
from resume.validate import validate
from resume.view import localize

PROFILE_MISSING_EN = """\
basics:
  name: {zh: 王小明, en: Xiaoming Wang}
experience:
  - id: tensorchord
    organization: Tensorchord
    start: 2023-05
    end: present
    highlights:
      - {zh: 第一条, en: First}
      - {zh: 第二条, en: Second}
      - zh: 第三条
"""


def views(text: str, tmp_path: Path):
    document = load_profile_document(write_profile(tmp_path, text))
    profile = validate(document).profile
    return {language: localize(profile, document, language) for language in ("zh", "en")}


def test_neutral_values_are_shared_and_translations_chosen_per_language(tmp_path):
    result = views(MINIMAL_PROFILE, tmp_path)
    zh, zh_missing = result["zh"]
    en, en_missing = result["en"]
    assert (str(zh.name), str(en.name)) == ("王小明", "Xiaoming Wang")
    zh_acme, en_acme = (view.section("experience").items[0] for view in (zh, en))
    assert str(zh_acme.heading) == str(en_acme.heading) == "Acme"
    assert [str(text) for text in zh_acme.highlights] == [f"构建调度系{WORD_JOINER}统"]
    assert [str(text) for text in en_acme.highlights] == ["Built a scheduler"]
    assert (zh_acme.period, en_acme.period) == (
        "2020.01 – 至今", "Jan 2020 – Present")
    assert zh.contacts[0].url == "mailto:xm@example.com"
    assert zh_missing == en_missing == []
    assert zh.slug == en.slug == "xiaoming-wang"


def test_missing_translation_is_reported_with_its_path_and_line(tmp_path):
    result = views(PROFILE_MISSING_EN, tmp_path)
    en, missing = result["en"]
    assert len(missing) == 1
    assert missing[0].field == "experience[tensorchord].highlights[2]"
    assert missing[0].message == "no en text (the zh text is used meanwhile)"
    assert (missing[0].location.line, missing[0].location.column) == (11, 9)
    # Nothing disappears: the English résumé shows the Chinese text until it is translated.
    assert [str(text) for text in en.section("experience").items[0].highlights] == [
        "First", "Second", f"第三{WORD_JOINER}条"]
    assert result["zh"][1] == []


def test_missing_translation_warns_and_strict_fails(tmp_path, capsys):
    write_profile(tmp_path / "profile", PROFILE_MISSING_EN)
    out = tmp_path / "dist"
    arguments = ["build", "--profile", str(tmp_path / "profile"), "--lang", "zh", "--out", str(out)]

    assert main(arguments) == 0
    assert "warning:" not in capsys.readouterr().err  # zh lacks nothing

    assert main([*arguments[:-4], "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "experience[tensorchord].highlights[2]: no en text" in err
    written = {path.name for path in out.iterdir()}
    assert written == {"xiaoming-wang-zh.pdf", "xiaoming-wang-en.pdf"}

    before = (out / "xiaoming-wang-en.pdf").read_bytes()
    assert main([*arguments[:-4], "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error: " in err and "highlights[2]: no en text" in err
    assert (out / "xiaoming-wang-en.pdf").read_bytes() == before


def test_yaml_scalars_stay_as_written(tmp_path):
    document = parse_yaml("a: 2021-02\nb: no\nc: 1.10\nd: 2021-02-03\ne:\n", tmp_path / "p.yaml")
    assert document.data == {"a": "2021-02", "b": "no", "c": "1.10", "d": "2021-02-03", "e": None}


def test_asking_for_a_language_the_profile_lacks_is_an_error(tmp_path):
    profile = write_profile(tmp_path, "languages: [en]\nbasics:\n  name: Xiaoming Wang\n")
    with pytest.raises(ResumeError, match="written in en, not zh"):
        build(BuildOptions(profile=profile, languages="zh", out=tmp_path / "dist"))


def test_unknown_theme_names_the_themes_there_are(tmp_path, capsys):
    write_profile(tmp_path, MINIMAL_PROFILE)
    code = main(["build", "--profile", str(tmp_path), "--theme", "fancy", "--out", str(tmp_path)])
    assert code == 1
    assert 'unknown theme "fancy": choose one of classic' in capsys.readouterr().err
