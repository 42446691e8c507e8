"""Writing text repairs back into a profile's YAML, changing nothing else in the file.

Each repaired value is replaced where it stands, by its character offsets in the source;
comments, key order, indentation and the quoting of every other value stay as they were.
"""

from __future__ import annotations

import json
import re

from .load import SourceDocument
from .model import Repair

# A value that can stay unquoted anywhere, flow mappings ({zh: ..., en: ...}) included.
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:,\[\]{}#\n]|:(?! ))*(?<=\S)$")


def apply_repairs(document: SourceDocument, repairs: list[Repair]) -> str:
    """The document's text with every repaired value rewritten in place."""
    edits: dict[tuple[int, int], str] = {}
    for repair in repairs:
        span = document.scalar_spans[repair.path]
        # An alias repeats a value: the same span, written once.
        edits[(span.start, span.end)] = scalar_source(repair.after, span.style)
    text = document.text
    for (start, end), replacement in sorted(edits.items(), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def scalar_source(value: str, style: str | None) -> str:
    """`value` as YAML source: unquoted where it was and still can be, else double-quoted."""
    if style is None and _PLAIN_SAFE.match(value) and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
