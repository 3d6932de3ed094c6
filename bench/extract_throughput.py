"""Extraction throughput on the bundled corpus repeated to at least --mb megabytes.

Run on purpose (not a test): `.venv/bin/python bench/extract_throughput.py [--mb 50]`.
Prints MB/s and documents/s, in one process and across all cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path

from ducha.parsers.pipeline import parse_bytes


def corpus(min_mb: float) -> list[bytes]:
    src = Path(str(resources.files("ducha.data") / "sources"))
    seeds = [p.read_bytes() for p in sorted(src.iterdir())]
    docs: list[bytes] = []
    total = 0
    i = 0
    while total < min_mb * 1e6:
        # a distinct first line per copy, so nothing can be cached by content
        data = f"副本 {i}\n".encode() + seeds[i % len(seeds)]
        docs.append(data)
        total += len(data)
        i += 1
    return docs


def _parse(data: bytes) -> int:
    doc = parse_bytes(data, "bench.txt")
    return sum(len(s.facts) for s in doc.sections)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    docs = corpus(args.mb)
    size = sum(map(len, docs)) / 1e6
    print(f"corpus: {len(docs)} documents, {size:.1f} MB (bundled corpus repeated)")
    _parse(docs[0])  # warm caches (OpenCC, gazetteer, regexes)
    single = []
    facts = 0
    for _ in range(args.runs):
        t = time.perf_counter()
        facts = sum(map(_parse, docs))
        single.append(time.perf_counter() - t)
    s = statistics.median(single)
    print(
        f"1 process : {size / s:6.2f} MB/s  {len(docs) / s:7.1f} docs/s  ({s:.1f} s, {facts} facts)"
    )
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_parse, docs[: workers * 2]))  # start and warm the workers
        t = time.perf_counter()
        facts = sum(pool.map(_parse, docs, chunksize=32))
        p = time.perf_counter() - t
    print(f"{workers} processes: {size / p:6.2f} MB/s  {len(docs) / p:7.1f} docs/s  ({p:.1f} s)")
    print(f"parallel speed-up: {s / p:.2f}x")


if __name__ == "__main__":
    main()
