"""One language's view of a profile: every text resolved and typeset, ready for a template.

A missing translation falls back to the profile's first language that has the text, and is
reported with its field and line, so nothing disappears from a résumé silently; `--strict`
makes those reports fail the build. The view also applies the design settings that decide
what is shown: the sections and their order, the date style, the labels, the photo and
personal details (in the languages that show them), and `--redact`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .fonts import DrawnText
from .labels import label_table
from .load import SourceDocument
from .model import (
    DERIVED_FROM,
    LANGUAGES,
    SECTION_NAMES,
    Language,
    Position,
    Profile,
    Target,
    Text,
    YearMonth,
)
from .names import name_slug
from .text import (
    Rich,
    Span,
    format_month,
    format_period,
    link_targets,
    to_traditional,
    typeset,
)


@dataclass(frozen=True)
class Contact:
    kind: str  # email, phone, website, github, wechat
    label: str
    text: str
    url: str | None


@dataclass(frozen=True)
class Detail:
    kind: str  # birth, gender, hometown, objective, city
    label: str
    text: Rich


@dataclass(frozen=True)
class WorkView:
    id: str
    summary: Rich
    highlights: list[Rich]


@dataclass(frozen=True)
class PositionView:
    id: str
    organization: Rich
    url: str | None
    about: Rich
    title: Rich
    location: Rich
    note: Rich
    period: str
    start: str  # YYYY or YYYY-MM, for exports
    end: str | None  # None: to the present
    summary: Rich
    highlights: list[Rich]
    work: list[WorkView]


@dataclass(frozen=True)
class ProjectView:
    id: str
    name: Rich
    url: str | None
    description: Rich


@dataclass
class ResumeView:
    language: Language
    name: Rich
    slug: str
    headline: Rich
    summary: Rich
    location: Rich
    contacts: list[Contact]
    details: list[Detail]
    photo: Path | None
    experience: list[PositionView]
    skills: list[Rich]
    projects: list[ProjectView]
    labels: dict[str, str]
    sections: tuple[str, ...]  # the sections to show, in order, each with content
    target: str | None = None  # the target this view is cut for
    # What the target left out: each entry's field, with the tags that decided it.
    left_out: list[str] = field(default_factory=list)
    # Every string that will be drawn, with the field it comes from: for the glyph check.
    drawn_texts: list[DrawnText] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


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
    `redact` leaves out the phone, e-mail, WeChat, photo and personal details; `cut`, the
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

    def plain(self, field_label: str, value: str) -> str:
        self.drawn.append(DrawnText(field_label, value))
        return value

    def view(self) -> tuple[ResumeView, list[Problem]]:
        profile, basics, design = self.profile, self.profile.basics, self.profile.design
        name = self.text(basics.name)
        names = (basics.name.in_language(code) or "" for code in profile.languages)
        slug = basics.slug or name_slug(names)
        photo = basics.photo
        view = ResumeView(
            language=LANGUAGES[self.language],
            name=name,
            slug=slug,
            headline=self.text(basics.headline),
            summary=self.text(basics.summary, paragraph=True),
            location=self.text(basics.location),
            contacts=self.contacts(),
            details=self.details(),
            photo=(photo.file if photo and self.language in photo.show and not self.redact
                   else None),
            experience=[view for position in
                        self.selected(profile.experience, lambda p: f"experience[{p.id}]")
                        if (view := self.position(position)) is not None],
            skills=[self.text(skill) for skill in
                    self.selected(profile.skills, lambda skill: skill.field)],
            projects=[
                ProjectView(
                    id=project.id,
                    name=self.text(project.name),
                    url=self.link(project.url),
                    description=self.text(project.description, paragraph=True),
                )
                for project in self.selected(profile.projects, lambda p: f"projects[{p.id}]")
            ],
            labels=self.labels,
            sections=(),
            target=self.cut.name,
        )
        target = self.cut.target
        chosen = (target and target.sections) or design.sections or SECTION_NAMES
        view.sections = tuple(name for name in chosen if getattr(view, name))
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
            ("email", basics.email, f"mailto:{basics.email}"),
            ("phone", basics.phone, f"tel:{(basics.phone or '').replace(' ', '')}"),
            ("website", basics.website and without_scheme(basics.website), basics.website),
            ("github", basics.github and f"github.com/{basics.github}",
             f"https://github.com/{basics.github}"),
            ("wechat", basics.wechat, None),
        ]
        return [
            Contact(kind, self.labels[kind], self.plain(f"basics.{kind}", value), self.link(url))
            for kind, value, url in candidates
            if value and kind not in private
        ]

    def details(self) -> list[Detail]:
        details = self.profile.details
        if details is None or self.redact or self.language not in details.show:
            return []
        style = self.profile.design.date_format[self.language]
        # A date is set as formatted: `1995年6月`, with no space between digits and hanzi.
        birth = details.birth and self.plain("details.birth", format_month(details.birth, style))
        entries = [("birth", Rich((Span(birth),)) if birth else Rich())]
        entries += [(kind, self.text(getattr(details, kind)))
                    for kind in ("gender", "hometown", "objective", "city")]
        return [Detail(kind, self.labels[kind], value) for kind, value in entries if value]

    def position(self, position: Position) -> PositionView | None:
        """The position in this language; None when the cut left out all of its work."""
        style = self.profile.design.date_format[self.language]
        view = PositionView(
            id=position.id,
            organization=self.text(position.organization),
            url=self.link(position.url),
            about=self.text(position.about),
            title=self.text(position.title),
            location=self.text(position.location),
            note=self.text(position.note),
            period=self.plain(
                f"experience[{position.id}].start",
                format_period(position.start, position.end, style, self.labels["present"]),
            ),
            start=iso_month(position.start),
            end=iso_month(position.end) if position.end else None,
            summary=self.text(position.summary, paragraph=True),
            highlights=[self.text(item, paragraph=True) for item in
                        self.selected(position.highlights, lambda text: text.field)],
            work=[
                WorkView(
                    id=item.id,
                    summary=self.text(item.summary, paragraph=True),
                    highlights=[self.text(text, paragraph=True) for text in
                                self.selected(item.highlights, lambda text: text.field)],
                )
                for item in self.selected(
                    position.work, lambda item: f"experience[{position.id}].work[{item.id}]")
            ],
        )
        had_content = position.summary or position.highlights or position.work
        if had_content and not (view.summary or view.highlights or view.work):
            self.left_out.append(f"experience[{position.id}] (none of its work selected)")
            return None
        return view


def iso_month(date: YearMonth) -> str:
    return f"{date.year}-{date.month:02d}" if date.month else str(date.year)


def without_scheme(url: str) -> str:
    """A web address as people write it on paper: `example.com/me`, not `https://...`."""
    return url.split("://", 1)[-1].rstrip("/")
