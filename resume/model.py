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
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import Problem, ResumeError
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
}

PRESENT = "present"
MAX_TEXT_LENGTH = 2_000
MAX_ENTRIES = 200


# -- the model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """A piece of text: the same in every language (`neutral`), or one per language."""

    field: str  # the field's name in messages: `experience[tensorchord].highlights[2]`
    path: FieldPath
    neutral: str | None = None
    translations: dict[str, str] = field(default_factory=dict)

    def in_language(self, language: str) -> str | None:
        """The text for `language`, or None when the profile lacks that translation."""
        if self.neutral is not None:
            return self.neutral
        return self.translations.get(language)


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int = 0  # 0: the year alone is known


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


@dataclass(frozen=True)
class WorkItem:
    """One piece of work inside a position: a summary and its highlights."""

    id: str
    summary: Text | None
    highlights: list[Text]


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


@dataclass(frozen=True)
class Project:
    id: str
    name: Text
    url: str | None
    description: Text | None


@dataclass(frozen=True)
class Profile:
    languages: tuple[str, ...]
    basics: Basics
    experience: list[Position]
    skills: list[Text]
    projects: list[Project]


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
        re.compile(r"^\+?[0-9][0-9 ()./-]{4,24}$"),
        "a phone number (digits, spaces, + ( ) . / -)",
        r"^\+?[0-9][0-9 ()./-]{4,24}$",
    ),
}
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
DATE_SCHEMA = r"^\d{4}(-(0[1-9]|1[0-2]))?$"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the format. `kind` is one of: text (neutral or per language), string,
    date, end (a date or `present`), texts (a list of texts), languages, a pattern name
    from PATTERNS, or `list` of the entries in `entry`."""

    name: str
    kind: str
    description: str
    required: bool = False
    entry: SectionSpec | None = None


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
    FieldSpec("end", "end", "When it ended: YYYY, YYYY-MM, or present (also when left out)."),
    FieldSpec("summary", "text", "The position in a sentence or two."),
    FieldSpec("highlights", "texts", "Results and contributions, one per bullet."),
    FieldSpec("work", "list", "Several pieces of work in this position.", entry=WORK_ITEM),
), Position, "A job, with its work and highlights.")

PROJECT = SectionSpec("project", (
    FieldSpec("id", "id", "A stable name for this project, used in messages.", True),
    FieldSpec("name", "text", "The project's name.", True),
    FieldSpec("url", "url", "Where the project lives."),
    FieldSpec("description", "text", "What the project is, in a sentence."),
), Project, "An open-source or personal project.")

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
), Basics, "Who you are and how to reach you.")

PROFILE = SectionSpec("profile", (
    FieldSpec("languages", "languages", "The profile's languages; the first is the primary."),
    FieldSpec("basics", "section", "Who you are and how to reach you.", True, entry=BASICS),
    FieldSpec("experience", "list", "Positions, most recent first.", entry=POSITION),
    FieldSpec("skills", "texts", "Skills, each a text."),
    FieldSpec("projects", "list", "Projects, most important first.", entry=PROJECT),
), Profile, "A résumé profile in one or more languages.")


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
        self.languages: tuple[str, ...] = tuple(LANGUAGES)

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
        values = {
            spec.name: self.read((spec.name,), spec, set())
            for spec in PROFILE.fields
            if spec.name != "languages"
        }
        if values["basics"] is None:
            return None
        return Profile(languages=self.languages, **values)

    def section(self, path: FieldPath, spec: SectionSpec, seen_ids: set[str]) -> object | None:
        if self.mapping(path, spec) is None:
            return None
        values = {field.name: self.read((*path, field.name), field, seen_ids)
                  for field in spec.fields}
        if spec is POSITION:
            start, end = values["start"], values["end"]
            if start and end and end < start:
                self.problem((*path, "end"), "the end comes before the start")
        if any(values[field.name] is None for field in spec.fields if field.required):
            return None  # already reported
        return spec.build(**values)

    def read(self, path: FieldPath, spec: FieldSpec, seen_ids: set[str]) -> object:
        """The value of one field, checked as its kind says."""
        kind = spec.kind
        if kind == "text":
            return self.text(path)
        if kind == "texts":
            return [text for item in self.items(path) if (text := self.entry_text(item))]
        if kind == "string":
            return self.string(path)
        if kind in ("date", "end"):
            return self.date(path, allow_present=kind == "end")
        if kind == "list":
            assert spec.entry is not None
            ids: set[str] = set()
            return [entry for item in self.items(path)
                    if (entry := self.section(item, spec.entry, ids)) is not None]
        if kind == "section":
            assert spec.entry is not None
            return self.section(path, spec.entry, set()) if self.value(path) is not None else None
        if kind == "id":
            return self.identifier(path, seen_ids)
        return self.patterned(path, PATTERNS[kind])

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
                suggestion = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (f"did you mean `{suggestion[0]}`?" if suggestion
                        else f"expected one of: {', '.join(allowed)}")
                self.problem((*path, key), f"unknown field `{key}`; {hint}", at_key=True)
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
        if result.damaged_run is not None:
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
        for language, translation in value.items():
            if language not in self.languages:
                known = ", ".join(self.languages)
                self.problem((*path, language), f"`{language}` is not one of this profile's "
                             f"languages ({known})", at_key=True)
            elif translation is None:
                continue  # an empty translation is a missing one: reported per language
            elif not isinstance(translation, str):
                self.problem((*path, language), f"expected a text, found {describe(translation)}")
            elif translation.strip():
                translations[language] = self.repaired((*path, language), translation.strip())
        return Text(name, path, translations=translations)

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
        match = DATE.match(value)
        month = int(match.group(2)) if match and match.group(2) else 0
        if not match or (match.group(2) and not 1 <= month <= 12):
            expected = "YYYY or YYYY-MM" + (", or present" if allow_present else "")
            self.problem(path, f'"{value}" is not a date (expected {expected})')
            return None
        return YearMonth(int(match.group(1)), month)

    def language_list(self, path: FieldPath) -> tuple[str, ...]:
        value = self.value(path)
        if value is None:
            return tuple(LANGUAGES)
        if not isinstance(value, list) or not value:
            self.problem(path, f"expected a list of languages such as [zh, en], "
                         f"found {describe(value)}")
            return tuple(LANGUAGES)
        languages: list[str] = []
        for index, code in enumerate(value):
            if not isinstance(code, str) or code not in LANGUAGES:
                self.problem((*path, index), f"{describe(code)} is not a supported language "
                             f"(supported: {', '.join(LANGUAGES)})")
            elif code in languages:
                self.problem((*path, index), f'"{code}" is listed twice')
            else:
                languages.append(code)
        return tuple(languages) or tuple(LANGUAGES)
