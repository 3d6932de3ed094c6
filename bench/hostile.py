"""Time and peak memory of the worst input shapes, each parsed in a child process.

Run on purpose (not a test): `.venv/bin/python bench/hostile.py [--only NAME] [--limit-gb 3]`.
Each shape is built here (small on disk), written to a temporary file and parsed by
`ducha.parsers.pipeline.parse_path` in a fresh process whose address space is capped, so a
shape that grows without bound is reported as killed rather than taking the machine down.
The shapes are the ones `tests/test_hostile_readers.py` holds to a time and memory bound.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

PLACES = ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市"]


def span_table(cells: int = 12) -> bytes:
    """Cells that each claim a 1000 x 1000 merged area."""
    row = "".join(f'<td rowspan="1000" colspan="1000">{i}</td>' for i in range(cells // 3))
    body = "".join(f"<tr>{row}</tr>" for _ in range(3))
    return f"<html><body><p>整改任务</p><table>{body}</table></body></html>".encode()


def table_rows(size: int = 20_000_000) -> bytes:
    """One table of a million short rows (real cells, no spans)."""
    row = "<tr><td>1</td><td>2</td></tr>"
    n = size // len(row)
    return f"<html><body><p>整改任务</p><table>{row * n}</table></body></html>".encode()


def many_tables(size: int = 20_000_000) -> bytes:
    """Tables of 199,800 cells each (1,000 rows of a 200-column merged cell), one after another."""
    table = "<table>" + '<tr><td colspan="200">1</td></tr>' * 999 + "</table>"
    return f"<html><body>{table * (size // len(table))}</body></html>".encode()


def short_lines(size: int = 20_000_000) -> bytes:
    """Millions of one-count lines."""
    return ("浙江省督察整改情况\n" + "3项\n" * (size // 6)).encode()


def nested_cells(depth: int = 20_000) -> bytes:
    """Tables nested inside table cells."""
    inner = "督察组交办的问题已整改完成3件。"
    return (
        "<html><body>" + "<table><tr><td>" * depth + inner + "</td></tr></table>" * depth
    ).encode()


def nested(tag: str, depth: int = 100_000) -> bytes:
    inner = "督察组交办的问题已整改完成3件。"
    return f"<html><body>{f'<{tag}>' * depth}{inner}{f'</{tag}>' * depth}</body></html>".encode()


def _listed(size: int, item: Callable[[int], str]) -> tuple[str, int]:
    """Items `item(0)`, `item(1)`, … joined by 、 to about `size` bytes; and how many."""
    parts: list[str] = []
    total, n = 0, 0
    while total < size:
        parts.append(item(n))
        total += len(parts[-1].encode()) + 3
        n += 1
    return "、".join(parts), n


def place_list(size: int) -> bytes:
    """`共交办信访件N件,其中杭州市1件、宁波市2件、…` to `size` bytes, without a full stop."""
    listed, n = _listed(size, lambda i: f"{PLACES[i % len(PLACES)]}{i % 97 + 1}件")
    head = f"浙江省督察整改情况\n截至目前，共交办信访件{n * 50}件，其中"
    return (head + listed + "。\n").encode()


def paired_list(size: int) -> bytes:
    """`杭州、宁波、…分别办结1件、2件、…`: names, then as many counts."""
    n = size // 2 // 12 + 1
    names = "、".join(PLACES[i % len(PLACES)][:2] for i in range(n))
    counts = "、".join(f"{i % 97 + 1}件" for i in range(n))
    return f"浙江省督察整改情况\n{names}信访件分别办结{counts}。\n".encode()


def bare_counts(size: int) -> bytes:
    listed, _n = _listed(size, lambda i: f"{i % 97 + 1}项")
    return ("浙江省督察整改情况\n整改任务" + listed + "\n").encode()


def long_line(size: int) -> bytes:
    unit = "浙江省杭州市已完成整改任务12项，其中3项正在推进，"
    text = "浙江省督察整改情况\n" + unit * (size // len(unit.encode()) + 1)
    return text.encode()[:size].decode("utf-8", "ignore").encode()


def many_sentences(size: int) -> bytes:
    """Short sentences of counts, place after place, to `size` bytes."""
    out, total, n = [], 0, 0
    while total < size:
        line = f"{PLACES[n % len(PLACES)]}已完成整改任务{n % 97 + 1}项。"
        out.append(line)
        total += len(line.encode())
        n += 1
    return ("浙江省督察整改情况\n" + "".join(out)).encode()


def bar_table(size: int, width: int = 6) -> bytes:
    """A text table of `| … |` rows to `size` bytes, under one header."""
    head = "| 地区 | " + " | ".join(f"整改任务{c}" for c in range(width - 1)) + " |\n"
    out, total, n = [head], len(head.encode()), 0
    while total < size:
        row = (
            f"| {PLACES[n % len(PLACES)]} | "
            + " | ".join(f"{n % 97 + c}项" for c in range(width - 1))
            + " |\n"
        )
        out.append(row)
        total += len(row.encode())
        n += 1
    return ("浙江省督察整改情况\n" + "".join(out)).encode()


def ragged_csv(rows: int = 5_000_000) -> bytes:
    """One row of 200 columns, then millions of one-cell rows (padded, 200 cells each)."""
    return ("序号," * 199 + "整改任务\n" + "x\n" * rows).encode()


def _xlsx(sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook around one sheet's XML (written by hand: openpyxl cannot make these)."""
    ct = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b"schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
        b'" Target="xl/workbook.xml"/></Relationships>'
    )
    wb = (
        b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        b'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        b"</workbook>"
    )
    wbrels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b"schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
        b'" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main"><sheetData>'
)


def xlsx_far_row(row: int = 300_000_000) -> bytes:
    """One cell at row 300,000,000 (and one in A1)."""
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>'.encode()
        + f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    )
    return _xlsx(_SHEET_HEAD + cells + b"</sheetData></worksheet>")


def xlsx_wide(cols: int = 16_000, rows: int = 200) -> bytes:
    """Rows of many real cells: the cell ceiling, not the zip check, has to stop it."""
    out = [_SHEET_HEAD]
    for r in range(1, rows + 1):
        out.append(f'<row r="{r}">'.encode())
        out.extend(f'<c r="A{r}"><v>{c}</v></c>'.encode() for c in range(1))
        out.append(f'<c r="XFD{r}"><v>1</v></c></row>'.encode())
    out.append(b"</sheetData></worksheet>")
    return _xlsx(b"".join(out))


def xlsx_long_row(cells: int = 2_000_000) -> bytes:
    """One row of two million empty cells: under the bomb's ratio, over a sheet's width."""
    return _xlsx(_SHEET_HEAD + b'<row r="1">' + b"<c/>" * cells + b"</row></sheetData></worksheet>")


def xlsx_bomb(mb: int = 300) -> bytes:
    """A sheet that inflates to `mb` megabytes of whitespace (a zip bomb)."""
    pad = b" " * (mb * 1024 * 1024)
    return _xlsx(_SHEET_HEAD + pad + b"</sheetData></worksheet>")


SHAPES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "html_spans_449B": ("spans.html", lambda: span_table(3)),
    "html_spans_3KB": ("spans.html", lambda: span_table(60)),
    "html_rows_20MB": ("rows.html", table_rows),
    "html_tables_20MB": ("tables.html", many_tables),
    "short_lines_20MB": ("lines.txt", short_lines),
    "nested_div_100k": ("nested.html", lambda: nested("div")),
    "nested_b_100k": ("nested.html", lambda: nested("b")),
    "nested_table_20k": ("nested.html", nested_cells),
    "place_list_50KB": ("list.txt", lambda: place_list(50_000)),
    "place_list_100KB": ("list.txt", lambda: place_list(100_000)),
    "place_list_200KB": ("list.txt", lambda: place_list(200_000)),
    "place_list_280KB": ("list.txt", lambda: place_list(280_000)),
    "bare_counts_280KB": ("list.txt", lambda: bare_counts(280_000)),
    "paired_list_280KB": ("list.txt", lambda: paired_list(280_000)),
    "place_list_20MB": ("list.txt", lambda: place_list(20_000_000)),
    "long_line_20MB": ("line.txt", lambda: long_line(20_000_000)),
    "bar_table_1MB": ("table.txt", lambda: bar_table(1_000_000)),
    "bar_table_2MB": ("table.txt", lambda: bar_table(2_000_000)),
    "bar_row_1MB": ("table.txt", lambda: bar_table(1_000_000, 20_000)),
    "sentences_1MB": ("many.txt", lambda: many_sentences(1_000_000)),
    "sentences_2MB": ("many.txt", lambda: many_sentences(2_000_000)),
    "sentences_20MB": ("many.txt", lambda: many_sentences(20_000_000)),
    "csv_ragged_10MB": ("ragged.csv", ragged_csv),
    "xlsx_far_row": ("far.xlsx", xlsx_far_row),
    "xlsx_wide": ("wide.xlsx", xlsx_wide),
    "xlsx_long_row": ("row.xlsx", xlsx_long_row),
    "xlsx_bomb_300MB": ("bomb.xlsx", xlsx_bomb),
}


def _child(path: str, limit: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from ducha.parsers.pipeline import parse_path

    t = time.perf_counter()
    doc = parse_path(path)
    took = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((took, rss, doc.status, doc.problems[-3:]))


def run(name: str, limit_gb: float, timeout: float) -> str:
    fname, make = SHAPES[name]
    data = make()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / fname
        path.write_bytes(data)
        q: mp.Queue = mp.get_context("fork").Queue()  # type: ignore[type-arg]
        p = mp.get_context("fork").Process(
            target=_child, args=(str(path), int(limit_gb * 2**30), q)
        )
        p.start()
        p.join(timeout)
        if p.is_alive():
            p.kill()
            p.join()
            return f"{name:20} {len(data):>10,} B  did not finish in {timeout:.0f} s"
        if q.empty():
            return f"{name:20} {len(data):>10,} B  killed (exit {p.exitcode}; {limit_gb} GB cap)"
        took, rss, status, problems = q.get()
        return (
            f"{name:20} {len(data):>10,} B  {took:7.2f} s  {rss:7.0f} MB peak  {status}"
            f"  {'; '.join(problems)[:150]}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--limit-gb", type=float, default=3.0)
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    for name in args.only or SHAPES:
        print(run(name, args.limit_gb, args.timeout), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
