"""`ducha build` in a child process, its progress read line by line.

The app shows a build's progress but never parses: parsing lives in its own process,
started through the same command a person types, so the app's process holds neither the
parser nor the memory a build of thousands of reports takes. Standard library only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


class BuildFailed(Exception):
    """The build could not run or stopped before writing its outcome."""


def run_build(
    data_dir: Path,
    extra: Sequence[str] = (),
    *,
    full: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, Any]:
    """Build or refresh `data_dir` from the bundled reports, its library and `extra`; call
    `progress(i, n, name)` per document read; return the outcome line (documents, parsed,
    problems, messages)."""
    cmd = [sys.executable, "-m", "ducha", "--data", str(data_dir), "build", "--progress-lines"]
    cmd += [*(["--full"] if full else []), "--", *map(str, extra)]
    stderr = tempfile.TemporaryFile()  # a file, not a pipe: it never blocks the child
    try:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL,
            text=True, encoding="utf-8", errors="replace",
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
