"""Start-up on the 10,000-document dataset: the app's launch to first frame and exit
against a minimal Textual app, and `ducha show 河南` against `python -c "import polars"`.

    .venv/bin/python tests/bench/startup.py [--data DIR] [--runs 7]

Measured as bench/startup.py does (the same app scripts): each run is a fresh
interpreter, headless, and the wall time of the whole process counts. Without --data the
dataset is tests/bench/scale_data.py's `corpus_dataset()`. Aim: ratio under 1.5.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def bench_startup():
    """bench/startup.py, whose app scripts and timer are reused here."""
    path = HERE.parent.parent / "bench" / "startup.py"
    spec = importlib.util.spec_from_file_location("bench_startup", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def timed_cmd(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    su = bench_startup()
    data = args.data
    if data is None:
        from scale_data import corpus_dataset

        data = corpus_dataset()
    env = {**os.environ, "DUCHA_CONFIG": str(data / "no-config.toml"), "COLUMNS": "120"}
    show = [sys.executable, "-m", "ducha", "--data", str(data), "show", "河南"]
    polars = [sys.executable, "-c", "import polars"]
    su.timed(su.MINIMAL)  # warm the file cache
    su.timed(su.DUCHA, str(data))
    timed_cmd(show, env)
    minimal, first, shown, show_t, polars_t = [], [], [], [], []
    for _ in range(max(3, args.runs)):
        minimal.append(su.timed(su.MINIMAL))
        first.append(su.timed(su.DUCHA, str(data)))
        shown.append(su.timed(su.DUCHA_DATA, str(data)))
        show_t.append(timed_cmd(show, env))
        polars_t.append(timed_cmd(polars, env))
    m, f, s, sh, pl_ = (statistics.median(x) for x in (minimal, first, shown, show_t, polars_t))
    print(f"dataset {data}; runs: {len(minimal)} each (median)")
    print(f"minimal Textual app, launch to first frame and exit: {m * 1000:7.0f} ms")
    print(f"ducha, launch to first frame and exit:               {f * 1000:7.0f} ms")
    print(f"ducha, launch to data shown and exit:                {s * 1000:7.0f} ms")
    print(f"ratio first frame ducha / minimal: {f / m:.2f}  (aim < 1.5)")
    print(f"ratio data shown  ducha / minimal: {s / m:.2f}")
    print(f"ducha show 河南:                                     {sh * 1000:7.0f} ms")
    print(f"python -c 'import polars':                           {pl_ * 1000:7.0f} ms")
    print(f"ratio show / import polars: {sh / pl_:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
