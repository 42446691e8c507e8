"""Many profiles at once, on every core: one failure does not stop the others.

Each profile is built by `build.build`, into a folder of its own under the output folder
(`output_folders`: never one folder for two profiles), in one process (the batch already
keeps every core busy): this one, or a worker forked after WeasyPrint is loaded, so that
none pays for loading it again (`parallel.run_queue`: each process takes the next profile
when it is free). Each process loads a theme and the fonts once for all the profiles it
builds.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .build import BuildOptions, build, load_pdf_module
from .errors import ResumeError, display_path, os_problem
from .load import PROFILE_FILE_NAME
from .parallel import run_queue, usable_cores


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
    profile.yaml of its own, every folder in it that does. A profile named twice is taken
    once (two builds of it would write into one folder)."""
    profiles: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / PROFILE_FILE_NAME).is_file():
            profiles.extend(sorted(p.parent for p in path.glob(f"*/{PROFILE_FILE_NAME}")))
        else:
            profiles.append(path)
    unique: dict[Path, Path] = {}
    for profile in profiles:
        document = profile / PROFILE_FILE_NAME if profile.is_dir() else profile
        unique.setdefault(document.resolve(), profile)
    return list(unique.values())


def output_folders(out: Path, profiles: list[Path]) -> dict[Path, Path]:
    """Where each profile of a batch writes: OUT/NAME, after its folder's name (or its
    file's, without .yaml). A profile whose name another has too, ignoring case as some file
    systems do, writes into OUT/PARENT/NAME instead, with as few of its parent folders as
    tell it apart from the others (a/me and b/me: OUT/a/me and OUT/b/me), whatever the
    order the profiles come in. Profiles that nothing tells apart are refused."""
    by_name: dict[str, list[Path]] = {}
    for profile in profiles:
        by_name.setdefault(_name(profile).casefold(), []).append(profile)
    folders: dict[Path, Path] = {}
    for group in by_name.values():
        if len(group) == 1:
            folders[group[0]] = out / _name(group[0])
            continue
        parts = {profile: (*profile.resolve().parent.parts[1:], _name(profile))
                 for profile in group}
        longest = max(len(p) for p in parts.values())
        for profile in group:
            others = [_folded(parts[other]) for other in group if other != profile]
            own = _folded(parts[profile])
            depth = next((depth for depth in range(2, longest + 1)
                          if all(own[-depth:] != other[-depth:] for other in others)), None)
            if depth is None:
                twin = next(other for other in group
                            if other != profile and _folded(parts[other]) == own)
                first, second = sorted((profile, twin))
                raise ResumeError(
                    f"{display_path(first)} and {display_path(second)} would be built into "
                    f"one folder, {display_path(out / _name(first))}, as their names differ "
                    "only in case or in a file ending; rename one, or build them separately")
            folders[profile] = out.joinpath(*parts[profile][-depth:])
    return {profile: folders[profile] for profile in profiles}


def _name(profile: Path) -> str:
    return profile.name if profile.is_dir() else profile.stem


def _folded(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.casefold() for part in parts)


def build_many(
    options: BuildOptions,
    folders: dict[Path, Path],
    on_outcome: Callable[[Outcome, int], None],
    workers: int | None = None,
) -> list[Outcome]:
    """Build every profile of `folders` (`output_folders`: each profile's output folder)
    with `options`; `on_outcome` hears of each as it ends, with the count so far. Returns
    the outcomes in the order of `folders`."""
    load_pdf_module()  # loaded once here, inherited by every worker
    profiles = list(folders)
    builds = [partial(build_one, replace(options, profile=profile, out=folders[profile],
                                         jobs=1)) for profile in profiles]
    outcomes: dict[int, Outcome] = {}

    def ended(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        on_outcome(outcome, len(outcomes))

    def lost(index: int, why: str) -> Outcome:
        return Outcome(profiles[index], errors=(
            f"the process building it {why}; build this profile alone to see why",))

    run_queue(builds, workers or usable_cores(), ended, lost)
    return [outcomes[index] for index in range(len(profiles))]


def build_one(options: BuildOptions) -> Outcome:
    """One profile's build, in a worker: every exception becomes part of its outcome."""
    try:
        result = build(options)
    except ResumeError as error:
        return Outcome(options.profile, errors=tuple(str(p) for p in error.problems))
    except OSError as error:  # the system refused: a full disk, a path that is not a folder
        return Outcome(options.profile, errors=(str(os_problem(error, writing=options.out)),))
    except Exception as error:  # a bug: reported with the profile, the batch goes on
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return Outcome(options.profile, errors=(f"internal error: {detail}",))
    return Outcome(
        options.profile,
        files=tuple((built.path, built.page_count, built.size) for built in result.files),
        warnings=tuple(str(problem) for problem in result.warnings),
    )
