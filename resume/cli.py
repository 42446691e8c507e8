"""The command line: options in, work done; user errors become messages and exit code 1.

Exit codes: 0 done, 1 a problem in the input that the message explains, 2 a bug in this
program (run again with --debug for the traceback, and report it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .assets import CHECKOUT_PROFILE_FOLDER, checkout_profile
from .batch import build_many, output_folders, profiles_in
from .build import (
    DEFAULT_THEME,
    EXAMPLES,
    OUTPUT_FORMATS,
    STAGES,
    BuildOptions,
    build,
    builtin_themes,
    check,
    check_themes,
    copy_theme,
    find_theme,
    new_profile_folder,
    scaffold_profile,
    theme_summary,
)
from .errors import Problem, ResumeError, display_path, escape_unprintable, os_problem
from .files import not_a_folder, write_atomically
from .jsonresume import export_jsonresume, import_jsonresume
from .load import PROFILE_FILE_NAME
from .model import LANGUAGES, PAPERS
from .rewrite import apply_repairs, write_in_place
from .schema import profile_schema, target_schema

EXIT_OK, EXIT_USER_ERROR, EXIT_BUG = 0, 1, 2

EXIT_CODES = (
    "Exit codes: 0 done; 1 a problem in the input, explained in the message; "
    "2 a bug in this program (run with --debug and report it)."
)
BUILD_DESCRIPTION = (
    "Build a profile's résumé as PDF, one file per language. Everything is checked first: "
    "a build that fails leaves earlier PDFs untouched. SOURCE_DATE_EPOCH, when set, dates "
    "the PDFs' metadata; without it they carry no date, so the same input gives the same bytes."
)
CHECK_DESCRIPTION = (
    "Check a profile without laying it out: the YAML, every field, damaged text, missing "
    "translations, a glyph for every character and the theme's templates and style sheet; "
    "the same checks a build runs."
)
PROFILE_DEFAULT_HELP = (
    f"default: the {PROFILE_FILE_NAME} of the current folder; else, run from the "
    f"repository's checkout, its {CHECKOUT_PROFILE_FOLDER}/"
)


def add_profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", type=Path, nargs="+", metavar="PATH",
        help=f"a profile folder holding {PROFILE_FILE_NAME}, or a profile YAML file "
        f"({PROFILE_DEFAULT_HELP}). Several, or a folder of profile "
        "folders, make a batch: built on every core into a folder each under --out, one "
        "failure not stopping the others",
    )
    parser.add_argument(
        "--lang", choices=[*LANGUAGES, "all"], default="all",
        help="the language to build or check; `all` takes every language of the profile "
        "(default)",
    )
    parser.add_argument(
        "--target", metavar="NAME",
        help="a tailored cut of the profile, from targets/NAME.yaml beside it (which tags to "
        "keep, sections, pages, theme); `all` builds every target. Files are named "
        "<name>-<target>-<language>.pdf",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="fail on warnings too: a text that lacks a translation (otherwise borrowed from "
        "the other language), a text that needed repair",
    )
    add_debug_option(parser)


def add_single_profile_option(parser: argparse.ArgumentParser) -> None:
    """--profile for the commands that take one profile (preview, export)."""
    parser.add_argument(
        "--profile", type=Path, metavar="PATH",
        help=f"a profile folder or YAML file ({PROFILE_DEFAULT_HELP})",
    )


def add_debug_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug", action="store_true",
        help="show the full traceback when the program itself fails",
    )


def add_build_options(parser: argparse.ArgumentParser) -> None:
    add_profile_options(parser)
    parser.add_argument(
        "--out", type=Path, default=Path("dist"), metavar="DIR",
        help="the folder to write to (default: dist/); files are named "
        "<name>-<language>.pdf after the person's name or basics.slug",
    )
    parser.add_argument(
        "--paper", type=paper_list, metavar="PAPERS",
        help="a4 or letter, or both (a4,letter); default: the profile's design.paper (or a "
        "target's paper), else a4. A paper other than the profile's own is named in the file "
        "name (<name>-<language>-letter.pdf), so no paper is written over another",
    )
    parser.add_argument(
        "--theme", metavar="NAME",
        help=f"a theme ({', '.join(builtin_themes())}), or a folder with a style.css "
        f"(default: the profile's design.theme, else {DEFAULT_THEME})",
    )
    parser.add_argument(
        "--pages", type=int, choices=range(1, 6), metavar="N",
        help="fit the résumé to N pages (1 to 5), shrinking spacing, line height and text "
        "(never below 9 pt) as little as needed (default: the profile's design.pages)",
    )
    parser.add_argument(
        "--redact", action="store_true",
        help="leave out the phone, e-mail, WeChat, street address and postal code, photo and "
        "personal details, for PDFs published from public CI",
    )
    parser.add_argument(
        "--format", default="pdf", metavar="FORMATS", type=output_formats,
        help="what to write, comma-separated: pdf (default), html (a standalone page for a "
        "personal site), png (the pages as images), txt and md (plain text and Markdown, "
        "for application forms), docx (a Word document, for recruiters who ask for one)",
    )
    parser.add_argument(
        "--html", action="store_true",
        help="also write the HTML page (the same as adding html to --format)",
    )
    parser.add_argument(
        "--report", choices=["text", "json"], default="text",
        help="how to report: lines for people (default), or one JSON document on standard "
        "output for CI (files, languages, targets, pages, sizes, warnings, time)",
    )
    parser.add_argument(
        "--timings", action="store_true",
        help="print how long each stage of the build took, in all and for each file",
    )
    parser.add_argument(
        "--verify", action="store_true",
        help="read every PDF back as applicant tracking systems do (pdfminer, and poppler's "
        "pdftotext when installed) and fail when a text is missing or misread, or read out "
        "of order or among another section's",
    )
    parser.set_defaults(handler=run_build)


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

    check_command = commands.add_parser(
        "check", help="check a profile and its theme without building",
        description=CHECK_DESCRIPTION,
        epilog=f"Example: resume check --profile ~/me --strict. {EXIT_CODES}",
    )
    add_profile_options(check_command)
    check_command.add_argument(
        "--fix", action="store_true",
        help="write the repairs of damaged text into the YAML file, changing nothing else",
    )
    check_command.set_defaults(handler=run_check)

    preview_command = commands.add_parser(
        "preview", help="see the résumé in a browser, rebuilt as you save",
        description="Serve a page on this machine (127.0.0.1 only) that shows the résumé in "
        "every language side by side, and rebuilds and reloads it by itself whenever a "
        "profile, style or template file changes. Errors appear on the page, located.",
        epilog="Example: resume preview --profile ~/me, then open the address it prints",
    )
    add_single_profile_option(preview_command)
    preview_command.add_argument("--theme", metavar="NAME", help="a theme, as for build")
    preview_command.add_argument("--target", metavar="NAME", help="a target, as for build")
    preview_command.add_argument("--pages", type=int, choices=range(1, 6), metavar="N",
                                 help="fit the résumé to N pages (1 to 5), as for build")
    preview_command.add_argument("--port", type=int, default=8000,
                                 help="the port to listen on (default: 8000; 0 for any)")
    add_debug_option(preview_command)
    preview_command.set_defaults(handler=run_preview)

    new_command = commands.add_parser(
        "new", help="start a new bilingual profile that shows every feature once",
        description="Write a complete bilingual profile into a new folder: every section and "
        "field, a placeholder photo, personal details, design settings, tags and a target, "
        "and the schemas that editors use to complete and check it. It builds as it is.",
        epilog="Example: resume new ~/my-resume --example graduate && "
        "resume build --profile ~/my-resume",
    )
    new_command.add_argument("folder", type=Path, help="the new folder (absent or empty)")
    new_command.add_argument(
        "--example", choices=EXAMPLES, default=EXAMPLES[0],
        help="engineer (default): years of work, experience first; graduate: campus "
        "recruiting, education first, with campus activities, awards and papers",
    )
    add_debug_option(new_command)
    new_command.set_defaults(handler=run_new)

    import_command = commands.add_parser(
        "import", help="turn a JSON Resume document into a profile",
        description="Turn a JSON Resume document (jsonresume.org, schema 1.0.0) into a "
        "profile in one language, keeping every field the profile can hold; each field it "
        "cannot hold is listed in a warning. A value of the wrong shape (a text where a list "
        "goes, a date that is not YYYY, YYYY-MM or YYYY-MM-DD...) is an error naming its "
        "place, and nothing is written.",
        epilog="Example: resume import jsonresume resume.json --out ~/me",
    )
    import_command.add_argument("format", choices=["jsonresume"], help="the document's format")
    import_command.add_argument("file", type=Path, help="the JSON Resume document")
    import_command.add_argument("--out", type=Path, required=True, metavar="DIR",
                                help="the new profile's folder (absent or empty)")
    import_command.add_argument("--lang", choices=list(LANGUAGES),
                                help="the language the document is written in (default: zh "
                                "when any of its texts has Chinese characters, else en)")
    add_debug_option(import_command)
    import_command.set_defaults(handler=run_import)

    export_command = commands.add_parser(
        "export", help="write one language of a profile as a JSON Resume document",
        description="Write one language of a profile as a JSON Resume document (schema "
        "1.0.0), to standard output or a file.",
        epilog="Example: resume export jsonresume --lang en --out resume.json",
    )
    export_command.add_argument("format", choices=["jsonresume"], help="the format to write")
    add_single_profile_option(export_command)
    export_command.add_argument("--lang", choices=list(LANGUAGES), default="en",
                                help="the language to export (default: en)")
    export_command.add_argument("--out", type=Path, metavar="FILE",
                                help="the file to write (default: standard output)")
    add_debug_option(export_command)
    export_command.set_defaults(handler=run_export)

    theme_command = commands.add_parser(
        "theme", help="list the built-in themes, or copy one to make your own",
        description="Themes are folders: a style.css, and template overrides (resume.html, "
        "sections.html) where the structure differs. Copy a built-in theme, edit it, and "
        "build with --theme FOLDER (or design.theme in the profile).",
    )
    theme_actions = theme_command.add_subparsers(dest="action", required=True, metavar="ACTION")
    theme_actions.add_parser("list", help="list the built-in themes").set_defaults(
        handler=run_theme_list, debug=False)
    copy_command = theme_actions.add_parser(
        "copy", help="copy a theme into a new folder",
        description="Copy a theme into a new folder, with the templates it uses, so both the "
        "style and the structure can be changed.",
        epilog="Example: resume theme copy classic mytheme && resume build --theme mytheme",
    )
    copy_command.add_argument("name", help="a built-in theme, or a theme folder")
    copy_command.add_argument("folder", type=Path, help="the new folder (must not exist)")
    add_debug_option(copy_command)
    copy_command.set_defaults(handler=run_theme_copy)

    schema_command = commands.add_parser(
        "schema", help="print the JSON Schema of the profile format",
        description="Print the JSON Schema of the profile format, for editors that complete "
        "and check YAML as you type (the YAML language server reads the "
        "`# yaml-language-server: $schema=...` line at the top of a profile).",
    )
    schema_command.add_argument(
        "--out", type=Path, metavar="FILE", help="write the schema to FILE instead"
    )
    schema_command.add_argument(
        "--target", action="store_true",
        help="the schema of a target file (targets/<name>.yaml) instead of a profile",
    )
    add_debug_option(schema_command)
    schema_command.set_defaults(handler=run_schema)
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
        return arguments.handler(arguments)
    except ResumeError as error:
        print_problems("error", error.problems)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # the system refused: a path that is not what it should be
        if arguments.debug:
            traceback.print_exc()
        print_problems("error", [os_problem(error)])
        return EXIT_USER_ERROR
    except Exception as error:  # a bug: say so plainly, and how to report it
        if arguments.debug:
            traceback.print_exc()
        print(
            f"internal error: {type(error).__name__}: {escape_unprintable(str(error))}\n"
            "This is a bug in resume, not in your profile. Run again with --debug "
            "and report the traceback.",
            file=sys.stderr,
        )
        return EXIT_BUG


def default_profile() -> Path:
    """The profile when no --profile is given: the current folder's, else, when running
    from the repository's checkout, the repository's own; an installed copy has none. Which
    one is used is said, so that no command works on another profile than meant unnoticed."""
    if Path(PROFILE_FILE_NAME).is_file():
        profile = Path(PROFILE_FILE_NAME)
    else:
        profile = checkout_profile()
        if profile is None:
            raise ResumeError(
                f"no {PROFILE_FILE_NAME} in this folder: run in a profile's folder, give one "
                "with --profile PATH, or start one with `resume new FOLDER`")
    shown = profile / PROFILE_FILE_NAME if profile.is_dir() else profile
    print(f"using {display_path(shown)} (no --profile given)", file=sys.stderr)
    return profile


def run_build(arguments: argparse.Namespace) -> int:
    paths = arguments.profile or [default_profile()]
    options = BuildOptions(
        profile=paths[0],
        languages=arguments.lang,
        out=arguments.out,
        papers=arguments.paper,
        theme=arguments.theme,
        pages=arguments.pages,
        formats=tuple(dict.fromkeys([*arguments.format, *(["html"] if arguments.html else [])])),
        strict=arguments.strict,
        redact=arguments.redact,
        target=arguments.target,
    )
    check_output_folder(options.out)
    if arguments.verify and "pdf" not in options.formats:
        raise ResumeError("--verify reads the PDFs back: add pdf to --format")
    profiles = profiles_in(paths)
    if len(profiles) != 1 or profiles[0] != paths[0]:
        return run_batch(options, profiles, arguments.report, arguments.verify)
    started = time.perf_counter()
    with writing(options.out):
        result = build(options)
    if arguments.report == "json":
        print(json.dumps(build_report(result, time.perf_counter() - started, options.formats),
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    print_problems("warning", result.warnings)
    for built in result.files:
        pages = f"{built.page_count} page{'s' if built.page_count != 1 else ''}"
        line = f"{display_path(built.path)}  {pages}  {format_size(built.size)}"
        line += f"  last page {built.last_page_fill:.0%} full"
        if built.fitted:
            line += f"  fitted: {built.fitted}"
        if "pdf" in options.formats:
            print(line)
        for path, size in built.other_files:
            print(f"{display_path(path)}  {format_size(size)}")
        if built.left_out:
            print(f"  left out by target {built.target}: {'; '.join(built.left_out)}")
    if arguments.timings:
        for stage in STAGES:
            milliseconds = result.seconds_by_stage[stage] * 1000
            print(f"  {stage:<18} {milliseconds:7.1f} ms", file=sys.stderr)
        for built in result.files:  # made side by side: the totals above are their sums
            stages = ", ".join(f"{stage} {seconds * 1000:.1f} ms"
                               for stage, seconds in built.seconds_by_stage)
            print(f"    {built.path.stem}: {stages}", file=sys.stderr)
    return verify_files([options]) if arguments.verify else EXIT_OK


def verify_files(builds: list[BuildOptions]) -> int:
    """--verify: the PDFs of `builds` read back; each misreading an error, exit code 1."""
    from .verify import available_extractors, verify_build

    problems = [problem for options in builds for problem in verify_build(options)]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print("The PDFs are written, but an applicant tracking system would misread them.",
              file=sys.stderr)
        return EXIT_USER_ERROR
    readers = " and ".join(extractor.name for extractor in available_extractors())
    print(f"verified: {readers} read every text, whole and in order", file=sys.stderr)
    return EXIT_OK


def run_batch(options: BuildOptions, profiles: list[Path], report: str,
              verify: bool = False) -> int:
    """Build many profiles on every core, with progress, and a summary at the end."""
    if not profiles:
        raise no_profiles(options.profile)
    folders = output_folders(options.out, profiles)
    for profile, folder in folders.items():
        if folder.parent != options.out:
            print(f"{display_path(profile)}: into {display_path(folder)}, as another profile "
                  "has the same name", file=sys.stderr)
    started = time.perf_counter()
    progress = Progress(len(profiles), quiet=report == "json")
    outcomes = build_many(options, folders, progress.update)
    seconds = time.perf_counter() - started
    failed = [outcome for outcome in outcomes if not outcome.ok]
    pdf_count = sum(len(outcome.files) for outcome in outcomes)
    if report == "json":
        print(json.dumps({
            "profiles": [{"profile": str(o.profile), "ok": o.ok, "errors": list(o.errors),
                          "warnings": list(o.warnings),
                          "files": [{"path": str(path), "pages": pages, "bytes": size}
                                    for path, pages, size in o.files]} for o in outcomes],
            "seconds": round(seconds, 3),
        }, ensure_ascii=False, indent=2))
    else:
        progress.finish()
        for outcome in failed:
            print(f"failed: {display_path(outcome.profile)}", file=sys.stderr)
            print_problems("error", list(outcome.errors))
        print(f"{len(profiles)} profiles: {len(profiles) - len(failed)} built, "
              f"{len(failed)} failed; {pdf_count} PDFs in {seconds:.1f} s "
              f"({pdf_count / seconds:.1f} PDFs a second)")
    if verify and verify_files([replace(options, profile=o.profile, out=folders[o.profile])
                                for o in outcomes if o.ok]) != EXIT_OK:
        return EXIT_USER_ERROR
    return EXIT_USER_ERROR if failed else EXIT_OK


class Progress:
    """A progress bar on a terminal; a line a profile elsewhere (CI logs)."""

    WIDTH = 30

    def __init__(self, total: int, *, quiet: bool = False):
        self.total = total
        self.quiet = quiet
        self.failed = 0
        self.terminal = sys.stderr.isatty()

    def update(self, outcome, done: int) -> None:
        self.failed += not outcome.ok
        if self.quiet:
            return
        if self.terminal:
            filled = self.WIDTH * done // self.total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            print(f"\r[{bar}] {done}/{self.total}  {done - self.failed} built, "
                  f"{self.failed} failed", end="", file=sys.stderr, flush=True)
        else:
            state = f"{len(outcome.files)} PDFs" if outcome.ok else "FAILED"
            print(f"[{done}/{self.total}] {display_path(outcome.profile)}: {state}",
                  file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.terminal and not self.quiet:
            print(file=sys.stderr)


def paper_list(value: str) -> tuple[str, ...]:
    papers = tuple(dict.fromkeys(name.strip().lower() for name in value.split(",")
                                 if name.strip()))
    unknown = [name for name in papers if name not in PAPERS]
    if unknown or not papers:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or 'nothing'}: choose a4, letter, or a4,letter")
    return papers


def output_formats(value: str) -> list[str]:
    formats = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in formats if name not in OUTPUT_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(OUTPUT_FORMATS)}")
    return formats


def build_report(result, seconds: float, formats: tuple[str, ...]) -> dict:
    """The build as data, for CI: every file, the warnings, and the time it took."""
    files = []
    for built in result.files:
        entry = {"language": built.language, "target": built.target,
                 "pages": built.page_count, "last_page_fill": round(built.last_page_fill, 3),
                 "fitted": built.fitted, "left_out": list(built.left_out)}
        if "pdf" in formats:
            files.append({"path": str(built.path), "format": "pdf", "bytes": built.size,
                          **entry})
        for path, size in built.other_files:
            files.append({"path": str(path), "format": path.suffix[1:], "bytes": size, **entry})
    return {
        "files": files,
        "languages": sorted({built.language for built in result.files}),
        "targets": sorted({built.target for built in result.files if built.target}),
        "warnings": [str(problem) for problem in result.warnings],
        "seconds": round(seconds, 3),
        "seconds_by_stage": {stage: round(value, 3)
                             for stage, value in result.seconds_by_stage.items()},
    }


def run_check(arguments: argparse.Namespace) -> int:
    paths = arguments.profile or [default_profile()]
    profiles = profiles_in(paths)
    if not profiles:
        raise no_profiles(paths[0])
    if len(profiles) == 1:
        return check_one(arguments, profiles[0])
    failed = 0
    for profile in profiles:
        try:
            check_one(arguments, profile)
        except ResumeError as error:
            failed += 1
            print_problems("error", error.problems)
    print(f"{len(profiles)} profiles: {len(profiles) - failed} valid, {failed} not")
    return EXIT_USER_ERROR if failed else EXIT_OK


def check_one(arguments: argparse.Namespace, profile: Path) -> int:
    # With --fix, repairs are written before --strict judges what is left.
    strict_now = arguments.strict and not arguments.fix
    checked = check(profile, arguments.lang, strict=strict_now, target=arguments.target)
    source = display_path(checked.document.path)
    if arguments.fix and checked.repairs:
        with writing(checked.document.path):
            write_in_place(checked.document, apply_repairs(checked.document, checked.repairs))
        count = len(checked.repairs)
        print(f"{source}: wrote {count} repair{'s' if count != 1 else ''}")
        checked = check(profile, arguments.lang, strict=arguments.strict,
                        target=arguments.target)
    elif arguments.fix:
        print(f"{source}: nothing to repair")
    check_themes(checked)
    print_problems("warning", checked.warnings)
    languages = ", ".join(view.language.code for view in checked.views)
    print(f"{source}: valid ({languages})")
    return EXIT_OK


def run_preview(arguments: argparse.Namespace) -> int:
    from .preview import Previewer, serve

    profile = arguments.profile or default_profile()
    try:
        with Previewer(profile, theme=arguments.theme, target=arguments.target,
                       pages=arguments.pages) as previewer:
            serve(previewer, arguments.port, ready=lambda port: print(
                f"preview of {display_path(profile)}: http://127.0.0.1:{port}/ "
                "(Ctrl-C to stop)", flush=True))
    except OSError as error:
        raise ResumeError(f"cannot listen on port {arguments.port}: {error.strerror}; "
                          "choose another with --port") from None
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def run_new(arguments: argparse.Namespace) -> int:
    check_output_folder(arguments.folder)
    with writing(arguments.folder):
        written = scaffold_profile(arguments.folder, arguments.example)
    for path in written:
        print(display_path(path))
    print(f"build it: resume build --profile {display_path(arguments.folder)}")
    return EXIT_OK


def run_import(arguments: argparse.Namespace) -> int:
    folder = arguments.out
    check_output_folder(folder)
    destination = folder / "profile.yaml"
    imported = import_jsonresume(arguments.file, destination, arguments.lang)
    if imported.detected:
        found = "has Chinese characters" if imported.language == "zh" else "has no Chinese text"
        print(f"{display_path(arguments.file)}: written in {imported.language} (the document "
              f"{found}; --lang chooses another)", file=sys.stderr)
    with writing(folder), new_profile_folder(folder) as staging:
        (staging / destination.name).write_text(imported.text, encoding="utf-8")
    if imported.warnings:
        count = len(imported.warnings)
        print(f"{display_path(arguments.file)}: " + ("1 field was not imported as it is:"
              if count == 1 else f"{count} fields were not imported as they are:"),
              file=sys.stderr)
    print_problems("warning", imported.warnings)
    print(f"{display_path(destination)}: imported from {arguments.file.name}; "
          f"build it: resume build --profile {display_path(folder)}")
    return EXIT_OK


def run_export(arguments: argparse.Namespace) -> int:
    if arguments.out:
        check_output_file(arguments.out)
    checked = check(arguments.profile or default_profile(), arguments.lang)
    print_problems("warning", checked.warnings)
    document, dropped = export_jsonresume(checked.views[0])
    print_problems("warning", dropped)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if arguments.out:
        with writing(arguments.out):
            write_atomically(arguments.out, text.encode("utf-8"))
        print(display_path(arguments.out))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def run_theme_list(arguments: argparse.Namespace) -> int:
    for name in builtin_themes():
        print(f"{name:<10} {theme_summary(find_theme(name))}")
    return EXIT_OK


def run_theme_copy(arguments: argparse.Namespace) -> int:
    check_output_folder(arguments.folder)
    with writing(arguments.folder):
        copied = copy_theme(arguments.name, arguments.folder)
    print(f"{display_path(copied)}: a copy of {arguments.name}; build with "
          f"--theme {display_path(copied)}")
    return EXIT_OK


def run_schema(arguments: argparse.Namespace) -> int:
    schema = target_schema() if arguments.target else profile_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if arguments.out:
        check_output_file(arguments.out)
        with writing(arguments.out):
            write_atomically(arguments.out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def no_profiles(path: Path) -> ResumeError:
    return ResumeError(f"no profiles found in {display_path(path)}: give a folder holding "
                       "profile.yaml, a profile YAML file, or a folder of profile folders")


def check_output_folder(folder: Path) -> None:
    """Refuse at once, before any work, a folder to write into that cannot be one: a file
    stands in its place, or in the place of a folder on its way."""
    for place in (folder, *folder.parents):
        if place.is_dir():
            return
        if place.exists() or place.is_symlink():
            if place == folder:  # the refusal files.py meets only after rendering
                raise not_a_folder(folder)
            raise ResumeError(f"cannot write {display_path(folder)}: a file is where a folder "
                              "should be; nothing was written")


def check_output_file(file: Path) -> None:
    """Refuse at once a file to write that cannot be one: a folder, or a device or pipe
    (an atomic write would replace it, not write into it)."""
    if file.is_dir():
        raise ResumeError(f"{display_path(file)} is a folder; give the name of a file to write")
    if file.exists() and not file.is_file():
        raise ResumeError(f"{display_path(file)} is not a regular file; give the name of a "
                          "file to write (without --out, the output goes to standard output)")
    check_output_folder(file.parent)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """System errors while writing `path` (no permission, a full disk, a folder where a file
    should be) as one message naming it, exit code 1."""
    try:
        yield
    except OSError as error:
        raise ResumeError(os_problem(error, writing=path)) from None


def print_problems(kind: str, problems: list[Problem]) -> None:
    for problem in problems:
        print(f"{kind}: {problem}", file=sys.stderr)
    if kind == "error" and len(problems) > 1:
        print(f"{len(problems)} problems; nothing was written.", file=sys.stderr)


def format_size(size: int) -> str:
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.2f} MB"
