"""A language's view of the profile as a Word document (.docx), for recruiters and job
portals that ask for one ("请提交 Word 版简历").

The document is built from the same view as the PDF, not converted from it: the same
sections in the same order, with the same labels, dates and links, in one column whatever
the theme (a theme gives it its accent, text size and margins). Everything a Word user may
want to change is a named style (Name, Section Title, Entry Heading, Entry Date, Bullet...),
bullets and publications are Word lists, links are live hyperlinks, and dates sit at a right
tab stop. Each run of text says its script: hanzi carry the East Asian font and language
(zh-CN or zh-TW), Latin text the Latin font and en-US, so Word picks the right font and line
breaking for each.

Fonts are named, not embedded: Arial for Latin text, Microsoft YaHei (Microsoft JhengHei for
zh-TW) for Chinese, which Windows has and Word for Mac brings with it (the README's "Word
documents" says why). Rare characters beyond them (CJK Extension B onward, such as the 𠮷 of
some names) are runs of their own, named in the Windows face that has their block. The same
view gives the same bytes: no clock, fixed zip timestamps.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Mm

from .design import Margins, Typography, theme_accent
from .errors import Problem, ResumeError
from .model import Design
from .render import document_subject
from .text import Rich, searchable
from .view import (
    EntryView,
    PublicationView,
    ResumeView,
    Row,
    SectionView,
)

# Fonts that every copy of Word has: Arial on Windows and macOS; Microsoft YaHei and
# Microsoft JhengHei are core fonts of Windows, and Word for Mac installs YaHei with itself.
LATIN_FONT = "Arial"
EAST_ASIAN_FONTS = {"zh": "Microsoft YaHei", "en": "Microsoft YaHei", "zh-TW": "Microsoft JhengHei"}
# Rare characters: the supplementary ideographs (U+20000 to U+3FFFF: CJK Extension B
# onward), which YaHei and JhengHei lack. Each block is named in the Windows face that has
# it, as Microsoft's own fallback table says (WPF's GlobalUserInterface.CompositeFont; all
# three are core fonts of Windows, SimSun-ExtG of recent versions), since Word may draw a
# character its run's font lacks as an empty box. Rows: (first code point, face for
# Simplified Chinese and English, face for Traditional Chinese). Extension A (U+3400 to
# U+4DB5) needs no row: it is in GB 18030's mandatory set, which YaHei covers, and
# Microsoft's table sets it in JhengHei for Traditional Chinese (its ten later characters
# are in no face of the PDF, so the glyph check stops them). `fonts.font_runs` cannot
# answer this: it reads the PDF's own faces (Noto Sans SC has 𨭉, YaHei has not).
RARE_FACES: tuple[tuple[int, str, str], ...] = (
    (0x20000, "SimSun-ExtB", "MingLiU-ExtB"),  # Extension B
    (0x2A700, "MingLiU-ExtB", "MingLiU-ExtB"),  # Extensions C and D: only in MingLiU-ExtB
    (0x2B820, "SimSun-ExtB", "SimSun-ExtB"),  # Extensions E and F: only in SimSun-ExtB
    (0x2EBF0, "SimSun-ExtG", "SimSun-ExtG"),  # Extension I
    (0x2F800, "MingLiU-ExtB", "MingLiU-ExtB"),  # Compatibility Supplement: a few there
    (0x30000, "SimSun-ExtG", "SimSun-ExtG"),  # Extensions G and H
)
RARE_LAST = 0x3FFFF
_RARE_STARTS = [start for start, _, _ in RARE_FACES]
# What Word needs to find a similar face where one is missing: the localized name, PANOSE,
# character set (GB2312, Big5) and family. The rare faces only say their character set
# and that they are serif (Song and Ming) faces.
FONT_TABLE = {
    "Arial": ("", "020B0604020202020204", "00", "swiss"),
    "Microsoft YaHei": ("微软雅黑", "020B0503020204020204", "86", "swiss"),
    "Microsoft JhengHei": ("微軟正黑體", "020B0604030504040204", "88", "swiss"),
    "SimSun-ExtB": ("", "", "86", "roman"),
    "SimSun-ExtG": ("", "", "86", "roman"),
    "MingLiU-ExtB": ("", "", "88", "roman"),
}
LATIN_LANGUAGE = "en-US"

# The classic theme's colours and margins, for what a theme does not say.
INK = "1A1A1A"
MUTED = "5A5A5A"
RULE = "C9D3DE"
CLASSIC_ACCENT = "#1f4e79"
CLASSIC_MARGINS = Margins(16.0, 17.0, 17.0, 17.0)
# A side narrower than this is a sidebar theme's band (modern's left margin is 0 mm): the
# single column takes the opposite side's margin there.
MIN_MARGIN = 8.0
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
PHOTO_MM = (25.0, 35.0)
PHOTO_GAP_MM = 5.0
# Line heights of the classic theme, as multiples of the text size.
LINE_HEIGHT = {"zh": 1.65, "en": 1.45}
RUNNING_SIZE = 8.0  # points: the running header and the page numbers

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_COMPATIBILITY = "http://schemas.microsoft.com/office/word"
# The earliest time a zip entry can carry, for builds without SOURCE_DATE_EPOCH.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# Hanzi, kana, hangul, bopomofo, CJK punctuation and full-width forms: set in the East
# Asian font. Letters and digits of other scripts are Latin; everything else (spaces,
# punctuation, symbols) follows the text before it.
_EAST_ASIAN = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u31ff\u3200-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
_WHITESPACE = re.compile(r"[ \t\r\n]+")
SEPARATOR = " · "
MASTHEAD_RULE_EIGHTHS = 10  # 1.2 pt, in eighths of a point
MASTHEAD_GAP_MM = 3.0
NO_BREAK_SPACE = "\u00a0"
ROW_GAP = "\u2003\u2002"  # 1.5 em between rows set in one paragraph, as the theme's margin


@dataclass(frozen=True)
class WordDesign:
    """What the Word document takes from the design of the PDF: the paper, the margins
    (mm), the body text size (pt), the multipliers of line height and spacing, the accent."""

    paper: str
    margins: Margins
    font_size: float
    leading: float
    space: float
    accent: str  # RRGGBB

    @classmethod
    def of(cls, design: Design, typography: Typography, theme_css: str,
           paper: str) -> WordDesign:
        """The design of a PDF laid out with `typography` in a theme, for one column."""
        top, right, bottom, left = typography.margins or CLASSIC_MARGINS
        if left < MIN_MARGIN:
            left = right
        if right < MIN_MARGIN:
            right = left
        accent = design.accent or theme_accent(theme_css) or CLASSIC_ACCENT
        digits = accent.lstrip("#")
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return cls(paper, Margins(top, right, bottom, left), typography.font_size,
                   typography.leading, typography.space, digits.upper())

    @property
    def text_width(self) -> float:
        """The width between the margins, in mm."""
        return PAPER_MM[self.paper][0] - self.margins.left - self.margins.right


def word_document(view: ResumeView, design: WordDesign, source_date_epoch: int | None) -> bytes:
    """The résumé of `view` as a .docx file; `source_date_epoch` dates it, when given."""
    rare = rare_faces((drawn.text for drawn in view.drawn_texts), view.language.code)
    document = docx.Document(io.BytesIO(_skeleton(view.language.code, design, rare)))
    _Writer(document, view, design).write()
    _set_properties(document, view, source_date_epoch)
    saved = io.BytesIO()
    document.save(saved)
    return _reproducible_zip(saved.getvalue(), source_date_epoch)


# -- the package a document starts from: its styles, lists, fonts and settings --------------

def _skeleton(language: str, design: WordDesign, rare_faces: tuple[str, ...]) -> bytes:
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELATIONSHIPS,
        "docProps/core.xml": _CORE_PROPERTIES,
        "word/document.xml": _DOCUMENT,
        "word/_rels/document.xml.rels": _DOCUMENT_RELATIONSHIPS,
        "word/styles.xml": _styles(language, design),
        "word/numbering.xml": _numbering(language, design),
        "word/fontTable.xml": _font_table(language, rare_faces),
        "word/settings.xml": _settings(language),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


_XML = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_CONTENT_TYPES = _XML + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_MAIN}.styles+xml"/>'
    f'<Override PartName="/word/numbering.xml" ContentType="{_MAIN}.numbering+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_MAIN}.fontTable+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_MAIN}.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
_PACKAGE_RELATIONSHIPS = _XML + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
_DOCUMENT_RELATIONSHIPS = _XML + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(
        f'<Relationship Id="rId{index}" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/{kind}" Target="{kind}.xml"/>'
        for index, kind in enumerate(("styles", "numbering", "fontTable", "settings"), 1)
    ) + "</Relationships>"
)
_CORE_PROPERTIES = _XML + (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://'
    'purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://'
    'www.w3.org/2001/XMLSchema-instance"/>'
)
_DOCUMENT = _XML + (
    f'<w:document xmlns:w="{W_NAMESPACE}" xmlns:r="{R_NAMESPACE}"><w:body><w:sectPr/>'
    "</w:body></w:document>"
)


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _half_points(points: float) -> int:
    return round(points * 2)


class _Look:
    """Sizes of one document, from its design and language: points, twips, half-points."""

    def __init__(self, language: str, design: WordDesign):
        self.design = design
        self.chinese = language.startswith("zh")
        self.size = design.font_size
        self.line_height = LINE_HEIGHT["zh" if self.chinese else "en"] * design.leading

    def line(self, scale: float = 1.0, line_height: float | None = None) -> int:
        """A line's least height in twips, for text `scale` times the body size."""
        return round(self.size * scale * (line_height or self.line_height) * 20)

    def space(self, mm: float) -> int:
        """Vertical space of the theme, in twips, after the page fitting's multiplier."""
        return _twips(mm * self.design.space)

    def em(self, ems: float, scale: float = 1.0) -> int:
        """A length in ems of text `scale` times the body size, in twips."""
        return round(self.size * scale * ems * 20)


def _ppr(look: _Look, *, keep_next: bool = False, keep_lines: bool = False,
         numbering: int | None = None, rule_below: tuple[float, str, float] | None = None,
         right_tab: bool = False, before: float = 0.0, after: float = 0.0,
         scale: float = 1.0, line_height: float | None = None,
         indent: tuple[int, int] | None = None, outline: int | None = None,
         base: bool = False) -> str:
    """A style's paragraph properties, in the order the schema requires. `rule_below`:
    (points, colour, mm from the text); `base`: the properties every paragraph starts from
    (the text carries its own spaces between scripts, so Word adds none)."""
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if numbering is not None:
        parts.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbering}"/></w:numPr>')
    if rule_below:
        points, colour, gap = rule_below
        parts.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{round(points * 8)}" '
                     f'w:space="{round(gap * 72 / 25.4)}" w:color="{colour}"/></w:pBdr>')
    if right_tab:
        parts.append(f'<w:tabs><w:tab w:val="right" w:pos="{_twips(look.design.text_width)}"/>'
                     "</w:tabs>")
    if base:
        parts.append('<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
    parts.append(f'<w:spacing w:before="{look.space(before)}" w:after="{look.space(after)}" '
                 f'w:line="{look.line(scale, line_height)}" w:lineRule="atLeast"/>')
    if indent:
        parts.append(f'<w:ind w:left="{indent[0]}" w:hanging="{indent[1]}"/>')
    if base:
        parts.append('<w:jc w:val="left"/>')  # Chinese is never justified
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _rpr(look: _Look, *, fonts: str | None = None, bold: bool | None = None,
         caps: bool = False, colour: str | None = None, tracking: float = 0.0,
         scale: float | None = None) -> str:
    """A style's run properties, in schema order. `tracking`: letter spacing in ems."""
    parts = []
    if fonts:
        parts.append(f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
                     f'w:eastAsia="{fonts}" w:cs="{LATIN_FONT}"/>')
    if bold is not None:
        parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if caps:
        parts.append("<w:caps/>")
    if colour:
        parts.append(f'<w:color w:val="{colour}"/>')
    if tracking:
        parts.append(f'<w:spacing w:val="{look.em(tracking, scale or 1.0)}"/>')
    if scale is not None:
        size = _half_points(look.size * scale)
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _style(kind: str, style_id: str, name: str, properties: str = "", *,
           based_on: str | None = "Normal", next_style: str | None = None,
           default: bool = False, gallery: bool = True) -> str:
    attributes = f' w:type="{kind}"' + (' w:default="1"' if default else "")
    if kind != "paragraph" and based_on == "Normal":
        based_on = "DefaultParagraphFont" if kind == "character" else None
    return (
        f'<w:style{attributes} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_style}"/>' if next_style else "")
        + ("<w:qFormat/>" if gallery else "<w:semiHidden/><w:unhideWhenUsed/>")
        + properties + "</w:style>"
    )


BULLET_LIST = 1  # the numbering instance of every bullet; publications get their own
PUBLICATION_LIST = 1  # the abstract numbering publications' lists restart


def _styles(language: str, design: WordDesign) -> str:
    look = _Look(language, design)
    accent = design.accent
    east_asian = EAST_ASIAN_FONTS[language]
    chinese = look.chinese
    styles = [
        _style("paragraph", "Normal", "Normal", _ppr(look, base=True)
               + _rpr(look, fonts=east_asian, colour=INK, scale=1.0),
               based_on=None, default=True),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", based_on=None,
               default=True, gallery=False),
        _style("table", "TableNormal", "Normal Table",
               '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
               '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
               '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
               "</w:tblCellMar></w:tblPr>", based_on=None, default=True, gallery=False),
        _style("numbering", "NoList", "No List", based_on=None, default=True, gallery=False),
        _style("paragraph", "Name", "Name",
               _ppr(look, keep_next=True, scale=2.1, line_height=1.2)
               + _rpr(look, bold=True, colour=accent, tracking=0.12 if chinese else 0.0,
                      scale=2.1), next_style="Headline"),
        _style("paragraph", "Headline", "Headline",
               _ppr(look, keep_next=True, before=1.0, scale=1.1) + _rpr(look, scale=1.1),
               next_style="Location"),
        _style("paragraph", "Location", "Location",
               _ppr(look, keep_next=True) + _rpr(look, colour=MUTED), next_style="Contacts"),
        _style("paragraph", "Contacts", "Contacts",
               _ppr(look, before=1.5, scale=0.9) + _rpr(look, scale=0.9)),
        _style("paragraph", "Photo", "Photo", '<w:pPr><w:spacing w:line="240" '
               'w:lineRule="auto"/><w:jc w:val="right"/></w:pPr>', gallery=False),
        _style("paragraph", "SectionTitle", "Section Title",
               _ppr(look, keep_next=True, keep_lines=True, rule_below=(0.6, RULE, 0.8),
                    before=4.5, after=2.2, scale=1.15, outline=0)
               + _rpr(look, bold=True, caps=not chinese, colour=accent,
                      tracking=0.0 if chinese else 0.06, scale=1.15),
               next_style="EntryHeading"),
        _style("paragraph", "EntryHeading", "Entry Heading",
               _ppr(look, keep_next=True, keep_lines=True, right_tab=True, before=3.2,
                    scale=1.05) + _rpr(look, bold=True, scale=1.05), next_style="EntryMeta"),
        _style("paragraph", "EntryMeta", "Entry Meta",
               _ppr(look, keep_next=True, keep_lines=True, scale=0.9)
               + _rpr(look, colour=MUTED, scale=0.9), next_style="EntryText"),
        _style("paragraph", "EntryText", "Entry Text",
               _ppr(look, keep_lines=True, before=1.0), next_style="Bullet"),
        _style("paragraph", "Bullet", "Bullet",
               _ppr(look, keep_lines=True, numbering=BULLET_LIST, before=0.4)),
        _style("paragraph", "Details", "Details", _ppr(look, keep_lines=True)),
        _style("paragraph", "Project", "Project", _ppr(look, keep_lines=True, after=1.4)),
        _style("paragraph", "Publication", "Publication",
               _ppr(look, keep_lines=True, after=1.2,
                    indent=(look.em(1.6), look.em(1.6)))),
        _style("paragraph", "Attribution", "Attribution",
               _ppr(look, keep_lines=True) + _rpr(look, colour=MUTED)),
        _style("paragraph", "Header", "header",
               '<w:pPr><w:jc w:val="right"/></w:pPr>'
               + _rpr(look, colour=MUTED, scale=RUNNING_SIZE / look.size), gallery=False),
        _style("paragraph", "Footer", "footer",
               '<w:pPr><w:jc w:val="right"/></w:pPr>'
               + _rpr(look, colour=MUTED, scale=RUNNING_SIZE / look.size), gallery=False),
        _style("character", "Hyperlink", "Hyperlink", _rpr(look, colour=accent)),
        # A link that keeps the colours of its text: an entry's heading, a contact.
        _style("character", "Link", "Link"),
        _style("character", "Strong", "Strong", _rpr(look, bold=True)),
        _style("character", "Label", "Label", _rpr(look, colour=MUTED)),
        _style("character", "Separator", "Separator", _rpr(look, colour=MUTED)),
        _style("character", "EntrySubtitle", "Entry Subtitle", _rpr(look, bold=False)),
        _style("character", "EntryDate", "Entry Date",
               _rpr(look, bold=False, colour=MUTED, scale=0.9)),
        _style("character", "Venue", "Venue", _rpr(look, colour=MUTED)),
        _style("character", "ProjectName", "Project Name",
               _rpr(look, bold=True, colour=accent)),
    ]
    return _XML + (
        f'<w:styles xmlns:w="{W_NAMESPACE}"><w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:lang w:val="{LATIN_LANGUAGE}" w:eastAsia="{east_asian_language(language)}" '
        'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
        + "".join(styles) + "</w:styles>"
    )


def _numbering(language: str, design: WordDesign) -> str:
    """Two lists: bullets (the Bullet style's), and the numbers of publications, which
    each publications section restarts with an instance of its own."""
    look = _Look(language, design)
    bullet_indent = look.em(1.1)
    bullet_hanging = look.em(0.6)  # the marker about half an em in, as the PDF's
    number_indent = look.em(1.6)
    return _XML + (
        f'<w:numbering xmlns:w="{W_NAMESPACE}">'
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:pStyle w:val="Bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{bullet_indent}" w:hanging="{bullet_hanging}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:hint="default"/>'
        f'<w:color w:val="{design.accent}"/></w:rPr></w:lvl></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="{PUBLICATION_LIST}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:pStyle w:val="Publication"/><w:lvlText w:val="%1."/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{number_indent}" '
        f'w:hanging="{number_indent}"/></w:pPr></w:lvl></w:abstractNum>'
        f'<w:num w:numId="{BULLET_LIST}"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


def _font_table(language: str, rare_faces: tuple[str, ...]) -> str:
    """The fonts the document names: the rare faces only where a text needs them, so that
    a document without rare characters is the same as ever."""
    entries = []
    for name in (LATIN_FONT, EAST_ASIAN_FONTS[language], *rare_faces):
        alternative, panose, charset, family = FONT_TABLE[name]
        entries.append(
            f'<w:font w:name="{name}">'
            + (f'<w:altName w:val="{alternative}"/>' if alternative else "")
            + (f'<w:panose1 w:val="{panose}"/>' if panose else "")
            + f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            '<w:pitch w:val="variable"/></w:font>'
        )
    return _XML + f'<w:fonts xmlns:w="{W_NAMESPACE}">{"".join(entries)}</w:fonts>'


def east_asian_language(language: str) -> str:
    """Word's language for the East Asian runs of a résumé in `language`."""
    return "zh-TW" if language == "zh-TW" else "zh-CN"


def _settings(language: str) -> str:
    return _XML + (
        f'<w:settings xmlns:w="{W_NAMESPACE}"><w:defaultTabStop w:val="420"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
        f'<w:compatSetting w:name="compatibilityMode" w:uri="{WORD_COMPATIBILITY}" '
        'w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{LATIN_LANGUAGE}" w:eastAsia="{east_asian_language(language)}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


# -- the content ------------------------------------------------------------------------------

def _element(tag: str, attributes: dict[str, object] | None = None, *children):
    element = OxmlElement(tag)
    for name, value in (attributes or {}).items():
        element.set(qn(name), str(value))
    element.extend(children)
    return element


def _visible(text: str) -> str:
    """Text as the PDF shows it: no invisible word joiners (they would also stop a search
    for the words they sit in), white space collapsed as HTML collapses it."""
    return _WHITESPACE.sub(" ", searchable(text))


def script_runs(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut where its script changes: (part, whether it is East Asian). Spaces and
    punctuation go with the text before them (a Chinese quotation mark stays Chinese)."""
    start, east_asian = 0, None
    for index, character in enumerate(text):
        if _EAST_ASIAN.match(character):
            script = True
        elif unicodedata.category(character)[0] in "LN":
            script = False
        else:
            continue
        if east_asian is None:
            east_asian = script
        elif script != east_asian:
            yield text[start:index], east_asian
            start, east_asian = index, script
    if start < len(text):
        yield text[start:], bool(east_asian)


def rare_face(character: str, language: str) -> str | None:
    """The face that draws `character` in Word where the East Asian font of `language`
    cannot: None for every character but the supplementary ideographs."""
    code_point = ord(character)
    if not RARE_FACES[0][0] <= code_point <= RARE_LAST:
        return None
    _, simplified, traditional = RARE_FACES[bisect.bisect_right(_RARE_STARTS, code_point) - 1]
    return traditional if language == "zh-TW" else simplified


def rare_runs(text: str, language: str) -> Iterator[tuple[str, str | None]]:
    """`text` cut where the face that draws it changes: (part, its rare face, or None for
    the style's East Asian font)."""
    for face, characters in itertools.groupby(text, lambda character: rare_face(
            character, language)):
        yield "".join(characters), face


def rare_faces(texts: Iterable[str], language: str) -> tuple[str, ...]:
    """The rare faces that `texts` need, in the order of `RARE_FACES`."""
    needed = {rare_face(character, language) for text in texts for character in text}
    ordered = dict.fromkeys(face for _, *faces in RARE_FACES for face in faces)
    return tuple(face for face in ordered if face in needed)


class _Writer:
    """Writes one view into a document opened from its skeleton: a writer for each kind
    of section, so a new section of an existing kind needs nothing here."""

    def __init__(self, document, view: ResumeView, design: WordDesign):
        self.document = document
        self.view = view
        self.design = design
        self.chinese = view.language.code.startswith("zh")
        self.east_asian_language = east_asian_language(view.language.code)
        self.body = document.element.body
        self.section_properties = self.body.sectPr
        self.part = document.part
        self.colon = "：" if self.chinese else ":" + NO_BREAK_SPACE
        self.lists = 0  # numbering instances added for publications

    # Paragraphs and runs, built as elements: the styles are the skeleton's own.
    def paragraph(self, style: str, container=None, **direct):
        properties = _element("w:pPr", None, _element("w:pStyle", {"w:val": style}))
        if direct.get("keep_next"):
            properties.append(_element("w:keepNext"))
        if "numbering" in direct:
            properties.append(_element("w:numPr", None, _element("w:ilvl", {"w:val": 0}),
                                       _element("w:numId", {"w:val": direct["numbering"]})))
        if "before" in direct:
            properties.append(_element("w:spacing", {"w:before": direct["before"]}))
        paragraph = _element("w:p", None, properties)
        if container is None:
            self.section_properties.addprevious(paragraph)
        else:
            container.append(paragraph)
        return paragraph

    def text(self, paragraph, words: str, style: str | None = None, *, target=None) -> None:
        """`words` as runs in a character style: one for each script, and one for each
        stretch of rare characters, in the face that has them."""
        target = paragraph if target is None else target
        for words_of_script, east_asian in script_runs(_visible(words)):
            if not east_asian:
                target.append(self.run(words_of_script, style, _element(
                    "w:lang", {"w:val": LATIN_LANGUAGE})))
                continue
            for part, face in rare_runs(words_of_script, self.view.language.code):
                fonts = {"w:hint": "eastAsia"}
                if face:  # in every slot: whichever a reader files these characters under
                    fonts.update({f"w:{slot}": face
                                  for slot in ("ascii", "hAnsi", "eastAsia", "cs")})
                target.append(self.run(part, style, _element("w:rFonts", fonts), _element(
                    "w:lang", {"w:eastAsia": self.east_asian_language})))

    @staticmethod
    def run(part: str, style: str | None, *properties):
        """A run of `part` in a character style, with more `properties` in schema order."""
        run_properties = _element("w:rPr")
        if style:
            run_properties.append(_element("w:rStyle", {"w:val": style}))
        run_properties.extend(properties)
        content = _element("w:t", {"xml:space": "preserve"} if part != part.strip() else {})
        content.text = part
        return _element("w:r", None, run_properties, content)

    def rich(self, paragraph, text: Rich, style: str | None = None) -> None:
        """Typeset text: links live, bold in the Strong style."""
        for span in text.spans:
            if span.url:
                self.link(paragraph, span.text, span.url, style or "Hyperlink")
            else:
                self.text(paragraph, span.text, "Strong" if span.bold else style)

    def link(self, paragraph, words: str, url: str, style: str = "Link") -> None:
        """A live link. Its text always has a character style: LibreOffice leaves a link
        whose runs have none out of the PDFs it makes."""
        if not _visible(words).strip():
            return  # nothing to click: an entry without a heading
        relationship = self.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = _element("w:hyperlink", {"r:id": relationship, "w:history": 1})
        self.text(paragraph, words, style, target=hyperlink)
        paragraph.append(hyperlink)

    def linked(self, paragraph, text: Rich, url: str | None, style: str | None = None) -> None:
        """A heading or a name that links as a whole: in its own colours, as in the PDF,
        where only links inside text take the accent."""
        if url:
            self.link(paragraph, str(text), url, style or "Link")
        else:
            self.rich(paragraph, text, style)

    def separated(self, paragraph, items: Iterable, write, separator: str = SEPARATOR) -> None:
        for index, item in enumerate(items):
            if index:
                self.text(paragraph, separator, "Separator")
            write(item)

    def tab(self, paragraph) -> None:
        paragraph.append(_element("w:r", None, _element("w:tab")))

    # The document.
    def write(self) -> None:
        self.page()
        self.masthead()
        for section in self.view.sections:
            self.text(self.paragraph("SectionTitle"), section.title)
            SECTION_WRITERS[section.kind](self, section)

    def page(self) -> None:
        section = self.document.sections[0]
        width, height = PAPER_MM[self.design.paper]
        section.page_width, section.page_height = Mm(width), Mm(height)
        margins = self.design.margins
        section.top_margin, section.right_margin = Mm(margins.top), Mm(margins.right)
        section.bottom_margin, section.left_margin = Mm(margins.bottom), Mm(margins.left)
        # The running lines sit about the middle of the margins, as the PDF's margin boxes.
        section.header_distance = Mm(max(margins.top / 2 - 1.5, 3.0))
        section.footer_distance = Mm(max(margins.bottom / 2 - 1.5, 3.0))
        # The name heads every page but the first, which it already heads; page numbers on all.
        section.different_first_page_header_footer = True
        self.text(_first_paragraph(section.header), searchable(self.view.name))
        section.first_page_header.is_linked_to_previous = False
        for footer in (section.footer, section.first_page_footer):
            self.page_numbers(_first_paragraph(footer))

    def page_numbers(self, paragraph) -> None:
        """`1 / 2`, as fields Word updates."""
        for index, field in enumerate(("PAGE", "NUMPAGES")):
            if index:
                self.text(paragraph, " / ")
            run = _element("w:r", None, _element("w:t"))
            run[0].text = "1"
            paragraph.append(_element("w:fldSimple", {"w:instr": f" {field} "}, run))

    def masthead(self) -> None:
        """The name, headline, location and contacts, with the photo at their right where
        the PDF has one, and the accent rule below them all."""
        view = self.view
        container = None
        if view.photo is not None:
            container = self.photo_table(view.photo)
        paragraphs = [self.paragraph("Name", container)]
        self.rich(paragraphs[-1], view.name)
        for style, text in (("Headline", view.headline), ("Location", view.whereabouts)):
            if text:
                paragraphs.append(self.paragraph(style, container))
                self.rich(paragraphs[-1], text)
        if view.contacts:
            contacts = self.paragraph("Contacts", container)
            self.separated(contacts, view.contacts, lambda item: self.contact(contacts, item))
            paragraphs.append(contacts)
        if container is None:  # with a photo, the table draws the rule
            paragraphs[-1].pPr.append(_element("w:pBdr", None, _element("w:bottom", {
                "w:val": "single", "w:sz": MASTHEAD_RULE_EIGHTHS, "w:space": round(
                    MASTHEAD_GAP_MM * self.design.space * 72 / 25.4),
                "w:color": self.design.accent})))

    def contact(self, paragraph, contact) -> None:
        self.text(paragraph, contact.label + NO_BREAK_SPACE, "Label")
        if contact.url:
            self.link(paragraph, contact.text, contact.url)
        else:
            self.text(paragraph, contact.text)

    def photo_table(self, photo: Path):
        """A table of one row without borders but the rule below: the name block, and the
        photo at the right, cut to 25 × 35 mm as the PDF's (object-fit: cover)."""
        text_width = _twips(self.design.text_width)
        photo_width = _twips(PHOTO_MM[0] + PHOTO_GAP_MM)
        no_border = {"w:val": "nil"}
        table = _element("w:tbl", None, _element(
            "w:tblPr", None,
            _element("w:tblW", {"w:w": text_width, "w:type": "dxa"}),
            _element("w:tblBorders", None, *(
                _element(f"w:{side}", no_border) for side in ("top", "left")),
                _element("w:bottom", {"w:val": "single", "w:sz": MASTHEAD_RULE_EIGHTHS,
                                      "w:space": 0, "w:color": self.design.accent}),
                *(_element(f"w:{side}", no_border)
                  for side in ("right", "insideH", "insideV"))),
            _element("w:tblLayout", {"w:type": "fixed"}),
            _element("w:tblCellMar", None,
                     _element("w:top", {"w:w": 0, "w:type": "dxa"}),
                     _element("w:left", {"w:w": 0, "w:type": "dxa"}),
                     _element("w:bottom", {"w:w": _twips(3.0), "w:type": "dxa"}),
                     _element("w:right", {"w:w": 0, "w:type": "dxa"})),
            _element("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0,
                                   "w:firstColumn": 0, "w:lastColumn": 0, "w:noHBand": 1,
                                   "w:noVBand": 1}),
        ), _element("w:tblGrid", None,
                    _element("w:gridCol", {"w:w": text_width - photo_width}),
                    _element("w:gridCol", {"w:w": photo_width})))
        cells = [_element("w:tc", None, _element("w:tcPr", None, _element(
            "w:tcW", {"w:w": width, "w:type": "dxa"}))) for width in (
            text_width - photo_width, photo_width)]
        table.append(_element("w:tr", None, *cells))
        self.section_properties.addprevious(table)
        picture = self.paragraph("Photo", cells[1])
        run = _element("w:r")
        picture.append(run)
        try:
            relationship, image = self.part.get_or_add_image(str(photo))
        except UnrecognizedImageError:
            raise ResumeError(Problem(
                f"{photo.name}: Word cannot read this image; save it again as a JPEG or a PNG",
                "basics.photo.file")) from None
        inline = CT_Inline.new_pic_inline(self.part.next_id, relationship, image.filename,
                                          Mm(PHOTO_MM[0]), Mm(PHOTO_MM[1]))
        _crop_to_fill(inline, (image.px_width, image.px_height), PHOTO_MM)
        run.append(_element("w:drawing", None, inline))
        return cells[0]

    # One writer for each kind of section.
    def paragraphs(self, section: SectionView) -> None:
        for item in section.items:
            paragraph = self.paragraph("Normal")
            self.rich(paragraph, item.text)
            if item.attribution:
                attribution = self.paragraph("Attribution")
                self.text(attribution, "——" if self.chinese else "— ")
                self.rich(attribution, item.attribution)

    def rows(self, section: SectionView) -> None:
        paragraph = self.paragraph("Details")
        self.separated(paragraph, section.items, lambda row: self.row(paragraph, row),
                       separator=ROW_GAP)

    def row(self, paragraph, row: Row) -> None:
        self.linked(paragraph, row.label, row.url, "Label")
        if row.text:
            self.text(paragraph, self.colon, "Label")
            self.rich(paragraph, row.text)

    def timeline(self, section: SectionView) -> None:
        for index, entry in enumerate(section.items):
            self.entry(entry, first=index == 0)

    def entry(self, entry: EntryView, first: bool) -> None:
        """An entry as the PDF draws it, kept on one page as the PDF keeps it."""
        # The section title's space is enough above a section's first entry.
        heading = self.paragraph("EntryHeading", **({"before": 0} if first else {}))
        self.linked(heading, entry.heading, entry.url)
        if entry.subtitle:
            self.text(heading, SEPARATOR, "EntrySubtitle")
            self.rich(heading, entry.subtitle, "EntrySubtitle")
        if entry.period:
            self.tab(heading)
            self.text(heading, entry.period, "EntryDate")
        if entry.meta:
            meta = self.paragraph("EntryMeta")
            self.separated(meta, entry.meta, lambda item: self.rich(meta, item))
        body = []
        if entry.summary:
            body.append(("EntryText", entry.summary))
        body.extend(("fact", fact) for fact in entry.facts)
        body.extend(("Bullet", highlight) for highlight in entry.highlights)
        for work in entry.work:
            if work.summary:
                body.append(("EntryText", work.summary))
            body.extend(("Bullet", highlight) for highlight in work.highlights)
        if entry.keywords:
            body.append(("fact", entry.keywords))
        for index, (kind, item) in enumerate(body):
            keep = index < len(body) - 1
            if kind == "fact":
                self.row(self.paragraph("Details", keep_next=keep), item)
            else:
                paragraph = self.paragraph(kind, keep_next=keep)
                self.rich(paragraph, item)

    def projects(self, section: SectionView) -> None:
        for project in section.items:
            paragraph = self.paragraph("Project")
            self.linked(paragraph, project.heading, project.url, "ProjectName")
            if project.summary:
                self.text(paragraph, " ")
                self.rich(paragraph, project.summary)

    def skills(self, section: SectionView) -> None:
        flat = [item for item in section.items if not isinstance(item, Row)]
        if flat:
            paragraph = self.paragraph("Normal")
            self.separated(paragraph, flat, lambda skill: self.rich(paragraph, skill))
        for index, group in enumerate(item for item in section.items if isinstance(item, Row)):
            paragraph = self.paragraph(
                "Details", **({"before": _twips(1.0 * self.design.space)}
                              if flat and not index else {}))
            self.row(paragraph, group)

    def bullets(self, section: SectionView) -> None:
        for item in section.items:
            self.rich(self.paragraph("Bullet"), item)

    def publications(self, section: SectionView) -> None:
        """A numbered list, restarted in each section, as the PDF's <ol>."""
        self.lists += 1
        number = BULLET_LIST + self.lists
        self.part.numbering_part.element.append(_element(
            "w:num", {"w:numId": number},
            _element("w:abstractNumId", {"w:val": PUBLICATION_LIST}),
            _element("w:lvlOverride", {"w:ilvl": 0},
                     _element("w:startOverride", {"w:val": 1}))))
        for item in section.items:
            self.publication(self.paragraph("Publication", numbering=number), item)

    def publication(self, paragraph, publication: PublicationView) -> None:
        """Authors. Title. Venue, date. Note. DOI: ... Summary, as sections.html has it."""
        if publication.authors:
            for index, author in enumerate(publication.authors):
                if index:
                    self.text(paragraph, ", ")
                self.rich(paragraph, author.name, "Strong" if author.own else None)
            self.text(paragraph, ". ")
        self.linked(paragraph, publication.title, publication.url)
        self.text(paragraph, ".")
        if publication.venue:
            self.text(paragraph, " ")
            self.rich(paragraph, publication.venue, "Venue")
            self.text(paragraph, ", " if publication.date else ".")
        if publication.date:
            self.text(paragraph, ("" if publication.venue else " ") + publication.date + ".")
        if publication.note:
            self.text(paragraph, " ")
            self.rich(paragraph, publication.note)
            self.text(paragraph, ".")
        if publication.doi:
            self.text(paragraph, " DOI: ")
            self.link(paragraph, publication.doi, f"https://doi.org/{publication.doi}")
        if publication.summary:
            self.text(paragraph, " ")
            self.rich(paragraph, publication.summary)


SECTION_WRITERS = {
    "paragraphs": _Writer.paragraphs,
    "rows": _Writer.rows,
    "timeline": _Writer.timeline,
    "projects": _Writer.projects,
    "skills": _Writer.skills,
    "bullets": _Writer.bullets,
    "publications": _Writer.publications,
}


def _crop_to_fill(inline, pixels: tuple[int, int], box: tuple[float, float]) -> None:
    """Crop the picture to the box's proportions, about its centre, as CSS's object-fit:
    cover does; a:srcRect counts in thousandths of a percent, cut from each side."""
    ratio = (pixels[0] / pixels[1]) / (box[0] / box[1])
    if abs(ratio - 1) < 1e-3:
        return
    if ratio > 1:  # wider than the box: cut the sides
        cut = round((1 - 1 / ratio) / 2 * 100_000)
        sides = {"l": cut, "r": cut}
    else:
        cut = round((1 - ratio) / 2 * 100_000)
        sides = {"t": cut, "b": cut}
    rectangle = OxmlElement("a:srcRect")
    for side, value in sides.items():
        rectangle.set(side, str(value))
    inline.graphic.graphicData.pic.blipFill.blip.addnext(rectangle)


def _first_paragraph(story) -> object:
    """The paragraph a new header or footer part starts with."""
    return story.part.element.find(qn("w:p"))


def _set_properties(document, view: ResumeView, source_date_epoch: int | None) -> None:
    """Title, author, subject, keywords and language, as the PDF's; dates only from
    SOURCE_DATE_EPOCH."""
    properties = document.core_properties
    name = searchable(view.name)
    properties.title = f"{name} – {view.labels['resume']}"
    properties.author = name
    properties.subject = document_subject(view)
    properties.keywords = ", ".join(view.keywords)
    properties.language = view.language.html_lang
    if source_date_epoch is not None:
        date = datetime.fromtimestamp(source_date_epoch, UTC).replace(tzinfo=None)
        properties.created = properties.modified = date


def _reproducible_zip(package: bytes, source_date_epoch: int | None) -> bytes:
    """The package again with fixed entry times (python-docx stamps each with the clock)
    and attributes, so that the same document gives the same bytes."""
    if source_date_epoch is None:
        stamp = ZIP_EPOCH
    else:
        stamp = max(datetime.fromtimestamp(source_date_epoch, UTC).timetuple()[:6], ZIP_EPOCH)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as on Windows, whatever the machine
            info.external_attr = 0
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()
