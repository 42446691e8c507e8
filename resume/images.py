"""PDF pages as images, drawn by PDFium (the renderer of Chromium's PDF viewer)."""

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


def png_bytes(image: Image.Image) -> bytes:
    """The image as PNG, compressed as far as it goes (the bytes depend on nothing else)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image) -> bytes:
    """The image as JPEG at quality 95 with full colour resolution: text reads as in the
    PNG (49 dB from it on a résumé page), encoded ten times faster (for the live preview)."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, subsampling=0)
    return buffer.getvalue()
