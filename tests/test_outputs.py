"""Outputs besides the PDF, and the machine-readable report."""

from __future__ import annotations

import json

from PIL import Image

from conftest import DEFAULT_PROFILE_FOLDER, run_build


def test_every_format_is_written_and_reported(tmp_path):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--format", "pdf,html,png,txt,md",
                    "--lang", "en", "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["yuandong-xie-en-1.png", "yuandong-xie-en-2.png", "yuandong-xie-en.html",
                     "yuandong-xie-en.md", "yuandong-xie-en.pdf", "yuandong-xie-en.txt"]
    for name in names:
        assert name in run.stdout


def test_the_html_page_stands_alone(tmp_path):
    run_build("--profile", DEFAULT_PROFILE_FOLDER, "--format", "html", "--lang", "zh",
              "--out", tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["yuandong-xie-zh.html"]
    page = (tmp_path / "yuandong-xie-zh.html").read_text(encoding="utf-8")
    assert "<style>" in page and "--accent" in page and '"Noto Sans SC", sans-serif' in page
    assert "file://" not in page and "<link" not in page
    assert '<a href="https://modelz.ai/">ModelZ</a>' in page


def test_png_pages_are_drawn_at_print_resolution(tmp_path):
    run_build("--profile", DEFAULT_PROFILE_FOLDER, "--format", "png", "--lang", "en",
              "--paper", "letter", "--out", tmp_path)
    width, height = Image.open(tmp_path / "yuandong-xie-en-letter-1.png").size
    assert (width, abs(height - 1650) <= 1) == (1275, True)  # 8.5 × 11 inches at 150 dpi


def test_text_and_markdown_carry_the_content_for_forms(tmp_path):
    run_build("--profile", DEFAULT_PROFILE_FOLDER, "--format", "txt,md", "--out", tmp_path)
    text = (tmp_path / "yuandong-xie-zh.txt").read_text(encoding="utf-8")
    assert text.startswith("谢远东\n======\n")
    assert "- 构建大规模智能调度系统" in text
    assert "ModelZ (https://modelz.ai/)" in text and "\u2060" not in text
    md = (tmp_path / "yuandong-xie-en.md").read_text(encoding="utf-8")
    assert md.startswith("# Yuandong Xie\n")
    assert ("### [Unisound](https://www.unisound.com/)\n\n*2018 – Feb 2021* · AI algorithm company"
            in md)
    assert "- [crane](https://github.com/gocrane/crane) — Crane is a FinOps Platform" in md
    assert "\\[CNCF Sandbox Project\\]" in md


def test_json_report_for_ci(tmp_path):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--report", "json", "--format", "pdf,md",
                    "--out", tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["languages"] == ["en", "zh"] and report["targets"] == []
    assert {(f["format"], f["language"]) for f in report["files"]} == {
        ("pdf", "zh"), ("pdf", "en"), ("md", "zh"), ("md", "en")}
    pdf = next(f for f in report["files"] if f["format"] == "pdf" and f["language"] == "zh")
    assert pdf["pages"] == 2 and pdf["bytes"] == (tmp_path / "yuandong-xie-zh.pdf").stat().st_size
    assert report["seconds"] > 0 and set(report["seconds_by_stage"]) >= {"layout", "PDF write"}
    assert isinstance(report["warnings"], list)


def test_an_unknown_format_is_a_usage_error(tmp_path):
    run = run_build("--profile", DEFAULT_PROFILE_FOLDER, "--format", "pdf,odt", "--out", tmp_path)
    assert run.returncode == 2  # argparse: a usage error, before anything runs
    assert "odt: choose from pdf, html, png, txt, md, docx" in run.stderr
