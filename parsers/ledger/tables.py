"""Task lists as raw grids: HTML tables, CSV and XLSX sheets, merged cells expanded.

A `Grid` is one table (an HTML `<table>`, a CSV file, a worksheet): rows of cell values as
read (text, numbers, dates), every merged cell's value copied into each cell it covers,
the text written above it (its title), and where each row sits in the source (the row
number of the sheet or file). Nothing here knows what the columns mean.

Problems that stop a file from being read (corrupt, encrypted, not a spreadsheet) raise
`TableError` with a sentence a person can act on.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_COLUMNS = 200  # wider rows are cut: a task list has a dozen columns
# Ceilings that keep one hostile file from costing more than its own document: a merged
# cell or a far-away row claims cells the file does not hold, a zip part claims bytes.
MAX_TABLE_CELLS = 200_000  # one HTML table, spans filled (8 columns x 25,000 rows fit)
MAX_PAGE_CELLS = 1_000_000  # all the tables of one page together
MAX_SHEET_CELLS = 1_000_000  # rows x columns of one CSV file or worksheet
MAX_BOOK_CELLS = 2_000_000  # all the worksheets of one workbook together
MAX_WORKBOOK_BYTES = 200 * 1024 * 1024  # what a workbook's parts may inflate to, together
MAX_RATIO = 100  # inflated : compressed, for a part over RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024  # small parts compress well and cost nothing, whatever the ratio
MAX_EMPTY_RUN = 10_000  # empty rows kept between two rows of a sheet; a longer gap is skipped


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


class TooLarge(Exception):
    """A table or sheet would hold more cells than its ceiling allows."""


def _expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) cells -> a rectangular grid, spans filled.

    A merged cell is clipped to the table's real extent before it is filled: a rowspan ends
    at the last `<tr>` there is and a colspan at the `MAX_COLUMNS` every row is cut to
    anyway, so the grid never holds more than rows x `MAX_COLUMNS` cells, whatever a span
    claims (a 449-byte table of rowspan=1000 colspan=1000 cells once grew to 775 MB). The
    cells are counted as they are placed and `TooLarge` is raised past `MAX_TABLE_CELLS`.
    """
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) -> value from a rowspan above
    last = len(rows)
    placed = 0
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
            colspan = max(1, min(colspan, MAX_COLUMNS - col))
            rowspan = min(rowspan, last - r)
            placed += colspan * rowspan
            if placed > MAX_TABLE_CELLS:
                raise TooLarge
            for c in range(colspan):
                out.append(value)
                for dr in range(1, rowspan):
                    pending[(r + dr, col + c)] = value
            col += colspan
            nxt = next(it, None)
        grid.append(out[:MAX_COLUMNS])
    width = max((len(r) for r in grid), default=0)
    if width * len(grid) > MAX_TABLE_CELLS:
        raise TooLarge
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


def _table_rows(table: Any) -> list[list[tuple[str, int, int]]]:
    """The (text, rowspan, colspan) cells of each row; a row's cells past `MAX_COLUMNS`
    are not read (each takes a column at least, and every row is cut there), and
    `TooLarge` is raised once the table has more than `MAX_TABLE_CELLS` cells."""
    rows: list[list[tuple[str, int, int]]] = []
    total = 0
    for tr in table.css("tr"):
        cells: list[tuple[str, int, int]] = []
        child = tr.child
        while child is not None and len(cells) < MAX_COLUMNS:
            if child.tag in ("td", "th"):
                cells.append((_node_text(child), _span(child, "rowspan"), _span(child, "colspan")))
            child = child.next
        total += max(len(cells), 1)
        if total > MAX_TABLE_CELLS:
            raise TooLarge
        rows.append(cells)
    return rows


def html_grids(html: str, problems: list[str] | None = None) -> list[Grid]:
    """Every innermost `<table>` of a page (layout tables wrap the real ones).

    A table that would expand past `MAX_TABLE_CELLS` is skipped, with a sentence in
    `problems`: one hostile table costs its own rows, not the page or the machine.
    """
    from selectolax.lexbor import LexborHTMLParser

    from ..load import MAX_DEPTH, _depth_over, _shallow

    if _depth_over(html, MAX_DEPTH):  # deep nesting costs the parser quadratic time
        html = _shallow(html)
    tree = LexborHTMLParser(html)
    grids = []
    page_cells = 0
    for n, table in enumerate(tree.css("table"), 1):
        if len(table.css("table")) > 1:  # the table itself matches too
            continue  # a layout table around another table
        try:
            rows = _table_rows(table)
            if not rows:
                continue
            grid = _expand(rows)
        except TooLarge:
            if problems is not None:
                problems.append(
                    f"table {n}: a table of more than {MAX_TABLE_CELLS:,} cells was not read"
                )
            continue
        page_cells += len(grid) * len(grid[0]) if grid else 0
        if page_cells > MAX_PAGE_CELLS:
            if problems is not None:
                problems.append(
                    f"table {n} and those after it were not read: the page's tables hold "
                    f"more than {MAX_PAGE_CELLS:,} cells"
                )
            break
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
    width = 0
    for row in reader:
        rows.append([c.strip() for c in row[:MAX_COLUMNS]])
        numbers.append(reader.line_num)
        width = max(width, len(rows[-1]))
        if len(rows) * width > MAX_SHEET_CELLS:  # every row is padded to the widest
            raise TableError(
                f"a table of more than {MAX_SHEET_CELLS:,} cells (rows x columns): not read"
            )
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


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
MAX_ROW_CELLS = 16_384  # the columns a worksheet can have (A to XFD)


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


def _check_zip(data: bytes) -> None:
    """Refuse a workbook before anything is inflated, from the sizes its zip directory
    declares (reading never goes past a part's declared size): a few kilobytes can claim
    gigabytes, and every sheet and the shared strings are read whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as exc:
        raise TableError(f"corrupt XLSX workbook (damaged zip package: {exc})") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_WORKBOOK_BYTES:
        raise TableError(
            f"the workbook would decompress to {_human(total)} "
            f"(more than {_human(MAX_WORKBOOK_BYTES)}): not read"
        )
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise TableError(
                f"the workbook part {i.filename} would decompress from "
                f"{_human(i.compress_size)} to {_human(i.file_size)} "
                f"(more than {MAX_RATIO}:1, a zip bomb): not read"
            )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for i in infos:
            if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"):
                with z.open(i) as src:
                    why = _crowded(src)
                if why:
                    raise TableError(f"the worksheet {i.filename} has {why}: not read")


_ELEMENT = re.compile(rb"<[A-Za-z]")
MAX_SHEET_ELEMENTS = 3 * MAX_SHEET_CELLS  # a cell is written as 2 or 3 elements (c, v, is/t)


def _crowded(src: Any) -> str | None:
    """What makes a worksheet's XML too crowded to open, read in one pass of constant
    memory: openpyxl builds the tree of a row (and, for a sheet without a dimension, of the
    whole sheet) before it yields anything, so a row of millions of cells, or millions of
    elements anywhere, cost gigabytes however few bytes the zip holds."""
    in_row = 0
    elements = 0
    tail = b""
    while True:
        chunk = src.read(1 << 20)
        buf = tail + chunk
        cut = buf.rfind(b"<") if chunk else len(buf)
        part, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
        elements += len(_ELEMENT.findall(part))
        if elements > MAX_SHEET_ELEMENTS:
            return f"more than {MAX_SHEET_ELEMENTS:,} elements"
        for n, piece in enumerate(_ROW_TAG.split(part)):
            if n:
                in_row = 0
            in_row += len(_CELL_TAG.findall(piece))
            if in_row > MAX_ROW_CELLS:
                return f"a row of more than {MAX_ROW_CELLS:,} cells"
        if not chunk:
            return None


def _human(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{n / 1024:.1f} KB"


def xlsx_grids(data: bytes) -> tuple[list[Grid], list[str]]:
    """Every worksheet as a grid (empty ones too, so they can be reported), and problems."""
    if data.startswith(OLE2_SIGNATURE):
        raise TableError(
            "password-protected (encrypted) workbook, or an old .xls saved with an .xlsx name: "
            "open it in a spreadsheet program and save it as .xlsx without a password"
        )
    if not data.startswith(b"PK"):
        raise TableError("not an XLSX workbook (the file is not a zip package); is it corrupt?")
    _check_zip(data)
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
    book = 0
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # a chart sheet
            try:
                rows = _sheet_rows(ws)
            except TooLarge as exc:
                what = str(exc) or f"more than {MAX_SHEET_CELLS:,} cells"
                problems.append(f"sheet {ws.title!r}: {what}: not read")
                continue
            except Exception as exc:
                problems.append(f"sheet {ws.title!r}: cannot be read ({type(exc).__name__}: {exc})")
                continue
            book += sum(len(r) for r in rows.rows)
            if book > MAX_BOOK_CELLS:
                problems.append(
                    f"sheet {ws.title!r} and those after it were not read: the workbook holds "
                    f"more than {MAX_BOOK_CELLS:,} cells"
                )
                break
            grids.append(rows)
    finally:
        wb.close()
    return grids, problems


def _parsed_rows(ws: Any) -> Any:
    """(row number, values) of the rows the sheet's XML has, in order, values up to the
    last cell written (at most `MAX_COLUMNS`). Unlike `ws.iter_rows`, rows that are not
    there are not made up: one cell at row 300,000,000 is one row, not 300 million."""
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
            date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,
        )  # fmt: skip
        expected = 1
        for idx, cells in parser.parse():
            if idx < expected:
                continue  # a row out of order: dropped, as openpyxl's own reading does
            expected = idx + 1
            width = 0
            for cell in cells:
                col = cell["column"]
                if col <= MAX_COLUMNS and col > width:
                    width = col
            values: list[Any] = [None] * width
            for cell in cells:
                col = cell["column"]
                if 1 <= col <= width:
                    values[col - 1] = cell["value"]
            yield idx, values


def _sheet_rows(ws: Any) -> Grid:
    """One sheet as a grid of the rows it has (an empty row between two is kept, a run of
    more than `MAX_EMPTY_RUN` is skipped), merged ranges filled within the rows and the
    `MAX_COLUMNS` there are; `TooLarge` past `MAX_SHEET_CELLS` cells."""
    merges = _merges(ws)
    rows: list[list[Any]] = []
    numbers: list[int] = []
    width = 0
    last = 0
    for idx, values in _parsed_rows(ws):
        row = values
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        if idx - last - 1 <= MAX_EMPTY_RUN:
            for gap in range(last + 1, idx):
                rows.append([])
                numbers.append(gap)
        rows.append(row)
        numbers.append(idx)
        last = idx
        width = max(width, len(row))
        if len(rows) * max(width, 1) > MAX_SHEET_CELLS:
            raise TooLarge
    while rows and not rows[-1]:
        rows.pop()
        numbers.pop()
    at = {n: i for i, n in enumerate(numbers)}
    work = 0
    for r1, c1, r2, c2 in merges:
        if r1 not in at or c1 > MAX_COLUMNS:
            continue
        anchor = rows[at[r1]]
        value = anchor[c1 - 1] if c1 - 1 < len(anchor) else None
        c2 = min(c2, MAX_COLUMNS)
        width = max(width, c2)
        lo, hi = at[r1], bisect.bisect_right(numbers, r2)
        work += (hi - lo) * (c2 - c1 + 1)
        if work > MAX_SHEET_CELLS or len(rows) * width > MAX_SHEET_CELLS:
            raise TooLarge
        for i in range(lo, hi):
            row = rows[i]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if (i, c) != (lo, c1):
                    row[c - 1] = value
    rows = [r + [None] * (width - len(r)) for r in rows]
    return Grid(ws.title, rows, numbers, [], "xlsx")
