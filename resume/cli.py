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
from pathlib import Path

from .batch import build_many, output_folders, profiles_in
from .build import (
    DEFAULT_PROFILE,
    DEFAULT_THEME,
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
from .errors import Problem, ResumeError, display_path
from .files import write_atomically
from .jsonresume import export_jsonresume, import_jsonresume
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


def add_profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", type=Path, nargs="+", default=[DEFAULT_PROFILE], metavar="PATH",
        help="a profile folder holding profile.yaml, or a profile YAML file "
        f"(default: {display_path(DEFAULT_PROFILE)}/). Several, or a folder of profile "
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
        "--profile", type=Path, default=DEFAULT_PROFILE, metavar="PATH",
        help=f"a profile folder or YAML file (default: {display_path(DEFAULT_PROFILE)}/)",
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
        help="leave out the phone, e-mail, WeChat, photo and personal details, for PDFs "
        "published from public CI",
    )
    parser.add_argument(
        "--format", default="pdf", metavar="FORMATS", type=output_formats,
        help="what to write, comma-separated: pdf (default), html (a standalone page for a "
        "personal site), png (the pages as images), txt and md (plain text and Markdown, "
        "for application forms)",
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
        help="print how long each stage of the build took",
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
        description="Write a complete bilingual profile into a new folder: every field, "
        "a placeholder photo, personal details, design settings, tags and a target, and the "
        "schemas that editors use to complete and check it. It builds as it is.",
        epilog="Example: resume new ~/my-resume && resume build --profile ~/my-resume",
    )
    new_command.add_argument("folder", type=Path, help="the new folder (absent or empty)")
    add_debug_option(new_command)
    new_command.set_defaults(handler=run_new)

    import_command = commands.add_parser(
        "import", help="turn a JSON Resume document into a profile",
        description="Turn a JSON Resume document (jsonresume.org, schema 1.0.0) into a "
        "profile in one language, keeping every field the profile can hold; each field it "
        "cannot hold is listed in a warning.",
        epilog="Example: resume import jsonresume resume.json --out ~/me",
    )
    import_command.add_argument("format", choices=["jsonresume"], help="the document's format")
    import_command.add_argument("file", type=Path, help="the JSON Resume document")
    import_command.add_argument("--out", type=Path, required=True, metavar="DIR",
                                help="the new profile's folder (absent or empty)")
    import_command.add_argument("--lang", choices=list(LANGUAGES), default="en",
                                help="the language the document is written in (default: en)")
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
        profile=arguments.profile[0],
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
    profiles = profiles_in(arguments.profile)
    if len(profiles) != 1 or profiles[0] != arguments.profile[0]:
        return run_batch(options, profiles, arguments.report)
    started = time.perf_counter()
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
    return EXIT_OK


def run_batch(options: BuildOptions, profiles: list[Path], report: str) -> int:
    """Build many profiles on every core, with progress, and a summary at the end."""
    if not profiles:
        raise ResumeError("no profiles found: give profile folders, or a folder of them")
    for profile, folder in output_folders(options.out, profiles).items():
        if folder.parent != options.out:
            print(f"{display_path(profile)}: into {display_path(folder)}, as another profile "
                  "has the same name", file=sys.stderr)
    started = time.perf_counter()
    progress = Progress(len(profiles), quiet=report == "json")
    outcomes = build_many(options, profiles, progress.update)
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
    profiles = profiles_in(arguments.profile)
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

    try:
        with Previewer(arguments.profile, theme=arguments.theme, target=arguments.target,
                       pages=arguments.pages) as previewer:
            serve(previewer, arguments.port, ready=lambda port: print(
                f"preview of {display_path(arguments.profile)}: http://127.0.0.1:{port}/ "
                "(Ctrl-C to stop)", flush=True))
    except OSError as error:
        raise ResumeError(f"cannot listen on port {arguments.port}: {error.strerror}; "
                          "choose another with --port") from None
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def run_new(arguments: argparse.Namespace) -> int:
    for path in scaffold_profile(arguments.folder):
        print(display_path(path))
    print(f"build it: resume build --profile {display_path(arguments.folder)}")
    return EXIT_OK


def run_import(arguments: argparse.Namespace) -> int:
    profile_text, unheld = import_jsonresume(arguments.file, arguments.lang)
    folder = arguments.out
    new_profile_folder(folder)
    write_atomically(folder / "profile.yaml", profile_text.encode("utf-8"))
    if unheld:
        print(f"{display_path(arguments.file)}: {len(unheld)} fields were not imported as "
              "they are:", file=sys.stderr)
    print_problems("warning", unheld)
    print(f"{display_path(folder / 'profile.yaml')}: imported from {arguments.file.name}; "
          f"build it: resume build --profile {display_path(folder)}")
    return EXIT_OK


def run_export(arguments: argparse.Namespace) -> int:
    checked = check(arguments.profile, arguments.lang)
    print_problems("warning", checked.warnings)
    text = json.dumps(export_jsonresume(checked.views[0]), ensure_ascii=False, indent=2) + "\n"
    if arguments.out:
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
    copied = copy_theme(arguments.name, arguments.folder)
    print(f"{display_path(copied)}: a copy of {arguments.name}; build with "
          f"--theme {display_path(copied)}")
    return EXIT_OK


def run_schema(arguments: argparse.Namespace) -> int:
    schema = target_schema() if arguments.target else profile_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if arguments.out:
        write_atomically(arguments.out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def print_problems(kind: str, problems: list[Problem]) -> None:
    for problem in problems:
        print(f"{kind}: {problem}", file=sys.stderr)
    if kind == "error" and len(problems) > 1:
        print(f"{len(problems)} problems; nothing was written.", file=sys.stderr)


def format_size(size: int) -> str:
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.2f} MB"
