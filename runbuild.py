"""`ducha build` in a child process, its progress read line by line.

The app shows a build's progress but never parses: parsing lives in its own process,
started through the same command a person types, so the app's process holds neither the
parser nor the memory a build of thousands of reports takes. Standard library only.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _prctl() -> Any:
    """Linux's prctl, to have the kernel end the build if the app dies (quit, killed,
    its terminal gone) instead of leaving it to run on unseen; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent ends (the build stops cleanly on
    it, its workers too: see build.stop_on_signals)."""
    _prctl()(_PR_SET_PDEATHSIG, signal.SIGTERM)


class BuildFailed(Exception):
    """The build could not run or stopped before writing its outcome."""


def run_build(
    data_dir: Path,
    extra: Sequence[str] = (),
    *,
    full: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    wait: float | None = None,
) -> dict[str, Any]:
    """Build or refresh `data_dir` from the bundled reports, its library and `extra`; call
    `progress(i, n, name)` per document read; return the outcome line (documents, parsed,
    problems, messages). `wait`: seconds to wait for another build's lock (default: the
    build's own, DUCHA_LOCK_SECONDS). The child ends with this process."""
    cmd = [sys.executable, "-m", "ducha", "--data", str(data_dir), "build", "--progress-lines"]
    cmd += [*(["--full"] if full else []), "--", *map(str, extra)]
    env = None if wait is None else {**os.environ, "DUCHA_LOCK_SECONDS": str(wait)}
    stderr = tempfile.TemporaryFile()  # a file, not a pipe: it never blocks the child
    try:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL,
            text=True, encoding="utf-8", errors="replace", env=env,
            preexec_fn=_end_with_parent if _prctl() else None,
        )  # fmt: skip
    except OSError as exc:
        stderr.close()
        raise BuildFailed(f"could not start the build: {exc}") from exc
    outcome: dict[str, Any] | None = None
    assert proc.stdout is not None
    with proc, stderr:
        for line in proc.stdout:
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if not isinstance(obj, dict):
                continue
            if obj.get("done"):
                outcome = obj
            elif progress is not None and {"i", "n", "name"} <= obj.keys():
                progress(int(obj["i"]), int(obj["n"]), str(obj["name"]))
        proc.wait()
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", "replace")
    if outcome is None:
        last = errors.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        raise BuildFailed(f"the build stopped: {last[0]}")
    return outcome
