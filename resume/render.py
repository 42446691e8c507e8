"""A language's view of the profile to HTML, through Jinja2 templates with autoescape on."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import __version__
from .text import Rich, searchable
from .view import ResumeView

TEMPLATE_FOLDER = Path(__file__).parent / "templates"
TEMPLATE_NAME = "resume.html"
SUBJECT_LENGTH = 200


def inline_markup(text: Rich) -> Markup:
    """Typeset text as HTML: every span escaped, links and bold made elements."""
    parts = []
    for span in text.spans:
        content = escape(span.text)
        if span.url:
            parts.append(Markup('<a href="{}">{}</a>').format(span.url, content))
        elif span.bold:
            parts.append(Markup("<strong>{}</strong>").format(content))
        else:
            parts.append(content)
    return Markup("").join(parts)


def template_environment(theme_folder: Path) -> jinja2.Environment:
    """Templates from the theme's folder first (its overrides), then the built-in ones."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([theme_folder, TEMPLATE_FOLDER]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["inline"] = inline_markup
    environment.filters["plain"] = searchable
    return environment


def photo_url(photo: Path | None, *, embedded: bool) -> str | None:
    """The photo's address: its file for the PDF, or its bytes for a standalone page."""
    if photo is None:
        return None
    if not embedded:
        return photo.as_uri()
    kind = "png" if photo.suffix.lower() == ".png" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(photo.read_bytes()).decode()}"


def render_html(
    resume: ResumeView,
    environment: jinja2.Environment,
    source_date_epoch: int | None,
    *,
    inline_styles: str | None = None,
) -> str:
    """The résumé as an HTML document; `source_date_epoch` dates it, when given.
    `inline_styles` (the theme's and the build's own CSS, never profile text) makes it a
    standalone page."""
    if inline_styles and "</style" in inline_styles.lower():
        raise ValueError("a style sheet cannot contain </style>")
    created = (
        datetime.fromtimestamp(source_date_epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if source_date_epoch is not None
        else None
    )
    subject_source = resume.headline or resume.summary
    subject = searchable(subject_source) if subject_source else resume.labels["resume"]
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    return environment.get_template(TEMPLATE_NAME).render(
        resume=resume,
        labels=resume.labels,
        subject=subject,
        created=created,
        photo_url=photo_url(resume.photo, embedded=bool(inline_styles)),
        inline_styles=Markup(inline_styles) if inline_styles else None,
        generator=f"resume {__version__}",
    )
