"""Writing files so that a failure never leaves half of one, nor half of a set.

`write_atomically` replaces one file. `write_set` replaces the files of a build together,
through a journal in their folder:

1. stage: each new file is written in full beside its final name, as `.NAME.resume-PID.new`,
   and synced; each file it will replace gets a second name, a hard link
   `.NAME.resume-PID.old` (a copy where links are not allowed);
2. commit: a journal, `.resume-set.journal`, naming every file with the SHA-256 of its new
   content, is written, synced and renamed into place;
3. publish: each staged file is renamed over its final name; then the journal goes, and
   the second names.

A failure before the commit (a full disk, a folder where a file should go, no permission)
removes what was staged: the old files were never touched. A failure while publishing puts
the old files back from their second names. A process killed after the commit leaves the
journal behind, and `recover`, which every build runs on its folder first, finishes the set
when every new file is there (staged, or already in place), or else puts every old file
back. So between such a kill and the next build a reader of the folder may see some new
files and some old; from the next build on it holds one whole set. A lock on the folder
(flock) keeps two builds from publishing into it at once, and `recover` away from a live
build's journal.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ResumeError, display_path

JOURNAL = ".resume-set.journal"
_OWN = re.compile(r"\.(?P<name>.+)\.resume-(?P<pid>\d+)\.(?:new|old)")
# Builds before sets wrote each output through `.NAME.PID.tmp`; NAME is one of the file
# kinds a build writes, so no other program's temporary file is taken for one of ours.
_EARLIER = re.compile(r"\.(?P<name>.+\.(?:pdf|html|png|txt|md))\.(?P<pid>\d+)\.tmp")
# A folder's lock is held for the few milliseconds of a publish; longer means a build
# that is stopped, not slow.
LOCK_PATIENCE_SECONDS = 30.0

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "a folder is in its place",
    errno.ENOTDIR: "a file is where a folder should be",
}


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to `path` so that readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_set(folder: Path, files: Mapping[str, bytes]) -> None:
    """Replace the files of `folder` that `files` names (file name to content) all together:
    every one, or, when any cannot be written, none. Raise `ResumeError`, naming the path,
    when they cannot be written."""
    for name in files:
        if not _is_plain_name(name):
            raise ValueError(f"not a file name of its own: {name!r}")
    with _user_errors():
        _make_folder(folder)
        with _locked(folder) as directory:
            _recover(folder, directory)
            entries = _stage(folder, directory, files)
            _publish(folder, directory, entries)


def recover(folder: Path) -> None:
    """Make `folder` hold one whole set again after a build was killed while publishing,
    and remove the temporary files of builds that are gone. Raise `ResumeError` when
    `folder` is a file; leave a folder that does not exist as it is."""
    if not os.path.lexists(folder):
        return
    if not folder.is_dir():
        raise not_a_folder(folder)
    with _user_errors(), _locked(folder) as directory:
        _recover(folder, directory)


@dataclass
class _Entry:
    """One file of a set, by names inside its folder."""

    name: str
    staged: str
    backup: str | None  # None: no file had the name before
    sha256: str


class _Failure(Exception):
    """An OSError at a path the user knows, and what it left behind."""

    def __init__(self, path: Path, error: OSError, consequence: str):
        super().__init__(path, error)
        self.path, self.error, self.consequence = path, error, consequence


@contextmanager
def _at(path: Path, consequence: str = "the files already there are unchanged") -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise _Failure(path, error, consequence) from error


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except _Failure as failure:
        reason = _REASONS.get(failure.error.errno) or failure.error.strerror or str(failure.error)
        raise ResumeError(f"cannot write {display_path(failure.path)}: {reason}; "
                          f"{failure.consequence}") from None


def not_a_folder(folder: Path) -> ResumeError:
    """The refusal to write into `folder`, which is a file."""
    return ResumeError(f"cannot write into {display_path(folder)}: it is a file, not a folder")


def _make_folder(folder: Path) -> None:
    if os.path.lexists(folder) and not folder.is_dir():
        raise not_a_folder(folder)
    with _at(folder, "nothing was written"):
        folder.mkdir(parents=True, exist_ok=True)


@contextmanager
def _locked(folder: Path) -> Iterator[int]:
    """The folder, opened and locked for this process alone; its descriptor also syncs it."""
    with _at(folder):
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + LOCK_PATIENCE_SECONDS
        with _at(folder):
            while True:
                try:
                    fcntl.flock(directory, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ResumeError(
                            f"another build has been writing into {display_path(folder)} "
                            f"for {LOCK_PATIENCE_SECONDS:.0f} s; stop it or wait for it, "
                            "then build again") from None
                    time.sleep(0.02)
                except OSError as error:
                    # A file system without locks: sets are still whole, but two builds
                    # into the folder at once are the user's to avoid.
                    if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                        raise
                    break
        yield directory
    finally:
        os.close(directory)  # which releases the lock


def _stage(folder: Path, directory: int, files: Mapping[str, bytes]) -> list[_Entry]:
    """Every new file written and synced, every old one given a second name, and the
    journal committed; on any failure, nothing of it is left."""
    for name in files:
        _check_replaceable(folder / name)
    pid = os.getpid()
    entries: list[_Entry] = []
    journal = folder / f".{JOURNAL[1:]}.resume-{pid}.new"
    try:
        for name, content in files.items():
            final = folder / name
            entry = _Entry(name, f".{name}.resume-{pid}.new", None,
                           hashlib.sha256(content).hexdigest())
            entries.append(entry)
            with _at(final):
                _write_synced(folder / entry.staged, content)
                if os.path.lexists(final):
                    entry.backup = f".{name}.resume-{pid}.old"
                    _second_name(final, folder / entry.backup)
        with _at(folder):
            os.fsync(directory)  # the staged files and second names exist before the journal
            text = json.dumps({"files": [asdict(entry) for entry in entries]}, indent=1)
            _write_synced(journal, text.encode("utf-8"))
            os.replace(journal, folder / JOURNAL)
            os.fsync(directory)
    except BaseException:
        for name in (JOURNAL, journal.name):
            with suppress(OSError):
                (folder / name).unlink(missing_ok=True)
        _remove_leftovers(folder, entries)
        raise
    return entries


def _publish(folder: Path, directory: int, entries: list[_Entry]) -> None:
    """Each staged file renamed over its final name; on a failure, the old files back."""
    try:
        for entry in entries:
            with _at(folder / entry.name):
                os.replace(folder / entry.staged, folder / entry.name)
        with _at(folder):
            os.fsync(directory)
    except BaseException as failure:
        try:
            _undo(folder, directory, entries)
        except OSError:
            if isinstance(failure, _Failure):
                failure.consequence = (f"{display_path(folder)} holds part of the new files: "
                                       "the next build into it completes them or puts the "
                                       "old ones back")
        raise
    _finish(folder, entries)


def _recover(folder: Path, directory: int) -> None:
    """A journal left by a killed build is carried forward or undone; then the temporary
    files of builds that are gone are removed."""
    consequence = ("an interrupted build's files are left for the next build to complete "
                   "or undo")
    journal = folder / JOURNAL
    if os.path.lexists(journal):
        entries = _read_journal(journal)
        with _at(folder, consequence):
            if all(_new_file_present(folder, entry) for entry in entries):
                for entry in entries:
                    if os.path.lexists(folder / entry.staged):
                        os.replace(folder / entry.staged, folder / entry.name)
                os.fsync(directory)
                _finish(folder, entries)
            else:
                _undo(folder, directory, entries)
    with _at(folder):
        names = os.listdir(folder)
    for name in names:
        own = _OWN.fullmatch(name)
        match = own or _EARLIER.fullmatch(name)
        # This process holds the lock and is in no set of its own: its files are stale too.
        if match and (not process_alive(int(match["pid"]))
                      or (own and int(own["pid"]) == os.getpid())):
            with suppress(OSError):  # a stale file that stays is harmless: try next time
                (folder / name).unlink()


def _undo(folder: Path, directory: int, entries: list[_Entry]) -> None:
    """The old files put back under their names, the new ones that had none removed."""
    for entry in entries:
        final = folder / entry.name
        if entry.backup and os.path.lexists(folder / entry.backup):
            # A rename between two names of one file does nothing: the second name goes below.
            os.replace(folder / entry.backup, final)
        elif (entry.backup is None and not os.path.lexists(folder / entry.staged)
              and _digest(final) == entry.sha256):
            final.unlink()
    os.fsync(directory)
    (folder / JOURNAL).unlink()
    _remove_leftovers(folder, entries)


def _finish(folder: Path, entries: list[_Entry]) -> None:
    """The set is published: the journal and the second names go. What cannot be removed
    now is stale, and the next build into the folder removes it."""
    with suppress(OSError):
        (folder / JOURNAL).unlink(missing_ok=True)
    _remove_leftovers(folder, entries)


def _remove_leftovers(folder: Path, entries: list[_Entry]) -> None:
    for entry in entries:
        for name in (entry.staged, entry.backup):
            if name:
                with suppress(OSError):
                    (folder / name).unlink(missing_ok=True)


def _read_journal(journal: Path) -> list[_Entry]:
    unreadable = ResumeError(
        f"{display_path(journal)} is not a journal of this program: the files beside it may "
        "come from two builds. Remove it and build again")
    try:
        records = json.loads(journal.read_text(encoding="utf-8"))["files"]
        entries = [_Entry(**record) for record in records]
    except (OSError, ValueError, KeyError, TypeError):
        raise unreadable from None
    names = [n for entry in entries for n in (entry.name, entry.staged, entry.backup) if n]
    if not all(isinstance(name, str) and _is_plain_name(name) for name in names):
        raise unreadable
    return entries


def _new_file_present(folder: Path, entry: _Entry) -> bool:
    """Whether the new content of `entry` is on disk: staged, or already renamed."""
    staged = folder / entry.staged
    present = staged if os.path.lexists(staged) else folder / entry.name
    return _digest(present) == entry.sha256


def _check_replaceable(final: Path) -> None:
    with _at(final):
        try:
            mode = os.lstat(final).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(final))
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise ResumeError(f"cannot write {display_path(final)}: something other than a "
                              "file is in its place; the files already there are unchanged")


def _write_synced(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        remaining = memoryview(content)
        while remaining:
            remaining = remaining[os.write(descriptor, remaining):]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _second_name(final: Path, backup: Path) -> None:
    """`backup` as another name of `final` (a link, or itself a link), else a copy of it."""
    try:
        os.link(final, backup, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
        if final.is_symlink():
            os.symlink(os.readlink(final), backup)
        else:
            _write_synced(backup, final.read_bytes())


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file's content, or None for anything else."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def process_alive(pid: int) -> bool:
    """Whether a process numbered `pid` runs (a stale file's or folder's owner)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except (OverflowError, ValueError):  # no process can have such a number
        return False
    return True


def _is_plain_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\0")
