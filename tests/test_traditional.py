"""Traditional Chinese (zh-TW): a variant of zh, converted where no zh-TW text is given, and
drawn with a Traditional Chinese face."""

from __future__ import annotations

import pytest
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from conftest import DEFAULT_PROFILE_FOLDER, MINIMAL_PROFILE, run_build, write_profile
from resume import fonts
from resume.errors import ResumeError
from resume.fonts import FAMILIES, Face


def test_any_chinese_profile_builds_in_traditional_chinese(tmp_path):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--lang", "zh-TW", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    pdf = tmp_path / "yuandong-xie-zh-TW.pdf"
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "zh-TW"
    assert reader.metadata["/Title"] == "謝遠東 – 履歷"
    names = {str(font.get_object()["/BaseFont"]).split("+")[1]
             for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert names == {"Noto-Sans-CJK-TC", "Noto-Sans-CJK-TC-Bold"}
    text = extract_text(pdf)
    expected = ("個人簡介", "工作經歷", "開源專案", "負責", "構建大規模智能調度系統", "至今")
    for traditional in expected:
        assert traditional in text
    for simplified in ("负责", "构建", "个人简介"):
        assert simplified not in text
    assert not (tmp_path / "yuandong-xie-zh.pdf").exists()


def test_a_zh_tw_text_of_its_own_replaces_the_conversion(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE.replace(
        "{zh: 构建调度系统, en: Built a scheduler}",
        "{zh: 构建调度系统, zh-TW: 打造排程系統, en: Built a scheduler}"))
    run = run_build("--profile", tmp_path, "--lang", "zh-TW", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    text = extract_text(tmp_path / "out" / "xiaoming-wang-zh-TW.pdf")
    assert "打造排程系統" in text and "構建調度系統" not in text
    assert "王小明" in text.replace(" ", "")  # no zh-TW of its own: converted (no change)


def test_a_profile_can_list_zh_tw_among_its_languages(tmp_path):
    write_profile(tmp_path, MINIMAL_PROFILE.replace("languages: [zh, en]",
                                                     "languages: [zh, en, zh-TW]"))
    run = run_build("--profile", tmp_path, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "xiaoming-wang-en.pdf", "xiaoming-wang-zh-TW.pdf", "xiaoming-wang-zh.pdf"]
    assert run.stderr == ""  # derived texts are not missing translations


def test_a_missing_traditional_font_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(FAMILIES, "Noto Sans CJK TC", (
        Face("Noto Sans CJK TC", 400, tmp_path / "NotoSansCJK-Regular.ttc"),))
    with pytest.raises(ResumeError, match="sudo apt-get install fonts-noto-cjk"):
        fonts.check_fonts_installed("zh-TW")
