"""A cold `ducha show ENTITY` through the installed command, paired with `import polars`.

Each pair runs the two commands one after the other in fresh processes; the medians of the
pairs and their ratio are printed (aim: show under 0.8x of importing polars). The dataset
is built first, so `show` answers a current dataset as a person's second command would.

    python -m compileall -q . && .venv/bin/python bench/show.py [--runs 9] [--data DIR] [QUERY]

Run it on purpose, not as a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("query", nargs="?", default="河南")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--data", help="dataset directory (default: the user's)")
    args = ap.parse_args()
    ducha = str(Path(sys.executable).with_name("ducha"))
    data = ["--data", args.data] if args.data else []
    subprocess.run([ducha, "build", *data], capture_output=True, check=True)
    show = [ducha, "show", *data, args.query]
    polars = [sys.executable, "-c", "import polars"]
    _timed(show), _timed(polars)  # warm the file cache
    pairs = [(_timed(show), _timed(polars)) for _ in range(args.runs)]
    s = statistics.median(p[0] for p in pairs)
    p = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(a / b for a, b in pairs)
    where = args.data or os.environ.get("DUCHA_DATA") or "the default dataset"
    print(
        f"ducha show {args.query} ({where}): {s * 1000:.0f} ms   import polars: {p * 1000:.0f} ms"
    )
    print(f"ratio (median of {args.runs} pairs): {ratio:.2f}")


if __name__ == "__main__":
    main()
