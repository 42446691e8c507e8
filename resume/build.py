"""A whole build: load → validate → per-language view → glyph check → HTML → PDF → files.

Every language is rendered before any file is written, and the files replace the previous
ones all together (`files.write_set`), so a build that fails at any step leaves the previous
PDFs as they were.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import fonts
from .design import Typography, design_css, natural_typography
from .errors import Location, Problem, ResumeError, display_path
from .files import recover, write_set
from .fit import Fitted, Measured, fit_to_pages
from .load import SourceDocument, load_profile_document
from .model import (
    DERIVED_FROM,
    Design,
    Entry,
    Profile,
    Repair,
    Target,
    validate,
    validate_target,
)
from .plaintext import markdown, plain_text
from .render import (
    TEMPLATE_FOLDER,
    THEME_STYLESHEET,
    render_html,
    template_environment,
    theme_stylesheet,
)
from .view import Cut, ResumeView, localize

if TYPE_CHECKING:  # WeasyPrint is imported only once a build gets past the checks
    import jinja2
    from weasyprint import CSS

    from .pdf import PdfWriter

PROJECT_FOLDER = Path(__file__).resolve().parent.parent
STYLES_FOLDER = PROJECT_FOLDER / "styles"
DEFAULT_PROFILE = PROJECT_FOLDER / "data"
DEFAULT_THEME = "classic"
# pdf; html: a standalone page (styles inline, for a personal site); png: the pages as
# images; txt and md: plain text and Markdown, for pasting into application forms.
OUTPUT_FORMATS = ("pdf", "html", "png", "txt", "md")
PNG_DPI = 150
TARGETS_FOLDER = "targets"

STAGES = ("load and validate", "HTML", "layout", "PDF write", "other formats")
# A last page less full than this is worth a suggestion of a page budget.
SPARSE_LAST_PAGE = 0.25


@dataclass(frozen=True)
class BuildOptions:
    profile: Path = DEFAULT_PROFILE
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


@dataclass
class BuildResult:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds_by_stage: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    # The bytes of every file, by its path, until `build` writes them all together.
    contents: dict[Path, bytes] = field(default_factory=dict)
    # The theme files the build read, and those that would take their place (for a watcher).
    theme_files: set[Path] = field(default_factory=set)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds_by_stage[stage] += time.perf_counter() - started


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


def load_cuts(
    folder: Path, name: str | None, profile: Profile, warnings: list[Problem]
) -> list[Cut]:
    """The cuts a build makes: the whole profile, one target (targets/NAME.yaml beside the
    profile), or every target (`all`). Tags a target names that no entry carries are
    reported: they are usually typing mistakes."""
    if name is None:
        return [Cut()]
    targets_folder = folder / TARGETS_FOLDER
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


def build_in_memory(options: BuildOptions, checked: Checked | None = None) -> BuildResult:
    """Everything `build` does but write: the files' bytes are in the result's `contents`
    (the live preview shows them, byte for byte what `build` writes). `checked`: what
    `check` made of these options, when the caller has it already."""
    result = BuildResult()
    with result.timed("load and validate"):
        source_date_epoch = read_source_date_epoch()
        if checked is None:
            checked = check(options.profile, options.languages, strict=options.strict,
                            redact=options.redact, target=options.target)
        document, design = checked.document, checked.profile.design
        result.warnings.extend(checked.warnings)

    # Imported here: WeasyPrint takes half a second to load, which a failed check should
    # not have to wait for.
    from .pdf import HARFBUZZ_SUBSET_AVAILABLE, PdfWriter, last_page_fill, section_heights

    if not HARFBUZZ_SUBSET_AVAILABLE:
        result.warnings.append(Problem(
            "HarfBuzz's subset library is missing, so fonts are subset with fontTools: about "
            "seven seconds a PDF instead of a tenth. Install it: apt-get install "
            "libharfbuzz-subset0"
        ))

    themes: dict[Path, _Theme] = {}
    # The renderer may read the theme's folder and, of the profile's, only the photo.
    photos = {view.photo for view in checked.views if view.photo is not None}
    for view, paper in [(each, paper) for each in checked.views
                        for paper in options.papers or (each.paper,)]:
        language = view.language.code
        target = checked.targets.get(view.target)
        with result.timed("load and validate"):
            theme_folder = choose_theme(options.theme, target, design, document.path.parent)
            pages = options.pages or (target and target.pages) or design.pages
        if theme_folder not in themes:
            themes[theme_folder] = _Theme.load(theme_folder, photos, PdfWriter)
        theme = themes[theme_folder]
        writer = theme.writer
        natural = natural_typography(design, theme.source)
        with result.timed("HTML"):
            html = render_html(view, theme.environment, source_date_epoch)
            font_css = writer.stylesheet(
                fonts.font_family_css(fonts.families_needed(language, view.drawn_texts)),
                theme_folder,
            )

        def layout(typography: Typography, html=html, font_css=font_css, theme=theme,
                   paper=paper) -> Measured:
            design_sheet = theme.writer.stylesheet(
                design_css(design, typography, paper), document.path.parent
            )
            laid_out = theme.writer.layout(html, base_folder=document.path.parent,
                                           stylesheets=[font_css, theme.css, design_sheet])
            return Measured(laid_out, len(laid_out.pages), last_page_fill(laid_out))

        with result.timed("layout"):
            if pages:
                fitted = fit_to_pages(layout, natural, pages, section_heights, language)
            else:
                fitted = Fitted(layout(natural), natural, shrunk=False)
        with result.timed("PDF write"):
            pdf = writer.write(fitted.layout.document)
        stem = options.out / output_stem(view, paper)
        with result.timed("other formats"):
            others = other_formats(options.formats, stem, view, pdf, theme, design_css(
                design, fitted.typography, paper), source_date_epoch)
        built = BuiltFile(
            stem.with_suffix(".pdf"), language, fitted.layout.page_count, len(pdf),
            fitted.layout.last_page_fill,
            fitted.typography.describe(natural) if fitted.shrunk else None,
            view.target, tuple(view.left_out),
            tuple((path, len(content)) for path, content in others),
        )
        if "pdf" in options.formats:
            result.contents[built.path] = pdf
        result.contents.update(others)
        result.files.append(built)
        if not pages and built.page_count > 1 and built.last_page_fill < SPARSE_LAST_PAGE:
            result.warnings.append(Problem(
                f"the last page of the {language} résumé is only {built.last_page_fill:.0%} "
                f"full; `--pages {built.page_count - 1}` would fit it on "
                f"{built.page_count - 1} page{'s' if built.page_count > 2 else ''}"
            ))

    for folder, theme in themes.items():
        result.theme_files |= {folder / THEME_STYLESHEET, *theme.templates()}
    return result


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
    design_sheet: str,
    source_date_epoch: int | None,
) -> list[tuple[Path, bytes]]:
    """The files of the formats other than PDF, as (path, content)."""
    files: list[tuple[Path, bytes]] = []
    if "html" in formats:
        page = standalone_page(view, theme.source, theme.environment, design_sheet,
                               source_date_epoch)
        files.append((stem.with_suffix(".html"), page.encode("utf-8")))
    if "png" in formats:
        from .images import page_images, png_bytes

        for number, image in enumerate(page_images(pdf, PNG_DPI), start=1):
            files.append((stem.with_name(f"{stem.name}-{number}.png"), png_bytes(image)))
    if "txt" in formats:
        files.append((stem.with_suffix(".txt"), plain_text(view).encode("utf-8")))
    if "md" in formats:
        files.append((stem.with_suffix(".md"), markdown(view).encode("utf-8")))
    return files


@dataclass
class _Theme:
    """A theme ready to render with: its templates, its parsed style sheet, its writer
    (whose fetcher may read the theme's folder and the photo)."""

    source: str
    css: CSS
    environment: jinja2.Environment
    writer: PdfWriter

    @classmethod
    def load(cls, folder: Path, photos: set[Path], writer_class: type[PdfWriter]) -> _Theme:
        writer = writer_class([folder], photos)
        source = theme_stylesheet(folder)
        return cls(source, writer.stylesheet(source, folder), template_environment(folder),
                   writer)

    def templates(self) -> set[Path]:
        """The templates rendering read, each as the theme's own and as the built-in one:
        adding or removing a theme's override changes which one is read."""
        loader = self.environment.loader
        names = {path.relative_to(folder) for path in loader.files.values()
                 for folder in loader.folders if path.is_relative_to(folder)}
        return {folder / name for folder in loader.folders for name in names}


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
        folder.name for folder in STYLES_FOLDER.iterdir()
        if (folder / THEME_STYLESHEET).is_file()
    )


def find_theme(theme: str, profile_folder: Path | None = None) -> Path:
    """A theme's folder: a built-in theme's name, or a folder with a `style.css`. A theme
    named by a profile (`profile_folder` given) must be built in or in a folder inside that
    folder (not the folder itself, whose files, profile.yaml included, the theme's templates
    could then read)."""
    if profile_folder is None:
        candidates = [Path(theme), STYLES_FOLDER / theme]
    else:
        folder = profile_folder.resolve()
        try:
            own = (profile_folder / theme).resolve()
        except RuntimeError:  # a loop of links
            own = folder
        candidates = [own] if own != folder and own.is_relative_to(folder) else []
        if "/" not in theme and "\\" not in theme:
            candidates.append(STYLES_FOLDER / theme)
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


SCAFFOLD_FOLDER = Path(__file__).parent / "scaffold"
SCHEMA_FOLDER = PROJECT_FOLDER / "schema"


def scaffold_profile(destination: Path) -> list[Path]:
    """A new profile in `destination`: every feature once, a placeholder photo, a target,
    and the schemas its first lines name, so an editor checks it as it is typed."""
    new_profile_folder(destination)
    shutil.copytree(SCAFFOLD_FOLDER, destination, dirs_exist_ok=True)
    placeholder_photo(destination / "photo.png")
    return sorted(path for path in destination.rglob("*") if path.is_file())


def new_profile_folder(destination: Path) -> None:
    """A folder for a new profile (absent or empty, never written over), holding the
    schemas that a profile's first line names for editors."""
    if destination.exists() and any(destination.iterdir()):
        raise ResumeError(f"{display_path(destination)} is not empty; choose a new folder")
    shutil.copytree(SCHEMA_FOLDER, destination / "schema")


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
    if not value.isdigit():
        raise ResumeError(
            f'SOURCE_DATE_EPOCH is "{value}"; it must be a number of seconds since 1970 '
            "(for example: git log -1 --format=%ct)"
        )
    return int(value)
