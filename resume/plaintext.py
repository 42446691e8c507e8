"""A language's view of the profile as plain text or Markdown, for pasting into application
forms: the same content and order as the PDF, without layout."""

from __future__ import annotations

import unicodedata

from .text import Rich, Span, searchable
from .view import ResumeView


def plain_text(resume: ResumeView) -> str:
    """The résumé as plain text: titles underlined, bullets as `- `, links written out."""
    return _write(resume, markdown=False)


def markdown(resume: ResumeView) -> str:
    """The résumé as Markdown: headings, bullets and links."""
    return _write(resume, markdown=True)


def _inline(text: Rich, markdown: bool) -> str:
    parts = []
    for span in text.spans:
        words = searchable(span.text)
        if markdown:
            words = _escape(words)
            if span.url:
                words = f"[{words}]({span.url})"
            elif span.bold:
                words = f"**{words}**"
        elif span.url and span.url not in (words, f"https://{words}"):
            words = f"{words} ({span.url})"
        parts.append(words)
    return "".join(parts)


def _escape(words: str) -> str:
    for mark in ("\\", "*", "_", "[", "]", "`", "#"):
        words = words.replace(mark, "\\" + mark)
    return words


def _write(resume: ResumeView, *, markdown: bool) -> str:
    lines: list[str] = []

    def heading(text: str, level: int) -> None:
        if markdown:
            lines.extend([f"{'#' * level} {_escape(text)}", ""])
        else:
            lines.extend([text, ("=" if level == 1 else "-") * max(_width(text), 4), ""])

    def paragraph(text: Rich) -> None:
        if text:
            lines.extend([_inline(text, markdown), ""])

    def bullets(items: list[Rich]) -> None:
        lines.extend(f"- {_inline(item, markdown)}" for item in items)
        if items:
            lines.append("")

    heading(searchable(resume.name), 1)
    paragraph(resume.headline)
    paragraph(resume.location)
    colon = "：" if resume.language.code.startswith("zh") else ": "
    contacts = []
    for contact in resume.contacts:
        value = (f"[{_escape(contact.text)}]({contact.url})" if markdown and contact.url
                 else contact.text)
        contacts.append(f"{contact.label}{colon}{value}")
    if contacts:
        lines.extend([" · ".join(contacts), ""])
    labels = resume.labels
    for section in resume.sections:
        heading(labels[section], 2)
        if section == "summary":
            paragraph(resume.summary)
        elif section == "details":
            lines.extend(f"- {detail.label}{colon}{_inline(detail.text, markdown)}"
                         for detail in resume.details)
            lines.append("")
        elif section == "experience":
            for position in resume.experience:
                title = _inline(position.organization, markdown)
                if position.title:
                    title += f" · {_inline(position.title, markdown)}"
                meta = [_inline(item, markdown) for item in
                        (position.about, position.note, position.location) if item]
                if markdown:  # one line: Markdown would run the lines together
                    lines.extend([f"### {title}", "", " · ".join([f"*{position.period}*", *meta])])
                else:
                    lines.extend([title, position.period, *([" · ".join(meta)] if meta else [])])
                lines.append("")
                paragraph(position.summary)
                bullets(position.highlights)
                for work in position.work:
                    paragraph(work.summary)
                    bullets(work.highlights)
        elif section == "projects":
            bullets([Rich((*_named(project.name, project.url, markdown),
                           *([Span(" — "), *project.description.spans]
                             if project.description else [])))
                     for project in resume.projects])
        elif section == "skills":
            lines.extend([", ".join(_inline(skill, markdown) for skill in resume.skills), ""])
    return "\n".join(lines).rstrip() + "\n"


def _named(name: Rich, url: str | None, markdown: bool) -> tuple[Span, ...]:
    """A project's name: a link in Markdown, the name and its address in plain text."""
    if not url:
        return name.spans
    if markdown:
        return (Span(searchable(name), url=url),)
    return (*name.spans, Span(f" ({url})"))


def _width(text: str) -> int:
    """Columns on a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
