"""A language's view of the profile to HTML, through a theme's Jinja2 templates.

A theme may come from anyone (a profile names one from its own folder), so its files are
treated as untrusted: templates render in Jinja's sandbox and may read the view's fields and
nothing else; every template and style sheet is opened only when, links resolved, it lies
inside the folder it belongs to; and whatever is wrong with a theme becomes a `ResumeError`
located in the theme's file, never a traceback.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import inspect
import os
import pickle
import traceback
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from types import CodeType

import jinja2
import jinja2.bccache
from jinja2.environment import TemplateModule
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from . import __version__
from .assets import TEMPLATE_FOLDER, THEMES_FOLDER
from .errors import Location, Problem, ResumeError, display_path
from .text import Rich, searchable
from .view import ResumeView

TEMPLATE_NAME = "resume.html"
THEME_STYLESHEET = "style.css"
SUBJECT_LENGTH = 200
# Far above any real template or style sheet; a larger file is a mistake or an attack.
MAX_THEME_FILE_BYTES = 1_000_000
# What a template may read attributes of besides the view's dataclasses (whose fields only
# it may read): plain data, and the objects Jinja itself hands to templates (macros, loops,
# imported templates, blocks). Anything else (a path, a function, a module) is refused.
TEMPLATE_DATA_TYPES = (
    str, int, float, list, tuple, dict, type(None),
    TemplateModule, Macro, LoopContext, TemplateReference, BlockReference,
)


class ThemeFileError(jinja2.TemplateError):
    """A theme file that may not be used: outside its folder, too large, not UTF-8."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def inline_markup(text: Rich) -> Markup:
    """Typeset text as HTML: every span escaped, links and bold made elements."""
    parts = []
    for span in text.spans:
        content = escape(span.text)
        if span.url:
            parts.append(Markup('<a href="{}">{}</a>').format(span.url, content))
        elif span.bold:
            parts.append(Markup("<strong>{}</strong>").format(content))
        else:
            parts.append(content)
    return Markup("").join(parts)


def read_theme_file(path: Path, folder: Path) -> str:
    """The text of `path`, which must be a UTF-8 file inside `folder` once links are
    resolved: a theme's link to any other file of the machine is refused unread."""
    shown = display_path(path)
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(folder.resolve())
        size = resolved.stat().st_size if inside and resolved.is_file() else None
    except (OSError, RuntimeError):  # a loop of links, a name too long
        inside, size = True, None
    if not inside:
        raise ThemeFileError(Problem(
            f"{shown} leads outside {display_path(folder)} through a link: a theme may use "
            "only its own files"))
    if size is None:
        raise ThemeFileError(Problem(f"{shown} is not a readable file"))
    if size > MAX_THEME_FILE_BYTES:
        raise ThemeFileError(Problem(
            f"{shown} is {size:,} bytes; a theme file may have at most "
            f"{MAX_THEME_FILE_BYTES:,}"))
    data = resolved.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
        raise ThemeFileError(Problem(
            f"not UTF-8 text (the byte 0x{data[error.start]:02x}); save the file as UTF-8",
            location=Location(path, line, column))) from None


def theme_stylesheet(folder: Path) -> str:
    """A theme's style sheet, read as `read_theme_file` allows. The html output and the
    preview put it inside a <style> element, so it may not contain `</style`."""
    path = folder / THEME_STYLESHEET
    try:
        text = read_theme_file(path, folder)
    except ThemeFileError as error:
        raise ResumeError(error.problem) from None
    index = text.lower().find("</style")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise ResumeError(Problem(
            "`</style` would end the <style> element that holds this style sheet in the "
            "html output and the preview; remove it (in a comment, write `< /style`)",
            location=Location(path, line, column)))
    return text


class ThemeLoader(jinja2.BaseLoader):
    """Templates from the theme's folder first (its overrides), then the built-in ones.
    A name is a path inside those folders; a template is read only through
    `read_theme_file`, so a link cannot bring in a file from elsewhere."""

    def __init__(self, theme_folder: Path):
        self.theme_folder = theme_folder.resolve()
        self.folders = [self.theme_folder, TEMPLATE_FOLDER.resolve()]
        # Every template read, by the file name Jinja puts in tracebacks: to locate errors.
        self.files: dict[str, Path] = {}
        # Each of those in every folder: adding or removing a theme's own changes which
        # one is read (for a watcher).
        self.candidates: set[Path] = set()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = template.replace("\\", "/").split("/") if isinstance(template, str) else []
        if not pieces or template.startswith(("/", "\\")) or ".." in pieces or "\0" in template:
            raise ThemeFileError(Problem(
                f'"{template}" is not a template of the theme: templates are named by their '
                "path inside the theme's folder, and a theme may use only its own files and "
                "the built-in templates"))
        candidates = [folder.joinpath(*(piece for piece in pieces if piece not in ("", ".")))
                      for folder in self.folders]
        for index, (folder, path) in enumerate(zip(self.folders, candidates, strict=True)):
            if not os.path.lexists(path):
                continue
            source = read_theme_file(path, folder)
            self.files[str(path)] = path
            self.candidates.update(candidates)
            return source, str(path), _unchanged_since_now(path, candidates[:index])
        raise jinja2.TemplateNotFound(template, (
            f'there is no template "{template}" in {display_path(self.theme_folder)} or '
            "among the built-in templates"))


def _unchanged_since_now(path: Path, overrides: list[Path]) -> Callable[[], bool]:
    """Whether a template read now is still current, for Jinja's cache: the file is
    unchanged and no folder searched before it has gained its own (a theme's override added
    while the preview runs)."""
    modified = _modified(path)
    return lambda: (_modified(path) == modified
                    and not any(os.path.lexists(override) for override in overrides))


def _modified(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox (no private attributes, no changing the view), narrowed further: a
    template reads the fields of the view's dataclasses and plain data, nothing else, and a
    refused read stops the rendering at once instead of yielding an undefined value."""

    def getattr(self, obj: object, attribute: str) -> object:
        if isinstance(obj, jinja2.Undefined):
            return obj  # fails where it is used, naming what was undefined
        _check_readable(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: object, argument: object) -> object:
        if isinstance(obj, jinja2.Undefined):
            return obj
        if isinstance(argument, str):
            _check_readable(obj, argument)
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: object, attribute: str) -> jinja2.Undefined:
        raise _refusal(obj, attribute)


_ABSENT = object()


def _check_readable(obj: object, name: str) -> None:
    if isinstance(obj, TEMPLATE_DATA_TYPES):
        return  # the sandbox's own rules still apply: no _private or internal attributes
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if name in {field.name for field in dataclasses.fields(obj)}:
            return
        if inspect.getattr_static(obj, name, _ABSENT) is _ABSENT:
            return  # no such attribute: the template's mistake, reported as undefined
    raise _refusal(obj, name)


def _refusal(obj: object, name: str) -> SecurityError:
    return SecurityError(
        f"refused to read `{name}` of a {type(obj).__name__}: a theme's templates may read "
        "the résumé's fields and plain values only")


def template_environment(theme_folder: Path) -> jinja2.Environment:
    """The sandbox a theme's templates render in, with the two filters they need (`inline`
    and `plain`), Jinja's built-in filters and tests, and no globals."""
    environment = ThemeSandbox(
        loader=ThemeLoader(theme_folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.clear()  # range, dict, cycler, joiner, lipsum, namespace: unused
    environment.filters["inline"] = inline_markup
    environment.filters["plain"] = searchable
    environment.bytecode_cache = compiled_templates(environment)
    return environment


# The folders of the templates and themes installed with the program.
_PROGRAM_FOLDERS = (TEMPLATE_FOLDER.resolve(), THEMES_FOLDER.resolve())
# The process's cache of compiled templates, made for the first environment: every
# environment compiles alike (the same class, options and filters), so all share it.
_compiled_templates: list[CompiledTemplates] = []


def compiled_templates(environment: jinja2.Environment) -> CompiledTemplates:
    if not _compiled_templates:
        _compiled_templates.append(CompiledTemplates(environment))
    return _compiled_templates[0]


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates as they were compiled before (compiling takes several times longer than
    rendering), found by their path and the checksum of their text (a changed file compiles
    again). The program's own, the built-in templates and themes', whatever theme reads
    them: as an earlier run compiled them, in Jinja's folder for the user, which it makes
    private to them and checks; the files' names carry a digest of what shapes the compiled
    code (Jinja's version, the sandbox, the environment's options and filters), so no other
    version of this program reads them, and a folder that cannot be read or written only
    costs the compiling. A theme's own templates, anyone's: in this process's memory only
    (a preview's builders and a batch's workers render again and again)."""

    def __init__(self, environment: jinja2.Environment):
        settings = repr((
            jinja2.__version__, type(environment).__mro__, environment.autoescape,
            environment.trim_blocks, environment.lstrip_blocks,
            environment.keep_trailing_newline, environment.newline_sequence,
            environment.undefined, environment.finalize, environment.optimized,
            environment.block_start_string, environment.variable_start_string,
            environment.comment_start_string, sorted(environment.filters),
            sorted(environment.tests), sorted(environment.globals),
        ))
        digest = hashlib.sha256(settings.encode()).hexdigest()[:16]
        self._in_memory: dict[str, tuple[str, CodeType]] = {}
        self._on_disk: set[str] = set()  # the keys of the program's own templates
        try:
            super().__init__(pattern=f"resume-{digest}-%s.cache")
        except (OSError, RuntimeError):  # no folder of the user's own: compile each time
            self.directory = None

    def get_bucket(self, environment, name, filename, source) -> jinja2.bccache.Bucket:
        if filename is not None and any(Path(filename).is_relative_to(folder)
                                        for folder in _PROGRAM_FOLDERS):
            self._on_disk.add(self.get_cache_key(name, filename))
        return super().get_bucket(environment, name, filename, source)

    def load_bytecode(self, bucket) -> None:
        if bucket.key not in self._on_disk:
            checksum, code = self._in_memory.get(bucket.key, (None, None))
            if checksum == bucket.checksum:
                bucket.code = code
        elif self.directory is not None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
                bucket.reset()  # a damaged file: compiled again, and written anew

    def dump_bytecode(self, bucket) -> None:
        if bucket.key not in self._on_disk:
            self._in_memory[bucket.key] = (bucket.checksum, bucket.code)
        elif self.directory is not None:
            with suppress(OSError):
                super().dump_bytecode(bucket)


def photo_url(photo: Path | None, *, embedded: bool) -> str | None:
    """The photo's address: its file for the PDF, or its bytes for a standalone page."""
    if photo is None:
        return None
    if not embedded:
        return photo.as_uri()
    kind = "png" if photo.suffix.lower() == ".png" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(photo.read_bytes()).decode()}"


def document_subject(resume: ResumeView) -> str:
    """The document's subject for its metadata: the headline, else the summary, shortened;
    the word for a résumé when there is neither."""
    source = resume.headline or resume.summary
    subject = searchable(source) if source else resume.labels["resume"]
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    return subject


def render_html(
    resume: ResumeView,
    environment: jinja2.Environment,
    source_date_epoch: int | None,
    *,
    inline_styles: str | None = None,
) -> str:
    """The résumé as an HTML document; `source_date_epoch` dates it, when given.
    `inline_styles` (the theme's and the build's own CSS, never profile text) makes it a
    standalone page. A theme's mistake, or a template reaching for what it may not read,
    is a `ResumeError` located in the theme's file."""
    if inline_styles and "</style" in inline_styles.lower():
        raise ValueError("a style sheet cannot contain </style>")
    created = (
        datetime.fromtimestamp(source_date_epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if source_date_epoch is not None
        else None
    )
    subject = document_subject(resume)
    try:
        return environment.get_template(TEMPLATE_NAME).render(
            resume=resume,
            labels=resume.labels,
            subject=subject,
            created=created,
            photo_url=photo_url(resume.photo, embedded=bool(inline_styles)),
            inline_styles=Markup(inline_styles) if inline_styles else None,
            generator=f"resume {__version__}",
        )
    except Exception as error:
        problem = theme_problem(error, environment.loader)
        if problem is None:
            raise
        raise ResumeError(problem) from None


def theme_problem(error: Exception, loader: ThemeLoader) -> Problem | None:
    """What went wrong in a theme's templates, located at the line of the theme's file
    that caused it; None for an error that no template caused (a bug)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        location = Location(Path(error.filename), error.lineno) if error.filename else None
        return Problem(f"template syntax error: {error.message}", location=location)
    # Jinja rewrites tracebacks so that a template's frames carry its file name and line.
    lines = [Location(loader.files[frame.filename], frame.lineno)
             for frame in traceback.extract_tb(error.__traceback__)
             if frame.filename in loader.files and frame.lineno]
    if not lines and not isinstance(error, jinja2.TemplateError):
        return None
    # The theme's own line, which its author can change, even when the error arose deeper,
    # in a built-in template that the line called.
    own = [line for line in lines if line.file.is_relative_to(loader.theme_folder)]
    location = (own or lines or [None])[-1]
    if isinstance(error, ThemeFileError):  # its message names the file
        message = error.problem.message
        location = error.problem.location or (own[-1] if own else None)
    elif isinstance(error, jinja2.TemplateError):
        message = str(error)
    else:
        message = f"the template failed: {type(error).__name__}: {error}"
    if location is not None and lines and lines[-1].file != location.file:
        deepest = lines[-1].file
        name = (f"the built-in {deepest.name}" if deepest.is_relative_to(TEMPLATE_FOLDER.resolve())
                else display_path(deepest))
        message += f" (in {name}, line {lines[-1].line})"
    return Problem(message, location=location)

