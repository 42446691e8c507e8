"""Text repair with ftfy, configured so that legitimate Chinese is never changed.

ftfy's defaults would turn full-width punctuation (，：（）) into ASCII and straighten curly
quotes; both are right in Chinese text, so those fixes are off, as is Unicode normalization
(NFC maps CJK compatibility ideographs to other characters). What stays on is what repairs
damage: mojibake (UTF-8 read as Windows-1252 or Latin-1), HTML entities, C1 and other
control characters, broken surrogates, Latin ligatures from PDF copy-and-paste.
"""

from __future__ import annotations

from dataclasses import dataclass

import ftfy
from ftfy.badness import BADNESS_RE

REPAIR_CONFIG = ftfy.TextFixerConfig(
    fix_character_width=False,
    uncurl_quotes=False,
    normalization=None,
    explain=False,
)
CONTEXT_CHARACTERS = 4


@dataclass(frozen=True)
class Repaired:
    text: str
    damaged_run: str | None  # a run that stays damaged after repair, with some context


def repair_text(text: str) -> Repaired:
    """`text` with what ftfy can repair repaired, and a damaged run if some is beyond it."""
    fixed = ftfy.fix_text(text, config=REPAIR_CONFIG)
    return Repaired(fixed, damaged_run(fixed))


def damaged_run(text: str) -> str | None:
    """The first stretch that still reads as mojibake or lost bytes, with a little context."""
    match = BADNESS_RE.search(text)
    if match is None:
        replacement = text.find("\ufffd")
        if replacement < 0:
            return None
        start, end = replacement, replacement + 1
    else:
        start, end = match.span()
    before = "…" if start > CONTEXT_CHARACTERS else ""
    after = "…" if end + CONTEXT_CHARACTERS < len(text) else ""
    context = text[max(0, start - CONTEXT_CHARACTERS) : end + CONTEXT_CHARACTERS]
    return f"{before}{context}{after}"
