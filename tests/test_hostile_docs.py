"""Hostile documents (tests/fixtures/hostile_docs/, and a 1 MB line made here): each is
read without a crash, gives the facts it states where they are readable, and says what
was wrong with it as a problem, never as silent nonsense."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import polars as pl
import pytest

from ducha.parsers.dataset import build
from ducha.parsers.pipeline import parse_bytes, parse_path

HOSTILE = Path(__file__).parent / "fixtures" / "hostile_docs"
HEAD = (
    "河南省公开第二轮中央生态环境保护督察整改落实情况\n\n发布时间:2023-03-31\n\n"
    "2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展第二轮生态环境保护督察,"
)
TASKS = {"tasks_total": 82, "tasks_done": 59, "tasks_in_progress": 23}


def facts(doc) -> dict[str, float]:
    return {f.field: f.value for s in doc.sections for f in s.facts}


def spans_are_evidence(doc) -> None:
    for s in doc.sections:
        for item in [*s.facts, *s.metrics, *s.deadlines]:
            assert doc.text[item.ev.start : item.ev.end] == item.ev.evidence


@pytest.mark.parametrize(
    ("name", "expected", "problem"),
    [
        ("zero_width_bidi.txt", {**TASKS, "petitions_total": 3435, "petitions_done": 3402},
         "control or escape characters"),
        ("markup_escapes.html", TASKS, "control or escape characters"),
        ("deep_nesting.html", TASKS, None),
        ("mixed_encodings.txt", TASKS, "undecodable"),
        ("numbers.txt", {**TASKS, "petitions_total": 3435, "petitions_done": 3402,
                         "ordered_rectification": 1210, "fines_wan": 13200.5}, None),
        ("contradictory.txt", {"tasks_total": 82, "tasks_done": 95}, "tasks_done (95) exceeds tasks_total (82)"),
    ],
)  # fmt: skip
def test_hostile_document(name: str, expected: dict, problem: str | None) -> None:
    doc = parse_path(HOSTILE / name)
    got = facts(doc)
    for field, value in expected.items():
        assert got.get(field) == value, (field, got)
    if problem is None:
        assert doc.status == "ok", doc.problems
    else:
        assert doc.status == "warning"
        assert any(problem in p for p in doc.problems), doc.problems
    spans_are_evidence(doc)
    # no terminal control reaches the stored text: ESC, BEL, C1, bidi overrides
    assert not any(ch in doc.text for ch in "\x1b\x07\x9b\u202e\u2066")


def test_markup_stays_text() -> None:
    doc = parse_path(HOSTILE / "markup_escapes.html")
    assert doc.title is not None and "[@click=app.quit]" in doc.title  # shown, not obeyed
    assert "document.write" not in doc.text  # scripts are not text


def test_contradictory_rate_and_counts_are_problems() -> None:
    doc = parse_path(HOSTILE / "contradictory.txt")
    assert any("petitions_done (1350) exceeds petitions_total (1200)" in p for p in doc.problems)


def test_one_megabyte_line() -> None:
    sentence = "截至2022年12月底,河南省82项整改任务已完成59项,其余23项正在推进。"
    filler = "坚持问题导向,举一反三,建立健全长效机制" * 20000  # no newline, ~1 MB
    data = (
        HEAD + "并于2021年7月15日反馈了督察意见。" + sentence + filler + sentence + "\n"
    ).encode()
    assert len(data) > 1_000_000
    t = time.perf_counter()
    doc = parse_bytes(data, "long_line.txt")
    elapsed = time.perf_counter() - t
    assert facts(doc).get("tasks_total") == 82
    spans_are_evidence(doc)
    assert elapsed < 20, f"a 1 MB line took {elapsed:.1f} s"


def test_hostile_documents_build_into_a_dataset(tmp_path: Path) -> None:
    ddir = tmp_path / "ds"
    shutil.copytree(HOSTILE, ddir / "library")
    report = build(ddir)
    names = {Path(p).name for p, _ in report.problem_docs}
    assert {"contradictory.txt", "mixed_encodings.txt", "markup_escapes.html"} <= names
    docs = pl.read_parquet(ddir / "documents.parquet", columns=["name", "status", "problems"])
    row = docs.filter(pl.col("name") == "contradictory.txt").row(0, named=True)
    assert row["status"] == "warning" and any("contradict" in p for p in row["problems"])
