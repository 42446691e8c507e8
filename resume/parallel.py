"""Independent tasks on several cores: forked processes run some, the calling one the rest.

A build lays out each language on its own core. The processes are forked once everything
is loaded and checked, so they start warm (WeasyPrint imported, the themes parsed, the HTML
made) and cost a few milliseconds each; each sends what its tasks made back over a pipe,
and the calling process, which runs a share of the tasks itself, gets them in order.

What a task raises comes back as it would in one process: the first failure in the order of
the tasks wins, a `ResumeError` with its problems as they were, any other exception as the
same exception with the worker's traceback attached. A worker that dies or hangs stops the
run with a message, within a bounded time; workers never outlive the call (they are killed
when it ends early, and on Linux when the calling process dies), and never write a file.

Tasks run in one process when there is one usable core, when `jobs` says so, when the
process has other threads (a fork copies them in whatever state they were in), when a fork
fails, and on systems other than Linux: Windows has no fork, and macOS's system libraries
may not be used in a forked process that does not exec a new program (which is why Python
itself stopped forking there).
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TypeVar

from .errors import Problem, ResumeError

T = TypeVar("T")

# Far longer than any task takes (a layout takes a fraction of a second, a page fitting a
# few layouts): a worker silent this long is stuck, not slow.
WORKER_TIMEOUT_SECONDS = 300.0
# A worker that has sent its results has only to exit.
EXIT_PATIENCE_SECONDS = 5.0
# The exit status of a worker that could not even report why it failed.
_UNREPORTED = 70
_PR_SET_PDEATHSIG = 1


class WorkerFailed(RuntimeError):
    """A worker process ended without reporting its tasks' results: a bug, or a hang."""


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, attached as its cause."""

    def __str__(self) -> str:
        return self.args[0]


def usable_cores() -> int:
    """The cores this process may run on (its affinity, which containers and `taskset`
    narrow), else every core of the machine."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


@dataclass
class _Worker:
    pid: int
    reader: int  # the read end of the pipe the worker reports on
    indices: list[int]  # its tasks, in order
    received: bytearray


def run_tasks(
    tasks: Sequence[Callable[[], T]],
    jobs: int,
    describe: Callable[[int], str],
) -> list[T]:
    """Each task's result, in order, the tasks spread over up to `jobs` processes.
    `describe(index)` names a task in messages (`the en résumé`)."""
    jobs = min(jobs, len(tasks))
    if jobs <= 1 or not can_fork():
        return [task() for task in tasks]
    shares = [list(range(start, len(tasks), jobs)) for start in range(jobs)]
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    workers: list[_Worker] = []
    own = shares[0]
    try:
        for indices in shares[1:]:
            worker = _fork_worker(tasks, indices, [w.reader for w in workers])
            if worker is None:  # no process to be had: this one makes them too
                own = sorted(own + indices)
            else:
                workers.append(worker)
        results: dict[int, T] = {}
        failures: dict[int, BaseException] = {}
        for index in own:
            try:
                results[index] = tasks[index]()
            except Exception as error:
                failures[index] = error
                break
        for worker in workers:
            if failures and min(failures) < worker.indices[0]:
                _kill(worker)  # its tasks come after a failure: their results do not matter
                continue
            reported, failure = _collect(worker, describe)
            results.update(reported)
            if failure is not None:
                failures[failure[0]] = failure[1]
    finally:
        for worker in workers:
            _kill(worker)
    if failures:
        raise failures[min(failures)]
    return [results[index] for index in range(len(tasks))]


def _fork_worker(tasks: Sequence[Callable[[], T]], indices: list[int],
                 inherited: list[int]) -> _Worker | None:
    """A worker running `indices`; None when the system has no process or pipe to give."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the worker: never returns
        status = _UNREPORTED
        try:
            os.close(reader)
            for descriptor in inherited:  # other workers' pipes
                os.close(descriptor)
            _die_with(parent)
            status = _work(tasks, indices, writer)
        finally:
            os._exit(status)
    os.close(writer)
    return _Worker(pid, reader, indices, bytearray())


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the process that forked it dies (Linux)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before that took effect
        os._exit(_UNREPORTED)


def _work(tasks: Sequence[Callable[[], T]], indices: list[int], writer: int) -> int:
    """Run `indices` in a worker and send the report: (results by index, failure or None);
    the exit status."""
    # What the worker inherited is out of its collector's sight, so no collection writes to
    # those pages, which it keeps sharing with the calling process (freezing costs nothing).
    gc.freeze()
    results: dict[int, T] = {}
    failure = None
    for index in indices:
        try:
            results[index] = tasks[index]()
        except ResumeError as error:
            failure = (index, "user", error.problems)
            break
        except Exception as error:
            failure = (index, "bug", _portable(error))
            break
    try:
        report = pickle.dumps((results, failure), pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # a result that cannot be sent is a bug
        report = pickle.dumps(({}, (indices[0], "bug", _portable(error))),
                              pickle.HIGHEST_PROTOCOL)
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(report)
    return 0


def _portable(error: Exception) -> tuple[Exception | None, str, str, str]:
    """An exception as it can cross to the parent: itself when it pickles and unpickles,
    its type's name and message, and its traceback as text."""
    text = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error, pickle.HIGHEST_PROTOCOL))
        portable: Exception | None = error
    except Exception:
        portable = None
    error.__traceback__ = None  # frames do not pickle
    error.__context__ = error.__cause__ = None
    return portable, type(error).__name__, f"{error}", text


def _collect(worker: _Worker, describe: Callable[[int], str]
             ) -> tuple[dict[int, object], tuple[int, BaseException] | None]:
    """A worker's report, read within WORKER_TIMEOUT_SECONDS; the worker reaped."""
    what = " and ".join(describe(index) for index in worker.indices)
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _kill(worker)
            raise WorkerFailed(
                f"the process making {what} gave no answer in {WORKER_TIMEOUT_SECONDS:.0f} s "
                "and was stopped; nothing was written")
        ready, _, _ = select.select([worker.reader], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(worker.reader, 1 << 20)
        if not chunk:
            break
        worker.received += chunk
    status = _reap(worker)
    if status != 0 or not worker.received:
        raise _death(status, what)
    results, failure = pickle.loads(worker.received)
    if failure is None:
        return results, None
    index, kind, payload = failure
    if kind == "user":
        return results, (index, ResumeError(payload))
    exception, name, message, text = payload
    if exception is None:
        exception = WorkerFailed(f"{name}: {message}")
    exception.__cause__ = RemoteTraceback(f"\n\nin the process making {describe(index)}:\n{text}")
    return results, (index, exception)


def _death(status: int, what: str) -> BaseException:
    if status < 0:
        number = -status
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return ResumeError(Problem(
            f"the process making {what} was killed ({name}); nothing was written. If it "
            "ran out of memory, build one language at a time (--lang), or in one process "
            "with RESUME_JOBS=1"))
    return WorkerFailed(f"the process making {what} ended (exit status {status}) "
                        "without reporting; nothing was written")


def _reap(worker: _Worker) -> int:
    """The worker's exit status (negative: the signal that killed it), once it has exited;
    killed if it does not within EXIT_PATIENCE_SECONDS."""
    deadline = time.monotonic() + EXIT_PATIENCE_SECONDS
    while True:
        pid, status = os.waitpid(worker.pid, os.WNOHANG)
        if pid:
            worker.pid = 0
            os.close(worker.reader)
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(worker.pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.001)


def _kill(worker: _Worker) -> None:
    """Stop and reap a worker that is still running; nothing for one already reaped."""
    if not worker.pid:
        return
    with suppress(ProcessLookupError):
        os.kill(worker.pid, signal.SIGKILL)
    os.waitpid(worker.pid, 0)
    worker.pid = 0
    os.close(worker.reader)
