"""Budgets per document, the size limit, the build lock, the cleanup of leftovers, signals
and one document per content (build.py, budget.py, library.py).

A document that runs out of time or memory, crashes its worker or raises is one failed
document with the reason, and the build goes on; it is parsed again only when it changes.
The slow, greedy and crashing parsers here are the build's own `_parse_one` wrapped for
chosen file names: the workers are forked, so they run the wrapper.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import polars as pl
import pytest
from procs import children

import ducha.build as build_mod
from ducha.build import LOCK, build, build_lock
from ducha.dataset import TABLES
from ducha.library import add_paths
from ducha.parsers.pipeline import parse_path

BUNDLED = 5


def seeds() -> list[Path]:
    return sorted(Path(str(resources.files("ducha.data") / "sources")).iterdir())


def report_bytes(i: int) -> bytes:
    """A good report with bytes of its own."""
    seed = seeds()[i % len(seeds())]
    return f"副本 {i}\n".encode() + seed.read_bytes()


def make_library(root: Path, names: list[str]) -> Path:
    lib = root / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (lib / name).write_bytes(report_bytes(i))
    return lib


def documents(ddir: Path) -> dict[str, dict]:
    docs = pl.read_parquet(ddir / "documents.parquet").drop("text")
    return {r["name"]: r for r in docs.iter_rows(named=True)}


@pytest.fixture(autouse=True)
def no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUCHA_CONFIG", str(tmp_path / "none.toml"))


def hostile_parser(monkeypatch: pytest.MonkeyPatch, behaviours: dict) -> Callable:
    """Make `_parse_one` misbehave for the file names in `behaviours`; returns the real one."""
    real = build_mod._parse_one

    def parse(args):
        act = behaviours.get(os.path.basename(args[0]))
        if act is not None:
            act()
        return real(args)

    monkeypatch.setattr(build_mod, "_parse_one", parse)
    return real


def hog() -> None:
    chunks = [bytearray(64 * 1024 * 1024) for _ in range(32)]  # 2 GB
    del chunks


def crash() -> None:
    import faulthandler

    faulthandler.disable()  # the test runner's dump of the crash is noise here
    os.kill(os.getpid(), signal.SIGSEGV)


def boom() -> None:
    raise RuntimeError("a reader bug")


# --- budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_each_budget_costs_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setenv("DUCHA_DOC_SECONDS", "1.5")
    monkeypatch.setenv("DUCHA_DOC_MEMORY_MB", "256")
    real = hostile_parser(monkeypatch, {
        "slow.txt": lambda: time.sleep(60),
        "greedy.txt": hog,
        "crash.txt": crash,
        "buggy.txt": boom,
    })  # fmt: skip
    names = ["a.txt", "slow.txt", "greedy.txt", "b.txt", "crash.txt", "buggy.txt", "c.txt"]
    lib = make_library(tmp_path, names)
    t = time.perf_counter()
    report = build(tmp_path / "ds", [str(lib)], workers=workers)
    assert time.perf_counter() - t < 20
    assert report.documents == len(names) + BUNDLED
    docs = documents(tmp_path / "ds")
    for good in ("a.txt", "b.txt", "c.txt"):
        assert docs[good]["status"] == "ok" and docs[good]["n_facts"] > 0
    assert docs["slow.txt"]["problems"] == ["parsing took longer than 1.5 s"]
    assert docs["greedy.txt"]["problems"] == ["needed more than 256 MB"]
    assert "crashed (SIGSEGV)" in docs["crash.txt"]["problems"][0]
    assert docs["buggy.txt"]["problems"] == ["parsing failed: RuntimeError: a reader bug"]
    for bad in ("slow.txt", "greedy.txt", "crash.txt", "buggy.txt"):
        assert docs[bad]["status"] == "failed" and docs[bad]["n_sections"] == 0
    ids = {docs[n]["doc_id"] for n in ("slow.txt", "greedy.txt", "crash.txt", "buggy.txt")}
    secs = pl.read_parquet(tmp_path / "ds" / "sections.parquet")
    assert not set(secs["doc_id"]) & ids
    # a failed document is recorded like any other: not tried again until it changes
    t = time.perf_counter()
    again = build(tmp_path / "ds", [str(lib)], workers=workers)
    assert again.parsed == 0 and time.perf_counter() - t < 1.5
    (lib / "slow.txt").write_bytes(report_bytes(40))
    monkeypatch.setattr(build_mod, "_parse_one", real)
    changed = build(tmp_path / "ds", [str(lib)], workers=workers)
    assert changed.parsed == 1
    assert documents(tmp_path / "ds")["slow.txt"]["status"] == "ok"


def test_a_failed_document_keeps_its_content_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of a file that fails are one document."""
    monkeypatch.setenv("DUCHA_DOC_SECONDS", "1")
    hostile_parser(monkeypatch, {"x.txt": lambda: time.sleep(30), "y.txt": lambda: time.sleep(30)})
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "x.txt").write_bytes(report_bytes(1))
    (lib / "y.txt").write_bytes(report_bytes(1))
    report = build(tmp_path / "ds", [str(lib)], workers=2)
    assert report.documents == BUNDLED + 1


# --- the size limit --------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCHA_MAX_FILE_MB", "1")
    lib = make_library(tmp_path, ["a.txt"])
    with open(lib / "big.txt", "wb") as fh:
        fh.write(report_bytes(2))
        fh.truncate(3 * 1024 * 1024)
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kw):
        if str(path).endswith("big.txt"):
            opened.append(str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr("builtins.open", spy)
    report = build(tmp_path / "ds", [str(lib)], workers=1)
    monkeypatch.setattr("builtins.open", real_open)
    assert not opened
    doc = documents(tmp_path / "ds")["big.txt"]
    assert doc["status"] == "failed"
    assert doc["problems"] == [
        "file of 3.0 MB is over the 1 MB limit (DUCHA_MAX_FILE_MB); not read"
    ]
    assert report.documents == BUNDLED + 2
    assert build(tmp_path / "ds", [str(lib)], workers=1).parsed == 0
    os.utime(lib / "big.txt")  # touched, still too large: failed again without a read
    assert build(tmp_path / "ds", [str(lib)], workers=1).parsed == 1
    assert documents(tmp_path / "ds")["big.txt"]["status"] == "failed"


def test_add_refuses_a_file_over_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCHA_MAX_FILE_MB", "1")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024 * 1024)
    small = tmp_path / "small.txt"
    small.write_bytes(report_bytes(3))
    library = tmp_path / "library"
    result = add_paths([str(big), str(small)], library)
    assert [d.name for _s, d, _i in result.added] == ["small.txt"]
    assert result.problems == [
        (str(big), "file of 2.0 MB is over the 1 MB limit (DUCHA_MAX_FILE_MB); not added")
    ]
    assert sorted(p.name for p in library.iterdir()) == ["small.txt"]


# --- one document per content ----------------------------------------------------------


def assert_once(ddir: Path) -> None:
    """Every table holds each document's rows once."""
    docs = pl.read_parquet(ddir / "documents.parquet", columns=["doc_id"])
    assert docs["doc_id"].is_unique().all()
    secs = pl.read_parquet(ddir / "sections.parquet")
    assert secs["section_id"].is_unique().all()
    tasks = pl.read_parquet(ddir / "tasks.parquet")
    assert tasks["task_id"].is_unique().all()


def test_the_same_content_at_two_paths_is_one_document(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    data = report_bytes(0)
    (lib / "a.txt").write_bytes(data)
    (lib / "b.txt").write_bytes(data)
    (lib / "c.txt").write_bytes(report_bytes(1))
    ddir = tmp_path / "ds"
    report = build(ddir, [str(lib)], workers=2)
    assert report.documents == BUNDLED + 2
    assert_once(ddir)
    one = parse_path(lib / "a.txt")
    facts = pl.read_parquet(ddir / "facts.parquet").filter(pl.col("doc_id") == one.doc_id)
    assert len(facts) == sum(len(s.facts) for s in one.sections)
    # a third copy added to a built dataset, then the first copy removed
    (lib / "d.txt").write_bytes(data)
    build(ddir, [str(lib)], workers=1)
    assert_once(ddir)
    (lib / "a.txt").unlink()
    build(ddir, [str(lib)], workers=1)
    assert_once(ddir)
    row = pl.read_parquet(ddir / "documents.parquet").filter(pl.col("doc_id") == one.doc_id)
    assert row["name"].to_list() in (["b.txt"], ["d.txt"])  # a path that still holds it
    facts = pl.read_parquet(ddir / "facts.parquet").filter(pl.col("doc_id") == one.doc_id)
    assert len(facts) == sum(len(s.facts) for s in one.sections)


# --- leftovers -------------------------------------------------------------------------


def test_only_ducha_leftovers_are_removed(tmp_path: Path) -> None:
    ddir = tmp_path / "ds"
    build(ddir, workers=1)
    ours = [
        ddir / ".facts.parquet.abcd1234.tmp",
        ddir / ".manifest.json.a_b_c_d_.tmp",
        ddir / ".stamps.json.zzzz9999.tmp",
        ddir / "answers" / ".aliases.json.q1w2e3r4.tmp",
        ddir / "answers" / f".{'0123456789abcdef0123'}.json.q1w2e3r4.tmp",
    ]
    theirs = [
        ddir / ".foo.tmp",
        ddir / ".notes.txt.abcd1234.tmp",
        ddir / ".facts.parquet.tmp",
        ddir / "answers" / ".draft.json.abcd1234.tmp",
    ]
    for p in ours + theirs:
        p.write_bytes(b"x")
    build(ddir, workers=1)  # nothing to do, but leftovers go
    assert [p.name for p in ours if p.exists()] == []
    assert [p.name for p in theirs if not p.exists()] == []


# --- the lock --------------------------------------------------------------------------


def ducha(ddir: Path, *args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ducha", "--data", str(ddir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})}, **kw,
    )  # fmt: skip


def test_a_second_build_waits_then_says_who_holds_the_lock(tmp_path: Path) -> None:
    ddir = tmp_path / "ds"
    ddir.mkdir()
    with build_lock(ddir):
        t = time.perf_counter()
        proc = ducha(ddir, "build", env={"DUCHA_LOCK_SECONDS": "1"})
        _out, err = proc.communicate(timeout=60)
        assert time.perf_counter() - t >= 1
    assert proc.returncode == 1
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        f"ducha: another build is running (pid {os.getpid()}) in {ddir}"
    ]
    assert not (ddir / "manifest.json").exists()
    assert (ddir / LOCK).read_text().strip() == str(os.getpid())
    build(ddir, workers=1)  # the lock was released with its holder


def test_two_builds_at_once_both_finish(tmp_path: Path) -> None:
    lib = make_library(tmp_path, [f"r{i:03d}.txt" for i in range(60)])
    ddir = tmp_path / "ds"
    procs = [ducha(ddir, "build", "--", str(lib)) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outs, strict=True):
        assert "Traceback" not in err
        assert proc.returncode == 0 or "another build is running" in err
    assert any(p.returncode == 0 for p in procs)
    docs = pl.read_parquet(ddir / "documents.parquet", columns=["doc_id"])
    assert len(docs) == 60 + BUNDLED
    assert_once(ddir)
    for t in TABLES:
        pl.read_parquet(ddir / f"{t}.parquet")


# --- signals ---------------------------------------------------------------------------

_SLOW_BUILD = """
import sys, time
import ducha.build as b
real = b._parse_one
def slow(args):
    time.sleep(120)
    return real(args)
b._parse_one = slow
from ducha.cli import main
sys.exit(main(["--data", sys.argv[1], "build", "--", sys.argv[2]]))
"""


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    ("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_a_signal_leaves_no_worker_behind(tmp_path: Path, sig: int, status: int) -> None:
    lib = make_library(tmp_path, [f"r{i}.txt" for i in range(4)])
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, str(tmp_path / "ds"), str(lib)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "DUCHA_DOC_SECONDS": "300", "NO_COLOR": "1"},
        start_new_session=True,  # a Ctrl-C here must not reach the test
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.1)
            workers = children(proc.pid)
        assert workers, "the build started no worker"
        proc.send_signal(sig)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == status, err
    assert "Traceback" not in err
    if sig != signal.SIGINT:
        assert f"build stopped by {signal.Signals(sig).name}" in err
    time.sleep(0.5)
    assert [w for w in workers if alive(w)] == []


def test_without_worker_processes_documents_are_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no process can be started (a sandbox, a limit on processes), the build still
    completes, and says that it ran without budgets."""
    import ducha.budget

    def no_fork(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(ducha.budget.Pool, "_start", no_fork)
    lib = make_library(tmp_path, ["a.txt", "b.txt"])
    report = build(tmp_path / "ds", [str(lib)], workers=2)
    assert report.documents == BUNDLED + 2
    assert any("without time and memory budgets" in m for m in report.messages)
    assert documents(tmp_path / "ds")["a.txt"]["status"] == "ok"


# --- a dataset that cannot be refreshed is read as it is ---------------------------------


def _stale_dataset(tmp_path: Path) -> tuple[Path, Path]:
    """A built dataset, then a new report in its library: stale, with data to show."""
    ddir = tmp_path / "ds"
    build(ddir, workers=1)
    (ddir / "library").mkdir()
    (ddir / "library" / "new.txt").write_bytes(report_bytes(7))
    return ddir, ddir / "library" / "new.txt"


def test_show_while_another_build_runs_shows_the_last_build_at_once(tmp_path: Path) -> None:
    ddir, _new = _stale_dataset(tmp_path)
    with build_lock(ddir):
        t = time.perf_counter()
        proc = ducha(ddir, "show", "河南")
        out, err = proc.communicate(timeout=60)
        took = time.perf_counter() - t
    assert proc.returncode == 0, err
    assert took < 20  # not the lock's 30 s wait
    assert "河南" in out
    assert (
        f"could not refresh the dataset in {ddir} (another build is running, pid {os.getpid()});"
        " showing it as the last build left it" in " ".join(err.split())
    )
    assert "Traceback" not in err


def test_show_on_a_dataset_that_cannot_be_written_reads_it_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Root writes anywhere: the read-only folder is the build's PermissionError."""
    import errno

    from cli_helpers import run

    ddir, _new = _stale_dataset(tmp_path)

    def read_only(*args, **kw):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(ddir))

    monkeypatch.setattr(build_mod, "build", read_only)
    rc, out, err = run(capsys, "show", "河南", "--data", str(ddir))
    assert rc == 0
    assert "河南" in out
    assert "could not refresh the dataset" in err and "(Permission denied)" in err


def test_the_app_opens_the_last_build_while_another_runs(tmp_path: Path) -> None:
    from ducha.tui.model import Model

    ddir, _new = _stale_dataset(tmp_path)
    with build_lock(ddir):
        model = Model.load(ddir)
    assert "another build is running" in model.note
    assert "showing it as the last build left it" in model.note
    assert len(model.documents) == BUNDLED


_APP_BUILDING = """
import sys
from pathlib import Path
from ducha.runbuild import run_build
run_build(Path(sys.argv[1]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_the_build_child_ends_with_the_app(tmp_path: Path) -> None:
    """The app builds through a child `ducha build`; when the app dies (killed, its
    terminal gone), the child is ended too, instead of building on unseen."""
    ddir = tmp_path / "ds"
    ddir.mkdir()
    with build_lock(ddir):  # the child waits for this lock: alive until its parent ends
        app = subprocess.Popen([sys.executable, "-c", _APP_BUILDING, str(ddir)])
        try:
            deadline = time.monotonic() + 30
            kids: list[int] = []
            while time.monotonic() < deadline and not kids:
                time.sleep(0.1)
                kids = children(app.pid)
            assert kids, "no build child"
            time.sleep(0.5)  # past the exec: the child is `ducha build`, waiting
            app.kill()
            app.wait()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(alive(k) for k in kids):
                time.sleep(0.1)
            assert not any(alive(k) for k in kids)
        finally:
            if app.poll() is None:
                app.kill()
