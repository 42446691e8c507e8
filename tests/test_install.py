"""An installed copy works: the wheel, installed into a fresh virtual environment outside the
repository, runs every command with its own themes, templates and schemas, and a build.py
run by a Python without the dependencies says what to do in one line.

The new environment gets the dependencies from the project's own virtual environment (a
folder of links to its site-packages, named by a .pth file, leaving out the project's own
editable install), so no test installs anything from the network but the wheel's build
requirements, which pip fetches as it does for `make setup`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import PROJECT
from resume.assets import THEMES_FOLDER
from resume.schema import profile_schema

# Building the wheel may fetch setuptools and wheel, as `pip install` does; the rest is local.
WHEEL_TIMEOUT = 300
COMMAND_TIMEOUT = 120
# What a wheel is built from: the rest of the checkout is not part of the package.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "resume")
PROJECT_SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
THEMES = sorted(path.name for path in THEMES_FOLDER.iterdir() if path.is_dir())


def clean_environment() -> dict[str, str]:
    """This process's environment without what would bring the repository's package in."""
    hidden = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "SOURCE_DATE_EPOCH"}
    return {key: value for key, value in os.environ.items() if key not in hidden}


def run(command: list[str | Path], cwd: Path, timeout: float = COMMAND_TIMEOUT,
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=clean_environment(),
                          capture_output=True, text=True, timeout=timeout)


def new_virtual_environment(folder: Path) -> Path:
    """A virtual environment without pip or any package; its site-packages folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True,
                   timeout=COMMAND_TIMEOUT)
    found = list(folder.glob("lib/python*/site-packages"))
    assert len(found) == 1, found
    return found[0]


def dependencies_folder(folder: Path) -> Path:
    """Links to everything in the project's site-packages but the project itself (its
    editable install and its metadata), pip included to install the wheel with."""
    folder.mkdir()
    for entry in PROJECT_SITE_PACKAGES.iterdir():
        own = entry.name.startswith(("resume", "__editable__", "__editable___resume"))
        if not own and entry.suffix != ".pth" and entry.name != "__pycache__":
            (folder / entry.name).symlink_to(entry)
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from the checkout and installed by pip into a new environment; the
    environment's folder."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"  # pip builds in the source folder: a copy keeps the checkout clean
    source.mkdir()
    for name in WHEEL_SOURCES:
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(PROJECT / name, source / name)
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                 "--wheel-dir", work / "wheels", source], cwd=work, timeout=WHEEL_TIMEOUT)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "wheels").glob("resume-*.whl")

    environment = work / "venv"
    site_packages = new_virtual_environment(environment)
    dependencies = dependencies_folder(work / "dependencies")
    (site_packages / "project-dependencies.pth").write_text(f"{dependencies}\n")
    installed = run([environment / "bin" / "python", "-m", "pip", "install", "--no-deps",
                     "--no-index", "--no-cache-dir", "--quiet", wheel], cwd=work)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return environment


@pytest.fixture
def outside(tmp_path) -> Path:
    """A working folder outside the repository."""
    assert not tmp_path.is_relative_to(PROJECT)
    return tmp_path


def resume(environment: Path, *arguments: str | Path, cwd: Path,
           ) -> subprocess.CompletedProcess[str]:
    """The installed `resume` command, as a user runs it."""
    return run([environment / "bin" / "resume", *arguments], cwd=cwd)


def test_the_package_imported_is_the_wheels_copy(installed, outside):
    shown = run([installed / "bin" / "python", "-c",
                 "import resume, resume.assets; print(resume.__file__); "
                 "print(resume.assets.PACKAGE_FOLDER)"], cwd=outside)
    assert shown.returncode == 0, shown.stderr
    module, folder = map(Path, shown.stdout.splitlines())
    assert module.is_relative_to(installed) and folder.is_relative_to(installed.resolve())
    packaged = {path.relative_to(folder).as_posix() for path in folder.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}
    for name in THEMES:
        assert f"themes/{name}/style.css" in packaged
    assert {"themes/modern/resume.html", "templates/resume.html", "templates/sections.html",
            "schemas/profile.schema.json", "schemas/target.schema.json", "labels.yaml",
            "scaffold/engineer/profile.yaml", "scaffold/engineer/targets/platform.yaml",
            "scaffold/graduate/profile.yaml", "scaffold/graduate/targets/research.yaml",
            } <= packaged


def test_help_lists_the_built_in_themes(installed, outside):
    assert resume(installed, "--help", cwd=outside).returncode == 0
    shown = resume(installed, "build", "--help", cwd=outside)
    assert shown.returncode == 0, shown.stderr
    assert f"a theme ({', '.join(THEMES)})" in " ".join(shown.stdout.split())


def test_theme_list_and_copy_use_the_installed_themes(installed, outside):
    listed = resume(installed, "theme", "list", cwd=outside)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == THEMES
    copied = resume(installed, "theme", "copy", "modern", "mine", cwd=outside)
    assert copied.returncode == 0, copied.stderr
    assert sorted(path.name for path in (outside / "mine").iterdir()) == [
        "resume.html", "sections.html", "style.css"]


def test_schema_is_the_models(installed, outside):
    printed = resume(installed, "schema", cwd=outside)
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == profile_schema()


def test_a_new_profile_builds_in_every_built_in_theme(installed, outside):
    created = resume(installed, "new", "me", cwd=outside)
    assert created.returncode == 0, created.stderr
    assert (outside / "me" / "schema" / "profile.schema.json").is_file()
    for theme in THEMES:
        built = resume(installed, "build", "--profile", "me", "--theme", theme, "--out", theme,
                       cwd=outside)
        assert built.returncode == 0, built.stderr
        pdfs = sorted((outside / theme).glob("*.pdf"))
        assert [pdf.name for pdf in pdfs] == ["xiaoming-wang-en.pdf", "xiaoming-wang-zh.pdf"]
        assert all(len(PdfReader(pdf).pages) > 0 for pdf in pdfs)


def test_in_a_profiles_folder_the_commands_take_its_profile(installed, outside):
    assert resume(installed, "new", "me", cwd=outside).returncode == 0
    folder = outside / "me"
    built = resume(installed, "build", "--lang", "en", cwd=folder)
    assert built.returncode == 0, built.stderr
    assert built.stderr == "using profile.yaml (no --profile given)\n"
    assert [path.name for path in (folder / "dist").iterdir()] == ["xiaoming-wang-en.pdf"]
    checked = resume(installed, "check", cwd=folder)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "profile.yaml: valid (zh, en)\n"


def test_elsewhere_the_commands_ask_for_a_profile(installed, outside):
    """An installed copy has no profile of its own to fall back to."""
    for command in (["build"], ["check"], ["export", "jsonresume"]):
        refused = resume(installed, *command, cwd=outside)
        assert refused.returncode == 1, refused.stderr
        assert refused.stderr == (
            "error: no profile.yaml in this folder: run in a profile's folder, give one with "
            "--profile PATH, or start one with `resume new FOLDER`\n")
    assert list(outside.iterdir()) == []


# build.py run by a Python that lacks the dependencies


@pytest.fixture
def bare_python(tmp_path) -> tuple[Path, Path]:
    """A Python with nothing installed (as /usr/bin/python3 may be); its site-packages."""
    site_packages = new_virtual_environment(tmp_path / "bare")
    return tmp_path / "bare" / "bin" / "python", site_packages


def test_build_script_without_the_dependencies_says_to_run_make(bare_python, outside):
    python, _ = bare_python
    ran = run([python, "-I", PROJECT / "build.py", "--lang", "en"], cwd=outside)
    assert ran.returncode == 1
    assert ran.stdout == ""
    assert ran.stderr.count("\n") == 1, ran.stderr
    assert ran.stderr.startswith(f"build.py: {python} lacks weasyprint, tinycss2, jinja2, ")
    assert ran.stderr.endswith(
        f"; run `make -C {PROJECT} setup` (it installs them into .venv), then "
        f"{PROJECT}/.venv/bin/python {PROJECT}/build.py --lang en\n")


def test_build_script_names_a_dependency_too_old(bare_python, outside):
    """As Debian's own python3-weasyprint would be: installed, but older than required."""
    python, site_packages = bare_python
    metadata = site_packages / "weasyprint-57.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: weasyprint\n"
                                       "Version: 57.0\n")
    ran = run([python, "-I", PROJECT / "build.py"], cwd=PROJECT)
    assert ran.returncode == 1
    assert ran.stderr.startswith(
        f"build.py: {python} lacks weasyprint>=70 (57.0 is installed), tinycss2, ")
    assert "; run `make setup` (it installs them into .venv), then .venv/bin/python build.py\n" \
        in ran.stderr
