"""Text repair with ftfy, configured so that legitimate text is never changed.

ftfy's defaults would turn full-width punctuation (，：（）) into ASCII and straighten curly
quotes; both are right in Chinese text, so those fixes are off, as is Unicode normalization
(NFC maps CJK compatibility ideographs to other characters), and so is the unescaping of
HTML entities: profile text is plain text, and `&amp;` prints as written. What stays on is
what repairs damage: mojibake (UTF-8 read as Windows-1252 or Latin-1), C1 controls read as
Windows-1252, broken surrogates, Latin ligatures from PDF copy-and-paste, stray byte-order
marks.

Some characters have no place in a résumé and no repair that could know what was meant:
control characters (ftfy would drop an ESC and leave the rest of its terminal command as
text) and the bidirectional controls, which reorder the printed text around them. Those
are reported, never repaired.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy.badness import BADNESS_RE

REPAIR_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_character_width=False,
    uncurl_quotes=False,
    normalization=None,
    explain=False,
)
CONTEXT_CHARACTERS = 4
# Tabs and line breaks aside, C0 controls and DEL; and the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069). C1 controls are left to ftfy,
# which reads them as the Windows-1252 characters they usually stand for (\x85 as …);
# those it cannot read stay, and are reported after the repair.
_CONTROL_BEFORE_REPAIR = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_CONTROL_AFTER_REPAIR = re.compile("[\x80-\x9f]")
BIDI_CONTROLS = range(0x202A, 0x202F), range(0x2066, 0x206A)


@dataclass(frozen=True)
class Repaired:
    text: str
    damaged_run: str | None  # a run that stays damaged after repair, with some context
    control: str | None = None  # a control character, said in words with where it stands


def repair_text(text: str) -> Repaired:
    """`text` with what ftfy can repair repaired, a damaged run if some is beyond it, and a
    control character if there is one (the text is then returned as it was)."""
    control = _CONTROL_BEFORE_REPAIR.search(text)
    if control is not None:
        return Repaired(text, None, describe_control(text, control.start()))
    fixed = ftfy.fix_text(text, config=REPAIR_CONFIG)
    control = _CONTROL_AFTER_REPAIR.search(fixed)
    if control is not None:
        return Repaired(text, None, describe_control(fixed, control.start()))
    return Repaired(fixed, damaged_run(fixed))


def describe_control(text: str, index: int) -> str:
    """The control character at `index`, what it does, and the text before it, to find it
    by (it is invisible)."""
    character = text[index]
    code = ord(character)
    name = unicodedata.name(character, "")
    before = text[max(0, index - 2 * CONTEXT_CHARACTERS) : index]
    where = f'after "{before}"' if before else "at the start"
    if any(code in block for block in BIDI_CONTROLS):
        return (f"the invisible character U+{code:04X} {name} ({where}) would reorder the "
                "printed text around it; remove it")
    return (f"the control character U+{code:04X} ({where}) has no place in a résumé; "
            "remove it")


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
