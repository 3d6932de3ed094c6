"""A build of a hostile corpus (tests/hostile_corpus.py) costs one document per bad file.

The build runs through `ducha.build.build` with two workers in a child process whose own
address space is capped at 3 GB and whose run is capped at 120 s; each worker has its own
budget (budget.py). Afterwards every bad file is a document with a reason, every good
report is extracted, `ducha show` and the app's model read the dataset, and the build
process stayed under 1 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile_corpus import BAD, GOOD, generate

SECONDS = 15  # the budget per document here: the slow file costs this, not minutes
LIMIT_S = 120
GB = 1024 * 1024 * 1024

_CHILD = """
import json, resource, sys, time
def peak_bytes():
    # the peak of this program since it started: ru_maxrss would also count the test
    # process it was forked from, which Linux keeps across exec
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from ducha.build import build
t = time.perf_counter()
report = build(sys.argv[1], [sys.argv[2]], workers=2)
print(json.dumps({
    "seconds": time.perf_counter() - t,
    "self_kb": peak_bytes() // 1024,
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "documents": report.documents,
}))
"""


def _env(root: Path) -> dict[str, str]:
    """A config naming the corpus as a source, so that `ducha show` finds the dataset
    current rather than rebuilding it without the corpus."""
    config = root / "config.toml"
    config.write_text(f"sources = [{json.dumps(str(root / 'corpus'))}]\n", encoding="utf-8")
    return {
        **os.environ,
        "DUCHA_CONFIG": str(config),
        "DUCHA_DOC_SECONDS": str(SECONDS),
        "NO_COLOR": "1",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("hostile")
    corpus = generate(root / "corpus")
    ddir = root / "ds"
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ddir), str(corpus)],
        capture_output=True, text=True, timeout=LIMIT_S, env=_env(root),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    return ddir, corpus, outcome


def _documents(ddir: Path) -> dict[str, dict]:
    docs = pl.read_parquet(ddir / "documents.parquet").drop("text")
    return {r["name"]: r for r in docs.iter_rows(named=True)}


@pytest.mark.parametrize("name", BAD)
def test_every_bad_file_is_one_document_with_a_reason(built, name: str) -> None:
    ddir, _corpus, _ = built
    doc = _documents(ddir)[name]
    if name == "long_list.txt" and doc["status"] == "ok":
        return  # read within its budget: a reader that is no longer quadratic
    assert doc["status"] in ("failed", "warning", "error"), doc
    assert doc["problems"], doc
    if doc["status"] == "failed":
        assert doc["n_sections"] == 0
        secs = pl.read_parquet(ddir / "sections.parquet").filter(pl.col("doc_id") == doc["doc_id"])
        assert secs.is_empty()


def test_the_reasons(built) -> None:
    ddir, _corpus, _ = built
    docs = _documents(ddir)
    assert docs["huge.txt"]["status"] == "failed"
    assert "over the 50 MB limit" in docs["huge.txt"]["problems"][0]
    slow = docs["long_list.txt"]
    if slow["status"] == "failed":
        assert slow["problems"] == [f"parsing took longer than {SECONDS} s"]


@pytest.mark.parametrize("name", GOOD)
def test_every_good_report_is_extracted(built, name: str) -> None:
    ddir, _corpus, _ = built
    doc = _documents(ddir)[name]
    assert doc["status"] == "ok", doc["problems"]
    assert doc["n_sections"] > 0 and doc["n_facts"] > 0


def test_time_and_memory(built) -> None:
    _ddir, _corpus, outcome = built
    # the slow document costs its budget once; everything else is quick
    assert outcome["seconds"] < SECONDS + 30, outcome
    assert outcome["self_kb"] * 1024 < GB, outcome  # the build process itself
    # each worker: its budget (1024 MB) on top of what it shares with the build process
    assert outcome["children_kb"] * 1024 < 2 * GB, outcome


def test_show_and_the_app_read_the_dataset(built, monkeypatch: pytest.MonkeyPatch) -> None:
    ddir, corpus, _ = built
    root = ddir.parent
    env = _env(root)
    for args in ([], ["河南"]):
        proc = subprocess.run(
            [sys.executable, "-m", "ducha", "--data", str(ddir), "show", *args],
            capture_output=True, text=True, timeout=60, env=env,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "refreshed" not in proc.stderr  # the hostile build left a current dataset
    monkeypatch.setenv("DUCHA_CONFIG", env["DUCHA_CONFIG"])
    from ducha.tui.model import Model

    model = Model.load(ddir, extra=[str(corpus)])  # (rebuilds if the parser was edited since)
    assert len(model.store.documents) == len(_documents(ddir)) == len(BAD) + len(GOOD) + 5
