"""Live processes read from /proc (psutil is not a dependency): for tests that check a
build or a served app leaves nothing behind."""

from __future__ import annotations

import os
from pathlib import Path


def live_processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every process that is not a zombie."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            out.append((int(entry), int(fields[1]), int(fields[2])))
    return out


def children(pid: int) -> list[int]:
    """Live processes whose parent is `pid`."""
    return [p for p, parent, _g in live_processes() if parent == pid]


def group(pgid: int) -> list[int]:
    """Live processes of process group `pgid`."""
    return [p for p, _parent, g in live_processes() if g == pgid]
