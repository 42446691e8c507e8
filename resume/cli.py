"""The command line: options in, a build out; user errors become messages and exit code 1.

Exit codes: 0 done, 1 a problem in the input that the message explains, 2 a bug in this
program (run again with --debug for the traceback, and report it).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .build import DEFAULT_PROFILE, DEFAULT_THEME, STAGES, BuildOptions, build
from .errors import ResumeError, display_path
from .model import LANGUAGES

EXIT_OK, EXIT_USER_ERROR, EXIT_BUG = 0, 1, 2


def add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=[*LANGUAGES, "all"], default="all",
        help="the language to build; `all` builds every language of the profile (default)",
    )
    parser.add_argument(
        "--profile", type=Path, default=DEFAULT_PROFILE, metavar="PATH",
        help="a profile folder holding profile.yaml, or a profile YAML file "
        f"(default: {display_path(DEFAULT_PROFILE)}/)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("dist"), metavar="DIR",
        help="the folder to write to (default: dist/); files are named "
        "<name>-<language>.pdf after the person's name or basics.slug",
    )
    parser.add_argument(
        "--paper", choices=["a4", "letter"], default="a4",
        help="the paper size: A4 (default) or US Letter",
    )
    parser.add_argument(
        "--theme", default=DEFAULT_THEME, metavar="NAME",
        help=f"a theme under styles/, or a folder with a style.css (default: {DEFAULT_THEME})",
    )
    parser.add_argument(
        "--html", action="store_true",
        help="also write the HTML each PDF is made from, next to it",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="fail when a text lacks a translation, instead of warning and borrowing it "
        "from the other language",
    )
    parser.add_argument(
        "--timings", action="store_true",
        help="print how long each stage of the build took",
    )
    parser.add_argument(
        "--debug", action="store_true",
        help="show the full traceback when the program itself fails",
    )


EXIT_CODES = (
    "Exit codes: 0 done; 1 a problem in the input, explained in the message; "
    "2 a bug in this program (run with --debug and report it)."
)
BUILD_DESCRIPTION = (
    "Build a profile's résumé as PDF, one file per language. Everything is checked first: "
    "a build that fails leaves earlier PDFs untouched. SOURCE_DATE_EPOCH, when set, dates "
    "the PDFs' metadata; without it they carry no date, so the same input gives the same bytes."
)


def command_parser() -> argparse.ArgumentParser:
    """The `resume` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="resume",
        description="Bilingual résumés: one YAML profile in Chinese and English, "
        "print-ready PDFs out.",
        epilog=EXIT_CODES,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_command = commands.add_parser(
        "build", help="build the PDFs of a profile", description=BUILD_DESCRIPTION,
        epilog=f"Example: resume build --lang zh --paper letter. {EXIT_CODES}",
    )
    add_build_options(build_command)
    return parser


def build_script_parser() -> argparse.ArgumentParser:
    """`python build.py`: the options of `resume build`, without the subcommand."""
    parser = argparse.ArgumentParser(
        prog="build.py", description=BUILD_DESCRIPTION,
        epilog=f"Example: python build.py --lang zh --paper letter. {EXIT_CODES}",
    )
    add_build_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The `resume` command."""
    return run(command_parser().parse_args(argv))


def build_script_main(argv: list[str] | None = None) -> int:
    """`python build.py`, the same as `resume build`."""
    return run(build_script_parser().parse_args(argv))


def run(arguments: argparse.Namespace) -> int:
    try:
        return run_build(arguments)
    except ResumeError as error:
        print_problems("error", error.problems)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: say so plainly, and how to report it
        if arguments.debug:
            traceback.print_exc()
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in resume, not in your profile. Run again with --debug "
            "and report the traceback.",
            file=sys.stderr,
        )
        return EXIT_BUG


def run_build(arguments: argparse.Namespace) -> int:
    options = BuildOptions(
        profile=arguments.profile,
        languages=arguments.lang,
        out=arguments.out,
        paper=arguments.paper,
        theme=arguments.theme,
        write_html=arguments.html,
        strict=arguments.strict,
    )
    result = build(options)
    print_problems("warning", result.warnings)
    for built in result.files:
        pages = f"{built.page_count} page{'s' if built.page_count != 1 else ''}"
        print(f"{display_path(built.path)}  {pages}  {format_size(built.size)}")
    if arguments.timings:
        for stage in STAGES:
            print(f"  {stage:<18} {result.seconds_by_stage[stage] * 1000:7.1f} ms", file=sys.stderr)
    return EXIT_OK


def print_problems(kind: str, problems: list) -> None:
    for problem in problems:
        print(f"{kind}: {problem}", file=sys.stderr)
    if kind == "error" and len(problems) > 1:
        print(f"{len(problems)} problems; nothing was written.", file=sys.stderr)


def format_size(size: int) -> str:
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.2f} MB"
