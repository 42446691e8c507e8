"""One language's view of a profile: every text resolved to a string, ready for a template.

A missing translation falls back to the profile's first language that has the text, and is
reported with its field and line, so nothing disappears from a résumé silently; `--strict`
makes those reports fail the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from .errors import Problem
from .fonts import DrawnText
from .load import SourceDocument
from .model import LANGUAGES, Language, Profile, Text
from .text import format_period, link_targets, slugify, visible_text


@dataclass(frozen=True)
class Contact:
    kind: str  # email, phone, website, github, wechat
    label: str
    text: str
    url: str | None


@dataclass(frozen=True)
class WorkView:
    id: str
    summary: str
    highlights: list[str]


@dataclass(frozen=True)
class PositionView:
    id: str
    organization: str
    url: str | None
    about: str
    title: str
    location: str
    note: str
    period: str
    summary: str
    highlights: list[str]
    work: list[WorkView]


@dataclass(frozen=True)
class ProjectView:
    id: str
    name: str
    url: str | None
    description: str


@dataclass
class ResumeView:
    language: Language
    name: str
    slug: str
    headline: str
    summary: str
    location: str
    contacts: list[Contact]
    experience: list[PositionView]
    skills: list[str]
    projects: list[ProjectView]
    labels: dict[str, str]
    # Every string that will be drawn, with the field it comes from: for the glyph check.
    drawn_texts: list[DrawnText] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@cache
def label_table() -> dict[str, dict[str, str]]:
    """The words templates add (section titles, `Present`), per language."""
    source = resources.files("resume").joinpath("labels.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(source)


def localize(
    profile: Profile, document: SourceDocument, language: str
) -> tuple[ResumeView, list[Problem]]:
    """The view of `profile` in `language`, and the translations it had to borrow."""
    return _Localizer(profile, document, language).view()


class _Localizer:
    def __init__(self, profile: Profile, document: SourceDocument, language: str):
        self.profile = profile
        self.document = document
        self.language = language
        self.missing: list[Problem] = []
        self.drawn: list[DrawnText] = []
        self.links: list[str] = []
        self.labels = {key: words[language] for key, words in label_table().items()}
        for key, words in self.labels.items():
            self.drawn.append(DrawnText(f"label `{key}`", words))

    def text(self, text: Text | None) -> str:
        if text is None:
            return ""
        used = self.language
        resolved = text.in_language(used)
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
        # Point at the translation itself where the text has one per language.
        source_path = text.path if text.neutral is not None else (*text.path, used)
        self.drawn.append(
            DrawnText(text.field, visible_text(resolved), self.document.location(source_path))
        )
        self.links.extend(link_targets(resolved))
        return resolved

    def plain(self, field_label: str, value: str) -> str:
        self.drawn.append(DrawnText(field_label, value))
        return value

    def view(self) -> tuple[ResumeView, list[Problem]]:
        profile, basics = self.profile, self.profile.basics
        name = self.text(basics.name)
        names = (basics.name.in_language(code) or "" for code in profile.languages)
        slug = basics.slug or next((s for name in names if (s := slugify(name))), "resume")
        view = ResumeView(
            language=LANGUAGES[self.language],
            name=name,
            slug=slug,
            headline=self.text(basics.headline),
            summary=self.text(basics.summary),
            location=self.text(basics.location),
            contacts=self.contacts(),
            experience=[self.position(position) for position in profile.experience],
            skills=[self.text(skill) for skill in profile.skills],
            projects=[
                ProjectView(
                    id=project.id,
                    name=self.text(project.name),
                    url=self.link(project.url),
                    description=self.text(project.description),
                )
                for project in profile.projects
            ],
            labels=self.labels,
        )
        view.drawn_texts = self.drawn
        view.links = self.links
        return view, self.missing

    def link(self, url: str | None) -> str | None:
        if url:
            self.links.append(url)
        return url

    def contacts(self) -> list[Contact]:
        basics = self.profile.basics
        candidates = [
            ("email", basics.email, f"mailto:{basics.email}"),
            ("phone", basics.phone, f"tel:{(basics.phone or '').replace(' ', '')}"),
            ("website", basics.website and without_scheme(basics.website), basics.website),
            ("github", basics.github and f"github.com/{basics.github}",
             f"https://github.com/{basics.github}"),
            ("wechat", basics.wechat, None),
        ]
        return [
            Contact(
                kind,
                self.labels[kind],
                self.plain(f"basics.{kind}", value),
                self.link(url),
            )
            for kind, value, url in candidates
            if value
        ]

    def position(self, position) -> PositionView:
        start, end = position.start, position.end
        return PositionView(
            id=position.id,
            organization=self.text(position.organization),
            url=self.link(position.url),
            about=self.text(position.about),
            title=self.text(position.title),
            location=self.text(position.location),
            note=self.text(position.note),
            period=self.plain(
                f"experience[{position.id}].start",
                format_period(start, end, self.language, self.labels["present"]),
            ),
            summary=self.text(position.summary),
            highlights=[self.text(item) for item in position.highlights],
            work=[
                WorkView(
                    id=item.id,
                    summary=self.text(item.summary),
                    highlights=[self.text(highlight) for highlight in item.highlights],
                )
                for item in position.work
            ],
        )


def without_scheme(url: str) -> str:
    """A web address as people write it on paper: `example.com/me`, not `https://...`."""
    return url.split("://", 1)[-1].rstrip("/")
