"""The profile model and its validation: the contract between loading and rendering.

The format is declared once, as field specifications (`SECTIONS`); validation and the JSON
Schema for editors (`schema.py`) are both read off them, so they cannot disagree. A value is
either language-neutral (a plain value, written once) or a `Text` with one entry per
language. Validation walks the loaded data once, repairs text with ftfy, collects every
problem with its file, line and field, and returns the `Profile` with its warnings, or
raises one `ResumeError` with all the errors.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Problem, ResumeError
from .labels import label_table
from .load import FieldPath, SourceDocument
from .repair import repair_text


@dataclass(frozen=True)
class Language:
    code: str  # as written in profiles: `zh`, `en`
    # BCP 47 tag for HTML and PDF: `zh-CN`, since fontconfig answers `zh-Hans` with Japanese.
    html_lang: str
    name: str


LANGUAGES: dict[str, Language] = {
    "zh": Language("zh", "zh-CN", "Simplified Chinese"),
    "en": Language("en", "en", "English"),
    # A variant of zh: where a text has no zh-TW of its own, its zh is converted.
    "zh-TW": Language("zh-TW", "zh-TW", "Traditional Chinese"),
}
DERIVED_FROM = {"zh-TW": "zh"}
# A profile that does not say which languages it is written in.
DEFAULT_LANGUAGES = ("zh", "en")

PRESENT = "present"
MAX_TEXT_LENGTH = 2_000
MAX_ENTRIES = 200
MAX_PHOTO_BYTES = 5_000_000
# A photo prints at 25 × 35 mm, where 600 × 830 pixels are plenty; a camera's 24 million
# pass, a decompression bomb does not.
MAX_PHOTO_PIXELS = 25_000_000
PHOTO_TYPES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# The sections a résumé can show, in their default order.
# The built-in sections, in their default order (a profile's own sections follow them).
SECTION_NAMES = (
    "summary", "details", "experience", "education", "projects", "publications", "awards",
    "campus", "volunteer", "certificates", "skills", "language_skills", "interests",
    "references",
)
# What the entries of a profile's own section are (`sections:`).
CUSTOM_KINDS = ("timeline", "rows", "bullets", "paragraphs", "publications")
PAPERS = ("a4", "letter")
DEFAULT_PAPER = "a4"
# A reference section that names no one, only says so.
ON_REQUEST = "on-request"
# Date styles: 2021.02, 2021年2月, Feb 2021, 02/2021.
DATE_FORMATS = ("dotted", "chinese", "short", "numeric")
DEFAULT_DATE_FORMATS = {"zh": "dotted", "zh-TW": "dotted", "en": "short"}


# -- the model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """A piece of text: the same in every language (`neutral`), or one per language."""

    field: str  # the field's name in messages: `experience[tensorchord].highlights[2]`
    path: FieldPath
    neutral: str | None = None
    translations: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()  # on list items (bullets, skills): what tailoring selects by

    def in_language(self, language: str) -> str | None:
        """The text for `language`, or None when the profile lacks that translation."""
        if self.neutral is not None:
            return self.neutral
        return self.translations.get(language)


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int = 0  # 0: the year alone is known
    # An end still to come (a graduation): `2026.06（预计）`, `Expected Jun 2026`.
    expected: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Photo:
    """A portrait from the profile's folder, shown in the languages of `show`."""

    file: Path
    show: tuple[str, ...]


@dataclass(frozen=True)
class Basics:
    name: Text
    slug: str | None
    headline: Text | None
    summary: Text | None
    location: Text | None
    email: str | None
    phone: str | None
    website: str | None
    github: str | None
    wechat: str | None
    linkedin: str | None
    twitter: str | None
    scholar: str | None
    orcid: str | None
    stackoverflow: str | None
    zhihu: str | None
    blog: str | None
    profiles: list[Entry]  # other networks: {network, username, url}
    photo: Photo | None


@dataclass(frozen=True)
class Details:
    """Personal details that Chinese résumés often carry, shown in the languages of `show`."""

    birth: YearMonth | None
    gender: Text | None
    hometown: Text | None
    objective: Text | None
    city: Text | None
    show: tuple[str, ...]


@dataclass(frozen=True)
class Design:
    """The settings people change most, validated like the rest of the profile."""

    theme: str | None
    accent: str | None
    font_size: float | None
    margins: float | None
    pages: int | None
    paper: str | None
    sections: SectionOrder | None
    date_format: dict[str, str]


@dataclass(frozen=True)
class WorkItem:
    """One piece of work inside a position: a summary and its highlights."""

    id: str
    summary: Text | None
    highlights: list[Text]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    id: str
    organization: Text
    url: str | None
    title: Text | None
    about: Text | None
    note: Text | None
    location: Text | None
    start: YearMonth
    end: YearMonth | None  # None: to the present
    summary: Text | None
    highlights: list[Text]
    work: list[WorkItem]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Project:
    id: str
    name: Text
    url: str | None
    description: Text | None
    role: Text | None
    start: YearMonth | None
    end: YearMonth | None
    highlights: list[Text]
    keywords: list[Text]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """An entry of the sections declared only here (education, awards, a custom section's
    rows...): its fields by name, as its `SectionSpec` lists them. The view reads them by
    the names of the section's `Layout`, so a new section needs no class of its own."""

    section: str  # the SectionSpec's name
    values: dict[str, object]

    def get(self, name: str) -> object:
        return self.values.get(name)

    @property
    def id(self) -> str | None:
        return self.values.get("id")  # type: ignore[return-value]

    @property
    def tags(self) -> tuple[str, ...]:
        return self.values.get("tags") or ()  # type: ignore[return-value]

    @classmethod
    def maker(cls, section: str) -> Callable[..., Entry]:
        return lambda **values: cls(section, values)


@dataclass(frozen=True)
class CustomSection:
    """A section the profile declares itself: "专利", "Talks", "开源贡献"."""

    id: str
    title: Text
    kind: str  # one of CUSTOM_KINDS
    entries: list  # of Entry (timeline, rows, publications) or of Text (bullets, paragraphs)
    tags: tuple[str, ...]


# The sections to show, in order, for each language (variants included).
SectionOrder = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Target:
    """A cut of the profile for one kind of application (targets/<name>.yaml)."""

    include: tuple[str, ...]  # keep tagged entries and bullets with one of these tags
    exclude: tuple[str, ...]  # and drop those with one of these
    sections: SectionOrder | None
    pages: int | None
    paper: str | None
    theme: str | None
    name: str | None  # the output file's middle part; default: the target's file name


@dataclass(frozen=True)
class Profile:
    languages: tuple[str, ...]
    basics: Basics
    details: Details | None
    experience: list[Position]
    education: list[Entry]
    projects: list[Project]
    publications: list[Entry]
    awards: list[Entry]
    certificates: list[Entry]
    skills: list[Text | Entry]  # a flat skill, or a group (Entry of "skill group")
    # 语言能力, the languages the person speaks (`languages` names the profile's own).
    language_skills: list[Entry]
    volunteer: list[Position]
    campus: list[Position]
    interests: list[Entry]
    references: list[Entry] | None  # None: none given; []: "available on request"
    sections: list[CustomSection]
    design: Design
    labels: dict[str, Text]

    def section_entries(self, name: str) -> list:
        """The entries of a built-in or custom section, by the name design.sections uses."""
        custom = next((section for section in self.sections if section.id == name), None)
        if custom is not None:
            return custom.entries
        return getattr(self, name) or []


@dataclass(frozen=True)
class Repair:
    """A text that ftfy repaired: where it stands in the file, and before and after."""

    field: str
    path: FieldPath
    before: str
    after: str


@dataclass
class Validated:
    profile: Profile
    warnings: list[Problem]
    repairs: list[Repair]


# -- the format, declared once ----------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    expected: str  # what the message says a value should be
    schema: str  # the same rule for JSON Schema (ECMA 262)


PATTERNS = {
    "id": Pattern(
        re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"),
        "a usable id (lower-case letters, digits and single `-` or `_` between them)",
        r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
    ),
    "slug": Pattern(
        re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"),
        "a usable file name (lower-case letters, digits and single `-` or `_` between them)",
        r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
    ),
    "email": Pattern(
        re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"),
        "an e-mail address",
        r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
    ),
    "url": Pattern(
        re.compile(r"^https?://[^\s/?#\"'<>\\]+\.[^\s/?#\"'<>\\]+(?:[/?#][^\s\"'<>\\]*)?$"),
        "a web address (https://...)",
        r"^https?://[^\s/?#\"'<>\\]+\.[^\s/?#\"'<>\\]+([/?#][^\s\"'<>\\]*)?$",
    ),
    "github": Pattern(
        re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"),
        "a GitHub user name",
        r"^[A-Za-z0-9]([A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$",
    ),
    "phone": Pattern(
        re.compile(r"^\+?[0-9(][0-9 ()./-]{4,24}$"),
        "a phone number (digits, spaces, + ( ) . / -)",
        r"^\+?[0-9(][0-9 ()./-]{4,24}$",
    ),
    # Nothing but a colour can get into the style sheet: no url(), no `;`.
    "colour": Pattern(
        re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
        "a colour as #rrggbb (for example #1f4e79)",
        r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
    ),
    "doi": Pattern(
        re.compile(r"^10\.\d{4,9}/[^\s\"'<>\\]+$"),
        "a DOI (10.NNNN/..., without https://doi.org/)",
        r"^10\.\d{4,9}/[^\s\"'<>\\]+$",
    ),
    "linkedin": Pattern(
        re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$"),
        "a LinkedIn profile name (the part after linkedin.com/in/)",
        r"^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$",
    ),
    "twitter": Pattern(
        re.compile(r"^[A-Za-z0-9_]{1,15}$"),
        "an X (Twitter) handle, without @",
        r"^[A-Za-z0-9_]{1,15}$",
    ),
    "scholar": Pattern(
        re.compile(r"^[A-Za-z0-9_-]{12}$"),
        "a Google Scholar user id (the 12 characters after citations?user=)",
        r"^[A-Za-z0-9_-]{12}$",
    ),
    "orcid": Pattern(
        re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"),
        "an ORCID iD (0000-0002-1825-0097)",
        r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
    ),
    "stackoverflow": Pattern(
        re.compile(r"^\d{1,12}(?:/[a-z0-9-]{1,60})?$"),
        "a Stack Overflow user number, optionally with its name (22656/jon-skeet)",
        r"^\d{1,12}(/[a-z0-9-]{1,60})?$",
    ),
    "zhihu": Pattern(
        re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"),
        "a 知乎 (Zhihu) profile id (the part after zhihu.com/people/)",
        r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
    ),
}


@dataclass(frozen=True)
class SocialNetwork:
    """A network `basics` names by its user name: where it links, and how it reads on paper."""

    url: str  # with {} for the user name
    printed: str


SOCIAL_NETWORKS = {
    "linkedin": SocialNetwork("https://www.linkedin.com/in/{}", "linkedin.com/in/{}"),
    "twitter": SocialNetwork("https://x.com/{}", "x.com/{}"),
    "scholar": SocialNetwork("https://scholar.google.com/citations?user={}",
                             "scholar.google.com/citations?user={}"),
    "orcid": SocialNetwork("https://orcid.org/{}", "orcid.org/{}"),
    "stackoverflow": SocialNetwork("https://stackoverflow.com/users/{}",
                                   "stackoverflow.com/users/{}"),
    "zhihu": SocialNetwork("https://www.zhihu.com/people/{}", "zhihu.com/people/{}"),
}
# Names people bring from JSON Resume and RenderCV, and what this format calls them; a
# suggestion only where the format has that field.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "position": ("title",), "company": ("organization",), "name": ("organization",),
    "studyType": ("degree",), "study_type": ("degree",), "major": ("area",),
    "startDate": ("start",), "start_date": ("start",), "endDate": ("end",),
    "end_date": ("end",), "releaseDate": ("date",), "release_date": ("date",),
    "publisher": ("venue",), "journal": ("venue",), "awarder": ("issuer",),
    "website": ("url",), "label": ("headline", "label"), "gpa": ("score",), "GPA": ("score",),
    "description": ("about", "summary"), "social_networks": ("profiles",), "x": ("twitter",),
}
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
DATE_SCHEMA = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
# An end still to come: `expected 2026-06`.
EXPECTED = "expected"
EXPECTED_SCHEMA = r"^expected \d{4}(-(0[1-9]|1[0-2]))?$"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the format. `kind` is one of: text (neutral or per language), string,
    date, end (a date or `present`), texts (a list of texts), languages (the profile's),
    shown-in (some of the profile's languages), number and integer (between `minimum` and
    `maximum`), sections, date-format, labels, photo-file, a pattern name from PATTERNS,
    `section` (the fields of `entry`) or `list` (of `entry`)."""

    name: str
    kind: str
    description: str
    required: bool = False
    entry: SectionSpec | None = None
    minimum: float | None = None  # for numbers
    maximum: float | None = None


@dataclass(frozen=True)
class SectionSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    build: Callable[..., object]
    description: str = ""

    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)


WORK_ITEM = SectionSpec("work item", (
    FieldSpec("id", "id", "A stable name for this piece of work, used in messages.", True),
    FieldSpec("summary", "text", "What the work was, in a sentence or two."),
    FieldSpec("highlights", "texts", "Results and contributions, one per bullet."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), WorkItem, "One piece of work inside a position.")

POSITION = SectionSpec("position", (
    FieldSpec("id", "id", "A stable name for this position, used in messages.", True),
    FieldSpec("organization", "text", "The employer, as it should be printed.", True),
    FieldSpec("url", "url", "The employer's web site."),
    FieldSpec("title", "text", "The job title."),
    FieldSpec("about", "text", "A few words on the employer (\"AI start-up\")."),
    FieldSpec("note", "text", "A remark on the position (\"including internship\")."),
    FieldSpec("location", "text", "Where the job was."),
    FieldSpec("start", "date", "When it started: YYYY or YYYY-MM.", True),
    FieldSpec("end", "end", "When it ended: YYYY, YYYY-MM, present (also when left out), "
              "or expected YYYY-MM."),
    FieldSpec("summary", "text", "The position in a sentence or two."),
    FieldSpec("highlights", "texts", "Results and contributions, one per bullet."),
    FieldSpec("work", "list", "Several pieces of work in this position.", entry=WORK_ITEM),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Position, "A job, with its work and highlights.")
# Volunteering and campus activities (校园经历) have the shape of a job.
VOLUNTEER = replace(POSITION, name="volunteer entry",
                    description="Volunteering: the organization, the role, what you did.")
CAMPUS = replace(POSITION, name="campus entry",
                 description="校园经历: a student organization, club or role on campus.")

PROJECT = SectionSpec("project", (
    FieldSpec("id", "id", "A stable name for this project, used in messages.", True),
    FieldSpec("name", "text", "The project's name.", True),
    FieldSpec("url", "url", "Where the project lives."),
    FieldSpec("description", "text", "What the project is, in a sentence."),
    FieldSpec("role", "text", "Your role in it (\"maintainer\", \"技术负责人\")."),
    FieldSpec("start", "date", "When you started: YYYY or YYYY-MM."),
    FieldSpec("end", "end", "When it ended: YYYY, YYYY-MM or present."),
    FieldSpec("highlights", "texts", "What you did and achieved, one per bullet."),
    FieldSpec("keywords", "texts", "Technologies and topics, printed after the bullets."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Project, "An open-source or personal project.")

EDUCATION = SectionSpec("education entry", (
    FieldSpec("id", "id", "A stable name for this school, used in messages.", True),
    FieldSpec("institution", "text", "The university or school.", True),
    FieldSpec("url", "url", "Its web site."),
    FieldSpec("degree", "text", "The degree, as printed: 本科, 硕士, Bachelor of Science..."),
    FieldSpec("area", "text", "The major or field of study (专业)."),
    FieldSpec("location", "text", "Where it is."),
    FieldSpec("start", "date", "When you started: YYYY or YYYY-MM."),
    FieldSpec("end", "end", "When you finished: YYYY or YYYY-MM, or expected YYYY-MM for a "
              "graduation still to come."),
    FieldSpec("score", "text", "GPA or ranking, as printed: \"GPA 3.91/4.0\", \"专业排名前 3%\"."),
    FieldSpec("courses", "texts", "Courses worth naming (主修课程)."),
    FieldSpec("thesis", "text", "The thesis title (毕业论文)."),
    FieldSpec("highlights", "texts", "Anything else worth a bullet."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("education entry"), "A degree or a school.")

PUBLICATION = SectionSpec("publication", (
    FieldSpec("id", "id", "A stable name for this publication, used in messages.", True),
    FieldSpec("title", "text", "The title.", True),
    FieldSpec("authors", "texts", "The authors in order; your own name (basics.name) is set "
              "in bold wherever it stands."),
    FieldSpec("venue", "text", "Where it appeared: a conference, journal or publisher."),
    FieldSpec("date", "date", "When: YYYY or YYYY-MM."),
    FieldSpec("doi", "doi", "Its DOI (10.NNNN/...), printed as a link."),
    FieldSpec("url", "url", "Where to read it."),
    FieldSpec("note", "text", "A remark: \"第二作者\", \"co-first author\", \"oral\"."),
    FieldSpec("summary", "text", "What it is about, in a sentence."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("publication"), "A paper, article, book or talk with a venue.")

AWARD = SectionSpec("award", (
    FieldSpec("id", "id", "A stable name for this award, used in messages.", True),
    FieldSpec("title", "text", "The award (荣誉).", True),
    FieldSpec("issuer", "text", "Who gave it."),
    FieldSpec("date", "date", "When: YYYY or YYYY-MM."),
    FieldSpec("url", "url", "Where it is described."),
    FieldSpec("summary", "text", "What it was for, in a sentence."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("award"), "An award, prize, scholarship or honour.")

CERTIFICATE = SectionSpec("certificate", (
    FieldSpec("id", "id", "A stable name for this certificate, used in messages.", True),
    FieldSpec("name", "text", "The certificate (CET-6, CKA...).", True),
    FieldSpec("issuer", "text", "Who issued it."),
    FieldSpec("date", "date", "When: YYYY or YYYY-MM."),
    FieldSpec("score", "text", "The score, where it has one (612)."),
    FieldSpec("url", "url", "Where it can be verified."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("certificate"), "A certificate or licence.")

LANGUAGE_SKILL = SectionSpec("language skill", (
    FieldSpec("id", "id", "A stable name, used in messages (optional)."),
    FieldSpec("language", "text", "The language (英语, English).", True),
    FieldSpec("fluency", "text", "How well: 母语, fluent, professional working proficiency."),
    FieldSpec("certificate", "text", "A test or certificate that shows it (CET-6 612, IELTS 7.5)."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("language skill"), "A language you speak (语言能力).")

INTEREST = SectionSpec("interest", (
    FieldSpec("id", "id", "A stable name, used in messages (optional)."),
    FieldSpec("name", "text", "The interest.", True),
    FieldSpec("keywords", "texts", "Details: what, where, how much."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("interest"), "An interest or hobby.")

REFERENCE = SectionSpec("reference", (
    FieldSpec("id", "id", "A stable name, used in messages (optional)."),
    FieldSpec("name", "text", "Who: name, title and organization.", True),
    FieldSpec("reference", "text", "What they say, or how to reach them."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("reference"), "Someone who vouches for you.")

SKILL_GROUP = SectionSpec("skill group", (
    FieldSpec("id", "id", "A stable name, used in messages (optional)."),
    FieldSpec("group", "text", "The group's name: 编程语言, Languages.", True),
    FieldSpec("items", "texts", "The skills in the group.", True),
    FieldSpec("level", "text", "How well, for the group as a whole (精通, advanced)."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("skill group"), "Skills under one name.")

SOCIAL_PROFILE = SectionSpec("social profile", (
    FieldSpec("network", "string", "The network's name, as printed.", True),
    FieldSpec("username", "string", "Your name there."),
    FieldSpec("url", "url", "Your page there."),
), Entry.maker("social profile"), "A profile on a network basics has no field for.")

# The entries of a profile's own section: one kind of entry per section.
TIMELINE_ENTRY = SectionSpec("timeline entry", (
    FieldSpec("id", "id", "A stable name for this entry, used in messages.", True),
    FieldSpec("title", "text", "What it is: a talk's title, a role, a patent."),
    FieldSpec("organization", "text", "Where or with whom: a conference, a company."),
    FieldSpec("url", "url", "A link."),
    FieldSpec("location", "text", "Where it was."),
    FieldSpec("date", "date", "When, for a single date: YYYY or YYYY-MM."),
    FieldSpec("start", "date", "When it started, for a period."),
    FieldSpec("end", "end", "When it ended: YYYY, YYYY-MM, present or expected YYYY-MM."),
    FieldSpec("summary", "text", "A sentence or two."),
    FieldSpec("highlights", "texts", "One per bullet."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("timeline entry"), "An entry with a title, a place and dates.")

ROW = SectionSpec("row", (
    FieldSpec("id", "id", "A stable name, used in messages (optional)."),
    FieldSpec("label", "text", "What the row is about, printed first.", True),
    FieldSpec("details", "text", "The rest of the line."),
    FieldSpec("url", "url", "A link for the row."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("row"), "One line: \"label: details\".")

# kind -> the spec of its entries; bullets and paragraphs are texts.
CUSTOM_ENTRIES: dict[str, SectionSpec | None] = {
    "timeline": TIMELINE_ENTRY, "rows": ROW, "bullets": None, "paragraphs": None,
    "publications": PUBLICATION,
}

CUSTOM_SECTION = SectionSpec("section", (
    FieldSpec("id", "id", "The section's name in design.sections and in messages.", True),
    FieldSpec("title", "text", "The section's title, per language.", True),
    FieldSpec("kind", "custom-kind", "What its entries are: timeline (like experience), rows "
              "(\"label: details\"), bullets, paragraphs or publications.", True),
    FieldSpec("entries", "custom-entries", "The entries, of the section's kind."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), CustomSection, "A section of your own: \"专利\", \"Talks\", \"开源贡献\".")

TARGET = SectionSpec("target", (
    FieldSpec("include", "tags", "Keep tagged entries and bullets that have one of these tags "
              "(untagged ones are always kept; no include keeps every tag)."),
    FieldSpec("exclude", "tags", "Leave out entries and bullets that have one of these tags."),
    FieldSpec("sections", "sections", "The sections to show, in order (one list, or one per "
              f"language): {', '.join(SECTION_NAMES)}, or a section of the profile's own."),
    FieldSpec("pages", "integer", "Fit this many pages.", minimum=1, maximum=5),
    FieldSpec("paper", "paper", "The paper: a4 or letter."),
    FieldSpec("theme", "string", "The theme for this target."),
    FieldSpec("name", "slug", "The middle of the file names (default: the file's name)."),
), Target, "A tailored cut of the profile: which tagged entries, sections, pages and theme.")

PHOTO = SectionSpec("photo", (
    FieldSpec("file", "photo-file", "A JPEG or PNG in the profile's folder.", True),
    FieldSpec("show", "shown-in", "The languages whose résumé shows it (default: zh)."),
), Photo, "A portrait, printed 25 × 35 mm; usual in Chinese résumés, rare in English ones.")

DETAILS = SectionSpec("details", (
    FieldSpec("birth", "date", "出生年月: YYYY-MM."),
    FieldSpec("gender", "text", "性别."),
    FieldSpec("hometown", "text", "籍贯."),
    FieldSpec("objective", "text", "求职意向: the position sought."),
    FieldSpec("city", "text", "期望城市: where you want to work."),
    FieldSpec("show", "shown-in", "The languages whose résumé shows these (default: zh)."),
), Details, "Personal details, each printed only where set.")

DESIGN = SectionSpec("design", (
    FieldSpec("theme", "string", "A theme: classic, modern, compact, or a folder (relative "
              "to the profile) holding a style.css."),
    FieldSpec("accent", "colour", "The accent colour, as #rrggbb."),
    FieldSpec("font_size", "number", "Body text size in points.", minimum=9, maximum=13),
    FieldSpec("margins", "number", "Page margins in millimetres.", minimum=8, maximum=30),
    FieldSpec("pages", "integer", "Fit the résumé to this many pages.", minimum=1, maximum=5),
    FieldSpec("paper", "paper", "The paper: a4 (default) or letter."),
    FieldSpec("sections", "sections", "The sections to show, in order (one list, or one per "
              f"language): {', '.join(SECTION_NAMES)}, or a section of the profile's own."),
    FieldSpec("date_format", "date-format", "How dates read: dotted (2021.02), chinese "
              "(2021年2月), short (Feb 2021) or numeric (02/2021); one for all languages, or "
              "one per language (default: zh dotted, en short)."),
), Design, "Design settings: theme, colour, size, margins, paper, page budget, sections, dates.")

BASICS = SectionSpec("basics", (
    FieldSpec("name", "text", "Your name, per language.", True),
    FieldSpec("slug", "slug", "The start of the PDFs' file names (default: from the name)."),
    FieldSpec("headline", "text", "A one-line title under the name."),
    FieldSpec("summary", "text", "A short introduction."),
    FieldSpec("location", "text", "Where you live or work."),
    FieldSpec("email", "email", "Your e-mail address, printed as a mailto: link."),
    FieldSpec("phone", "phone", "Your phone number."),
    FieldSpec("website", "url", "Your web site."),
    FieldSpec("github", "github", "Your GitHub user name."),
    FieldSpec("wechat", "string", "Your WeChat id."),
    FieldSpec("linkedin", "linkedin", "Your LinkedIn name (linkedin.com/in/NAME)."),
    FieldSpec("twitter", "twitter", "Your X (Twitter) handle, without @."),
    FieldSpec("scholar", "scholar", "Your Google Scholar user id."),
    FieldSpec("orcid", "orcid", "Your ORCID iD."),
    FieldSpec("stackoverflow", "stackoverflow", "Your Stack Overflow user number."),
    FieldSpec("zhihu", "zhihu", "Your 知乎 (Zhihu) profile id."),
    FieldSpec("blog", "url", "Your blog."),
    FieldSpec("profiles", "list", "Profiles on other networks: {network, username, url}.",
              entry=SOCIAL_PROFILE),
    FieldSpec("photo", "section", "A portrait.", entry=PHOTO),
), Basics, "Who you are and how to reach you.")

PROFILE = SectionSpec("profile", (
    FieldSpec("languages", "languages", "The profile's languages; the first is the primary."),
    FieldSpec("basics", "section", "Who you are and how to reach you.", True, entry=BASICS),
    FieldSpec("details", "section", "Personal details (出生年月, 籍贯, 求职意向, 期望城市).",
              entry=DETAILS),
    FieldSpec("experience", "list", "Positions, most recent first.", entry=POSITION),
    FieldSpec("education", "list", "Schools and degrees (教育背景), most recent first.",
              entry=EDUCATION),
    FieldSpec("projects", "list", "Projects, most important first.", entry=PROJECT),
    FieldSpec("publications", "list", "Papers and other publications.", entry=PUBLICATION),
    FieldSpec("awards", "list", "Awards and honours (荣誉奖项).", entry=AWARD),
    FieldSpec("certificates", "list", "Certificates (证书).", entry=CERTIFICATE),
    FieldSpec("skills", "skills", "Skills: each a text, or a group {group, items, level}."),
    FieldSpec("language_skills", "list", "The languages you speak (语言能力).",
              entry=LANGUAGE_SKILL),
    FieldSpec("volunteer", "list", "Volunteering.", entry=VOLUNTEER),
    FieldSpec("campus", "list", "Campus activities (校园经历).", entry=CAMPUS),
    FieldSpec("interests", "list", "Interests (兴趣爱好).", entry=INTEREST),
    FieldSpec("references", "references", "References: a list, or `on-request` to say they "
              "are available on request."),
    FieldSpec("sections", "list", "Sections of your own, each with an id, a title and a kind.",
              entry=CUSTOM_SECTION),
    FieldSpec("design", "section", "Design settings.", entry=DESIGN),
    FieldSpec("labels", "labels", "Your own words for section titles and labels, per "
              "language (for example experience: {zh: 工作经验, en: Work})."),
), Profile, "A résumé profile in one or more languages.")


def validate_target(document: SourceDocument, profile: Profile | None = None) -> Target:
    """The target in `document`, or a `ResumeError` listing every problem in it. With the
    `profile` it cuts, its sections may name the profile's own and its languages."""
    checker = _Checker(document)
    if profile is not None:
        checker.languages = profile.languages
        checker.custom_sections = tuple(section.id for section in profile.sections)
    target = checker.section((), TARGET, set())
    if checker.problems:
        raise ResumeError(sorted(checker.problems, key=_in_file_order))
    assert isinstance(target, Target)
    return target


def validate(document: SourceDocument) -> Validated:
    """The profile in `document` with its warnings, or a `ResumeError` listing every error."""
    checker = _Checker(document)
    profile = checker.profile()
    if checker.problems:
        raise ResumeError(sorted(checker.problems, key=_in_file_order))
    assert isinstance(profile, Profile)
    return Validated(profile, sorted(checker.warnings, key=_in_file_order), checker.repairs)


def _in_file_order(problem: Problem) -> tuple[int, int]:
    location = problem.location
    return (location.line, location.column) if location else (0, 0)


def field_name(data: object, path: FieldPath) -> str:
    """`path` as shown to users: list items are named by their `id` where they have one."""
    name = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            item_id = item.get("id") if isinstance(item, dict) else None
            name += f"[{item_id}]" if isinstance(item_id, str) and item_id else f"[{part}]"
            node = item
        else:
            name += f".{part}" if name else part
            node = node.get(part) if isinstance(node, dict) else None
    return name


def suggest(key: str, allowed: tuple[str, ...]) -> str:
    """What to write instead of an unknown `key`: the field of this format that a name from
    JSON Resume or RenderCV means, else the closest spelling, else the whole list."""
    alias = next((name for name in FIELD_ALIASES.get(key, ()) if name in allowed), None)
    if alias:
        return f"this format calls it `{alias}`"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else f"expected one of: {', '.join(allowed)}"


def photo_problem(file: Path, expected: str) -> str | None:
    """What keeps the image in `file` from printing, read as the renderer reads it (which
    leaves an image it cannot read out of the PDF without a word): not `expected` (JPEG or
    PNG), too many pixels, or damaged data."""
    import warnings

    from PIL import Image, ImageFile, UnidentifiedImageError  # only for profiles with a photo

    too_many = (f"a photo may have at most {MAX_PHOTO_PIXELS // 1_000_000} million (it "
                "prints at 25 × 35 mm: 600 × 830 pixels are plenty)")
    # WeasyPrint, once imported (in a batch), has Pillow fill the missing part of a
    # truncated image with grey; the check reads strictly all the same.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file, formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    return f"is {width:,} × {height:,} pixels; {too_many}"
                if expected == "JPEG":  # decoded at an eighth of its size: every byte read
                    image.draft("RGB", (width // 8, height // 8))
                image.load()
    except UnidentifiedImageError:
        return f"is not really a {expected} image, or it is damaged beyond reading"
    except Image.DecompressionBombError:
        return f"has hundreds of millions of pixels; {too_many}"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return f"is a damaged {expected} image ({error}); save it again from the original"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


def describe(value: object) -> str:
    """A loaded value, named as the user wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"'


class _Checker:
    """Walks the loaded data; every check appends to `problems` and returns a usable value."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.repairs: list[Repair] = []
        self.languages: tuple[str, ...] = DEFAULT_LANGUAGES
        self.custom_sections: tuple[str, ...] = ()  # the ids of the profile's own sections

    # -- reporting ---------------------------------------------------------------------------
    def problem(self, path: FieldPath, message: str, *, at_key: bool = False) -> None:
        location = self.document.key_location(path) if at_key else self.document.location(path)
        self.problems.append(Problem(message, field_name(self.document.data, path), location))

    def value(self, path: FieldPath) -> object:
        node = self.document.data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node

    # -- sections ----------------------------------------------------------------------------
    def profile(self) -> Profile | None:
        if self.mapping((), PROFILE) is None:
            return None
        self.languages = self.language_list(("languages",))
        values: dict[str, object] = {}
        for spec in PROFILE.fields[1:]:  # in order: the profile's own sections before design
            values[spec.name] = self.read((spec.name,), spec, set(), values)
            if spec.name == "sections":
                self.custom_sections = tuple(section.id for section in values["sections"])
        if values["basics"] is None:
            return None
        if values["design"] is None:
            values["design"] = Design(None, None, None, None, None, None, None,
                                      self.date_formats(None))
        return Profile(languages=self.languages, **values)

    def section(self, path: FieldPath, spec: SectionSpec, seen_ids: set[str]) -> object | None:
        if self.mapping(path, spec) is None:
            return None
        values: dict[str, object] = {}
        for field_spec in spec.fields:  # in order: a custom section's kind before its entries
            values[field_spec.name] = self.read((*path, field_spec.name), field_spec, seen_ids,
                                                values)
        start, end = values.get("start"), values.get("end")
        if isinstance(start, YearMonth) and isinstance(end, YearMonth) and end < start:
            self.problem((*path, "end"), "the end comes before the start")
        if spec is TIMELINE_ENTRY and not (values["title"] or values["organization"]):
            self.problem(path, "a timeline entry needs a `title` or an `organization`")
        if spec is TIMELINE_ENTRY and values["date"] and (values["start"] or values["end"]):
            self.problem((*path, "date"), "give either a single `date` or a `start` and `end`, "
                         "not both", at_key=True)
        if spec is SOCIAL_PROFILE and not (values["username"] or values["url"]):
            self.problem(path, "a profile needs a `username` or a `url`")
        if spec is CUSTOM_SECTION and values["id"] in SECTION_NAMES:
            self.problem((*path, "id"), f'"{values["id"]}" is a built-in section; give your '
                         "own section another id, or fill in the built-in one")
        if spec in (PHOTO, DETAILS) and values["show"] is None:
            values["show"] = ("zh",) if "zh" in self.languages else ()
        if spec is DESIGN:
            values["date_format"] = self.date_formats(values["date_format"])
        if any(values[field.name] is None for field in spec.fields if field.required):
            return None  # already reported
        return spec.build(**values)

    def read(self, path: FieldPath, spec: FieldSpec, seen_ids: set[str],
             siblings: dict[str, object]) -> object:
        """The value of one field, checked as its kind says; `siblings`, the fields of its
        section read before it."""
        kind = spec.kind
        if kind == "text":
            return self.text(path)
        if kind == "texts":
            return self.texts(path)
        if kind == "string":
            return self.string(path)
        if kind in ("date", "end"):
            return self.date(path, allow_present=kind == "end")
        if kind == "list":
            assert spec.entry is not None
            return self.entries(path, spec.entry)
        if kind == "skills":
            return self.skills(path)
        if kind == "references":
            if self.value(path) == ON_REQUEST:
                return []
            if isinstance(self.value(path), str):
                self.problem(path, f"expected a list of references, or `{ON_REQUEST}` to say "
                             f"they are available on request; found {describe(self.value(path))}")
                return None
            return self.entries(path, REFERENCE) if self.value(path) is not None else None
        if kind == "custom-kind":
            if self.value(path) is None:
                return None
            chosen = self.choices(path, CUSTOM_KINDS, "kinds of entry", single=True)
            return chosen[0] if chosen else None
        if kind == "custom-entries":
            section_kind = siblings.get("kind")
            if section_kind is None:
                return []  # the missing or unknown kind is reported
            entry_spec = CUSTOM_ENTRIES[section_kind]  # type: ignore[index]
            return self.texts(path) if entry_spec is None else self.entries(path, entry_spec)
        if kind == "paper":
            if self.value(path) is None:
                return None
            chosen = self.choices(path, PAPERS, "papers", single=True)
            return chosen[0] if chosen else None
        if kind == "section":
            assert spec.entry is not None
            return self.section(path, spec.entry, set()) if self.value(path) is not None else None
        if kind == "id":
            return self.identifier(path, seen_ids)
        if kind in ("number", "integer"):
            return self.number(path, spec)
        if kind == "sections":
            return self.section_order(path)
        if kind == "date-format":
            return self.date_format(path)
        if kind == "shown-in":
            return self.shown_in(path)
        if kind == "photo-file":
            return self.photo_file(path)
        if kind == "labels":
            return self.labels(path)
        if kind == "tags":
            return self.tags(path)
        return self.patterned(path, PATTERNS[kind])

    def texts(self, path: FieldPath) -> list[Text]:
        return [text for item in self.items(path) if (text := self.entry_text(item))]

    def entries(self, path: FieldPath, spec: SectionSpec) -> list:
        ids: set[str] = set()
        return [entry for item in self.items(path)
                if (entry := self.section(item, spec, ids)) is not None]

    def skills(self, path: FieldPath) -> list[Text | Entry]:
        """Skills: each a text, or a group ({group, items, level}); both may be mixed."""
        ids: set[str] = set()
        skills: list[Text | Entry] = []
        for item in self.items(path):
            value = self.value(item)
            if isinstance(value, dict) and ("group" in value or "items" in value):
                group = self.section(item, SKILL_GROUP, ids)
                if group is not None:
                    skills.append(group)
            elif (text := self.entry_text(item)) is not None:
                skills.append(text)
        return skills

    # -- shapes ------------------------------------------------------------------------------
    def mapping(self, path: FieldPath, spec: SectionSpec) -> dict[str, object] | None:
        value = self.value(path)
        allowed = spec.names()
        if not isinstance(value, dict):
            self.problem(path, f"expected a block of fields ({', '.join(allowed)}), "
                         f"found {describe(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.problem((*path, key), f"unknown field `{key}`; {suggest(key, allowed)}",
                             at_key=True)
        for field_spec in spec.fields:
            if field_spec.required and value.get(field_spec.name) is None:
                what = field_spec.description.rstrip(".")
                self.problem(path, f"`{field_spec.name}` is required ({what[0].lower()}{what[1:]})")
        return value

    def items(self, path: FieldPath) -> list[FieldPath]:
        """The paths of the items of the list at `path` (absent or empty: none)."""
        value = self.value(path)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                path, f"expected a list (lines starting with `- `), found {describe(value)}"
            )
            return []
        if len(value) > MAX_ENTRIES:
            self.problem(path, f"{len(value)} entries; at most {MAX_ENTRIES} are allowed")
            return []
        return [(*path, index) for index in range(len(value))]

    def string(self, path: FieldPath, what: str = "a text") -> str | None:
        """A language-neutral value, written once."""
        value = self.value(path)
        if value is None:
            return None
        if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
            self.problem(path, f"this is the same in every language: write it once, not per "
                         f"language (found {', '.join(map(str, value))})")
            return None
        if not isinstance(value, str):
            self.problem(path, f"expected {what}, found {describe(value)}")
            return None
        return self.repaired(path, value.strip())

    def repaired(self, path: FieldPath, value: str) -> str:
        """`value` checked for length, and repaired where ftfy can; damage beyond repair is
        an error showing the damaged run."""
        if len(value) > MAX_TEXT_LENGTH:
            self.problem(path, f"{len(value):,} characters; a field holds at most "
                         f"{MAX_TEXT_LENGTH:,}")
            return value
        result = repair_text(value)
        if result.control is not None:
            self.problem(path, result.control)
        elif result.damaged_run is not None:
            self.problem(path, f'damaged characters that cannot be repaired: "{result.damaged_run}"'
                         " (bytes were lost, as when UTF-8 is read as Windows-1252); "
                         "retype this text or copy it again from the original")
        elif result.text != value:
            name = field_name(self.document.data, path)
            self.repairs.append(Repair(name, path, value, result.text))
            self.warnings.append(Problem(
                f'repaired "{value}" to "{result.text}" (run `resume check --fix` to write '
                "the repair into the file)", name, self.document.location(path)))
        return result.text

    def text(self, path: FieldPath) -> Text | None:
        value = self.value(path)
        name = field_name(self.document.data, path)
        if value is None:
            return None
        if isinstance(value, str):
            return Text(name, path, neutral=self.repaired(path, value.strip()))
        if not isinstance(value, dict):
            self.problem(path, "expected a text, or one text per language "
                         f"({{{', '.join(f'{code}: ...' for code in self.languages)}}}), "
                         f"found {describe(value)}")
            return None
        translations: dict[str, str] = {}
        tags = self.tags((*path, "tags")) if "tags" in value else ()
        if "text" in value:  # a language-neutral text that carries tags
            neutral = self.string((*path, "text"))
            extra = [key for key in value if key not in ("text", "tags")]
            if extra:
                self.problem((*path, extra[0]), "a text written once (`text:`) has no "
                             "per-language texts beside it", at_key=True)
            return Text(name, path, neutral=neutral or "", tags=tags)
        cut_at_commas = self.cut_at_commas(path, value)
        for language, translation in value.items():
            if language == "tags":
                continue
            if language in cut_at_commas:
                if message := cut_at_commas[language]:
                    self.problem((*path, language), message, at_key=True)
            elif language not in self.text_languages():
                self.problem((*path, language), self.not_a_language(language), at_key=True)
            elif translation is None:
                continue  # an empty translation is a missing one: reported per language
            elif not isinstance(translation, str):
                self.problem((*path, language), f"expected a text, found {describe(translation)}")
            elif translation.strip():
                translations[language] = self.repaired((*path, language), translation.strip())
        return Text(name, path, translations=translations, tags=tags)

    def cut_at_commas(self, path: FieldPath, value: dict) -> dict[str, str | None]:
        """The keys of `{zh: 北京, en: Beijing, China}` that are the rest of a text a comma
        ended (`China`, without a value), each with the message that explains it: on the first
        of a run; None on the others, which the same message covers."""
        if path not in self.document.flow_mappings:
            return {}
        runs: list[tuple[str, list[str]]] = []  # a language, its text and the keys cut from it
        language, words = "", []
        for key, item in value.items():
            if key in self.text_languages():
                language, words = key, [item] if isinstance(item, str) else []
            elif item is None and words:
                if len(words) == 1:
                    runs.append((language, words))
                words.append(key)
            else:
                words = []
        cuts: dict[str, str | None] = {}
        for language, (text, cut, *rest) in runs:
            whole = json.dumps(", ".join([text, cut, *rest]), ensure_ascii=False)
            cuts[cut] = (f"a comma inside `{{...}}` ends a text, so `{cut}` was read as a key: "
                         f"put the whole text in quotes ({language}: {whole})")
            cuts.update(dict.fromkeys(rest))
        return cuts

    def not_a_language(self, key: str) -> str:
        message = f"`{key}` is not one of this profile's languages ({', '.join(self.languages)})"
        variants = self.text_languages()[len(self.languages):]
        if variants and key.lower().startswith("zh"):
            return message + "".join(f"; {variant} is also accepted, as a variant of "
                                     f"{DERIVED_FROM[variant]}" for variant in variants)
        return message

    def tags(self, path: FieldPath) -> tuple[str, ...]:
        value = self.value(path)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, "expected a list of tags such as [mlops, k8s], "
                         f"found {describe(value)}")
            return ()
        tags: list[str] = []
        for index, tag in enumerate(value):
            if not isinstance(tag, str) or not PATTERNS["id"].regex.match(tag):
                self.problem((*path, index), f"{describe(tag)} is not a usable tag (lower-case "
                             "letters, digits and single `-` or `_` between them)")
            elif tag not in tags:
                tags.append(tag)
        return tuple(tags)

    def text_languages(self) -> tuple[str, ...]:
        """The languages a text may be given in: the profile's, and the variants of them
        (zh-TW where the profile is written in zh)."""
        variants = tuple(code for code, base in DERIVED_FROM.items()
                         if base in self.languages and code not in self.languages)
        return self.languages + variants

    def entry_text(self, path: FieldPath) -> Text | None:
        text = self.text(path)
        if text is None:
            self.problem(path, "an empty entry; remove the line or fill it in")
        return text

    def identifier(self, path: FieldPath, seen: set[str]) -> str | None:
        value = self.patterned(path, PATTERNS["id"])
        if value is not None:
            if value in seen:
                self.problem(path, f'the id "{value}" is used twice in this list; ids must differ')
            seen.add(value)
        return value

    def patterned(self, path: FieldPath, pattern: Pattern) -> str | None:
        value = self.string(path)
        if value is not None and not pattern.regex.match(value):
            self.problem(path, f'"{value}" is not {pattern.expected}')
            return None
        return value

    def date(self, path: FieldPath, *, allow_present: bool) -> YearMonth | None:
        value = self.string(path, "a date")
        if value is None:
            return None
        if allow_present and value.lower() == PRESENT:
            return None
        expected = allow_present and value.lower().startswith(EXPECTED + " ")
        if expected:
            value = value[len(EXPECTED) + 1:].strip()
        match = DATE.match(value)
        month = int(match.group(2)) if match and match.group(2) else 0
        if not match or (match.group(2) and not 1 <= month <= 12):
            shapes = "YYYY or YYYY-MM" + (", present, or expected YYYY-MM" if allow_present
                                          else "")
            self.problem(path, f'"{self.value(path)}" is not a date (expected {shapes})')
            return None
        return YearMonth(int(match.group(1)), month, expected)

    def number(self, path: FieldPath, spec: FieldSpec) -> float | int | None:
        value = self.string(path, "a number")
        if value is None:
            return None
        whole = spec.kind == "integer"
        try:
            number = int(value) if whole else float(value)
        except ValueError:
            number = None
        low, high = spec.minimum, spec.maximum
        if number is None or not low <= number <= high:
            what = "a whole number" if whole else "a number"
            self.problem(path, f'"{value}" is not {what} from {low:g} to {high:g}')
            return None
        return number

    def choices(self, path: FieldPath, allowed: tuple[str, ...], what: str, *,
                single: bool = False) -> tuple[str, ...]:
        """A list of distinct names from `allowed`; `single`: one name, not a list."""
        value = self.value(path)
        if single:
            if value in allowed:
                return (value,)  # type: ignore[return-value]
            self.problem(path, f"{describe(value)} is not one of the {what} "
                         f"({', '.join(allowed)})")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"expected a list of {what} ({', '.join(allowed)}), "
                         f"found {describe(value)}")
            return ()
        chosen: list[str] = []
        for index, name in enumerate(value):
            if not isinstance(name, str) or name not in allowed:
                self.problem((*path, index), f"{describe(name)} is not one of the {what} "
                             f"({', '.join(allowed)})")
            elif name in chosen:
                self.problem((*path, index), f'"{name}" is listed twice')
            else:
                chosen.append(name)
        return tuple(chosen)

    def section_order(self, path: FieldPath) -> SectionOrder | None:
        """The sections to show, in order: one list for every language, or one per language
        (a language without one shows the default order; a variant, its base's)."""
        value = self.value(path)
        if value is None:
            return None
        allowed = tuple(dict.fromkeys(SECTION_NAMES + self.custom_sections))
        if isinstance(value, dict):
            chosen: dict[str, tuple[str, ...]] = {}
            for language in value:
                if language not in self.text_languages():
                    self.problem((*path, language), f"`{language}` is not one of this "
                                 f"profile's languages ({', '.join(self.languages)})",
                                 at_key=True)
                else:
                    chosen[language] = self.choices((*path, language), allowed, "sections")
        else:
            chosen = dict.fromkeys(self.languages, self.choices(path, allowed, "sections"))
        return {
            language: chosen.get(language) or chosen.get(DERIVED_FROM.get(language, ""))
            or allowed
            for language in LANGUAGES
        }

    def shown_in(self, path: FieldPath) -> tuple[str, ...] | None:
        if self.value(path) is None:
            return None
        return self.choices(path, self.languages, "profile's languages")

    def date_format(self, path: FieldPath) -> dict[str, str] | None:
        value = self.value(path)
        if value is None:
            return None
        if isinstance(value, str):
            value = dict.fromkeys(self.languages, value)
            paths = dict.fromkeys(self.languages, path)
        elif isinstance(value, dict):
            paths = {language: (*path, language) for language in value}
        else:
            self.problem(path, f"expected a date style ({', '.join(DATE_FORMATS)}), or one per "
                         f"language, found {describe(value)}")
            return None
        formats: dict[str, str] = {}
        for language, style in value.items():
            if language not in self.languages:
                self.problem(paths[language], f"`{language}` is not one of this profile's "
                             f"languages ({', '.join(self.languages)})", at_key=True)
            elif style not in DATE_FORMATS:
                self.problem(paths[language], f"{describe(style)} is not a date style "
                             f"(expected one of {', '.join(DATE_FORMATS)})")
            else:
                formats[language] = style
        return formats

    def date_formats(self, chosen: dict[str, str] | None) -> dict[str, str]:
        """The date style of every language (variants included): the profile's choice, else
        that of the language a variant derives from, else the default."""
        chosen = chosen or {}
        return {
            language: chosen.get(language)
            or chosen.get(DERIVED_FROM.get(language, ""))
            or DEFAULT_DATE_FORMATS[language]
            for language in LANGUAGES
        }

    def photo_file(self, path: FieldPath) -> Path | None:
        """A JPEG or PNG inside the profile's folder (links resolved), of a sensible size."""
        name = self.string(path, "a file name")
        if name is None:
            return None
        folder = self.document.path.parent.resolve()
        file = (folder / name).resolve()
        suffix = file.suffix.lower()
        if not file.is_relative_to(folder):
            self.problem(path, f'"{name}" is outside the profile\'s folder; put the photo '
                         "beside profile.yaml")
        elif suffix not in PHOTO_TYPES:
            self.problem(path, f'"{name}" is not a JPEG or PNG file (.jpg, .jpeg, .png)')
        elif not file.is_file():
            self.problem(path, f'"{name}" does not exist in {folder}')
        elif file.stat().st_size > MAX_PHOTO_BYTES:
            self.problem(path, f'"{name}" is {file.stat().st_size:,} bytes; a photo may have '
                         f"at most {MAX_PHOTO_BYTES:,}")
        elif (problem := photo_problem(file, PHOTO_TYPES[suffix])) is not None:
            self.problem(path, f'"{name}" {problem}')
        else:
            return file
        return None

    def labels(self, path: FieldPath) -> dict[str, Text]:
        value = self.value(path)
        if value is None:
            return {}
        table = label_table()
        if not isinstance(value, dict):
            self.problem(path, f"expected a block of labels ({', '.join(table)}), "
                         f"found {describe(value)}")
            return {}
        labels: dict[str, Text] = {}
        for key in value:
            if key not in table:
                suggestion = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
                hint = (f"did you mean `{suggestion[0]}`?" if suggestion
                        else f"expected one of: {', '.join(table)}")
                self.problem((*path, key), f"unknown label `{key}`; {hint}", at_key=True)
            elif (text := self.text((*path, key))) is not None:
                labels[key] = text
        return labels

    def language_list(self, path: FieldPath) -> tuple[str, ...]:
        value = self.value(path)
        if value is None:
            return DEFAULT_LANGUAGES
        if not isinstance(value, list) or not value:
            self.problem(path, f"expected a list of languages such as [zh, en], "
                         f"found {describe(value)}")
            return DEFAULT_LANGUAGES
        languages: list[str] = []
        for index, code in enumerate(value):
            if isinstance(code, dict):
                self.problem((*path, index), "`languages` names the languages this profile is "
                             "written in ([zh, en]); the languages you speak (语言能力) go "
                             "under `language_skills`")
            elif not isinstance(code, str) or code not in LANGUAGES:
                self.problem((*path, index), f"{describe(code)} is not a supported language "
                             f"(supported: {', '.join(LANGUAGES)})")
            elif code in languages:
                self.problem((*path, index), f'"{code}" is listed twice')
            else:
                languages.append(code)
        return tuple(languages) or DEFAULT_LANGUAGES
