"""Task lists as raw grids: HTML tables, CSV and XLSX sheets, merged cells expanded.

A `Grid` is one table (an HTML `<table>`, a CSV file, a worksheet): rows of cell values as
read (text, numbers, dates), every merged cell's value copied into each cell it covers,
the text written above it (its title), and where each row sits in the source (the row
number of the sheet or file). Nothing here knows what the columns mean.

Problems that stop a file from being read (corrupt, encrypted, not a spreadsheet) raise
`TableError` with a sentence a person can act on.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_COLUMNS = 200  # wider rows are cut: a task list has a dozen columns


class TableError(Exception):
    """The file cannot be read as a table; the message says why, for a person."""


@dataclass(slots=True)
class Grid:
    name: str  # sheet name, "表1" for the first HTML table, the file name for a CSV
    rows: list[list[Any]]
    row_numbers: list[int]  # 1-based row of the sheet (XLSX, CSV) or of the table (HTML)
    above: list[str] = field(default_factory=list)  # text just above the table, nearest last
    kind: str = "html"  # html | csv | xlsx
    texts: list[list[str]] | None = None  # the cells as text, filled by reader.grid_text


# --------------------------------------------------------------------------- HTML


def _expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) cells -> a rectangular grid, spans filled."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) -> value from a rowspan above
    for r, cells in enumerate(rows):
        out: list[str] = []
        col = 0
        it = iter(cells)
        nxt = next(it, None)
        while nxt is not None or (r, col) in pending:
            if (r, col) in pending:
                out.append(pending.pop((r, col)))
                col += 1
                continue
            assert nxt is not None
            value, rowspan, colspan = nxt
            for c in range(colspan):
                out.append(value)
                for dr in range(1, rowspan):
                    pending[(r + dr, col + c)] = value
            col += colspan
            nxt = next(it, None)
        grid.append(out[:MAX_COLUMNS])
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _span(node: Any, name: str) -> int:
    try:
        return max(1, min(int(str(node.attributes.get(name) or "1").strip() or 1), 1000))
    except ValueError:
        return 1


_WS = re.compile(r"\s+")


def _node_text(node: Any) -> str:
    return _WS.sub(" ", node.text(deep=True, separator=" ") or "").strip()


def _title_above(table: Any) -> list[str]:
    """The caption, else the nearest non-empty text before the table (climbing up)."""
    cap = table.css_first("caption")
    if cap is not None and _node_text(cap):
        return [_node_text(cap)]
    node = table
    for _ in range(8):
        sib = node.prev
        while sib is not None:
            if sib.tag not in ("script", "style", "table", "-comment"):
                t = (sib.text(deep=True, separator="\n") or "").strip()
                lines = [ln.strip() for ln in t.split("\n") if ln.strip()]
                if lines:
                    return lines[-3:]
            elif sib.tag == "table":
                return []
            sib = sib.prev
        node = node.parent
        if node is None or node.tag in ("body", "html"):
            break
    return []


def html_grids(html: str) -> list[Grid]:
    """Every innermost `<table>` of a page (layout tables wrap the real ones)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    grids = []
    for n, table in enumerate(tree.css("table"), 1):
        if len(table.css("table")) > 1:  # the table itself matches too
            continue  # a layout table around another table
        rows: list[list[tuple[str, int, int]]] = []
        for tr in table.css("tr"):
            cells = []
            child = tr.child
            while child is not None:
                if child.tag in ("td", "th"):
                    cells.append(
                        (_node_text(child), _span(child, "rowspan"), _span(child, "colspan"))
                    )
                child = child.next
            rows.append(cells)
        if not rows:
            continue
        grid = _expand(rows)
        grids.append(
            Grid(f"表{n}", grid, list(range(1, len(grid) + 1)), _title_above(table), "html")
        )
    return grids


# --------------------------------------------------------------------------- CSV


def csv_grid(text: str, name: str) -> Grid:
    """A decoded CSV (comma, tab, semicolon or bar separated) as one grid."""
    sample = text[:8192]
    delimiter = ","
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (",", "\t", ";", "|", "，")}
        delimiter = max(counts, key=lambda d: counts[d])
        if delimiter == "，" and counts["，"] and not counts[","]:
            text = text.replace("，", ",")  # full-width commas used as separators
            delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[Any]] = []
    numbers: list[int] = []
    for row in reader:
        rows.append([c.strip() for c in row[:MAX_COLUMNS]])
        numbers.append(reader.line_num)
    # the line number of a row is where it starts (a quoted cell may span lines)
    starts = [1, *[n + 1 for n in numbers[:-1]]]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Grid(name, rows, starts, [], "csv")


# --------------------------------------------------------------------------- XLSX

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _merges(ws: Any) -> list[tuple[int, int, int, int]]:
    """Merged ranges (min_row, min_col, max_row, max_col), 1-based, read from the sheet XML
    (the read-only worksheet does not parse them)."""
    try:
        src = ws._get_source()
    except Exception:
        return []
    out = []
    try:
        tail = b""
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            cut = buf.rfind(b"<")
            scan, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
            for m in _MERGE.finditer(scan):
                c1, r1, c2, r2 = m.groups()
                out.append((int(r1), _col(c1), int(r2), _col(c2)))
        for m in _MERGE.finditer(tail):
            c1, r1, c2, r2 = m.groups()
            out.append((int(r1), _col(c1), int(r2), _col(c2)))
    finally:
        src.close()
    return out


def xlsx_grids(data: bytes) -> tuple[list[Grid], list[str]]:
    """Every worksheet as a grid (empty ones too, so they can be reported), and problems."""
    if data.startswith(OLE2_SIGNATURE):
        raise TableError(
            "password-protected (encrypted) workbook, or an old .xls saved with an .xlsx name: "
            "open it in a spreadsheet program and save it as .xlsx without a password"
        )
    if not data.startswith(b"PK"):
        raise TableError("not an XLSX workbook (the file is not a zip package); is it corrupt?")
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise TableError(f"cannot read XLSX: openpyxl is not installed ({exc})") from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise TableError(f"corrupt XLSX workbook (damaged zip package: {exc})") from exc
    except KeyError as exc:
        raise TableError(f"corrupt XLSX workbook (a part is missing: {exc})") from exc
    except Exception as exc:
        raise TableError(f"cannot read the XLSX workbook: {type(exc).__name__}: {exc}") from exc
    grids: list[Grid] = []
    problems: list[str] = []
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # a chart sheet
            try:
                rows = _sheet_rows(ws)
            except Exception as exc:
                problems.append(f"sheet {ws.title!r}: cannot be read ({type(exc).__name__}: {exc})")
                continue
            grids.append(rows)
    finally:
        wb.close()
    return grids, problems


def _sheet_rows(ws: Any) -> Grid:
    rows: list[list[Any]] = []
    numbers: list[int] = []
    width = 0
    for i, values in enumerate(ws.iter_rows(min_row=1, values_only=True), 1):
        row = list(values[:MAX_COLUMNS])
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        rows.append(row)
        numbers.append(i)
        width = max(width, len(row))
    while rows and not rows[-1]:
        rows.pop()
        numbers.pop()
    for r1, c1, r2, c2 in _merges(ws):
        if r1 > len(rows):
            continue
        anchor = rows[r1 - 1]
        value = anchor[c1 - 1] if c1 - 1 < len(anchor) else None
        width = max(width, min(c2, MAX_COLUMNS))
        for r in range(r1, min(r2, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < c2:
                row.extend([None] * (min(c2, MAX_COLUMNS) - len(row)))
            for c in range(c1, min(c2, MAX_COLUMNS) + 1):
                if (r, c) != (r1, c1):
                    row[c - 1] = value
    rows = [r + [None] * (width - len(r)) for r in rows]
    return Grid(ws.title, rows, numbers, [], "xlsx")
