"""Bilingual résumés: one YAML profile in Chinese and English, print-ready PDFs out.

The pipeline, one module a stage: load (YAML with positions) → model (validation) →
view (one language) → fonts (glyph check) → render (HTML) → pdf (WeasyPrint) → build.
"""

__version__ = "0.1.0"
