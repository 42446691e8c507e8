"""Validation: the loaded YAML checked against the format that `model.py` declares.

Validation walks the loaded data once, repairs text with ftfy, collects every problem with
its file, line and field, and returns the `Profile` with its warnings, or raises one
`ResumeError` with all the errors.
"""

from __future__ import annotations

import calendar
import difflib
import json
from pathlib import Path

from .errors import Problem, ResumeError, in_file_order
from .labels import label_table
from .load import FieldPath, SourceDocument
from .model import (
    CHOICE_KINDS,
    CUSTOM_ENTRIES,
    CUSTOM_SECTION,
    DATE,
    DATE_FORMATS,
    DEFAULT_DATE_FORMATS,
    DEFAULT_LANGUAGES,
    DERIVED_FROM,
    DESIGN,
    DETAILS,
    EXPECTED,
    FIELD_ALIASES,
    LANGUAGES,
    MAX_ENTRIES,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_PIXELS,
    MAX_TEXT_LENGTH,
    ON_REQUEST,
    PATTERNS,
    PHOTO,
    PHOTO_TYPES,
    PRESENT,
    PROFILE,
    REFERENCE,
    SECTION_NAMES,
    SKILL_GROUP,
    SOCIAL_PROFILE,
    TARGET,
    TIMELINE_ENTRY,
    Design,
    Entry,
    FieldSpec,
    Pattern,
    Profile,
    Repair,
    SectionOrder,
    SectionSpec,
    Target,
    Text,
    Validated,
    YearMonth,
)
from .repair import repair_text


def validate_target(document: SourceDocument, profile: Profile | None = None) -> Target:
    """The target in `document`, or a `ResumeError` listing every problem in it. With the
    `profile` it cuts, its sections may name the profile's own and its languages."""
    checker = _Checker(document)
    if profile is not None:
        checker.languages = profile.languages
        checker.custom_sections = tuple(section.id for section in profile.sections)
    target = checker.section((), TARGET, set())
    if checker.problems:
        raise ResumeError(sorted(checker.problems, key=in_file_order))
    assert isinstance(target, Target)
    return target


def validate(document: SourceDocument) -> Validated:
    """The profile in `document` with its warnings, or a `ResumeError` listing every error."""
    checker = _Checker(document)
    profile = checker.profile()
    if checker.problems:
        raise ResumeError(sorted(checker.problems, key=in_file_order))
    assert isinstance(profile, Profile)
    return Validated(profile, sorted(checker.warnings, key=in_file_order), checker.repairs)


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
            value = self.value(path)
            if value == ON_REQUEST:
                return []
            if isinstance(value, str):
                self.problem(path, f"expected a list of references, or `{ON_REQUEST}` to say "
                             f"they are available on request; found {describe(value)}")
                return None
            return self.entries(path, REFERENCE) if value is not None else None
        if kind in CHOICE_KINDS:
            return self.choice(path, *CHOICE_KINDS[kind])
        if kind == "custom-entries":
            section_kind = siblings.get("kind")
            if section_kind is None:
                return []  # the missing or unknown kind is reported
            entry_spec = CUSTOM_ENTRIES[section_kind]  # type: ignore[index]
            return self.texts(path) if entry_spec is None else self.entries(path, entry_spec)
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
        year, month, day = (int(part) if part else 0 for part in match.groups()) if match else (
            0, 0, 0)
        if not match or (match.group(2) and not 1 <= month <= 12) or (
                match.group(3) and not 1 <= day <= days_in_month(year, month)):
            shapes = "YYYY, YYYY-MM or YYYY-MM-DD" + (", present, or expected YYYY-MM"
                                                      if allow_present else "")
            self.problem(path, f'"{self.value(path)}" is not a date (expected {shapes})')
            return None
        return YearMonth(year, month, expected, day)

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

    def choice(self, path: FieldPath, allowed: tuple[str, ...], what: str) -> str | None:
        """One name from `allowed`, or None when there is none (or it is not one of them)."""
        value = self.value(path)
        if value is None or value in allowed:
            return value  # type: ignore[return-value]
        self.problem(path, f"{describe(value)} is not one of the {what} ({', '.join(allowed)})")
        return None

    def choices(self, path: FieldPath, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A list of distinct names from `allowed`."""
        value = self.value(path)
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
        (a variant without one follows its base; a language without one is left out, for
        the profile's order or the default one to apply)."""
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
        with_variants = {language: chosen.get(language)
                         or chosen.get(DERIVED_FROM.get(language, "")) for language in LANGUAGES}
        return {language: order for language, order in with_variants.items() if order}

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


def days_in_month(year: int, month: int) -> int:
    return calendar.mdays[month] + (month == 2 and calendar.isleap(year))
