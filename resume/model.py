"""The profile model and its validation: the contract between loading and rendering.

A value is either language-neutral (a plain value, written once) or a `Text` with one entry
per language. Validation walks the loaded data once, collects every problem with its file,
line and field, and either returns a `Profile` or raises one `ResumeError` with all of them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .errors import Problem, ResumeError
from .load import FieldPath, SourceDocument


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

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$")
_GITHUB_USER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,24}$")


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


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int | None = None  # None: the year alone is known

    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.month or 0)


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
    about: Text | None
    title: Text | None
    location: Text | None
    note: Text | None
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


TOP_LEVEL_KEYS = ("languages", "basics", "experience", "skills", "projects")
BASICS_KEYS = (
    "name", "slug", "headline", "summary", "location", "email", "phone", "website", "github",
    "wechat",
)
POSITION_KEYS = (
    "id", "organization", "url", "about", "title", "location", "note", "start", "end",
    "summary", "highlights", "work",
)
WORK_KEYS = ("id", "summary", "highlights")
PROJECT_KEYS = ("id", "name", "url", "description")


def validate(document: SourceDocument) -> Profile:
    """The profile in `document`, or a `ResumeError` listing every problem in it."""
    checker = _Checker(document)
    profile = checker.profile()
    if checker.problems:
        raise ResumeError(sorted(checker.problems, key=_in_file_order))
    assert profile is not None
    return profile


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


class _Checker:
    """Walks the loaded data; every check appends to `problems` and returns a usable value."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = tuple(LANGUAGES)

    # -- reporting -----------------------------------------------------------------------
    def problem(self, path: FieldPath, message: str, *, at_key: bool = False) -> None:
        location = (
            self.document.key_location(path) if at_key else self.document.location(path)
        )
        self.problems.append(Problem(message, field_name(self.document.data, path), location))

    def value(self, path: FieldPath) -> object:
        node = self.document.data
        for part in path:
            node = node[part]  # type: ignore[index]
        return node

    # -- shapes --------------------------------------------------------------------------
    def mapping(
        self, path: FieldPath, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, object] | None:
        value = self.value(path)
        if not isinstance(value, dict):
            self.problem(path, f"expected a block of fields ({', '.join(required or allowed)})"
                         f", found {describe(value)}")
            return None
        for key in value:
            if key not in allowed:
                suggestion = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (
                    f"did you mean `{suggestion[0]}`?"
                    if suggestion
                    else f"expected one of: {', '.join(allowed)}"
                )
                self.problem((*path, key), f"unknown field `{key}`; {hint}", at_key=True)
        for key in required:
            if value.get(key) is None:
                self.problem(path, f"`{key}` is required")
        return value

    def items(self, path: FieldPath) -> list[FieldPath]:
        """The paths of the items of the list at `path` (absent or empty: none)."""
        value = self.optional(path)
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

    def optional(self, path: FieldPath) -> object:
        parent, key = self.value(path[:-1]), path[-1]
        if isinstance(parent, dict):
            return parent.get(key)
        if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            return parent[key]
        return None

    def string(self, path: FieldPath, what: str = "a text") -> str | None:
        value = self.optional(path)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, f"expected {what}, found {describe(value)}")
            return None
        return self.checked_length(path, value.strip())

    def checked_length(self, path: FieldPath, value: str) -> str:
        if len(value) > MAX_TEXT_LENGTH:
            self.problem(path, f"{len(value):,} characters; a field holds at most "
                         f"{MAX_TEXT_LENGTH:,}")
        return value

    def text(self, path: FieldPath) -> Text | None:
        value = self.optional(path)
        name = field_name(self.document.data, path)
        if value is None:
            return None
        if isinstance(value, str):
            return Text(name, path, neutral=self.checked_length(path, value.strip()))
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
                translations[language] = self.checked_length((*path, language), translation.strip())
        return Text(name, path, translations=translations)

    def required_text(self, path: FieldPath) -> Text:
        text = self.text(path)
        if text is None:
            return Text(field_name(self.document.data, path), path, neutral="")
        return text

    def identifier(self, path: FieldPath, seen: set[str]) -> str:
        value = self.string(path, "an id")
        if value is None:  # reported as a required field already
            return f"#{path[-2]}"
        if not _ID.match(value):
            self.problem(path, f'"{value}" is not a usable id (lower-case letters, digits and '
                         "single `-` or `_` between them)")
        elif value in seen:
            self.problem(path, f'the id "{value}" is used twice in this list; ids must differ')
        seen.add(value)
        return value

    def patterned(self, path: FieldPath, pattern: re.Pattern[str], expected: str) -> str | None:
        value = self.string(path)
        if value is not None and not pattern.match(value):
            self.problem(path, f'"{value}" is not {expected}')
        return value

    def date(self, path: FieldPath, *, allow_present: bool) -> YearMonth | None:
        value = self.string(path, "a date")
        if value is None:
            return None
        if allow_present and value.lower() == PRESENT:
            return None
        match = _YEAR_MONTH.match(value)
        month = int(match.group(2)) if match and match.group(2) else None
        if not match or (month is not None and not 1 <= month <= 12):
            expected = "YYYY or YYYY-MM" + (", or present" if allow_present else "")
            self.problem(path, f'"{value}" is not a date (expected {expected})')
            return None
        return YearMonth(int(match.group(1)), month)

    # -- sections ------------------------------------------------------------------------
    def profile(self) -> Profile | None:
        root = self.mapping((), TOP_LEVEL_KEYS, required=("basics",))
        if root is None:
            return None
        self.languages = self.language_list()
        basics = self.basics() if isinstance(root.get("basics"), dict) else None
        if basics is None and root.get("basics") is not None:
            self.mapping(("basics",), BASICS_KEYS)
        experience = self.experience()
        skills = [
            text
            for path in self.items(("skills",))
            if (text := self.required_entry_text(path)) is not None
        ]
        projects = self.projects()
        if basics is None:
            return None
        return Profile(self.languages, basics, experience, skills, projects)

    def required_entry_text(self, path: FieldPath) -> Text | None:
        text = self.text(path)
        if text is None:
            self.problem(path, "an empty entry; remove the line or fill it in")
        return text

    def language_list(self) -> tuple[str, ...]:
        value = self.optional(("languages",))
        if value is None:
            return tuple(LANGUAGES)
        if not isinstance(value, list) or not value:
            self.problem(("languages",), f"expected a list of languages such as [zh, en], "
                         f"found {describe(value)}")
            return tuple(LANGUAGES)
        languages: list[str] = []
        for index, code in enumerate(value):
            if not isinstance(code, str) or code not in LANGUAGES:
                self.problem(("languages", index), f'"{code}" is not a supported language '
                             f"(supported: {', '.join(LANGUAGES)})")
            elif code in languages:
                self.problem(("languages", index), f'"{code}" is listed twice')
            else:
                languages.append(code)
        return tuple(languages) or tuple(LANGUAGES)

    def basics(self) -> Basics | None:
        path: FieldPath = ("basics",)
        if self.mapping(path, BASICS_KEYS, required=("name",)) is None:
            return None
        return Basics(
            name=self.required_text((*path, "name")),
            slug=self.patterned((*path, "slug"), _ID, "a usable file name (lower-case letters, "
                                "digits and `-`)"),
            headline=self.text((*path, "headline")),
            summary=self.text((*path, "summary")),
            location=self.text((*path, "location")),
            email=self.patterned((*path, "email"), _EMAIL, "an e-mail address"),
            phone=self.patterned((*path, "phone"), _PHONE, "a phone number"),
            website=self.patterned((*path, "website"), _URL, "a web address (https://...)"),
            github=self.patterned((*path, "github"), _GITHUB_USER, "a GitHub user name"),
            wechat=self.string((*path, "wechat")),
        )

    def experience(self) -> list[Position]:
        positions: list[Position] = []
        seen: set[str] = set()
        for path in self.items(("experience",)):
            if self.mapping(path, POSITION_KEYS, required=("id", "organization", "start")) is None:
                continue
            start = self.date((*path, "start"), allow_present=False)
            end = self.date((*path, "end"), allow_present=True)
            if start and end and end.sort_key() < start.sort_key():
                self.problem((*path, "end"), "the end comes before the start")
            positions.append(Position(
                id=self.identifier((*path, "id"), seen),
                organization=self.required_text((*path, "organization")),
                url=self.patterned((*path, "url"), _URL, "a web address (https://...)"),
                about=self.text((*path, "about")),
                title=self.text((*path, "title")),
                location=self.text((*path, "location")),
                note=self.text((*path, "note")),
                start=start or YearMonth(0),
                end=end,
                summary=self.text((*path, "summary")),
                highlights=self.highlights((*path, "highlights")),
                work=self.work_items((*path, "work")),
            ))
        return positions

    def work_items(self, path: FieldPath) -> list[WorkItem]:
        work: list[WorkItem] = []
        seen: set[str] = set()
        for item_path in self.items(path):
            if self.mapping(item_path, WORK_KEYS, required=("id",)) is None:
                continue
            work.append(WorkItem(
                id=self.identifier((*item_path, "id"), seen),
                summary=self.text((*item_path, "summary")),
                highlights=self.highlights((*item_path, "highlights")),
            ))
        return work

    def highlights(self, path: FieldPath) -> list[Text]:
        return [
            text for item in self.items(path) if (text := self.required_entry_text(item))
        ]

    def projects(self) -> list[Project]:
        projects: list[Project] = []
        seen: set[str] = set()
        for path in self.items(("projects",)):
            if self.mapping(path, PROJECT_KEYS, required=("id", "name")) is None:
                continue
            projects.append(Project(
                id=self.identifier((*path, "id"), seen),
                name=self.required_text((*path, "name")),
                url=self.patterned((*path, "url"), _URL, "a web address (https://...)"),
                description=self.text((*path, "description")),
            ))
        return projects


def describe(value: object) -> str:
    """A loaded value, named as the user wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"'
