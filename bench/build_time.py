"""Time of a full dataset build and of a no-change rebuild, and of a rebuild after one
document changed.

Run on purpose (not a test): `.venv/bin/python bench/build_time.py [--copies 200]`.
The bundled corpus is built together with --copies distinct variants of its documents.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from importlib import resources
from pathlib import Path

from ducha.build import build


def make_sources(root: Path, copies: int) -> Path:
    src = Path(str(resources.files("ducha.data") / "sources"))
    seeds = sorted(src.iterdir())
    out = root / "sources"
    out.mkdir()
    for i in range(copies):
        seed = seeds[i % len(seeds)]
        (out / f"{i:05d}_{seed.name}").write_bytes(f"副本 {i}\n".encode() + seed.read_bytes())
    return out


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ducha-bench-"))
    try:
        sources = make_sources(root, args.copies)
        size = sum(p.stat().st_size for p in sources.iterdir()) / 1e6
        data = root / "ds"
        full = timed(lambda: build(data, [str(sources)]))
        n = args.copies + 5
        print(
            f"full build      : {full:6.2f} s  {n} documents, {size:.1f} MB "
            f"({n / full:.0f} docs/s, {size / full:.2f} MB/s, {os.cpu_count()} cores)"
        )
        nochange = [timed(lambda: build(data, [str(sources)])) for _ in range(args.runs)]
        print(
            f"no-change build : {statistics.median(nochange) * 1000:6.0f} ms  "
            f"(median of {args.runs}; ratio to full {statistics.median(nochange) / full:.3f})"
        )
        victim = next(sources.iterdir())
        one = []
        for i in range(args.runs):
            victim.write_bytes(victim.read_bytes() + f"\n修改 {i}".encode())
            one.append(timed(lambda: build(data, [str(sources)])))
        print(f"one changed     : {statistics.median(one) * 1000:6.0f} ms  (median of {args.runs})")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
