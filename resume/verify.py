"""What an applicant tracking system reads of a PDF: its text layer, as extractors give it.

`resume build --verify` reads every PDF it wrote with pdfminer.six (in this process) and with
poppler's pdftotext (when it is installed), and compares what each reads with the view the
PDF was made from:

- every text of the view is read as the profile has it: nothing drawn as an image, no
  ligature left as one character (ﬁ for fi), no space lost where hanzi meet Latin letters,
  none added inside a word or between hanzi, no word cut in two by a line break;
- each group of texts is read together and in order, with no text of another group among
  them: the name with its headline and location (on the first page); the contacts; each
  section from its title to its last entry; each entry, its heading, title, dates and facts
  first (in any order among themselves: extractors read a line's parts in either order),
  then its summary, facts, bullets and pieces of work in order. The skills of a section may
  come in any order (a theme may list single skills before groups).

What a theme adds (separators, bullet marks, labels' colons, page numbers, the running
header) may be read anywhere, and the page number at the foot of a page and the running
header at the top of the next are set aside, so that a paragraph going on over a page break
reads whole. Case is ignored (themes set titles in capitals), and so is a line break
between two words or two hanzi. pdftotext drops the hyphen of a word broken after it
(`cloud-` / `native` reads `cloudnative`), as every poppler-based reader does: that is
accepted as the hyphen it was.

Texts are found in the extracted text from the most distinctive group to the least, each
where its group is read completely in the least stretch of text; what one group was found
in is not searched again for another.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ResumeError, display_path
from .text import Rich, searchable
from .view import EntryView, Paragraph, PublicationView, ResumeView, Row, SectionView

if TYPE_CHECKING:
    from .build import BuildOptions

# At most this many problems are told for one PDF and one extractor; the first ones say
# what is wrong, the rest are usually its consequences.
MAX_PROBLEMS = 8
# A slot of at most this many runs (an entry's heading, dates and facts) is tried in every
# order; a longer one (a section's skills) is looked for longest run first.
_MAX_ORDERS_TRIED = 4
# Lines of other text a diagnosis looks past between two lines of a text.
_MAX_INTRUDING_LINES = 40
# A page number as themes print it at the foot of a page: 2, 2 / 3, 2 of 3, - 2 -.
_PAGE_NUMBER = re.compile(r"[^\w]{0,3}\d+(?:\s*(?:/|of|\|)\s*\d+)?[^\w]{0,3}", re.IGNORECASE)
# A line break between two letters or digits: a word the line cut in two.
_CUT_WORD = re.compile(r"(?<=[A-Za-z0-9])[^\S\n]*\n\s*(?=[A-Za-z0-9])")
_LIGATURES = re.compile("[\ufb00-\ufb06]")


# -- what should be read ---------------------------------------------------------------------
@dataclass(frozen=True)
class Piece:
    """One text of the view, as it should be read."""

    text: str  # as drawn, without word joiners, each run of spaces as one
    field: str  # where it comes from, for messages: experience[acme].highlights[0]
    owner: str  # the group it must be read in: experience[acme], skills, contacts


# A run: pieces read in order. A slot: runs read in any order among themselves, all before
# the next slot. A group: slots in order; its first slot is one piece (a title, the name).
Run = tuple[Piece, ...]
Slot = tuple[Run, ...]


@dataclass(frozen=True)
class Group:
    name: str
    slots: tuple[Slot, ...]

    def pieces(self) -> Iterator[Piece]:
        for slot in self.slots:
            for run in slot:
                yield from run


class _GroupBuilder:
    def __init__(self, name: str):
        self.name = name
        self.slots: list[Slot] = []

    def then(self, *runs: Run) -> None:
        """A slot: `runs` in any order among themselves, after everything before."""
        runs = tuple(run for run in runs if run)
        if runs:
            self.slots.append(runs)

    def then_each(self, run: Run) -> None:
        """Each piece of `run` in order, after everything before."""
        for piece in run:
            self.then((piece,))

    def group(self) -> Group | None:
        return Group(self.name, tuple(self.slots)) if self.slots else None


def _pieces(owner: str, *named: tuple[str, Rich | str | None]) -> Run:
    """The non-empty texts of `named` (field, text) as pieces of `owner`."""
    pieces = []
    for field_name, text in named:
        words = " ".join(searchable(text or "").split())
        if words:
            pieces.append(Piece(words, field_name, owner))
    return tuple(pieces)


def expected_groups(view: ResumeView) -> list[Group]:
    """The texts of `view` that a reader of the PDF must find, grouped as they must be read."""
    groups: list[Group] = []
    basics = _GroupBuilder("basics")
    basics.then_each(_pieces("basics", ("basics.name", view.name),
                             ("basics.headline", view.headline),
                             ("basics.location", view.whereabouts)))
    contacts = _GroupBuilder("contacts")
    for index, contact in enumerate(view.contacts):
        where = f"contacts[{index}]"
        contacts.then_each(_pieces("contacts", (f"{where}.label", contact.label),
                                   (where, contact.text)))
    for builder in (basics, contacts):
        if (group := builder.group()) is not None:
            groups.append(group)
    for section in view.sections:
        if (group := _section_group(section)) is not None:
            groups.append(group)
    return groups


def _section_group(section: SectionView) -> Group | None:
    name = section.id
    builder = _GroupBuilder(name)
    builder.then_each(_pieces(name, (f"{name}.title", section.title)))
    for index, item in enumerate(section.items):
        where = f"{name}[{index}]"
        if isinstance(item, EntryView):
            _entry_slots(builder, f"{name}[{item.id}]", item)
        elif isinstance(item, PublicationView):
            owner = f"{name}[{item.id}]" if item.id else where
            builder.then_each(_pieces(owner, *(
                (f"{owner}.authors[{number}]", author.name)
                for number, author in enumerate(item.authors))))
            builder.then_each(_pieces(owner, (f"{owner}.title", item.title),
                                      (f"{owner}.venue", item.venue),
                                      (f"{owner}.date", item.date), (f"{owner}.note", item.note),
                                      (f"{owner}.doi", item.doi),
                                      (f"{owner}.summary", item.summary)))
        elif isinstance(item, Paragraph):
            builder.then_each(_pieces(name, (where, item.text),
                                      (f"{where}.attribution", item.attribution)))
        elif isinstance(item, Row) and section.kind != "skills":
            builder.then_each(_pieces(name, (f"{where}.label", item.label),
                                      (f"{where}.text", item.text)))
        elif section.kind != "skills":  # a bullet
            builder.then_each(_pieces(name, (where, item)))
    if section.kind == "skills":
        builder.then(*(
            _pieces(name, (f"{name}[{index}].label", item.label), (f"{name}[{index}]", item.text))
            if isinstance(item, Row) else _pieces(name, (f"{name}[{index}]", item))
            for index, item in enumerate(section.items)))
    return builder.group()


def _entry_slots(builder: _GroupBuilder, owner: str, entry: EntryView) -> None:
    builder.then(
        _pieces(owner, (f"{owner}.heading", entry.heading), (f"{owner}.subtitle", entry.subtitle)),
        _pieces(owner, (f"{owner}.period", entry.period)),
        _pieces(owner, *((f"{owner}.meta[{index}]", item)
                         for index, item in enumerate(entry.meta))),
    )
    builder.then_each(_pieces(owner, (f"{owner}.summary", entry.summary)))
    for index, fact in enumerate(entry.facts):
        builder.then_each(_pieces(owner, (f"{owner}.facts[{index}].label", fact.label),
                                  (f"{owner}.facts[{index}]", fact.text)))
    builder.then_each(_pieces(owner, *((f"{owner}.highlights[{index}]", item)
                                       for index, item in enumerate(entry.highlights))))
    for work in entry.work:
        where = f"{owner}.work[{work.id}]"
        builder.then_each(_pieces(owner, (f"{where}.summary", work.summary), *(
            (f"{where}.highlights[{index}]", item) for index, item in enumerate(work.highlights))))
    if entry.keywords:
        builder.then_each(_pieces(owner, (f"{owner}.keywords.label", entry.keywords.label),
                                  (f"{owner}.keywords", entry.keywords.text)))


# -- how it is read --------------------------------------------------------------------------
@dataclass(frozen=True)
class Extractor:
    name: str
    read: Callable[[Path], str]
    drops_line_end_hyphens: bool = False


def _read_with_pdfminer(pdf: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(pdf)


def _read_with_pdftotext(pdf: Path) -> str:
    process = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                             capture_output=True, timeout=120)
    if process.returncode != 0:
        reason = process.stderr.decode("utf-8", "replace").strip() or f"exit {process.returncode}"
        raise ResumeError(f"{display_path(pdf)}: pdftotext could not read it: {reason}")
    return process.stdout.decode("utf-8", "replace")


PDFMINER = Extractor("pdfminer", _read_with_pdfminer)
PDFTOTEXT = Extractor("pdftotext", _read_with_pdftotext, drops_line_end_hyphens=True)


def available_extractors() -> list[Extractor]:
    """pdfminer.six always; pdftotext when poppler-utils is installed."""
    return [PDFMINER, *([PDFTOTEXT] if shutil.which("pdftotext") else [])]


# -- comparing the two -----------------------------------------------------------------------
def _squeezed(text: str) -> tuple[str, list[int]]:
    """`text` compared loosely, and where each of its characters comes from: compatibility
    forms as their letters (a ligature ﬁ as fi), lower case, without spaces and hyphens."""
    characters: list[str] = []
    origins: list[int] = []
    for position, character in enumerate(text):
        for loose in unicodedata.normalize("NFKC", character):
            if loose.isspace() or loose == "-":
                continue
            lower = loose.lower()
            characters.append(lower if len(lower) == 1 else loose)
            origins.append(position)
    return "".join(characters), origins


def _same(read: str, own: str) -> bool:
    return read == own or read.lower() == own.lower()


def _is_latin(character: str) -> bool:
    return character.isascii() and character.isalnum()


@dataclass
class _Match:
    """A group found in the extracted text: each piece's span, and what was wrong."""

    group: Group
    spans: list[tuple[int, int, Piece]] = field(default_factory=list)
    # Stretches inside those spans that are not the piece's own: lines of other text read
    # between its lines.
    gaps: list[tuple[int, int]] = field(default_factory=list)
    complete: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def window(self) -> tuple[int, int]:
        return (min(s for s, _, _ in self.spans), max(e for _, e, _ in self.spans))

    @property
    def length(self) -> int:
        start, end = self.window
        return end - start


class _Reading:
    """One extractor's text of one PDF, and the texts of the view found in it so far."""

    def __init__(self, text: str, extractor: Extractor, groups: list[Group], name: str):
        self.text = _without_page_furniture(text.replace("\r\n", "\n").replace("\r", "\n"),
                                            name)
        self.extractor = extractor
        self.groups = groups
        page_break = self.text.find("\f")
        self.first_page_end = page_break if page_break != -1 else len(self.text)
        self.taken = bytearray(len(self.text))
        self.claims: list[tuple[int, int, Piece]] = []
        self.squeezed, self.origins = _squeezed(self.text)

    def problems(self) -> list[str]:
        """What is misread, group by group in the view's order, then what is read inside
        another group."""
        matches: dict[str, _Match] = {}
        # Groups with long texts first: those are the least likely to be found by accident,
        # and once found they are not searched again for the short texts inside them (a
        # skill that a bullet names).
        for group in sorted(self.groups, key=_distinctness, reverse=True):
            match = self.match(group)
            for start, end, piece in match.spans:
                self.taken[start:end] = b"\x01" * (end - start)
                self.claims.append((start, end, piece))
            for start, end in match.gaps:
                self.taken[start:end] = bytes(end - start)
            matches[group.name] = match
        ordered = [matches[group.name] for group in self.groups]
        return ([problem for match in ordered for problem in match.problems]
                + self.intrusions([match for match in ordered if match.spans]))

    # -- finding texts -----------------------------------------------------------------------
    def candidates(self, piece: Piece, start: int = 0, *,
                   prefix: bool = False) -> Iterator[tuple[int, int]]:
        """Where the extracted text may hold `piece` (or, with `prefix`, its first letters),
        from `start` on, compared loosely: the start, and the end of what was compared."""
        key, _ = _squeezed(piece.text)
        key = key[:12] if prefix else key
        if not key:
            return
        # A text that starts with hyphens starts before its first letter.
        lead = len(piece.text) - len(piece.text.lstrip("-"))
        position = bisect_left(self.origins, start)
        while (found := self.squeezed.find(key, position)) != -1:
            origin = self.origins[found]
            if lead and self.text[origin - lead:origin] == "-" * lead:
                origin -= lead
            yield origin, self.origins[found + len(key) - 1] + 1
            position = found + 1

    def follow(self, text: str, position: int, *,
               skips: bool = False) -> tuple[int, list[tuple[int, int]]] | None:
        """Where `text`, read from `position` on, ends, if it is read there: the same
        characters but for case, a line break anywhere, spaces where it has spaces (a line
        break does for one); for pdftotext, a hyphen may be missing. With `skips`, whole
        lines of other text may come between its lines: they are returned too."""
        read, length = self.text, len(self.text)
        skipped: list[tuple[int, int]] = []
        index = 0
        dehyphenated = self.extractor.drops_line_end_hyphens
        while index < len(text):
            own = text[index]
            if own == " ":
                end = position
                while end < length and read[end].isspace():
                    end += 1
                if end == position:
                    return None
                position, index = end, index + 1
                continue
            if position < length and _same(read[position], own):
                position, index = position + 1, index + 1
                continue
            if position < length and read[position].isspace():
                end = position
                while end < length and read[end].isspace():
                    end += 1
                if "\n" not in read[position:end] and "\f" not in read[position:end]:
                    return None
                if index and _is_latin(text[index - 1]) and _is_latin(own):
                    return None  # a word cut in two, which a reader takes for two words
                position = end
                continue
            if own == "-" and dehyphenated:
                index += 1
                continue
            if skips and position > 0 and read[position - 1] in "\n\f":
                resumed = self.next_line_with(text[index:], position)
                if resumed is not None:
                    skipped.append((position, resumed))
                    position = resumed
                    continue
            return None
        return position, skipped

    def next_line_with(self, rest: str, position: int) -> int | None:
        """The start of the first of the next lines that begins with `rest`'s first words."""
        head = rest[:12].split(" ")[0] or rest[:12]
        line_start = position
        for _ in range(_MAX_INTRUDING_LINES):
            line_end = self.text.find("\n", line_start)
            if line_end == -1:
                return None
            line_start = line_end + 1
            stripped = line_start
            while stripped < len(self.text) and self.text[stripped] in " \t\f":
                stripped += 1
            if self.text[stripped:stripped + len(head)].lower() == head.lower():
                return stripped
        return None

    def free(self, start: int, end: int, also_taken=()) -> bool:
        return self.taken.find(1, start, end) == -1 and not any(
            s < end and start < e for s, e in also_taken)

    def find(self, piece: Piece, start: int, also_taken=(), before: int | None = None,
             ) -> tuple[int, int] | None:
        """The first place from `start` on where `piece` is read as it should be, in text
        no other piece was found in."""
        for origin, _ in self.candidates(piece, start):
            if before is not None and origin >= before:
                return None
            if origin and _is_latin(piece.text[0]) and _is_latin(self.text[origin - 1]):
                continue
            followed = self.follow(piece.text, origin)
            if followed is None:
                continue
            end, _ = followed
            if _is_latin(piece.text[-1]) and end < len(self.text) and _is_latin(self.text[end]):
                continue
            if self.free(origin, end, also_taken):
                return origin, end
        return None

    # -- finding a group ---------------------------------------------------------------------
    def match(self, group: Group) -> _Match:
        """The group where it is read completely in the least stretch of text, else where
        its first text is, with what is wrong."""
        first = group.slots[0][0][0]
        before = self.first_page_end if group.name == "basics" else None
        best: _Match | None = None
        # Else the start from which most texts are found, in the least stretch of text.
        furthest: tuple[int, int, int] = (0, 0, 0)
        position = 0
        while (span := self.find(first, position, before=before)) is not None:
            attempt = self.attempt(group, span[0], diagnose=False)
            if attempt.complete and (best is None or attempt.length < best.length):
                best = attempt
            if attempt.spans and (len(attempt.spans), -attempt.length) > furthest[:2]:
                furthest = (len(attempt.spans), -attempt.length, span[0])
            position = span[0] + 1
        if best is not None:
            return best
        return self.attempt(group, furthest[2], diagnose=True)

    def attempt(self, group: Group, start: int, *, diagnose: bool) -> _Match:
        match = _Match(group)
        cursor = start
        for slot in group.slots:
            slot_end = cursor
            taken_here: list[tuple[int, int]] = []
            for run in self.run_order(slot, cursor):
                position = cursor
                for piece in run:
                    span = self.find(piece, position, taken_here)
                    if span is None:
                        match.complete = False
                        if not diagnose:
                            return match
                        span = self.diagnose(piece, position, match, taken_here)
                        if span is None:
                            continue
                    taken_here.append(span)
                    match.spans.append((*span, piece))
                    position = span[1]
                slot_end = max(slot_end, position)
            cursor = slot_end
        return match

    def run_order(self, slot: Slot, cursor: int) -> tuple[Run, ...]:
        """The order to look for a slot's runs in, each from `cursor` on: longest first, so
        that a short text (a location, 北京) is not found inside a longer one (the heading,
        北京理工大学); for a few runs, the first order in which all of them are found."""
        longest_first = tuple(sorted(slot, key=lambda run: -sum(len(p.text) for p in run)))
        if len(slot) > _MAX_ORDERS_TRIED:
            return longest_first
        for order in permutations(longest_first):
            taken: list[tuple[int, int]] = []
            for run in order:
                position = cursor
                for piece in run:
                    span = self.find(piece, position, taken)
                    if span is None:
                        break
                    taken.append(span)
                    position = span[1]
                else:
                    continue
                break
            else:
                return order
        return longest_first

    # -- saying what is wrong ----------------------------------------------------------------
    def diagnose(self, piece: Piece, position: int, match: _Match,
                 taken_here: list[tuple[int, int]]) -> tuple[int, int] | None:
        """What became of a text not read where it should be: read earlier, read with other
        text between its lines, read differently, or not read at all. Returns where it was
        read when the group can go on from there."""
        name = self.extractor.name
        # What this group has found already is not looked at again: a text it holds twice
        # (a fluency, a city) is found once for each.
        found_here = [*taken_here, *((start, end) for start, end, _ in match.spans)]
        earlier = self.find(piece, 0, found_here)
        if earlier is not None and not match.spans:
            return earlier
        if earlier is not None:
            _, _, previous = max(match.spans, key=lambda s: s[1])
            match.problems.append(f'{name} reads "{_excerpt(piece.text)}" ({piece.field}) '
                                  f'before "{_excerpt(previous.text)}" ({previous.field})')
            return None
        for origin, _ in self.candidates(piece, position, prefix=True):
            followed = self.follow(piece.text, origin, skips=True)
            if followed is None or not followed[1] or not self.free(origin, followed[0],
                                                                    found_here):
                continue
            # Read with other lines between its own: the text between is left to the
            # groups it belongs to, and told as read inside this one (`intrusions`).
            end, skipped = followed
            match.gaps.extend(skipped)
            return origin, end
        for origin, end in self.candidates(piece, 0):
            if self.free(origin, end, found_here):
                found = " ".join(self.text[origin:end].split())
                why = self.difference(origin, end, piece.text)
                match.problems.append(f'{name} reads "{_excerpt(found)}" for '
                                      f'"{_excerpt(piece.text)}" ({piece.field}){why}')
                return origin, end
        if self.read_in_pieces(piece):
            match.problems.append(f'{name} reads "{_excerpt(piece.text)}" ({piece.field}) in '
                                  "pieces, apart or out of order")
        else:
            match.problems.append(f'{name} misses "{_excerpt(piece.text)}" ({piece.field})')
        return None

    def read_in_pieces(self, piece: Piece) -> bool:
        """Whether the start of `piece` and the rest of it are both read, apart, each a
        quarter of it at least (shorter parts are found anywhere by chance)."""
        key, _ = _squeezed(piece.text)
        low, high = 0, len(key)  # the longest start of `key` that is read somewhere
        while low < high:
            middle = (low + high + 1) // 2
            if key[:middle] in self.squeezed:
                low = middle
            else:
                high = middle - 1
        least = max(4, len(key) // 4)
        return least <= low <= len(key) - least and key[low:] in self.squeezed

    def difference(self, start: int, end: int, expected: str) -> str:
        """Why the text read at `start`:`end` is not `expected` as it should be, in words."""
        found = self.text[start:end]
        ligature = _LIGATURES.search(found)
        if ligature:
            return (f": the ligature {ligature.group()} (U+{ord(ligature.group()):04X}) is "
                    "read as one character, not as its letters")
        if _CUT_WORD.search(found) and (
                " ".join(_CUT_WORD.sub("", found).split()).lower() == expected.lower()):
            return ": a word cut in two at the end of a line, which reads as two words"
        read_words, own_words = found.split(), expected.split()
        if "".join(read_words).lower() == "".join(own_words).lower() and (
                len(read_words) != len(own_words)):
            if len(read_words) > len(own_words):
                return ": a space inside the text where the profile has none"
            return ": no space where the profile has one"
        before, after = self.text[max(start - 12, 0):start], self.text[end:end + 12]
        if (before and _is_latin(before[-1])) or (after and _is_latin(after[0])):
            joined = " ".join(f"{before}{found}{after}".split())
            return f": run together with the text beside it ({_excerpt(joined)})"
        return ""

    def intrusions(self, matches: list[_Match]) -> list[str]:
        """Texts of one group read inside the stretch of another: each time, the tightest
        stretch (an entry rather than its section) names where; of two groups read inside
        each other, the one whose stretch is tighter."""
        windows: dict[str, tuple[int, int, str]] = {}  # where -> start, end, its group
        for match in matches:
            windows[match.group.name] = (*match.window, match.group.name)
            bounds: dict[str, list[int]] = {}
            for start, end, piece in match.spans:
                if piece.owner != match.group.name:
                    bounds.setdefault(piece.owner, []).extend((start, end))
            for owner, ends in bounds.items():
                windows[owner] = (min(ends), max(ends), match.group.name)
        group_of = {piece.owner: group.name for group in self.groups for piece in group.pieces()}
        found: dict[tuple[str, str], tuple[int, Piece]] = {}
        for start, end, piece in sorted(self.claims, key=lambda claim: claim[0]):
            containers = [
                (w_end - w_start, where) for where, (w_start, w_end, group) in windows.items()
                if w_start < start and end < w_end and where != piece.owner
                and not (where == group and group_of.get(piece.owner) == group)
            ]
            if containers:
                _, container = min(containers)
                found.setdefault((container, piece.owner), (start, piece))
        text_length: dict[str, int] = {}
        for group in self.groups:
            for piece in group.pieces():
                for name in {piece.owner, group.name}:
                    text_length[name] = text_length.get(name, 0) + len(piece.text)
        problems = []
        for (container, intruder), (_, piece) in sorted(found.items(), key=lambda i: i[1][0]):
            # Of two groups read inside each other, the one with more text is told as
            # broken by the other (the entry by the sidebar's skills, not the reverse).
            if (intruder, container) in found and (
                    (text_length[intruder], -_size(windows, intruder))
                    > (text_length[container], -_size(windows, container))):
                continue
            problems.append(f'{self.extractor.name} reads "{_excerpt(piece.text)}" '
                            f"({piece.owner}) inside {container}")
        return problems


def _without_page_furniture(text: str, name: str) -> str:
    """`text` with the page numbers at the foot of its pages and the running header (the
    name) at the top of all but the first blanked out, so that a text going on over a page
    break is read whole."""
    pages = text.split("\f")
    own_name, _ = _squeezed(name)
    for number, page in enumerate(pages, start=1):
        lines = page.split("\n")
        filled = [index for index, line in enumerate(lines) if line.strip()]
        if filled and _PAGE_NUMBER.fullmatch(lines[filled[-1]].strip()) and (
                str(number) in re.findall(r"\d+", lines[filled[-1]])):
            lines[filled[-1]] = " " * len(lines[filled[-1]])
        if number > 1 and filled and _squeezed(lines[filled[0]])[0] == own_name:
            lines[filled[0]] = " " * len(lines[filled[0]])
        pages[number - 1] = "\n".join(lines)
    return "\f".join(pages)


def _distinctness(group: Group) -> tuple[int, int]:
    lengths = [len(piece.text) for piece in group.pieces()]
    return max(lengths), sum(lengths)


def _size(windows: dict[str, tuple[int, int, str]], name: str) -> int:
    start, end, _ = windows[name]
    return end - start


def _excerpt(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- PDFs ------------------------------------------------------------------------------------
def misreadings(text: str, view: ResumeView, extractor: Extractor) -> list[str]:
    """What `extractor`, having read `text` from a PDF made from `view`, misreads: one
    line each, at most MAX_PROBLEMS (then how many more)."""
    found = _Reading(text, extractor, expected_groups(view), searchable(view.name)).problems()
    if len(found) > MAX_PROBLEMS:
        found[MAX_PROBLEMS:] = [f"{extractor.name}: {len(found) - MAX_PROBLEMS} more problems"]
    return found


def verify_pdf(pdf: Path, view: ResumeView,
               extractors: list[Extractor] | None = None) -> list[str]:
    """What each extractor misreads of `pdf`, made from `view`."""
    return [problem for extractor in extractors or available_extractors()
            for problem in misreadings(extractor.read(pdf), view, extractor)]


def verify_build(options: BuildOptions) -> list[Problem]:
    """Every PDF a build with `options` wrote, read back and checked against its view."""
    from .build import check_options, output_stem

    checked = check_options(options)
    problems = []
    for view in checked.views:
        for paper in options.papers or (view.paper,):
            pdf = options.out / f"{output_stem(view, paper)}.pdf"
            problems.extend(Problem(f"{display_path(pdf)}: {line}")
                            for line in verify_pdf(pdf, view))
    return problems
