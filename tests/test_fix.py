"""`resume check --fix`: repairs written into the profile in every YAML style, nothing else
changed, and never a corrupt or lost file.

The cases are data: tests/cases/fix/NAME.damaged.yaml is a profile with damaged text and
NAME.fixed.yaml the exact file `--fix` must leave, one pair per scalar style (and one for
values that must change style to hold their repair). The HTML entities in them (`&amp;`)
are the author's text, which `--fix` leaves as written. Adding a case is adding a pair.
"""

from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, Run
from resume import cli, rewrite
from resume.cli import main
from resume.load import load_profile_document
from resume.model import Repair

FIX_CASES = PROJECT / "tests" / "cases" / "fix"
CASES = sorted(path.name.removesuffix(".damaged.yaml")
               for path in FIX_CASES.glob("*.damaged.yaml"))


def run_resume(*arguments: str | Path) -> Run:
    """`python -m resume ARGUMENTS` in a fresh process, as a user runs it."""
    process = subprocess.run(
        [sys.executable, "-m", "resume", *map(str, arguments)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )
    return Run(process.returncode, process.stdout, process.stderr)


def case_text(name: str, kind: str, line_ending: str = "\n") -> bytes:
    text = (FIX_CASES / f"{name}.{kind}.yaml").read_text(encoding="utf-8")
    return text.replace("\n", line_ending).encode("utf-8")


def write_case(folder: Path, content: bytes) -> Path:
    path = folder / "profile.yaml"
    path.write_bytes(content)
    path.chmod(0o600)
    return path


def test_every_style_has_a_case():
    assert {"plain", "single-quoted", "double-quoted", "folded", "literal", "flow",
            "requoted"} <= set(CASES)
    for name in CASES:
        assert case_text(name, "damaged") != case_text(name, "fixed"), name


@pytest.mark.parametrize("line_ending", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("name", CASES)
def test_fix_writes_the_repairs_in_each_style(tmp_path, name, line_ending):
    path = write_case(tmp_path, case_text(name, "damaged", line_ending))
    run = run_resume("check", "--fix", "--profile", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "profile.yaml: wrote" in run.stdout and "repaired" not in run.stderr
    assert path.read_bytes() == case_text(name, "fixed", line_ending)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    load_profile_document(tmp_path)  # raises on a file that does not parse
    again = run_resume("check", "--strict", "--profile", tmp_path)
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert [entry.name for entry in tmp_path.iterdir()] == ["profile.yaml"]


def test_fix_keeps_a_byte_order_mark_and_the_owner(tmp_path, capsys):
    content = codecs.BOM_UTF8 + case_text("plain", "damaged", "\r\n")
    path = write_case(tmp_path, content)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root:
        os.chown(path, 4321, 4321)
    assert main(["check", "--fix", "--profile", str(tmp_path)]) == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + case_text("plain", "fixed", "\r\n")
    if as_root:
        assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)


def test_fix_leaves_a_repaired_file_as_it_is(tmp_path, capsys):
    path = write_case(tmp_path, case_text("literal", "fixed"))
    before = path.stat()
    assert main(["check", "--fix", "--profile", str(tmp_path)]) == 0
    assert "nothing to repair" in capsys.readouterr().out
    assert path.read_bytes() == case_text("literal", "fixed")
    assert path.stat().st_ino == before.st_ino


def test_fix_refuses_to_overwrite_an_edit_saved_while_it_checked(tmp_path, capsys, monkeypatch):
    path = write_case(tmp_path, case_text("folded", "damaged"))
    saved_meanwhile = case_text("folded", "damaged") + b"# a line saved meanwhile\n"

    def repairs_while_the_user_saves(document, repairs):
        text = rewrite.apply_repairs(document, repairs)
        path.write_bytes(saved_meanwhile)
        return text

    monkeypatch.setattr(cli, "apply_repairs", repairs_while_the_user_saves)
    assert main(["check", "--fix", "--profile", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "profile.yaml changed while checking; nothing was written; run `resume check " \
           "--fix` again" in err
    assert path.read_bytes() == saved_meanwhile
    assert [entry.name for entry in tmp_path.iterdir()] == ["profile.yaml"]


def test_fix_writes_nothing_when_the_new_text_would_read_differently(
    tmp_path, capsys, monkeypatch
):
    # Neither way of writing the repair reads back as the repaired text: the check that
    # guards every write must refuse, whatever went wrong before it.
    monkeypatch.setattr(rewrite.ScalarReader, "edited_source",
                        lambda self, *arguments: "x\n  : broken")
    monkeypatch.setattr(rewrite.ScalarReader, "double_quoted_source",
                        lambda self, *arguments: '"not the repair"')
    path = write_case(tmp_path, case_text("plain", "damaged"))
    assert main(["check", "--fix", "--profile", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert 'profile.yaml:6:9: basics.headline.zh: the repair to "高级工程师" cannot be written ' \
           "into the file without changing something else, so nothing was written" in err
    assert path.read_bytes() == case_text("plain", "damaged")
    assert [entry.name for entry in tmp_path.iterdir()] == ["profile.yaml"]


def test_fix_still_holds_punctuation_no_repair_makes_today(tmp_path):
    """ftfy, as resume/repair.py configures it, turns no character into ASCII punctuation,
    so no repair of a damaged profile puts a `, ` into a plain value of a flow mapping or a
    new `'` into a single-quoted value. Should one ever, the double-quoted rewrite and the
    doubled quote must still hold it: tested here with synthetic repairs, in-process, as no
    damaged file can reach these paths."""
    profile = ("basics:\n  name: {{zh: 王小明, en: {}}}   # the name\n"
               "  location: {}\n")
    write_case(tmp_path, profile.format("first last", "'Acme Tower'").encode("utf-8"))
    document = load_profile_document(tmp_path)
    repairs = [
        Repair("basics.name.en", ("basics", "name", "en"), "first last", "first, last"),
        Repair("basics.location", ("basics", "location"), "Acme Tower", "Acme's Tower"),
    ]
    assert rewrite.apply_repairs(document, repairs) == profile.format(
        '"first, last"', "'Acme''s Tower'")
