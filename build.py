#!/usr/bin/env python3
"""Build the résumé PDFs: the same as `resume build` (see `python build.py --help`).

Run by whatever Python the user has at hand, so before anything is imported from the
package (whose dependencies would fail to import with a traceback), it checks, without
importing them, that this Python has the dependencies pyproject.toml names, and otherwise
says in one line to run `make setup`, which sets up .venv.
"""

from __future__ import annotations  # annotations unread: an old Python gets the message

import os
import re
import shlex
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
PYPROJECT = PROJECT / "pyproject.toml"
VENV = PROJECT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
# Touched by `make setup` once pip has installed everything pyproject.toml names.
VENV_INSTALLED = VENV / ".installed"
MINIMUM_PYTHON = (3, 11)
# `name>=1.2` or `name==1.2`: the forms pyproject.toml uses; anything else is checked for
# presence only.
REQUIREMENT = re.compile(r"\s*([A-Za-z0-9._-]+)\s*(?:(>=|==)\s*([0-9][0-9A-Za-z.]*))?")


def release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version (`1.10.2rc1` -> (1, 10, 2)), for comparing."""
    numbers = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in numbers.group().split(".")) if numbers else ()


def set_up_by_make() -> bool:
    """Whether this is .venv's Python, installed by `make setup` since pyproject.toml last
    changed: it has the dependencies then, and the check (30 ms, mostly importing
    importlib.metadata and tomllib, which the build does not need) is skipped."""
    try:
        return (Path(sys.prefix).resolve() == VENV.resolve()
                and VENV_INSTALLED.stat().st_mtime >= PYPROJECT.stat().st_mtime)
    except OSError:
        return False


def requirements_problem() -> str | None:
    """What this Python lacks of what the package needs, in words; None when nothing."""
    if sys.version_info < MINIMUM_PYTHON:
        return (f"is Python {sys.version.split()[0]}; the build needs "
                f"{'.'.join(map(str, MINIMUM_PYTHON))} or later")
    import tomllib
    from importlib import metadata

    with PYPROJECT.open("rb") as file:
        requirements = tomllib.load(file)["project"]["dependencies"]
    unmet = []
    for requirement in requirements:
        name, operator, wanted = REQUIREMENT.match(requirement).groups()
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            unmet.append(name)
            continue
        if operator and not (release(installed) >= release(wanted) if operator == ">="
                             else release(installed) == release(wanted)):
            unmet.append(f"{name}{operator}{wanted} ({installed} is installed)")
    return f"lacks {', '.join(unmet)}" if unmet else None


def setup_advice() -> str:
    """How to run the same command with the dependencies: `make setup`, then .venv's Python."""
    make = "make setup" if Path.cwd() == PROJECT else f"make -C {shown(PROJECT)} setup"
    command = " ".join([shown(VENV_PYTHON), shown(Path(__file__).resolve()),
                        *map(shlex.quote, sys.argv[1:])])
    return f"run `{make}` (it installs them into .venv), then {command}"


def shown(path: Path) -> str:
    """`path` as typed from the current folder: relative inside it, else absolute."""
    relative = os.path.relpath(path)
    return shlex.quote(path.as_posix() if relative.startswith("..") else relative)


if __name__ == "__main__":
    problem = None if set_up_by_make() else requirements_problem()
    if problem:
        print(f"build.py: {sys.executable} {problem}; {setup_advice()}", file=sys.stderr)
        sys.exit(1)
    from resume.cli import build_script_main

    sys.exit(build_script_main())
