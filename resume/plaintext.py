"""A language's view of the profile as plain text or Markdown, for pasting into application
forms: the same content and order as the PDF, without layout."""

from __future__ import annotations

import unicodedata

from .text import Rich, Span, searchable
from .view import PublicationView, ResumeView, Row


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
    paragraph(resume.whereabouts)
    colon = "：" if resume.language.code.startswith("zh") else ": "
    contacts = []
    for contact in resume.contacts:
        value = (f"[{_escape(contact.text)}]({contact.url})" if markdown and contact.url
                 else contact.text)
        contacts.append(f"{contact.label}{colon}{value}")
    if contacts:
        lines.extend([" · ".join(contacts), ""])

    def row(item: Row) -> str:
        label = _inline(Rich((*_named(item.label, item.url, markdown),)), markdown)
        return f"- {label}{colon}{_inline(item.text, markdown)}" if item.text else f"- {label}"

    for section in resume.sections:
        heading(section.title, 2)
        if section.kind == "paragraphs":
            for item in section.items:
                text = item.text
                if item.attribution:
                    text = Rich((*text.spans, Span(" — "), *item.attribution.spans))
                paragraph(text)
        elif section.kind == "rows":
            lines.extend([*(row(item) for item in section.items), ""])
        elif section.kind == "timeline":
            for entry in section.items:
                title = _inline(Rich(_named(entry.heading, entry.url, markdown)), markdown)
                if entry.subtitle:
                    title += f" · {_inline(entry.subtitle, markdown)}"
                meta = [_inline(item, markdown) for item in entry.meta]
                when = [f"*{entry.period}*" if markdown else entry.period] if entry.period else []
                if markdown:  # one line: Markdown would run the lines together
                    lines.extend([f"### {title}", ""])
                    if when or meta:
                        lines.append(" · ".join([*when, *meta]))
                else:
                    lines.extend([title, *when, *([" · ".join(meta)] if meta else [])])
                lines.append("")
                paragraph(entry.summary)
                for fact in entry.facts:
                    paragraph(Rich((*fact.label.spans, Span(colon), *fact.text.spans)))
                bullets(entry.highlights)
                for work in entry.work:
                    paragraph(work.summary)
                    bullets(work.highlights)
                if entry.keywords:
                    paragraph(Rich((*entry.keywords.label.spans, Span(colon),
                                    *entry.keywords.text.spans)))
        elif section.kind == "projects":
            bullets([Rich((*_named(project.heading, project.url, markdown),
                           *([Span(" — "), *project.summary.spans] if project.summary else [])))
                     for project in section.items])
        elif section.kind == "skills":
            flat = [item for item in section.items if not isinstance(item, Row)]
            if flat:
                lines.extend([", ".join(_inline(skill, markdown) for skill in flat), ""])
            groups = [row(item) for item in section.items if isinstance(item, Row)]
            if groups:
                lines.extend([*groups, ""])
        elif section.kind == "bullets":
            bullets(section.items)
        elif section.kind == "publications":
            bullets([publication_text(item, markdown) for item in section.items])
    return "\n".join(lines).rstrip() + "\n"


def publication_text(publication: PublicationView, markdown: bool) -> Rich:
    """A publication as a reference list has it: authors. Title. Venue, date. Note."""
    spans: list[Span] = []
    for index, author in enumerate(publication.authors):
        if index:
            spans.append(Span(", "))
        spans.extend(Span(span.text, span.url, bold=True) if author.own and markdown else span
                     for span in author.name.spans)
    if spans:
        spans.append(Span(". "))
    spans.extend(_named(publication.title, publication.url, markdown))
    spans.append(Span("."))
    where = [part for part in (str(publication.venue), publication.date) if part]
    if where:
        spans.append(Span(f" {', '.join(where)}."))
    if publication.note:
        spans.extend([Span(" "), *publication.note.spans, Span(".")])
    if publication.doi:
        spans.append(Span(f" DOI: {publication.doi}"))
    if publication.summary:
        spans.extend([Span(" "), *publication.summary.spans])
    return Rich(tuple(spans))


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
