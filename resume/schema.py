"""The JSON Schema of the profile format, read off the model's field specifications.

Editors with the YAML language server complete keys and flag mistakes as the user types;
the schema is committed (schema/profile.schema.json) and a test keeps it equal to this.
"""

from __future__ import annotations

from .labels import label_table
from .model import (
    DATE_FORMATS,
    DATE_SCHEMA,
    LANGUAGES,
    MAX_ENTRIES,
    MAX_TEXT_LENGTH,
    PATTERNS,
    PRESENT,
    PROFILE,
    SECTION_NAMES,
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
    return {
        "description": section.description,
        "type": "object",
        "properties": {spec.name: field_schema(spec) for spec in section.fields},
        "required": [spec.name for spec in section.fields if spec.required],
        "additionalProperties": False,
    }


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
            options.append({"type": "string", "enum": [PRESENT]})
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
    elif kind in ("sections", "shown-in"):
        names = list(SECTION_NAMES) if kind == "sections" else list(LANGUAGES)
        schema = {"type": "array", "uniqueItems": True, "items": {"enum": names}}
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
