"""Languages laid out on several cores: the same files, byte for byte, as one process makes;
the same errors; and a worker that fails, dies or hangs ends the build with a message within
a bounded time, never leaving a worker behind or half a set of files. A batch's queue runs
every profile once, and a profile whose worker dies or hangs fails alone. And a build loads
no library that only formats, languages or commands it does not use need."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from functools import partial
from pathlib import Path

import pytest

import resume.parallel
from conftest import FIXED_EPOCH, MINIMAL_PROFILE, PROJECT, run_build, write_profile
from resume.cli import main
from resume.errors import Location, Problem, ResumeError
from resume.parallel import RemoteTraceback, WorkerFailed, can_fork, run_tasks

THEMES = ("classic", "modern", "compact")
SUBPROCESS_DEADLINE = 120  # seconds: a build that takes longer has hung
# English long enough that no shrinking fits it on one page; Chinese that fits at once.
LONG_ENGLISH = "Built and ran the scheduling platform for every team of the company. " * 25
OVERFLOWING_EN = MINIMAL_PROFILE + "".join(
    f"      - {{zh: 构建调度系统{n}, en: {LONG_ENGLISH}}}\n" for n in range(6))
OVERFLOWING_BOTH = MINIMAL_PROFILE + "".join(
    f"      - {{zh: {'构建调度系统并负责全公司的容量规划与成本优化。' * 40}, en: {LONG_ENGLISH}}}\n"
    for _ in range(6))

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="workers are forked on Linux only")


@pytest.fixture(scope="module")
def new_profile(tmp_path_factory) -> Path:
    """The profile `resume new` writes: every section, a photo, a target, a page budget."""
    folder = tmp_path_factory.mktemp("new") / "me"
    assert main(["new", str(folder)]) == 0
    return folder


def build_with_jobs(jobs: int, *arguments: str | Path, monkeypatch) -> tuple[object, dict]:
    """A build in a fresh process with RESUME_JOBS=`jobs`: its run, and every file it wrote
    (name to bytes)."""
    monkeypatch.setenv("RESUME_JOBS", str(jobs))
    out = Path(arguments[arguments.index("--out") + 1])
    run = run_build(*arguments)
    files = {path.name: path.read_bytes() for path in sorted(out.iterdir())} if out.exists() else {}
    return run, files


def same_in_both(tmp_path, monkeypatch, *arguments: str | Path) -> dict[str, bytes]:
    """Build with two processes and with one; both must succeed with the same report and
    the same files, byte for byte. The files."""
    parallel, parallel_files = build_with_jobs(2, *arguments, "--out", tmp_path / "two",
                                               monkeypatch=monkeypatch)
    single, single_files = build_with_jobs(1, *arguments, "--out", tmp_path / "one",
                                           monkeypatch=monkeypatch)
    assert parallel.returncode == single.returncode == 0, parallel.stderr + single.stderr
    assert parallel.stdout.replace("/two/", "/one/") == single.stdout
    assert parallel.stderr == single.stderr
    assert sorted(parallel_files) == sorted(single_files)
    for name, content in single_files.items():
        assert parallel_files[name] == content, f"{name} differs"
    return single_files


# --- the same files -------------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_every_format_on_both_papers_is_the_same_in_parallel(theme, new_profile, tmp_path,
                                                              monkeypatch):
    files = same_in_both(tmp_path, monkeypatch, "--profile", new_profile, "--theme", theme,
                         "--paper", "a4,letter", "--format", "pdf,html,txt,md,docx")
    # Four outputs over two processes: each process makes two, one after the other.
    assert sorted(name for name in files if name.endswith(".pdf")) == [
        "xiaoming-wang-en-letter.pdf", "xiaoming-wang-en.pdf",
        "xiaoming-wang-zh-letter.pdf", "xiaoming-wang-zh.pdf"]
    assert {name.rsplit(".", 1)[1] for name in files} == {"pdf", "html", "txt", "md", "docx"}


@pytest.mark.parametrize("theme", THEMES)
def test_a_target_fitted_to_one_page_is_the_same_in_parallel(theme, new_profile, tmp_path,
                                                              monkeypatch):
    files = same_in_both(tmp_path, monkeypatch, "--profile", new_profile, "--theme", theme,
                         "--target", "all", "--pages", "1", "--format", "pdf,txt")
    assert sorted(files) == ["xiaoming-wang-platform-en.pdf", "xiaoming-wang-platform-en.txt",
                             "xiaoming-wang-platform-zh.pdf", "xiaoming-wang-platform-zh.txt"]


def test_the_smallest_profile_is_the_same_in_parallel(tmp_path, monkeypatch):
    write_profile(tmp_path / "profile", MINIMAL_PROFILE)
    same_in_both(tmp_path, monkeypatch, "--profile", tmp_path / "profile", "--pages", "1")


# --- the same errors ------------------------------------------------------------------------

@pytest.mark.parametrize("profile", [OVERFLOWING_EN, OVERFLOWING_BOTH],
                         ids=["in the worker", "in both processes"])
def test_a_user_error_reads_as_in_one_process(profile, tmp_path, monkeypatch):
    """English (made by the worker) does not fit one page; when Chinese does not either,
    its error is the one reported, as one process stops at it first."""
    write_profile(tmp_path / "profile", profile)
    arguments = ("--profile", tmp_path / "profile", "--pages", "1")
    parallel, parallel_files = build_with_jobs(2, *arguments, "--out", tmp_path / "two",
                                               monkeypatch=monkeypatch)
    single, single_files = build_with_jobs(1, *arguments, "--out", tmp_path / "one",
                                           monkeypatch=monkeypatch)
    assert parallel.returncode == single.returncode == 1
    assert parallel.stderr == single.stderr
    language = "en" if profile is OVERFLOWING_EN else "zh"
    assert parallel.stderr.startswith(f"error: the {language} résumé does not fit 1 page")
    assert parallel_files == single_files == {}


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_bad_resume_jobs_is_a_user_error(value, tmp_path, monkeypatch):
    write_profile(tmp_path / "profile", MINIMAL_PROFILE)
    monkeypatch.setenv("RESUME_JOBS", value)
    run = run_build("--profile", tmp_path / "profile", "--out", tmp_path / "out")
    assert run.returncode == 1
    assert run.stderr == (f'error: RESUME_JOBS is "{value}"; it must be a whole number of '
                          "processes, 1 or more (1 builds in one process)\n")


# --- what a build does not use, it does not load ------------------------------------------

# Each needed only by some formats, languages, names or commands.
OPTIONAL_MODULES = ("docx", "pypdfium2", "opencc", "pypinyin", "multiprocessing",
                    "concurrent.futures", "resume.plaintext", "resume.docx", "resume.images",
                    "resume.preview")
LOADED_AFTER_BUILD = """
import sys
from resume.cli import build_script_main
assert build_script_main(sys.argv[2:]) == 0
print("loaded:", *(name for name in sys.argv[1].split() if name in sys.modules))
"""


def test_a_pdf_build_loads_nothing_it_does_not_use(tmp_path):
    profile = write_profile(tmp_path / "profile", MINIMAL_PROFILE).parent
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "RESUME_JOBS": "1"}
    run = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER_BUILD, " ".join(OPTIONAL_MODULES),
         "--profile", str(profile), "--out", str(tmp_path / "out")],
        cwd=PROJECT, env=environment, capture_output=True, text=True,
        timeout=SUBPROCESS_DEADLINE)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "loaded:"


# --- workers that die or hang, seen from the command line ---------------------------------

# Runs build.py with `resume.build.make_output` replaced, in workers only, by WORKER_DOES.
IN_WORKERS = """
import os, signal, sys, time
from pathlib import Path
import resume.build, resume.parallel
from resume.cli import build_script_main
parent, make_output = os.getpid(), resume.build.make_output
resume.parallel.WORKER_TIMEOUT_SECONDS = float(sys.argv[1])
def worker_does():
    {action}
def make_in_worker(*args, **kwargs):
    if os.getpid() != parent:
        worker_does()
    return make_output(*args, **kwargs)
resume.build.make_output = make_in_worker
sys.exit(build_script_main(sys.argv[2:]))
"""


def run_in_workers(action: str, *arguments: str | Path, timeout: float = 60,
                   wait: bool = True) -> subprocess.Popen | subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "SOURCE_DATE_EPOCH": FIXED_EPOCH,
                   "RESUME_JOBS": "2"}
    command = [sys.executable, "-c", IN_WORKERS.format(action=action), str(timeout),
               *map(str, arguments)]
    if not wait:
        return subprocess.Popen(command, cwd=PROJECT, env=environment, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(command, cwd=PROJECT, env=environment, capture_output=True,
                          text=True, timeout=SUBPROCESS_DEADLINE)


@pytest.fixture
def previous_set(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """A profile, and a folder holding the files of its last build."""
    profile = write_profile(tmp_path / "profile", MINIMAL_PROFILE).parent
    out = tmp_path / "out"
    assert run_build("--profile", profile, "--out", out, "--format", "pdf,txt").returncode == 0
    return profile, out, {path.name: path.read_bytes() for path in out.iterdir()}


def test_a_killed_worker_stops_the_build_and_nothing_is_written(previous_set):
    profile, out, before = previous_set
    run = run_in_workers("os.kill(os.getpid(), signal.SIGKILL)", "--profile", profile,
                         "--out", out, "--format", "pdf,txt,md")
    assert run.returncode == 1
    assert run.stderr == (
        "error: the process making xiaoming-wang-en.pdf was killed (SIGKILL); nothing was "
        "written. If it ran out of memory, build one language at a time (--lang), or in one "
        "process with RESUME_JOBS=1\n")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_hung_worker_is_stopped_in_bounded_time_and_nothing_is_written(previous_set):
    profile, out, before = previous_set
    started = time.monotonic()
    run = run_in_workers("time.sleep(600)", "--profile", profile, "--out", out,
                         "--format", "pdf,md", timeout=2)
    assert time.monotonic() - started < 60
    assert run.returncode == 2
    assert ("internal error: WorkerFailed: the process making xiaoming-wang-en.pdf gave no "
            "answer in 2 s and was stopped; nothing was written") in run.stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_bug_in_a_worker_is_exit_2_with_its_traceback_under_debug(previous_set):
    profile, out, before = previous_set
    run = run_in_workers("{}['missing']", "--profile", profile, "--out", out, "--debug")
    assert run.returncode == 2
    assert "internal error: KeyError: 'missing'" in run.stderr
    assert "in the process making xiaoming-wang-en.pdf:" in run.stderr  # the worker's frames
    assert "worker_does" in run.stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_workers_die_with_the_build(previous_set, tmp_path):
    profile, out, before = previous_set
    pid_file = tmp_path / "worker.pid"
    build = run_in_workers(f"open({str(pid_file)!r}, 'w').write(str(os.getpid())); "
                           "time.sleep(600)", "--profile", profile, "--out", out, wait=False)
    try:
        deadline = time.monotonic() + SUBPROCESS_DEADLINE
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline and build.poll() is None, build.stderr.read()
            time.sleep(0.02)
        worker = int(pid_file.read_text())
        build.kill()
        build.wait(timeout=SUBPROCESS_DEADLINE)
        deadline = time.monotonic() + 10
        while alive(worker):
            assert time.monotonic() < deadline, "the worker outlived the build"
            time.sleep(0.02)
    finally:
        build.kill()
        if pid_file.exists() and pid_file.read_text():
            with suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
        build.communicate(timeout=SUBPROCESS_DEADLINE)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, which init reaps, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


# --- run_tasks itself -----------------------------------------------------------------------

@pytest.fixture(autouse=True)
def single_threaded():
    """Workers are forked only from a process without other threads."""
    if not can_fork():
        pytest.fail("the test process has threads, so nothing would run in parallel")


def test_results_come_in_order_from_several_processes():
    tasks = [lambda n=n: (n, os.getpid()) for n in range(7)]
    results = run_tasks(tasks, 3, describe=str)
    assert [n for n, _ in results] == list(range(7))
    pids = {n % 3: pid for n, pid in results}
    assert pids[0] == os.getpid() and len(set(pids.values())) == 3
    assert all(pid == pids[n % 3] for n, pid in results)  # a process takes every third


def test_one_job_runs_everything_here():
    assert run_tasks([os.getpid] * 3, 1, describe=str) == [os.getpid()] * 3


def test_where_no_process_can_be_forked_everything_runs_here(monkeypatch):
    def no_process():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process)
    tasks = [lambda n=n: (n, os.getpid()) for n in range(5)]
    assert run_tasks(tasks, 3, describe=str) == [(n, os.getpid()) for n in range(5)]


def fail(error: BaseException):
    raise error


def test_the_first_failure_in_order_wins_with_its_problems_whole():
    problem = Problem("the zh résumé does not fit", "basics.name",
                      Location(Path("profile.yaml"), 3, 9))
    tasks = [lambda: 0, lambda: fail(ResumeError([problem, Problem("and another")])),
             lambda: fail(ResumeError("later")), lambda: fail(ValueError("later still"))]
    with pytest.raises(ResumeError) as raised:
        run_tasks(tasks, 4, describe=str)
    assert raised.value.problems == [problem, Problem("and another")]


def test_a_bug_comes_back_as_the_same_exception_with_the_worker_traceback():
    def broken():
        return {}["key"]

    with pytest.raises(KeyError) as raised:
        run_tasks([lambda: 0, broken], 2, describe=lambda n: f"task {n}")
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert "in the process making task 1:" in str(cause) and "in broken" in str(cause)


class Unpicklable(Exception):
    def __init__(self, first, second):
        super().__init__(f"{first} and {second}")


def test_an_exception_that_cannot_cross_is_named_with_its_message():
    with pytest.raises(WorkerFailed, match=r"^Unpicklable: one and two$"):
        run_tasks([lambda: 0, lambda: fail(Unpicklable("one", "two"))], 2, describe=str)


def test_a_result_that_cannot_cross_is_a_bug():
    with pytest.raises(Exception, match="lambda"):
        run_tasks([lambda: 0, lambda: (lambda: 0)], 2, describe=str)


def test_a_worker_that_exits_without_reporting_is_a_bug():
    with pytest.raises(WorkerFailed, match=r"^the process making task 1 ended \(exit status "
                                           r"3\) without reporting; nothing was written$"):
        run_tasks([lambda: 0, lambda: os._exit(3)], 2, describe=lambda n: f"task {n}")


def test_a_killed_worker_is_named(tmp_path):
    pid_file = tmp_path / "pid"

    def killed():
        pid_file.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ResumeError, match=r"^the process making task 1 was killed \(SIGKILL\)"):
        run_tasks([lambda: 0, killed], 2, describe=lambda n: f"task {n}")
    assert not alive(int(pid_file.read_text()))


def test_a_hung_worker_is_killed_after_the_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(resume.parallel, "WORKER_TIMEOUT_SECONDS", 1.0)
    pid_file = tmp_path / "pid"

    def hangs():
        pid_file.write_text(str(os.getpid()))
        time.sleep(600)

    started = time.monotonic()
    with pytest.raises(WorkerFailed, match="gave no answer in 1 s and was stopped"):
        run_tasks([lambda: 0, hangs], 2, describe=str)
    assert time.monotonic() - started < 30
    assert not alive(int(pid_file.read_text()))


def test_a_failure_here_stops_the_workers_whose_tasks_come_later(tmp_path):
    pid_file = tmp_path / "pid"

    def slow():
        pid_file.write_text(str(os.getpid()))
        time.sleep(600)

    def fails_once_the_worker_runs():
        while not pid_file.exists() or not pid_file.read_text():
            time.sleep(0.01)
        raise ResumeError("first")

    started = time.monotonic()
    with pytest.raises(ResumeError, match="^first$"):
        run_tasks([fails_once_the_worker_runs, slow], 2, describe=str)
    assert time.monotonic() - started < 30
    assert not alive(int(pid_file.read_text()))


def test_an_interrupt_here_kills_the_workers(tmp_path):
    pid_file = tmp_path / "pid"

    def slow():
        pid_file.write_text(str(os.getpid()))
        time.sleep(600)

    def interrupted():
        while not pid_file.exists() or not pid_file.read_text():
            time.sleep(0.01)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_tasks([interrupted, slow], 2, describe=str)
    assert not alive(int(pid_file.read_text()))


# --- run_queue: a batch's tasks, each process taking the next when it is free ------------

def run_all(tasks, jobs: int, lost=lambda index, why: ("lost", why)) -> dict[int, object]:
    results: dict[int, object] = {}

    def ended(index, result):
        assert index not in results
        results[index] = result

    resume.parallel.run_queue(tasks, jobs, ended, lost)
    return results


def test_a_queue_runs_every_task_once_on_every_process():
    def pid_after(delay):
        time.sleep(delay)
        return os.getpid()

    results = run_all([partial(pid_after, 0.02) for _ in range(12)], 3)
    assert sorted(results) == list(range(12))
    assert os.getpid() in results.values() and len(set(results.values())) == 3


def test_a_queue_longer_than_a_pipe_runs_in_rounds(monkeypatch):
    monkeypatch.setattr(resume.parallel, "_QUEUE_BYTES", 4096)  # a page: 1024 numbers
    results = run_all([partial(int, n) for n in range(2500)], 2)
    assert results == {n: n for n in range(2500)}


def test_a_task_whose_worker_is_killed_is_lost_and_the_others_go_on():
    parent = os.getpid()

    def killed_in_a_worker(n):
        if os.getpid() != parent:  # the worker dies with its first task
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.2)  # long enough for the worker to take a task before they are all done
        return n

    results = run_all([partial(killed_in_a_worker, n) for n in range(6)], 2)
    assert sorted(results) == list(range(6))
    lost = [n for n, result in results.items() if result != n]
    assert len(lost) == 1 and results[lost[0]] == ("lost", "was killed (SIGKILL)")


def test_a_task_that_runs_too_long_in_a_worker_is_stopped(monkeypatch, tmp_path):
    monkeypatch.setattr(resume.parallel, "WORKER_TIMEOUT_SECONDS", 1.0)
    parent, pid_file = os.getpid(), tmp_path / "pid"

    def hangs_in_a_worker(n):
        if os.getpid() != parent:
            pid_file.write_text(str(os.getpid()))
            time.sleep(600)
        time.sleep(0.2)  # long enough for the worker to take a task before they are all done
        return n

    started = time.monotonic()
    results = run_all([partial(hangs_in_a_worker, n) for n in range(4)], 2)
    assert time.monotonic() - started < 30
    lost = [n for n, result in results.items() if result != n]
    assert len(lost) == 1
    assert results[lost[0]] == ("lost", "gave no answer in 1 s and was stopped")
    assert not alive(int(pid_file.read_text()))


def test_a_batch_reports_a_profile_whose_worker_died_and_builds_the_others(tmp_path,
                                                                           monkeypatch):
    import resume.batch
    from resume.build import BuildOptions

    folder = tmp_path / "team"
    for number in range(4):
        write_profile(folder / f"p{number}",
                      MINIMAL_PROFILE.replace("Xiaoming Wang", f"Person {number}"))
    parent, build_one = os.getpid(), resume.batch.build_one

    def killed_in_a_worker(options):
        if os.getpid() != parent:  # the worker dies with the first profile it takes
            os.kill(os.getpid(), signal.SIGKILL)
        return build_one(options)

    monkeypatch.setattr(resume.batch, "build_one", killed_in_a_worker)
    profiles = sorted(folder.iterdir())
    folders = resume.batch.output_folders(tmp_path / "out", profiles)
    outcomes = resume.batch.build_many(BuildOptions(folder, out=tmp_path / "out"), folders,
                                       lambda outcome, done: None, workers=2)
    assert [outcome.profile for outcome in outcomes] == profiles
    failed = [outcome for outcome in outcomes if not outcome.ok]
    assert len(failed) == 1 and failed[0].errors == (
        "the process building it was killed (SIGKILL); build this profile alone to see why",)
    assert all(len(outcome.files) == 2 for outcome in outcomes if outcome.ok)


def test_a_process_with_another_thread_runs_everything_here():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        tasks = [lambda n=n: (n, os.getpid()) for n in range(3)]
        assert run_tasks(tasks, 3, describe=str) == [(n, os.getpid()) for n in range(3)]
    finally:
        stop.set()
        thread.join()
