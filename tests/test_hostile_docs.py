"""Hostile documents (tests/fixtures/hostile_docs/, and a 1 MB line made here): each is
read without a crash, gives the facts it states where they are readable, and says what
was wrong with it as a problem, never as silent nonsense."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import polars as pl
import pytest

from ducha.build import build
from ducha.parsers.pipeline import parse_bytes, parse_path, parse_text

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
        ("contradictory.txt", {"tasks_total": None, "tasks_done": None, "tasks_in_progress": 3},
         "tasks_done (95) exceeds tasks_total (82)"),
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
    # neither of two figures that contradict each other is shown as a fact
    got = facts(doc)
    assert not {"tasks_total", "tasks_done", "petitions_total", "petitions_done"} & set(got)
    assert "petitions_rate" not in got


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


CHECKS = """\
湖北省公开第二轮中央生态环境保护督察整改落实情况
发布时间:2023-04-20

2021年8月25日至9月25日,中央第三生态环境保护督察组对湖北省开展第二轮中央生态环境保护督察,并于2021年12月14日反馈督察报告。
截至2023年3月底,湖北省58项整改任务已完成41项,正在推进的20项。
督察组交办的2,400件信访件已办结2,300件,办结率99.5%。
截至2023年3月底,第二轮督察涉及的问题30个,达到序时进度18个,未达序时进度15个。
"""


def test_checks_drop_both_figures_of_a_contradiction_and_list_it() -> None:
    doc = parse_text(CHECKS)
    [sec] = doc.sections
    got = {f.field: f.value for f in sec.facts}
    # done + in progress (41 + 20) exceeds the total (58): none of the three is shown
    assert not {"tasks_total", "tasks_done", "tasks_in_progress"} & set(got)
    assert any("tasks_done + tasks_in_progress (61) exceeds tasks_total (58)" in p
               for p in doc.problems)  # fmt: skip
    # a rate that disagrees with done/total (2300/2400 = 95.8%) is dropped, the counts stay
    assert got["petitions_total"] == 2400 and got["petitions_done"] == 2300
    assert "petitions_rate" not in got
    assert any("petitions_rate 99.5% disagrees" in p for p in doc.problems)
    # on schedule + behind (18 + 15) exceeds the problems (30)
    assert not {"problems_on_schedule", "problems_behind", "problems_total"} & set(got)
    assert doc.status == "warning"


def test_checks_keep_figures_that_agree() -> None:
    text = CHECKS.replace("正在推进的20项", "其余17项正在推进").replace("99.5%", "95.8%")
    text = text.replace("未达序时进度15个", "未达序时进度12个")
    doc = parse_text(text)
    [sec] = doc.sections
    got = {f.field: f.value for f in sec.facts}
    assert got["tasks_total"] == 58 and got["tasks_done"] == 41 and got["tasks_in_progress"] == 17
    assert got["petitions_rate"] == 95.8
    assert got["problems_on_schedule"] == 18 and got["problems_behind"] == 12
    assert not any("contradict" in p or "disagrees" in p for p in doc.problems), doc.problems


def test_checks_dates_in_order() -> None:
    text = CHECKS.replace("并于2021年12月14日反馈", "并于2021年8月14日反馈").replace(
        "截至2023年3月底,湖北省", "截至2023年6月底,湖北省"
    )
    doc = parse_text(text)
    [sec] = doc.sections
    assert sec.feedback_date is None and sec.inspection_start == "2021-08-25"
    assert sec.as_of is None  # stated after the page's own date
    assert any("feedback (2021-08-14) before the stay" in p for p in doc.problems)
    assert any("after the page's date" in p for p in doc.problems)
