"""A theme may come from anyone: its templates and style sheet can read nothing and run
nothing, and whatever is wrong with it is one located message and exit code 1.

The cases are data: each file under cases/hostile_themes/ is a theme's resume.html (or its
style.css) and says in `expect:` lines exactly what the user must be told. A case with a
`live:` line is a real attack: under a plain Jinja environment it prints the marker of a
shell command it ran, the text of a file it read, or what it names; the test proves it, so
that every refusal below is a refusal of something that works. Links are made at run time,
to a secret file outside the profile."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest

from conftest import run_build, write_profile
from resume.assets import THEMES_FOLDER
from resume.build import check, copy_theme, placeholder_photo
from resume.cli import main
from resume.pdf import AssetFetcher, RefusedResource
from resume.preview import Previewer
from resume.render import TEMPLATE_FOLDER, template_environment

CASES_FOLDER = Path(__file__).parent / "cases" / "hostile_themes"
CASES = sorted(CASES_FOLDER.iterdir())
SECRET = "the secret of the tests, 5c1f0e"
# The payloads run `echo hostile-$((40+2)) | tee ran.txt`: only a shell prints this.
MARKER = "hostile-42"
REFUSED_LINK = "a theme may use only its own files"

PROFILE = """\
languages: [zh, en]
basics:
  name: {zh: 王小明, en: Xiaoming Wang}
  email: xm@example.com
  photo: {file: photo.png, show: [zh]}
design:
  theme: theme
experience:
  - id: acme
    organization: Acme
    start: 2020-01
    highlights:
      - {zh: 构建调度系统, en: Built a scheduler}
"""
_EXPECT = re.compile(r"^\s*expect: (.*?)\s*(?:#\}|\*/)?$", re.MULTILINE)
_LIVE = re.compile(r"^\s*live: (.*?)\s*(?:#\}|\*/)?$", re.MULTILINE)


def expected_lines(case: Path) -> list[str]:
    # Read leniently: one case is deliberately not UTF-8.
    text = case.read_bytes().decode("utf-8", "replace")
    return [f"error: {line}" for line in _EXPECT.findall(text)]


@pytest.fixture
def profile(tmp_path, monkeypatch) -> Path:
    """A profile with a photo and a theme of its own (`theme/`, a plain style sheet), a
    secret file beside the profile's folder, and the profile's folder as the working one."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "profile"
    write_profile(folder, PROFILE)
    placeholder_photo(folder / "photo.png")
    (folder / "theme").mkdir()
    (folder / "theme" / "style.css").write_text("body { color: #222; }\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def install(case: Path, theme: Path) -> None:
    shutil.copy(case, theme / ("style.css" if case.suffix == ".css" else "resume.html"))


def leaks(root: Path) -> list[Path]:
    """Every file under `root`, the secret and links to it aside, that holds the secret or
    the marker."""
    return [path for path in root.rglob("*")
            if path.is_file() and not path.is_symlink() and path.name != "secret.txt"
            and (SECRET.encode() in path.read_bytes() or MARKER.encode() in path.read_bytes())]


def assert_refused(capsys, root: Path, expected: list[str]) -> None:
    """A build of every format and a check both stop with exactly `expected`, and neither
    the secret nor a command's output reaches a file, standard output or standard error."""
    code = main(["build", "--profile", ".", "--out", "out", "--format", "pdf,html,txt"])
    built = capsys.readouterr()
    check_code = main(["check", "--profile", "."])
    checked = capsys.readouterr()
    assert (code, check_code) == (1, 1)
    assert built.err.splitlines() == expected
    assert checked.err.splitlines() == expected
    assert built.out == checked.out == ""
    assert not Path("out").exists()
    for stream in (built.err, checked.err):
        assert SECRET not in stream and MARKER not in stream
    assert leaks(root) == []


def test_the_corpus_covers_every_kind_of_case():
    assert len(CASES) >= 15
    assert {case.suffix for case in CASES} == {".html", ".css"}
    assert sum(bool(_LIVE.search(case.read_text("utf-8", "replace"))) for case in CASES) >= 7


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_a_hostile_or_broken_theme_is_refused_exactly(case, profile, capsys):
    expected = expected_lines(case)
    assert len(expected) == 1, f"{case.name} needs one `expect:` line"
    install(case, profile / "theme")
    assert_refused(capsys, profile.parent, expected)
    assert not (profile / "ran.txt").exists()


LIVE_CASES = [case for case in CASES if _LIVE.search(case.read_text("utf-8", "replace"))]


@pytest.mark.parametrize("case", LIVE_CASES, ids=[case.stem for case in LIVE_CASES])
def test_each_live_payload_works_without_the_sandbox(case, profile):
    """The environment this project used before: the payload reaches what it aims at."""
    live = _LIVE.search(case.read_text(encoding="utf-8")).group(1)
    token = {"marker": MARKER, "secret": SECRET}.get(live, live)
    install(case, profile / "theme")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([profile / "theme", TEMPLATE_FOLDER]), autoescape=True)
    chinese = check(profile).views[0]  # the language that shows the photo
    html = environment.get_template("resume.html").render(resume=chinese, labels=chinese.labels)
    assert token in html.replace("&lt;", "<").replace("&gt;", ">")


def link_to_secret(link: Path) -> None:
    link.symlink_to(link.parents[2] / "secret.txt")


@pytest.mark.parametrize(("link", "resume_html", "expected"), [
    ("style.css", None,
     f"theme/style.css leads outside theme through a link: {REFUSED_LINK}"),
    ("resume.html", None,
     f"theme/resume.html leads outside theme through a link: {REFUSED_LINK}"),
    # Not named by the theme: the built-in resume.html imports it, finding the theme's first.
    ("sections.html", None,
     f"theme/sections.html leads outside theme through a link: {REFUSED_LINK}"),
    ("notes.html", '<html>\n{% include "notes.html" %}\n</html>\n',
     f"theme/resume.html:2: theme/notes.html leads outside theme through a link: "
     f"{REFUSED_LINK}"),
], ids=["style.css", "resume.html", "sections.html", "included"])
def test_a_theme_s_link_to_a_file_elsewhere_is_not_followed(link, resume_html, expected,
                                                            profile, capsys):
    theme = profile / "theme"
    if link == "style.css":
        (theme / "style.css").unlink()
    link_to_secret(theme / link)
    if resume_html:
        (theme / "resume.html").write_text(resume_html, encoding="utf-8")
    assert_refused(capsys, profile.parent, [f"error: {expected}"])


def test_a_theme_s_link_to_a_folder_elsewhere_is_not_followed(profile, capsys):
    theme = profile / "theme"
    (theme / "parts").symlink_to(profile.parent)
    (theme / "resume.html").write_text('{% include "parts/secret.txt" %}\n', encoding="utf-8")
    assert_refused(capsys, profile.parent, [
        f"error: theme/resume.html:1: theme/parts/secret.txt leads outside theme through a "
        f"link: {REFUSED_LINK}"])


@pytest.mark.parametrize("element", [
    '<link rel="attachment" href="profile.yaml">',
    '<img src="../secret.txt">',
    '<link rel="stylesheet" href="file:///etc/passwd">',
])
def test_a_template_cannot_make_the_renderer_read_a_file(element, profile, capsys):
    """The renderer reads the theme's folder and the photo: not the profile (which holds
    what --redact leaves out), nor anything else."""
    (profile / "theme" / "resume.html").write_text(
        f"<html><body>{element}<p>text</p></body></html>\n", encoding="utf-8")
    code = main(["build", "--profile", ".", "--out", "out", "--format", "pdf,html,txt"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("error: refused to read file://")
    assert "the renderer reads only the theme's folder and the profile's photo" in captured.err
    assert not Path("out").exists()
    assert leaks(profile.parent) == []


def test_a_profile_cannot_name_its_own_folder_as_its_theme(profile, capsys):
    """The theme's templates may read their folder: it must not be the one holding the
    profile."""
    (profile / "style.css").write_text("body {}\n", encoding="utf-8")
    write_profile(profile, PROFILE.replace("theme: theme", "theme: ."))
    assert main(["check", "--profile", "."]) == 1
    assert capsys.readouterr().err.startswith(
        'error: unknown theme ".": choose one of classic, compact, modern, or give a folder '
        "inside the profile's folder")


def test_a_legitimate_theme_keeps_what_templates_need(profile, capsys):
    """The negative case: everything a theme does with the view still works, its own
    links inside its folder included, and the photo still reaches the PDF."""
    theme = profile / "theme"
    (theme / "resume.html").write_text("""\
{% extends "base.html" %}
{% import "sections.html" as parts %}
{% block body %}
{{ parts.name_block(resume) }}
{% for section in resume.sections %}{{ parts.section(section) }}{% endfor %}
<ol>{% for contact in resume.contacts %}<li data-n="{{ loop.index }}">{{ contact.text | upper }}\
</li>{% endfor %}</ol>
<p class="skills">{{ resume.keywords | join(" / ") }}</p>
<p class="labels">{{ labels.items() | list | length > 3 }} {{ "%s-%s" | format(1, 2) }}</p>
{% if photo_url %}<img class="photo" src="{{ photo_url }}" alt="">{% endif %}
{% endblock %}
""", encoding="utf-8")
    (theme / "layout.html").write_text("""\
<!DOCTYPE html>
<html lang="{{ resume.language.html_lang }}">
{{ parts.document_head(resume, labels, subject, created, generator, photo_url, inline_styles) }}
<body>{% block body %}{% endblock %}</body>
</html>
""", encoding="utf-8")
    (theme / "base.html").symlink_to("layout.html")  # a link inside the theme is fine

    assert main(["build", "--profile", ".", "--out", "out", "--format", "pdf,html,txt"]) == 0
    html = Path("out/xiaoming-wang-zh.html").read_text(encoding="utf-8")
    assert '<li data-n="1">XM@EXAMPLE.COM</li>' in html
    assert '<p class="labels">True 1-2</p>' in html
    assert 'src="data:image/png;base64,' in html
    assert b"/Subtype /Image" in Path("out/xiaoming-wang-zh.pdf").read_bytes()
    assert "构建调度系统" in Path("out/xiaoming-wang-zh.txt").read_text(encoding="utf-8")
    assert main(["check", "--profile", "."]) == 0
    assert capsys.readouterr().err == ""


def test_an_error_in_a_built_in_macro_is_located_in_the_theme_s_line(profile, capsys):
    (profile / "theme" / "resume.html").write_text(
        '{% import "sections.html" as parts %}\n<html>\n{{ parts.paragraphs(resume) }}\n',
        encoding="utf-8")
    assert main(["check", "--profile", "."]) == 1
    assert re.fullmatch(r"error: theme/resume\.html:3: 'resume\.view\.ResumeView object' has no "
                        r"attribute 'items' \(in the built-in sections\.html, line \d+\)\n",
                        capsys.readouterr().err)


def test_a_copy_of_a_theme_keeps_its_links_as_links(profile, capsys):
    """Copying a theme must not turn its link to a secret into a file holding the secret,
    nor write through a link where the built-in templates are added."""
    theme = profile / "theme"
    link_to_secret(theme / "resume.html")
    (theme / "sections.html").symlink_to(profile.parent / "written-through-a-link.html")
    copy = copy_theme(str(theme), profile / "copy")
    assert (copy / "resume.html").is_symlink() and (copy / "sections.html").is_symlink()
    assert not (profile.parent / "written-through-a-link.html").exists()
    write_profile(profile, PROFILE.replace("theme: theme", "theme: copy"))
    assert main(["check", "--profile", "."]) == 1
    assert capsys.readouterr().err == (
        f"error: copy/resume.html leads outside copy through a link: {REFUSED_LINK}\n")


def test_the_preview_shows_the_theme_s_error_and_nothing_of_the_secret(profile):
    install(CASES_FOLDER / "photo_path.html", profile / "theme")
    with Previewer(profile) as previewer:
        previewer.render()
    assert previewer.rendering.documents == {}
    assert previewer.rendering.errors == expected_lines(CASES_FOLDER / "photo_path.html")[0][
        len("error: "):].splitlines()
    assert SECRET not in repr(previewer.rendering)


def test_a_hostile_theme_in_a_real_process(profile):
    """As a user runs it: exit code 1, the message, no traceback, nothing written."""
    case = CASES_FOLDER / "cycler_globals.html"
    install(case, profile / "theme")
    run = run_build("--profile", profile, "--out", profile / "out", "--format", "pdf,html",
                    cwd=profile)
    assert run.returncode == 1
    assert run.stderr.splitlines() == expected_lines(case)
    assert run.stdout == "" and "Traceback" not in run.stderr
    assert not (profile / "out").exists() and leaks(profile.parent) == []


def test_the_fetcher_serves_the_photo_by_its_bytes_and_nothing_beside_it(profile):
    """Of the profile's folder, only the photo (through a link too), held in memory:
    WeasyPrint would otherwise read an image again from its path when writing the PDF."""
    (profile / "theme" / "me.png").symlink_to(profile / "photo.png")
    fetcher = AssetFetcher([profile / "theme"], [profile / "photo.png"])
    for url in ((profile / "photo.png").as_uri(), (profile / "theme" / "me.png").as_uri()):
        response = fetcher.fetch(url)
        assert response.read() == (profile / "photo.png").read_bytes()
        assert response.path is None
    for refused in (profile / "profile.yaml", profile.parent / "secret.txt"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(refused.as_uri())


def test_a_theme_s_own_templates_are_compiled_in_memory_only(tmp_path):
    """The compiled built-in templates are kept on disk for the next run, whichever theme
    reads them; a theme's own (anyone's code) only in the process that read them."""
    theme = tmp_path / "mine"  # its own style sheet and sections.html; the built-in resume.html
    theme.mkdir()
    shutil.copy(THEMES_FOLDER / "classic" / "style.css", theme / "style.css")
    shutil.copy(TEMPLATE_FOLDER / "sections.html", theme / "sections.html")
    environment = template_environment(theme)
    environment.get_template("sections.html")
    environment.get_template("resume.html")
    cache = environment.bytecode_cache
    own = cache.get_cache_key("sections.html", str((theme / "sections.html").resolve()))
    built_in = cache.get_cache_key("resume.html", str((TEMPLATE_FOLDER / "resume.html").resolve()))
    assert own in cache._in_memory and own not in cache._on_disk
    assert not (Path(cache.directory) / (cache.pattern % own)).exists()
    assert built_in in cache._on_disk and built_in not in cache._in_memory
    assert (Path(cache.directory) / (cache.pattern % built_in)).is_file()
