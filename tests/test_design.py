"""The design settings, photo, personal details, labels and --redact, seen in the PDFs."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from pdfminer.high_level import extract_text
from PIL import Image
from pypdf import PdfReader

from conftest import run_build, write_profile
from resume.cli import main

RICH_PROFILE = """\
languages: [zh, en]
basics:
  name: {zh: 王小明, en: Xiaoming Wang}
  email: xm@example.com
  phone: +86 138 0000 0000
  wechat: xm_wx
  photo: {file: photo.png}
details:
  birth: 1995-06
  hometown: {zh: 湖南长沙}
  objective: {zh: 平台工程师, en: Platform Engineer}
  city: {zh: 上海, en: Shanghai}
experience:
  - id: acme
    organization: Acme
    start: 2020-01
    end: present
    highlights:
      - {zh: 构建调度系统, en: Built a scheduler}
skills: [Kubernetes, Go]
design:
  accent: "#aa3300"
  date_format: {zh: chinese, en: numeric}
  sections: [experience, details, skills]
labels:
  experience: {zh: 工作经验, en: Work}
"""


@pytest.fixture
def rich_profile(tmp_path):
    folder = tmp_path / "profile"
    write_profile(folder, RICH_PROFILE)
    Image.new("RGB", (250, 350), (40, 90, 160)).save(folder / "photo.png")
    return folder


def pdf_images(path) -> int:
    return sum(len(page.images) for page in PdfReader(path).pages)


def test_photo_and_details_in_chinese_only_by_default(rich_profile, tmp_path):
    run = run_build("--profile", rich_profile, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    zh = tmp_path / "out" / "xiaoming-wang-zh.pdf"
    en = tmp_path / "out" / "xiaoming-wang-en.pdf"
    assert pdf_images(zh) == 1 and pdf_images(en) == 0
    zh_text, en_text = extract_text(zh), extract_text(en)
    for words in ("个人信息", "出生年月", "1995年6月", "籍贯", "湖南长沙", "求职意向", "期望城市"):
        assert words in zh_text
    assert "Platform Engineer" not in en_text and "Born" not in en_text


def test_photo_prints_at_its_fixed_size(rich_profile, tmp_path):
    run_build("--profile", rich_profile, "--out", tmp_path / "out", "--lang", "zh")
    page = PdfReader(tmp_path / "out" / "xiaoming-wang-zh.pdf").pages[0]
    image = page.images[0]
    assert Image.open(io.BytesIO(image.data)).size == (250, 350)
    # 25 x 35 mm on paper: the image's placement matrix, in WeasyPrint's CSS pixels (the
    # page is scaled by 0.75 to points), right before the image is drawn.
    content = page.get_contents().get_data().decode("latin-1")
    match = re.search(r"([\d.]+) 0 0 -([\d.]+) 0 [\d.]+ cm\s+/\w+ Do", content)
    width_mm, height_mm = (float(value) / 96 * 25.4 for value in match.groups())
    assert (round(width_mm, 1), round(height_mm, 1)) == (25.0, 35.0)


def test_design_settings_reach_the_page(rich_profile, tmp_path):
    run_build("--profile", rich_profile, "--out", tmp_path / "out", "--html")
    zh_html = (tmp_path / "out" / "xiaoming-wang-zh.html").read_text(encoding="utf-8")
    en_text = extract_text(tmp_path / "out" / "xiaoming-wang-en.pdf")
    zh_text = extract_text(tmp_path / "out" / "xiaoming-wang-zh.pdf")
    assert "2020年1月 – 至今" in zh_text and "01/2020 – Present" in en_text
    assert "工作经验" in zh_text and "WORK" in en_text.upper() and "EXPERIENCE" not in en_text
    # sections: experience, then details, then skills; no summary (there is none)
    assert zh_text.index("工作经验") < zh_text.index("个人信息") < zh_text.index("技能")
    assert zh_html.index('class="section experience"') < zh_html.index('class="section details"')


def test_redact_leaves_out_private_details(rich_profile, tmp_path):
    run = run_build("--profile", rich_profile, "--out", tmp_path / "out", "--redact")
    assert run.returncode == 0, run.stderr
    for language in ("zh", "en"):
        path = tmp_path / "out" / f"xiaoming-wang-{language}.pdf"
        text = extract_text(path)
        for private in ("xm@example.com", "138 0000 0000", "xm_wx", "1995", "湖南长沙"):
            assert private not in text
        assert pdf_images(path) == 0
        assert not any(str(target).startswith(("mailto:", "tel:"))
                       for page in PdfReader(path).pages
                       for annotation in page.get("/Annots") or []
                       for target in [annotation.get_object()["/A"].get("/URI", "")])
        assert "Acme" in text


def test_accent_colour_is_used(rich_profile, tmp_path):
    run_build("--profile", rich_profile, "--out", tmp_path / "out", "--lang", "en")
    content = PdfReader(tmp_path / "out" / "xiaoming-wang-en.pdf").pages[0].get_contents()
    # #aa3300 as PDF fill colour components
    assert re.search(rb"0\.66\d* 0\.2 0 (rg|sc)", content.get_data())


@pytest.mark.parametrize(("setting", "message"), [
    ('accent: "red; background: url(file:///etc/passwd)"',
     'design.accent: "red; background: url(file:///etc/passwd)" is not a colour as #rrggbb'),
    ("font_size: 7", 'design.font_size: "7" is not a number from 9 to 13'),
    ("margins: wide", 'design.margins: "wide" is not a number from 8 to 30'),
    ("pages: 0", 'design.pages: "0" is not a whole number from 1 to 5'),
    ("sections: [experience, hobbies]",
     'design.sections[1]: "hobbies" is not one of the sections (summary, details, experience,'),
    ("date_format: {zh: lunar}", 'design.date_format.zh: "lunar" is not a date style'),
    ("theme: ../../etc", 'unknown theme "../../etc"'),
])
def test_design_settings_are_validated(tmp_path, setting, message):
    write_profile(tmp_path, f"basics:\n  name: X\ndesign:\n  {setting}\n")
    run = run_build("--profile", tmp_path, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert message in run.stderr


@pytest.mark.parametrize(("photo", "message"), [
    ("../outside.png", "is outside the profile's folder"),
    ("/etc/passwd", "is outside the profile's folder"),
    ("missing.png", "does not exist"),
    ("photo.gif", "is not a JPEG or PNG file"),
    ("fake.png", "is not really a PNG image"),
])
def test_photo_paths_are_confined_and_checked(tmp_path, photo, message):
    folder = tmp_path / "profile"
    write_profile(folder, f"basics:\n  name: X\n  photo: {{file: {photo}}}\n")
    (folder / "fake.png").write_text("not an image")
    Image.new("RGB", (10, 10)).save(tmp_path / "outside.png")
    run = run_build("--profile", folder, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert message in run.stderr


def png_of_zeros(width: int, height: int) -> bytes:
    """A valid one-bit PNG of any size: a few kilobytes, however many pixels it holds."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(buffer, image_format)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("photo.png", lambda: image_bytes("PNG")[:20_000],
     '"photo.png" is a damaged PNG image (image file is truncated); save it again'),
    ("photo.jpg", lambda: image_bytes("JPEG")[:8_000],
     '"photo.jpg" is a damaged JPEG image (image file is truncated'),
    ("photo.png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
     '"photo.png" is not really a PNG image, or it is damaged beyond reading'),
    ("photo.png", lambda: image_bytes("JPEG"),
     '"photo.png" is not really a PNG image'),
    ("photo.png", lambda: png_of_zeros(6_000, 5_000),
     '"photo.png" is 6,000 × 5,000 pixels; a photo may have at most 25 million'),
    ("photo.png", lambda: png_of_zeros(20_000, 20_000),
     '"photo.png" has hundreds of millions of pixels; a photo may have at most 25 million'),
])
def test_a_photo_that_would_not_print_is_a_located_error(tmp_path, capsys, monkeypatch, name,
                                                         content, message):
    # Imported first, as in a batch: it makes Pillow accept truncated images; the check must not.
    import weasyprint  # noqa: F401

    folder = tmp_path / "profile"
    write_profile(folder, f"basics:\n  name: X\n  photo: {{file: {name}}}\n")
    (folder / name).write_bytes(content())
    monkeypatch.chdir(folder)
    assert main(["check", "--profile", "."]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: profile.yaml:3:17: basics.photo.file: {message}")
    assert err.count("\n") == 1


def test_photo_link_escaping_the_folder_is_refused(tmp_path):
    folder = tmp_path / "profile"
    write_profile(folder, "basics:\n  name: X\n  photo: {file: me.png}\n")
    (folder / "me.png").symlink_to("/etc/passwd")
    run = run_build("--profile", folder, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert "is outside the profile's folder" in run.stderr
