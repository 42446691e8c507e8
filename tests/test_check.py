"""`resume check`: everything a build checks, without rendering; `--fix` writes repairs."""

from __future__ import annotations

from conftest import MINIMAL_PROFILE, write_profile
from resume.cli import main

DAMAGED_PROFILE = """\
# my profile: comments and layout must survive --fix
languages: [zh, en]
basics:
  name: {zh: 王小明, en: Xiaoming Wang}   # the name
  location: {zh: å¼•å…¥, en: DÃ¼sseldorf}
experience:
  - id: acme
    organization: "cafÃ©, Inc."
    start: 2020
    highlights:
      - zh: é«˜æ€§èƒ½调度
        en: ﬁles and 'schedulers'
      - {zh: 构建系统, en: Built systems}
"""


def test_check_reports_a_valid_profile_and_does_not_render(tmp_path, capsys):
    write_profile(tmp_path, MINIMAL_PROFILE)
    assert main(["check", "--profile", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.endswith("profile.yaml: valid (zh, en)\n")
    assert captured.err == ""
    assert [path.name for path in tmp_path.iterdir()] == ["profile.yaml"]


def test_check_runs_the_glyph_check_too(tmp_path, capsys):
    write_profile(tmp_path, MINIMAL_PROFILE.replace("构建调度系统", "构建调度系统🌱"))
    assert main(["check", "--profile", str(tmp_path), "--lang", "zh"]) == 1
    assert "U+1F331" in capsys.readouterr().err


def test_repairs_are_warnings_with_before_and_after(tmp_path, capsys):
    write_profile(tmp_path, DAMAGED_PROFILE)
    assert main(["check", "--profile", str(tmp_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 5
    assert err[0].endswith('basics.location.zh: repaired "å¼•å…¥" to "引入" '
                           "(run `resume check --fix` to write the repair into the file)")
    assert 'experience[acme].organization: repaired "cafÃ©, Inc." to "café, Inc."' in err[2]
    assert main(["check", "--profile", str(tmp_path), "--strict"]) == 1


def test_fix_writes_the_repairs_and_nothing_else(tmp_path, capsys):
    path = write_profile(tmp_path, DAMAGED_PROFILE)
    assert main(["check", "--profile", str(tmp_path), "--fix"]) == 0
    out = capsys.readouterr().out
    assert "profile.yaml: wrote 5 repairs" in out and "valid (zh, en)" in out
    assert path.read_text(encoding="utf-8") == DAMAGED_PROFILE.replace(
        "å¼•å…¥", "引入").replace("DÃ¼sseldorf", "Düsseldorf").replace(
        '"cafÃ©, Inc."', '"café, Inc."').replace("é«˜æ€§èƒ½调度", "高性能调度").replace(
        "ﬁles and 'schedulers'", "files and 'schedulers'")
    assert main(["check", "--profile", str(tmp_path), "--strict"]) == 0
    assert main(["check", "--profile", str(tmp_path), "--fix"]) == 0
    assert "nothing to repair" in capsys.readouterr().out


def test_fix_quotes_a_value_that_can_no_longer_stand_plain(tmp_path, capsys):
    # Without the byte order mark read as Windows-1252 (ï»¿), the value would be a comment.
    profile = ("basics:\n  name: {{zh: 王小明, en: Xiaoming Wang}}\n"
               "  headline: {{zh: 销售, en: {}}}\n")
    path = write_profile(tmp_path, profile.format("ï»¿#1 in sales"))
    assert main(["check", "--profile", str(tmp_path), "--fix"]) == 0
    assert path.read_text(encoding="utf-8") == profile.format('"#1 in sales"')
