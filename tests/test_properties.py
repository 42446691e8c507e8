"""Property-based: whatever the YAML and whatever the text, a run ends in success or in a
user error with a located message; never in any other exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resume.assets import THEMES_FOLDER
from resume.build import DEFAULT_THEME, BuildOptions, build, check
from resume.errors import ResumeError
from resume.model import BASICS, POSITION, PROFILE, PROJECT, WORK_ITEM
from resume.render import render_html, template_environment

KEYS = sorted({spec.name for section in (PROFILE, BASICS, POSITION, WORK_ITEM, PROJECT)
               for spec in section.fields} | {"zh", "en", "fr", "highlight"})
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
ENVIRONMENT = template_environment(THEMES_FOLDER / DEFAULT_THEME)

unicode_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
scalars = st.one_of(unicode_text, st.sampled_from(
    ["2021-02", "2018", "present", "2021-13", "https://example.com", "x@example.com", "", "~",
     "yes", "1.0", "[x](https://example.com)", "**bold**", "<script>", "æ„建"]))
keys = st.one_of(st.sampled_from(KEYS), unicode_text)
documents = st.recursive(
    st.one_of(st.none(), scalars),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(keys, children, max_size=6)),
    max_leaves=30,
)
profiles = st.fixed_dictionaries(
    {"basics": st.fixed_dictionaries({"name": documents})},
    optional={key: documents for key in ("languages", "experience", "skills", "projects")},
)


def run_pipeline(source: str) -> None:
    """Load, validate, check and render to HTML in every language; user errors are fine."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.yaml"
        path.write_text(source, encoding="utf-8")
        try:
            checked = check(path)
        except ResumeError as error:
            assert error.problems and all(str(problem) for problem in error.problems)
            event("user error")
            return
        event("rendered")
        for view in checked.views:
            html = render_html(view, ENVIRONMENT, source_date_epoch=None)
            assert "<script>" not in html


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_a_profile_file(source):
    run_pipeline(source)


@SETTINGS
@given(documents)
def test_any_yaml_document(document):
    run_pipeline(yaml.safe_dump(document, allow_unicode=True))


@SETTINGS
@given(profiles)
def test_any_profile_shaped_document(profile):
    run_pipeline(yaml.safe_dump(profile, allow_unicode=True))


@SETTINGS
@given(unicode_text, unicode_text, st.lists(unicode_text, max_size=3))
def test_any_text_in_every_text_field(name, summary, highlights):
    profile = {
        "basics": {"name": {"zh": name, "en": name}, "summary": summary},
        "experience": [{"id": "acme", "organization": name, "start": "2020",
                        "highlights": [{"zh": text, "en": text} for text in highlights]}],
        "projects": [{"id": "p", "name": summary, "description": name}],
        "skills": highlights,
    }
    run_pipeline(yaml.safe_dump(profile, allow_unicode=True))


@settings(max_examples=20, deadline=None, derandomize=True)
@given(unicode_text, st.lists(unicode_text, min_size=1, max_size=3))
def test_any_text_all_the_way_to_pdf(name, highlights):
    """The slow end too: whatever survives the checks lays out and writes as a PDF."""
    profile = {
        "basics": {"name": {"zh": name or "X", "en": name or "X"}},
        "experience": [{"id": "acme", "organization": "Acme", "start": "2020",
                        "highlights": [{"zh": text, "en": text} for text in highlights]}],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.yaml"
        path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        try:
            build(BuildOptions(profile=path, out=Path(folder) / "out"))
        except ResumeError:
            event("user error")
            return
        event("rendered")
        assert sorted(p.suffix for p in (Path(folder) / "out").iterdir()) == [".pdf", ".pdf"]
