"""The one user-error type, and the located problems it carries.

Anything a user can cause (a bad profile, a missing glyph, a refused file) ends as a
`ResumeError`; the command line turns it into a message and exit code 1. Any other
exception is a bug.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

# What must not reach a terminal as it is: control characters (an ESC starts a terminal
# command), line and paragraph separators, and the bidirectional controls and marks, which
# reorder what is printed after them. Messages quote the user's text, so these are shown
# as escapes (\x1b, \u202e).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                          "\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


@dataclass(frozen=True)
class Location:
    """A place in a source file; line and column count from 1. Some sources know only the
    line (Jinja reports no columns)."""

    file: Path
    line: int
    column: int | None = None

    def __str__(self) -> str:
        column = f":{self.column}" if self.column is not None else ""
        return f"{display_path(self.file)}:{self.line}{column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning), where it is and what it concerns."""

    message: str
    field: str = ""
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f"{self.field}: " if self.field else ""
        return escape_unprintable(f"{where}{what}{self.message}")


class ResumeError(Exception):
    """A user error: one or more problems, each with where it is and what to do."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def escape_unprintable(text: str) -> str:
    """`text` with the characters that would act on a terminal, or reorder the line, shown
    as escapes."""
    return _UNPRINTABLE.sub(lambda match: _escape(match.group()), text)


def _escape(character: str) -> str:
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def os_problem(error: OSError, writing: Path | None = None) -> Problem:
    """An error of the operating system (a file where a folder should be, no permission, a
    full disk) as one message naming the path. `writing`: the file or folder being written,
    named instead of the temporary files that atomic writes make beside their files."""
    reason = error.strerror or str(error)
    named = error.filename2 or error.filename
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        # copytree gathers its failures: (source, destination, why) each; name the first.
        _, named, why = error.args[0][0]
        number = re.match(r"\[Errno (\d+)\]", why)
        reason = os.strerror(int(number.group(1))) if number else why
    path = Path(os.fsdecode(named)) if isinstance(named, (str, bytes, os.PathLike)) else None
    if writing is not None and (path is None or _near(path, writing)):
        target = Path(os.fsdecode(error.filename2)) if error.filename2 else writing
        return Problem(f"cannot write {display_path(target)}: {reason}")
    if path is None:
        return Problem(reason)
    return Problem(f"{display_path(path)}: {reason}")


def _near(path: Path, writing: Path) -> bool:
    """Whether `path` is `writing`, inside it, a folder on its way, or a temporary file
    beside it (whose name holds its name)."""
    path, writing = path.absolute(), writing.absolute()
    return (path == writing or writing in path.parents or path in writing.parents
            or (path.parent == writing.parent and writing.name in path.name))


def in_file_order(problem: Problem) -> tuple[int, int]:
    """A sort key that puts problems in the order of their places in the file (unlocated
    ones first)."""
    location = problem.location
    return (location.line, location.column or 0) if location else (0, 0)


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
