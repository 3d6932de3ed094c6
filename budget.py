"""Parsing every document under a budget of time and memory, in worker processes.

A hostile or broken file (a table that expands to millions of cells, a zip bomb, a list
whose reading is quadratic) must cost one document, never the build: each document is
parsed in a worker process whose address space is limited (`RLIMIT_AS`), with a deadline
the parent enforces by killing the worker. A worker that dies or is killed is replaced and
the remaining documents go on; the document it held is reported as failed, with the
reason. The workers are forked on Linux (as fast as the pool the build used before, and
the parser is already imported), so even a build of one document gets its budget.

Limits come from the environment, read when a build starts:

- `DUCHA_DOC_MEMORY_MB` (default 1024): address space each worker may add to what it
  inherited at the fork;
- `DUCHA_DOC_SECONDS` (default 30): time to parse one document;
- `DUCHA_MAX_FILE_MB` (default 50): a larger source file is never read.

Standard library only (the parser's workers must not pay for polars).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

try:  # POSIX only: elsewhere documents are parsed without a memory ceiling
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

DOC_MEMORY_MB = 1024
DEPTH = 3  # jobs sent ahead to each worker
DOC_SECONDS = 30.0
MAX_FILE_MB = 50.0


def _env_number(name: str, default: float) -> float:
    """A positive number from the environment; anything else keeps the default (a typo
    must not remove a budget)."""
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True, slots=True)
class Limits:
    memory_mb: float = DOC_MEMORY_MB
    seconds: float = DOC_SECONDS
    max_file_mb: float = MAX_FILE_MB

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            _env_number("DUCHA_DOC_MEMORY_MB", DOC_MEMORY_MB),
            _env_number("DUCHA_DOC_SECONDS", DOC_SECONDS),
            _env_number("DUCHA_MAX_FILE_MB", MAX_FILE_MB),
        )

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def too_slow(self) -> str:
        return f"parsing took longer than {self.seconds:g} s"

    def too_big(self) -> str:
        return f"needed more than {self.memory_mb:g} MB"

    def too_large(self, size: int) -> str:
        return (
            f"file of {size / 1024 / 1024:.1f} MB is over the {self.max_file_mb:g} MB limit"
            " (DUCHA_MAX_FILE_MB); not read"
        )


def max_file_bytes() -> int:
    """The size over which a source file is never read whole."""
    return Limits.from_env().max_file_bytes


@dataclass(frozen=True, slots=True)
class Failed:
    """A document that could not be parsed within its budget, and why."""

    reason: str


# --- the worker ------------------------------------------------------------------------


def _address_space() -> int:
    """Bytes of address space this process has mapped now (Linux), else 0."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit(kind: int, soft: int) -> None:
    assert resource is not None
    _old_soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(kind, (soft, hard))
    except (ValueError, OSError):
        pass


def _worker_main(
    conn: Any, fn: Callable[[Any], Any], limits: Limits, close_fds: tuple[int, ...]
) -> None:
    """Parse the jobs the parent sends, one at a time, until it sends None or goes away.
    A MemoryError ends the worker after its report: the parent starts a fresh one rather
    than trust a process whose allocator just failed."""
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, signal.SIG_DFL)  # a fork inherits the build's handlers
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for fd in close_fds:  # the build's lock must die with the build, not with a worker
        try:
            os.close(fd)
        except OSError:
            pass
    try:  # a worker prints nothing, and must not hold the pipe a reader of the build's
        # output (the app's `runbuild`) waits on to close
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    if resource is not None:
        _limit(resource.RLIMIT_CORE, 0)
        _limit(resource.RLIMIT_AS, _address_space() + int(limits.memory_mb * 1024 * 1024))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if msg is None:
            return
        idx, args = msg
        if resource is not None:
            # a backstop if the parent dies while this parse hangs: SIGXCPU ends it
            use = resource.getrusage(resource.RUSAGE_SELF)
            _limit(resource.RLIMIT_CPU, int(use.ru_utime + use.ru_stime + limits.seconds + 10))
        try:
            out: tuple[Any, ...] = (idx, "ok", fn(args))
        except MemoryError:
            out = (idx, "memory", "")
        except Exception as exc:
            out = (idx, "error", f"parsing failed: {type(exc).__name__}: {exc}")
        kind = out[1]
        try:
            try:
                conn.send(out)
            except MemoryError:
                kind = "memory"
                conn.send((idx, kind, ""))
            except (OSError, ValueError):
                raise
            except Exception as exc:  # a result that cannot be pickled
                conn.send((idx, "error", f"parsing failed: {type(exc).__name__}: {exc}"))
        except (OSError, ValueError):
            return  # the parent is gone
        del out  # not held while the next document is parsed
        if kind == "memory":
            return


# --- the parent's side -----------------------------------------------------------------


@dataclass(slots=True)
class _Worker:
    proc: Any
    conn: Any
    # jobs sent and not answered, in order; the first is the one being parsed, since
    # `started` (when the previous answer came, or the first job was sent)
    queue: deque[int] = field(default_factory=deque)
    started: float = 0.0


def _death(exitcode: int | None, limits: Limits) -> str:
    """Why a worker that died while parsing a document did."""
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        if sig == getattr(signal, "SIGXCPU", -1):
            return limits.too_slow()
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == getattr(signal, "SIGKILL", -1):
            return f"the parser process was killed ({name}), perhaps out of memory"
        return f"the parser process crashed ({name}); perhaps it {limits.too_big()}"
    return f"the parser process ended unexpectedly (exit status {exitcode})"


class Pool:
    """Worker processes that each parse one document at a time under `limits`.

    `run` hands the outcome of every job to a callback as it completes: the function's
    result, or `Failed(reason)`. `close` (also on leaving a `with`) kills whatever still
    runs, so an exception, Ctrl-C or a signal in the parent leaves no worker behind.
    """

    def __init__(
        self, fn: Callable[[Any], Any], workers: int, limits: Limits, close_fds: Sequence[int] = ()
    ) -> None:
        import multiprocessing

        self._fork = sys.platform.startswith("linux")
        self._ctx: Any = multiprocessing.get_context("fork" if self._fork else "spawn")
        self.fn = fn
        self.size = max(1, workers)
        self.limits = limits
        self.close_fds = tuple(close_fds)
        self._workers: list[_Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        # a fork holds copies of the other workers' pipes: closing them lets each worker
        # see the parent's end close when the parent dies
        fds = (*self.close_fds, *(w.conn.fileno() for w in self._workers), parent.fileno())
        proc = self._ctx.Process(
            target=_worker_main,
            args=(child, self.fn, self.limits, fds if self._fork else ()),
            daemon=True,
        )
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        self._workers.append(w)
        return w

    def _retire(self, w: _Worker, *, kill: bool) -> None:
        if kill and w.proc.is_alive():
            w.proc.kill()
        elif not kill:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        w.conn.close()
        w.proc.join(timeout=None if kill else 5)
        if w.proc.is_alive():  # pragma: no cover - a worker that ignores its end
            w.proc.kill()
            w.proc.join()
        self._workers.remove(w)

    def run(self, jobs: Sequence[Any], done: Callable[[int, Any], None]) -> None:
        """Parse every job; `done(index, result or Failed)` once per job, in completion
        order. Raises OSError only when a worker cannot be started.

        Each worker has up to `DEPTH` jobs sent ahead, so that it never waits for the
        parent between two documents (one job at a time made a build of 1,000 small
        reports half again as slow). Its first job's time runs from the answer to the one
        before: the worker parses in order."""
        from multiprocessing.connection import wait

        pending: deque[int] = deque(range(len(jobs)))
        limits = self.limits

        def feed(w: _Worker) -> None:
            """Top up `w`'s queue; retire it when it has nothing left to do."""
            while pending and len(w.queue) < DEPTH:
                job = pending.popleft()
                try:
                    w.conn.send((job, jobs[job]))
                except (OSError, ValueError):  # it died: the sentinel will say so
                    pending.appendleft(job)
                    return
                if not w.queue:
                    w.started = time.monotonic()
                w.queue.append(job)
            if not w.queue:
                self._retire(w, kill=False)

        def fail(w: _Worker, reason: str) -> None:
            """`w`'s current job failed and `w` is gone: the jobs queued behind it go back
            to the front of the line, to a fresh worker."""
            self._retire(w, kill=True)
            if w.queue:  # else it died before taking a job: nothing is lost
                job = w.queue.popleft()
                pending.extendleft(reversed(w.queue))
                w.queue.clear()
                done(job, Failed(reason))
            if pending and len(self._workers) < self.size:
                feed(self._start())

        for _ in range(min(self.size, len(jobs))):
            feed(self._start())
        while self._workers:
            deadline = min(w.started + limits.seconds for w in self._workers)
            handles = [w.conn for w in self._workers] + [w.proc.sentinel for w in self._workers]
            ready = set(wait(handles, timeout=max(0.0, deadline - time.monotonic())))
            now = time.monotonic()
            for w in list(self._workers):
                if w.conn in ready or (w.proc.sentinel in ready and w.conn.poll()):
                    try:
                        idx, kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(timeout=5)
                        fail(w, _death(w.proc.exitcode, limits))
                        continue
                    if kind == "memory":  # the worker ends itself after saying so
                        fail(w, limits.too_big())
                        continue
                    w.queue.popleft()
                    w.started = now
                    done(idx, payload if kind == "ok" else Failed(payload))
                    feed(w)
                elif w.proc.sentinel in ready:
                    w.proc.join()
                    fail(w, _death(w.proc.exitcode, limits))
                elif now >= w.started + limits.seconds:
                    fail(w, limits.too_slow())

    def close(self) -> None:
        for w in list(self._workers):
            try:
                self._retire(w, kill=True)
            except Exception:  # pragma: no cover - best effort while unwinding
                pass


# --- signals ---------------------------------------------------------------------------


class Stopped(SystemExit):
    """The build was stopped by a signal. A SystemExit, so that the command line exits
    with 128 + the signal's number and no traceback, and no `except Exception` on the way
    keeps the build running."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP during the block raise `Stopped` in the main thread, so that
    every `finally` on the way (the pool's, the lock's) runs: no worker is left behind.
    Outside the main thread, signals cannot be caught and the block runs as it is."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    sigs = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    before = {s: signal.signal(s, stop) for s in sigs}
    try:
        yield
    except Stopped as exc:
        name = signal.Signals(exc.signum).name
        print(f"ducha: build stopped by {name}; the dataset is as the last build left it",
              file=sys.stderr)  # fmt: skip
        raise
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
