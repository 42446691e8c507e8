"""The tests depend on nothing but the repository's tests/: never on data/ (the owner's own
résumé, which a fork replaces) and never on files beside the checkout.

Two ways a test could read data/, each closed here at no cost in time:
- naming it: no test's code names the folder (a static scan of every test module);
- leaving out --profile, so that the command falls back to data/ when run from the checkout:
  conftest fails such a test, in this process (`no_checkout_profile`) and in a child process
  (`run_build`); the tests below show that both guards see the fallback.
Fixtures and cases need no scan: a profile can name no file outside its own folder (a photo,
a theme), which the build itself enforces. Copying the repository with another data/ and
running the suite there would prove the same at the cost of a second suite."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import resume.cli
from conftest import (
    MINIMAL_PROFILE,
    PROJECT,
    used_the_checkout_profile,
    write_profile,
)
from resume.assets import CHECKOUT_PROFILE_FOLDER
from resume.cli import main

TESTS = Path(__file__).parent
# Every test module but this one, which names what it looks for.
SCANNED = sorted(path for path in TESTS.rglob("*.py")
                 if "__pycache__" not in path.parts and path != Path(__file__))

# A path through the repository's profile folder: `data/...`, or "data" as a path part.
DATA_PATH = re.compile(r"(?<![\w.:-])data/")
# (module, function): what may name the repository's profile folder, and why.
MAY_NAME_DATA = {
    # The fallback itself: without --profile, a command run from the checkout takes data/.
    ("test_cli.py", "test_without_profile_elsewhere_the_checkout_falls_back_to_its_own"),
    # The guard that tells a test which fell back to data/.
    ("conftest.py", "used_the_checkout_profile"),
}
# Modules that may still read beside the checkout (../shared/), and why.
MAY_READ_BESIDE: set[str] = set()


def docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of `tree`: prose, not paths a test reads."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def enclosing_functions(tree: ast.Module) -> dict[int, str]:
    """For every node inside a top-level function or class, the name of that function or
    class; nodes at module level are absent."""
    owners = {}
    for top in tree.body:
        if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for node in ast.walk(top):
                owners[id(node)] = top.name
    return owners


def references(path: Path, names_it) -> list[tuple[str, int, str]]:
    """(owner, line, source) of every node of the module at `path` for which `names_it` is
    true, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    prose = docstrings(tree)
    owners = enclosing_functions(tree)
    return [(owners.get(id(node), "<module>"), node.lineno, ast.unparse(node))
            for node in ast.walk(tree)
            if id(node) not in prose and names_it(node)]


def names_the_profile_folder(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value == CHECKOUT_PROFILE_FOLDER or bool(DATA_PATH.search(node.value))
    return isinstance(node, ast.Name) and node.id == "CHECKOUT_PROFILE_FOLDER"


def reads_beside_the_checkout(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value == "shared" or "shared/" in node.value
    return (isinstance(node, ast.Attribute) and node.attr == "parent"
            and isinstance(node.value, ast.Name) and node.value.id == "PROJECT")


@pytest.mark.parametrize(("module", "owner"), sorted(MAY_NAME_DATA))
def test_what_may_name_data_still_does(module, owner):
    """The scan reads the real modules, and the list holds no entry that is no longer
    needed (which would let a new reference there pass unseen)."""
    assert owner in {found for found, _, _ in references(TESTS / module, names_the_profile_folder)}


@pytest.mark.parametrize("path", SCANNED, ids=lambda path: path.name)
def test_no_test_names_the_repository_s_profile_folder(path):
    found = [(owner, line, source) for owner, line, source
             in references(path, names_the_profile_folder)
             if (path.name, owner) not in MAY_NAME_DATA]
    assert found == [], f"{path.name} names data/: build tests/fixtures/ instead"


@pytest.mark.parametrize("path", [path for path in SCANNED if path.name not in MAY_READ_BESIDE],
                         ids=lambda path: path.name)
def test_no_test_reads_beside_the_checkout(path):
    assert references(path, reads_beside_the_checkout) == [], (
        f"{path.name} reads outside the repository: a clean clone would skip or fail it; "
        "copy what it needs into tests/cases/ or tests/fixtures/")


@pytest.mark.parametrize("source", [
    'PROJECT / "data" / "profile.yaml"',
    'run_build("--profile", "data/", "--out", out)',
    'f"{PROJECT}/data/targets"',
    "PROJECT / CHECKOUT_PROFILE_FOLDER",
])
def test_the_scan_finds_the_ways_of_naming_data(tmp_path, source):
    module = tmp_path / "test_example.py"
    module.write_text(f'"""Reads data/ (prose)."""\n\n\ndef test_it():\n    {source}\n')
    assert [owner for owner, _, _ in references(module, names_the_profile_folder)] == ["test_it"]


@pytest.mark.parametrize("source", [
    'PROJECT.parent / "shared" / "seed"',
    'Path("../shared/seed/000.txt")',
])
def test_the_scan_finds_the_ways_of_reading_beside(tmp_path, source):
    module = tmp_path / "test_example.py"
    module.write_text(f"def test_it():\n    {source}\n")
    assert references(module, reads_beside_the_checkout)


def test_the_scan_leaves_other_data_alone(tmp_path):
    module = tmp_path / "test_example.py"
    module.write_text('def test_it(data):\n    data.get("x")\n    "data:image/png;base64,"\n'
                      '    "metadata/profile.yaml"\n    page.get_data()\n')
    assert references(module, names_the_profile_folder) == []


def test_a_command_without_profile_fails_the_test_instead_of_reading_data(tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)  # no profile.yaml here: the checkout's would be next
    with pytest.raises(pytest.fail.Exception, match="fell back to the repository's own"):
        main(["check"])


@pytest.mark.parametrize("where", ["the checkout", "elsewhere"])
def test_the_child_process_guard_knows_the_fallback_message(tmp_path, monkeypatch, capsys,
                                                           where):
    """What default_profile prints when it falls back (data/ itself not needed: the fallback
    is pointed at it without looking), and when it takes the current folder's profile."""
    cwd = PROJECT if where == "the checkout" else tmp_path
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(resume.cli, "checkout_profile", lambda: PROJECT / CHECKOUT_PROFILE_FOLDER)
    resume.cli.default_profile()
    assert used_the_checkout_profile(capsys.readouterr().err, cwd)

    write_profile(tmp_path / "mine", MINIMAL_PROFILE)
    monkeypatch.chdir(tmp_path / "mine")
    resume.cli.default_profile()
    assert not used_the_checkout_profile(capsys.readouterr().err, tmp_path / "mine")
