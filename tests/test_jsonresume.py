"""JSON Resume in and out: the official sample imports with nothing lost but its `meta`,
builds, and comes back from an export as it went in; a document of the wrong shape is a
located error and writes nothing; export names what JSON Resume has no place for."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from pdfminer.high_level import extract_text

import resume.jsonresume
from conftest import FIXED_EPOCH, run_build, write_profile
from resume.build import check, scaffold_profile
from resume.cli import main
from resume.errors import ResumeError, display_path
from resume.jsonresume import UniqueIds

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "jsonresume-sample.resume.json"
# What the sample loses, and why: its `meta`, and a scheme added to an address. Nothing else.
SAMPLE_WARNINGS = [
    '148:14: projects[0].url: "missdirection.example.com" has no scheme: imported as '
    "https://missdirection.example.com",
    "156:3: meta: not imported: the document's own metadata (canonical address, version, date) "
    "is not part of the résumé",
]
# Fields a reader does not see as text: addresses behind links, dates (printed in another
# form), what is not imported.
UNPRINTED = {"$schema", "url", "startDate", "endDate", "date", "releaseDate", "image", "meta",
             "network"}


def import_document(source: Path, out: Path, capsys, *options: str) -> tuple[int, str]:
    code = main(["import", "jsonresume", str(source), "--out", str(out), *options])
    return code, capsys.readouterr().err


def warning_lines(stderr: str, source: Path) -> list[str]:
    """The warnings of an import, without the file name that starts each."""
    prefix = f"warning: {display_path(source)}:"
    return [line.removeprefix(prefix) for line in stderr.splitlines()
            if line.startswith("warning: ")]


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def imported(tmp_path, capsys) -> tuple[Path, str]:
    folder = tmp_path / "richard"
    code, stderr = import_document(SAMPLE, folder, capsys)
    assert code == 0, stderr
    return folder, stderr


def test_the_sample_loses_nothing_but_meta_and_says_what_it_changed(imported):
    _, stderr = imported
    assert warning_lines(stderr, SAMPLE) == SAMPLE_WARNINGS
    assert "written in en (the document has no Chinese text; --lang chooses another)" in stderr


def test_the_sample_builds_and_reads_as_it_was_written(imported, tmp_path):
    folder, _ = imported
    run = run_build("--profile", folder, "--strict", "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    text = squeeze(extract_text(tmp_path / "out" / "richard-hendriks-en.pdf"))
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    missing = [value for value in printed_texts(sample) if squeeze(value) not in text]
    assert not missing
    for date in ("Dec 2013", "Jan 2013", "Jun 2011", "Nov 2014", "Oct 2014", "Aug 2016"):
        assert squeeze(date) in text


def printed_texts(node: object, key: str = "") -> list[str]:
    if key in UNPRINTED:
        return []
    if isinstance(node, dict):
        return [text for name, value in node.items() for text in printed_texts(value, name)]
    if isinstance(node, list):
        return [text for value in node for text in printed_texts(value, key)]
    return [node] if isinstance(node, str) and node else []


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_import_export_import_gives_the_same_profile(imported, tmp_path, capsys):
    folder, _ = imported
    exported = tmp_path / "exported" / SAMPLE.name  # the same name: the profile names it
    assert main(["export", "jsonresume", "--profile", str(folder), "--lang", "en",
                 "--out", str(exported)]) == 0
    assert capsys.readouterr().err == ""  # nothing the profile holds is lost on the way out
    code, stderr = import_document(exported, tmp_path / "again", capsys)
    assert code == 0, stderr
    first = (folder / "profile.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "again" / "profile.yaml").read_text(encoding="utf-8") == first


def test_the_export_is_the_sample_less_what_the_import_said_it_changed(imported, tmp_path):
    folder, _ = imported
    exported = tmp_path / "exported.json"
    assert main(["export", "jsonresume", "--profile", str(folder), "--lang", "en",
                 "--out", str(exported)]) == 0
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    expected = copy.deepcopy(sample)
    del expected["meta"]
    basics = expected["basics"]
    del basics["image"]  # empty
    # An empty address, for a network whose address the profile knows.
    basics["profiles"][0]["url"] = "https://x.com/neutralthoughts"
    project = expected["projects"][0]
    project["url"] = "https://" + project["url"]
    assert json.loads(exported.read_text(encoding="utf-8")) == expected


def test_a_day_in_the_profile_is_printed_as_its_month_and_exported_whole(tmp_path, capsys):
    folder = tmp_path / "days"
    write_profile(folder, """\
languages: [en]
basics:
  name: {en: Ann Lee}
experience:
  - id: acme
    organization: Acme
    start: 2021-02-14
    end: 2021-02-28
  - id: initech
    organization: Initech
    start: 2020-01-31
    end: 2020-02-01
""")
    (view,) = check(folder, "en").views
    periods = [entry.period for entry in view.section("experience").items]
    assert periods == ["Feb 2021", "Jan 2020 – Feb 2020"]  # a month's work: one date
    assert main(["export", "jsonresume", "--profile", str(folder), "--lang", "en"]) == 0
    work = json.loads(capsys.readouterr().out)["work"]
    assert [(entry["startDate"], entry["endDate"]) for entry in work] == [
        ("2021-02-14", "2021-02-28"), ("2020-01-31", "2020-02-01")]


def test_an_end_a_day_before_its_start_is_an_error(tmp_path, capsys):
    folder = tmp_path / "backwards"
    write_profile(folder, "basics:\n  name: {en: Ann Lee}\nexperience:\n  - id: acme\n"
                  "    organization: Acme\n    start: 2021-02-14\n    end: 2021-02-13\n")
    assert main(["check", "--profile", str(folder)]) == 1
    assert "experience[acme].end" in capsys.readouterr().err


def test_the_language_is_chinese_when_any_text_has_hanzi(tmp_path, capsys):
    chinese = write_json(tmp_path / "zh.json", {"basics": {"name": "Wang Xiaoming",
                                                           "label": "平台工程师"}})
    code, stderr = import_document(chinese, tmp_path / "zh", capsys)
    assert code == 0, stderr
    assert "written in zh (the document has Chinese characters; --lang chooses another)" in stderr
    profile = (tmp_path / "zh" / "profile.yaml").read_text(encoding="utf-8")
    assert "languages:\n- zh\n" in profile and "zh: 平台工程师" in profile
    code, stderr = import_document(chinese, tmp_path / "en", capsys, "--lang", "en")
    assert code == 0 and "written in" not in stderr
    assert "en: 平台工程师" in (tmp_path / "en" / "profile.yaml").read_text(encoding="utf-8")


# A document, and the one error it must give (after the file name): line, column, JSON path.
SHAPE_ERRORS = {
    "highlights as one text": (
        '{"basics": {"name": "A"},\n "work": [{"name": "Acme", "startDate": "2020",\n'
        '  "highlights": "Built it"}]}',
        '3:17: work[0].highlights: expected a list of texts ["...", "..."], found one text; '
        'write it as a list: ["Built it"]'),
    "a date written out": (
        '{"basics": {"name": "A"}, "work": [{"name": "Acme", "startDate": "Feb 2020"}]}',
        '1:66: work[0].startDate: "Feb 2020" is not a date: JSON Resume writes dates as YYYY, '
        'YYYY-MM or YYYY-MM-DD, such as "2020-02"'),
    "a day that does not exist": (
        '{"basics": {"name": "A"}, "awards": [{"title": "T", "date": "2021-02-29"}]}',
        '1:61: awards[0].date: "2021-02-29" is not a date: JSON Resume writes dates as YYYY, '
        'YYYY-MM or YYYY-MM-DD, such as "2020-02"'),
    "a year of three digits": (
        '{"basics": {"name": "A"}, "awards": [{"title": "T", "date": "0999-01"}]}',
        '1:61: awards[0].date: "0999-01" is not a date: JSON Resume writes dates as YYYY, '
        'YYYY-MM or YYYY-MM-DD, such as "2020-02"'),
    "present as an end": (
        '{"basics": {"name": "A"}, "work": [{"name": "Acme", "startDate": "2020",\n'
        '"endDate": "Present"}]}',
        '2:12: work[0].endDate: "Present" is not a date: JSON Resume writes dates as YYYY, '
        "YYYY-MM or YYYY-MM-DD; leave endDate out for something still going on"),
    "null": (
        '{"basics": {"name": "A", "label": null}}',
        "1:35: basics.label: expected a text, found null"),
    "a number": (
        '{"basics": {"name": "A"}, "education": [{"institution": "U", "score": 4.0}]}',
        '1:71: education[0].score: expected a text, found the number 4.0; put it in quotes: '
        '"4.0"'),
    "a list where an object goes": (
        '{"basics": {"name": "A", "location": ["Berlin"]}}',
        "1:38: basics.location: expected an object {...}, found a list [...]"),
    "an object where a list goes": (
        '{"basics": {"name": "A"}, "work": {"name": "Acme"}}',
        "1:35: work: expected a list [...] of objects, found an object {...}"),
    "a list of numbers where texts go": (
        '{"basics": {"name": "A"}, "skills": [{"name": "Go", "keywords": [1]}]}',
        "1:66: skills[0].keywords[0]: expected a text, found the number 1; put it in quotes: "
        '"1"'),
    "an end before the start": (
        '{"basics": {"name": "A"},\n"projects": [{"name": "P", "startDate": "2020-05",\n'
        '"endDate": "2020"}]}',
        "3:12: projects[0].endDate: ends (2020) before it starts (2020-05)"),
    "a position with no start": (
        '{"basics": {"name": "A"}, "work": [\n  {"name": "Acme"}]}',
        '2:3: work[0]: no "startDate": the profile needs it (when it started: YYYY, YYYY-MM '
        'or YYYY-MM-DD)'),
    "a key given twice": (
        '{"basics": {"name": "A", "name": "B"}}',
        '1:26: basics.name: "name" is given twice in the same object; keep one'),
    "not JSON": (
        '{"basics": {"name": "A",}}',
        "1:25: not valid JSON: Expecting property name enclosed in double quotes"),
    "not an object": ("[]", '1:1: expected a JSON Resume document, an object {...} with '
                            '`basics`, found a list [...]'),
    "no basics": ('{"work": []}', '1:1: no "basics": a JSON Resume document names the person '
                                  'in "basics": {"name": ...}'),
    "no name": ('{"basics": {"label": "Dev"}}',
                '1:12: basics: no "name": the profile needs it (the person\'s name)'),
    "half a surrogate pair": (
        '{"basics": {"name": "A\\ud800"}}',
        "1:21: basics.name: this text holds half of a UTF-16 surrogate pair (an escape such as "
        "\\ud800 without its other half), which is not a character; remove the escape"),
    "a text too long": (
        '{"basics": {"name": "A", "summary": "' + "x" * 2001 + '"}}',
        "1:37: basics.summary: 2,001 characters; a profile's text holds at most 2,000"),
    "an address that is not one": (
        '{"basics": {"name": "A", "email": "a at b"}}',
        '1:35: basics.email: "a at b" is not an e-mail address'),
    "a reference naming no one among others": (
        '{"basics": {"name": "A"}, "references": [{"name": "B", "reference": "Good"},\n'
        ' {"reference": "Great"}]}',
        '2:2: references[1]: no "name": the profile needs who gives the reference'),
}


@pytest.mark.parametrize("document, expected", SHAPE_ERRORS.values(), ids=SHAPE_ERRORS)
def test_a_value_of_the_wrong_shape_is_located_and_nothing_is_written(
    tmp_path, capsys, document, expected
):
    source = tmp_path / "resume.json"
    source.write_text(document, encoding="utf-8")
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 1
    assert stderr.splitlines() == [f"error: {display_path(source)}:{expected}"]
    assert not (tmp_path / "out").exists()


def test_a_character_no_font_has_is_located_in_the_document(tmp_path, capsys):
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": "A",\n  "label": "Gardener 🌱"}}', encoding="utf-8")
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 1 and not (tmp_path / "out").exists()
    # The fonts it names depend on those installed; the place and the character do not.
    assert stderr.startswith(f'error: {display_path(source)}:2:12: basics.label: the character '
                             '"🌱" (U+1F331 SEEDLING) has no glyph in ')


@pytest.mark.parametrize("content, expected", [
    ("[" * 100_000 + "]" * 100_000, "1:1: the document is nested too deeply to be a résumé"),
    ('{"basics": {"name": ' + "9" * 5000 + "}}", "1:1: a number of thousands of digits, which "
     "cannot be read (the values of JSON Resume are texts, in quotes)"),
    ('{"basics": {"name": "Andr\xe9"}}', "1:1: the file is not UTF-8 text; save it as UTF-8"),
], ids=["nested", "digits", "latin-1"])
def test_a_file_that_is_no_json_resume_is_a_user_error(tmp_path, capsys, content, expected):
    source = tmp_path / "resume.json"
    source.write_bytes(content.encode("latin-1"))
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 1
    assert stderr.splitlines() == [f"error: {display_path(source)}:{expected}"]


def test_a_document_too_large_for_a_profile_is_refused_before_its_texts_are_checked(
    tmp_path, capsys, monkeypatch
):
    work = [{"name": f"Acme {index}", "startDate": "2020",
             "highlights": [f"Did {item}" for item in range(200)]} for index in range(200)]
    source = write_json(tmp_path / "resume.json", {"basics": {"name": "A"}, "work": work})

    def checked_a_text(text):
        raise AssertionError(f"a text was checked before the size: {text!r}")

    monkeypatch.setattr(resume.jsonresume, "repair_text", checked_a_text)
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 1
    assert stderr == (f"error: {display_path(source)}: too large for one profile: "
                      "81,007 values, and a profile may have at most 50,000\n")


def test_every_wrong_value_is_named_at_once(tmp_path, capsys):
    source = write_json(tmp_path / "resume.json", {
        "basics": {"name": "A", "phone": 5551234},
        "work": [{"name": "Acme", "startDate": "2020-1", "highlights": "x"}]})
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 1
    assert [line.split(": ")[2] for line in stderr.splitlines()[:3]] == [
        "basics.phone", "work[0].startDate", "work[0].highlights"]
    assert stderr.splitlines()[-1] == "3 problems; nothing was written."


def test_networks_go_to_their_fields_and_others_are_kept_as_they_are(tmp_path, capsys):
    source = write_json(tmp_path / "resume.json", {"basics": {"name": "A", "profiles": [
        {"network": "GitHub", "url": "https://github.com/octocat"},
        {"network": "LinkedIn", "username": "octo-cat", "url": "linkedin.com/in/octo-cat/"},
        {"network": "X", "username": "octocat", "url": "https://twitter.com/octocat"},
        {"network": "Stack Overflow", "url": "https://stackoverflow.com/users/22656/jon-skeet"},
        {"network": "GitHub", "username": "second"},
        {"network": "Twitter", "username": "someone", "url": "https://mastodon.example/@me"},
        {"network": "WeChat", "username": "wx_id"},
        {"network": "Blog", "url": "https://blog.example.com"},
    ]}})
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 0, stderr
    profile = (tmp_path / "out" / "profile.yaml").read_text(encoding="utf-8")
    for line in ("github: octocat", "linkedin: octo-cat", "twitter: octocat",
                 "stackoverflow: 22656/jon-skeet", "wechat: wx_id",
                 "blog: https://blog.example.com", "- network: GitHub\n    username: second",
                 "- network: Twitter\n    username: someone\n"
                 "    url: https://mastodon.example/@me"):
        assert line in profile
    assert warning_lines(stderr, source) == []


def test_skills_with_keywords_a_level_or_a_name_alone(tmp_path, capsys):
    source = write_json(tmp_path / "resume.json", {"basics": {"name": "A"}, "skills": [
        {"name": "Web", "level": "Master", "keywords": ["HTML", "CSS"]},
        {"name": "Rust", "level": "Beginner"}, {"name": "Go"}]})
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 0, stderr
    profile = (tmp_path / "out" / "profile.yaml").read_text(encoding="utf-8")
    assert ("skills:\n- group:\n    en: Web\n  items:\n  - HTML\n  - CSS\n  level:\n"
            "    en: Master\n- group:\n    en: Rust\n  items: []\n  level:\n    en: Beginner\n"
            "- Go\n") in profile
    exported = tmp_path / "out.json"
    assert main(["export", "jsonresume", "--profile", str(tmp_path / "out"), "--lang", "en",
                 "--out", str(exported)]) == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["skills"] == [
        {"name": "Web", "level": "Master", "keywords": ["HTML", "CSS"]},
        {"name": "Rust", "level": "Beginner"}, {"name": "Go"}]


def test_references_that_name_no_one_are_on_request(tmp_path, capsys):
    source = write_json(tmp_path / "resume.json", {"basics": {"name": "A"}, "references": [
        {"reference": "Available upon request"}]})
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 0, stderr
    assert "references: on-request" in (tmp_path / "out" / "profile.yaml").read_text()
    assert warning_lines(stderr, source) == [
        "7:20: references[0].reference: a reference that names no one: imported as "
        "`references: on-request`, which says references are available on request in the "
        "résumé's own words, not as \"Available upon request\""]


def test_fields_json_resume_does_not_have_are_named_with_their_new_names(tmp_path, capsys):
    source = write_json(tmp_path / "resume.json", {"basics": {"name": "A", "picture": "me.jpg"},
                                                   "work": [{"company": "Acme", "name": "Acme",
                                                             "startDate": "2020"}],
                                                   "hobbies": ["chess"]})
    code, stderr = import_document(source, tmp_path / "out", capsys)
    assert code == 0, stderr
    assert warning_lines(stderr, source) == [
        "4:5: basics.picture: not imported: JSON Resume's basics has no such field (JSON Resume "
        "1.0.0 calls it `image`)",
        "8:7: work[0].company: not imported: JSON Resume's work has no such field (JSON Resume "
        "1.0.0 calls it `name`)",
        "13:3: hobbies: not imported: a JSON Resume document has no such field"]


def test_entries_of_the_same_name_get_ids_of_their_own(tmp_path, capsys):
    source = write_json(tmp_path / "resume.json", {
        "basics": {"name": "A"},
        "work": [{"name": "Acme", "startDate": "2020-01"}, {"name": "Acme", "startDate": "2018"},
                 {"name": "Acme 2", "startDate": "2017"}],
        "projects": [{"name": "tool"}, {"name": "tool"}, {"name": "工具"}]})
    code, stderr = import_document(source, tmp_path / "a", capsys)
    assert code == 0, stderr
    check(tmp_path / "a")
    text = (tmp_path / "a" / "profile.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)$", text, re.MULTILINE)
    assert ids == ["acme", "acme-2", "acme-2-2", "tool", "tool-2", "project-3"]


class CountingSet(set):
    """A set that counts how often it is asked whether it holds something."""

    lookups = 0

    def __contains__(self, item) -> bool:
        CountingSet.lookups += 1
        return super().__contains__(item)


def test_ids_are_made_in_one_pass():
    """Linear, counted rather than timed: each new id looks at the taken ones a bounded
    number of times, however many share its name (comparing each with all those before
    was quadratic)."""
    ids = UniqueIds("position")
    ids.taken = CountingSet()
    CountingSet.lookups = 0
    made = [ids.new("Acme", index) for index in range(20_000)]
    assert len(set(made)) == 20_000 and made[:3] == ["acme", "acme-2", "acme-3"]
    assert CountingSet.lookups <= 2 * 20_000


def test_import_will_not_write_over_a_folder_or_into_a_file(tmp_path, capsys):
    (tmp_path / "me").mkdir()
    (tmp_path / "me" / "profile.yaml").write_text("mine")
    code, stderr = import_document(SAMPLE, tmp_path / "me", capsys)
    assert code == 1 and "is not empty; choose a new folder" in stderr
    assert (tmp_path / "me" / "profile.yaml").read_text() == "mine"
    (tmp_path / "file").write_text("mine")
    code, stderr = import_document(SAMPLE, tmp_path / "file", capsys)
    assert code == 1 and "file: it is a file, not a folder" in stderr


def test_a_profile_that_fails_its_own_checks_is_a_bug_and_is_not_written(
    tmp_path, capsys, monkeypatch
):
    def failing(document):
        raise ResumeError("experience[acme].start: a check the import did not foresee")

    monkeypatch.setattr(resume.jsonresume, "validate", failing)
    code, stderr = import_document(SAMPLE, tmp_path / "out", capsys)
    assert code == 2
    assert stderr.startswith("internal error: ImportDefect: the profile imported from ")
    assert "a check the import did not foresee" in stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "me"
    scaffold_profile(folder)
    return folder


def test_a_profile_exports_in_each_language_naming_what_json_resume_lacks(scaffold, capsys):
    assert main(["export", "jsonresume", "--profile", str(scaffold), "--lang", "zh"]) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    basics = document["basics"]
    assert basics["name"] == "王小明" and basics["location"] == {
        "address": "徐汇区漕溪北路 88 号", "postalCode": "200030", "city": "上海"}
    assert {profile["network"]: profile.get("username") for profile in basics["profiles"]} == {
        "GitHub": "xiaoming", "WeChat": "xiaoming_wx", "LinkedIn": "xiaoming-wang",
        "Twitter": "xiaoming_dev", "Google Scholar": "AbCdEfGhIjKl",
        "ORCID": "0000-0002-1825-0097", "Stack Overflow": "1234567/xiaoming",
        "Zhihu": "xiaoming-wang", "Blog": None, "Gitee": "xiaoming"}
    assert [work["name"] for work in document["work"]] == ["Acme Cloud", "某初创公司"]
    assert "endDate" not in document["work"][0]  # to the present
    assert document["work"][1]["summary"] == "搭建持续集成系统。"  # its piece of work, merged
    assert document["projects"][0]["roles"] == ["作者与维护者"]
    assert (document["projects"][0]["entity"], document["projects"][0]["type"]) == (
        "云原生社区", "开源项目")
    assert document["publications"][0]["url"] == "https://doi.org/10.1145/3302424.3303950"
    assert document["skills"][0] == {"name": "编程语言", "level": "精通",
                                     "keywords": ["Go", "Python"]}
    assert document["references"] == [{"name": "李华，Acme Cloud 技术总监",
                                       "reference": "可电话联系：+86 139 0000 0000"}]
    assert document["basics"]["summary"] == "五年云原生平台经验，专注**调度**与成本优化。"
    warnings = captured.err.splitlines()
    for field in ("basics.photo", "details", "campus", "sections[talks]",
                  "education[tongji].thesis", "experience[startup].note",
                  "publications[hetero-sched].authors", "certificates[cet6].score",
                  "language_skills[0].certificate"):
        assert any(line.startswith(f"warning: {field}: not exported: ") for line in warnings)
    assert main(["export", "jsonresume", "--profile", str(scaffold), "--lang", "en"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert english["work"][1]["name"] == "A start-up"
    assert english["education"][0]["studyType"] == "Master of Engineering"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_export_imports_into_a_profile_that_builds(scaffold, tmp_path, capsys, language):
    exported = tmp_path / "me.json"
    assert main(["export", "jsonresume", "--profile", str(scaffold), "--lang", language,
                 "--out", str(exported)]) == 0
    code, stderr = import_document(exported, tmp_path / "again", capsys)
    assert code == 0, stderr
    assert f"written in {language}" in stderr
    run = run_build("--profile", tmp_path / "again", "--out", tmp_path / "out", epoch=FIXED_EPOCH)
    assert run.returncode == 0, run.stderr
    again = yaml.safe_load((tmp_path / "again" / "profile.yaml").read_text(encoding="utf-8"))
    assert [reference["name"][language] for reference in again["references"]] == [
        {"zh": "李华，Acme Cloud 技术总监", "en": "Li Hua, Director of Engineering, Acme Cloud"}[
            language]]


def test_export_to_a_place_it_cannot_write_is_a_user_error(scaffold, tmp_path, capsys):
    (tmp_path / "file").write_text("")
    code = main(["export", "jsonresume", "--profile", str(scaffold), "--lang", "en",
                 "--out", str(tmp_path / "file" / "me.json")])
    assert code == 1
    assert "cannot write" in capsys.readouterr().err
