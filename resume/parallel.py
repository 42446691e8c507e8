"""Independent tasks on several cores: forked processes run some, the calling one the rest.

A build lays out each language on its own core (`run_tasks`), and a batch builds its
profiles on every core (`run_queue`). The processes are forked once everything is loaded,
so they start warm (WeasyPrint imported, the themes parsed) and cost a few milliseconds
each; they send what their tasks made back over pipes to the calling process, which runs
tasks itself rather than wait (one process fewer, and no third copy of the memory pages the
others write to).

For a build, what a task raises comes back as it would in one process: the first failure in
the order of the tasks wins, a `ResumeError` with its problems as they were, any other
exception as the same exception with the worker's traceback attached. A worker that dies or
hangs stops the run with a message, within a bounded time. In a batch, whose tasks never
raise, a task whose worker dies or hangs is given up, and the others go on. Workers never
outlive the call (they are killed when it ends early, and when the calling process dies).

Tasks run in one process when there is one usable core, when `jobs` says so, when the
process has other threads (a fork copies them in whatever state they were in), when a fork
fails, and on systems other than Linux: Windows has no fork, and macOS's system libraries
may not be used in a forked process that does not exec a new program (which is why Python
itself stopped forking there).
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
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
# A task's number in a batch's queue, and the length before each of a worker's messages.
_NUMBER = struct.Struct("=I")
# The most a queue's pipe is asked to hold (Linux allows 1 MiB to anyone by default).
_QUEUE_BYTES = 1 << 20


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
    """Whether this process may fork workers: on Linux, with no thread but its own (those a
    C library started too, which `threading` does not see)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc
        return threading.active_count() == 1


@dataclass
class _Worker:
    pid: int
    reader: int  # the read end of the pipe the worker reports on
    indices: list[int] = field(default_factory=list)  # its tasks, in order (run_tasks)
    received: bytearray = field(default_factory=bytearray)
    current: int | None = None  # the task it has started and not finished (run_queue)
    started: float = 0.0  # when, on the monotonic clock


def run_tasks(
    tasks: Sequence[Callable[[], T]],
    jobs: int,
    describe: Callable[[int], str],
) -> list[T]:
    """Each task's result, in order, the tasks spread over up to `jobs` processes, this
    one among them. `describe(index)` names a task in messages (`yuandong-xie-en.pdf`)."""
    jobs = min(jobs, len(tasks))
    if jobs <= 1 or not can_fork():
        return [task() for task in tasks]
    shares = [list(range(start, len(tasks), jobs)) for start in range(jobs)]
    workers: list[_Worker] = []
    own = shares[0]
    try:
        for indices in shares[1:]:
            worker = _fork(partial(_work, tasks, indices), [w.reader for w in workers])
            if worker is None:  # no process to be had: this one makes them too
                own = sorted(own + indices)
            else:
                worker.indices = indices
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


def _work(tasks: Sequence[Callable[[], T]], indices: list[int], writer: int) -> int:
    """Run `indices` in a worker and send the report: (results by index, failure or None);
    the exit status."""
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
    ending = f"the process making {what} {_ending(status)}"
    if status < 0:
        return ResumeError(Problem(
            f"{ending}; nothing was written. If it ran out of memory, build one language at "
            "a time (--lang), or in one process with RESUME_JOBS=1"))
    return WorkerFailed(f"{ending}; nothing was written")


def run_queue(
    tasks: Sequence[Callable[[], T]],
    jobs: int,
    on_result: Callable[[int, T], None],
    lost: Callable[[int, str], T],
) -> None:
    """Run every task on up to `jobs` processes, this one among them, each taking the next
    task when it is free; `on_result(index, result)` hears of each, in this process, as it
    ends. A task whose process dies, or that runs longer than WORKER_TIMEOUT_SECONDS, has
    `lost(index, why)` for its result, and the other processes take the tasks left. The
    tasks return, never raise: a batch turns whatever fails into its outcome."""
    jobs = min(jobs, len(tasks))
    if jobs <= 1 or not can_fork():
        for index, task in enumerate(tasks):
            on_result(index, task())
        return
    queue_reader, queue_writer = os.pipe()
    try:
        # Every number is in the pipe before any process reads it: a reader then finds a
        # number or the end, never an empty pipe that is still open.
        with suppress(OSError):
            fcntl.fcntl(queue_writer, fcntl.F_SETPIPE_SZ,
                        min(_QUEUE_BYTES, len(tasks) * _NUMBER.size))
        room = fcntl.fcntl(queue_writer, fcntl.F_GETPIPE_SZ) // _NUMBER.size
        now, later = range(min(room, len(tasks))), range(min(room, len(tasks)), len(tasks))
        with os.fdopen(queue_writer, "wb", closefd=False) as queue:
            queue.write(b"".join(_NUMBER.pack(index) for index in now))
    finally:
        os.close(queue_writer)
    reported: set[int] = set()

    def hand_on(index: int, result: T) -> None:
        reported.add(index)
        on_result(index, result)

    try:
        _serve_queue(tasks, jobs, queue_reader, hand_on, lost)
    finally:
        os.close(queue_reader)
    for index in now:  # taken by a worker that died before it could say so
        if index not in reported:
            on_result(index, lost(index, "ended before it started"))
    if later:  # more tasks than a pipe holds: the rest in another round
        offset = later.start
        run_queue(tasks[offset:], jobs,
                  lambda index, result: on_result(offset + index, result),
                  lambda index, why: lost(offset + index, why))


def _serve_queue(tasks: Sequence[Callable[[], T]], jobs: int, queue: int,
                 on_result: Callable[[int, T], None], lost: Callable[[int, str], T]) -> None:
    workers: list[_Worker] = []
    try:
        for _ in range(jobs - 1):
            worker = _fork(partial(_take_from_queue, tasks, queue),
                           [w.reader for w in workers])
            if worker is not None:
                workers.append(worker)
        while (index := _next_number(queue)) is not None:
            _read_reports(workers, on_result, lost, wait=0.0)
            on_result(index, tasks[index]())
        while any(worker.pid for worker in workers):
            _read_reports(workers, on_result, lost, wait=1.0)
    finally:
        for worker in workers:
            _kill(worker)


def _next_number(queue: int) -> int | None:
    """The next task of the queue, or None at its end. Every number was written before
    any reader started, so a read finds a whole number or nothing."""
    data = os.read(queue, _NUMBER.size)
    return _NUMBER.unpack(data)[0] if data else None


def _take_from_queue(tasks: Sequence[Callable[[], T]], queue: int, writer: int) -> int:
    """A batch's worker: take tasks until the queue ends, saying when each starts and what
    it gave; the exit status."""
    with os.fdopen(writer, "wb") as pipe:
        while (index := _next_number(queue)) is not None:
            _send(pipe, ("started", index))
            _send(pipe, ("done", index, tasks[index]()))
    return 0


def _send(pipe, message: tuple) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    pipe.write(_NUMBER.pack(len(data)) + data)
    pipe.flush()


def _read_reports(workers: list[_Worker], on_result: Callable[[int, T], None],
                  lost: Callable[[int, str], T], wait: float) -> None:
    """Hand on what the workers have reported, waiting up to `wait` seconds for a report;
    stop a worker whose task has run too long, and give its task, or a dead one's, up."""
    now = time.monotonic()
    for worker in workers:
        if worker.pid and worker.current is not None and (
                now - worker.started > WORKER_TIMEOUT_SECONDS):
            index = worker.current
            _kill(worker)
            on_result(index, lost(index, f"gave no answer in {WORKER_TIMEOUT_SECONDS:.0f} s "
                                         "and was stopped"))
    running = [worker for worker in workers if worker.pid]
    if not running:
        return
    ready, _, _ = select.select([worker.reader for worker in running], [], [], wait)
    for worker in running:
        if worker.reader not in ready:
            continue
        chunk = os.read(worker.reader, 1 << 16)
        if not chunk:  # the worker has ended
            index = worker.current
            status = _reap(worker)
            if index is not None:
                on_result(index, lost(index, _ending(status)))
            continue
        worker.received += chunk
        while len(worker.received) >= _NUMBER.size:
            (length,) = _NUMBER.unpack_from(worker.received)
            if len(worker.received) < _NUMBER.size + length:
                break
            message = pickle.loads(worker.received[_NUMBER.size:_NUMBER.size + length])
            del worker.received[:_NUMBER.size + length]
            if message[0] == "started":
                worker.current, worker.started = message[1], time.monotonic()
            else:
                worker.current = None
                on_result(message[1], message[2])


def _ending(status: int) -> str:
    """How a worker that did not finish its task ended, in words."""
    if status < 0:
        return f"was killed ({_signal_name(-status)})"
    return f"ended (exit status {status}) without reporting"


def _fork(work: Callable[[int], int], inherited: list[int]) -> _Worker | None:
    """A worker process running `work(writer)`, which reports on the pipe `writer` and
    returns the exit status; None when the system has no process or pipe to give.
    `inherited`: the other workers' pipes, which it closes."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
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
            for descriptor in inherited:
                os.close(descriptor)
            _die_with(parent)
            # What the worker inherited is out of its collector's sight, so no collection
            # writes to those pages, which it keeps sharing with the calling process
            # (freezing costs nothing).
            gc.freeze()
            status = work(writer)
        finally:
            os._exit(status)
    os.close(writer)
    return _Worker(pid, reader)


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the process that forked it dies."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before that took effect
        os._exit(_UNREPORTED)


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


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
