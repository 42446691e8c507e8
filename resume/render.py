"""A language's view of the profile to HTML, through Jinja2 templates with autoescape on."""

from __future__ import annotations

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


def render_html(
    resume: ResumeView, environment: jinja2.Environment, source_date_epoch: int | None
) -> str:
    """The résumé as an HTML document; `source_date_epoch` dates it, when given."""
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
        photo_url=resume.photo.as_uri() if resume.photo else None,
        generator=f"resume {__version__}",
    )
