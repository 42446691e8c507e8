"""A whole build: load → validate → per-language view → glyph check → HTML → PDF → files.

Every language is rendered before any file is written, and the files replace the previous
ones all together (`files.write_set`), so a build that fails at any step leaves the previous
PDFs as they were.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from . import fonts
from .assets import SCAFFOLD_FOLDER, SCHEMAS_FOLDER, TEMPLATE_FOLDER, THEMES_FOLDER
from .design import Typography, design_css, natural_typography
from .errors import Location, Problem, ResumeError, display_path
from .files import process_alive, recover, write_set
from .fit import Fitted, Measured, fit_to_pages
from .load import SourceDocument, load_profile_document
from .model import (
    DERIVED_FROM,
    Design,
    Entry,
    Profile,
    Repair,
    Target,
)
from .parallel import run_tasks, usable_cores
from .render import THEME_STYLESHEET, render_html, template_environment, theme_stylesheet
from .text import long_words
from .validate import validate, validate_target
from .view import Cut, ResumeView, localize

if TYPE_CHECKING:  # WeasyPrint is imported only once a build gets past the checks
    import jinja2
    from weasyprint import CSS

    from .pdf import PdfWriter

DEFAULT_THEME = "classic"
# pdf; html: a standalone page (styles inline, for a personal site); png: the pages as
# images; txt and md: plain text and Markdown, for pasting into application forms; docx:
# a Word document, for recruiters and portals that ask for one.
OUTPUT_FORMATS = ("pdf", "html", "png", "txt", "md", "docx")
PNG_DPI = 150
TARGETS_FOLDER = "targets"
# How many processes a build may lay out in (1: all in this one); default, one a core.
JOBS_VARIABLE = "RESUME_JOBS"

STAGES = ("load and validate", "HTML", "layout", "PDF write", "other formats")
# A last page less full than this is worth a suggestion of a page budget.
SPARSE_LAST_PAGE = 0.25


@dataclass(frozen=True)
class BuildOptions:
    profile: Path  # a folder holding profile.yaml, or a YAML file
    languages: str = "all"  # a language code, or "all" for every language of the profile
    out: Path = Path("dist")
    # The papers to build; None: each view's own (design.paper, a target's paper, else A4).
    papers: tuple[str, ...] | None = None
    theme: str | None = None  # None: the profile's design.theme, else classic
    pages: int | None = None  # None: the profile's design.pages, else no budget
    formats: tuple[str, ...] = ("pdf",)  # of OUTPUT_FORMATS
    strict: bool = False
    redact: bool = False
    target: str | None = None  # a target's name, `all`, or None for the whole profile
    jobs: int | None = None  # processes to lay out in; None: RESUME_JOBS, else every core


@dataclass(frozen=True)
class BuiltFile:
    path: Path
    language: str
    page_count: int
    size: int
    last_page_fill: float
    fitted: str | None  # how far the page fitting shrank the layout, in words
    target: str | None = None
    left_out: tuple[str, ...] = ()  # what the target did not select
    other_files: tuple[tuple[Path, int], ...] = ()  # the other formats written: path, bytes
    seconds_by_stage: tuple[tuple[str, float], ...] = ()  # this file's share of the stages


@dataclass
class BuildResult:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds_by_stage: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    # The bytes of every file, by its path, until `build` writes them all together.
    contents: dict[Path, bytes] = field(default_factory=dict)
    # The theme files the build read, and those that would take their place (for a watcher).
    theme_files: set[Path] = field(default_factory=set)

    def timed(self, stage: str) -> AbstractContextManager[None]:
        return _timed(self.seconds_by_stage, stage)


@contextmanager
def _timed(seconds_by_stage: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds_by_stage[stage] = (seconds_by_stage.get(stage, 0.0)
                                   + time.perf_counter() - started)


@dataclass
class Checked:
    """A profile that passed every check: its source, its repairs, and a view for each
    language of each cut (the whole profile, or the targets asked for)."""

    document: SourceDocument
    profile: Profile
    repairs: list[Repair]
    views: list[ResumeView]
    warnings: list[Problem]
    targets: dict[str | None, Target | None]


def check(
    profile: Path,
    languages: str = "all",
    *,
    strict: bool = False,
    redact: bool = False,
    target: str | None = None,
) -> Checked:
    """Every check a build makes before rendering: the YAML, the model, text damage, the
    targets, the translations of the chosen languages, and a glyph for every character."""
    document = load_profile_document(profile)
    validated = validate(document)
    chosen = chosen_languages(languages, validated.profile.languages, document.path)
    warnings = list(validated.warnings)
    cuts = load_cuts(document.path.parent, target, validated.profile, warnings)
    views: list[ResumeView] = []
    for cut in cuts:
        for language in chosen:
            view, missing = localize(validated.profile, document, language, redact=redact,
                                     cut=cut)
            views.append(view)
            if cut is cuts[0]:  # the same texts in every cut: report them once
                warnings.extend(missing)
    warnings.extend(long_word_warnings(views))
    if strict and warnings:
        raise ResumeError(warnings)
    problems: list[Problem] = []
    for view in views:
        try:
            fonts.check_coverage(view.language.code, view.drawn_texts)
        except ResumeError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise ResumeError(problems)
    return Checked(document, validated.profile, validated.repairs, views, warnings,
                   {cut.name: cut.target for cut in cuts})


def check_themes(checked: Checked, theme: str | None = None) -> None:
    """Render every view's HTML, both the PDF's and the standalone page, with its theme (the
    command line's `theme`, else the target's or the profile's), as a build would but
    without laying it out: a broken or hostile theme fails a check as it fails a build."""
    themes: dict[Path, tuple[str, jinja2.Environment]] = {}
    design, profile_folder = checked.profile.design, checked.document.path.parent
    for view in checked.views:
        folder = choose_theme(theme, checked.targets.get(view.target), design, profile_folder)
        if folder not in themes:
            themes[folder] = (theme_stylesheet(folder), template_environment(folder))
        source, environment = themes[folder]
        render_html(view, environment, None)
        standalone_page(view, source, environment,
                        design_css(design, natural_typography(design, source), "a4"), None)


def long_word_warnings(views: list[ResumeView]) -> list[Problem]:
    """A warning for each word too long for a line, which the themes break anywhere, in
    file order; once, though a language-neutral text is drawn in every view."""
    warnings: list[Problem] = []
    for drawn in (drawn for view in views for drawn in view.drawn_texts):
        for word in long_words(drawn.text):
            remedy = ("shorten it, or give a link in a text a short label: "
                      "[label](https://...)" if "/" in word else "add a space where it may break")
            problem = Problem(f'a word of {len(word)} characters ("{word[:24]}…") may break '
                              f"anywhere on the page; {remedy}", drawn.field, drawn.location)
            if problem not in warnings:
                warnings.append(problem)
    return sorted(warnings, key=lambda p: (p.location.line, p.location.column)
                  if p.location else (0, 0))


def load_cuts(
    folder: Path, name: str | None, profile: Profile, warnings: list[Problem]
) -> list[Cut]:
    """The cuts a build makes: the whole profile, one target (targets/NAME.yaml beside the
    profile), or every target (`all`). Tags a target names that no entry carries are
    reported: they are usually typing mistakes."""
    if name is None:
        return [Cut()]
    targets_folder = folder / TARGETS_FOLDER
    if targets_folder.is_dir() and not os.access(targets_folder, os.R_OK | os.X_OK):
        raise ResumeError(f"{display_path(targets_folder)}: cannot read the folder "
                          "(permission denied)")
    available = sorted(path.stem for path in targets_folder.glob("*.yaml"))
    names = available if name == "all" else [name]
    if not names or any(n not in available for n in names):
        known = ", ".join(available) or f"none yet: add one as {TARGETS_FOLDER}/NAME.yaml"
        raise ResumeError(f'no target "{name}" in {display_path(targets_folder)} '
                          f"(targets: {known})")
    used_tags = profile_tags(profile)
    cuts = []
    for target_name in names:
        document = load_profile_document(targets_folder / f"{target_name}.yaml")
        target = validate_target(document, profile)
        for key in ("include", "exclude"):
            for index, tag in enumerate(getattr(target, key)):
                if tag not in used_tags:
                    warnings.append(Problem(
                        f"no entry of the profile has the tag `{tag}`",
                        f"{key}[{index}]", document.location((key, index))))
        cuts.append(Cut(target.name or target_name, target))
    return cuts


def profile_tags(profile: Profile) -> set[str]:
    """Every tag an entry, a bullet or a section of the profile carries."""
    tags: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, (list, tuple)):
            for item in node:
                collect(item)
        elif isinstance(node, Entry):
            tags.update(node.tags)
            collect(list(node.values.values()))
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            if isinstance(getattr(node, "tags", None), tuple):
                tags.update(node.tags)
            collect([getattr(node, f.name) for f in dataclasses.fields(node)
                     if f.name != "tags"])

    collect([profile.experience, profile.education, profile.projects, profile.publications,
             profile.awards, profile.certificates, profile.skills, profile.language_skills,
             profile.volunteer, profile.campus, profile.interests, profile.references or [],
             profile.sections])
    return tags


def build(options: BuildOptions) -> BuildResult:
    """Build the files `options` asks for and write them all together; raise `ResumeError`
    on anything the user can fix."""
    recover(options.out)  # a set a killed build left half-published, whole again first
    result = build_in_memory(options)
    with result.timed("PDF write"):
        write_set(options.out, {path.name: content for path, content in result.contents.items()})
    return result


def check_options(options: BuildOptions) -> Checked:
    """What `check` makes of the profile a build with `options` reads."""
    return check(options.profile, options.languages, strict=options.strict,
                 redact=options.redact, target=options.target)


def build_in_memory(options: BuildOptions, checked: Checked | None = None) -> BuildResult:
    """Everything `build` does but write: the files' bytes are in the result's `contents`
    (the live preview shows them, byte for byte what `build` writes). `checked`: what
    `check` made of these options, when the caller has it already."""
    result = BuildResult()
    with result.timed("load and validate"):
        source_date_epoch = read_source_date_epoch()
        jobs = options.jobs or jobs_from_environment()
        if checked is None:
            checked = check_options(options)
        result.warnings.extend(checked.warnings)

    pdf = load_pdf_module()
    if not pdf.HARFBUZZ_SUBSET_AVAILABLE:
        result.warnings.append(Problem(
            "HarfBuzz's subset library is missing, so fonts are subset with fontTools: about "
            "seven seconds a PDF instead of a tenth. Install it: apt-get install "
            "libharfbuzz-subset0"
        ))

    outputs, unprepared = prepare_outputs(checked, options, source_date_epoch)
    made = run_tasks(
        [partial(make_output, output, checked.profile.design, checked.document.path.parent,
                 options.formats, source_date_epoch) for output in outputs],
        jobs, describe=lambda index: f"{outputs[index].stem.name}.pdf")
    if unprepared is not None:  # an output after those could not be prepared
        raise unprepared
    for each in made:
        result.contents.update(each.files)
        result.files.append(each.built)
        result.warnings.extend(each.warnings)
        for stage, seconds in each.built.seconds_by_stage:
            result.seconds_by_stage[stage] += seconds
    # The templates are read here, where the HTML is rendered, not in the workers.
    for output in outputs:
        result.theme_files |= {output.folder / THEME_STYLESHEET, *output.theme.templates()}
    return result


def jobs_from_environment() -> int:
    """How many processes a build may use: RESUME_JOBS, else one a usable core."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if not value:
        return usable_cores()
    if not value.isdigit() or int(value) < 1:
        raise ResumeError(
            f'{JOBS_VARIABLE} is "{value}"; it must be a whole number of processes, 1 or '
            "more (1 builds in one process)")
    return int(value)


def load_pdf_module() -> ModuleType:
    """`resume.pdf`, and WeasyPrint with it, imported on first use: half a second that a
    failed check should not have to wait for. An import makes objects that live as long as
    the process, so the collector is paused while they are made, and then told to leave
    them alone (`gc.freeze`) instead of walking all of them again in each full collection
    (and writing to their pages, which forked processes would otherwise stop sharing)."""
    if "resume.pdf" not in sys.modules:
        collecting = gc.isenabled()
        gc.disable()
        try:
            import_module(".pdf", __package__)
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
    return sys.modules["resume.pdf"]


@dataclass
class _Output:
    """One output to lay out and write: a view on a paper, its theme, its HTML."""

    view: ResumeView
    paper: str
    stem: Path
    pages: int | None  # the page budget, if any
    folder: Path  # the theme's
    theme: _Theme
    writer: PdfWriter
    html: str
    font_css: CSS
    natural: Typography
    html_seconds: float


@dataclass
class _Made:
    """What making one output gave: its report, its files (path, content), its warnings."""

    built: BuiltFile
    files: list[tuple[Path, bytes]]
    warnings: list[Problem]


def prepare_outputs(
    checked: Checked, options: BuildOptions, source_date_epoch: int | None
) -> tuple[list[_Output], ResumeError | None]:
    """Every output of the build, with its theme loaded and its HTML made, in the order of
    the views; those before the first that fails, and that one's error. (That error counts
    only if the outputs before it succeed: one process would have stopped at theirs.)"""
    from .pdf import PdfWriter

    design, profile_folder = checked.profile.design, checked.document.path.parent
    # The renderer may read the theme's folder and, of the profile's, only the photo.
    photos = {view.photo for view in checked.views if view.photo is not None}
    # Each theme's loaded theme, writer and natural typography, for the views that use it.
    themes: dict[Path, tuple[_Theme, PdfWriter, Typography]] = {}
    outputs: list[_Output] = []
    for view in checked.views:
        started = time.perf_counter()
        try:
            target = checked.targets.get(view.target)
            folder = choose_theme(options.theme, target, design, profile_folder)
            if folder not in themes:
                theme = load_theme(folder)
                themes[folder] = (theme, PdfWriter([folder], photos),
                                  natural_typography(design, theme.source))
            theme, writer, natural = themes[folder]
            html = render_html(view, theme.environment, source_date_epoch)
            font_css = writer.stylesheet(fonts.font_family_css(
                fonts.families_needed(view.language.code, view.drawn_texts)), folder)
        except ResumeError as error:
            return outputs, error
        seconds = time.perf_counter() - started
        for paper in options.papers or (view.paper,):  # one HTML for every paper
            outputs.append(_Output(
                view, paper, options.out / output_stem(view, paper),
                options.pages or (target and target.pages) or design.pages, folder, theme,
                writer, html, font_css, natural, seconds))
            seconds = 0.0  # made once, counted once
    return outputs, None


def make_output(
    output: _Output,
    design: Design,
    profile_folder: Path,
    formats: tuple[str, ...],
    source_date_epoch: int | None,
) -> _Made:
    """Lay one output out (fitting its page budget), write its PDF and its other formats.
    Runs in a worker process when the build has several cores."""
    from .pdf import last_page_fill, section_heights

    seconds = {"HTML": output.html_seconds}
    view, paper, writer = output.view, output.paper, output.writer
    language = view.language.code

    def layout(typography: Typography) -> Measured:
        design_sheet = writer.stylesheet(design_css(design, typography, paper), profile_folder)
        laid_out = writer.layout(output.html, base_folder=profile_folder,
                                 stylesheets=[output.font_css, output.theme.css, design_sheet])
        return Measured(laid_out, len(laid_out.pages), last_page_fill(laid_out))

    with _timed(seconds, "layout"):
        if output.pages:
            fitted = fit_to_pages(layout, output.natural, output.pages, section_heights,
                                  language)
        else:
            fitted = Fitted(layout(output.natural), output.natural, shrunk=False)
    with _timed(seconds, "PDF write"):
        pdf = writer.write(fitted.layout.document)
    with _timed(seconds, "other formats"):
        others = other_formats(formats, output.stem, view, pdf, output.theme, design,
                               fitted.typography, paper, source_date_epoch)
    built = BuiltFile(
        output.stem.with_suffix(".pdf"), language, fitted.layout.page_count, len(pdf),
        fitted.layout.last_page_fill,
        fitted.typography.describe(output.natural) if fitted.shrunk else None,
        view.target, tuple(view.left_out),
        tuple((path, len(content)) for path, content in others),
        tuple(seconds.items()),
    )
    warnings = []
    if not output.pages and built.page_count > 1 and built.last_page_fill < SPARSE_LAST_PAGE:
        warnings.append(Problem(
            f"the last page of the {language} résumé is only {built.last_page_fill:.0%} "
            f"full; `--pages {built.page_count - 1}` would fit it on "
            f"{built.page_count - 1} page{'s' if built.page_count > 2 else ''}"
        ))
    files = [(built.path, pdf)] if "pdf" in formats else []
    return _Made(built, files + others, warnings)


def output_stem(view: ResumeView, paper: str) -> str:
    """`<name>[-<target>]-<language>[-<paper>]`: the paper is named when it is not the
    view's own, so building both papers never writes one over the other."""
    middle = f"-{view.target}" if view.target else ""
    suffix = f"-{paper}" if paper != view.paper else ""
    return f"{view.slug}{middle}-{view.language.code}{suffix}"


def other_formats(
    formats: tuple[str, ...],
    stem: Path,
    view: ResumeView,
    pdf: bytes,
    theme: _Theme,
    design: Design,
    typography: Typography,
    paper: str,
    source_date_epoch: int | None,
) -> list[tuple[Path, bytes]]:
    """The files of the formats other than PDF, as (path, content), each laid out with
    the `typography` the PDF was."""
    files: list[tuple[Path, bytes]] = []
    if "html" in formats:
        page = standalone_page(view, theme.source, theme.environment,
                               design_css(design, typography, paper), source_date_epoch)
        files.append((stem.with_suffix(".html"), page.encode("utf-8")))
    if "png" in formats:
        from .images import page_images, png_bytes

        for number, image in enumerate(page_images(pdf, PNG_DPI), start=1):
            files.append((stem.with_name(f"{stem.name}-{number}.png"), png_bytes(image)))
    if "txt" in formats:
        from .plaintext import plain_text

        files.append((stem.with_suffix(".txt"), plain_text(view).encode("utf-8")))
    if "md" in formats:
        from .plaintext import markdown

        files.append((stem.with_suffix(".md"), markdown(view).encode("utf-8")))
    if "docx" in formats:
        from .docx import WordDesign, word_document  # python-docx only for those who ask

        files.append((stem.with_suffix(".docx"), word_document(
            view, WordDesign.of(design, typography, theme.source, paper), source_date_epoch)))
    return files


@dataclass
class _Theme:
    """A theme ready to render with: its style sheet, parsed, and its templates."""

    source: str
    css: CSS
    environment: jinja2.Environment

    def templates(self) -> set[Path]:
        """The templates rendering read, each as the theme's own and as the built-in one:
        adding or removing a theme's override changes which one is read."""
        return set(self.environment.loader.candidates)


# Themes loaded by this process, by folder: the builds of a batch share them.
_themes: dict[Path, _Theme] = {}


def load_theme(folder: Path) -> _Theme:
    """The theme of `folder`, parsed once a process (again when its style sheet changes;
    Jinja reloads a changed template itself)."""
    from .pdf import PdfWriter

    source = theme_stylesheet(folder)
    theme = _themes.get(folder)
    if theme is None or theme.source != source:
        # Parsed with a fetcher of the theme's folder only: what a style sheet fetches
        # while it is parsed (@import) is the theme's own.
        css = PdfWriter([folder]).stylesheet(source, folder)
        theme = _themes[folder] = _Theme(source, css, template_environment(folder))
    return theme


def standalone_page(
    view: ResumeView,
    theme_source: str,
    environment: jinja2.Environment,
    design_sheet: str,
    source_date_epoch: int | None,
) -> str:
    """A language as one self-contained HTML page: the theme's and the design's styles
    inline, and a generic family after the checked fonts, for readers who lack them: the
    `html` output."""
    families = fonts.families_needed(view.language.code, view.drawn_texts)
    styles = "\n".join((fonts.font_family_css((*families, "sans-serif")), theme_source,
                        design_sheet))
    return render_html(view, environment, source_date_epoch, inline_styles=styles)


def choose_theme(
    option: str | None, target: Target | None, design: Design, profile_folder: Path
) -> Path:
    """The theme folder for a view: the command line's, which may be any folder (it is the
    user's own); else the target's or the profile's, which must be built in or beside the
    profile (a profile may come from anyone)."""
    if option:
        return find_theme(option)
    name = (target and target.theme) or design.theme or DEFAULT_THEME
    return find_theme(name, profile_folder=profile_folder)


def chosen_languages(requested: str, available: tuple[str, ...], source: Path) -> list[str]:
    if requested == "all":
        return list(available)
    if DERIVED_FROM.get(requested) in available:  # zh-TW from a profile written in zh
        return [requested]
    if requested not in available:
        raise ResumeError(Problem(
            f"the profile is written in {', '.join(available)}, not {requested}; "
            f"add {requested} to `languages` and its texts, or choose --lang "
            f"{' or '.join(available)}",
            "languages",
            Location(source, 1, 1),
        ))
    return [requested]


def builtin_themes() -> list[str]:
    return sorted(
        folder.name for folder in THEMES_FOLDER.iterdir()
        if (folder / THEME_STYLESHEET).is_file()
    )


def find_theme(theme: str, profile_folder: Path | None = None) -> Path:
    """A theme's folder: a built-in theme's name, or a folder with a `style.css`. A theme
    named by a profile (`profile_folder` given) must be built in or in a folder inside that
    folder (not the folder itself, whose files, profile.yaml included, the theme's templates
    could then read)."""
    if profile_folder is None:
        candidates = [Path(theme), THEMES_FOLDER / theme]
    else:
        folder = profile_folder.resolve()
        try:
            own = (profile_folder / theme).resolve()
        except RuntimeError:  # a loop of links
            own = folder
        candidates = [own] if own != folder and own.is_relative_to(folder) else []
        if "/" not in theme and "\\" not in theme:
            candidates.append(THEMES_FOLDER / theme)
    folder = next((c for c in candidates if (c / THEME_STYLESHEET).is_file()), None)
    if folder is None:
        where = " inside the profile's folder" if profile_folder is not None else ""
        raise ResumeError(
            f'unknown theme "{theme}": choose one of {", ".join(builtin_themes())}, '
            f"or give a folder{where} that holds a {THEME_STYLESHEET}"
        )
    return folder.resolve()


def theme_summary(folder: Path) -> str:
    """The first sentence of a theme's style sheet comment: what the theme is."""
    text = (folder / THEME_STYLESHEET).read_text(encoding="utf-8")
    match = re.match(r"\s*/\*\s*(?:[\w-]+:\s*)?(.*?)(?:\.\s|\*/)", text, re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


def copy_theme(theme: str, destination: Path) -> Path:
    """A copy of `theme` in `destination`, with the built-in templates it relies on, so
    that its style and its structure can both be edited."""
    source = find_theme(theme)
    if destination.exists():
        raise ResumeError(f"{display_path(destination)} already exists; choose a new folder")
    # Links stay links: a link out of the theme is refused when the copy is built, where
    # following it now would copy that file's text into the theme.
    shutil.copytree(source, destination, symlinks=True)
    for template in TEMPLATE_FOLDER.iterdir():
        if not os.path.lexists(destination / template.name):  # never through a link
            shutil.copy(template, destination / template.name)
    return destination


# The profiles `resume new` writes, each a folder of SCAFFOLD_FOLDER; the first is the default.
EXAMPLES = ("engineer", "graduate")


def scaffold_profile(destination: Path, example: str = EXAMPLES[0]) -> list[Path]:
    """A new profile in `destination`, as `example` (an engineer with experience first, or a
    graduate with education first): every section and field once, a placeholder photo, a
    target, and the schemas its first lines name, so an editor checks it as it is typed."""
    with new_profile_folder(destination) as staging:
        shutil.copytree(SCAFFOLD_FOLDER / example, staging, dirs_exist_ok=True)
        placeholder_photo(staging / "photo.png")
    return sorted(path for path in destination.rglob("*") if path.is_file())


@contextmanager
def new_profile_folder(destination: Path) -> Iterator[Path]:
    """A folder for a new profile (absent or empty, never written over), holding the
    schemas that a profile's first line names for editors. What the caller writes goes into
    a hidden folder beside it, which becomes `destination` only once all of it is written:
    a full disk or a kill leaves no half-made profile, only a hidden folder that the next
    `new` or `import` beside it removes."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ResumeError(f"{display_path(destination)} is not empty; choose a new folder")
    parent = destination.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".{destination.name}.resume-new-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = parent / f".{destination.name}.resume-new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(SCHEMAS_FOLDER, staging / "schema")
        yield staging
        if destination.exists():
            destination.rmdir()  # empty, as checked above
        os.rename(staging, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def placeholder_photo(path: Path) -> None:
    """A grey silhouette at 250 × 350 pixels: a photo's place, until there is one."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (250, 350), (226, 230, 234))
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 70, 170, 170), fill=(168, 176, 184))
    draw.ellipse((35, 190, 215, 420), fill=(168, 176, 184))
    image.save(path, optimize=True)


def read_source_date_epoch() -> int | None:
    """The date to stamp into PDFs, from SOURCE_DATE_EPOCH (reproducible-builds.org)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    # The last second of year 9999: a date a PDF can hold.
    if not (value.isascii() and value.isdigit()) or int(value) > 253_402_300_799:
        raise ResumeError(
            f'SOURCE_DATE_EPOCH is "{value}"; it must be a number of seconds since 1970 '
            "(for example: git log -1 --format=%ct)"
        )
    return int(value)
