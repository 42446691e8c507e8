"""Many profiles at once, on every core: one failure does not stop the others.

Each profile is built by `build.build` in a worker process, into a folder of its own under
the output folder. Workers are forked after WeasyPrint is loaded, so none pays for loading
it again.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from .build import BuildOptions, build
from .errors import ResumeError
from .load import PROFILE_FILE_NAME


@dataclass(frozen=True)
class Outcome:
    """What became of one profile: its files (path, pages, bytes) or its error lines."""

    profile: Path
    files: tuple[tuple[Path, int, int], ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def profiles_in(paths: list[Path]) -> list[Path]:
    """The profiles that `paths` name: each path itself, or, for a folder that holds no
    profile.yaml of its own, every folder in it that does."""
    profiles: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / PROFILE_FILE_NAME).is_file():
            profiles.extend(sorted(p.parent for p in path.glob(f"*/{PROFILE_FILE_NAME}")))
        else:
            profiles.append(path)
    return profiles


def output_folder(out: Path, profile: Path) -> Path:
    """Where one profile of a batch writes: a folder named after it."""
    return out / (profile.name if profile.is_dir() else profile.stem)


def build_many(
    options: BuildOptions,
    profiles: list[Path],
    on_outcome: Callable[[Outcome, int], None],
    workers: int | None = None,
) -> list[Outcome]:
    """Build every profile with `options`; `on_outcome` hears of each as it ends, with the
    count so far. Returns the outcomes in the order of `profiles`."""
    from . import pdf  # noqa: F401  (loaded once here, inherited by every worker)

    workers = max(1, min(workers or os.cpu_count() or 1, len(profiles)))
    outcomes: dict[Path, Outcome] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(build_one, replace(options, profile=profile,
                                           out=output_folder(options.out, profile))): profile
            for profile in profiles
        }
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes[futures[future]] = outcome
            on_outcome(outcome, done)
    return [outcomes[profile] for profile in profiles]


def build_one(options: BuildOptions) -> Outcome:
    """One profile's build, in a worker: every exception becomes part of its outcome."""
    try:
        result = build(options)
    except ResumeError as error:
        return Outcome(options.profile, errors=tuple(str(p) for p in error.problems))
    except Exception as error:  # a bug: reported with the profile, the batch goes on
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return Outcome(options.profile, errors=(f"internal error: {detail}",))
    return Outcome(
        options.profile,
        files=tuple((built.path, built.page_count, built.size) for built in result.files),
        warnings=tuple(str(problem) for problem in result.warnings),
    )
