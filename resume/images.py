"""PDF pages as PNG images, drawn by PDFium (the renderer of Chromium's PDF viewer)."""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image


def page_images(pdf: bytes, dpi: float, *, grayscale: bool = False) -> list[Image.Image]:
    """Every page of `pdf`, drawn at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=grayscale)
            images.append(bitmap.to_pil().convert("L" if grayscale else "RGB"))
            page.close()
        return images
    finally:
        document.close()


def png_bytes(image: Image.Image, *, smallest: bool = True) -> bytes:
    """The image as PNG, compressed as far as it goes (the bytes depend on nothing else),
    or, not `smallest`, a few times faster and a tenth larger (for the live preview)."""
    buffer = io.BytesIO()
    if smallest:
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
