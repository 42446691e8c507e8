"""The profile model: the contract between validation and rendering.

The format is declared once, as field specifications (one `SectionSpec` per section, down to
`PROFILE`); validation (`validate.py`) and the JSON Schema for editors (`schema.py`) are both
read off them, so they cannot disagree. A value is either language-neutral (a plain value,
written once) or a `Text` with one entry per language. A section declared only here (no
class of its own) builds `Entry` objects, which the view reads by field name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Problem
from .load import FieldPath


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
# The kinds of field whose value is one name of a list: the names, and what messages call them.
CHOICE_KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "custom-kind": (CUSTOM_KINDS, "kinds of entry"),
    "paper": (PAPERS, "papers"),
}
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
    # 0: the month alone is known. Kept so that exports give back the day a profile or an
    # import wrote; résumés print months, so the date styles leave it out.
    day: int = 0


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
    address: Text | None
    postal_code: str | None
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
    entity: Text | None
    type: Text | None
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
        """The entries of a built-in section, by the name design.sections uses (a section
        of the profile's own has an id no built-in one has)."""
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

    @property
    def schema(self) -> str:
        """The same rule for JSON Schema: these patterns use only syntax that Python and
        ECMA 262 read alike, so the validator and the editor cannot disagree."""
        return self.regex.pattern


PATTERNS = {
    "id": Pattern(
        re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"),
        "a usable id (lower-case letters, digits and single `-` or `_` between them)",
    ),
    "slug": Pattern(
        re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"),
        "a usable file name (lower-case letters, digits and single `-` or `_` between them)",
    ),
    "email": Pattern(
        re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"),
        "an e-mail address",
    ),
    "url": Pattern(
        re.compile(r"^https?://[^\s/?#\"'<>\\]+\.[^\s/?#\"'<>\\]+(?:[/?#][^\s\"'<>\\]*)?$"),
        "a web address (https://...)",
    ),
    "github": Pattern(
        re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"),
        "a GitHub user name",
    ),
    "phone": Pattern(
        re.compile(r"^\+?[0-9(][0-9 ()./-]{4,24}$"),
        "a phone number (digits, spaces, + ( ) . / -)",
    ),
    # Nothing but a colour can get into the style sheet: no url(), no `;`.
    "colour": Pattern(
        re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
        "a colour as #rrggbb (for example #1f4e79)",
    ),
    "doi": Pattern(
        re.compile(r"^10\.\d{4,9}/[^\s\"'<>\\]+$"),
        "a DOI (10.NNNN/..., without https://doi.org/)",
    ),
    "linkedin": Pattern(
        re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$"),
        "a LinkedIn profile name (the part after linkedin.com/in/)",
    ),
    "twitter": Pattern(
        re.compile(r"^[A-Za-z0-9_]{1,15}$"),
        "an X (Twitter) handle, without @",
    ),
    "scholar": Pattern(
        re.compile(r"^[A-Za-z0-9_-]{12}$"),
        "a Google Scholar user id (the 12 characters after citations?user=)",
    ),
    "orcid": Pattern(
        re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"),
        "an ORCID iD (0000-0002-1825-0097)",
    ),
    "stackoverflow": Pattern(
        re.compile(r"^\d{1,12}(?:/[a-z0-9-]{1,60})?$"),
        "a Stack Overflow user number, optionally with its name (22656/jon-skeet)",
    ),
    "zhihu": Pattern(
        re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"),
        "a 知乎 (Zhihu) profile id (the part after zhihu.com/people/)",
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
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE_SCHEMA = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
DATE_SCHEMA = "^" + _DATE_SCHEMA
# An end still to come: `expected 2026-06`.
EXPECTED = "expected"
EXPECTED_SCHEMA = "^expected " + _DATE_SCHEMA


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
    FieldSpec("start", "date", "When it started: YYYY, YYYY-MM or YYYY-MM-DD.", True),
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
    FieldSpec("entity", "text", "Who it was for (\"Smithsonian Institution\", \"某银行\")."),
    FieldSpec("type", "text", "What kind of project (\"application\", \"volunteering\")."),
    FieldSpec("start", "date", "When you started: YYYY, YYYY-MM or YYYY-MM-DD."),
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
    FieldSpec("start", "date", "When you started: YYYY, YYYY-MM or YYYY-MM-DD."),
    FieldSpec("end", "end", "When you finished: YYYY, YYYY-MM or YYYY-MM-DD, or expected "
              "YYYY-MM for a graduation still to come."),
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
    FieldSpec("date", "date", "When: YYYY, YYYY-MM or YYYY-MM-DD."),
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
    FieldSpec("date", "date", "When: YYYY, YYYY-MM or YYYY-MM-DD."),
    FieldSpec("url", "url", "Where it is described."),
    FieldSpec("summary", "text", "What it was for, in a sentence."),
    FieldSpec("tags", "tags", "Tags that targets select by."),
), Entry.maker("award"), "An award, prize, scholarship or honour.")

CERTIFICATE = SectionSpec("certificate", (
    FieldSpec("id", "id", "A stable name for this certificate, used in messages.", True),
    FieldSpec("name", "text", "The certificate (CET-6, CKA...).", True),
    FieldSpec("issuer", "text", "Who issued it."),
    FieldSpec("date", "date", "When: YYYY, YYYY-MM or YYYY-MM-DD."),
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
    FieldSpec("date", "date", "When, for a single date: YYYY, YYYY-MM or YYYY-MM-DD."),
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
    FieldSpec("location", "text", "Where you live or work: city, region, country."),
    FieldSpec("address", "text", "Your street address (left out of --redact builds)."),
    FieldSpec("postal_code", "string", "Your postal code (left out of --redact builds)."),
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
