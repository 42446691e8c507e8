"""Rare characters (生僻字) in the Word document: Microsoft YaHei and JhengHei lack the
supplementary ideographs (CJK Extension B onward), so each of those is a run of its own
that names the Windows face having its block (SimSun-ExtB for Simplified Chinese and
English, MingLiU-ExtB for Traditional), keeping its style, language, bold and link; read
back with python-docx and lxml, and printed by LibreOffice.

The characters, as in tests/test_rare_characters.py: 𠮷 U+20BB7 and 𨭉 U+28B49 (Extension
B), 䶮 U+4DAE (Extension A, which YaHei has: no run of its own)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pdfminer.high_level import extract_text
from test_docx import (
    SOFFICE,
    drawn_characters,
    libreoffice_pdfs,
    machine_face,
    needs_libreoffice,
    squeezed,
    system_fonts,
)

from conftest import MINIMAL_PROFILE, run_build, write_profile
from resume.docx import rare_face, rare_runs
from resume.fonts import covers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LANGUAGES = ["zh", "en", "zh-TW"]
SUPPLEMENTARY = re.compile("[\U00020000-\U0003ffff]")

PROFILE = """\
languages: [zh, en, zh-TW]
basics:
  name: {zh: 王𠮷䶮𨭉, en: Ji Wang (王𠮷䶮𨭉)}
  slug: wang-ji
  email: ji@example.com
experience:
  - id: acme
    organization: Acme
    start: 2020-01
    end: present
    highlights:
      - zh: 与**𠮷田**合作，构建[𨭉调度](https://example.com/sched)系统，䶮𠮷
        en: Built a scheduler with **𠮷田** and [王𨭉](https://example.com/sched), 䶮𠮷
"""
# What each document shows: zh-TW is converted from zh by OpenCC, which writes 䶮 as 龑.
NAME = {"zh": "王𠮷䶮𨭉", "en": "Ji Wang (王𠮷䶮𨭉)", "zh-TW": "王𠮷龑𨭉"}
HIGHLIGHT = {"zh": "与𠮷田合作，构建𨭉调度系统，䶮𠮷",
             "en": "Built a scheduler with 𠮷田 and 王𨭉, 䶮𠮷",
             "zh-TW": "與𠮷田合作，構建𨭉調度系統，龑𠮷"}
FACE = {"zh": "SimSun-ExtB", "en": "SimSun-ExtB", "zh-TW": "MingLiU-ExtB"}
EAST_ASIAN_TAG = {"zh": "zh-CN", "en": "zh-CN", "zh-TW": "zh-TW"}
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rare-docx")
    write_profile(folder, PROFILE)
    run = run_build("--profile", folder, "--format", "docx", "--out", folder / "out")
    assert run.returncode == 0, run.stderr
    return folder / "out"


def text_runs(element):
    """The runs holding text under `element`, links' included, in order."""
    return [run for run in element.iter(f"{W}r") if run.find(f"{W}t") is not None]


def run_text(run) -> str:
    return run.find(f"{W}t").text


def named_face(run) -> str | None:
    """The East Asian face a run names itself, if it names one."""
    fonts = run.find(f"{W}rPr/{W}rFonts")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def stories(document):
    """The body, and the header that carries the name from page 2."""
    return [document.element.body, document.sections[0].header.part.element]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_rare_character_is_a_run_naming_its_face(built, language):
    document = docx.Document(built / f"wang-ji-{language}.docx")
    rare_seen = set()
    for story in stories(document):
        for run in text_runs(story):
            text = run_text(run)
            fonts = run.find(f"{W}rPr/{W}rFonts")
            if SUPPLEMENTARY.search(text):
                assert SUPPLEMENTARY.fullmatch(text), text  # nothing else in that run
                rare_seen.update(text)
                assert fonts.get(qn("w:hint")) == "eastAsia"
                assert [fonts.get(qn(f"w:{slot}")) for slot in FONT_SLOTS] \
                    == [FACE[language]] * 4, text
                assert run.find(f"{W}rPr/{W}lang").get(qn("w:eastAsia")) \
                    == EAST_ASIAN_TAG[language]
            else:  # every other run takes its fonts from the styles, as before
                assert fonts is None or set(fonts.attrib) == {qn("w:hint")}, text
    assert rare_seen == {"𠮷", "𨭉"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_texts_around_them_and_their_bold_and_link_are_kept(built, language):
    document = docx.Document(built / f"wang-ji-{language}.docx")
    paragraphs = {paragraph.style.name: paragraph for paragraph in document.paragraphs}
    assert paragraphs["Name"].text == NAME[language]
    bullet = paragraphs["Bullet"]
    assert "".join(run_text(run) for run in text_runs(bullet._p)) == HIGHLIGHT[language]
    # The bold 𠮷 is in the Strong style, as the 田 beside it.
    bold = [(run_text(run), run.find(f"{W}rPr/{W}rStyle").get(qn("w:val")))
            for run in text_runs(bullet._p) if run.find(f"{W}rPr/{W}rStyle") is not None
            and run_text(run) in ("𠮷", "田")]
    assert bold == [("𠮷", "Strong"), ("田", "Strong")]
    # 𨭉 stays inside the link, in its style.
    (link,) = bullet.hyperlinks
    assert link.url == "https://example.com/sched"
    linked = text_runs(link._hyperlink)
    assert "".join(run_text(run) for run in linked) == {
        "zh": "𨭉调度", "en": "王𨭉", "zh-TW": "𨭉調度"}[language]
    assert {run.find(f"{W}rPr/{W}rStyle").get(qn("w:val")) for run in linked} == {"Hyperlink"}
    assert [run_text(run) for run in linked if named_face(run)] == ["𨭉"]
    header = document.sections[0].header.paragraphs[0]
    assert header.text == NAME[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_characters_are_stored_as_themselves(built, language):
    """UTF-8 of the characters themselves: no replacement character, no surrogate halves,
    no character references."""
    path = built / f"wang-ji-{language}.docx"
    header = docx.Document(path).sections[0].header.part.partname.lstrip("/")
    with zipfile.ZipFile(path) as package:
        for part in ("word/document.xml", header):
            data = package.read(part)
            text = data.decode("utf-8")  # strict: a lone surrogate would not decode
            assert "\ufffd" not in text and "&#" not in text
            assert "𠮷".encode() in data and "𨭉".encode() in data, part  # four bytes each


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rare_face_is_named_only_where_a_text_needs_it(built, tmp_path, language):
    write_profile(tmp_path, MINIMAL_PROFILE.replace("[zh, en]", "[zh, en, zh-TW]"))
    run = run_build("--profile", tmp_path, "--lang", language, "--format", "docx",
                    "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    east_asian = {"zh": "Microsoft YaHei", "en": "Microsoft YaHei",
                  "zh-TW": "Microsoft JhengHei"}[language]
    assert font_table(built / f"wang-ji-{language}.docx") == [
        "Arial", east_asian, FACE[language]]
    plain = tmp_path / "out" / f"xiaoming-wang-{language}.docx"
    assert font_table(plain) == ["Arial", east_asian]
    assert not [run_text(run) for run in text_runs(docx.Document(plain).element.body)
                if named_face(run)]


def font_table(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        table = package.read("word/fontTable.xml").decode()
    return re.findall(r'<w:font w:name="([^"]+)"', table)


@pytest.mark.parametrize(("code_point", "language", "face"), [
    (0x20BB7, "zh", "SimSun-ExtB"),  # 𠮷, Extension B
    (0x20BB7, "en", "SimSun-ExtB"),
    (0x20BB7, "zh-TW", "MingLiU-ExtB"),
    (0x2A6DF, "zh", "SimSun-ExtB"),  # the last of Extension B
    (0x2A700, "zh", "MingLiU-ExtB"),  # Extension C: only MingLiU-ExtB has it
    (0x2B740, "zh-TW", "MingLiU-ExtB"),  # Extension D
    (0x2B820, "zh", "SimSun-ExtB"),  # Extension E: only SimSun-ExtB has it
    (0x2CEB0, "zh-TW", "SimSun-ExtB"),  # Extension F
    (0x2EBF0, "zh", "SimSun-ExtG"),  # Extension I
    (0x2F800, "zh", "MingLiU-ExtB"),  # CJK Compatibility Ideographs Supplement
    (0x30000, "zh-TW", "SimSun-ExtG"),  # Extension G
    (0x31350, "zh", "SimSun-ExtG"),  # Extension H
    # What YaHei and JhengHei draw themselves: no face of its own.
    (0x4DAE, "zh", None),  # 䶮, Extension A
    (0x3400, "zh-TW", None),
    (0x738B, "zh", None),  # 王
    (0x1F331, "en", None),  # 🌱, plane 1
    (0x41, "en", None),
    (0x40000, "zh", None),  # past the ideographic planes
], ids=lambda value: f"U+{value:04X}" if isinstance(value, int) else str(value))
def test_each_block_is_named_in_the_windows_face_that_has_it(code_point, language, face):
    assert rare_face(chr(code_point), language) == face


def test_text_is_cut_where_the_face_changes():
    assert list(rare_runs("王𠮷𨭉明䶮", "zh")) == [
        ("王", None), ("𠮷𨭉", "SimSun-ExtB"), ("明䶮", None)]
    assert list(rare_runs("𠮷\U0002A700", "zh")) == [
        ("𠮷", "SimSun-ExtB"), ("\U0002A700", "MingLiU-ExtB")]
    assert list(rare_runs("𠮷", "zh-TW")) == [("𠮷", "MingLiU-ExtB")]
    assert list(rare_runs("", "zh")) == []


@pytest.fixture(scope="module")
def printed(built, tmp_path_factory) -> Path:
    """LibreOffice's PDFs of the three documents; this machine has none of the named
    faces, so it draws the rare characters with a face of its own that has them."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    documents = [built / f"wang-ji-{language}.docx" for language in LANGUAGES]
    return libreoffice_pdfs(documents, tmp_path_factory.mktemp("printed-rare"))


@needs_libreoffice
@pytest.mark.parametrize("language", LANGUAGES)
def test_libreoffice_prints_them_as_themselves_with_a_face_that_has_them(printed, language):
    pdf = printed / f"wang-ji-{language}.pdf"
    text = extract_text(pdf)
    assert "\ufffd" not in text
    for shown in (NAME[language], HIGHLIGHT[language]):
        assert squeezed(shown) in squeezed(text)
    fonts = system_fonts()
    drawn = drawn_characters(pdf)
    # One page, so no running header: each rare character of the name and the highlight
    # (in bold, in a link) drawn once, with a face of this machine that has it.
    rare = [(character, font) for character, font in drawn if SUPPLEMENTARY.match(character)]
    assert sorted(character for character, _ in rare) == sorted(
        SUPPLEMENTARY.findall(NAME[language] + HIGHLIGHT[language]))
    for character, font in rare:
        assert covers(machine_face(fonts, font), ord(character)), (character, font)
