"""Writing text repairs back into a profile's YAML file, changing nothing else.

A repaired value is edited where it stands: only the characters the repair changed are
replaced, in the value's own style (plain, single- or double-quoted, folded or literal block),
so comments, line breaks, indentation and quoting stay as they were. A repair that cannot be
written in the value's style (a line break in a plain value, a `: ` where a stray byte
order mark was) is written by rewriting that value double-quoted. Either way the new text is
parsed again, and it is written only when every repaired value reads as repaired and every
other value as before. The file is then replaced atomically, keeping its mode, owner, line
endings and byte order mark, and only if nobody changed it since it was read.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Problem, ResumeError, display_path
from .load import FieldPath, SourceDocument, parse_yaml
from .model import Repair

LINE_BREAKS = "\r\n\x85\u2028\u2029"
END = "\0"  # what the reader sees past the scalar, as PyYAML's reader does past the stream
NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
ESCAPE_REPLACEMENTS = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS
ESCAPE_CODES = yaml.scanner.Scanner.ESCAPE_CODES
DOUBLE_QUOTED_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t",
    "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e", "\x85": "\\N",
    "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF",
}


# -- the new text ------------------------------------------------------------------------------
@dataclass
class Edit:
    """One repaired scalar: where its token stands, every path that reads it (more than one
    when aliases repeat it), its value after repair, and the two ways to write it."""

    start: int
    end: int
    field: str  # as messages name it
    paths: list[FieldPath]
    after: str
    in_style: str | None  # the token's source with only the repaired characters replaced
    double_quoted: str  # the token rewritten double-quoted, the layout around it kept


def apply_repairs(document: SourceDocument, repairs: list[Repair]) -> str:
    """The document's text with every repair written in, verified by parsing it again.

    Raises ResumeError, leaving nothing to write, when a repair cannot be written without
    changing another value (which the double-quoted fallback should make impossible)."""
    edits = plan_edits(document, repairs)
    chosen = {edit.start: edit.in_style or edit.double_quoted for edit in edits}
    unread = unreadable(document, edits, chosen)
    if unread:
        for edit in unread:
            chosen[edit.start] = edit.double_quoted
        unread = unreadable(document, edits, chosen)
    if unread:
        raise ResumeError([
            Problem(f'the repair to "{edit.after.strip()}" cannot be written into the file '
                    "without changing something else, so nothing was written; type the "
                    "repaired text in yourself (and please report this)", edit.field,
                    document.location(edit.paths[0]))
            for edit in unread
        ])
    return edited_text(document.text, edits, chosen)


def unreadable(document: SourceDocument, edits: list[Edit], chosen: dict[int, str]) -> list[Edit]:
    """The edits that, written as chosen, do not read back as intended: all of them are
    checked at once, and a set that fails is halved until the culprits are found. Empty only
    when the whole set reads back as intended."""
    if reads_as_intended(document, edited_text(document.text, edits, chosen), edits):
        return []
    if len(edits) == 1:
        return edits
    middle = len(edits) // 2
    culprits = (unreadable(document, edits[:middle], chosen)
                + unreadable(document, edits[middle:], chosen))
    return culprits or edits  # each half reads back, together they do not: blame them all


def plan_edits(document: SourceDocument, repairs: list[Repair]) -> list[Edit]:
    """One edit per repaired scalar, in file order."""
    tokens = scalar_tokens(document.text)
    line_break = first_line_break(document.text)
    edits: dict[int, Edit] = {}
    for repair in repairs:
        span = document.scalar_spans[repair.path]
        if span.end in edits:  # an alias: the same scalar, written once
            edits[span.end].paths.append(repair.path)
            continue
        token = tokens[span.end]
        before = value_at(document.data, repair.path)
        assert isinstance(before, str)
        # The model repairs the text without its surrounding white space; keep that.
        leading = len(before) - len(before.lstrip())
        trailing = len(before) - len(before.rstrip())
        after = before[:leading] + repair.after + before[len(before) - trailing:]
        start, end = token.start_mark.index, token.end_mark.index
        reader = ScalarReader(document.text, start, end)
        edits[span.end] = Edit(
            start, end, repair.field, [repair.path], after,
            reader.edited_source(token.style, before, after, line_break),
            reader.double_quoted_source(token.style, after),
        )
    # Other paths that read the same scalar through an alias change with it.
    for path, span in document.scalar_spans.items():
        if span.end in edits and path not in edits[span.end].paths:
            edits[span.end].paths.append(path)
    return sorted(edits.values(), key=lambda edit: edit.start)


def edited_text(text: str, edits: list[Edit], chosen: dict[int, str]) -> str:
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        text = text[:edit.start] + chosen[edit.start] + text[edit.end:]
    return text


def reads_as_intended(document: SourceDocument, text: str, edits: list[Edit]) -> bool:
    """Whether `text`, read by the profile loader, gives each edit's value after repair at
    every path that reads it, and every other value exactly as before."""
    try:
        reread = parse_yaml(text, document.path)
    except ResumeError:
        return False
    expected = copy.deepcopy(document.data)
    for edit in edits:
        for path in edit.paths:
            parent = value_at(expected, path[:-1])
            parent[path[-1]] = edit.after  # type: ignore[index]
    return reread.data == expected


def value_at(data: object, path: FieldPath) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def scalar_tokens(text: str) -> dict[int, yaml.ScalarToken]:
    """Every scalar token of `text` by where it ends. A node's span starts at its anchor or
    tag, if it has one; the token is the value alone."""
    return {
        token.end_mark.index: token
        for token in yaml.scan(text, Loader=yaml.SafeLoader)
        if isinstance(token, yaml.ScalarToken)
    }


def first_line_break(text: str) -> str:
    """The file's line ending, for the lines an edit adds to a block scalar."""
    match = re.search(r"\r\n|\r|\n", text)
    return match.group() if match else "\n"


# -- reading a scalar's source -----------------------------------------------------------------
@dataclass(frozen=True)
class Piece:
    """A stretch of a scalar's value and the source characters it comes from: the same
    characters (verbatim), or an escape, a folded line break or a kept one."""

    value: str
    start: int
    end: int
    verbatim: bool


class SourceMismatch(Exception):
    """The scalar's source reads differently here than PyYAML read it: no in-style edit."""


class ScalarReader:
    """Reads one scalar token's value as PyYAML's scanner does (yaml/scanner.py: scan_plain,
    scan_flow_scalar, scan_block_scalar, step for step), noting where each piece of the value
    comes from, so that a change to the value can be made to its source."""

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.token_start = start
        self.end = end
        self.pos = start
        self.column = 0  # counted from the first line break on: only block scalars use it
        self.pieces: list[Piece] = []
        self.indent = 0  # of a block scalar's lines
        self.header_end = start  # a block scalar's indicators end here; its comment follows
        self.header_break = start  # where its header line ends

    # The edit in the value's own style.
    def edited_source(self, style: str | None, before: str, after: str,
                      line_break: str) -> str | None:
        """The token's source with `before` changed to `after` where the two differ, or None
        when that cannot be done in the token's style."""
        try:
            self.read(style, before)
        except SourceMismatch:
            return None
        if "".join(piece.value for piece in self.pieces) != before:
            return None
        pieces = merged(self.pieces)
        source = self.text[self.token_start:self.end]
        replacements: list[tuple[int, int, str]] = []
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            start = source_offset(pieces, i1, at_start=True)
            end = source_offset(pieces, i2, at_start=False) if i2 > i1 else start
            written = self.written(style, after[j1:j2], line_break)
            if start is None or end is None or start > end or written is None:
                return None
            replacements.append((start - self.token_start, end - self.token_start, written))
        for start, end, written in reversed(replacements):
            source = source[:start] + written + source[end:]
        return source

    def written(self, style: str | None, text: str, line_break: str) -> str | None:
        """`text` as it is written inside a value of `style`, or None if it cannot be."""
        if style == '"':
            return double_quoted_body(text)
        if NON_PRINTABLE.search(text) or "\ufeff" in text:
            return None
        if style in ("|", ">"):
            if any(character in text for character in LINE_BREAKS.replace("\n", "")):
                return None
            # A line break in a literal block is a new line; in a folded one, an empty line.
            folded_break = line_break if style == ">" else ""
            return text.replace("\n", line_break + folded_break + " " * self.indent)
        if any(character in text for character in LINE_BREAKS) or (style is None and "\t" in text):
            return None
        return text.replace("'", "''") if style == "'" else text

    # The fallback: the whole value double-quoted.
    def double_quoted_source(self, style: str | None, after: str) -> str:
        quoted = f'"{double_quoted_body(after)}"'
        if style not in ("|", ">"):
            return quoted
        # A block scalar's token runs to the start of the next line, over the empty lines
        # after it: keep its header comment and those line breaks.
        self.pos = self.token_start
        self.read_block_header()
        body = self.text[self.header_break:self.end]
        content_end = self.header_break + len(body.rstrip(" \t" + LINE_BREAKS))
        tail = self.text[content_end:self.end]
        tail = tail[len(tail) - len(tail.lstrip(" \t")):]  # from the line break on
        return quoted + self.text[self.header_end:self.header_break] + tail

    # Reading, after PyYAML's scanner.
    def read(self, style: str | None, value: str) -> None:
        self.pos, self.pieces = self.token_start, []
        if style is None:
            self.read_plain()
        elif style in ("'", '"'):
            self.read_quoted(double=style == '"')
        else:
            self.read_block(folded=style == ">", value=value)
        if self.pos != self.end:
            raise SourceMismatch

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < self.end else END

    def forward(self, length: int = 1) -> None:
        for _ in range(length):
            character = self.text[self.pos]
            self.pos += 1
            if character in "\n\x85\u2028\u2029" or (character == "\r" and self.peek() != "\n"):
                self.column = 0
            elif character != "\ufeff":
                self.column += 1

    def take(self, length: int) -> None:
        if not length:
            return
        start = self.pos
        self.forward(length)
        self.pieces.append(Piece(self.text[start:self.pos], start, self.pos, verbatim=True))

    def produce(self, value: str, start: int) -> Piece:
        return Piece(value, start, self.pos, verbatim=False)

    def add(self, *pieces: Piece) -> None:
        self.pieces.extend(piece for piece in pieces if piece.value)

    def line_break(self) -> Piece:
        start, character = self.pos, self.peek()
        if character in "\r\n\x85":
            self.forward(2 if self.peek() == "\r" and self.peek(1) == "\n" else 1)
            return self.produce("\n", start)
        if character in "\u2028\u2029":
            self.forward()
            return self.produce(character, start)
        return self.produce("", start)

    def run_length(self, stops: str) -> int:
        """How many characters from here on are none of `stops`."""
        length = 0
        while self.peek(length) not in stops:
            length += 1
        return length

    def white_space_length(self, white_space: str) -> int:
        length = 0
        while self.peek(length) in white_space:
            length += 1
        return length

    def read_plain(self) -> None:
        while True:
            length = self.run_length(" \t" + LINE_BREAKS + END)
            if not length:
                return
            self.take(length)
            spaces_start, spaces = self.pos, self.white_space_length(" ")
            if self.peek(spaces) in LINE_BREAKS:
                self.forward(spaces)
                self.add(*self.folded(spaces_start, self.line_break(), self.plain_breaks()))
            elif spaces:
                self.take(spaces)
            else:
                return

    def plain_breaks(self) -> list[Piece]:
        breaks = []
        while self.peek() in " " + LINE_BREAKS:
            if self.peek() == " ":
                self.forward()
            else:
                breaks.append(self.line_break())
        return breaks

    def folded(self, start: int, line_break: Piece, breaks: list[Piece]) -> list[Piece]:
        """A line break between lines of a plain or quoted scalar, and the empty lines after
        it: a space, or the line breaks of the empty lines."""
        if line_break.value != "\n":
            return [line_break, *breaks]
        if not breaks:
            return [self.produce(" ", start)]
        return breaks

    def read_quoted(self, double: bool) -> None:
        quote = self.peek()
        self.forward()
        self.quoted_non_spaces(double)
        while self.peek() != quote:
            if self.peek() == END:
                raise SourceMismatch
            self.quoted_spaces(double)
            self.quoted_non_spaces(double)
        self.forward()

    def quoted_non_spaces(self, double: bool) -> None:
        while True:
            length = self.run_length("'\"\\ \t" + LINE_BREAKS + END)
            if length:
                self.take(length)
            character, start = self.peek(), self.pos
            if not double and character == "'" and self.peek(1) == "'":
                self.forward(2)
                self.add(self.produce("'", start))
            elif (double and character == "'") or (not double and character in '"\\'):
                self.take(1)
            elif double and character == "\\":
                self.forward()
                character = self.peek()
                if character in ESCAPE_REPLACEMENTS:
                    self.forward()
                    self.add(self.produce(ESCAPE_REPLACEMENTS[character], start))
                elif character in ESCAPE_CODES:
                    digits = self.text[self.pos + 1:self.pos + 1 + ESCAPE_CODES[character]]
                    self.forward(1 + len(digits))
                    self.add(self.produce(chr(int(digits, 16)), start))
                elif character in LINE_BREAKS:
                    self.line_break()  # an escaped line break joins the lines
                    self.add(*self.quoted_breaks())
                else:
                    raise SourceMismatch
            else:
                return

    def quoted_spaces(self, double: bool) -> None:
        start, length = self.pos, self.white_space_length(" \t")
        if self.peek(length) in LINE_BREAKS:
            self.forward(length)
            self.add(*self.folded(start, self.line_break(), self.quoted_breaks()))
        elif length:
            self.take(length)

    def quoted_breaks(self) -> list[Piece]:
        breaks = []
        while True:
            while self.peek() in " \t":
                self.forward()
            if self.peek() in LINE_BREAKS:
                breaks.append(self.line_break())
            else:
                return breaks

    def read_block_header(self) -> tuple[bool | None, int | None]:
        """The chomping (True keep, False strip, None clip) and indentation indicators; the
        reader stops at the start of the first line of content."""
        self.forward()
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            if self.peek() in "+-":
                chomping = self.peek() == "+"
                self.forward()
            elif self.peek() in "123456789":
                increment = int(self.peek())
                self.forward()
        self.header_end = self.pos
        while self.peek() == " ":
            self.forward()
        if self.peek() == "#":
            self.forward(self.run_length(LINE_BREAKS + END))
        self.header_break = self.pos
        self.line_break()
        self.column = 0
        return chomping, increment

    def read_block(self, folded: bool, value: str) -> None:
        chomping, increment = self.read_block_header()
        if increment is None:
            breaks, self.indent = self.block_indentation()
        else:
            self.indent = self.explicit_indent(value)
            breaks = self.block_breaks()
        line_break = self.produce("", self.pos)
        while self.column == self.indent and self.peek() != END:
            self.add(*breaks)
            leading_non_space = self.peek() not in " \t"
            self.take(self.run_length(LINE_BREAKS + END))
            line_break = self.line_break()
            fold_start = line_break.start
            breaks = self.block_breaks()
            if self.column != self.indent or self.peek() == END:
                break
            if folded and line_break.value == "\n" and leading_non_space \
                    and self.peek() not in " \t":
                if not breaks:
                    self.add(self.produce(" ", fold_start))
            else:
                self.add(line_break)
        if chomping is not False:
            self.add(line_break)
        if chomping is True:
            self.add(*breaks)

    def block_indentation(self) -> tuple[list[Piece], int]:
        """The empty lines before the first line of content, and the indentation of that
        line (more than the parent's, or the block would be empty, and a repaired one is not)."""
        breaks, indent = [], 0
        while self.peek() in " " + LINE_BREAKS:
            if self.peek() == " ":
                self.forward()
                indent = max(indent, self.column)
            else:
                breaks.append(self.line_break())
        return breaks, max(indent, 1)

    def explicit_indent(self, value: str) -> int:
        """The indentation an indicator sets, counted from the parent's, which this reader
        does not see: the first line with content has it, less the spaces the value keeps."""
        rest = self.text[self.pos:self.end]
        first_line = next((line for line in re.split(r"\r\n|[\r\n\x85\u2028\u2029]", rest)
                           if line.strip(" ")), "")
        kept = value.lstrip("\n\u2028\u2029")
        indent = leading_spaces(first_line) - leading_spaces(kept)
        if indent < 1:
            raise SourceMismatch
        return indent

    def block_breaks(self) -> list[Piece]:
        breaks = []
        while self.column < self.indent and self.peek() == " ":
            self.forward()
        while self.peek() in LINE_BREAKS:
            breaks.append(self.line_break())
            while self.column < self.indent and self.peek() == " ":
                self.forward()
        return breaks


def leading_spaces(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def merged(pieces: list[Piece]) -> list[Piece]:
    """Verbatim pieces that follow each other in the source, as one."""
    result: list[Piece] = []
    for piece in pieces:
        last = result[-1] if result else None
        if last and last.verbatim and piece.verbatim and last.end == piece.start:
            result[-1] = Piece(last.value + piece.value, last.start, piece.end, verbatim=True)
        else:
            result.append(piece)
    return result


def source_offset(pieces: list[Piece], index: int, at_start: bool) -> int | None:
    """Where the value's position `index` stands in the source: inside a verbatim piece, or
    at the edge of any piece (the start of the one that starts there, for where a change
    starts; the end of the one that ends there, for where it ends); None inside an escape or
    a fold, which cannot be cut."""
    starting = ending = None
    position = 0
    for piece in pieces:
        after = position + len(piece.value)
        if piece.verbatim and position < index < after:
            return piece.start + index - position
        if index == position and starting is None:
            starting = piece.start
        if index == after:
            ending = piece.end
        position = after
    return (starting if starting is not None else ending) if at_start else \
        (ending if ending is not None else starting)


def double_quoted_body(text: str) -> str:
    """`text` between double quotes: escaped where YAML would read the character otherwise."""
    written = []
    for character in text:
        if character in DOUBLE_QUOTED_ESCAPES:
            written.append(DOUBLE_QUOTED_ESCAPES[character])
        elif NON_PRINTABLE.match(character):
            code = ord(character)
            written.append(f"\\x{code:02X}" if code <= 0xFF else
                           f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            written.append(character)
    return "".join(written)


# -- writing the file --------------------------------------------------------------------------
def write_in_place(document: SourceDocument, text: str) -> None:
    """Replace the profile's file with `text`, encoded as the file was (a byte order mark
    kept), keeping its mode and, when run as root, its owner. Refused when the file is no
    longer what was read and checked, so that an edit saved meanwhile is never lost."""
    path = document.path
    bom = codecs.BOM_UTF8 if document.raw.startswith(codecs.BOM_UTF8) else b""
    content = bom + text.encode("utf-8")
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        try:
            status = path.stat()
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                os.chown(temporary, status.st_uid, status.st_gid)
            os.chmod(temporary, stat.S_IMODE(status.st_mode))  # after chown: it clears set-id
            current = path.read_bytes()
        except FileNotFoundError:
            current = None
        if current != document.raw:
            raise ResumeError(f"{display_path(path)} changed while checking; nothing was "
                              "written; run `resume check --fix` again")
        os.replace(temporary, path)
    except OSError as error:
        raise ResumeError(f"{display_path(path)}: cannot write the repairs "
                          f"({error.strerror or error}); nothing was written") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
