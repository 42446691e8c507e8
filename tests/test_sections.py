"""The sections people write, as the view orders and words them: per-language order, a
target's own order and paper, expected and single dates in every date style, a section of
the profile's own, and a name set in bold in its publications."""

from __future__ import annotations

import pytest
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from conftest import run_build, write_profile
from resume.load import load_profile_document
from resume.text import WORD_JOINER
from resume.validate import validate, validate_target
from resume.view import Cut, localize

PROFILE = """\
languages: [zh, en]
basics:
  name: {zh: 王小明, en: Xiaoming Wang}
experience:
  - id: acme
    organization: Acme
    title: {zh: 实习生, en: Intern}
    start: 2025-06
    end: 2025-09
education:
  - id: tongji
    institution: {zh: 同济大学, en: Tongji University}
    degree: {zh: 硕士, en: Master}
    start: 2023-09
    end: expected 2026-06
awards:
  - id: scholarship
    title: {zh: 国家奖学金, en: National Scholarship}
    date: 2024-10
publications:
  - id: paper
    title: Fast Schedulers
    authors: [Li Hua, Xiaoming Wang, 王小明]
    venue: CVPR 2025
    date: 2025-06
sections:
  - id: patents
    title: {zh: 专利, en: Patents}
    kind: rows
    entries:
      - {label: CN1234567A, details: {zh: 一种调度方法, en: A scheduling method}}
design:
  sections:
    zh: [education, experience, patents, awards]
    en: [experience, education, publications, patents]
"""


def views(tmp_path, text=PROFILE):
    document = load_profile_document(write_profile(tmp_path, text))
    profile = validate(document).profile
    return {code: localize(profile, document, code)[0] for code in ("zh", "en")}


def test_each_language_has_its_own_order(tmp_path):
    result = views(tmp_path)
    assert [s.id for s in result["zh"].sections] == ["education", "experience", "patents",
                                                     "awards"]
    assert [s.id for s in result["en"].sections] == ["experience", "education", "publications",
                                                     "patents"]
    assert [s.title for s in result["zh"].sections] == ["教育背景", "工作经历", "专利", "荣誉奖项"]
    assert result["zh"].section("patents").css_class == "custom"


@pytest.mark.parametrize(("style", "zh", "en"), [
    ("dotted", "2023.09 – 2026.06（预计）", "2023.09 – Expected 2026.06"),
    ("chinese", "2023年9月 – 2026年6月（预计）", "2023年9月 – Expected 2026年6月"),
    ("short", "Sep 2023 – Jun 2026（预计）", "Sep 2023 – Expected Jun 2026"),
    ("numeric", "09/2023 – 06/2026（预计）", "09/2023 – Expected 06/2026"),
])
def test_an_expected_end_reads_as_expected_in_every_date_style(tmp_path, style, zh, en):
    result = views(tmp_path, PROFILE + f"  date_format: {style}\n")
    assert result["zh"].section("education").items[0].period == zh
    assert result["en"].section("education").items[0].period == en


def test_single_dates_and_the_default_styles(tmp_path):
    result = views(tmp_path)
    assert result["zh"].section("awards").items[0].period == "2024.10"
    assert result["en"].section("education").items[0].period == "Sep 2023 – Expected Jun 2026"
    assert result["en"].section("publications").items[0].date == "Jun 2025"


def test_the_profile_s_own_name_is_bold_wherever_it_stands(tmp_path):
    [paper] = views(tmp_path)["en"].section("publications").items
    assert [(str(author.name), author.own) for author in paper.authors] == [
        ("Li Hua", False), ("Xiaoming Wang", True), ("王小明", True)]


def test_a_target_sets_its_own_order_per_language_and_its_paper(tmp_path):
    write_profile(tmp_path / "me", PROFILE)
    (tmp_path / "me" / "targets").mkdir()
    target_file = tmp_path / "me" / "targets" / "us.yaml"
    target_file.write_text("sections: {en: [patents, education]}\npaper: letter\n",
                           encoding="utf-8")
    document = load_profile_document(tmp_path / "me" / "profile.yaml")
    profile = validate(document).profile
    target = validate_target(load_profile_document(target_file), profile)
    result = {code: localize(profile, document, code, cut=Cut("us", target))[0]
              for code in ("zh", "en")}
    assert [s.id for s in result["en"].sections] == ["patents", "education"]
    # zh has no order in the target: the profile's order for zh
    assert [s.id for s in result["zh"].sections] == ["education", "experience", "patents",
                                                     "awards"]
    assert result["en"].paper == "letter"
    run = run_build("--profile", tmp_path / "me", "--target", "us", "--lang", "en",
                    "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    box = PdfReader(tmp_path / "out" / "xiaoming-wang-us-en.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_a_target_s_sections_may_name_the_profile_s_own_and_nothing_else(tmp_path):
    write_profile(tmp_path / "me", PROFILE)
    (tmp_path / "me" / "targets").mkdir()
    (tmp_path / "me" / "targets" / "x.yaml").write_text("sections: [patents, hobbies]\n",
                                                        encoding="utf-8")
    run = run_build("--profile", tmp_path / "me", "--target", "x", "--out", tmp_path / "out")
    assert run.returncode == 1
    assert 'sections[1]: "hobbies" is not one of the sections' in run.stderr
    assert "patents" not in run.stderr.split("hobbies")[0]


def test_rows_of_a_custom_section_print_in_both_languages(tmp_path):
    run = run_build("--profile", write_profile(tmp_path / "me", PROFILE).parent,
                    "--format", "pdf,txt", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "out" / "xiaoming-wang-zh.txt").read_text(encoding="utf-8")
    assert "- CN1234567A：一种调度方法" in text.replace(WORD_JOINER, "")


def test_redact_leaves_out_the_address_as_it_does_the_phone(tmp_path):
    text = PROFILE.replace("  name: {zh: 王小明, en: Xiaoming Wang}\n",
                           "  name: {zh: 王小明, en: Xiaoming Wang}\n"
                           "  address: {zh: 漕溪北路 88 号, en: 88 Caoxi North Road}\n"
                           "  postal_code: \"200030\"\n  phone: +86 138 0000 0000\n")
    folder = write_profile(tmp_path / "me", text).parent
    for redact, present in (((), True), (("--redact",), False)):
        out = tmp_path / f"out{len(redact)}"
        run = run_build("--profile", folder, "--lang", "en", "--format", "pdf,txt", "--out",
                        out, *redact)
        assert run.returncode == 0, run.stderr
        printed = extract_text(out / "xiaoming-wang-en.pdf")
        written = (out / "xiaoming-wang-en.txt").read_text(encoding="utf-8")
        for private in ("88 Caoxi North Road", "200030", "138 0000 0000"):
            assert (private in printed) is present and (private in written) is present
