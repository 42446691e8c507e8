"""The Word document (`--format docx`), read back two ways: by python-docx, which sees what
Word sees (styles, lists, links, fonts, languages, properties), and by LibreOffice
(Debian's libreoffice-writer-nogui), the real client, whose PDF of it must show every text
of the view, live links, the page size and a glyph for every character.

The profile is `resume new`'s, which uses every section, with a section of each kind of
its own and a target that leaves out the platform work (so the projects become a list)."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar
from pypdf import PdfReader

from conftest import run_build
from resume.build import check
from resume.cli import main
from resume.design import Margins, Typography
from resume.docx import WordDesign, script_runs
from resume.fonts import Face, covers
from resume.model import Design
from resume.text import Rich, searchable

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (Debian's libreoffice-writer-nogui) is not installed")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

OWN_SECTIONS = [
    {"id": "docx-oss", "title": {"zh": "开源贡献", "en": "Open source"}, "kind": "bullets",
     "entries": [{"zh": "为 Kubernetes 贡献调度器补丁",
                  "en": "Patches to the Kubernetes scheduler (调度器)"}]},
    {"id": "docx-statement", "title": {"zh": "个人陈述", "en": "Statement"}, "kind": "paragraphs",
     "entries": [{"zh": "我喜欢把复杂系统做简单。", "en": "I like simple systems."}]},
    {"id": "docx-portfolio", "title": {"zh": "作品集", "en": "Portfolio"}, "kind": "rows",
     "entries": [{"label": {"zh": "演示", "en": "Demos"}, "details": {"zh": "调度可视化",
                  "en": "Scheduling visualized"}, "url": "https://demo.example.com/"}]},
    {"id": "docx-patents", "title": {"zh": "专利", "en": "Patents"}, "kind": "publications",
     "entries": [{"id": "cache", "title": {"zh": "一种缓存调度方法", "en": "A cache scheduler"},
                  "authors": ["Xiaoming Wang"], "date": "2022-05",
                  "url": "https://patents.example.com/cache"}]},
]
A_LIST_PROJECT = {"id": "notes", "name": "cloud-notes",
                  "url": "https://github.com/xiaoming/cloud-notes",
                  "description": {"zh": "云原生笔记。", "en": "Notes on cloud-native systems."}}


@pytest.fixture(scope="session")
def profile(tmp_path_factory) -> Path:
    """`resume new`'s profile, with a section of each kind of its own, a project without
    details, and a target `brief` that leaves out what is tagged platform."""
    folder = tmp_path_factory.mktemp("docx") / "me"
    assert main(["new", str(folder)]) == 0
    path = folder / "profile.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    data["sections"].extend(OWN_SECTIONS)
    data["projects"].append(A_LIST_PROJECT)
    for order in data["design"]["sections"].values():
        order.extend(section["id"] for section in OWN_SECTIONS)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "targets" / "brief.yaml").write_text("exclude: [platform]\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built(profile, tmp_path_factory) -> Path:
    """Both languages, on A4, and English on Letter too, each docx with its PDF."""
    out = tmp_path_factory.mktemp("built")
    for options in ((), ("--lang", "en", "--paper", "letter")):
        run = run_build("--profile", profile, "--format", "pdf,docx", "--out", out, *options)
        assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="session")
def printed(built, tmp_path_factory) -> Path:
    """LibreOffice's PDFs of the Word documents."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    return libreoffice_pdfs(sorted(built.glob("*.docx")), tmp_path_factory.mktemp("printed"))


def libreoffice_pdfs(documents: list[Path], folder: Path) -> Path:
    """Each document converted by a LibreOffice of its own (a private profile, so runs in
    parallel do not meet), seeing the machine's fonts as a user's would."""
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, documents)],
        env=machine_environment(), capture_output=True, timeout=300, check=True)
    for document in documents:
        assert (folder / document.with_suffix(".pdf").name).is_file(), document
    return folder


def machine_environment() -> dict[str, str]:
    """This process's environment without the build's fontconfig setup, which shows only
    the PDF's fonts: LibreOffice sees the machine's, as on a user's desktop."""
    return {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}


def view_of(profile: Path, language: str, **options):
    return next(view for view in check(profile, language, **options).views)


def printed_texts(view) -> list[str]:
    """Every text the view shows: the masthead, then each section's title and items."""
    texts = [searchable(view.name), searchable(view.headline), searchable(view.whereabouts)]
    for contact in view.contacts:
        texts += [contact.label, contact.text]
    for section in view.sections:
        texts.append(section.title)
        texts.extend(_texts(section.items))
    return [text for text in texts if text]


def _texts(value) -> list[str]:
    if isinstance(value, Rich | str):
        return [searchable(value)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    if dataclasses.is_dataclass(value):
        return [text for field in dataclasses.fields(value)
                if field.name not in ("id", "url", "kind", "fields", "css_class")
                for text in _texts(getattr(value, field.name))]
    return []


def squeezed(text: str) -> str:
    """Without white space (lines break anywhere) and in one case (titles are set in
    capitals in English)."""
    return re.sub(r"\s+", "", text).casefold()


def document_text(document) -> str:
    """All the text of a Word document: its body, table cells, header and footer."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    section = document.sections[0]
    for story in (section.header, section.footer):
        parts += [paragraph.text for paragraph in story.paragraphs]
    return "\n".join(parts)


def paragraphs_in(document):
    """The body's paragraphs, those of tables included, in order."""
    for paragraph in document.element.body.iter(f"{W}p"):
        yield docx.text.paragraph.Paragraph(paragraph, document)


@needs_libreoffice
@pytest.mark.parametrize("language", ["zh", "en"])
def test_libreoffice_shows_every_text_of_the_view_in_its_order(profile, printed, language):
    view = view_of(profile, language)
    text = squeezed(extract_text(printed / f"xiaoming-wang-{language}.pdf"))
    missing = [item for item in printed_texts(view) if squeezed(item) not in text]
    assert not missing
    position = 0
    for section in view.sections:  # in the view's order: each title after the one before
        position = text.find(squeezed(section.title), position)
        assert position >= 0, section.title
    assert {section["id"] for section in OWN_SECTIONS} <= {s.id for s in view.sections}


@needs_libreoffice
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_links_are_live_in_libreoffice(profile, printed, language):
    reader = PdfReader(printed / f"xiaoming-wang-{language}.pdf")
    uris = {annotation.get_object()["/A"]["/URI"] for page in reader.pages
            for annotation in page.get("/Annots", [])
            if annotation.get_object().get("/Subtype") == "/Link"}
    view = view_of(profile, language)
    # LibreOffice writes a bare host's address with its "/": https://acme.example.com/
    assert {uri.removesuffix("/") for uri in uris} == {
        link.removesuffix("/") for link in view.links}
    assert {"mailto:xiaoming@example.com", "https://doi.org/10.1145/3302424.3303950",
            "https://docs.example.com/scheduler", "https://demo.example.com/"} <= uris


@needs_libreoffice
@pytest.mark.parametrize(("name", "size"), [
    ("xiaoming-wang-zh.pdf", (595.3, 841.9)),
    ("xiaoming-wang-en.pdf", (595.3, 841.9)),
    ("xiaoming-wang-en-letter.pdf", (612.0, 792.0)),
])
def test_the_page_size_is_the_pdfs(printed, name, size):
    for page in PdfReader(printed / name).pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) \
            == size


def system_fonts() -> dict[str, Face]:
    """The machine's fonts by PostScript name, as LibreOffice names them in its PDFs (a
    collection's faces each with their index)."""
    listing = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{file}\t%{index}\n"],
                             capture_output=True, text=True, check=True,
                             env=machine_environment(), timeout=60)
    fonts = {}
    for line in listing.stdout.splitlines():
        name, file, index = line.split("\t")
        fonts.setdefault(name.strip(), Face(name.strip(), 400, Path(file), int(index or 0)))
    return fonts


def drawn_characters(pdf: Path) -> list[tuple[str, str]]:
    """Each character of `pdf` with the font it is drawn in (subset prefix dropped)."""
    drawn: list[tuple[str, str]] = []

    def collect(item) -> None:
        if isinstance(item, LTChar):
            drawn.append((item.get_text(), item.fontname.split("+", 1)[-1]))
        elif hasattr(item, "__iter__"):
            for child in item:
                collect(child)

    for page in extract_pages(pdf):
        collect(page)
    return drawn


def machine_face(fonts: dict[str, Face], font: str) -> Face:
    """The face of this machine that a PDF's font name stands for (the longest match)."""
    name = max((known for known in fonts if font.startswith(known)), key=len, default=None)
    assert name is not None, f"{font} is not a font of this machine"
    return fonts[name]


@needs_libreoffice
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_character_has_a_glyph_in_the_font_that_draws_it(built, printed, language):
    """No empty box: each character LibreOffice drew is in the font it drew it with (a
    missing glyph extracts as the character itself, so the text alone cannot tell), hanzi
    in a CJK face and Latin letters in Arial's metric twin; and the characters printed are
    those of the document."""
    fonts = system_fonts()
    drawn = drawn_characters(printed / f"xiaoming-wang-{language}.pdf")
    without_glyph = set()
    for character, font in drawn:
        if character.strip() and not covers(machine_face(fonts, font), ord(character)):
            without_glyph.add((character, font))
        if re.match("[\u4e00-\u9fff]", character):
            assert "CJK" in font, (character, font)
        elif re.match("[A-Za-z]", character):
            assert font.startswith("LiberationSans"), (character, font)
    assert not without_glyph
    document = docx.Document(built / f"xiaoming-wang-{language}.docx")
    expected = set(squeezed(document_text(document))) | {"•", "1", "2", "."}  # list markers
    assert set(squeezed("".join(character for character, _ in drawn))) == expected


@pytest.mark.parametrize("language", ["zh", "en"])
def test_word_sees_named_styles_lists_links_and_properties(profile, built, language):
    document = docx.Document(built / f"xiaoming-wang-{language}.docx")
    styles = {style.name for style in document.styles}
    assert {"Name", "Headline", "Contacts", "Section Title", "Entry Heading", "Entry Meta",
            "Entry Text", "Bullet", "Details", "Project", "Publication", "Entry Date",
            "Entry Subtitle", "Hyperlink", "Strong", "Label"} <= styles
    used = [paragraph.style.name for paragraph in paragraphs_in(document)]
    assert used[0] == "Name"
    assert used.count("Section Title") == len(view_of(profile, language).sections)
    # Bullets are a Word list, through their style: no bullet characters in the text.
    bullet = document.styles["Bullet"].element
    number = bullet.find(f"{W}pPr/{W}numPr/{W}numId").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(f"w:num[@w:numId='{number}']/w:abstractNumId/@w:val")[0]
    assert numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract}']//w:numFmt/@w:val") \
        == ["bullet"]
    bullets = [p for p in paragraphs_in(document) if p.style.name == "Bullet"]
    assert len(bullets) >= 6 and not any(p.text.startswith(("•", "-")) for p in bullets)
    # Publications are numbered, each section from 1.
    publications = [p for p in paragraphs_in(document) if p.style.name == "Publication"]
    lists = {p._p.pPr.numPr.numId.val for p in publications}
    publication_sections = [section for section in view_of(profile, language).sections
                            if section.kind == "publications"]
    assert len(publication_sections) >= 2
    assert len(publications) == sum(len(section.items) for section in publication_sections)
    assert len(lists) == len(publication_sections)
    for number in lists:
        assert numbering.xpath(f"w:num[@w:numId='{number}']//w:startOverride/@w:val") == ["1"]
    # Links are w:hyperlink elements with their relationships.
    links = {link.url for paragraph in paragraphs_in(document)
             for link in paragraph.hyperlinks}
    assert links == set(view_of(profile, language).links)
    # The dates sit at a right tab stop at the text's width.
    heading = document.styles["Entry Heading"].element.find(f"{W}pPr/{W}tabs/{W}tab")
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    assert heading.get(qn("w:val")) == "right"
    assert abs(int(heading.get(qn("w:pos"))) - width / 635) <= 1  # EMU to twips
    properties = document.core_properties
    name = {"zh": "王小明", "en": "Xiaoming Wang"}[language]
    assert properties.title == f"{name} – {'简历' if language == 'zh' else 'Résumé'}"
    assert properties.author == name
    assert properties.subject == {"zh": "平台工程师", "en": "Platform Engineer"}[language]
    assert "Kubernetes" in properties.keywords
    assert properties.language == {"zh": "zh-CN", "en": "en"}[language]
    assert properties.created.isoformat() == "2023-11-14T22:13:20+00:00"  # SOURCE_DATE_EPOCH


@pytest.mark.parametrize(("language", "east_asian_font", "tag"), [
    ("zh", "Microsoft YaHei", "zh-CN"), ("en", "Microsoft YaHei", "zh-CN"),
    ("zh-TW", "Microsoft JhengHei", "zh-TW"),
])
def test_each_script_has_its_font_and_language(profile, tmp_path, language, east_asian_font,
                                               tag):
    run = run_build("--profile", profile, "--lang", language, "--format", "docx",
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    document = docx.Document(tmp_path / f"xiaoming-wang-{language}.docx")
    fonts = document.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi")), fonts.get(qn("w:eastAsia"))) \
        == ("Arial", "Arial", east_asian_font)
    runs = [run for run in document.element.body.iter(f"{W}r") if run.find(f"{W}t") is not None]
    hanzi = [run for run in runs if re.search("[\u4e00-\u9fff]", run.find(f"{W}t").text)]
    latin = [run for run in runs if not re.search("[\u4e00-\u9fff]", run.find(f"{W}t").text)
             and re.search("[A-Za-z]", run.find(f"{W}t").text)]
    assert hanzi and latin
    for run in hanzi:
        assert run.find(f"{W}rPr/{W}rFonts").get(qn("w:hint")) == "eastAsia"
        assert run.find(f"{W}rPr/{W}lang").get(qn("w:eastAsia")) == tag
    for run in latin:
        assert run.find(f"{W}rPr/{W}lang").get(qn("w:val")) == "en-US"
        assert run.find(f"{W}rPr/{W}rFonts") is None  # the style's Latin font
    assert "\u2060" not in document_text(document)  # no word joiner to break a search


@pytest.mark.parametrize(("text", "runs"), [
    ("使用 Kubernetes 构建", [("使用 ", True), ("Kubernetes ", False), ("构建", True)]),
    ("“调度”与 GPU。", [("“调度”与 ", True), ("GPU", False), ("。", True)]),
    ("2021.02 – 至今", [("2021.02 – ", False), ("至今", True)]),
    ("Feb 2021 – Present", [("Feb 2021 – Present", False)]),
    ("（CET-6）", [("（", True), ("CET-6", False), ("）", True)]),  # full-width marks
    (" · ", [(" · ", False)]),
])
def test_text_is_cut_where_its_script_changes(text, runs):
    assert list(script_runs(text)) == runs


@pytest.mark.parametrize(("accent", "theme_css", "margins", "expected"), [
    # the profile's accent, #rgb written out; the theme's margins as they are
    ("#0a7", "--accent: #1f4e79;", Margins(15, 17, 16, 17), ("00AA77", (15, 17, 16, 17))),
    # the theme's accent; a sidebar's band for a left margin takes the right one's
    (None, ":root { --accent: #0f766e; }", Margins(15, 15, 16, 0), ("0F766E", (15, 15, 16, 15))),
    # a theme that says neither: classic's
    (None, "p { color: red; }", None, ("1F4E79", (16, 17, 17, 17))),
])
def test_the_word_design_comes_from_the_pdfs(accent, theme_css, margins, expected):
    profile_design = Design(theme=None, accent=accent, font_size=None, margins=None,
                            pages=None, paper=None, sections=None, date_format={})
    design = WordDesign.of(profile_design, Typography(10.0, margins=margins), theme_css, "a4")
    assert (design.accent, tuple(design.margins)) == expected


def test_two_builds_give_the_same_bytes(profile, tmp_path):
    for epoch in ("1700000000", None):
        builds = []
        for number in (1, 2):
            out = tmp_path / f"{epoch}-{number}"
            run = run_build("--profile", profile, "--format", "docx", "--out", out, epoch=epoch)
            assert run.returncode == 0, run.stderr
            builds.append({path.name: path.read_bytes() for path in out.iterdir()})
        assert builds[0] == builds[1]
        with zipfile.ZipFile(io.BytesIO(builds[0]["xiaoming-wang-zh.docx"])) as package:
            stamps = {entry.date_time for entry in package.infolist()}
            core = package.read("docProps/core.xml").decode()
        if epoch is None:  # no clock anywhere: no date, and zip's earliest time
            assert stamps == {(1980, 1, 1, 0, 0, 0)} and "dcterms:" not in core
        else:
            assert stamps == {(2023, 11, 14, 22, 13, 20)}


def test_the_photo_is_where_the_pdf_has_it_and_cut_to_its_box(built):
    chinese = docx.Document(built / "xiaoming-wang-zh.docx")
    assert len(chinese.inline_shapes) == 1
    shape = chinese.inline_shapes[0]
    assert (round(shape.width.mm), round(shape.height.mm)) == (25, 35)
    # 250 × 350 pixels is the box's own shape: nothing to cut
    assert not shape._inline.xpath(".//a:srcRect")
    assert len(docx.Document(built / "xiaoming-wang-en.docx").inline_shapes) == 0


def test_a_photo_of_another_shape_is_cut_about_its_centre(profile, tmp_path):
    from PIL import Image

    folder = tmp_path / "wide"
    shutil.copytree(profile, folder)
    Image.new("RGB", (500, 350), (200, 200, 200)).save(folder / "photo.png")
    run = run_build("--profile", folder, "--lang", "zh", "--format", "docx", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    shape = docx.Document(tmp_path / "xiaoming-wang-zh.docx").inline_shapes[0]
    # 25:35 of a 500:350 picture keeps its middle 250 pixels: a quarter cut from each side
    (rectangle,) = shape._inline.xpath(".//a:srcRect")
    assert dict(rectangle.attrib) == {"l": "25000", "r": "25000"}


def test_redact_leaves_out_the_phone_the_e_mail_the_photo_and_the_details(profile, tmp_path):
    run = run_build("--profile", profile, "--redact", "--format", "docx", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    for language in ("zh", "en"):
        path = tmp_path / f"xiaoming-wang-{language}.docx"
        text = document_text(docx.Document(path))
        for private in ("xiaoming@example.com", "138 0000 0000", "xiaoming_wx", "1995.06",
                        "湖南长沙", "漕溪北路", "Caoxi", "200030"):
            assert private not in text
        assert "github.com/xiaoming" in text and ("上海" in text or "Shanghai" in text)
        with zipfile.ZipFile(path) as package:
            assert not [name for name in package.namelist() if name.startswith("word/media/")]
            assert b"mailto:" not in package.read("word/_rels/document.xml.rels")


def test_a_target_leaves_out_what_it_cuts(profile, tmp_path):
    run = run_build("--profile", profile, "--target", "brief", "--format", "pdf,docx",
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    for language in ("zh", "en"):
        document = docx.Document(tmp_path / f"xiaoming-wang-brief-{language}.docx")
        text = document_text(document)
        view = view_of(profile, language, target="brief")
        # Tagged platform: the position and the project (Acme Cloud is still named by a
        # reference, which the target keeps).
        assert "Senior Engineer" not in text and "高级工程师" not in text
        assert "tiny-scheduler" not in text
        assert all(squeezed(item) in squeezed(text) for item in printed_texts(view))
        # With tiny-scheduler left out, the projects are a list of names and sentences.
        projects = [p for p in paragraphs_in(document) if p.style.name == "Project"]
        assert [p.text for p in projects] == [
            "cloud-notes " + {"zh": "云原生笔记。", "en": "Notes on cloud-native systems."}[
                language]]
        assert [link.url for link in projects[0].hyperlinks] == [A_LIST_PROJECT["url"]]


def test_modern_becomes_one_column_with_its_accent_and_margins(profile, tmp_path):
    folder = tmp_path / "modern"
    shutil.copytree(profile, folder)
    data = yaml.load((folder / "profile.yaml").read_text(encoding="utf-8"),
                     Loader=yaml.BaseLoader)
    for setting in ("margins", "accent", "pages"):  # the theme's own, then
        del data["design"][setting]
    (folder / "profile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                         encoding="utf-8")
    run = run_build("--profile", folder, "--theme", "modern", "--lang", "en", "--format",
                    "docx", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    document = docx.Document(tmp_path / "xiaoming-wang-en.docx")
    section = document.sections[0]
    # modern's 15 mm 15 mm 16 mm 0: its left margin is the sidebar's band, which one
    # column does not have, so it takes the right one's.
    assert [round(margin.mm) for margin in (section.top_margin, section.right_margin,
                                            section.bottom_margin, section.left_margin)] \
        == [15, 15, 16, 15]
    titles = [p.text for p in paragraphs_in(document) if p.style.name == "Section Title"]
    assert titles == [s.title for s in view_of(folder, "en").sections]  # no sidebar
    accent = document.styles["Section Title"].element.find(f"{W}rPr/{W}color")
    assert accent.get(qn("w:val")) == "0F766E"
