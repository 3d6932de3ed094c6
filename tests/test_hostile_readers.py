"""A hostile file costs one document, never unbounded memory or time.

Each input is built here (a few kilobytes on disk at most, except the 20 MB line) and
parsed in a fresh interpreter whose address space is capped at 1.5 GB, within a time bound
generous enough for a slow machine: merged cells that claim a million cells each, a
workbook row at r=300,000,000, zip bombs, 100,000 nested elements, lists of thousands of
counts and a 20 MB line without a full stop. Where something was not read, the document's
problems say so. `bench/hostile.py` prints the same shapes' time and peak memory.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ducha.parsers.ledger import tables
from ducha.parsers.pipeline import parse_bytes
from ducha.parsers.sentences import MAX_SENTENCE, sentence_spans

_SPEC = importlib.util.spec_from_file_location(
    "hostile_shapes", Path(__file__).resolve().parents[1] / "bench" / "hostile.py"
)
assert _SPEC is not None and _SPEC.loader is not None
shapes: Any = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(shapes)

MEMORY = int(1.5 * 2**30)


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
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from ducha.parsers.pipeline import parse_bytes
data = open(sys.argv[1], "rb").read()
t = time.perf_counter()
doc = parse_bytes(data, sys.argv[2])
took = time.perf_counter() - t
rss = peak_bytes()
print(json.dumps([took, rss, doc.status, doc.problems, len(doc.sections), len(doc.tasks)]))
"""


def _parse_bounded(data: bytes, name: str, seconds: float) -> tuple[Any, ...]:
    """Parse in a fresh interpreter capped at 1.5 GB of address space; fail past `seconds`
    (the child is killed at twice that)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path), name, str(MEMORY)],
                capture_output=True,
                text=True,
                timeout=seconds * 2 + 30,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name}: no result within {seconds * 2 + 30:.0f} s")
    assert done.returncode == 0, f"{name}: {done.stderr[-2000:]}"
    got = json.loads(done.stdout.strip().splitlines()[-1])
    took, rss, *_ = got
    assert took < seconds, f"{name}: {took:.1f} s (bound {seconds} s)"
    assert rss < MEMORY, f"{name}: {rss / 2**20:.0f} MB"
    return tuple(got)


# --------------------------------------------------------------------------- HTML tables


@pytest.mark.parametrize("cells", [3, 60])
def test_merged_cells_are_clipped_to_the_table(cells: int) -> None:
    data = shapes.span_table(cells)
    _took, rss, status, problems, *_ = _parse_bounded(data, "spans.html", 5)
    assert rss < 400 * 2**20
    assert status != "error", problems


def test_clipped_spans_fill_what_the_table_has() -> None:
    rows = [[("a", 1000, 1000), ("b", 1, 1)], [("c", 1, 1)], [("d", 1, 1)]]
    grid = tables._expand(rows)  # type: ignore[arg-type]
    assert len(grid) == 3  # the rowspan ends at the last row there is
    assert all(len(r) == tables.MAX_COLUMNS for r in grid)
    assert grid[2][0] == "a" and grid[0][-1] == "a"


def test_a_table_past_the_cell_ceiling_is_skipped_with_a_problem() -> None:
    rows = "".join(f'<tr><td colspan="1000">{i}</td></tr>' for i in range(1100))
    html = f"<html><body><p>山西省整改任务清单</p><table>{rows}</table></body></html>"
    _took, _rss, _status, problems, *_ = _parse_bounded(html.encode(), "big.html", 20)
    assert any("more than 200,000 cells was not read" in p for p in problems), problems


def test_a_page_of_many_large_tables_stops_at_the_page_ceiling() -> None:
    _took, _rss, _status, problems, *_ = _parse_bounded(
        shapes.many_tables(2_000_000), "tables.html", 30
    )
    assert any("and those after it were not read" in p for p in problems), problems


def test_a_million_real_rows_cost_bounded_memory() -> None:
    _took, _rss, _status, problems, *_ = _parse_bounded(shapes.table_rows(), "rows.html", 60)
    assert any("more than 200,000 cells was not read" in p for p in problems), problems


def test_a_ragged_csv_is_refused_before_it_is_padded() -> None:
    _took, _rss, status, problems, *_ = _parse_bounded(shapes.ragged_csv(), "ragged.csv", 20)
    assert status == "error"
    assert problems == ["a table of more than 1,000,000 cells (rows x columns): not read"]


# --------------------------------------------------------------------------- XLSX


def _sheet(body: str, merges: str = "") -> bytes:
    xml = shapes._SHEET_HEAD + body.encode() + b"</sheetData>" + merges.encode()
    return shapes._xlsx(xml + b"</worksheet>")


def test_a_row_at_300_million_is_one_row() -> None:
    data = shapes.xlsx_far_row()
    assert len(data) < 4096
    _took, rss, _status, problems, *_ = _parse_bounded(data, "far.xlsx", 10)
    assert rss < 400 * 2**20
    assert not any("MemoryError" in p for p in problems), problems


def test_far_rows_keep_their_numbers_and_the_tasks_are_read() -> None:
    header = ["序号", "整改任务", "责任单位", "整改时限", "完成情况"]
    task = ["1", "关停城区违规焦化产能", "太原市人民政府", "2021年底前", "已完成"]

    def row(r: int, values: list[str]) -> str:
        cells = "".join(
            f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            for i, v in enumerate(values)
        )
        return f'<row r="{r}">{cells}</row>'

    body = row(1, header) + row(2, task) + row(200_000_000, ["2", "矿山生态修复", "省自然资源厅"])
    grids, problems = tables.xlsx_grids(_sheet(body))
    assert not problems
    assert grids[0].row_numbers == [1, 2, 200_000_000]
    doc = parse_bytes(_sheet(body), "山西省整改台账.xlsx")
    assert [t["row"] for t in doc.tasks] == [2, 200_000_000]


def test_a_sheet_past_the_cell_ceiling_is_not_read() -> None:
    body = "".join(f'<row r="{r}"><c r="GR{r}"><v>1</v></c></row>' for r in range(1, 6001))
    grids, problems = tables.xlsx_grids(_sheet(body))
    assert not grids
    assert problems == ["sheet 'Sheet1': more than 1,000,000 cells: not read"]


def test_a_merge_over_the_whole_sheet_is_clipped() -> None:
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row><row r="2"/>'
    merges = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    grids, problems = tables.xlsx_grids(_sheet(body, merges))
    assert not problems
    assert len(grids[0].rows) == 1 and len(grids[0].rows[0]) == tables.MAX_COLUMNS


def test_a_row_of_millions_of_cells_is_refused_before_it_is_parsed() -> None:
    data = shapes.xlsx_long_row()
    _took, rss, status, problems, *_ = _parse_bounded(data, "row.xlsx", 10)
    assert rss < 400 * 2**20
    assert status == "error"
    assert any("a row of more than 16,384 cells: not read" in p for p in problems), problems


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    data = shapes.xlsx_bomb(20)
    assert len(data) < 100_000
    doc = parse_bytes(data, "bomb.xlsx")
    assert doc.status == "error"
    assert any("zip bomb" in p and "not read" in p for p in doc.problems), doc.problems


def test_a_workbook_that_inflates_past_the_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tables, "MAX_WORKBOOK_BYTES", 1000)
    doc = parse_bytes(_sheet('<row r="1"><c r="A1"><v>1</v></c></row>' * 50), "big.xlsx")
    assert doc.status == "error"
    assert any("would decompress to" in p and "not read" in p for p in doc.problems)


def test_a_damaged_zip_directory_is_a_problem() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x", b"1")
    doc = parse_bytes(b"PK" + buf.getvalue()[2:-10], "x.xlsx")
    assert doc.status == "error" and doc.problems


# --------------------------------------------------------------------------- nesting


@pytest.mark.parametrize("tag", ["div", "b", "ul", "section"])
def test_100k_nested_elements_in_linear_time(tag: str) -> None:
    _took, _rss, status, problems, *_ = _parse_bounded(shapes.nested(tag), "nested.html", 10)
    assert status != "error", problems


def test_nested_tables_in_cells() -> None:
    _parse_bounded(shapes.nested_cells(), "nested.html", 10)


def test_deep_nesting_keeps_every_word_and_hides_scripts() -> None:
    from ducha.parsers.load import load_bytes

    depth = 3000
    html = (
        "<html><body>" + "<div>" * depth + "<script>var hidden = 1;</script>"
        "<p>督察组交办的问题已整改完成3件。</p>" + "</div>" * depth + "<p>尾</p></body></html>"
    )
    loaded = load_bytes(html.encode(), "deep.html")
    assert "督察组交办的问题已整改完成3件。" in loaded.text
    assert "尾" in loaded.text and "hidden" not in loaded.text


# --------------------------------------------------------------------------- lists and lines


@pytest.mark.parametrize(
    "make", ["place_list", "bare_counts", "paired_list"], ids=["places", "bare", "paired"]
)
def test_a_280kb_list_of_counts(make: str) -> None:
    _parse_bounded(getattr(shapes, make)(280_000), "list.txt", 5)


def test_a_place_list_is_still_read() -> None:
    doc = parse_bytes(shapes.place_list(3_000), "list.txt")
    assert doc.status == "ok", doc.problems
    assert len(doc.sections) > 5


def test_a_20mb_line_without_a_full_stop() -> None:
    _parse_bounded(shapes.long_line(20_000_000), "line.txt", 60)


def test_millions_of_lines_are_read_up_to_the_sentence_ceiling() -> None:
    _took, _rss, status, problems, *_ = _parse_bounded(shapes.short_lines(), "lines.txt", 60)
    assert status == "warning"
    assert any("more than 200,000 sentences or lines" in p for p in problems), problems


def test_long_sentences_are_cut_into_pieces() -> None:
    text = "其中" + "、".join(f"{n}项" for n in range(5000))
    spans = list(sentence_spans(text))
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert "".join(text[s:e] for s, e in spans) == text  # cut, nothing lost
    assert all(text[e - 1] == "、" for _s, e in spans[:-1])
