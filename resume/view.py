"""One language's view of a profile: every text resolved and typeset, ready for a template.

A missing translation falls back to the profile's first language that has the text, and is
reported with its field and line, so nothing disappears from a résumé silently; `--strict`
makes those reports fail the build. The view also applies the design settings that decide
what is shown: the sections and their order, the date style, the labels, the photo and
personal details (in the languages that show them), and `--redact`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Problem
from .fonts import DrawnText
from .labels import label_table
from .load import FieldPath, SourceDocument
from .model import (
    DEFAULT_PAPER,
    DERIVED_FROM,
    LANGUAGES,
    SECTION_NAMES,
    SOCIAL_NETWORKS,
    Entry,
    Language,
    Position,
    Profile,
    Project,
    Target,
    Text,
    YearMonth,
)
from .names import name_slug
from .text import (
    Rich,
    Span,
    format_date,
    format_month,
    format_period,
    link_targets,
    searchable,
    to_traditional,
    typeset,
)


@dataclass(frozen=True)
class Contact:
    kind: str  # email, phone, website, github, wechat, a network of SOCIAL_NETWORKS, profile
    label: str
    text: str
    url: str | None
    user: str | None = None  # the name on a network (github, wechat, profiles...), for exports


@dataclass(frozen=True)
class Row:
    """One line, "label: text": a personal detail, a language, a skill group, a custom row."""

    label: Rich
    text: Rich
    url: str | None = None
    kind: str = ""  # a detail's name (birth, city...), for themes
    # The entry's own fields in this language, by name (Rich or list of Rich), for outputs
    # that keep them apart (JSON Resume): a row joins a group's items and level, for one.
    fields: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkView:
    id: str
    summary: Rich
    highlights: list[Rich]


@dataclass(frozen=True)
class EntryView:
    """A timeline entry, whatever its section: a heading (with its link), a subtitle, the
    period, a line of facts, a summary, facts with labels, bullets, and pieces of work."""

    id: str
    heading: Rich
    url: str | None
    subtitle: Rich
    meta: list[Rich]
    period: str
    summary: Rich
    facts: list[Row]  # courses, thesis: before the bullets
    highlights: list[Rich]
    work: list[WorkView]
    keywords: Row | None  # after the bullets
    # The entry's own fields in this language, by name (Rich, list of Rich, an ISO date or
    # a URL), for outputs that keep the fields apart (JSON Resume).
    fields: dict[str, object]


@dataclass(frozen=True)
class AuthorView:
    name: Rich
    own: bool  # the profile's own name: set in bold


@dataclass(frozen=True)
class PublicationView:
    id: str
    title: Rich
    url: str | None  # the DOI's address, else the url
    authors: list[AuthorView]
    venue: Rich
    date: str
    doi: str | None
    note: Rich
    summary: Rich
    fields: dict[str, object]


@dataclass(frozen=True)
class Paragraph:
    text: Rich
    attribution: Rich = Rich()  # a reference's author


@dataclass(frozen=True)
class SectionView:
    """A section as every output draws it: `kind` says what `items` are.

    paragraphs: Paragraph; rows: Row; timeline: EntryView; projects: EntryView, drawn as
    a compact list; skills: Row (a group) or Rich (a flat skill); bullets: Rich;
    publications: PublicationView.
    """

    id: str  # summary, experience, or the id of a section of the profile's own
    kind: str
    title: str
    items: list
    # A class for themes: the built-in section's name; `custom` for the profile's own,
    # whose ids must not collide with a theme's classes.
    css_class: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "css_class", self.id if self.id in SECTION_NAMES else "custom")


@dataclass
class ResumeView:
    language: Language
    name: Rich
    slug: str
    headline: Rich
    summary: Rich
    location: Rich  # city, region, country
    address: Rich  # the street address; empty in a --redact build, like the phone
    postal_code: str  # empty in a --redact build
    whereabouts: Rich  # what the masthead prints: location, address and postal code
    contacts: list[Contact]
    photo: Path | None
    paper: str  # a4 or letter
    labels: dict[str, str]
    sections: list[SectionView]  # the sections to show, in order, each with content
    keywords: list[str]  # the skills, for the PDF's metadata
    target: str | None = None  # the target this view is cut for
    # What the target left out: each entry's field, with the tags that decided it.
    left_out: list[str] = field(default_factory=list)
    # Every string that will be drawn, with the field it comes from: for the glyph check.
    drawn_texts: list[DrawnText] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def section(self, section_id: str) -> SectionView | None:
        return next((section for section in self.sections if section.id == section_id), None)


@dataclass(frozen=True)
class Cut:
    """A target by its name, or the whole profile (no target)."""

    name: str | None = None
    target: Target | None = None

    def keeps(self, tags: tuple[str, ...]) -> bool:
        """Untagged entries always stay; tagged ones as the target's include and exclude say."""
        if self.target is None or not tags:
            return True
        if set(tags) & set(self.target.exclude):
            return False
        return not self.target.include or bool(set(tags) & set(self.target.include))


def localize(
    profile: Profile,
    document: SourceDocument,
    language: str,
    *,
    redact: bool = False,
    cut: Cut = Cut(),
) -> tuple[ResumeView, list[Problem]]:
    """The view of `profile` in `language`, and the translations it had to borrow.
    `redact` leaves out the phone, e-mail, WeChat, address, photo and personal details; `cut`, the
    entries a target does not select."""
    return _Localizer(profile, document, language, redact, cut).view()


class _Localizer:
    def __init__(
        self, profile: Profile, document: SourceDocument, language: str, redact: bool, cut: Cut
    ):
        self.profile = profile
        self.document = document
        self.language = language
        self.redact = redact
        self.cut = cut
        self.left_out: list[str] = []
        self.missing: list[Problem] = []
        self.drawn: list[DrawnText] = []
        self.links: list[str] = []
        self.labels = {key: self.label(key, words) for key, words in label_table().items()}

    def label(self, key: str, words: dict[str, str]) -> str:
        override = self.profile.labels.get(key)
        text = override.in_language(self.language) if override else None
        base = DERIVED_FROM.get(self.language)
        if override and text is None and base and override.in_language(base) is not None:
            text = to_traditional(override.in_language(base))
        if override and text is not None:
            self.drawn.append(DrawnText(override.field, text, self.document.location(
                override.path if override.neutral is not None
                else (*override.path, self.language))))
            return text
        self.drawn.append(DrawnText(f"label `{key}`", words[self.language]))
        return words[self.language]

    def text(self, text: Text | None, *, paragraph: bool = False) -> Rich:
        """The text in this language, typeset; `paragraph` texts get their last two hanzi
        joined, so no line ends with one alone."""
        if text is None:
            return Rich()
        used = self.language
        resolved = text.in_language(used)
        base = DERIVED_FROM.get(self.language)
        if base and (text.neutral is not None or resolved is None):
            # A variant: its own text where given, else the base language's, converted.
            source = text.neutral if text.neutral is not None else text.in_language(base)
            if source is not None:
                resolved, used = to_traditional(source), base if text.neutral is None else used
        if resolved is None:
            fallback = next(
                (code for code in self.profile.languages if text.in_language(code)), None
            )
            note = f" (the {fallback} text is used meanwhile)" if fallback else ""
            self.missing.append(
                Problem(
                    f"no {self.language} text{note}",
                    text.field,
                    self.document.location(text.path),
                )
            )
            used = fallback
            resolved = text.in_language(fallback) if fallback else ""
        typeset_text = typeset(resolved, self.language, paragraph=paragraph)
        # Point at the translation itself where the text has one per language.
        source_path = text.path if text.neutral is not None else (*text.path, used)
        self.drawn.append(
            DrawnText(text.field, str(typeset_text), self.document.location(source_path))
        )
        self.links.extend(link_targets(resolved))
        return typeset_text

    def plain(self, field_label: str, value: str, path: FieldPath | None = None) -> str:
        """A value drawn as it is; `path`, where it stands in the profile, if it is there."""
        location = self.document.location(path) if path else None
        self.drawn.append(DrawnText(field_label, value, location))
        return value

    def texts(self, texts: list[Text], *, paragraph: bool = True) -> list[Rich]:
        """Bullets: the ones the cut keeps, typeset."""
        return [self.text(text, paragraph=paragraph)
                for text in self.selected(texts, lambda text: text.field)]

    def view(self) -> tuple[ResumeView, list[Problem]]:
        profile, basics = self.profile, self.profile.basics
        name = self.text(basics.name)
        names = (basics.name.in_language(code) or "" for code in profile.languages)
        slug = basics.slug or name_slug(names)
        photo = basics.photo
        target = self.cut.target
        builders = {
            "summary": self.summary_section,
            "details": self.details_section,
            "experience": self.timeline_section,
            "volunteer": self.timeline_section,
            "campus": self.timeline_section,
            "education": self.timeline_section,
            "awards": self.timeline_section,
            "certificates": self.timeline_section,
            "projects": self.projects_section,
            "publications": self.publications_section,
            "skills": self.skills_section,
            "language_skills": self.rows_section,
            "interests": self.rows_section,
            "references": self.references_section,
        }
        # A target's order, else the profile's, else the default: per language.
        order = (((target and target.sections) or {}).get(self.language)
                 or (profile.design.sections or {}).get(self.language)
                 or (*SECTION_NAMES, *(section.id for section in profile.sections)))
        sections = []
        for section_id in order:
            built = (builders[section_id](section_id) if section_id in builders
                     else self.custom_section(section_id))
            if built is not None and built.items:
                sections.append(built)
        skills = next((section for section in sections if section.id == "skills"), None)
        location = self.text(basics.location)
        address = self.text(None if self.redact else basics.address)
        postal_code = ("" if self.redact or not basics.postal_code else self.plain(
            "basics.postal_code", basics.postal_code, ("basics", "postal_code")))
        view = ResumeView(
            language=LANGUAGES[self.language],
            name=name,
            slug=slug,
            headline=self.text(basics.headline),
            summary=self.text(basics.summary, paragraph=True),
            location=location,
            address=address,
            postal_code=postal_code,
            whereabouts=whereabouts(self.language, location, address, postal_code),
            contacts=self.contacts(),
            photo=(photo.file if photo and self.language in photo.show and not self.redact
                   else None),
            paper=(target and target.paper) or profile.design.paper or DEFAULT_PAPER,
            labels=self.labels,
            sections=sections,
            keywords=[searchable(item) for item in skill_names(skills)] if skills else [],
            target=self.cut.name,
        )
        view.drawn_texts = self.drawn
        view.links = self.links
        view.left_out = self.left_out
        return view, self.missing

    def selected(self, entries, name_of) -> list:
        """The entries the cut keeps; the others noted, with the tags that decided it."""
        kept = []
        for entry in entries:
            if self.cut.keeps(entry.tags):
                kept.append(entry)
            else:
                self.left_out.append(f"{name_of(entry)} ({', '.join(entry.tags)})")
        return kept

    def link(self, url: str | None) -> str | None:
        if url:
            self.links.append(url)
        return url

    def contacts(self) -> list[Contact]:
        basics = self.profile.basics
        private = ("email", "phone", "wechat") if self.redact else ()
        candidates = [
            ("email", basics.email, f"mailto:{basics.email}", None),
            ("phone", basics.phone, f"tel:{(basics.phone or '').replace(' ', '')}", None),
            ("website", basics.website and without_scheme(basics.website), basics.website, None),
            ("github", basics.github and f"github.com/{basics.github}",
             f"https://github.com/{basics.github}", basics.github),
            ("wechat", basics.wechat, None, basics.wechat),
        ]
        for network, pattern in SOCIAL_NETWORKS.items():
            user = getattr(basics, network)
            candidates.append((network, user and pattern.printed.format(user),
                               user and pattern.url.format(user), user))
        candidates.append(("blog", basics.blog and without_scheme(basics.blog), basics.blog,
                           None))
        contacts = [
            Contact(kind, self.labels[kind],
                    self.plain(f"basics.{kind}", value, ("basics", kind)), self.link(url), user)
            for kind, value, url, user in candidates
            if value and kind not in private
        ]
        for index, other in enumerate(basics.profiles):
            network, username, url = other.get("network"), other.get("username"), other.get("url")
            where = f"basics.profiles[{index}]"
            contacts.append(Contact(
                "profile", self.plain(f"{where}.network", network),
                self.plain(where, username or without_scheme(url)), self.link(url), username))
        return contacts

    # -- sections, one builder for each kind ---------------------------------------------------
    def summary_section(self, section_id: str) -> SectionView:
        summary = self.text(self.profile.basics.summary, paragraph=True)
        return self.section(section_id, "paragraphs", [Paragraph(summary)] if summary else [])

    def section(self, section_id: str, kind: str, items: list) -> SectionView:
        return SectionView(section_id, kind, self.labels.get(section_id, section_id), items)

    def details_section(self, section_id: str) -> SectionView:
        details = self.profile.details
        if details is None or self.redact or self.language not in details.show:
            return self.section(section_id, "rows", [])
        style = self.profile.design.date_format[self.language]
        # A date is set as formatted: `1995年6月`, with no space between digits and hanzi.
        birth = details.birth and self.plain("details.birth", format_month(details.birth, style),
                                             ("details", "birth"))
        entries = [("birth", Rich((Span(birth),)) if birth else Rich())]
        entries += [(kind, self.text(getattr(details, kind)))
                    for kind in ("gender", "hometown", "objective", "city")]
        return self.section(section_id, "rows", [
            Row(Rich((Span(self.labels[kind]),)), value, kind=kind)
            for kind, value in entries if value
        ])

    def timeline_section(self, section_id: str) -> SectionView:
        entries = self.selected(self.profile.section_entries(section_id),
                                lambda entry: f"{section_id}[{entry.id}]")
        views = [view for entry in entries
                 if (view := self.timeline_entry(section_id, entry)) is not None]
        return self.section(section_id, "timeline", views)

    def projects_section(self, section_id: str) -> SectionView:
        """Projects: a compact list while they are a name and a sentence; entries with
        dates, roles or bullets as soon as one of them has any."""
        section = self.timeline_section(section_id)
        detailed = any(entry.period or entry.subtitle or entry.highlights or entry.keywords
                       for entry in section.items)
        return replace(section, kind="timeline" if detailed else "projects")

    def timeline_entry(self, section_id: str, entry) -> EntryView | None:
        """Any entry as a timeline entry, by the fields its section has; None when the cut
        left out all of a position's work."""
        name = f"{section_id}[{entry.id}]"
        get = entry.get if isinstance(entry, Entry) else lambda key: getattr(entry, key, None)
        fields: dict[str, object] = {}

        def text(key: str, *, paragraph: bool = False) -> Rich:
            value = self.text(get(key), paragraph=paragraph)
            if value:
                fields[key] = value
            return value

        def bullets(key: str) -> list[Rich]:
            value = self.texts(get(key) or [])
            if value:
                fields[key] = value
            return value

        def joined(key: str) -> Row | None:
            items = [self.text(item) for item in get(key) or []]
            if not items:
                return None
            fields[key] = items
            return Row(Rich((Span(self.labels[key]),)), join_rich(items, self.language))

        heading_key, subtitle_keys, meta_keys, summary_key = ENTRY_LAYOUTS[entry_section(entry)]
        if heading_key == "title/organization":  # a custom timeline entry
            heading_key = "title" if get("title") else "organization"
            subtitle_keys = ("organization",) if heading_key == "title" else ()
        heading = text(heading_key)
        subtitle = join_rich([part for key in subtitle_keys if (part := text(key))],
                             self.language, separator=" · ")
        meta = [part for key in meta_keys if (part := text(key))]
        summary = text(summary_key, paragraph=True) if summary_key else Rich()
        facts = [row for row in (joined("courses"), self.fact("thesis", text("thesis"))) if row]
        keywords = joined("keywords")
        url = self.link(get("url"))
        period = self.period(name, get("start"), get("end"), get("date"))
        for key in ("start", "end", "date"):
            if isinstance(get(key), YearMonth):
                fields[key] = iso_date(get(key))
        if url:
            fields["url"] = get("url")
        work = [
            WorkView(id=item.id, summary=self.text(item.summary, paragraph=True),
                     highlights=self.texts(item.highlights))
            for item in self.selected(get("work") or [], lambda item: f"{name}.work[{item.id}]")
        ]
        view = EntryView(entry.id, heading, url, subtitle, meta, period, summary, facts,
                         bullets("highlights"), work, keywords, fields)
        had_content = get("summary") or get("highlights") or get("work")
        if isinstance(entry, Position) and had_content and not (
                view.summary or view.highlights or view.work):
            self.left_out.append(f"{name} (none of its work selected)")
            return None
        return view

    def fact(self, key: str, value: Rich) -> Row | None:
        return Row(Rich((Span(self.labels[key]),)), value) if value else None

    def period(self, name: str, start: YearMonth | None, end: YearMonth | None,
               date: YearMonth | None) -> str:
        """When, as the date style says: a period from its start; an end alone (a school
        left out its start); or a single date."""
        style = self.profile.design.date_format[self.language]
        present, expected = self.labels["present"], self.labels["expected"]
        if start is not None and end is not None and not end.expected and (
                (start.year, start.month) == (end.year, end.month)):
            when = format_month(start, style)  # a month's work: one date, not a range
        elif start is not None:
            when = format_period(start, end, style, present, expected)
        elif end is not None or date is not None:
            when = format_date(end or date, style, expected)
        else:
            return ""
        return self.plain(f"{name}.{'start' if start else 'end' if end else 'date'}", when)

    def publications_section(self, section_id: str) -> SectionView:
        return self.section(section_id, "publications", [
            self.publication(f"{section_id}[{entry.id}]", entry) for entry in
            self.selected(self.profile.section_entries(section_id),
                          lambda entry: f"{section_id}[{entry.id}]")
        ])

    def publication(self, name: str, entry: Entry) -> PublicationView:
        own_names = {text for code in self.profile.languages
                     if (text := self.profile.basics.name.in_language(code))}
        fields: dict[str, object] = {}
        authors = []
        for author in entry.get("authors") or []:
            typeset_author = self.text(author)
            own = searchable(typeset_author) in own_names or author.in_language(
                self.language) in own_names
            authors.append(AuthorView(typeset_author, own))
        if authors:
            fields["authors"] = [author.name for author in authors]
        texts = {}
        for key in ("title", "venue", "note", "summary"):
            texts[key] = self.text(entry.get(key), paragraph=key == "summary")
            if texts[key]:
                fields[key] = texts[key]
        doi, url = entry.get("doi"), entry.get("url")
        date = entry.get("date")
        if date:
            fields["date"] = iso_date(date)
        for key, value in (("doi", doi), ("url", url)):
            if value:
                fields[key] = value
        style = self.profile.design.date_format[self.language]
        return PublicationView(
            id=entry.id or "", title=texts["title"],
            url=self.link(f"https://doi.org/{doi}" if doi else url), authors=authors,
            venue=texts["venue"],
            date=self.plain(f"{name}.date", format_month(date, style)) if date else "",
            doi=doi and self.plain(f"{name}.doi", doi), note=texts["note"],
            summary=texts["summary"], fields=fields,
        )

    def skills_section(self, section_id: str) -> SectionView:
        items: list = []
        for skill in self.selected(self.profile.skills, skill_field):
            if isinstance(skill, Text):
                items.append(self.text(skill))
                continue
            group = self.text(skill.get("group"))
            names = self.texts(skill.get("items") or [], paragraph=False)
            level = self.text(skill.get("level"))
            text = join_rich(names, self.language)
            if level:
                text = Rich((*text.spans, *around(level, self.language)))
            fields = {"group": group, "items": names, **({"level": level} if level else {})}
            items.append(Row(group, text, fields=fields))
        return self.section(section_id, "skills", items)

    def rows_section(self, section_id: str) -> SectionView:
        """Language skills and interests: one row each."""
        rows = []
        entries = self.selected(self.profile.section_entries(section_id),
                                lambda entry: f"{section_id}[{entry.id or '-'}]")
        for entry in entries:
            if entry.section == "language skill":
                label = self.text(entry.get("language"))
                fluency, certificate = (self.text(entry.get(key))
                                        for key in ("fluency", "certificate"))
                text = fluency
                if certificate:
                    text = (Rich((*fluency.spans, *around(certificate, self.language)))
                            if fluency else certificate)
                fields = {"language": label, "fluency": fluency, "certificate": certificate}
            else:  # an interest
                label = self.text(entry.get("name"))
                keywords = [self.text(item) for item in entry.get("keywords") or []]
                text = join_rich(keywords, self.language)
                fields = {"name": label, "keywords": keywords}
            rows.append(Row(label, text, fields={key: value for key, value in fields.items()
                                                 if value}))
        return self.section(section_id, "rows", rows)

    def references_section(self, section_id: str) -> SectionView:
        references = self.profile.references
        if references is None:
            return self.section(section_id, "paragraphs", [])
        if not references:
            on_request = self.plain("label `on_request`", self.labels["on_request"])
            return self.section(section_id, "paragraphs", [Paragraph(Rich((Span(on_request),)))])
        return self.section(section_id, "paragraphs", [
            Paragraph(self.text(entry.get("reference"), paragraph=True),
                      self.text(entry.get("name")))
            for entry in self.selected(references,
                                       lambda entry: f"{section_id}[{entry.id or '-'}]")
        ])

    def custom_section(self, section_id: str) -> SectionView | None:
        custom = next(section for section in self.profile.sections if section.id == section_id)
        if not self.cut.keeps(custom.tags):
            self.left_out.append(f"sections[{custom.id}] ({', '.join(custom.tags)})")
            return None
        title = searchable(self.text(custom.title))
        if custom.kind in ("bullets", "paragraphs"):
            texts = self.texts(custom.entries)
            items = texts if custom.kind == "bullets" else [Paragraph(text) for text in texts]
            return SectionView(section_id, custom.kind, title, items)
        name = f"sections[{custom.id}].entries"
        entries = self.selected(custom.entries, lambda entry: f"{name}[{entry.id}]")
        if custom.kind == "publications":
            items = [self.publication(f"{name}[{entry.id}]", entry) for entry in entries]
        elif custom.kind == "rows":
            items = [Row(self.text(entry.get("label")), self.text(entry.get("details")),
                         self.link(entry.get("url"))) for entry in entries]
        else:
            items = [self.timeline_entry(name, entry) for entry in entries]
        return SectionView(section_id, custom.kind, title, items)


# How a timeline entry of each section is drawn: (heading, subtitle, a line of facts, summary).
ENTRY_LAYOUTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str | None]] = {
    "position": ("organization", ("title",), ("about", "note", "location"), "summary"),
    "education entry": ("institution", ("degree", "area"), ("location", "score"), None),
    "project": ("name", ("role", "entity"), ("type",), "description"),
    "award": ("title", ("issuer",), (), "summary"),
    "certificate": ("name", ("issuer",), ("score",), None),
    "timeline entry": ("title/organization", (), ("location",), "summary"),
}


def entry_section(entry) -> str:
    if isinstance(entry, Entry):
        return entry.section
    return "project" if isinstance(entry, Project) else "position"


def skill_field(entry) -> str:
    """How messages name a skill, a group or a row: its field, or its id where it has one."""
    return entry.field if isinstance(entry, Text) else entry.id or entry.section


def skill_names(section: SectionView) -> list[Rich]:
    """Every skill of the skills section, grouped or not: for the PDF's keywords."""
    names: list[Rich] = []
    for item in section.items:
        names.append(item.text if isinstance(item, Row) else item)
    return names


def join_rich(items: list[Rich], language: str, separator: str | None = None) -> Rich:
    """Texts in a run: 、 between them in Chinese, a comma in English (or `separator`)."""
    if separator is None:
        separator = "、" if language.startswith("zh") else ", "
    spans: list[Span] = []
    for index, item in enumerate(items):
        if index:
            spans.append(Span(separator))
        spans.extend(item.spans)
    return Rich(tuple(spans))


def around(text: Rich, language: str) -> tuple[Span, ...]:
    """`text` in parentheses after another: full-width in Chinese."""
    if language.startswith("zh"):
        return (Span("（"), *text.spans, Span("）"))
    return (Span(" ("), *text.spans, Span(")"))


def whereabouts(language: str, location: Rich, address: Rich, postal_code: str) -> Rich:
    """Where the person is, as the masthead prints it: the street address, the place and
    the postal code in English order; the place first in Chinese, which writes addresses
    from the largest part down."""
    postal = Rich((Span(postal_code),)) if postal_code else Rich()
    chinese = language.startswith("zh")
    parts = [location, address, postal] if chinese else [address, location, postal]
    return join_rich([part for part in parts if part], language,
                     separator=" " if chinese else ", ")


def iso_date(date: YearMonth) -> str:
    """The date as the profile writes it: YYYY, YYYY-MM or YYYY-MM-DD."""
    if not date.month:
        return str(date.year)
    month = f"{date.year}-{date.month:02d}"
    return f"{month}-{date.day:02d}" if date.day else month


def without_scheme(url: str) -> str:
    """A web address as people write it on paper: `example.com/me`, not `https://...`."""
    return url.split("://", 1)[-1].rstrip("/")
