"""Rare characters (生僻字) in names: what the bundled Noto Sans SC lacks is drawn, a
character at a time, by Debian's Noto Sans CJK SC (the Chinese face of the collection, never
the Japanese one); what no installed face has is a located error.

The characters, each checked against the font files below with fontTools:
  㐂 U+3402 and 䶮 U+4DAE (Extension A; 䶮 is a name character that bank systems long
      refused) and 𨭉 U+28B49 (Extension B): in the bundled face, which has Extension A up to
      U+4DB5 and a few dozen Extension B characters;
  𠮷 U+20BB7 (Extension B, a form of 吉 found in names): only in Noto Sans CJK;
  𡒄 U+21484 (Extension B): in neither, so it must stop the build.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from conftest import MINIMAL_PROFILE, run_build, write_profile
from resume import fonts
from resume.cli import main
from resume.fonts import FAMILIES, DrawnText, Face, FontRun

EXTENSION_A = "㐂䶮"
IN_BUNDLED_FACE = "㐂䶮𨭉"
ONLY_IN_FALLBACK = "𠮷"
IN_NO_FACE = "𡒄"

PROFILE = """\
languages: [zh, en, zh-TW]
basics:
  name: {zh: 王𠮷㐂䶮𨭉, en: Ji Wang (王𠮷)}
  slug: wang-ji
  email: ji@example.com
experience:
  - id: acme
    organization: Acme
    start: 2020-01
    end: present
    highlights:
      - {zh: 与𠮷田合作，构建㐂𨭉调度系统, en: Built a scheduler with 𠮷田 and 㐂}
"""
# What each PDF must show: zh-TW is converted from zh by OpenCC, which writes 䶮 as 龑.
EXPECTED_CHARACTERS = {"zh": "王𠮷㐂䶮𨭉", "en": "王𠮷㐂", "zh-TW": "王𠮷㐂龑𨭉"}
# The family that draws 𠮷, and the families allowed in each PDF (PDF names, no spaces).
FALLBACK_IN_PDF = {"zh": "Noto-Sans-CJK-SC", "en": "Noto-Sans-CJK-SC", "zh-TW": "Noto-Sans-CJK-TC"}
ALLOWED_FONTS = {
    "zh": {"Noto-Sans-SC", "Noto-Sans-CJK-SC"},
    "en": {"Noto-Sans", "Noto-Sans-SC", "Noto-Sans-CJK-SC"},
    "zh-TW": {"Noto-Sans-CJK-TC"},
}


def cmap_of(face: Face) -> set[int]:
    number = face.index if face.path.suffix == ".ttc" else -1
    return set(TTFont(face.path, lazy=True, fontNumber=number)["cmap"].getBestCmap())


def test_the_chosen_characters_are_where_this_file_says():
    bundled = [cmap_of(face) for face in FAMILIES["Noto Sans SC"]]
    fallback = [cmap_of(face) for face in FAMILIES["Noto Sans CJK SC"]]
    for character in IN_BUNDLED_FACE:
        assert all(ord(character) in cmap for cmap in bundled), character
    for character in ONLY_IN_FALLBACK:
        assert not any(ord(character) in cmap for cmap in bundled), character
        assert all(ord(character) in cmap for cmap in fallback), character
    assert not any(ord(IN_NO_FACE) in cmap for cmap in bundled + fallback)
    # Extension A as Unicode 3.0 made it (U+3400 to U+4DB5) is all in the bundled face (its
    # ten characters of Unicode 13 are in neither): the fallback is for Extension B onward.
    assert all(all(code in cmap for code in range(0x3400, 0x4DB6)) for cmap in bundled)
    assert {0x3402, 0x4DAE} == {ord(character) for character in EXTENSION_A}


@pytest.mark.parametrize("family", ["Noto Sans CJK SC", "Noto Sans CJK TC"])
def test_the_collection_faces_read_are_the_chinese_ones(family):
    """The character map read is that of the face CSS names, not the collection's first
    (Japanese) face; fontconfig chooses the face by the same family name."""
    for face in FAMILIES[family]:
        font = TTFont(face.path, lazy=True, fontNumber=face.index)
        assert font["name"].getDebugName(1) == family
        starts, ends = fonts._coverage(face.path, face.index)
        covered = {code for start, end in zip(starts, ends, strict=True)
                   for code in range(start, end + 1)}
        assert covered == set(font["cmap"].getBestCmap())


def test_each_character_is_drawn_by_the_first_family_that_has_it():
    assert fonts.font_runs("Ji 王𠮷明 Wang", "en") == [
        FontRun("Noto Sans", "Ji "), FontRun("Noto Sans SC", "王"),
        FontRun("Noto Sans CJK SC", "𠮷"), FontRun("Noto Sans SC", "明"),
        FontRun("Noto Sans", " Wang")]
    assert fonts.font_runs("王𠮷㐂䶮𨭉", "zh") == [
        FontRun("Noto Sans SC", "王"), FontRun("Noto Sans CJK SC", "𠮷"),
        FontRun("Noto Sans SC", "㐂䶮𨭉")]
    # Traditional Chinese is set in Noto Sans CJK TC, which has them all.
    assert fonts.font_runs("王𠮷龑", "zh-TW") == [FontRun("Noto Sans CJK TC", "王𠮷龑")]


def test_runs_keep_every_character_and_controls_stay_in_their_run():
    text = "𠮷\u2060田\n吉"
    runs = fonts.font_runs(text, "zh")
    assert "".join(run.text for run in runs) == text
    assert runs == [FontRun("Noto Sans CJK SC", "𠮷\u2060"), FontRun("Noto Sans SC", "田\n吉")]
    assert fonts.font_runs("", "en") == []


def test_the_fallback_joins_the_stack_only_when_a_character_needs_it():
    assert fonts.families_needed("zh", [DrawnText("x", "王㐂䶮𨭉")]) == ("Noto Sans SC",)
    assert fonts.families_needed("zh", [DrawnText("x", "王𠮷")]) == (
        "Noto Sans SC", "Noto Sans CJK SC")
    assert fonts.families_needed("en", [DrawnText("x", "Ji 𠮷")]) == (
        "Noto Sans", "Noto Sans CJK SC")
    fonts.check_coverage("zh", [DrawnText("x", "王𠮷㐂䶮𨭉")])
    fonts.check_coverage("en", [DrawnText("x", "Ji Wang (王𠮷)")])


def test_the_fallback_map_is_read_only_for_a_character_the_bundled_face_lacks(monkeypatch):
    read: list[Path] = []
    read_cmap_table = fonts._read_cmap_table

    def recording(font: Path, index: int = 0) -> bytes:
        read.append(font)
        return read_cmap_table(font, index)

    monkeypatch.setattr(fonts, "_read_cmap_table", recording)
    fonts._coverage.cache_clear()
    try:
        texts = [DrawnText("x", "王小明，构建调度系统 Kubernetes 㐂䶮𨭉")]
        fonts.check_coverage("zh", texts)
        fonts.families_needed("zh", texts)
        fallback = {face.path for face in FAMILIES["Noto Sans CJK SC"]}
        assert read and not fallback & set(read)
        fonts.check_coverage("zh", [DrawnText("x", "𠮷")])
        assert fallback <= set(read)
    finally:
        fonts._coverage.cache_clear()


def missing_fallback(monkeypatch, folder: Path) -> None:
    monkeypatch.setitem(FAMILIES, "Noto Sans CJK SC", (
        Face("Noto Sans CJK SC", 400, folder / "NotoSansCJK-Regular.ttc", index=2),
        Face("Noto Sans CJK SC", 700, folder / "NotoSansCJK-Bold.ttc", index=2)))


def test_without_the_fallback_a_rare_character_says_what_to_install(monkeypatch, tmp_path):
    missing_fallback(monkeypatch, tmp_path)
    fonts.check_fonts_installed("zh")  # the bundled faces are enough for everything else
    assert fonts.families_needed("zh", [DrawnText("x", "王𠮷")]) == ("Noto Sans SC",)
    with pytest.raises(fonts.ResumeError) as raised:
        fonts.check_coverage("zh", [DrawnText("basics.name", "王𠮷")])
    assert [str(problem) for problem in raised.value.problems] == [
        'basics.name: the character "𠮷" (U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7) has no glyph '
        "in Noto Sans SC; it would print as an empty box. Remove it or replace it with a "
        "character the font has; or install fonts-noto-cjk (sudo apt-get install "
        "fonts-noto-cjk), whose Noto Sans CJK SC has many more rare characters"]


def test_a_profile_without_rare_characters_does_not_depend_on_the_fallback(
        monkeypatch, tmp_path):
    """The same PDFs, byte for byte, whether Noto Sans CJK SC is installed or not."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    profile = write_profile(tmp_path / "profile", MINIMAL_PROFILE.replace("王小明", "王㐂䶮"))
    assert main(["build", "--profile", str(profile), "--out", str(tmp_path / "with")]) == 0
    missing_fallback(monkeypatch, tmp_path / "nowhere")
    assert main(["build", "--profile", str(profile), "--out", str(tmp_path / "without")]) == 0
    built = sorted(path.name for path in (tmp_path / "with").iterdir())
    assert built == ["xiaoming-wang-en.pdf", "xiaoming-wang-zh.pdf"]
    for name in built:
        assert (tmp_path / "with" / name).read_bytes() == (
            tmp_path / "without" / name).read_bytes()


@pytest.fixture(scope="module")
def rare_build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rare")
    write_profile(folder, PROFILE)
    run = run_build("--profile", folder, "--out", folder / "out")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return folder / "out"


def fonts_of(pdf: Path) -> dict[str, dict]:
    """The PDF's fonts by BaseFont name, subset prefix included."""
    return {str(font.get_object()["/BaseFont"]).lstrip("/"): font.get_object()
            for page in PdfReader(pdf).pages for font in page["/Resources"]["/Font"].values()}


def drawn_characters(font: dict) -> set[str]:
    """The characters a font draws in the PDF, read from its ToUnicode map."""
    data = font["/ToUnicode"].get_object().get_data().decode("ascii")
    pairs = "".join(re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL))
    return {bytes.fromhex(target).decode("utf-16-be")
            for target in re.findall(r"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", pairs)}


@pytest.mark.parametrize("language", ["zh", "en", "zh-TW"])
def test_rare_characters_extract_as_themselves(rare_build, language):
    text = extract_text(rare_build / f"wang-ji-{language}.pdf")
    for character in EXPECTED_CHARACTERS[language]:
        assert character in text, f"{character} (U+{ord(character):04X})"
    assert "\ufffd" not in text


@pytest.mark.parametrize("language", ["zh", "en", "zh-TW"])
def test_fonts_are_embedded_subset_and_the_fallback_is_the_chinese_face(rare_build, language):
    found = fonts_of(rare_build / f"wang-ji-{language}.pdf")
    bases = set()
    for name, font in found.items():
        prefix, _, base = name.partition("+")
        assert re.fullmatch(r"[A-Z]{6}", prefix), f"{name} is not a subset"
        bases.add(base.removesuffix("-Bold"))
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        embedded = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        assert embedded is not None, f"{name} is not embedded"
        # A whole Noto Sans CJK collection is twenty megabytes.
        assert 0 < len(embedded.get_object().get_data()) < 1_000_000, name
    assert bases <= ALLOWED_FONTS[language]
    fallback = FALLBACK_IN_PDF[language]
    # 𠮷 is in the name (bold) and in a highlight (regular): both weights of the fallback.
    drawing = {name.partition("+")[2]: drawn_characters(font) for name, font in found.items()}
    assert "𠮷" in drawing[fallback] and "𠮷" in drawing[f"{fallback}-Bold"]
    if language != "zh-TW":
        # A character at a time: the fallback draws only what the bundled faces lack.
        assert drawing[fallback] | drawing[f"{fallback}-Bold"] == {"𠮷"}
        assert set(IN_BUNDLED_FACE) & set(EXPECTED_CHARACTERS[language]) <= (
            drawing.get("Noto-Sans-SC", set()) | drawing.get("Noto-Sans-SC-Bold", set()))


@pytest.mark.parametrize(
    ("language", "column", "families"),
    [("zh", 14, "Noto Sans SC or Noto Sans CJK SC"),
     ("zh-TW", 34, "Noto Sans CJK TC"),
     ("en", 51, "Noto Sans, Noto Sans SC or Noto Sans CJK SC")],
)
def test_a_character_no_face_has_is_a_located_error(tmp_path, language, column, families):
    # A zh-TW text of its own: OpenCC would write 𡒄 in its Traditional form, 壈.
    write_profile(tmp_path, MINIMAL_PROFILE.replace(
        "{zh: 构建调度系统, en: Built a scheduler}",
        "{zh: 与王𡒄合作构建调度系统, zh-TW: 與王𡒄合作構建調度系統, "
        "en: Built a scheduler with 王𡒄}"))
    run = run_build("--profile", ".", "--lang", language, "--out", "out", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"error: profile.yaml:11:{column}: experience[acme].highlights[0]: the character "
        f'"𡒄" (U+21484 CJK UNIFIED IDEOGRAPH-21484) has no glyph in {families}; it would '
        "print as an empty box. Remove it or replace it with a character the font has"]
    assert not (tmp_path / "out").exists()


def test_fontconfig_knows_only_the_faces_the_build_names(monkeypatch):
    """Hermetic: fontconfig, with the build's configuration, lists the bundled faces and
    the two Noto Sans CJK collections, and no other font of the machine (Noto Serif CJK,
    which fonts-noto-cjk installs in the same folder, is rejected)."""
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts.fontconfig_file()))
    files = {Path(file).resolve() for file, _, _ in fontconfig_fonts()}
    named = {face.path.resolve() for faces in FAMILIES.values() for face in faces}
    assert files == named
    assert (fonts.SYSTEM_CJK_FOLDER / "NotoSerifCJK-Regular.ttc").exists()
    by_family = {(Path(file).resolve(), family): index
                 for file, index, family in fontconfig_fonts()}
    for family in ("Noto Sans CJK SC", "Noto Sans CJK TC"):
        for face in FAMILIES[family]:
            assert by_family[face.path.resolve(), family] == face.index


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int),
                ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def fontconfig_fonts() -> list[tuple[str, int, str]]:
    """(file, face index, first family) of every font a fresh fontconfig configuration
    knows, as WeasyPrint's fontconfig sees them."""
    library = ctypes.CDLL("libfontconfig.so.1")
    library.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    library.FcConfigGetFonts.restype = ctypes.POINTER(_FontSet)
    library.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
    library.FcPatternGetString.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    library.FcPatternGetInteger.argtypes = [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    library.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = library.FcInitLoadConfigAndFonts()
    try:
        font_set = library.FcConfigGetFonts(config, 0)  # FcSetSystem
        found = []
        for number in range(font_set.contents.nfont if font_set else 0):
            pattern = font_set.contents.fonts[number]
            file, family, index = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int()
            assert library.FcPatternGetString(pattern, b"file", 0, ctypes.byref(file)) == 0
            assert library.FcPatternGetString(pattern, b"family", 0, ctypes.byref(family)) == 0
            assert library.FcPatternGetInteger(pattern, b"index", 0, ctypes.byref(index)) == 0
            found.append((file.value.decode(), index.value, family.value.decode()))
        return found
    finally:
        library.FcConfigDestroy(config)
