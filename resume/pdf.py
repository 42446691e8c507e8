"""HTML to PDF with WeasyPrint: hermetic fonts, a fetcher confined to asset folders, metadata.

fontconfig is pointed at our own configuration (fonts.fontconfig_file) before WeasyPrint
loads it, so no font of the machine can stand in for ours.
"""

from __future__ import annotations

import ctypes.util
import mimetypes
import os
import re
import sys
import zlib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .errors import ResumeError
from .fonts import fontconfig_file

os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())


@contextmanager
def libraries_loaded_by_soname() -> Iterator[None]:
    """WeasyPrint tries several names for each library (`libpango-1.0-0`, ...,
    `libpango-1.0.so.0`), and cffi answers each name that does not load by running
    `ctypes.util.find_library`, which starts ldconfig and gcc: a seventh of a second before
    the soname further down the list loads directly. On Linux the sonames are always tried,
    so the search is skipped while WeasyPrint loads."""
    if not sys.platform.startswith("linux"):
        yield
        return
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find_library


with libraries_loaded_by_soname():
    import pydyf
    from weasyprint import CSS, HTML
    from weasyprint.document import Document
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import FontConfiguration, get_hb_object_data
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Without HarfBuzz's subsetter, WeasyPrint subsets with fontTools: seventy times slower.
HARFBUZZ_SUBSET_AVAILABLE = harfbuzz_subset is not None

_SIZED_ARRAY = re.compile(r"(?P<item>[A-Za-z_][\w ]*?)\s*\[(?P<length>\d+)\]")


def arrays_typed_once_a_process() -> None:
    """WeasyPrint subsets each font with arrays named by their length
    (`hb_codepoint_t[29619]`), and cffi parses every new type string with pycparser after
    declaring each of the hundreds of types WeasyPrint knows: 2 ms a string, and new
    lengths in every PDF. The same array made from the type without its length
    (`hb_codepoint_t[]`) and the length is parsed once a process."""
    new = ffi.new

    def new_array(cdecl, init=None):
        sized = _SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if sized is not None:
            length = int(sized["length"])
            if init is None:
                return new(f"{sized['item']}[]", length)
            if isinstance(init, list | tuple) and len(init) == length:
                return new(f"{sized['item']}[]", init)
        return new(cdecl, init)

    ffi.new = new_array


arrays_typed_once_a_process()

# zlib's level for the PDFs' streams. pydyf compresses every stream at level 9: for the
# embedded fonts, a tenth of a build's time, for 1% smaller files than at level 6.
STREAM_COMPRESSION_LEVEL = 6


class _ZlibAtLevel:
    """The zlib module as pydyf sees it: its streams compressed at STREAM_COMPRESSION_LEVEL,
    whatever level pydyf asks for (the output is still the same for the same input)."""

    def __getattr__(self, name: str) -> object:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *arguments, **keywords):
        return zlib.compressobj(STREAM_COMPRESSION_LEVEL, *arguments, **keywords)


pydyf.zlib = _ZlibAtLevel()


class _FaceData:
    """A HarfBuzz face's bytes, not yet copied out of the face: WeasyPrint copies each
    font's whole file when a PDF first uses it (21 MiB for the Chinese faces, in every
    PDF), and, when it subsets with HarfBuzz, never reads the copy. Only what is read, the
    subset's bytes, is copied (`_FontFileContent`)."""

    def __init__(self, face):
        self.face = face  # kept alive with the data that will be read from it

    def __bool__(self) -> bool:
        blob = harfbuzz.hb_face_reference_blob(self.face)
        try:
            return harfbuzz.hb_blob_get_length(blob) > 0
        finally:
            harfbuzz.hb_blob_destroy(blob)

    def read(self) -> bytes | None:
        return get_hb_object_data(self.face)


class _FontFileContent:
    """`Font.file_content`: the bytes of a `_FaceData` on first reading, else what was set."""

    def __init__(self, name: str):
        self.key = f"_{name}"  # where an instance keeps it

    def __get__(self, font, owner=None):
        if font is None:
            return self
        content = font.__dict__[self.key]
        if isinstance(content, _FaceData):
            content = font.__dict__[self.key] = content.read()
        return content

    def __set__(self, font, content) -> None:
        font.__dict__[self.key] = content


def _face_data_uncopied(hb_object, ot_color=None, glyph=None):
    """WeasyPrint's `get_hb_object_data` for its PDF fonts: a whole face's bytes deferred
    (`_FaceData`); a colour glyph's, as they are."""
    if ot_color is None:
        return _FaceData(hb_object)
    return get_hb_object_data(hb_object, ot_color, glyph)


pdf_fonts.get_hb_object_data = _face_data_uncopied
pdf_fonts.Font.file_content = _FontFileContent("file_content")


class RefusedResource(FatalURLFetchingError):
    """A document asked for a file outside the asset folders, or for the network."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class AssetFetcher(URLFetcher):
    """Serves `file:` URLs of the given files and of files inside the given folders (after
    resolving links); refuses the rest, the network included, by stopping the build."""

    def __init__(self, folders: list[Path], files: Collection[Path] = ()):
        super().__init__(fail_on_errors=True)
        self.folders = [folder.resolve() for folder in folders]
        self.files = {file.resolve() for file in files}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            try:
                path = Path(url2pathname(unquote(parts.path))).resolve()
                allowed = path in self.files or any(
                    path.is_relative_to(folder) for folder in self.folders)
                content = path.read_bytes() if allowed and path.is_file() else None
            except (OSError, RuntimeError, ValueError):  # unreadable, a loop of links, a NUL
                content = None
            if content is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return _InMemoryResponse(path.as_uri(), content, {"Content-Type": content_type})
        raise RefusedResource(url)


class _InMemoryResponse(URLFetcherResponse):
    """A response that names no file: WeasyPrint would otherwise read an image again, from
    its path and outside the fetcher, when it writes the PDF."""

    @property
    def path(self) -> None:
        return None


@cache
def font_configuration() -> FontConfiguration:
    """fontconfig's setup and Pango's loaded fonts: made once a process, for every document."""
    return FontConfiguration()


class PdfWriter:
    """Lays out and writes PDFs, sharing the process's font setup.
    It reads only the `asset_folders` (the theme's) and the `asset_files` (the photo)."""

    def __init__(self, asset_folders: list[Path], asset_files: Collection[Path] = ()):
        self.font_config = font_configuration()
        self.fetcher = AssetFetcher(asset_folders, asset_files)

    def stylesheet(self, text: str, folder: Path) -> CSS:
        """A style sheet whose URLs start from `folder`; parse once, lay out many times."""
        with self.refusals_as_errors():
            return CSS(
                string=text,
                base_url=folder.as_uri() + "/",
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )

    def layout(self, html: str, *, base_folder: Path, stylesheets: list[CSS]) -> Document:
        """`html` laid out in pages with `stylesheets`."""
        with self.refusals_as_errors():
            return HTML(
                string=html, base_url=base_folder.as_uri() + "/", url_fetcher=self.fetcher
            ).render(stylesheets=stylesheets, font_config=self.font_config)

    def write(self, document: Document) -> bytes:
        """The PDF of a laid-out document: tagged, with a content-derived identifier, so the
        same input gives the same bytes."""
        with self.refusals_as_errors():
            return document.write_pdf(pdf_tags=True, pdf_identifier=True)

    @contextmanager
    def refusals_as_errors(self) -> Iterator[None]:
        try:
            yield
        except RefusedResource as refused:
            raise ResumeError(
                f"refused to read {refused.url}: the renderer reads only the theme's folder "
                "and the profile's photo, and never the network"
            ) from None


def last_page_fill(document: Document) -> float:
    """How full the last page is, from 0 to 1: the bottom of its content within the page's
    content area."""
    page_box = document.pages[-1]._page_box
    top = page_box.content_box_y()
    bottom = max(
        (box.position_y + box.margin_height() for box in page_box.children
         if getattr(box, "element_tag", None) == "html"),  # not the header and footer boxes
        default=top,
    )
    return max(0.0, min(1.0, (bottom - top) / page_box.height))


def section_heights(document: Document) -> dict[str, float]:
    """The height of each `<section data-section="NAME">`, in pages, over all pages."""
    heights: dict[str, float] = {}
    for page in document.pages:
        page_box = page._page_box
        for box in _descendants(page_box):
            element = getattr(box, "element", None)
            if getattr(box, "element_tag", None) != "section" or element is None:
                continue
            name = element.get("data-section") or "section"
            heights[name] = heights.get(name, 0.0) + box.margin_height() / page_box.height
    return heights


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        if getattr(child, "element_tag", None) != "section":
            yield from _descendants(child)
