"""`make previews`: the first page of every theme in both languages, as PNG for the README.

Builds the default profile with each theme and writes docs/previews/<theme>-<language>.png,
and the first page of its Word documents as LibreOffice prints them, docx-<language>.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from resume.build import builtin_themes
from resume.images import page_images, png_bytes

PROJECT = Path(__file__).resolve().parent.parent
PREVIEWS = PROJECT / "docs" / "previews"
DPI = 56


def main() -> None:
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for theme in builtin_themes():
            out = Path(folder) / theme
            subprocess.run(
                [sys.executable, "build.py", "--theme", theme, "--out", str(out)],
                cwd=PROJECT, check=True, stdout=subprocess.DEVNULL,
            )
            for pdf in sorted(out.glob("*.pdf")):
                language = pdf.stem.rsplit("-", 1)[1]
                target = PREVIEWS / f"{theme}-{language}.png"
                first_page = page_images(pdf.read_bytes(), DPI)[0]
                target.write_bytes(png_bytes(first_page.quantize(colors=64)))
                print(f"{target.relative_to(PROJECT)}  {target.stat().st_size / 1000:.1f} kB")
        word_previews(Path(folder) / "docx")


def word_previews(folder: Path) -> None:
    """The Word documents' first pages, as LibreOffice (with the machine's fonts) prints
    them to PDF."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print("no docx previews: LibreOffice is not installed (make test-packages)")
        return
    subprocess.run([sys.executable, "build.py", "--format", "docx", "--out", str(folder)],
                   cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    documents = sorted(folder.glob("*.docx"))
    machine = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, documents)],
                   env=machine, check=True, capture_output=True, timeout=300)
    for document in documents:
        language = document.stem.rsplit("-", 1)[1]
        target = PREVIEWS / f"docx-{language}.png"
        first_page = page_images(document.with_suffix(".pdf").read_bytes(), DPI)[0]
        target.write_bytes(png_bytes(first_page.quantize(colors=64)))
        print(f"{target.relative_to(PROJECT)}  {target.stat().st_size / 1000:.1f} kB")


if __name__ == "__main__":
    main()
