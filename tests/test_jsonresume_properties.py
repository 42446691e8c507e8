"""Property-based: whatever a JSON Resume document holds (values of the wrong shape, odd
Unicode, text that is not JSON at all), an import ends in a profile that passes `resume
check` or in a user error, never in another exception; and a document of the right shape
comes back from import, export and import as the same profile."""

from __future__ import annotations

import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resume.build import check
from resume.cli import main
from resume.jsonresume import FIELDS

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- documents of any shape ---------------------------------------------------------------------
odd_text = st.one_of(
    st.text(max_size=30),  # any code point, lone surrogates included (JSON can escape them)
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
    st.sampled_from(["", "  ", "平台工程师", "🌱", "Ａ１", "\u0000", "[x](https://example.com)",
                     "**bold**", "R&amp;D", "Ã©tÃ©", "\u200b", "x" * 2001, "中文, English"]),
)
dates = st.one_of(
    st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z"),
    st.sampled_from(["2020", "2020-02", "2020-02-29", "2021-02-29", "2020-13", "2020-00",
                     "Feb 2020", "Present", "2020-1", " 2020-02 ", ""]),
)
addresses = st.sampled_from(["https://example.com/me", "example.com", "ftp://example.com",
                             "not an address", "http://a.b/c?d#e", "javascript:alert(1)", "",
                             "a@example.com", "+1 555 0100", "(912) 555-4321"])
wrong = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                  st.lists(st.integers(), max_size=2),
                  st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def mostly(right: st.SearchStrategy) -> st.SearchStrategy:
    """Usually a value of the right shape; now and then one of any other."""
    return st.one_of(right, right, right, wrong)


TEXT_KINDS = {"startDate": dates, "endDate": dates, "date": dates, "releaseDate": dates,
              "url": addresses, "email": addresses, "phone": addresses}
LISTS = {"highlights", "keywords", "courses", "roles"}


def value_for(key: str) -> st.SearchStrategy:
    text = TEXT_KINDS.get(key, odd_text)
    if key in LISTS:
        return st.one_of(st.lists(mostly(text), max_size=4), text, wrong)
    return mostly(text)


def entries(section: str) -> st.SearchStrategy:
    fields = {key: value_for(key) for key in FIELDS[section]}
    entry = st.fixed_dictionaries({}, optional={**fields, "unknown": odd_text})
    return st.one_of(st.lists(mostly(entry), max_size=3), wrong, odd_text)


basics = st.fixed_dictionaries({}, optional={
    **{key: value_for(key) for key in FIELDS["basics"] if key not in ("location", "profiles")},
    "location": mostly(st.fixed_dictionaries(
        {}, optional={key: mostly(odd_text) for key in FIELDS["location"]})),
    "profiles": entries("profiles"),
})
documents = st.one_of(
    st.fixed_dictionaries(
        {"basics": mostly(basics)},
        optional={**{section: entries(section) for section in FIELDS
                     if section not in ("document", "basics", "location", "profiles")},
                  "meta": wrong}),
    wrong,
)


def run_import(source_text: str) -> None:
    """Import the document: a user error writes nothing, and a profile written passes
    `resume check`."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "resume.json"
        source.write_text(source_text, encoding="utf-8")
        out = Path(folder) / "profile"
        messages = io.StringIO()
        with redirect_stderr(messages), redirect_stdout(io.StringIO()):
            code = main(["import", "jsonresume", str(source), "--out", str(out)])
        assert code in (0, 1), messages.getvalue()
        if code == 1:
            assert messages.getvalue().startswith("error: "), messages.getvalue()
            assert not out.exists()
            event("user error")
        else:
            check(out)  # raises, failing the test, when the profile does not pass
            event("imported")


@SETTINGS
@given(documents)
def test_any_json_resume_shaped_document(document):
    run_import(json.dumps(document))  # ensure_ascii: lone surrogates as escapes


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_as_a_document(text):
    run_import(text)


# -- documents of the right shape -----------------------------------------------------------------
words = st.lists(st.from_regex(r"\A[A-Za-z][a-z0-9]{0,7}\Z"), min_size=1, max_size=4).map(
    " ".join)
# Scripts the fonts draw, the marks of both languages, white space, inline marks, entities;
# now and then anything at all.
drawable = st.one_of(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"],
                  max_codepoint=0x4FF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(list("，。、；：！？（）「」《》 \n\t*[]()&#;·–—“”‘’…")),
)
hanzi = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1,
                max_size=8)
# Mostly text a person writes, in either language; one text in eight, anything.
unicode_text = st.one_of(words, words, words, hanzi, hanzi, st.text(drawable, min_size=1,
                                                                    max_size=20),
                         st.text(drawable, min_size=1, max_size=20), odd_text)
months = st.tuples(st.integers(1990, 2030), st.integers(0, 12))


def month_text(month: tuple[int, int]) -> str:
    year, number = month
    return f"{year}-{number:02d}" if number else str(year)


@st.composite
def periods(draw, required: bool) -> dict:
    """A start and perhaps an end after it."""
    period = {}
    start = draw(months) if required or draw(st.booleans()) else None
    end = draw(st.one_of(st.none(), months))
    if start and end and end < start:
        start, end = end, start
    if start:
        period["startDate"] = month_text(start)
    if end and start:
        period["endDate"] = month_text(end)
    return period


def entry(required: dict, optional: dict, period: str | None = None) -> st.SearchStrategy:
    fields = st.fixed_dictionaries(required, optional=optional)
    if period is None:
        return fields
    return st.tuples(fields, periods(period == "required")).map(lambda pair: {**pair[0],
                                                                              **pair[1]})


addresses_ok = st.builds("https://{}.example.com/{}".format,
                         st.from_regex(r"\A[a-z]{1,8}\Z"), st.from_regex(r"\A[a-z0-9]{0,8}\Z"))


def right_documents(text: st.SearchStrategy) -> st.SearchStrategy:
    """JSON Resume documents of the right shape, their texts drawn from `text`."""
    texts = st.lists(text, min_size=1, max_size=3)
    return st.fixed_dictionaries(
        {"basics": st.fixed_dictionaries({"name": text}, optional={
            "label": text, "summary": text, "url": addresses_ok,
            "email": st.just("me@example.com"), "phone": st.just("+1 555 0100"),
            "location": st.fixed_dictionaries({}, optional={"city": text, "region": text,
                                                             "countryCode": st.just("US")}),
            "profiles": st.lists(st.one_of(
                st.builds(lambda user: {"network": "GitHub", "username": user},
                          st.from_regex(r"\A[a-z][a-z0-9]{0,10}\Z")),
                st.builds(lambda name, user: {"network": name, "username": user}, text, text),
                st.builds(lambda name, url: {"network": name, "url": url}, text, addresses_ok),
            ), max_size=3)})},
        optional={
            "work": st.lists(entry({"name": text}, {
                "position": text, "description": text, "location": text, "url": addresses_ok,
                "summary": text, "highlights": texts}, "required"), max_size=3),
            "volunteer": st.lists(entry({"organization": text}, {
                "position": text, "summary": text, "highlights": texts}, "required"),
                max_size=2),
            "education": st.lists(entry({"institution": text}, {
                "area": text, "studyType": text, "score": text, "courses": texts},
                "optional"), max_size=2),
            "projects": st.lists(entry({"name": text}, {
                "description": text, "roles": texts, "keywords": texts, "highlights": texts},
                "optional"), max_size=2),
            "awards": st.lists(entry({"title": text}, {"awarder": text, "summary": text}),
                               max_size=2),
            "skills": st.lists(entry({"name": text}, {"level": text, "keywords": texts}),
                               max_size=3),
            "languages": st.lists(entry({"language": text}, {"fluency": text}), max_size=2),
            "interests": st.lists(entry({"name": text}, {"keywords": texts}), max_size=2),
            "references": st.lists(entry({"name": text}, {"reference": text}), max_size=2),
        })


@SETTINGS
@given(right_documents(unicode_text))
def test_any_text_in_a_document_of_the_right_shape(document):
    run_import(json.dumps(document))


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(right_documents(words))
def test_import_export_import_gives_the_same_profile(document):
    with tempfile.TemporaryDirectory() as folder:
        first, again = Path(folder) / "first", Path(folder) / "again"
        source = Path(folder) / "in" / "resume.json"
        exported = Path(folder) / "out" / "resume.json"  # the same name: the profile says it
        source.parent.mkdir()
        source.write_text(json.dumps(document), encoding="utf-8")
        with redirect_stderr(io.StringIO()) as messages, redirect_stdout(io.StringIO()):
            assert main(["import", "jsonresume", str(source), "--out", str(first)]) == 0, (
                messages.getvalue())
            assert main(["export", "jsonresume", "--profile", str(first), "--lang", "en",
                         "--out", str(exported)]) == 0, messages.getvalue()
            assert main(["import", "jsonresume", str(exported), "--out", str(again)]) == 0, (
                messages.getvalue())
        profile = (first / "profile.yaml").read_text(encoding="utf-8")
        assert (again / "profile.yaml").read_text(encoding="utf-8") == profile
