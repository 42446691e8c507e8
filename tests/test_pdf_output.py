"""The PDFs of the default profile, read back as a recruiter's PDF reader sees them."""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from conftest import DEFAULT_PROFILE_FOLDER, FIXED_EPOCH, MINIMAL_PROFILE, run_build, write_profile

LANGUAGES = ("zh", "en")
SECTION_TITLES = {
    "zh": ["个人简介", "工作经历", "开源项目", "技能"],
    "en": ["Summary", "Experience", "Open Source", "Skills"],
}
_LINK_MARK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def pdf_path(out: Path, language: str) -> Path:
    return out / f"yuandong-xie-{language}.pdf"


def in_language(value, language: str) -> str:
    return value if isinstance(value, str) else value[language]


def squeeze(text: str) -> str:
    """Text without white space: line breaks fall in different places in the layout."""
    return re.sub(r"\s+", "", text)


def expected_texts(profile: dict, language: str) -> list[str]:
    """Every text of the profile a reader must find in the PDF, as the reader sees it."""
    texts = [in_language(profile["basics"]["name"], language),
             in_language(profile["basics"]["summary"], language)]
    for position in profile["experience"]:
        texts.append(position["organization"])
        for key in ("about", "note"):
            if key in position:
                texts.append(in_language(position[key], language))
        for work in position["work"]:
            texts.append(in_language(work["summary"], language))
            texts.extend(in_language(item, language) for item in work.get("highlights", []))
    for project in profile["projects"]:
        texts.append(project["name"])
        texts.append(in_language(project["description"], language))
    texts.extend(profile["skills"])
    return [_LINK_MARK.sub(r"\1", text) for text in texts]


def expected_links(profile: dict) -> set[str]:
    links = {f"mailto:{profile['basics']['email']}",
             f"https://github.com/{profile['basics']['github']}"}
    for position in profile["experience"]:
        if "url" in position:
            links.add(position["url"])
        for work in position["work"]:
            for language in LANGUAGES:
                summary = in_language(work["summary"], language)
                links.update(url for _, url in _LINK_MARK.findall(summary))
    links.update(project["url"] for project in profile["projects"])
    return links


def link_targets(reader: PdfReader) -> set[str]:
    targets = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_work_item_project_and_skill_is_in_the_text(
    default_build, default_profile_data, language
):
    out, _ = default_build
    text = squeeze(extract_text(pdf_path(out, language)))
    missing = [item for item in expected_texts(default_profile_data, language)
               if squeeze(item) not in text]
    assert not missing


def test_full_width_punctuation_survives_in_chinese(default_build):
    out, _ = default_build
    text = extract_text(pdf_path(out, "zh"))
    for mark in "，。、（）":
        assert mark in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_is_clickable(default_build, default_profile_data, language):
    out, _ = default_build
    targets = link_targets(PdfReader(pdf_path(out, language)))
    assert expected_links(default_profile_data) <= targets
    assert "https://modelz.ai/" in targets and "https://cloud.vectorchord.ai" in targets
    assert all(target.startswith(("https://", "mailto:")) for target in targets)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_replacement_or_private_use_characters(default_build, language):
    out, _ = default_build
    text = extract_text(pdf_path(out, language))
    bad = [c for c in text if c == "\ufffd" or unicodedata.category(c) == "Co"]
    assert not bad


@pytest.mark.parametrize(
    ("language", "family"), [("zh", "Noto-Sans-SC"), ("en", "Noto-Sans")]
)
def test_fonts_are_the_bundled_ones_embedded_and_subset(default_build, language, family):
    out, _ = default_build
    reader = PdfReader(pdf_path(out, language))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        prefix, _, base = name.lstrip("/").partition("+")
        assert re.fullmatch(r"[A-Z]{6}", prefix), f"{name} is not a subset"
        assert base in (family, f"{family}-Bold"), name
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        embedded = descriptor["/FontFile2"].get_object().get_data()
        assert 0 < len(embedded) < 1_000_000  # the whole Noto Sans SC is ten megabytes
    # Bold is a real face, not synthesised: both weights are embedded.
    assert any(name.endswith("-Bold") for name in fonts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_count_is_reported_and_fits_two_pages(default_build, language):
    out, run = default_build
    pages = len(PdfReader(pdf_path(out, language)).pages)
    assert 1 <= pages <= 2
    plural = "s" if pages > 1 else ""
    report = rf"yuandong-xie-{language}\.pdf  {pages} page{plural}  [\d.]+ kB  last page \d+% full"
    assert re.search(report, run.stdout)


@pytest.mark.parametrize(
    ("language", "title", "author", "lang"),
    [
        ("zh", "谢远东 – 简历", "谢远东", "zh-CN"),
        ("en", "Yuandong Xie – Résumé", "Yuandong Xie", "en"),
    ],
)
def test_metadata(default_build, language, title, author, lang):
    out, _ = default_build
    reader = PdfReader(pdf_path(out, language))
    info = reader.metadata
    assert info["/Title"] == title
    assert info["/Author"] == author
    assert "AI Infra" in info["/Subject"] or "AI infrastructure" in info["/Subject"]
    assert "Kubernetes" in info["/Keywords"] and "MLOps" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert info["/ModDate"] == info["/CreationDate"]
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert bool(catalog["/MarkInfo"]["/Marked"])  # a tagged PDF
    assert "/StructTreeRoot" in catalog
    assert [item.title for item in reader.outline] == SECTION_TITLES[language]


def test_page_numbers_and_running_name_from_page_two(default_build):
    out, _ = default_build
    reader = PdfReader(pdf_path(out, "en"))
    assert len(reader.pages) == 2
    first = extract_text(pdf_path(out, "en"), page_numbers=[0])
    second = extract_text(pdf_path(out, "en"), page_numbers=[1])
    assert "1 / 2" in first and "2 / 2" in second
    assert first.count("Yuandong Xie") == 1  # the masthead only, no running header
    assert "Yuandong Xie" in second


def test_a4_by_default_and_letter_on_request(default_build, tmp_path):
    out, _ = default_build
    box = PdfReader(pdf_path(out, "en")).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--lang", "en", "--paper", "letter",
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    # A paper other than the profile's own is named, so it never replaces the A4 file.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["yuandong-xie-en-letter.pdf"]
    box = PdfReader(tmp_path / "yuandong-xie-en-letter.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_both_papers_in_one_build_and_the_profile_s_own_paper(tmp_path):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--lang", "en", "--paper", "a4,letter",
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    sizes = {path.name: tuple(round(v) for v in PdfReader(path).pages[0].mediabox[2:])
             for path in tmp_path.iterdir()}
    assert sizes == {"yuandong-xie-en.pdf": (595, 842), "yuandong-xie-en-letter.pdf": (612, 792)}
    profile = tmp_path / "letter-profile"
    write_profile(profile, MINIMAL_PROFILE + "design: {paper: letter}\n")
    run = run_build("--profile", profile, "--lang", "en", "--out", tmp_path / "us")
    assert run.returncode == 0, run.stderr
    box = PdfReader(tmp_path / "us" / "xiaoming-wang-en.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_two_builds_are_byte_identical(default_build, tmp_path):
    out, _ = default_build
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--out", tmp_path, epoch=FIXED_EPOCH)
    assert run.returncode == 0, run.stderr
    for language in LANGUAGES:
        assert pdf_path(tmp_path, language).read_bytes() == pdf_path(out, language).read_bytes()


def test_without_source_date_epoch_the_pdf_carries_no_date(tmp_path):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--lang", "en", "--out", tmp_path,
                    epoch=None)
    assert run.returncode == 0, run.stderr
    info = PdfReader(pdf_path(tmp_path, "en")).metadata
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_html_is_written_on_request_with_its_language(default_build):
    out, _ = default_build
    html = (out / "yuandong-xie-zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    assert "截止到 2024 年" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_stream_is_compressed_at_level_six(default_build, language):
    """pydyf compresses at level 9: a tenth of a build's time, for files 1% smaller. Each
    stream, decompressed and compressed again at level 6, gives the very bytes in the PDF
    (at level 9 the fonts' streams come out different)."""
    out, _ = default_build
    reader = PdfReader(pdf_path(out, language))
    objects = [reader.get_object(IndirectObject(number, generation, reader))
               for generation, numbers in reader.xref.items() for number in numbers]
    streams = [obj for obj in objects
               if isinstance(obj, StreamObject) and obj.get("/Filter") == "/FlateDecode"]
    assert any("/Length1" in stream for stream in streams), "no embedded TrueType font"
    for stream in streams:
        assert zlib.compress(stream.get_data(), 6) == stream._data
