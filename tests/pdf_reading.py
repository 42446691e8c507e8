"""Reading PDFs back as a reader does, for several test modules: the lines of text with their
positions, the links, and the layout rules checked on those lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextLine
from pypdf import PdfReader

WORD_JOINER = "\u2060"
CLOSING = "，。、；：！？）」』》】,.;:!?)]"
LONE_HANZI = re.compile(r"^[\u3400-\u9fff][，。、；：！？）」』》】]*$")


def text_lines(pdf: Path) -> Iterator[tuple[int, str, tuple[float, ...], tuple[float, float]]]:
    """(page number, text, bounding box in points, page size) for every line of text."""
    for number, page in enumerate(extract_pages(pdf), start=1):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTTextLine):
                text = item.get_text().strip().replace(WORD_JOINER, "")
                if text:
                    yield number, text, item.bbox, (page.width, page.height)
            elif hasattr(item, "__iter__"):
                stack.extend(item)


def lines_starting_with_closing_marks(pdf: Path) -> list[str]:
    """Lines that begin with a closing punctuation mark: none may."""
    return [text for _, text, _, _ in text_lines(pdf) if text[0] in CLOSING]


def lines_of_one_hanzi(pdf: Path) -> list[str]:
    """Lines holding one hanzi alone (with any closing marks after it)."""
    return [text for _, text, _, _ in text_lines(pdf) if LONE_HANZI.match(text)]


def link_targets(pdf: Path) -> set[str]:
    """The addresses of every link annotation in the PDF."""
    targets = set()
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets
