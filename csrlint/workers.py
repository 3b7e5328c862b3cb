"""Worker processes that check one file at a time under a time limit and a memory limit.

Nothing a file does can take the run down with it: a worker is a forked copy of the run
(the plan and its linters come for free), it lowers its own address-space limit before
each file (``RLIMIT_AS``: an allocation past it is a ``MemoryError`` in that worker), and
the parent kills a worker whose file overruns its time. A worker that dies — killed by the
out-of-memory killer, crashed in a C library — costs that file an error row and is
replaced; the other files are still checked. Ctrl-C or SIGTERM stops every worker.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque

from .engine import FileResult, Plan, lint_safely, memory_message

#: Seconds a worker gets to stop after SIGTERM before it is killed.
GRACE = 1.0


def timeout_message(seconds: float) -> str:
    return f"超过时间上限（{seconds:g} 秒），可用 --timeout 调整 / timed out (--timeout)"


def death_message(exitcode: int | None, memory_mb: int) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        if -exitcode == getattr(signal, "SIGKILL", 9):
            return (
                f"检查进程被系统终止（{name}，通常是内存不足；内存上限 {memory_mb} MB，可用 --max-memory 调整）/ "
                "worker killed, likely out of memory"
            )
        return f"检查进程异常终止（{name}）/ worker crashed"
    return f"检查进程异常退出（退出码 {exitcode}）/ worker exited"


def _context():
    import multiprocessing

    # fork on Linux: the plan is inherited, nothing is pickled or imported again, a worker
    # costs milliseconds. Elsewhere spawn (fork is unsafe on macOS, absent on Windows).
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _address_space() -> int | None:
    """This process's current virtual size in bytes (Linux), the base the memory limit adds to."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _peak_address_space() -> int:
    """This process's largest virtual size so far (VmPeak, Linux), in bytes; 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


#: An address space this close to the cap means an allocation was refused.
CAP_MARGIN = 32 * 1024 * 1024


def _limit_memory(memory_mb: int | None) -> int | None:
    """Cap this worker's address space at its present size plus ``memory_mb`` (None: lift the cap);
    returns the cap in bytes, or None when there is none."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still holds
        return None
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if memory_mb is None:
        soft = hard
    else:
        base = _address_space()
        if base is None:
            return None
        soft = base + memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):
        return None
    return None if soft == resource.RLIM_INFINITY else soft


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this worker when the parent dies, even by SIGKILL (no orphans)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _serve(work: Plan, tasks: list, connection, parent: int) -> None:
    """A worker's life: receive a task (a file, or some of its families), check it under the
    limits, send the result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, families = tasks[task]
        path = work.files[index]
        linter = work.linters[path]
        cap = _limit_memory(linter.limits.memory_mb)
        try:
            result = lint_safely(linter, path, families)
        except MemoryError:
            result = FileResult(path=str(path), error=memory_message(linter.limits))
        finally:
            _limit_memory(None)
        # A C library (lxml, PDFium) may report a refused allocation as some other error: if the
        # address space reached the cap, memory was the reason, and this worker retires.
        exhausted = cap is not None and _peak_address_space() >= cap - CAP_MARGIN
        if exhausted and result.error:
            result.error = memory_message(linter.limits)
        connection.send((task, result, exhausted))
        if exhausted:
            return


class _Worker:
    def __init__(self, context, work: Plan, tasks: list):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(work, tasks, child, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None  # what it is checking
        self.deadline = 0.0

    def give(self, task: int, seconds: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + seconds
        try:
            self.connection.send(task)
        except OSError:
            pass  # the worker is gone: its sentinel reports it, and the file gets its row

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                try:
                    self.connection.send(None)
                except OSError:
                    pass
                self.process.terminate()
            self.process.join(GRACE)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.connection.close()


class Pool:
    """At most ``size`` workers; a killed or dead one is replaced by a fresh fork.

    ``tasks`` are (file index, families or None for all): a file may be checked in parts."""

    def __init__(self, work: Plan, tasks: list[tuple[int, frozenset[str] | None]], size: int):
        self.work = work
        self.tasks = tasks
        self.size = size
        self.context = _context()
        self.workers: list[_Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers.clear()

    def results(self, tasks):
        """Yield ``(task, FileResult)`` as tasks finish (not in order)."""
        from multiprocessing.connection import wait

        pending = deque(tasks)
        sys.stdout.flush()
        sys.stderr.flush()
        while pending or any(worker.task is not None for worker in self.workers):
            for worker in [w for w in self.workers if w.task is None and not w.process.is_alive()]:
                worker.stop()  # died while idle: replaced below
                self.workers.remove(worker)
            while pending and len(self.workers) < self.size:
                self.workers.append(_Worker(self.context, self.work, self.tasks))
            for worker in self.workers:
                if worker.task is None and pending:
                    task = pending.popleft()
                    worker.give(task, self._seconds(task))
            busy = [worker for worker in self.workers if worker.task is not None]
            now = time.monotonic()
            timeout = max(0.0, min(worker.deadline for worker in busy) - now)
            ready = set(
                wait([worker.connection for worker in busy] + [worker.process.sentinel for worker in busy], timeout)
            )
            for worker in busy:
                task = worker.task
                if worker.connection in ready or worker.process.sentinel in ready:
                    try:
                        received, result, retired = worker.connection.recv()
                        worker.task = None
                        if retired:  # it reached its memory cap: a fresh fork takes its place
                            worker.stop()
                            self.workers.remove(worker)
                        yield received, result
                        continue
                    except (EOFError, OSError):
                        worker.process.join(GRACE)
                        reason = death_message(worker.process.exitcode, self._memory(task))
                elif time.monotonic() >= worker.deadline:
                    reason = timeout_message(self._seconds(task))
                else:
                    continue
                worker.stop(kill=True)
                self.workers.remove(worker)
                yield task, FileResult(path=str(self._path(task)), error=reason)

    def _path(self, task: int):
        return self.work.files[self.tasks[task][0]]

    def _seconds(self, task: int) -> float:
        return self.work.linters[self._path(task)].limits.seconds

    def _memory(self, task: int) -> int:
        return self.work.linters[self._path(task)].limits.memory_mb
