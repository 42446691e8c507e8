"""The files of a build replace the previous ones all together or not at all, whatever
fails and whenever the process is killed; batches never share an output folder."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import random
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from conftest import FIXED_EPOCH, MINIMAL_PROFILE, PROJECT, run_build, write_profile
from resume.batch import output_folders, profiles_in
from resume.errors import ResumeError
from resume.files import JOURNAL, recover, write_set

NEW_PROFILE = (MINIMAL_PROFILE.replace("构建调度系统", "构建新的调度系统")
               .replace("Built a scheduler", "Built a new scheduler"))
NEW_FORMATS = ("--format", "pdf,txt")  # the new set has files the old one has not
SUBPROCESS_DEADLINE = 120  # seconds: a child that takes longer has hung

# What a child process runs before the code it is given: every change to the disk made
# through these functions is counted, and the process SIGKILLs itself just before the
# STEP-th, once armed (from the first change, or when the build starts writing its files).
KILLER = """
import os, signal, sys

def arm(step):
    left = [step]
    def counted(real):
        def call(*args, **kwargs):
            left[0] -= 1
            if left[0] == 0:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call
    for name in ("open", "write", "fsync", "link", "symlink", "replace", "unlink"):
        setattr(os, name, counted(getattr(os, name)))
"""
WRITE_SET_KILLED = KILLER + """
from pathlib import Path
from resume.files import recover, write_set
step, action, folder, source = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
files = {path.name: path.read_bytes() for path in sorted(Path(source).iterdir())}
arm(step)
write_set(folder, files) if action == "write" else recover(folder)
"""
# A child that writes a set and says so on standard output when it finds the folder locked:
# proof that it waits for the lock, where a pause could only guess how long starting takes.
WRITE_SET_WAITING = """
import fcntl, sys
from pathlib import Path
from resume.files import write_set
folder, source = Path(sys.argv[1]), Path(sys.argv[2])
files = {path.name: path.read_bytes() for path in sorted(source.iterdir())}
real_flock, said = fcntl.flock, []
def flock(descriptor, operation):
    try:
        return real_flock(descriptor, operation)
    except BlockingIOError:
        if not said:
            print("waiting", flush=True)
            said.append(True)
        raise
fcntl.flock = flock
write_set(folder, files)
"""
BUILD_KILLED = KILLER + """
import resume.build
from resume.cli import build_script_main
step, arguments = int(sys.argv[1]), sys.argv[2:]
write_set = resume.build.write_set
def write_set_armed(*args, **kwargs):
    arm(step)
    return write_set(*args, **kwargs)
resume.build.write_set = write_set_armed
sys.exit(build_script_main(arguments))
"""


def child(code: str, *arguments: str | Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return subprocess.run([sys.executable, "-c", code, *map(str, arguments)], cwd=PROJECT,
                          env=environment, capture_output=True, text=True,
                          timeout=SUBPROCESS_DEADLINE)


def snapshot(folder: Path) -> dict[str, str]:
    """Every name in `folder`, hidden ones too, with the SHA-256 of its content."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.iterdir()}


def place(source: Path, folder: Path) -> None:
    """`folder` holding exactly the files of `source`."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder)


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The profile of the new set, and the old and new sets as built into folders of
    their own: the new one has other PDFs, and text files the old one lacks."""
    root = tmp_path_factory.mktemp("sets")
    write_profile(root / "old-profile", MINIMAL_PROFILE)
    new_profile = root / "new-profile"
    write_profile(new_profile, NEW_PROFILE)
    assert run_build("--profile", root / "old-profile", "--out", root / "old").returncode == 0
    assert run_build("--profile", new_profile, *NEW_FORMATS, "--out",
                     root / "new").returncode == 0
    return new_profile, root / "old", root / "new"


def test_the_sets_differ_in_every_file(sets):
    _, old, new = sets
    assert sorted(snapshot(old)) == ["xiaoming-wang-en.pdf", "xiaoming-wang-zh.pdf"]
    assert sorted(snapshot(new)) == ["xiaoming-wang-en.pdf", "xiaoming-wang-en.txt",
                                     "xiaoming-wang-zh.pdf", "xiaoming-wang-zh.txt"]
    assert not set(snapshot(old).values()) & set(snapshot(new).values())


# --- failures in the process: every step of a write, one at a time -------------------------

DISK_CHANGES = ("open", "write", "fsync", "link", "symlink", "replace", "unlink")


@contextmanager
def disk_full_from(
    step: int, *, lasting: bool, code: int = errno.ENOSPC
) -> Iterator[list[bool]]:
    """The STEP-th change to the disk fails with ENOSPC, or `code` (and, if `lasting`,
    every one after it); the list yielded says whether any failed."""
    calls, fired = [0], [False]
    originals = {name: getattr(os, name) for name in DISK_CHANGES}

    def failing(real):
        def call(*args, **kwargs):
            calls[0] += 1
            if calls[0] == step or (lasting and calls[0] > step):
                fired[0] = True
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)
        return call

    for name, real in originals.items():
        setattr(os, name, failing(real))
    try:
        yield fired
    finally:
        for name, real in originals.items():
            setattr(os, name, real)


def test_a_full_disk_at_any_step_leaves_the_old_set_byte_for_byte(sets, tmp_path):
    _, old, new = sets
    files = {path.name: path.read_bytes() for path in new.iterdir()}
    folder = tmp_path / "out"
    failures = 0
    for step in range(1, 200):
        place(old, folder)
        with disk_full_from(step, lasting=False) as fired:
            try:
                write_set(folder, files)
                error = None
            except ResumeError as raised:
                error = str(raised)
        if not fired[0]:
            assert snapshot(folder) == snapshot(new)
            break
        if error is None:  # only removing what the set no longer needs failed
            recover(folder)
            assert snapshot(folder) == snapshot(new), step
        else:
            failures += 1
            assert snapshot(folder) == snapshot(old), (step, error)
            assert error.startswith(f"cannot write {os.path.relpath(folder)}"), error
            assert "the disk is full; the files already there are unchanged" in error
    else:
        pytest.fail("the write never ended")
    assert failures >= 2 * len(files)  # staging alone changes the disk twice a file


def test_a_disk_that_stays_full_leaves_one_whole_set_for_the_next_build(sets, tmp_path):
    _, old, new = sets
    files = {path.name: path.read_bytes() for path in new.iterdir()}
    folder = tmp_path / "out"
    outcomes = set()
    for step in range(1, 200):
        place(old, folder)
        with disk_full_from(step, lasting=True) as fired, suppress(ResumeError):
            write_set(folder, files)
        if not fired[0]:
            break
        recover(folder)
        state = snapshot(folder)
        assert state in (snapshot(old), snapshot(new)), step
        outcomes.add("new" if state == snapshot(new) else "old")
    assert outcomes == {"old", "new"}


@pytest.mark.parametrize(("code", "reason"), [
    (errno.EACCES, "permission denied"), (errno.EROFS, "the file system is read-only"),
    (errno.EDQUOT, "the disk quota is used up"), (errno.EIO, "Input/output error"),
])
def test_each_failure_to_write_names_the_file_and_why(sets, tmp_path, code, reason):
    _, old, new = sets
    folder = tmp_path / "out"
    place(old, folder)
    files = {path.name: path.read_bytes() for path in sorted(new.iterdir())}
    # The first change opens the folder to lock it; the second starts the first new file.
    with disk_full_from(2, lasting=False, code=code), pytest.raises(ResumeError) as raised:
        write_set(folder, files)
    assert str(raised.value) == (f"cannot write {os.path.relpath(folder)}/xiaoming-wang-en.pdf: "
                                 f"{reason}; the files already there are unchanged")
    assert snapshot(folder) == snapshot(old)


# --- real failures, from the command line ---------------------------------------------------

def test_a_folder_in_place_of_a_file_stops_the_build_before_any_change(sets, tmp_path):
    new_profile, old, _ = sets
    out = tmp_path / "out"
    place(old, out)
    (out / "xiaoming-wang-en.pdf").unlink()
    (out / "xiaoming-wang-en.pdf").mkdir()
    (out / "xiaoming-wang-en.pdf" / "keep.txt").write_text("mine")
    chinese = (out / "xiaoming-wang-zh.pdf").read_bytes()
    run = run_build("--profile", new_profile, "--out", out, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == ("error: cannot write out/xiaoming-wang-en.pdf: a folder is in its "
                          "place; the files already there are unchanged\n")
    assert (out / "xiaoming-wang-zh.pdf").read_bytes() == chinese
    assert [path.name for path in (out / "xiaoming-wang-en.pdf").iterdir()] == ["keep.txt"]
    assert sorted(path.name for path in out.iterdir()) == ["xiaoming-wang-en.pdf",
                                                           "xiaoming-wang-zh.pdf"]


def test_out_naming_a_file_is_one_clear_error(sets, tmp_path):
    new_profile, _, _ = sets
    (tmp_path / "out").write_text("not a folder")
    for out in ("out", "out/deeper"):
        run = run_build("--profile", new_profile, "--out", out, cwd=tmp_path)
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stderr
        assert run.stderr in (
            "error: cannot write into out: it is a file, not a folder\n",
            "error: cannot write out/deeper: a file is where a folder should be; nothing was "
            "written\n")
    assert (tmp_path / "out").read_text() == "not a folder"


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A tmpfs of 1 MiB of its own (needs root and a system that allows the mount)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount_point],
                             capture_output=True, text=True, timeout=30)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", mount_point], capture_output=True, timeout=30)


def fill(disk: Path, leaving: int) -> None:
    """Fill `disk` up to `leaving` bytes."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as file:
        try:
            while file.write(b"\0" * 65536):
                pass
        except OSError as error:
            assert error.errno == errno.ENOSPC
    os.truncate(filler, max(0, filler.stat().st_size - leaving))
    assert os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize <= leaving


def test_a_really_full_disk_leaves_the_old_set_byte_for_byte(sets, small_disk):
    new_profile, old, new = sets
    out = small_disk / "out"
    place(old, out)
    before = snapshot(out)
    # Room for the new Chinese PDF (pages of 4 kB), not for the English one after it.
    fill(small_disk, (len((new / "xiaoming-wang-zh.pdf").read_bytes()) // 4096 + 2) * 4096)
    run = run_build("--profile", new_profile, "--out", out, cwd=small_disk)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr == ("error: cannot write out/xiaoming-wang-en.pdf: the disk is full; "
                          "the files already there are unchanged\n")
    assert snapshot(out) == before


def test_a_read_only_folder_is_one_clear_error(sets, small_disk):
    new_profile, old, _ = sets
    out = small_disk / "out"
    place(old, out)
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", small_disk], check=True, timeout=30)
    run = run_build("--profile", new_profile, "--out", out, cwd=small_disk)
    assert run.returncode == 1
    assert run.stderr == ("error: cannot write out/xiaoming-wang-zh.pdf: the file system is "
                          "read-only; the files already there are unchanged\n")
    assert snapshot(out) == before


# --- kills ---------------------------------------------------------------------------------

def test_a_write_killed_at_any_step_leaves_old_or_new_for_the_next_build(sets, tmp_path):
    """Every step of a set's write, and a recovery itself killed at a seeded step."""
    _, old, new = sets
    folder = tmp_path / "out"
    seeded = random.Random(20240601)
    mixed_before_recovery = recovered_twice = 0
    for step in range(1, 200):
        place(old, folder)
        killed = child(WRITE_SET_KILLED, step, "write", folder, new)
        if killed.returncode == 0:
            assert snapshot(folder) == snapshot(new)
            break
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        finals = {name: digest for name, digest in snapshot(folder).items()
                  if not name.startswith(".")}
        mixed_before_recovery += finals not in (snapshot(old), snapshot(new))
        if (folder / JOURNAL).exists():
            recovery = child(WRITE_SET_KILLED, seeded.randint(1, 12), "recover", folder, new)
            assert recovery.returncode in (0, -signal.SIGKILL), recovery.stderr
            recovered_twice += recovery.returncode != 0
        recover(folder)
        assert snapshot(folder) in (snapshot(old), snapshot(new)), step
    else:
        pytest.fail("the write never ended")
    assert mixed_before_recovery and recovered_twice  # the dangerous moments were reached


def test_builds_killed_at_seeded_moments_leave_old_or_new_for_the_next_build(sets, tmp_path):
    new_profile, old, new = sets
    broken = tmp_path / "broken"
    write_profile(broken, MINIMAL_PROFILE.replace("start: 2020-01", "start: 2020-13"))
    out = tmp_path / "out"
    seeded = random.Random(7)
    outcomes = []
    for _ in range(6):
        place(old, out)
        step = seeded.randint(1, 40)
        killed = child(BUILD_KILLED, step, "--profile", new_profile, *NEW_FORMATS, "--out", out)
        assert killed.returncode in (0, -signal.SIGKILL), killed.stderr
        # The next build into the folder puts it right first, even when it then fails.
        run = run_build("--profile", broken, "--out", out)
        assert run.returncode == 1 and "is not a date" in run.stderr
        state = snapshot(out)
        assert state in (snapshot(old), snapshot(new)), step
        outcomes.append((step, killed.returncode, state == snapshot(new)))
    assert any(killed == -signal.SIGKILL for _, killed, _ in outcomes)


def test_stale_temporary_files_of_dead_builds_are_removed(sets, tmp_path):
    new_profile, old, new = sets
    out = tmp_path / "out"
    place(old, out)
    dead = subprocess.Popen(["true"])
    dead.wait(timeout=30)
    stale = [f".xiaoming-wang-zh.pdf.{dead.pid}.tmp",  # the earlier builds' temporary files
             f".xiaoming-wang-en.pdf.resume-{dead.pid}.new",
             f".xiaoming-wang-en.pdf.resume-{dead.pid}.old",
             f".resume-set.journal.resume-{dead.pid}.new"]
    kept = [f".xiaoming-wang-zh.pdf.{os.getpid()}.tmp",  # a live process's
            f".notes.{dead.pid}.tmp"]  # not a name of ours
    for name in stale + kept:
        (out / name).write_bytes(b"partial")
    run = run_build("--profile", new_profile, *NEW_FORMATS, "--out", out)
    assert run.returncode == 0, run.stderr
    assert sorted(snapshot(out)) == sorted([*snapshot(new), *kept])


def test_a_journal_that_is_not_ours_is_a_clear_error(tmp_path):
    (tmp_path / JOURNAL).write_text('{"files": [{"name": "../escape"}]}')
    with pytest.raises(ResumeError, match="is not a journal of this program"):
        recover(tmp_path)


def test_a_second_writer_waits_for_the_first(sets, tmp_path):
    _, old, new = sets
    folder = tmp_path / "out"
    place(old, folder)
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(directory, fcntl.LOCK_EX)  # as a build that is publishing holds it
        environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITE_SET_WAITING, folder, new],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([writer.stdout], [], [], SUBPROCESS_DEADLINE)
        said = writer.stdout.readline() if ready else "nothing in time"
        assert said == "waiting\n", f"the writer said {said!r}, not that it waits for the lock"
        assert snapshot(folder) == snapshot(old)
    finally:
        os.close(directory)
    assert writer.wait(timeout=SUBPROCESS_DEADLINE) == 0, writer.stderr.read()
    assert snapshot(folder) == snapshot(new)


# --- batches --------------------------------------------------------------------------------

def test_profiles_of_the_same_name_are_built_into_folders_of_their_own(tmp_path):
    write_profile(tmp_path / "a" / "me", MINIMAL_PROFILE)
    write_profile(tmp_path / "b" / "me", MINIMAL_PROFILE.replace("Xiaoming Wang", "Li Lei"))
    run = run_build("--profile", "b/me", "a/me", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(path.relative_to(tmp_path / "out").as_posix()
                  for path in (tmp_path / "out").rglob("*.pdf")) == [
        "a/me/xiaoming-wang-en.pdf", "b/me/li-lei-en.pdf"]
    assert "a/me: into out/a/me, as another profile has the same name" in run.stderr
    assert "b/me: into out/b/me, as another profile has the same name" in run.stderr


def test_batch_folders_are_decided_by_the_paths_not_their_order(tmp_path):
    profiles = [tmp_path / "x" / "a" / "me", tmp_path / "y" / "a" / "Me",
                tmp_path / "b" / "you", tmp_path / "c" / "me.yaml"]
    for profile in profiles[:3]:
        write_profile(profile, MINIMAL_PROFILE)
    profiles[3].parent.mkdir()
    profiles[3].write_text(MINIMAL_PROFILE, encoding="utf-8")
    out = Path("out")
    expected = {profiles[0]: out / "x" / "a" / "me", profiles[1]: out / "y" / "a" / "Me",
                profiles[2]: out / "you", profiles[3]: out / "c" / "me"}
    assert output_folders(out, profiles) == expected
    assert output_folders(out, profiles[::-1]) == expected
    assert len(set(expected.values())) == len(profiles)


def test_profiles_that_nothing_tells_apart_are_refused_before_building(tmp_path):
    write_profile(tmp_path / "x" / "me", MINIMAL_PROFILE)
    (tmp_path / "x" / "me.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    run = run_build("--profile", "x/me", "x/me.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == ("error: x/me and x/me.yaml would be built into one folder, out/me, "
                          "as their names differ only in case or in a file ending; rename "
                          "one, or build them separately\n")
    assert not (tmp_path / "out").exists()


def test_a_profile_named_twice_is_built_once(tmp_path):
    profile = tmp_path / "me"
    write_profile(profile, MINIMAL_PROFILE)
    assert profiles_in([profile, profile, profile / "profile.yaml", tmp_path / "me" / "."]) == [
        profile]
