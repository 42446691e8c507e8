"""The personas of tests/fixtures/, built in every theme as their owners would build them: a
bilingual master's graduate in campus recruiting (`graduate`) and an English-only US senior
SRE on Letter paper (`us-sre`).

Everything a persona's profile says reaches every output: the PDF (as pdfminer extracts it),
the text and the Markdown, in every language of the profile, each text in its printed form
(`typeset` for the language; contacts and dates as they print). The layout rules hold on
them; the graduate's sections follow each language's order; the US profile keeps its paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer
from pypdf import PdfReader

from conftest import run_build
from pdf_reading import (
    WORD_JOINER,
    lines_of_one_hanzi,
    lines_starting_with_closing_marks,
    link_targets,
)
from resume.labels import label_table
from resume.model import DEFAULT_DATE_FORMATS, YearMonth
from resume.text import format_date, format_month, searchable, typeset
from resume.text import link_targets as inline_links

FIXTURES = Path(__file__).parent / "fixtures"
THEMES = ("classic", "modern", "compact")
PERSONAS = ("graduate", "us-sre")
OUTPUTS = ("pdf", "txt", "md")

# How basics' contacts print: a network's page by the user name, without its scheme.
PRINTED_CONTACTS = {
    "github": "github.com/{}", "linkedin": "linkedin.com/in/{}", "twitter": "x.com/{}",
    "scholar": "scholar.google.com/citations?user={}", "orcid": "orcid.org/{}",
    "stackoverflow": "stackoverflow.com/users/{}", "zhihu": "zhihu.com/people/{}",
}
# Values that say how to print, not what: ids, tags, settings, the photo, a section's kind.
UNPRINTED_KEYS = {"id", "tags", "design", "languages", "slug", "kind", "photo", "show"}
DATE_KEYS = {"start", "end", "date", "birth"}
LINK_KEYS = {"url", "website", "blog"}
LANGUAGE_KEYS = {"zh", "en", "zh-TW"}
PAGE_NUMBER = re.compile(r"\d+/\d+")
HYPHENATION = re.compile("\u2010\\s*")  # where WeasyPrint hyphenated a word (compact's titles)
TEXT_LINK = re.compile(r" \((?:https?://|mailto:)[^\s()]*\)")
MARKDOWN_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:https?://|mailto:|tel:)[^)\s]*\)")


@dataclass(frozen=True)
class Printed:
    field: str  # where the value stands in the profile
    text: str  # as a reader sees it


def load_profile(persona: str) -> dict:
    """The profile as written: every value a string, as the build reads it."""
    text = (FIXTURES / persona / "profile.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)  # strings, lists and maps only


PROFILES = {persona: load_profile(persona) for persona in PERSONAS}
CASES = [(persona, language, theme) for persona in PERSONAS
         for language in PROFILES[persona]["languages"] for theme in THEMES]
GRADUATE_CASES = [case for case in CASES if case[0] == "graduate"]


# -- what a profile prints ------------------------------------------------------------------
def is_text(node: object) -> bool:
    """A text: one per language (`{zh: ..., en: ...}`), or written once with tags (`text:`)."""
    return isinstance(node, dict) and bool(node) and set(node) <= LANGUAGE_KEYS | {"tags", "text"}


def shown(profile: dict, details: dict, language: str) -> bool:
    """Whether the personal details show in `language`: in zh only, unless `show` says."""
    default = ["zh"] if "zh" in profile["languages"] else []
    return language in details.get("show", default)


def without_scheme(url: str) -> str:
    """An address as it is printed: `example.com/me`, not `https://example.com/me/`."""
    return url.split("://", 1)[1].rstrip("/")


def label(profile: dict, key: str, language: str) -> str:
    own = profile.get("labels", {}).get(key, {})
    return own.get(language) or label_table()[key][language]


def printed_texts(profile: dict, language: str) -> list[Printed]:
    """Every text of `profile` a reader of `language` must find, as it prints: texts typeset,
    contacts as their addresses read on paper, labels of the profile's own words."""
    found: list[Printed] = []

    def add(field: str, value: str, *, typeset_it: bool = True) -> None:
        text = searchable(typeset(value, language)) if typeset_it else value
        found.append(Printed(field, text))

    def walk(node: object, field: str) -> None:
        if isinstance(node, str):
            add(field, node)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{field}[{index}]")
        elif is_text(node):
            value = node.get("text", node.get(language))
            if value is not None:  # a missing translation fails the build (--strict)
                add(f"{field}.{language}", value)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "doi":
                    add(f"{field}.doi", value, typeset_it=False)
                elif key not in UNPRINTED_KEYS | DATE_KEYS | LINK_KEYS:
                    walk(value, f"{field}.{key}")

    for section, content in profile.items():
        if section in UNPRINTED_KEYS:
            continue
        if section == "basics":
            for key, value in content.items():
                if key in UNPRINTED_KEYS:
                    continue
                if key in ("email", "phone", "wechat"):
                    add(f"basics.{key}", value, typeset_it=False)
                elif key in ("website", "blog"):
                    add(f"basics.{key}", without_scheme(value), typeset_it=False)
                elif key in PRINTED_CONTACTS:
                    add(f"basics.{key}", PRINTED_CONTACTS[key].format(value), typeset_it=False)
                elif key == "profiles":  # the network, and the user name or the address
                    for index, other in enumerate(value):
                        where = f"basics.profiles[{index}]"
                        add(f"{where}.network", other["network"], typeset_it=False)
                        shown_as = other.get("username") or without_scheme(other["url"])
                        add(where, shown_as, typeset_it=False)
                else:
                    walk(value, f"basics.{key}")
        elif section == "details":
            if shown(profile, content, language):
                walk(content, "details")
        elif section == "references" and content == "on-request":
            add("references", label(profile, "on_request", language), typeset_it=False)
        elif section == "labels":
            for key, words in content.items():
                if language in words:  # printed as written: labels are not typeset
                    add(f"labels.{key}.{language}", words[language], typeset_it=False)
        else:
            walk(content, section)
    return found


def printed_dates(profile: dict, language: str) -> list[Printed]:
    """Every date of `profile` as `language` prints it (`2026.06（预计）`, `Expected Jun 2026`)."""
    chosen = profile.get("design", {}).get("date_format")
    style = (chosen if isinstance(chosen, str) else (chosen or {}).get(language)
             or DEFAULT_DATE_FORMATS[language])
    found: list[Printed] = []

    def walk(node: object, field: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{field}[{index}]")
        elif isinstance(node, dict) and not is_text(node):
            for key, value in node.items():
                if key in DATE_KEYS:
                    found.append(Printed(f"{field}.{key}", printed_date(value)))
                elif key != "design" and not (key == "details" and not shown(profile, value,
                                                                              language)):
                    walk(value, f"{field}.{key}" if field else key)

    def printed_date(value: str) -> str:
        if value == "present":
            return label(profile, "present", language)
        expected = value.startswith("expected ")
        year, _, month = value.removeprefix("expected ").partition("-")
        date = YearMonth(int(year), int(month or 0), expected)
        if expected:
            return format_date(date, style, label(profile, "expected", language))
        return format_month(date, style)

    walk(profile, "")
    return found


def printed_links(profile: dict, language: str) -> tuple[set[str], set[str]]:
    """The links of `profile` in `language`: (every one, those written out in text and
    Markdown: entries' and inline ones, not the contacts, which print without a scheme)."""
    written_out: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif is_text(node):
            written_out.update(inline_links(node.get("text", node.get(language, ""))))
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "url":
                    written_out.add(value)
                elif key == "doi":
                    written_out.add(f"https://doi.org/{value}")
                elif key not in ("design", "basics"):
                    walk(value)
        elif isinstance(node, str):
            written_out.update(inline_links(node))

    walk(profile)
    basics = profile["basics"]
    contacts = {basics[key] for key in ("website", "blog") if key in basics}
    contacts.update(other["url"] for other in basics.get("profiles", []) if "url" in other)
    if "email" in basics:
        contacts.add(f"mailto:{basics['email']}")
    if "github" in basics:
        contacts.add(f"https://github.com/{basics['github']}")
    walk(basics.get("summary"))
    return written_out | contacts, written_out


# -- reading the outputs --------------------------------------------------------------------
def squeeze(text: str) -> str:
    """Text without white space: lines break, and Chinese spacing differs, between outputs."""
    return re.sub(r"\s+", "", text.replace(WORD_JOINER, ""))


def pdf_body(pdf: Path, running_name: str) -> list[str]:
    """The PDF's text boxes in reading order, without the page numbers and the running name
    at the top of pages after the first (which could fall inside a text broken by a page)."""
    boxes: list[str] = []
    # Chinese lines stand 1.65 lines apart: with pdfminer's default (lines closer than half a
    # line make one box) each line of a paragraph beside modern's sidebar is a box of its
    # own, read in turn with the sidebar's.
    for number, page in enumerate(extract_pages(pdf, laparams=LAParams(line_margin=1.0))):
        texts = [box for box in page if isinstance(box, LTTextContainer)]
        top = max(texts, key=lambda box: box.y1)
        for box in texts:
            squeezed = squeeze(box.get_text())
            if PAGE_NUMBER.fullmatch(squeezed) or (
                    number and box is top and squeezed == squeeze(running_name)):
                continue
            boxes.append(box.get_text())
    return boxes


def readable(output: str, path: Path, running_name: str) -> str:
    """An output's text, squeezed, for finding printed texts in it: the PDF's hyphenation
    undone and its case folded (themes set titles in capitals); the text output's written-out
    links and the Markdown's marks taken away."""
    if output == "pdf":
        return squeeze(HYPHENATION.sub("", "".join(pdf_body(path, running_name)))).casefold()
    text = path.read_text(encoding="utf-8")
    if output == "txt":
        return squeeze(TEXT_LINK.sub("", text))
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = re.sub(r"(?<!\\)\*", "", text)
    return squeeze(re.sub(r"\\(.)", r"\1", text))


def needle(output: str, text: str) -> str:
    return squeeze(text).casefold() if output == "pdf" else squeeze(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(persona, theme) -> the folder of its build: every language, PDF, text, Markdown and
    HTML, strictly (a missing translation fails it). Built on first use."""
    folders: dict[tuple[str, str], Path] = {}

    def build(persona: str, theme: str) -> Path:
        if (persona, theme) not in folders:
            out = tmp_path_factory.mktemp(f"{persona}-{theme}")
            run = run_build("--profile", FIXTURES / persona, "--theme", theme, "--strict",
                            "--format", "pdf,txt,md,html", "--out", out)
            assert run.returncode == 0, run.stderr
            folders[persona, theme] = out
        return folders[persona, theme]

    return build


def output_file(built, persona: str, language: str, theme: str, output: str) -> Path:
    (path,) = built(persona, theme).glob(f"*-{language}.{output}")
    return path


def running_name(persona: str, language: str) -> str:
    name = PROFILES[persona]["basics"]["name"]
    return name if isinstance(name, str) else name[language]


# -- the tests ------------------------------------------------------------------------------
@pytest.mark.parametrize("persona, language, theme", CASES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_every_text_reaches_every_output(built, persona, language, theme, output):
    texts = printed_texts(PROFILES[persona], language)
    assert len(texts) > 60  # the walk found the profile
    assert_all_printed(texts, built, persona, language, theme, output)


@pytest.mark.parametrize("persona, language, theme", CASES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_every_date_prints_in_the_language_s_style(built, persona, language, theme, output):
    dates = printed_dates(PROFILES[persona], language)
    assert len(dates) > 10
    assert_all_printed(dates, built, persona, language, theme, output)


def assert_all_printed(items, built, persona, language, theme, output) -> None:
    """Every item's text is in the output as its reader reads it."""
    path = output_file(built, persona, language, theme, output)
    haystack = readable(output, path, running_name(persona, language))
    missing = [f"{item.field}: {item.text}" for item in items
               if needle(output, item.text) not in haystack]
    assert not missing, f"{path.name} lacks:\n" + "\n".join(missing)


@pytest.mark.parametrize("persona, language, theme", CASES)
def test_every_link_is_clickable_and_written_out_for_forms(built, persona, language, theme):
    every, written_out = printed_links(PROFILES[persona], language)
    pdf = output_file(built, persona, language, theme, "pdf")
    assert every - link_targets(pdf) == set()
    for output in ("txt", "md"):
        text = output_file(built, persona, language, theme, output).read_text(encoding="utf-8")
        assert [link for link in written_out if link not in text] == [], output


@pytest.mark.parametrize("persona, language, theme", GRADUATE_CASES)
def test_an_expected_graduation_reads_as_the_language_says(built, persona, language, theme):
    period = {"zh": "2023.09 – 2026.06（预计）", "en": "Sep 2023 – Expected Jun 2026"}[language]
    for output in OUTPUTS:
        path = output_file(built, persona, language, theme, output)
        assert needle(output, period) in readable(output, path, running_name(persona, language))


@pytest.mark.parametrize("persona, language, theme", GRADUATE_CASES)
def test_the_own_name_is_bold_among_the_authors(built, persona, language, theme):
    html = output_file(built, persona, language, theme, "html").read_text(encoding="utf-8")
    publications = html.split('<ol class="publication-list">', 1)[1].split("</ol>", 1)[0]
    own = {"zh": ["Siyuan Lin", "林思远"], "en": ["Siyuan Lin", "Siyuan Lin"]}[language]
    assert re.findall(r"<strong>(.*?)</strong>", publications) == own
    assert "Hao Zhang" in publications and "Ming Chen" in publications


@pytest.mark.parametrize("persona, language, theme", CASES)
def test_no_line_starts_with_a_closing_mark(built, persona, language, theme):
    pdf = output_file(built, persona, language, theme, "pdf")
    assert lines_starting_with_closing_marks(pdf) == []


@pytest.mark.parametrize("persona, language, theme", CASES)
def test_no_hanzi_alone_on_a_last_line(built, persona, language, theme):
    pdf = output_file(built, persona, language, theme, "pdf")
    # A value of one hanzi (性别：女) is a whole text on its line, not the end of a longer one.
    whole = {item.text for item in printed_texts(PROFILES[persona], language)}
    assert [line for line in lines_of_one_hanzi(pdf) if line not in whole] == []


@pytest.mark.parametrize("persona, language, theme", GRADUATE_CASES)
def test_the_graduate_s_sections_follow_each_language_s_order(built, persona, language, theme):
    first, second = {"zh": ("教育背景", "实习经历"), "en": ("Experience", "Education")}[language]
    pdf = output_file(built, persona, language, theme, "pdf")
    lines = [squeeze(line).casefold() for box in pdf_body(pdf, running_name(persona, language))
             for line in box.splitlines() if line.strip()]

    def heading(title: str) -> int | None:
        return next((index for index, line in enumerate(lines)
                     if line.startswith(title.casefold())), None)

    positions = heading(first), heading(second)
    assert None not in positions and positions[0] < positions[1], (first, second, positions)


@pytest.mark.parametrize("theme", THEMES)
def test_the_us_profile_is_on_its_own_letter_paper(built, theme):
    out = built("us-sre", theme)
    assert sorted(path.name for path in out.iterdir()) == [
        "morgan-ellis-en.html", "morgan-ellis-en.md", "morgan-ellis-en.pdf",
        "morgan-ellis-en.txt"]
    pages = PdfReader(out / "morgan-ellis-en.pdf").pages
    assert len(pages) >= 2
    assert {(float(page.mediabox.width), float(page.mediabox.height)) for page in pages} == {
        (612.0, 792.0)}
