"""JSON Resume (jsonresume.org, schema 1.0.0) in and out.

Import turns a JSON Resume document into a profile in one language, keeping every field the
profile model can hold and listing every field it cannot. Export writes one language of a
profile as a JSON Resume document.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .errors import Location, Problem, ResumeError
from .text import searchable, slugify
from .view import ResumeView

# Top-level sections the model has no place for.
UNHELD_SECTIONS = ("volunteer", "education", "awards", "certificates", "publications",
                   "languages", "interests", "references", "meta")
HELD = {
    "basics": {"name", "label", "email", "phone", "url", "summary", "location", "profiles"},
    "work": {"name", "position", "url", "startDate", "endDate", "summary", "highlights",
             "location", "description"},
    "projects": {"name", "url", "description"},
    "skills": {"name"},
}


def import_jsonresume(source: Path, language: str) -> tuple[str, list[Problem]]:
    """The profile YAML for the JSON Resume document at `source`, written in `language`,
    and what it could not hold, one warning a field."""
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ResumeError(f"{source}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise ResumeError(Problem(f"not valid JSON: {error.msg}",
                                  location=Location(source, error.lineno, error.colno))) from None
    if not isinstance(document, dict) or not isinstance(document.get("basics"), dict):
        raise ResumeError(f"{source}: not a JSON Resume document (no `basics` block)")
    importer = _Importer(source, language)
    profile = importer.profile(document)
    header = ("# yaml-language-server: $schema=schema/profile.schema.json\n"
              f"# Imported from {source.name} (JSON Resume). Add a translation beside each "
              f"`{language}:` text to make it bilingual.\n")
    text = header + yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=100)
    return text, importer.unheld


class _Importer:
    def __init__(self, source: Path, language: str):
        self.source = source
        self.language = language
        self.unheld: list[Problem] = []

    def note(self, field: str, why: str = "the profile has no place for it") -> None:
        self.unheld.append(Problem(f"not imported: {why}", field))

    def address(self, url: str, field: str) -> str:
        """An address with its scheme: JSON Resume documents often leave it out."""
        if "://" in url:
            return url
        self.unheld.append(Problem(f'"{url}" has no scheme: imported as https://{url}', field))
        return f"https://{url}"

    def text(self, value: object) -> dict[str, str] | None:
        return {self.language: value.strip()} if isinstance(value, str) and value.strip() else None

    def unheld_fields(self, entry: dict, held: set[str], field: str) -> None:
        for key, value in entry.items():
            if key not in held and value not in ("", [], {}, None):
                self.note(f"{field}.{key}")

    def profile(self, document: dict) -> dict:
        for section in UNHELD_SECTIONS:
            if document.get(section):
                self.note(section)
        profile: dict = {"languages": [self.language], "basics": self.basics(document["basics"])}
        experience = [self.position(entry, index, document)
                      for index, entry in enumerate(document.get("work") or [])]
        if experience:
            profile["experience"] = experience
        projects = [self.project(entry, index, document["projects"]) for index, entry in
                    enumerate(document.get("projects") or [])]
        if projects:
            profile["projects"] = projects
        skills = []
        for index, skill in enumerate(document.get("skills") or []):
            self.unheld_fields(skill, HELD["skills"], f"skills[{index}]")
            if skill.get("name"):
                skills.append(skill["name"])
        if skills:
            profile["skills"] = skills
        return profile

    def basics(self, basics: dict) -> dict:
        self.unheld_fields(basics, HELD["basics"], "basics")
        result: dict = {"name": self.text(basics.get("name")) or {self.language: "?"}}
        if label := self.text(basics.get("label")):
            result["headline"] = label
        if summary := self.text(basics.get("summary")):
            result["summary"] = summary
        location = basics.get("location") or {}
        place = ", ".join(location[key] for key in ("city", "region") if location.get(key))
        if place:
            result["location"] = {self.language: place}
        for key in ("address", "postalCode", "countryCode"):
            if location.get(key):
                self.note(f"basics.location.{key}", "the profile keeps a city and region only")
        for key, target in (("email", "email"), ("phone", "phone"), ("url", "website")):
            if basics.get(key):
                result[target] = (self.address(basics[key], "basics.url") if key == "url"
                                  else basics[key])
        for index, profile in enumerate(basics.get("profiles") or []):
            if (profile.get("network") or "").lower() == "github" and profile.get("username"):
                result["github"] = profile["username"]
            else:
                self.note(f"basics.profiles[{index}] ({profile.get('network')})",
                          "only a GitHub profile has a place (basics.github)")
        return result

    def position(self, entry: dict, index: int, document: dict) -> dict:
        field = f"work[{index}]"
        self.unheld_fields(entry, HELD["work"], field)
        position: dict = {"id": unique_id(entry.get("name"), "work", index, document["work"]),
                          "organization": entry.get("name") or "?"}
        if entry.get("url"):
            position["url"] = self.address(entry["url"], f"{field}.url")
        for key, target in (("position", "title"), ("description", "about"),
                            ("location", "location"), ("summary", "summary")):
            if text := self.text(entry.get(key)):
                position[target] = text
        for key, target in (("startDate", "start"), ("endDate", "end")):
            if entry.get(key):
                position[target] = self.month(entry[key], f"{field}.{key}")
        position.setdefault("start", "1900")
        highlights = [text for item in entry.get("highlights") or [] if (text := self.text(item))]
        if highlights:
            position["highlights"] = highlights
        return position

    def project(self, entry: dict, index: int, entries: list) -> dict:
        self.unheld_fields(entry, HELD["projects"], f"projects[{index}]")
        project: dict = {"id": unique_id(entry.get("name"), "project", index, entries),
                         "name": entry.get("name") or "?"}
        if entry.get("url"):
            project["url"] = self.address(entry["url"], f"projects[{index}].url")
        if description := self.text(entry.get("description")):
            project["description"] = description
        return project

    def month(self, date: str, field: str) -> str:
        """YYYY-MM-DD to YYYY-MM: the profile keeps months."""
        if len(date) > 7:
            self.note(f"{field} (day {date[8:]})", "the profile keeps the year and month")
        return date[:7]


def unique_id(name: object, prefix: str, index: int, entries: list) -> str:
    base = slugify(name) if isinstance(name, str) else ""
    earlier = [slugify(e.get("name") or "") for e in entries[:index]]
    if not base:
        return f"{prefix}-{index + 1}"
    return base if base not in earlier else f"{base}-{earlier.count(base) + 1}"


def export_jsonresume(resume: ResumeView) -> dict:
    """One language of a profile as a JSON Resume document (schema 1.0.0)."""
    contacts = {contact.kind: contact for contact in resume.contacts}
    basics: dict = {"name": searchable(resume.name)}
    if resume.headline:
        basics["label"] = searchable(resume.headline)
    for kind, key in (("email", "email"), ("phone", "phone"), ("website", "url")):
        if kind in contacts:
            basics[key] = (contacts[kind].url if kind == "website"
                           else contacts[kind].text)
    if resume.summary:
        basics["summary"] = searchable(resume.summary)
    if resume.location:
        basics["location"] = {"city": searchable(resume.location)}
    if "github" in contacts:
        username = contacts["github"].url.rsplit("/", 1)[-1]
        basics["profiles"] = [{"network": "GitHub", "username": username,
                               "url": contacts["github"].url}]
    work = []
    experience = resume.section("experience")
    for position in experience.items if experience else []:
        entry: dict = {"name": searchable(position.heading)}
        for key, value in (("position", position.subtitle),
                           ("description", position.fields.get("about")),
                           ("location", position.fields.get("location"))):
            if value:
                entry[key] = searchable(value)
        if position.url:
            entry["url"] = position.url
        entry["startDate"] = position.fields["start"]
        if position.fields.get("end"):
            entry["endDate"] = position.fields["end"]
        summaries = [position.summary, *(item.summary for item in position.work)]
        summary = " ".join(searchable(text) for text in summaries if text)
        if summary:
            entry["summary"] = summary
        highlights = [*position.highlights,
                      *(text for item in position.work for text in item.highlights)]
        if highlights:
            entry["highlights"] = [searchable(text) for text in highlights]
        work.append(entry)
    projects = []
    project_section = resume.section("projects")
    for project in project_section.items if project_section else []:
        entry = {"name": searchable(project.heading)}
        if project.summary:
            entry["description"] = searchable(project.summary)
        if project.url:
            entry["url"] = project.url
        projects.append(entry)
    document = {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "work": work,
        "projects": projects,
        "skills": [{"name": keyword} for keyword in resume.keywords],
        "meta": {"language": resume.language.html_lang},
    }
    return {key: value for key, value in document.items() if value}
