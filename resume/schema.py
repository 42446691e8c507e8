"""The JSON Schema of the profile format, read off the model's field specifications.

Editors with the YAML language server complete keys and flag mistakes as the user types;
the schema is committed (resume/schemas/profile.schema.json) and a test keeps it equal to this.
"""

from __future__ import annotations

from .labels import label_table
from .model import (
    CHOICE_KINDS,
    CUSTOM_ENTRIES,
    CUSTOM_SECTION,
    DATE_FORMATS,
    DATE_SCHEMA,
    EXPECTED_SCHEMA,
    LANGUAGES,
    MAX_ENTRIES,
    MAX_TEXT_LENGTH,
    ON_REQUEST,
    PATTERNS,
    PRESENT,
    PROFILE,
    REFERENCE,
    SECTION_NAMES,
    SKILL_GROUP,
    TARGET,
    FieldSpec,
    SectionSpec,
)

TAG = {"type": "string", "pattern": PATTERNS["id"].schema}


def target_schema() -> dict:
    """The schema of a target file (targets/<name>.yaml)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Résumé target: a tailored cut of a profile",
        **section_schema(TARGET),
    }


def profile_schema() -> dict:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Bilingual résumé profile",
        **section_schema(PROFILE),
        "definitions": {
            "text": {
                "description": "A text: a plain string is the same in every language; a map "
                "gives one text per language.",
                "anyOf": [
                    {"type": "string", "maxLength": MAX_TEXT_LENGTH},
                    {
                        "type": "object",
                        "properties": {
                            **{
                                code: {
                                    "type": ["string", "null"],
                                    "maxLength": MAX_TEXT_LENGTH,
                                    "description": f"The text in {language.name}.",
                                }
                                for code, language in LANGUAGES.items()
                            },
                            "text": {"type": "string", "maxLength": MAX_TEXT_LENGTH,
                                     "description": "The text, the same in every language."},
                            "tags": {"type": "array", "items": TAG,
                                     "description": "Tags that targets select by."},
                        },
                        "additionalProperties": False,
                    },
                ],
            },
        },
    }


def section_schema(section: SectionSpec) -> dict:
    schema = {
        "description": section.description,
        "type": "object",
        "properties": {spec.name: field_schema(spec) for spec in section.fields},
        "required": [spec.name for spec in section.fields if spec.required],
        "additionalProperties": False,
    }
    if section is CUSTOM_SECTION:
        schema["allOf"] = custom_entries_schema()
    return schema


def custom_entries_schema() -> list[dict]:
    """For each kind of a custom section, what its entries are."""
    rules = []
    for kind, entry in CUSTOM_ENTRIES.items():
        items = ({"$ref": "#/definitions/text"} if entry is None else section_schema(entry))
        rules.append({"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                      "then": {"properties": {"entries": {"items": items}}}})
    return rules


def field_schema(spec: FieldSpec) -> dict:
    kind = spec.kind
    if kind == "text":
        schema: dict = {"$ref": "#/definitions/text"}
    elif kind == "texts":
        schema = {"type": "array", "maxItems": MAX_ENTRIES,
                  "items": {"$ref": "#/definitions/text"}}
    elif kind == "string":
        schema = {"type": "string", "maxLength": MAX_TEXT_LENGTH}
    elif kind in ("date", "end"):
        # An editor reads `start: 2018` as a number; the profile reads it as the year.
        options = [{"type": "string", "pattern": DATE_SCHEMA},
                   {"type": "integer", "minimum": 1000, "maximum": 9999}]
        if kind == "end":
            options += [{"type": "string", "enum": [PRESENT]},
                        {"type": "string", "pattern": EXPECTED_SCHEMA}]
        schema = {"anyOf": options}
    elif kind == "languages":
        schema = {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": {"type": "string", "enum": list(LANGUAGES)}}
    elif kind == "list":
        assert spec.entry is not None
        schema = {"type": "array", "maxItems": MAX_ENTRIES, "items": section_schema(spec.entry)}
    elif kind == "section":
        assert spec.entry is not None
        schema = section_schema(spec.entry)
    elif kind in ("number", "integer"):
        # Editors read `font_size: 10` as a number; a quoted "10" is accepted by the profile too.
        schema = {"type": kind, "minimum": spec.minimum, "maximum": spec.maximum}
    elif kind == "sections":
        # The profile's own sections have ids of its choosing: any id, checked by the build.
        names = {"type": "array", "uniqueItems": True, "items": {"anyOf": [
            {"enum": list(SECTION_NAMES)}, {"type": "string", "pattern": PATTERNS["id"].schema}]}}
        schema = {"anyOf": [names, {"type": "object", "additionalProperties": False,
                                    "properties": dict.fromkeys(LANGUAGES, names)}]}
    elif kind == "shown-in":
        schema = {"type": "array", "uniqueItems": True, "items": {"enum": list(LANGUAGES)}}
    elif kind == "skills":
        schema = {"type": "array", "maxItems": MAX_ENTRIES, "items": {"anyOf": [
            {"$ref": "#/definitions/text"}, section_schema(SKILL_GROUP)]}}
    elif kind == "references":
        schema = {"anyOf": [
            {"type": "string", "enum": [ON_REQUEST]},
            {"type": "array", "maxItems": MAX_ENTRIES, "items": section_schema(REFERENCE)}]}
    elif kind in CHOICE_KINDS:
        schema = {"enum": list(CHOICE_KINDS[kind][0])}
    elif kind == "custom-entries":
        # Which entries a section holds depends on its kind: see custom_section_schema.
        schema = {"type": "array", "maxItems": MAX_ENTRIES}
    elif kind == "date-format":
        style = {"enum": list(DATE_FORMATS)}
        schema = {"anyOf": [style, {"type": "object", "additionalProperties": False,
                                    "properties": dict.fromkeys(LANGUAGES, style)}]}
    elif kind == "labels":
        schema = {"type": "object", "additionalProperties": False,
                  "properties": {key: {"$ref": "#/definitions/text"} for key in label_table()}}
    elif kind == "tags":
        schema = {"type": "array", "uniqueItems": True, "items": TAG}
    elif kind == "photo-file":
        schema = {"type": "string", "pattern": r"\.([jJ][pP][eE]?[gG]|[pP][nN][gG])$"}
    else:
        schema = {"type": "string", "pattern": PATTERNS[kind].schema}
    # A section's own description is kept; a field's is put first, where editors show it.
    return {"description": spec.description, **schema}
