"""Build speed on a synthetic corpus: a full build, a rebuild with nothing changed, and a
rebuild after one document changed; documents/s, MB/s and peak memory.

    .venv/bin/python tests/bench/build.py [--docs 10000] [--seed 1] [--runs 3]

The corpus (tests/bench/gen_corpus.py) is generated once into $DUCHA_BENCH_DIR (default
/tmp/ducha-scale) and kept; its generation is not timed. Each build runs as
`python -m ducha --data DIR build` in a fresh process, as a user would run it, with as
many parser processes as cores. Peak memory is the largest resident set of the build
process and, separately, of its parser processes (getrusage). Aims: full build of 10,000
documents under 60 s, no-change rebuild under 2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_build(ddir: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the build process or its children, whichever)."""
    code = (
        "import resource, sys\n"
        "from ducha.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(f'PEAK {me} {kids}', file=sys.stderr)\n"
        "raise SystemExit(rc)\n"
    )
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data", str(ddir), "build", *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "DUCHA_CONFIG": str(ddir / "no-config.toml")},
    )
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr}")
    peak = next(ln for ln in proc.stderr.splitlines() if ln.startswith("PEAK"))
    me, kids = (int(x) / 1024 for x in peak.split()[1:])
    run_build.last = (me, kids)  # type: ignore[attr-defined]
    return wall, max(me, kids)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from scale_data import bench_root, corpus

    ddir = bench_root() / f"build-{args.docs}-{args.seed}"
    library = corpus(ddir / "library", args.docs, args.seed)
    docs = [p for p in library.iterdir() if not p.name.startswith(".")]
    mb = sum(p.stat().st_size for p in docs) / 1e6
    for p in ddir.iterdir():  # a fresh dataset: only the library stays
        if p.name != "library":
            p.unlink() if p.is_file() else shutil.rmtree(p)
    print(f"corpus: {len(docs):,} documents, {mb:.1f} MB; {os.cpu_count()} cores")

    wall, _ = run_build(ddir)
    me, kids = run_build.last  # type: ignore[attr-defined]
    n = len(docs) + 5  # and the bundled corpus
    print(
        f"full build        : {wall:6.2f} s   {n / wall:6.0f} documents/s  {mb / wall:5.2f} MB/s"
        f"   peak RSS: build process {me:.0f} MB, largest parser process {kids:.0f} MB"
        f"   (aim < 60 s)"
    )
    nochange = [run_build(ddir)[0] for _ in range(args.runs)]
    print(
        f"no-change rebuild : {statistics.median(nochange):6.2f} s   (median of {args.runs},"
        f" process start included; aim < 2 s)"
    )
    victim = sorted(docs)[len(docs) // 2]
    original = victim.read_bytes()
    one = []
    try:
        for i in range(args.runs):
            victim.write_bytes(original + f"\n修改 {i}\n".encode())
            one.append(run_build(ddir)[0])
    finally:
        victim.write_bytes(original)
    print(f"one doc changed   : {statistics.median(one):6.2f} s   (median of {args.runs})")
    # the Python that runs the command, for scale: process start and imports
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import polars"], check=True)
    print(f"(python -c 'import polars': {time.perf_counter() - t:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
