"""The glyph check reads the fonts' character maps itself; it must agree with fontTools."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from conftest import DEFAULT_PROFILE_FOLDER
from resume import fonts
from resume.fonts import FAMILIES, DrawnText


@pytest.mark.parametrize(
    "face", [face for faces in FAMILIES.values() for face in faces], ids=lambda face: face.path.name
)
def test_coverage_agrees_with_fonttools(face):
    if not face.path.exists():
        pytest.skip(f"{face.path} is not installed")
    # In a collection the reader takes the cmap of the face's own place.
    font = TTFont(face.path, lazy=True,
                  fontNumber=face.index if face.path.suffix == ".ttc" else -1)
    expected = set(font["cmap"].getBestCmap())
    starts, ends = fonts._coverage(face.path, face.index)
    covered = {
        code for start, end in zip(starts, ends, strict=True) for code in range(start, end + 1)
    }
    assert covered == expected


def test_format_4_reader_agrees_with_fonttools():
    """Fonts without a format 12 map (many Latin fonts) are read through format 4."""
    path = FAMILIES["Noto Sans"][0].path
    font = TTFont(path, lazy=True)
    expected = set(font["cmap"].getcmap(3, 1).cmap)
    cmap = fonts._read_cmap_table(path)
    offset = next(
        int.from_bytes(cmap[8 + 8 * i : 12 + 8 * i], "big")
        for i in range(int.from_bytes(cmap[2:4], "big"))
        if cmap[4 + 8 * i : 8 + 8 * i] == b"\x00\x03\x00\x01"
    )
    ranges = fonts._format_4_ranges(cmap, offset)
    assert {code for start, end in ranges for code in range(start, end + 1)} == expected


def test_chinese_is_drawn_by_noto_sans_sc_and_english_needs_it_only_for_hanzi():
    assert fonts.families_needed("zh", [DrawnText("x", "Kubernetes 调度")]) == ("Noto Sans SC",)
    assert fonts.families_needed("en", [DrawnText("x", "Kubernetes")]) == ("Noto Sans",)
    assert fonts.families_needed("en", [DrawnText("x", "Xie 谢")]) == ("Noto Sans", "Noto Sans SC")


def test_full_width_punctuation_and_quotes_are_covered_in_chinese():
    fonts.check_coverage("zh", [DrawnText("x", "，。、：；（）！？「」“”‘’　…—·")])


def test_uncovered_characters_are_each_named_once_per_field():
    with pytest.raises(fonts.ResumeError) as raised:
        fonts.check_coverage("en", [DrawnText("basics.name", "🌱 a 🌱 \U000f0000")])
    messages = [str(problem) for problem in raised.value.problems]
    assert len(messages) == 2
    assert messages[0].startswith('basics.name: the character "🌱" (U+1F331 SEEDLING)')
    assert "U+F0000" in messages[1] and "Noto Sans, Noto Sans SC or Noto Sans CJK SC" in messages[1]


def test_fontconfig_is_shown_the_bundled_faces_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    config = fonts.fontconfig_file()
    assert config.is_relative_to(tmp_path / "resume")
    text = config.read_text(encoding="utf-8")
    folders = [line.strip()[5:-6] for line in text.splitlines() if line.strip().startswith("<dir>")]
    links = config.parent / "fonts"
    assert folders == [str(links), str(fonts.SYSTEM_CJK_FOLDER)]
    # A real bold face for each family, linked from the pinned package, and nothing else.
    assert sorted((link.name, link.resolve()) for link in links.iterdir()) == sorted(
        (face.path.name, face.path.resolve())
        for family in fonts.BUNDLED_FAMILIES for face in fonts.FAMILIES[family])
    assert fonts.fontconfig_file() == config  # the second time, nothing is rewritten


def test_the_font_stack_names_only_the_checked_families():
    assert fonts.font_family_css(("Noto Sans", "Noto Sans SC")) == (
        'html { font-family: "Noto Sans", "Noto Sans SC"; }')


def test_a_chinese_pdf_copies_only_the_subsets_of_its_fonts(tmp_path, monkeypatch):
    """WeasyPrint would copy each face's whole file (10 MiB for each Chinese weight) into
    every PDF's memory, and never read the copy when HarfBuzz subsets; the build reads
    only the subsets, and embeds them."""
    from pypdf import PdfReader

    from resume import pdf
    from resume.build import BuildOptions, build

    copied: list[int] = []
    read = pdf._FaceData.read

    def read_counted(data: pdf._FaceData) -> bytes:
        content = read(data)
        copied.append(len(content))
        return content

    monkeypatch.setattr(pdf._FaceData, "read", read_counted)
    options = BuildOptions(profile=DEFAULT_PROFILE_FOLDER, languages="zh", out=tmp_path,
                           jobs=1)
    built = build(options).files[0]
    chinese_faces = [face.path.stat().st_size for face in FAMILIES["Noto Sans SC"]]
    assert len(copied) >= 2, "the fonts' subsets were not read through the deferral"
    assert max(copied) < min(chinese_faces) / 20
    embedded = [font.get_object()["/FontDescriptor"]["/FontFile2"].get_object()
                for page in PdfReader(built.path).pages
                for font in page["/Resources"]["/Font"].values()
                for font in font.get_object()["/DescendantFonts"]]
    assert sorted({len(stream.get_data()) for stream in embedded}) == sorted(set(copied))
