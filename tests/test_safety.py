"""Untrusted profile text is shown as text; the renderer reads only its asset folders; a
failed build leaves the previous PDFs as they were."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from conftest import MINIMAL_PROFILE, run_build, write_profile
from resume.files import write_atomically
from resume.pdf import AssetFetcher, RefusedResource
from resume.render import inline_markup
from resume.text import typeset

HOSTILE_PROFILE = MINIMAL_PROFILE.replace(
    "{zh: 构建调度系统, en: Built a scheduler}",
    "{zh: '<link rel=\"attachment\" href=\"file:///etc/passwd\"><img src=\"file:///etc/passwd\">',"
    " en: '<script>alert(1)</script> <b>bold</b> & [x](javascript:alert(1))"
    " **strong** [site](https://example.com/a?b=1&c=\"2\")'}",
)


def test_markup_in_profile_text_is_escaped():
    html = inline_markup(typeset('<img src=x onerror=alert(1)> & "quotes"', "en"))
    assert str(html) == "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quotes&#34;"


def test_only_the_two_documented_marks_become_markup():
    text = "**bold** [site](https://example.com/?a=1&b=2) [x](javascript:y)"
    html = str(inline_markup(typeset(text, "en")))
    assert html == (
        '<strong>bold</strong> <a href="https://example.com/?a=1&amp;b=2">site</a> '
        "[x](javascript:y)"
    )


def test_hostile_text_prints_as_text(tmp_path):
    write_profile(tmp_path / "profile", HOSTILE_PROFILE)
    run = run_build("--profile", tmp_path / "profile", "--lang", "en", "--out", tmp_path, "--html")
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "xiaoming-wang-en.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = extract_text(tmp_path / "xiaoming-wang-en.pdf")
    assert "<script>alert(1)</script> <b>bold</b> &" in text
    assert "[x](javascript:alert(1))" in text


def test_html_entities_print_as_written(tmp_path):
    """Profile text is plain text: `&amp;` is five characters, with or without a `<` in the
    same text, and no warning says otherwise."""
    profile = MINIMAL_PROFILE.replace(
        "{zh: 构建调度系统, en: Built a scheduler}",
        "{zh: 负责研发&amp;运维, en: 'R&amp;D &copy; 2024'}\n"
        "      - {zh: 研发 <b>&amp;</b> 运维, en: Tom &amp; Jerry &lt;3}",
    )
    write_profile(tmp_path / "profile", profile)
    run = run_build("--profile", tmp_path / "profile", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    english = squeeze(extract_text(tmp_path / "xiaoming-wang-en.pdf"))
    assert "R&amp;D &copy; 2024" in english and "Tom &amp; Jerry &lt;3" in english
    chinese = squeeze(extract_text(tmp_path / "xiaoming-wang-zh.pdf"))
    assert "负责研发&amp;运维" in chinese and "研发 <b>&amp;</b> 运维" in chinese


def squeeze(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())


def test_markup_cannot_attach_or_embed_a_file(tmp_path):
    write_profile(tmp_path / "profile", HOSTILE_PROFILE)
    run = run_build("--profile", tmp_path / "profile", "--lang", "zh", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    pdf = tmp_path / "xiaoming-wang-zh.pdf"
    assert PdfReader(pdf).attachments == {}
    assert '<link rel="attachment"' in extract_text(pdf)


def test_fetcher_serves_asset_folders_only(tmp_path):
    fetcher = AssetFetcher([tmp_path])
    (tmp_path / "style.css").write_text("p {}")
    assert fetcher.fetch((tmp_path / "style.css").as_uri()).read() == b"p {}"
    for url in ("file:///etc/passwd", "https://example.com/font.ttf", "http://127.0.0.1/",
                "data:text/css,p{}", (tmp_path / "missing.css").as_uri(),
                (tmp_path / ".." / ".." / "etc" / "passwd").as_uri()):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


def test_fetcher_resolves_links_before_deciding(tmp_path):
    (tmp_path / "escape.css").symlink_to("/etc/passwd")
    with pytest.raises(RefusedResource):
        AssetFetcher([tmp_path]).fetch((tmp_path / "escape.css").as_uri())


def test_a_theme_reaching_outside_stops_the_build_with_the_url(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text('body { background: url("file:///etc/passwd"); }')
    write_profile(tmp_path / "profile", MINIMAL_PROFILE)
    run = run_build("--profile", tmp_path / "profile", "--theme", theme, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert run.stderr.startswith("error: refused to read file:///etc/passwd")
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_failed_build_leaves_the_previous_pdfs_untouched(tmp_path):
    profile = tmp_path / "profile"
    write_profile(profile, MINIMAL_PROFILE)
    out = tmp_path / "dist"
    assert run_build("--profile", profile, "--out", out).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    assert set(before) == {"xiaoming-wang-zh.pdf", "xiaoming-wang-en.pdf"}

    # English is fine; Chinese now has a character no font has: nothing may change.
    write_profile(profile, MINIMAL_PROFILE.replace("构建调度系统", "构建调度系统 🌱"))
    run = run_build("--profile", profile, "--out", out)
    assert run.returncode == 1
    assert "U+1F331" in run.stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_atomic_write_keeps_the_old_file_when_replacing_fails(tmp_path, monkeypatch):
    target = tmp_path / "resume.pdf"
    target.write_bytes(b"old")

    def fail(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["resume.pdf"]


def test_atomic_write_replaces(tmp_path):
    target = Path(tmp_path / "deeper" / "resume.pdf")
    write_atomically(target, b"new")
    write_atomically(target, b"newer")
    assert target.read_bytes() == b"newer"
    assert [path.name for path in target.parent.iterdir()] == ["resume.pdf"]
