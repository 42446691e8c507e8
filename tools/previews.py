"""`make previews`: the first pages the README shows, as PNG.

- docs/previews/<theme>-<language>.png: the default profile in every theme and language;
- docs/previews/<example>-<theme>.png: the profiles `resume new --example` writes, in every
  theme: the graduate in Chinese (campus recruiting), the engineer in English;
- docs/previews/docx-<language>.png: the first page of the default profile's Word documents
  as LibreOffice prints them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from resume.build import EXAMPLES, builtin_themes, scaffold_profile
from resume.images import page_images, png_bytes

PROJECT = Path(__file__).resolve().parent.parent
PREVIEWS = PROJECT / "docs" / "previews"
DPI = 56
# The examples are shown larger, one language each: the one their reader writes first.
EXAMPLE_DPI = 72
EXAMPLE_LANGUAGES = {"graduate": "zh", "engineer": "en"}
COLOURS = 64


def build(profile: Path | None, theme: str, out: Path, language: str = "all") -> list[Path]:
    """The PDFs of `profile` (default: the default profile) in `theme`, in `language`."""
    command = [sys.executable, "build.py", "--theme", theme, "--lang", language,
               "--out", str(out)]
    if profile is not None:
        command += ["--profile", str(profile)]
    subprocess.run(command, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    return sorted(out.glob("*.pdf"))


def write_first_page(pdf: Path, dpi: float, target: Path) -> None:
    first_page = page_images(pdf.read_bytes(), dpi)[0]
    target.write_bytes(png_bytes(first_page.quantize(colors=COLOURS)))
    print(f"{target.relative_to(PROJECT)}  {target.stat().st_size / 1000:.1f} kB")


def main() -> None:
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for theme in builtin_themes():
            for pdf in build(None, theme, Path(folder) / theme):
                language = pdf.stem.rsplit("-", 1)[1]
                write_first_page(pdf, DPI, PREVIEWS / f"{theme}-{language}.png")
        for example in EXAMPLES:
            profile = Path(folder) / example
            scaffold_profile(profile, example)
            language = EXAMPLE_LANGUAGES[example]
            for theme in builtin_themes():
                (pdf,) = build(profile, theme, profile / "out" / theme, language)
                write_first_page(pdf, EXAMPLE_DPI, PREVIEWS / f"{example}-{theme}.png")
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
        write_first_page(document.with_suffix(".pdf"), DPI, PREVIEWS / f"docx-{language}.png")


if __name__ == "__main__":
    main()
