"""Killing a build at any moment leaves a readable dataset, and the next build completes.

A synthetic corpus (tests/bench/gen_corpus.py) is built by `python -m ducha build` in a
subprocess that is SIGKILLed at random moments, first during a full build, then during
rebuilds after documents changed. After each kill every table reads, and a dataset whose
tables come from two builds is reported stale (so the app and `ducha show` rebuild it
before reading). A truncated table is detected and rebuilt, with a message.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).parent / "bench"))

from gen_corpus import generate

from ducha.build import build, is_stale
from ducha.dataset import TABLES
from ducha.query import Store

DOCS = 120
BUNDLED = 5


def start_build(ddir: Path, *, full: bool = False) -> subprocess.Popen:
    env = {**os.environ, "DUCHA_CONFIG": str(ddir.parent / "none.toml")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ducha",
            "--data",
            str(ddir),
            "build",
            *(["--full"] if full else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # the kill takes the parser processes too
    )


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the build (and its workers) after `seconds`; False if it ended before."""
    time.sleep(seconds)
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def assert_readable(ddir: Path) -> None:
    for t in TABLES:
        path = ddir / f"{t}.parquet"
        if path.exists():
            pl.read_parquet(path)  # raises on a torn file
    store = Store(ddir)
    if store.exists():
        _ = store.documents, store.sections, store.facts, store.metrics
        if len(store.documents):
            store.text(store.documents.item(0, "doc_id"))


def assert_consistent_or_stale(ddir: Path) -> None:
    """Either the tables agree with each other, or the dataset says it must be rebuilt."""
    if not Store(ddir).exists() or is_stale(ddir):
        return
    docs = set(pl.read_parquet(ddir / "documents.parquet", columns=["doc_id"])["doc_id"])
    secs = pl.read_parquet(ddir / "sections.parquet", columns=["section_id", "doc_id"])
    facts = pl.read_parquet(ddir / "facts.parquet", columns=["section_id"])
    assert set(secs["doc_id"]) <= docs
    assert set(facts["section_id"]) <= set(secs["section_id"])


@pytest.fixture(scope="module")
def timing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A corpus and the time one full build of it takes here."""
    root = tmp_path_factory.mktemp("kill")
    generate(root / "ref" / "library", DOCS, seed=7, kb=6)
    t = time.perf_counter()
    proc = start_build(root / "ref")
    assert proc.wait(timeout=120) == 0
    return root, time.perf_counter() - t


def test_killed_full_build_then_rebuilds(timing: tuple[Path, float]) -> None:
    root, duration = timing
    rng = random.Random(5)
    ddir = root / "ds"
    generate(ddir / "library", DOCS, seed=7, kb=6)
    killed = 0
    for _ in range(3):
        # --full: an attempt that was not killed in time must not leave the next ones with
        # nothing to do (a no-change build ends before any kill)
        proc = start_build(ddir, full=True)
        killed += kill_after(proc, rng.uniform(0.15, 0.7) * duration)
        assert_readable(ddir)
        assert_consistent_or_stale(ddir)
    assert killed, "no build was killed: the corpus builds too fast to test"
    report = build(ddir)
    assert report.documents == DOCS + BUNDLED
    assert not is_stale(ddir)
    assert_consistent_or_stale(ddir)


def test_killed_rebuilds_after_changes(timing: tuple[Path, float]) -> None:
    root, duration = timing
    ddir = root / "ref"  # fully built by the fixture
    rng = random.Random(11)
    lib = sorted(p for p in (ddir / "library").iterdir() if not p.name.startswith("."))
    for round_ in range(4):
        for p in rng.sample(lib, 30):
            p.write_bytes(p.read_bytes() + f"\n修改 {round_}\n".encode())
        proc = start_build(ddir)
        # the tables are written at the end of a build: aim the kills there
        kill_after(proc, rng.uniform(0.2, 1.1) * duration)
        assert_readable(ddir)
        assert_consistent_or_stale(ddir)
    report = build(ddir)
    assert report.documents == DOCS + BUNDLED
    assert not list(ddir.glob(".*.tmp"))  # leftovers of killed builds are gone
    assert not is_stale(ddir)
    assert_consistent_or_stale(ddir)


def test_mixed_generations_are_stale_and_rebuilt(timing: tuple[Path, float]) -> None:
    """The state a kill between two renames leaves: one table from another build."""
    root, _ = timing
    ddir = root / "ref"
    build(ddir)
    facts_before = pl.read_parquet(ddir / "facts.parquet")
    kept = (ddir / "facts.parquet").read_bytes()
    victim = sorted((ddir / "library").glob("*.txt"))[0]
    victim.write_bytes(victim.read_bytes() + "\n再次修改\n".encode())
    build(ddir)
    (ddir / "facts.parquet").write_bytes(kept)  # facts of the previous build
    assert is_stale(ddir)
    report = build(ddir)
    assert report.written and not is_stale(ddir)
    assert len(pl.read_parquet(ddir / "facts.parquet")) == len(facts_before)


def test_truncated_table_is_detected_and_rebuilt(timing: tuple[Path, float]) -> None:
    root, _ = timing
    ddir = root / "ref"
    build(ddir)
    path = ddir / "facts.parquet"
    n = len(pl.read_parquet(path))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert is_stale(ddir)
    report = build(ddir)
    assert report.messages == ["facts.parquet was damaged; rebuilding it from the sources"]
    assert len(pl.read_parquet(path)) == n
