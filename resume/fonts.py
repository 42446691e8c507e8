"""The fonts: which files draw each language, the fontconfig setup that shows the renderer
those and no others, and glyph coverage.

Fonts come from one pinned package (`rendercv-fonts`, Noto Sans and Noto Sans SC as
TrueType, SIL Open Font License), never from the machine, so the same profile gives the
same PDF everywhere. Two faces come from Debian's fonts-noto-cjk, which `make` installs:
Noto Sans CJK TC for Traditional Chinese (no PyPI package ships a Traditional Chinese face),
and Noto Sans CJK SC, the fallback for the rare characters (CJK Extension B, such as the 𠮷
of some names) that the bundled Noto Sans SC lacks, drawn a character at a time. fontconfig
is given a configuration of our own that lists exactly those files, so no other font
installed on a machine can stand in for them. Before anything is laid out, every character
that will be drawn is looked up in the font that will draw it: a character no font has
stops the build, instead of becoming an empty box in a PDF someone sends to an employer.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import rendercv_fonts

from .errors import Location, Problem, ResumeError

FONT_FOLDER = Path(rendercv_fonts.__file__).parent / "Noto Sans"
# Noto Sans CJK from Debian's fonts-noto-cjk, which `make` installs: the Traditional Chinese
# face, and the fallback for rare characters.
SYSTEM_CJK_FOLDER = Path("/usr/share/fonts/opentype/noto")
SYSTEM_CJK_PACKAGE = "fonts-noto-cjk"
SYSTEM_CJK_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")


@dataclass(frozen=True)
class Face:
    family: str  # the family name inside the font file, which CSS asks for
    weight: int
    path: Path
    index: int = 0  # the face's place in a collection (.ttc); 0 in a single font


FAMILIES: dict[str, tuple[Face, ...]] = {
    "Noto Sans": (
        Face("Noto Sans", 400, FONT_FOLDER / "NotoSans-Regular.ttf"),
        Face("Noto Sans", 700, FONT_FOLDER / "NotoSans-Bold.ttf"),
    ),
    # Named explicitly: fontconfig would answer `lang=zh` with a Japanese face.
    "Noto Sans SC": (
        Face("Noto Sans SC", 400, FONT_FOLDER / "NotoSansSC-Regular.ttf"),
        Face("Noto Sans SC", 700, FONT_FOLDER / "NotoSansSC-Bold.ttf"),
    ),
    # The collections hold a face for each region (JP, KR, SC, TC, HK), the same characters
    # in the region's forms; CSS names the region's family, since fontconfig would answer
    # `lang=zh-Hans` with the Japanese face.
    "Noto Sans CJK SC": (
        Face("Noto Sans CJK SC", 400, SYSTEM_CJK_FOLDER / SYSTEM_CJK_FILES[0], index=2),
        Face("Noto Sans CJK SC", 700, SYSTEM_CJK_FOLDER / SYSTEM_CJK_FILES[1], index=2),
    ),
    "Noto Sans CJK TC": (
        Face("Noto Sans CJK TC", 400, SYSTEM_CJK_FOLDER / SYSTEM_CJK_FILES[0], index=3),
        Face("Noto Sans CJK TC", 700, SYSTEM_CJK_FOLDER / SYSTEM_CJK_FILES[1], index=3),
    ),
}
BUNDLED_FAMILIES = ("Noto Sans", "Noto Sans SC")

# Chinese is set entirely in Noto Sans SC, whose Latin letters are drawn to match its
# hanzi; English in Noto Sans, with Noto Sans SC for any Chinese among it. Traditional
# Chinese is set in Noto Sans CJK TC, which has every character Noto Sans CJK SC has.
FONT_STACKS: dict[str, tuple[str, ...]] = {
    "zh": ("Noto Sans SC", "Noto Sans CJK SC"),
    "zh-TW": ("Noto Sans CJK TC",),
    "en": ("Noto Sans", "Noto Sans SC", "Noto Sans CJK SC"),
}
# Families a stack can do without: the fallback for the rare characters (CJK Extension B,
# Hangul) that the bundled Noto Sans SC lacks. It draws only what no family before it has,
# and is named in the CSS only when a text needs it, so a PDF without such characters is
# the same byte for byte whether the fallback is installed or not.
FALLBACK_FAMILIES = frozenset({"Noto Sans CJK SC"})

# Never drawn with a glyph of their own: line breaks and format controls (joiners, marks).
_NOT_DRAWN = frozenset("\n\r\t")


@dataclass(frozen=True)
class DrawnText:
    """A string that will be drawn, with the field (and place) it comes from."""

    field: str
    text: str
    location: Location | None = None


def fontconfig_file() -> Path:
    """A fontconfig configuration that shows the renderer the bundled faces (by links in a
    folder of their own, so that the other faces of the package stay out) and the two
    Noto Sans CJK collections of the system CJK folder, and nothing else: the folder's
    other files (Noto Serif CJK, the extra weights of fonts-noto-cjk-extra) are rejected.
    Written once into the user's cache, where fontconfig also keeps what it learns of the
    fonts, so later builds load them without a scan.

    Declaring the faces here rather than by @font-face also spares WeasyPrint copying 20 MB
    of font files into a temporary folder on every build."""
    faces = [face for family in BUNDLED_FAMILIES for face in FAMILIES[family]]
    # Named by the files shown, so that versions of this program showing other files (as
    # before the system collections were listed one by one) never rewrite each other's.
    shown = [str(face.path.resolve()) for face in faces]
    shown += [str(SYSTEM_CJK_FOLDER / name) for name in SYSTEM_CJK_FILES]
    digest = hashlib.sha256("\n".join(shown).encode())
    folder = _cache_folder() / f"fonts-{digest.hexdigest()[:12]}"
    links = folder / "fonts"
    config = folder / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- Written by resume (resume/fonts.py): these fonts, and no others. -->\n"
        "<fontconfig>\n"
        f"  <dir>{escape(str(links))}</dir>\n"
        f"  <dir>{escape(str(SYSTEM_CJK_FOLDER))}</dir>\n"
        f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        # Read only: the system's cache of its CJK folder, which spares a first scan.
        "  <cachedir>/var/cache/fontconfig</cachedir>\n"
        "  <selectfont>\n"
        "    <acceptfont>\n"
        + "".join(f"      <glob>{escape(str(SYSTEM_CJK_FOLDER / name))}</glob>\n"
                  for name in SYSTEM_CJK_FILES)
        + "    </acceptfont>\n"
        f"    <rejectfont><glob>{escape(str(SYSTEM_CJK_FOLDER))}/*</glob></rejectfont>\n"
        "  </selectfont>\n"
        "</fontconfig>\n"
    )
    if config.is_file() and config.read_text(encoding="utf-8") == text:
        return config
    links.mkdir(parents=True, exist_ok=True)
    for face in faces:
        link = links / face.path.name
        if not (link.is_symlink() and link.resolve() == face.path.resolve()):
            link.unlink(missing_ok=True)
            link.symlink_to(face.path.resolve())
    temporary = config.with_name(f".fonts.conf.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, config)
    return config


def _cache_folder() -> Path:
    """Where fontconfig's configuration and cache live: the user's cache folder, or a
    private temporary one where that cannot be written."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "resume"
    try:
        base.mkdir(parents=True, exist_ok=True)
        if os.access(base, os.W_OK):
            return base
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"resume-{os.getuid()}"


def families_needed(language: str, texts: list[DrawnText]) -> tuple[str, ...]:
    """The families of `language`'s stack that the texts use: the first always, the others
    only when some character needs them (each family costs time and bytes)."""
    stack = FONT_STACKS[language]
    needed = {stack[0]}
    for character in _distinct_characters(texts):
        if character in _NOT_DRAWN or is_format_control(character):
            continue
        family = first_family_with(character, stack)
        if family:
            needed.add(family)
    return tuple(family for family in stack if family in needed)


def _distinct_characters(texts: list[DrawnText]) -> set[str]:
    """Every character of the texts, once: a résumé's thousands of characters are a few
    hundred distinct ones, each looked up in the fonts once."""
    characters: set[str] = set()
    for drawn in texts:
        characters.update(drawn.text)
    return characters


@dataclass(frozen=True)
class FontRun:
    """Consecutive characters of a text that one family draws."""

    family: str
    text: str


def font_runs(text: str, language: str) -> list[FontRun]:
    """`text` cut where the family that draws it changes, as the PDF draws it in `language`:
    each character in the first family of the language's stack that has it, the bundled
    faces before the fallback (`FALLBACK_FAMILIES`). For outputs that name a font per run
    of text, as Word does, so that they draw each character with the PDF's font.

    Characters drawn with no glyph of their own (line breaks, joiners) stay in the run
    they are in. Call `check_coverage` first: a character no family has is given the
    stack's first family here."""
    stack = FONT_STACKS[language]
    families: list[str] = []
    for character in text:
        if families and (character in _NOT_DRAWN or is_format_control(character)):
            families.append(families[-1])
        else:
            families.append(first_family_with(character, stack) or stack[0])
    runs: list[FontRun] = []
    start = 0
    for family, characters in itertools.groupby(families):
        length = len(list(characters))
        runs.append(FontRun(family, text[start:start + length]))
        start += length
    return runs


def is_installed(family: str) -> bool:
    return all(face.path.is_file() for face in FAMILIES[family])


def check_fonts_installed(language: str) -> None:
    """Raise a `ResumeError` saying what to install when a font `language` cannot do
    without is missing (a missing fallback only narrows what can be drawn)."""
    missing = [face.path for family in FONT_STACKS[language] for face in FAMILIES[family]
               if family not in FALLBACK_FAMILIES and not face.path.is_file()]
    if missing:
        raise ResumeError(
            f"the {language} résumé needs {FONT_STACKS[language][0]}, which is not installed "
            f"({missing[0]} is missing); install it with: sudo apt-get install "
            f"{SYSTEM_CJK_PACKAGE}"
        )


def check_coverage(language: str, texts: list[DrawnText]) -> None:
    """Raise a `ResumeError` naming every character that no font of `language` can draw."""
    check_fonts_installed(language)
    stack = FONT_STACKS[language]
    usable = [family for family in stack
              if family not in FALLBACK_FAMILIES or is_installed(family)]
    missing_fallback = next((family for family in stack if family not in usable), None)
    advice = (f"; or install {SYSTEM_CJK_PACKAGE} (sudo apt-get install {SYSTEM_CJK_PACKAGE}),"
              f" whose {missing_fallback} has many more rare characters"
              if missing_fallback else "")
    undrawable = {character for character in _distinct_characters(texts)
                  if character not in _NOT_DRAWN and not is_format_control(character)
                  and not first_family_with(character, stack)}
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for drawn in texts:
        if undrawable.isdisjoint(drawn.text):
            continue
        for character in drawn.text:
            if character not in undrawable or (drawn.field, character) in reported:
                continue
            reported.add((drawn.field, character))
            name = unicodedata.name(character, "unnamed character")
            problems.append(Problem(
                f'the character "{character}" (U+{ord(character):04X} {name}) has no glyph in '
                f"{_one_of(usable)}; it would print as an empty box. Remove it or replace "
                f"it with a character the font has{advice}",
                drawn.field,
                drawn.location,
            ))
    if problems:
        raise ResumeError(problems)


def _one_of(names: list[str]) -> str:
    """`A`, `A or B`, `A, B or C`."""
    return " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def is_format_control(character: str) -> bool:
    return unicodedata.category(character) == "Cf"


def first_family_with(character: str, stack: tuple[str, ...]) -> str | None:
    """The first family of `stack` whose every face has a glyph for `character`. A fallback
    family's character map is read only when a character reaches it, and only if it is
    installed."""
    code_point = ord(character)
    for family in stack:
        if family in FALLBACK_FAMILIES and not is_installed(family):
            continue
        if all(covers(face, code_point) for face in FAMILIES[family]):
            return family
    return None


def font_family_css(families: tuple[str, ...]) -> str:
    """The document's font stack, made of `families` and nothing else."""
    generic = {"serif", "sans-serif", "monospace", "system-ui"}  # keywords, never quoted
    stack = ", ".join(family if family in generic else f'"{family}"' for family in families)
    return f"html {{ font-family: {stack}; }}"


def covers(face: Face, code_point: int) -> bool:
    starts, ends = _coverage(face.path, face.index)
    index = bisect.bisect_right(starts, code_point) - 1
    return index >= 0 and code_point <= ends[index]


@cache
def _coverage(font: Path, index: int = 0) -> tuple[list[int], list[int]]:
    """The code points the face at `index` of `font` maps to a glyph, as sorted, disjoint
    ranges.

    Read straight from the cmap table: fontTools would build a name for each of the 30,000
    glyphs of a CJK font, which takes a tenth of a second a face.
    """
    ranges = _cmap_ranges(_read_cmap_table(font, index))
    if ranges is None:
        raise ResumeError(f"{font}: no usable character map (cmap format 4 or 12) in this font")
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _read_cmap_table(font: Path, index: int = 0) -> bytes:
    """The bytes of the cmap table alone of the face at `index` (a CJK font is ten
    megabytes; this, a few hundred kilobytes), or empty bytes when it has none."""
    with open(font, "rb") as file:
        header = file.read(12)
        if header[:4] == b"ttcf":  # a collection: a directory of faces after the header
            (face_count,) = struct.unpack_from(">I", header, 8)
            if index >= face_count:
                return b""
            file.seek(12 + 4 * index)
            (face_offset,) = struct.unpack(">I", file.read(4))
            file.seek(face_offset)
            header = file.read(12)
        (table_count,) = struct.unpack_from(">H", header, 4)
        directory = file.read(16 * table_count)
        for index in range(table_count):
            tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * index)
            if tag == b"cmap":
                file.seek(offset)
                return file.read(length)
    return b""


def _cmap_ranges(data: bytes) -> list[tuple[int, int]] | None:
    if not data:
        return None
    cmap_offset = 0
    _, subtable_count = struct.unpack_from(">HH", data, cmap_offset)
    subtables: dict[int, int] = {}
    for index in range(subtable_count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * index)
        if (platform, encoding) in {(3, 10), (0, 4), (3, 1), (0, 3)}:
            (table_format,) = struct.unpack_from(">H", data, cmap_offset + offset)
            subtables.setdefault(table_format, cmap_offset + offset)
    if 12 in subtables:
        return _format_12_ranges(data, subtables[12])
    if 4 in subtables:
        return _format_4_ranges(data, subtables[4])
    return None


def _format_12_ranges(data: bytes, offset: int) -> list[tuple[int, int]]:
    (group_count,) = struct.unpack_from(">I", data, offset + 12)
    ranges = []
    for index in range(group_count):
        start, end, glyph = struct.unpack_from(">III", data, offset + 16 + 12 * index)
        if glyph == 0:  # the first code point of this group maps to .notdef
            start += 1
        if start <= end:
            ranges.append((start, end))
    return ranges


def _format_4_ranges(data: bytes, offset: int) -> list[tuple[int, int]]:
    (segment_count_x2,) = struct.unpack_from(">H", data, offset + 6)
    count = segment_count_x2 // 2
    ends_at = offset + 14
    starts_at = ends_at + segment_count_x2 + 2
    deltas_at = starts_at + segment_count_x2
    range_offsets_at = deltas_at + segment_count_x2
    ranges = []
    for index in range(count):
        (end,) = struct.unpack_from(">H", data, ends_at + 2 * index)
        (start,) = struct.unpack_from(">H", data, starts_at + 2 * index)
        (delta,) = struct.unpack_from(">h", data, deltas_at + 2 * index)
        (range_offset,) = struct.unpack_from(">H", data, range_offsets_at + 2 * index)
        for code_point in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code_point + delta) & 0xFFFF
            else:
                address = range_offsets_at + 2 * index + range_offset + 2 * (code_point - start)
                (glyph,) = struct.unpack_from(">H", data, address)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                ranges.append((code_point, code_point))
    return ranges
