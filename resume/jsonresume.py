"""JSON Resume (jsonresume.org, schema 1.0.0) in and out.

Import reads a JSON Resume document into a profile written in one language. The document's
shape is checked first, each problem named by its JSON path and line:column
(`resume.json:14:21: work[2].highlights: ...`); nothing is written unless every value has
the shape JSON Resume gives it and a place in the profile. Every field is kept where the
profile has a place for it, and every field it has none for is named in a warning, one a
field. The profile is then checked as `resume check` checks it, and one that fails is a bug
in this module, never written.

Export writes one language of a profile, read off its view, as a JSON Resume document, and
names what JSON Resume has no place for, one warning a field.
"""

from __future__ import annotations

import difflib
import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from json.decoder import scanstring
from pathlib import Path

import yaml

from . import fonts
from .errors import Location, Problem, ResumeError, display_path, in_file_order
from .fonts import DrawnText
from .load import MAX_FILE_BYTES, MAX_NODES, dotted_path, parse_yaml
from .model import (
    AWARD,
    CERTIFICATE,
    EDUCATION,
    INTEREST,
    LANGUAGE_SKILL,
    MAX_ENTRIES,
    MAX_TEXT_LENGTH,
    ON_REQUEST,
    PATTERNS,
    POSITION,
    PROJECT,
    PUBLICATION,
    SECTION_NAMES,
    SOCIAL_NETWORKS,
    VOLUNTEER,
    SectionSpec,
    YearMonth,
)
from .repair import repair_text
from .text import HAN, MONTH_ABBREVIATIONS, Rich, searchable, slugify
from .validate import days_in_month, validate
from .view import (
    EntryView,
    Paragraph,
    PublicationView,
    ResumeView,
    Row,
    iso_date,
    join_rich,
    localize,
)

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"

JsonPath = tuple[str | int, ...]

# -- the format --------------------------------------------------------------------------------
# The fields of JSON Resume 1.0.0, by the object they belong to.
FIELDS: dict[str, tuple[str, ...]] = {
    "document": ("$schema", "basics", "work", "volunteer", "education", "awards",
                 "certificates", "publications", "skills", "languages", "interests",
                 "references", "projects", "meta"),
    "basics": ("name", "label", "image", "email", "phone", "url", "summary", "location",
               "profiles"),
    "location": ("address", "postalCode", "city", "countryCode", "region"),
    "profiles": ("network", "username", "url"),
    "work": ("name", "location", "description", "position", "url", "startDate", "endDate",
             "summary", "highlights"),
    "volunteer": ("organization", "position", "url", "startDate", "endDate", "summary",
                  "highlights"),
    "education": ("institution", "url", "area", "studyType", "startDate", "endDate", "score",
                  "courses"),
    "awards": ("title", "date", "awarder", "summary"),
    "certificates": ("name", "date", "url", "issuer"),
    "publications": ("name", "publisher", "releaseDate", "url", "summary"),
    "skills": ("name", "level", "keywords"),
    "languages": ("language", "fluency"),
    "interests": ("name", "keywords"),
    "references": ("name", "reference"),
    "projects": ("name", "description", "highlights", "keywords", "startDate", "endDate", "url",
                 "roles", "entity", "type"),
}
# Names of JSON Resume 0.0.0, and what 1.0.0 calls them: suggested, never guessed.
OLD_NAMES = {"company": "name", "website": "url", "gpa": "score", "picture": "image",
             "awardDate": "date"}
# What the profile has no place for, and why.
NOT_HELD: dict[tuple[str, str], str] = {
    ("document", "meta"): "the document's own metadata (canonical address, version, date) "
                          "is not part of the résumé",
    ("basics", "image"): "the profile's photo is a JPEG or PNG file beside it (basics.photo); "
                         "save the image there and name it",
}


@dataclass(frozen=True)
class SectionMap:
    """A JSON Resume section and the profile's section that holds it: JSON Resume's name of
    each field, and the profile's. Import reads it one way, export the other; the kinds and
    the required fields are the profile model's own (`spec`)."""

    json: str
    profile: str
    fields: dict[str, str]
    spec: SectionSpec

    def kind(self, profile_field: str) -> str:
        return next(spec.kind for spec in self.spec.fields if spec.name == profile_field)


SECTIONS = (
    SectionMap("work", "experience", {
        "name": "organization", "position": "title", "description": "about",
        "location": "location", "url": "url", "startDate": "start", "endDate": "end",
        "summary": "summary", "highlights": "highlights"}, POSITION),
    SectionMap("volunteer", "volunteer", {
        "organization": "organization", "position": "title", "url": "url",
        "startDate": "start", "endDate": "end", "summary": "summary",
        "highlights": "highlights"}, VOLUNTEER),
    SectionMap("education", "education", {
        "institution": "institution", "url": "url", "area": "area", "studyType": "degree",
        "startDate": "start", "endDate": "end", "score": "score", "courses": "courses"},
        EDUCATION),
    SectionMap("projects", "projects", {
        "name": "name", "description": "description", "roles": "role", "entity": "entity",
        "type": "type", "startDate": "start", "endDate": "end", "url": "url",
        "highlights": "highlights", "keywords": "keywords"}, PROJECT),
    SectionMap("publications", "publications", {
        "name": "title", "publisher": "venue", "releaseDate": "date", "url": "url",
        "summary": "summary"}, PUBLICATION),
    SectionMap("awards", "awards", {
        "title": "title", "awarder": "issuer", "date": "date", "summary": "summary"}, AWARD),
    SectionMap("certificates", "certificates", {
        "name": "name", "issuer": "issuer", "date": "date", "url": "url"}, CERTIFICATE),
    SectionMap("languages", "language_skills", {
        "language": "language", "fluency": "fluency"}, LANGUAGE_SKILL),
    SectionMap("interests", "interests", {"name": "name", "keywords": "keywords"}, INTEREST),
)
# Names of organizations and projects, and technical terms: written once, the same in every
# language; every other text is written in the document's language, ready for a translation.
NEUTRAL = {("experience", "organization"), ("volunteer", "organization"), ("projects", "name"),
           ("projects", "keywords")}
# Networks that basics has a field for, by the names documents give them (lower case,
# without spaces).
NETWORK_FIELDS = {
    "github": "github", "linkedin": "linkedin", "twitter": "twitter", "x": "twitter",
    "googlescholar": "scholar", "scholar": "scholar", "orcid": "orcid",
    "stackoverflow": "stackoverflow", "zhihu": "zhihu", "知乎": "zhihu", "wechat": "wechat",
    "weixin": "wechat", "微信": "wechat", "blog": "blog",
}
NETWORK_NAMES = {"github": "GitHub", "linkedin": "LinkedIn", "twitter": "Twitter",
                 "scholar": "Google Scholar", "orcid": "ORCID", "stackoverflow": "Stack Overflow",
                 "zhihu": "Zhihu", "wechat": "WeChat", "blog": "Blog"}
# A network's page for a user name, as documents write it (scheme, www and a final slash
# optional); x.com was twitter.com.
NETWORK_PAGES = {
    network: re.compile(
        r"^(?:https?://)?(?:www\.)?"
        + re.escape(template.split("://", 1)[1].removeprefix("www.")).replace(
            r"\{\}", "(?P<user>[^?#]+?)")
        + "/?$", re.IGNORECASE)
    for network, template in {"github": "https://github.com/{}",
                              **{name: net.url for name, net in SOCIAL_NETWORKS.items()}}.items()
}
NETWORK_PAGES["twitter"] = re.compile(r"^(?:https?://)?(?:www\.)?(?:x|twitter)\.com/"
                                      r"(?P<user>[^/?#]+)/?$", re.IGNORECASE)
# JSON Resume's dates (its schema's pattern: years from 1000 to 2999).
ISO_DATE = re.compile(r"^([12]\d{3})(?:-(\d{2})(?:-(\d{2}))?)?$")
WRITTEN_DATE = re.compile(r"^(?P<month>[A-Za-z]{3})[a-z]*\.?,? +(?P<year>\d{4})$")
STILL_GOING = ("present", "now", "current", "ongoing", "至今", "现在")
ROLE_SEPARATORS = {"zh": "、", "zh-TW": "、"}
ROLES_SPLIT = re.compile(r"、|，|, ")
LONGEST_ID = 40
MAX_DEPTH = 64  # JSON Resume nests four deep; positions are kept to this depth
_HAN = re.compile(f"[{HAN}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"[ \t\n\r]*")
_ABSENT = object()


class ImportDefect(Exception):
    """The profile an import made fails its own checks: a bug in this module."""


# -- reading JSON, with the position of every value ---------------------------------------------
@dataclass
class JsonDocument:
    path: Path
    data: object
    value_offsets: dict[JsonPath, int]
    key_offsets: dict[JsonPath, int]
    line_starts: list[int]

    def location(self, path: JsonPath, *, at_key: bool = False) -> Location:
        """Where the value at `path` starts (or its key), or its nearest ancestor."""
        offset = self.key_offsets.get(path) if at_key else None
        while offset is None:
            offset = self.value_offsets.get(path, 0 if not path else None)
            path = path[:-1]
        line = bisect_right(self.line_starts, offset) - 1
        return Location(self.path, line + 1, offset - self.line_starts[line] + 1)


def read_json_document(source: Path) -> JsonDocument:
    """The JSON document at `source`, with positions; a `ResumeError` when it is not one."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ResumeError(f"{display_path(source)}: cannot be read "
                          f"({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ResumeError(Problem(f"the file is {len(raw):,} bytes; a document to import may "
                                  f"have at most {MAX_FILE_BYTES:,}",
                                  location=Location(source, 1, 1)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ResumeError(Problem("the file is not UTF-8 text; save it as UTF-8",
                                  location=Location(source, line, 1))) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResumeError(Problem(f"not valid JSON: {error.msg}",
                                  location=Location(source, error.lineno, error.colno))) from None
    except RecursionError:  # [[[[...]]]]
        raise ResumeError(Problem("the document is nested too deeply to be a résumé",
                                  location=Location(source, 1, 1))) from None
    except ValueError:  # the only other: a number of more digits than Python converts
        raise ResumeError(Problem("a number of thousands of digits, which cannot be read (the "
                                  "values of JSON Resume are texts, in quotes)",
                                  location=Location(source, 1, 1))) from None
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    document = JsonDocument(source, data, {}, {}, line_starts)
    _PositionReader(text, document).read()
    return document


class _PositionReader:
    """Walks the text of a document `json.loads` has read, noting where each value and each
    key starts, and which keys an object gives twice (JSON keeps the last silently)."""

    def __init__(self, text: str, document: JsonDocument):
        self.text = text
        self.document = document
        self.decoder = json.JSONDecoder()
        self.problems: list[Problem] = []

    def read(self) -> None:
        try:
            self.value(0, (), 0)
        except RecursionError:
            raise ResumeError(Problem("the document is nested too deeply to be a résumé",
                                      location=Location(self.document.path, 1, 1))) from None
        if self.problems:
            raise ResumeError(self.problems)

    def skip(self, index: int) -> int:
        return _SPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def value(self, index: int, path: JsonPath, depth: int) -> int:
        """Note the value at `index` and everything in it; return where it ends."""
        index = self.skip(index)
        self.document.value_offsets[path] = index
        opening = self.text[index]
        if opening not in "{[" or depth >= MAX_DEPTH:
            return self.decoder.raw_decode(self.text, index)[1]
        closing = "}" if opening == "{" else "]"
        index = self.skip(index + 1)
        if self.text[index] == closing:
            return index + 1
        seen: set[str] = set()
        position = 0
        while True:
            if opening == "{":
                index = self.skip(index)
                key, after = scanstring(self.text, index + 1)
                child: JsonPath = (*path, key)
                self.document.key_offsets[child] = index
                if key in seen:
                    self.problems.append(Problem(
                        f'"{key}" is given twice in the same object; keep one',
                        dotted_path(child), self.document.location(child, at_key=True)))
                seen.add(key)
                index = self.skip(after) + 1  # past the colon
            else:
                child = (*path, position)
                position += 1
            index = self.skip(self.value(index, child, depth + 1))
            if self.text[index] == closing:
                return index + 1
            index += 1  # past the comma


def check_unicode(document: JsonDocument) -> None:
    """A `ResumeError` for every text or key holding half of a surrogate pair (`"\\ud800"`),
    which JSON allows and no text file can hold."""
    problems = []
    for path, value, is_key in _strings(document.data):
        if _SURROGATE.search(value):
            what = "this key" if is_key else "this text"
            problems.append(Problem(
                f"{what} holds half of a UTF-16 surrogate pair (an escape such as \\ud800 "
                "without its other half), which is not a character; remove the escape",
                dotted_path(path), document.location(path, at_key=is_key)))
    if problems:
        raise ResumeError(problems)


def detect_language(data: object) -> str:
    """zh when any text of the document has hanzi, else en."""
    return "zh" if any(_HAN.search(value) for _, value, is_key in _strings(data)
                       if not is_key) else "en"


def _strings(data: object):
    """Every string of `data`, keys included, with its path and whether it is a key."""
    stack: list[tuple[JsonPath, object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            yield path, node, False
        elif isinstance(node, dict):
            for key, value in node.items():
                yield (*path, key), key, True
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))


# -- import ------------------------------------------------------------------------------------
@dataclass
class Imported:
    text: str  # the profile, as YAML
    language: str
    detected: bool  # the language was read off the document, not given
    warnings: list[Problem]


def import_jsonresume(source: Path, destination: Path, language: str | None = None) -> Imported:
    """The profile for the JSON Resume document at `source`, to be written to `destination`
    (whose name its messages use), in `language` (default: zh when any text has hanzi, else
    en), with a warning for every field it could not hold. Raises `ResumeError` for a
    document it cannot import, and `ImportDefect` when the profile fails its own checks."""
    document = read_json_document(source)
    if len(document.value_offsets) > MAX_NODES:  # whatever it holds, more than a profile can
        raise ResumeError(too_large(source, f"{len(document.value_offsets):,} values",
                                    MAX_NODES))
    check_unicode(document)
    chosen = language or detect_language(document.data)
    importer = _Importer(document, chosen)
    profile = importer.profile()
    header = ("# yaml-language-server: $schema=schema/profile.schema.json\n"
              f"# Imported from {source.name} (JSON Resume). To make it bilingual, add a\n"
              f"# language to `languages` and a translation beside each `{chosen}:` text.\n")
    text = header + yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=100)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ResumeError(too_large(source, f"{len(text.encode('utf-8')):,} bytes",
                                    MAX_FILE_BYTES))
    checked = _checked(text, destination, chosen, source)
    warnings = sorted(importer.warnings, key=in_file_order)
    return Imported(text, chosen, language is None, warnings + checked)


def too_large(source: Path, size: str, limit: int) -> str:
    return (f"{display_path(source)}: too large for one profile: {size}, and a profile may "
            f"have at most {limit:,}")


def _count_values(node: object) -> int:
    """The values of `node` as the profile loader counts them (keys not included)."""
    count, stack = 0, [node]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _checked(text: str, destination: Path, language: str, source: Path) -> list[Problem]:
    """What `resume check` says of the profile `text` (repairs it would make), or an
    `ImportDefect` when it fails: the import checks everything the profile's checks do."""
    try:
        document = parse_yaml(text, destination)
        validated = validate(document)
        view, missing = localize(validated.profile, document, language)
        fonts.check_coverage(language, view.drawn_texts)
    except ResumeError as error:
        problems = "; ".join(str(problem) for problem in error.problems[:5])
        raise ImportDefect(f"the profile imported from {display_path(source)} fails its own "
                           f"checks, so nothing was written: {problems}") from None
    if missing:
        raise ImportDefect(f"the profile imported from {display_path(source)} lacks texts in "
                           f"{language}: {missing[0]}")
    return validated.warnings


def describe(value: object) -> str:
    """A JSON value, named as its author wrote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list):
        return "a list [...]"
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"the text {json.dumps(shown, ensure_ascii=False)}"


def _empty(value: object) -> bool:
    """A value that holds nothing: "", [], {} (null is a wrong value, not an empty one)."""
    return value == [] or value == {} or (isinstance(value, str) and not value.strip())


class UniqueIds:
    """Ids from names, each new to its list, in one pass (`acme`, `acme-2`, `project-3`)."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.taken: set[str] = set()
        self.next_suffix: dict[str, int] = {}

    def new(self, name: str | None, index: int) -> str:
        base = slugify(name or "")[:LONGEST_ID].strip("-") or f"{self.prefix}-{index + 1}"
        candidate, suffix = base, self.next_suffix.get(base, 2)
        while candidate in self.taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        self.next_suffix[base] = suffix
        self.taken.add(candidate)
        return candidate


class _Importer:
    """Reads the document into the profile's plain data: errors for values of the wrong
    shape, warnings for what the profile cannot hold, and the texts it will draw."""

    def __init__(self, document: JsonDocument, language: str):
        self.document = document
        self.language = language
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.held_texts: list[tuple[JsonPath, str]] = []
        self.drawn: list[DrawnText] = []

    # -- reporting ---------------------------------------------------------------------------
    def error(self, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        self.errors.append(Problem(message, dotted_path(path),
                                   self.document.location(path, at_key=at_key)))

    def warn(self, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        self.warnings.append(Problem(message, dotted_path(path),
                                     self.document.location(path, at_key=at_key)))

    def value(self, path: JsonPath) -> object:
        """The value at `path`, or `_ABSENT`."""
        node = self.document.data
        for part in path:
            inside = (part in node if isinstance(node, dict) and isinstance(part, str)
                      else isinstance(node, list) and isinstance(part, int) and part < len(node))
            if not inside:
                return _ABSENT
            node = node[part]  # type: ignore[index]
        return node

    def missing(self, path: JsonPath) -> bool:
        value = self.value(path)
        return value is _ABSENT or _empty(value)

    # -- shapes ------------------------------------------------------------------------------
    def mapping(self, path: JsonPath, fields_of: str) -> dict | None:
        """The object at `path` (None when absent or not an object, which is an error); its
        fields that JSON Resume does not have are named in warnings."""
        value = self.value(path)
        if value is _ABSENT:
            return None
        if not isinstance(value, dict):
            self.error(path, f"expected an object {{...}}, found {describe(value)}")
            return None
        known = FIELDS[fields_of]
        for key, item in value.items():
            if key not in known and not _empty(item):
                self.warn((*path, key), f"not imported: {unknown_field(key, fields_of)}",
                          at_key=True)
            elif (fields_of, key) in NOT_HELD and not _empty(item):
                self.warn((*path, key), f"not imported: {NOT_HELD[fields_of, key]}",
                          at_key=True)
        return value

    def entries(self, path: JsonPath, fields_of: str) -> list[JsonPath]:
        """The paths of the objects listed at `path` that hold anything."""
        value = self.value(path)
        if value is _ABSENT:
            return []
        if not isinstance(value, list):
            self.error(path, f"expected a list [...] of objects, found {describe(value)}")
            return []
        if len(value) > MAX_ENTRIES:
            self.error(path, f"{len(value)} entries; a profile holds at most {MAX_ENTRIES} a list")
            return []
        paths = []
        for index in range(len(value)):
            item_path = (*path, index)
            entry = self.mapping(item_path, fields_of)
            if entry is not None and not all(_empty(field) for field in entry.values()):
                paths.append(item_path)
        return paths

    def string(self, path: JsonPath, what: str = "a text") -> str | None:
        """The text at `path`, without the white space around it; None when absent or
        empty, or not a text (an error)."""
        value = self.value(path)
        if value is _ABSENT:
            return None
        if not isinstance(value, str):
            hint = (f'; put it in quotes: "{value}"' if isinstance(value, int | float)
                    and not isinstance(value, bool) else "")
            self.error(path, f"expected {what}, found {describe(value)}{hint}")
            return None
        return value.strip() or None

    def held(self, path: JsonPath, value: str | None) -> str | None:
        """`value`, to be written into the profile; checked once the whole document is read
        and known to fit a profile (`check_texts`)."""
        if value is not None:
            self.held_texts.append((path, value))
        return value

    def check_texts(self) -> None:
        """Every text the profile will hold, checked as the profile checks it (length, control
        characters, damage beyond repair) and, as the résumé will draw it, noted for the glyph
        check."""
        for path, value in self.held_texts:
            if len(value) > MAX_TEXT_LENGTH:
                self.error(path, f"{len(value):,} characters; a profile's text holds at most "
                           f"{MAX_TEXT_LENGTH:,}")
                continue
            repaired = repair_text(value)
            if repaired.control is not None:
                self.error(path, repaired.control)
                continue
            if repaired.damaged_run is not None:
                self.error(path, f'damaged characters that cannot be repaired: '
                           f'"{repaired.damaged_run}" (bytes were lost, as when UTF-8 is read '
                           "as Windows-1252); retype this text or copy it again from the "
                           "original")
                continue
            # The résumé draws the text as repaired; the profile keeps it as written, and
            # `resume check` says what it repairs.
            self.drawn.append(DrawnText(dotted_path(path), repaired.text,
                                        self.document.location(path)))

    def text(self, path: JsonPath) -> str | None:
        return self.held(path, self.string(path))

    def texts(self, path: JsonPath) -> list[str]:
        """The list of texts at `path`."""
        value = self.value(path)
        if value is _ABSENT:
            return []
        if isinstance(value, str):
            self.error(path, f"expected a list of texts [\"...\", \"...\"], found one text; "
                       f"write it as a list: [{json.dumps(value[:40], ensure_ascii=False)}]")
            return []
        if not isinstance(value, list):
            self.error(path, f"expected a list of texts [\"...\", \"...\"], found "
                       f"{describe(value)}")
            return []
        if len(value) > MAX_ENTRIES:
            self.error(path, f"{len(value)} items; a profile holds at most {MAX_ENTRIES} a list")
            return []
        return [text for index in range(len(value)) if (text := self.text((*path, index)))]

    def date(self, path: JsonPath) -> YearMonth | None:
        """A date of JSON Resume (YYYY, YYYY-MM or YYYY-MM-DD), to the day it gives."""
        written = self.string(path, "a date")
        if written is None:
            return None
        match = ISO_DATE.match(written)
        year, month, day = (int(part) if part else 0 for part in match.groups()) if match else (
            0, 0, 0)
        if not match or month > 12 or (match.group(2) and not month) or (
                match.group(3) and not 1 <= day <= days_in_month(year, month)):
            self.error(path, f'"{written}" is not a date: JSON Resume writes dates as YYYY, '
                       f"YYYY-MM or YYYY-MM-DD{_date_hint(written)}")
            return None
        return YearMonth(year, month, day=day)

    def url(self, path: JsonPath) -> str | None:
        """A web address; one without its scheme gets https://, and a warning."""
        written = self.text(path)
        if written is None:
            return None
        address = written if "://" in written else f"https://{written}"
        if not PATTERNS["url"].regex.match(address):
            self.error(path, f'"{written}" is not {PATTERNS["url"].expected}')
            return None
        if address != written:
            self.warn(path, f'"{written}" has no scheme: imported as {address}')
        return address

    def patterned(self, path: JsonPath, pattern: str) -> str | None:
        written = self.text(path)
        if written is not None and not PATTERNS[pattern].regex.match(written):
            self.error(path, f'"{written}" is not {PATTERNS[pattern].expected}')
            return None
        return written

    def required(self, path: JsonPath, key: str, value: object, what: str) -> bool:
        """Whether `value`, read from `key` of the entry at `path`, is there; when it is
        not, and not already reported as a wrong value, an error saying the profile needs it."""
        if value is None and self.missing((*path, key)):
            self.error(path, f'no "{key}": the profile needs it ({what})')
        return value is not None

    def own(self, value: str | None) -> dict[str, str] | None:
        """A text of the document's language."""
        return {self.language: value} if value is not None else None

    # -- the profile -------------------------------------------------------------------------
    def profile(self) -> dict:
        if not isinstance(self.document.data, dict):
            raise ResumeError(Problem(
                f"expected a JSON Resume document, an object {{...}} with `basics`, found "
                f"{describe(self.document.data)}", location=self.document.location(())))
        self.mapping((), "document")
        profile: dict = {"languages": [self.language], "basics": self.basics()}
        for section in SECTIONS:
            ids = UniqueIds(section.spec.name.split()[0])
            entries = [entry for path in self.entries((section.json,), section.json)
                       if (entry := self.entry(path, section, ids)) is not None]
            if entries:
                profile[section.profile] = entries
        if skills := self.skills():
            profile["skills"] = skills
        references = self.references()
        if references is not None:
            profile["references"] = references
        values = _count_values(profile)
        if values > MAX_NODES:  # before the texts are checked, which takes time for each
            raise ResumeError(too_large(self.document.path, f"{values:,} values", MAX_NODES))
        self.check_texts()
        if self.errors:
            raise ResumeError(sorted(self.errors, key=in_file_order))
        fonts.check_coverage(self.language, self.drawn)
        order = ("languages", "basics", *SECTION_NAMES)
        return {key: profile[key] for key in order if key in profile}

    def basics(self) -> dict:
        path: JsonPath = ("basics",)
        basics = self.mapping(path, "basics")
        if basics is None:
            if self.value(path) is _ABSENT:
                self.error((), 'no "basics": a JSON Resume document names the person in '
                           '"basics": {"name": ...}')
            return {}
        result: dict = {}
        name = self.text((*path, "name"))
        if self.required(path, "name", name, "the person's name"):
            result["name"] = self.own(name)
        for key, target in (("label", "headline"), ("summary", "summary")):
            if text := self.text((*path, key)):
                result[target] = self.own(text)
        if location := self.location():
            result["location"] = self.own(location)
        location_path: JsonPath = (*path, "location")
        if isinstance(self.value(location_path), dict):
            if address := self.text((*location_path, "address")):
                result["address"] = self.own(address)
            if postal_code := self.text((*location_path, "postalCode")):
                result["postal_code"] = postal_code
        for key in ("email", "phone"):
            if value := self.patterned((*path, key), key):
                result[key] = value
        if website := self.url((*path, "url")):
            result["website"] = website
        self.string((*path, "image"))
        others = []
        for profile_path in self.entries((*path, "profiles"), "profiles"):
            other = self.social_profile(profile_path, result)
            if other is not None:
                others.append(other)
        if others:
            result["profiles"] = others
        return result

    def location(self) -> str | None:
        """City, region and country code, as one text: `San Francisco, California, US`."""
        path: JsonPath = ("basics", "location")
        if self.mapping(path, "location") is None:
            return None
        parts = [part for key in ("city", "region", "countryCode")
                 if (part := self.string((*path, key)))]
        return self.held(path, ", ".join(parts)) if parts else None

    def social_profile(self, path: JsonPath, basics: dict) -> dict | None:
        """A profile on a network: into the field basics has for the network, when the
        field is free and the user name and page fit it; else into `profiles` as it is."""
        network = self.string((*path, "network"))
        username = self.string((*path, "username"))
        address = self.string((*path, "url"))
        field = NETWORK_FIELDS.get(re.sub(r"\s+", "", network or "").lower())
        if field and field not in basics:
            user = network_user(field, username, address)
            if user is not None:
                basics[field] = (self.url((*path, "url")) if field == "blog" else
                                 self.held((*path, "username" if username else "url"), user))
                return None
        if not self.required(path, "network", self.held((*path, "network"), network),
                             "which network this is"):
            return None
        if username is None and address is None:
            self.warn(path, f'not imported: a profile on {network} needs a "username" or a '
                      '"url"')
            return None
        other = {"network": network}
        if username is not None:
            other["username"] = self.held((*path, "username"), username)
        if address is not None:
            other["url"] = self.url((*path, "url"))
        return other

    def entry(self, path: JsonPath, section: SectionMap, ids: UniqueIds) -> dict | None:
        """One entry of a section, by its `SectionMap`."""
        values: dict[str, object] = {}
        for key, target in section.fields.items():
            field_path = (*path, key)
            kind = section.kind(target)
            neutral = (section.profile, target) in NEUTRAL
            if key == "roles":  # a list in JSON Resume, one text in the profile
                roles = self.texts(field_path)
                separator = ROLE_SEPARATORS.get(self.language, ", ")
                value: object = self.own(self.held(field_path, separator.join(roles))
                                         if roles else None)
            elif kind == "text":
                text = self.text(field_path)
                value = text if neutral else self.own(text)
            elif kind == "texts":
                texts = self.texts(field_path)
                value = (texts if neutral else [self.own(text) for text in texts]) or None
            elif kind in ("date", "end"):
                value = self.date(field_path)
            elif kind == "url":
                value = self.url(field_path)
            else:  # a new kind in the model: this table must learn it
                raise ImportDefect(f"{section.profile}.{target}: no import for kind {kind}")
            values[target] = value
        for key in FIELDS[section.json]:
            if key not in section.fields:  # held nowhere; read for its shape, named in a warning
                self.string((*path, key))
        present = True
        for spec in section.spec.fields:
            if spec.required and spec.name != "id":
                key = next(key for key, target in section.fields.items() if target == spec.name)
                description = spec.description.rstrip(".")
                present &= self.required(path, key, values[spec.name],
                                         description[0].lower() + description[1:])
        start, end = values.get("start"), values.get("end")
        if isinstance(start, YearMonth) and isinstance(end, YearMonth) and end < start:
            end_key = next(key for key, target in section.fields.items() if target == "end")
            self.error((*path, end_key), f"ends ({iso_date(end)}) before it starts "
                       f"({iso_date(start)})")
            present = False
        if not present:
            return None
        entry: dict = {}
        first = section.spec.fields[0]
        if first.name == "id" and first.required:  # named after the entry's first required text
            naming = next(spec.name for spec in section.spec.fields[1:] if spec.required)
            name = values[naming]
            entry["id"] = ids.new(next(iter(name.values())) if isinstance(name, dict) else name,
                                  path[-1])  # type: ignore[arg-type]
        for target, value in values.items():
            if value is not None:
                entry[target] = iso_date(value) if isinstance(value, YearMonth) else value
        return entry

    def skills(self) -> list:
        """A skill with keywords is a group ({group, items, level}); one with a level alone,
        a group with no items; one with a name alone, a flat skill."""
        skills: list = []
        for path in self.entries(("skills",), "skills"):
            name = self.text((*path, "name"))
            level = self.text((*path, "level"))
            keywords = self.texts((*path, "keywords"))
            if not self.required(path, "name", name, "the skill, or the name of its group"):
                continue
            if keywords or level:
                group = {"group": self.own(name), "items": keywords}
                if level:
                    group["level"] = self.own(level)
                skills.append(group)
            else:
                skills.append(name)
        return skills

    def references(self) -> list | str | None:
        """References; when none of them names who gives it (`"Available on request"`), the
        profile's `on-request`, which says so in each language's words."""
        path: JsonPath = ("references",)
        references, nameless = [], []
        for entry_path in self.entries(path, "references"):
            name = self.text((*entry_path, "name"))
            reference = self.text((*entry_path, "reference"))
            if name is None and self.missing((*entry_path, "name")):
                nameless.append((entry_path, reference))
            elif name is not None:
                entry = {"name": self.own(name)}
                if reference:
                    entry["reference"] = self.own(reference)
                references.append(entry)
        if nameless and not references:
            for entry_path, reference in nameless:
                self.warn((*entry_path, "reference"), f'a reference that names no one: '
                          f"imported as `references: {ON_REQUEST}`, which says references are "
                          f"available on request in the résumé's own words, not as "
                          f'"{reference}"')
            return ON_REQUEST
        for entry_path, _ in nameless:
            self.error(entry_path, 'no "name": the profile needs who gives the reference')
        return references or None


def network_user(field: str, username: str | None, address: str | None) -> str | None:
    """The value of basics' `field` that says all that a profile with `username` and
    `address` on its network does, if there is one."""
    if field == "wechat":
        return username if address is None else None
    if field == "blog":
        page = address if address and "://" in address else f"https://{address}"
        return page if username is None and address and PATTERNS["url"].regex.match(page) else None
    page = NETWORK_PAGES[field].match(address) if address else None
    if address and not page:
        return None
    from_page = page.group("user") if page else None
    user = username or from_page
    if user is None or (from_page is not None and from_page.lower() != user.lower()):
        return None
    return user if PATTERNS[field].regex.match(user) else None


def unknown_field(key: str, fields_of: str) -> str:
    known = FIELDS[fields_of]
    where = "a JSON Resume document" if fields_of == "document" else f"JSON Resume's {fields_of}"
    old = OLD_NAMES.get(key)
    if old in known:
        return f"{where} has no such field (JSON Resume 1.0.0 calls it `{old}`)"
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    return f"{where} has no such field" + (f" (did you mean `{close[0]}`?)" if close else "")


def _date_hint(written: str) -> str:
    """How to write a date the way JSON Resume does."""
    if written.lower() in STILL_GOING:
        return "; leave endDate out for something still going on"
    match = WRITTEN_DATE.match(written)
    month = match.group("month").title() if match else ""
    if month in MONTH_ABBREVIATIONS:
        return (f', such as "{match.group("year")}-'  # type: ignore[union-attr]
                f'{MONTH_ABBREVIATIONS.index(month) + 1:02d}"')
    return ', such as "2020-02"'


# -- export ------------------------------------------------------------------------------------
def export_jsonresume(resume: ResumeView) -> tuple[dict, list[Problem]]:
    """One language of a profile as a JSON Resume document (schema 1.0.0), and a warning for
    each field JSON Resume has no place for."""
    exporter = _Exporter(resume)
    return exporter.document(), exporter.dropped


class _Exporter:
    def __init__(self, resume: ResumeView):
        self.resume = resume
        self.dropped: list[Problem] = []

    def drop(self, field: str, why: str) -> None:
        self.dropped.append(Problem(f"not exported: {why}", field))

    def document(self) -> dict:
        document: dict = {"$schema": SCHEMA_URL, "basics": self.basics()}
        by_profile = {section.profile: section for section in SECTIONS}
        for section in self.resume.sections:
            if section.id == "summary":
                continue  # basics.summary
            if section.id == "skills":
                document["skills"] = self.skills(section.items)
            elif section.id == "references":
                document["references"] = self.references(section.items)
            elif section.id in by_profile:
                mapped = by_profile[section.id]
                document[mapped.json] = [self.entry(section.id, mapped, item, index)
                                         for index, item in enumerate(section.items)]
            else:  # a built-in section by its name; one of the profile's own, as sections[id]
                name = section.id if section.id in SECTION_NAMES else f"sections[{section.id}]"
                self.drop(name, "JSON Resume has no such section")
        order = FIELDS["document"]
        return {key: document[key] for key in order if document.get(key)}

    def basics(self) -> dict:
        resume = self.resume
        basics: dict = {"name": marked(resume.name)}
        if resume.headline:
            basics["label"] = marked(resume.headline)
        contacts = {contact.kind: contact for contact in resume.contacts}
        for kind in ("email", "phone"):
            if kind in contacts:
                basics[kind] = contacts[kind].text
        if "website" in contacts:
            basics["url"] = contacts["website"].url
        if resume.summary:
            basics["summary"] = marked(resume.summary)
        location = split_location(marked(resume.location)) if resume.location else {}
        if resume.address:
            location["address"] = marked(resume.address)
        if resume.postal_code:
            location["postalCode"] = resume.postal_code
        if location:
            basics["location"] = {key: location[key] for key in FIELDS["location"]
                                  if key in location}
        if resume.photo is not None:
            self.drop("basics.photo", "JSON Resume's image is a web address, not a file")
        profiles = []
        for contact in resume.contacts:
            if contact.kind in NETWORK_NAMES:
                network = NETWORK_NAMES[contact.kind]
            elif contact.kind == "profile":
                network = contact.label
            else:
                continue
            profile = {"network": network}
            if contact.user:
                profile["username"] = contact.user
            if contact.url:
                profile["url"] = contact.url
            profiles.append(profile)
        if profiles:
            basics["profiles"] = profiles
        return basics

    def entry(self, section_id: str, mapped: SectionMap, item, index: int) -> dict:
        """An entry of the view (timeline, publication, row) by its fields and `mapped`."""
        fields: dict[str, object] = dict(item.fields)
        name = f"{section_id}[{getattr(item, 'id', None) or index}]"
        if isinstance(item, PublicationView) and "doi" in fields:
            doi = fields.pop("doi")
            if "url" not in fields:
                fields["url"] = f"https://doi.org/{doi}"
            else:
                self.drop(f"{name}.doi", "JSON Resume's publication has one address (its url)")
        if isinstance(item, EntryView) and item.work:
            self.merge_work(name, item, fields)
        entry: dict = {}
        for key, target in mapped.fields.items():
            value = fields.pop(target, None)
            if key == "roles" and isinstance(value, Rich):
                entry[key] = [role for role in ROLES_SPLIT.split(marked(value)) if role]
            elif isinstance(value, Rich):
                entry[key] = marked(value)
            elif isinstance(value, list):
                entry[key] = [marked(text) for text in value]
            elif value:
                entry[key] = value
        for target in fields:
            self.drop(f"{name}.{target}", f"JSON Resume's {mapped.json} has no {target}")
        return entry

    def merge_work(self, name: str, item: EntryView, fields: dict[str, object]) -> None:
        """A position's pieces of work, into its summary and highlights: JSON Resume's work
        has one of each."""
        summaries = [text for text in (fields.get("summary"), *(work.summary
                                                                for work in item.work)) if text]
        if summaries:
            chinese = self.resume.language.code.startswith("zh")  # its sentences end in 。
            fields["summary"] = join_rich(summaries, self.resume.language.code,
                                          separator="" if chinese else " ")
        highlights = [*item.highlights, *(text for work in item.work for text in work.highlights)]
        if highlights:
            fields["highlights"] = highlights
        self.dropped.append(Problem("exported merged into its summary and highlights: JSON "
                                    "Resume's work has no pieces of work", f"{name}.work"))

    def skills(self, items: list) -> list[dict]:
        skills = []
        for item in items:
            if isinstance(item, Row):
                skill: dict = {"name": marked(item.fields["group"])}
                if item.fields.get("level"):
                    skill["level"] = marked(item.fields["level"])
                if item.fields.get("items"):
                    skill["keywords"] = [marked(text) for text in item.fields["items"]]
                skills.append(skill)
            else:
                skills.append({"name": marked(item)})
        return skills

    def references(self, items: list[Paragraph]) -> list[dict]:
        """References; `on-request` as one reference that names no one, which import reads
        back as `on-request`."""
        references = []
        for paragraph in items:
            reference: dict = {}
            if paragraph.attribution:
                reference["name"] = marked(paragraph.attribution)
            if paragraph.text:
                reference["reference"] = marked(paragraph.text)
            references.append(reference)
        return references



def marked(text: Rich) -> str:
    """A typeset text as the profile writes it: links as [label](url), bold as **words**
    (JSON Resume's themes read Markdown), without the invisible word joiners."""
    parts = []
    for span in text.spans:
        words = searchable(span.text)
        if span.url:
            words = f"[{words}]({span.url})"
        elif span.bold:
            words = f"**{words}**"
        parts.append(words)
    return "".join(parts)


def split_location(location: str) -> dict[str, str]:
    """`City, Region, CC` as JSON Resume's location: the city before the first comma, a
    country code at the end of three or more parts, the region between."""
    parts = location.split(", ")
    result = {"city": parts[0]}
    if len(parts) >= 3 and re.fullmatch(r"[A-Z]{2}", parts[-1]):
        result["countryCode"] = parts.pop()
    if len(parts) > 1:
        result["region"] = ", ".join(parts[1:])
    return result

