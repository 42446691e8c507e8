"""Warm builder processes for the live preview: each has imported WeasyPrint once and
checks and builds, in memory, whatever it is sent, then draws the pages of the PDFs, so
that the languages of a résumé build in parallel, one a process, in the time of the
slowest (a language that is done draws its pages while another still builds). A builder
also says which files its build read, for the preview to watch.

A builder is a Python process of its own (not a fork of the preview, whose other threads a
fork would copy in the middle of a step), in a session of its own (Ctrl-C stops the
preview, which closes the connection, which stops the builder), talking over a socket
pair in pickles. A builder that dies is replaced at the next build; one that takes longer
than BUILD_TIMEOUT_SECONDS is stopped.
"""

from __future__ import annotations

import gc
import socket
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .build import (
    THEME_STYLESHEET,
    BuildOptions,
    BuiltFile,
    Checked,
    build_in_memory,
    check_options,
    choose_theme,
    load_pdf_module,
)
from .errors import Problem, ResumeError, os_problem
from .images import jpeg_bytes, page_images

# Far beyond any résumé's build; a build still going then is stopped, and the page says so.
BUILD_TIMEOUT_SECONDS = 120
# Enough to find a bug; a runaway recursion would otherwise print thousands of lines.
TRACEBACK_FRAMES = 40
# A builder finds its modules where the preview found them (its sys.path, as arguments).
BUILDER_COMMAND = ("import sys; sys.path[:] = sys.argv[2:]; "
                   "from resume.builders import serve; serve(int(sys.argv[1]))")


@dataclass(frozen=True)
class BuildJob:
    """A build to make, and the resolution to draw its pages at."""

    options: BuildOptions
    page_image_dpi: float


@dataclass(frozen=True)
class BuiltPdf:
    """A PDF of a build: what the build says of it, its bytes, its pages as JPEG images."""

    built: BuiltFile
    pdf: bytes
    pages: list[bytes]


@dataclass(frozen=True)
class BuildOutcome:
    """What a builder sends back: the PDFs of one build and its warnings, or what stopped
    it; and what the build read, as far as it went."""

    pdfs: list[BuiltPdf] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # The files the build read, or looked for where a file would change it: the photo, the
    # theme's style sheet and templates (a theme's override as well as the built-in one).
    reads: set[Path] = field(default_factory=set)
    languages: tuple[str, ...] = ()  # the profile's, once its checks passed
    problems: list[Problem] = field(default_factory=list)
    checks_failed: bool = False  # the problems are the checks' (else the build's, after them)
    bug: tuple[str, str] | None = None  # the exception's name, and its traceback


def build_outcome(job: BuildJob) -> BuildOutcome:
    """One build in memory, and its pages drawn; every exception becomes part of its
    outcome."""
    options, reads = job.options, set()
    checked = None
    try:
        checked = check_options(options)
        add_inputs(checked, options.theme, reads)
        result = build_in_memory(options, checked)
        pdfs = [drawn(built, result.contents[built.path], job.page_image_dpi)
                for built in result.files]
    except ResumeError as error:
        return BuildOutcome(reads=reads, problems=error.problems, checks_failed=checked is None,
                            languages=checked.profile.languages if checked else ())
    except OSError as error:  # a file that cannot be read: named, with the reason
        if error.filename is None:
            return BuildOutcome(reads=reads, bug=formatted_bug(error))
        return BuildOutcome(reads=reads, checks_failed=checked is None,
                            problems=[os_problem(error)])
    except Exception as error:  # noqa: BLE001  (a bug: reported, and the builder goes on)
        return BuildOutcome(reads=reads, bug=formatted_bug(error))
    return BuildOutcome(pdfs, result.warnings, reads | result.theme_files,
                        checked.profile.languages)


def add_inputs(checked: Checked, theme: str | None, reads: set[Path]) -> None:
    """Add to `reads` the photo, and each cut's theme style sheet: where a theme that the
    command line, the profile or a target names would be, even before it exists, and the
    one chosen (which may not exist: then it raises, as the build would)."""
    design, folder = checked.profile.design, checked.document.path.parent
    if checked.profile.basics.photo:
        reads.add(checked.profile.basics.photo.file)
    for target in checked.targets.values():
        named = theme or (target and target.theme) or design.theme
        if named:
            reads.add((Path() if theme else folder) / named / THEME_STYLESHEET)
        reads.add(choose_theme(theme, target, design, folder) / THEME_STYLESHEET)


def drawn(built: BuiltFile, pdf: bytes, dpi: float) -> BuiltPdf:
    """A PDF with its pages drawn at `dpi`, as images quick to make."""
    return BuiltPdf(built, pdf, [jpeg_bytes(page) for page in page_images(pdf, dpi)])


def formatted_bug(error: BaseException) -> tuple[str, str]:
    formatted = "".join(traceback.format_exception(error, limit=-TRACEBACK_FRAMES))
    return type(error).__name__, formatted.rstrip()


def serve(descriptor: int) -> None:
    """A builder's life: build what comes over the connection, one at a time, until the
    preview closes it."""
    load_pdf_module()  # before the first build is asked for; what it loads is frozen
    # The collector need not run after every few thousand objects a layout makes (a tenth
    # of a build's time).
    gc.set_threshold(50_000, 20, 20)
    connection = Connection(descriptor)
    while True:
        try:
            job = connection.recv()
            connection.send(build_outcome(job))
        except (EOFError, OSError):  # the preview closed the connection, or ended
            return


class Builder:
    """One builder process and the connection to it."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        with theirs:  # the environment is the preview's: SOURCE_DATE_EPOCH dates alike
            self.process = subprocess.Popen(
                [sys.executable, "-c", BUILDER_COMMAND, str(theirs.fileno()), *sys.path],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, start_new_session=True)
        self.connection = Connection(ours.detach())

    def close(self, *, kill: bool = False) -> None:
        """Close the connection, which ends the builder; `kill`: at once."""
        self.connection.close()
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Batch:
    """Builds sent to builders, one each; `outcomes` waits for them all."""

    def __init__(self, builders: Builders, jobs: list[tuple[Builder, BuildJob]]):
        self.builders = builders
        self.jobs = [job for _, job in jobs]
        self._waiting = {builder: index for index, (builder, _) in enumerate(jobs)}
        self._outcomes: list[BuildOutcome | None] = [None] * len(jobs)
        self._deadline = time.monotonic() + BUILD_TIMEOUT_SECONDS
        for builder, job in jobs:
            try:
                builder.connection.send(job)
            except OSError:  # a builder that died since its last build
                self._lost(builder)

    def outcomes(self) -> list[BuildOutcome]:
        """Every build's outcome, in the order of `jobs`, once all have come."""
        while self._waiting:
            remaining = self._deadline - time.monotonic()
            ready = wait([builder.connection for builder in self._waiting], max(0.0, remaining))
            if not ready:
                for builder in list(self._waiting):
                    self._outcomes[self._waiting.pop(builder)] = BuildOutcome(problems=[
                        Problem(f"building took more than {BUILD_TIMEOUT_SECONDS} s and "
                                "was stopped")])
                    self.builders.discard(builder)
                break
            for builder in [b for b in self._waiting if b.connection in ready]:
                try:
                    self._outcomes[self._waiting[builder]] = builder.connection.recv()
                    del self._waiting[builder]
                except (EOFError, OSError):  # it died mid-build (a crash, the OOM killer)
                    self._lost(builder)
        return [outcome for outcome in self._outcomes if outcome is not None]

    def _lost(self, builder: Builder) -> None:
        index = self._waiting.pop(builder)
        self.builders.discard(builder)
        self._outcomes[index] = BuildOutcome(bug=(
            "builder process ended",
            f"a builder process ended unexpectedly (exit status {builder.process.returncode})"))


class Builders:
    """A pool of builders that grows to the number of builds asked for at once."""

    def __init__(self):
        self._builders: list[Builder] = []

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [builder.process for builder in self._builders]

    def start(self, jobs: list[BuildJob]) -> Batch:
        """Send each build to a builder of its own; take the outcomes from the batch (before
        the next `start`)."""
        while len(self._builders) < len(jobs):
            self._builders.append(Builder())
        return Batch(self, list(zip(self._builders, jobs, strict=False)))

    def discard(self, builder: Builder) -> None:
        """Stop a builder that died or hangs; the next build starts another."""
        self._builders.remove(builder)
        builder.close(kill=True)

    def close(self) -> None:
        for builder in self._builders:
            builder.close()
        self._builders = []
