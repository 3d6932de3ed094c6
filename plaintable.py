"""The tables `ducha show` prints, laid out without Rich's table engine when they fit.

A long report holds hundreds of table rows, and Rich measures and renders every cell
through its generic layout (padding, wrapping, alignment: about a fifth of a millisecond a
cell), which made printing cost more than finding the answer. When every cell is one line
and the table fits the width, the layout is simple: each column as wide as its widest
cell, cells justified and padded, a rule under the header. `PlainTable` draws exactly
what `rich.table.Table` draws then (every character and its style; tests compare the
two), as one `Text`; otherwise it hands the same rows to a `Table`.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Span, Text

# column settings the plain layout reproduces; any other sends the table to Rich
_PLAIN_SETTINGS = frozenset({"justify", "no_wrap", "overflow", "min_width", "style"})
_UNSAFE_HEADER = frozenset("[]:\\")  # markup or emoji codes in a header string


class PlainTable:
    """`Table(box=SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")` of
    `Text` cells, with the same `add_column` and `add_row`."""

    def __init__(self) -> None:
        self.columns: list[tuple[str, dict[str, Any]]] = []
        self.rows: list[tuple[Text, ...]] = []

    def add_column(self, header: str, **settings: Any) -> None:
        self.columns.append((header, settings))

    def add_row(self, *cells: Text) -> None:
        self.rows.append(cells)

    def table(self) -> Table:
        """The same rows as a Rich table (what is drawn when the plain layout cannot be)."""
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        for header, settings in self.columns:
            table.add_column(header, **settings)
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self._plain(console, options)
        if text is None:
            yield self.table()
            return
        yield from text.render(console, end="\n")

    def _plain(self, console: Console, options: ConsoleOptions) -> Text | None:
        """The whole table as one Text, or None when Rich's layout is needed."""
        n = len(self.columns)
        if not n or not self._plain_cells():
            return None
        headers = [Text(h) for h, _ in self.columns]
        pads = [(0 if i == 0 else 1, 0 if i == n - 1 else 1) for i in range(n)]
        widths = []
        for i, (_, settings) in enumerate(self.columns):
            inner = max(cell_len(r[i].plain) for r in (headers, *self.rows))
            width = inner + sum(pads[i])
            if settings.get("min_width") is not None:
                width = max(width, settings["min_width"] + sum(pads[i]))
            widths.append(width or 1)
        if sum(widths) + n - 1 > options.max_width:
            return None  # columns must wrap or shrink: Rich's job
        rule_box = box.SIMPLE_HEAD.substitute(options, safe=console.safe_box)
        divider = rule_box.head_vertical
        out: list[str] = []
        spans: list[Span] = []
        offset = 0

        def row(cells: tuple[Text, ...] | list[Text], header: bool) -> None:
            nonlocal offset
            for i, cell in enumerate(cells):
                # a header cell is bold, a body cell has its column's style (pads included)
                cell_style = "bold" if header else self.columns[i][1].get("style")
                if i:
                    out.append(divider)
                    offset += len(divider)
                left, right = pads[i]
                inner = widths[i] - left - right
                plain = cell.plain
                gap = inner - cell_len(plain)
                lead = gap if self.columns[i][1].get("justify") == "right" else 0
                body = " " * lead + plain + " " * (gap - lead)
                piece = " " * left + body + " " * right
                if cell_style:
                    spans.append(Span(offset, offset + len(piece), cell_style))
                start = offset + left
                if cell.style:
                    spans.append(Span(start, start + len(body), cell.style))
                at = start + lead
                spans.extend(Span(at + s.start, at + s.end, s.style) for s in cell.spans)
                out.append(piece)
                offset += len(piece)
            out.append("\n")
            offset += 1

        row(headers, header=True)
        rule = rule_box.get_row(widths, "head", edge=False)
        out += [rule, "\n"]
        offset += len(rule) + 1
        for cells in self.rows:
            row(cells, header=False)
        out.pop()  # the last newline is the render's `end`
        return Text("".join(out), spans=spans, end="\n")

    def _plain_cells(self) -> bool:
        """Whether every cell is a plain one-line Text the simple layout draws as Rich does."""
        n = len(self.columns)
        for header, settings in self.columns:
            if not settings.keys() <= _PLAIN_SETTINGS or settings.get("justify") not in (
                None,
                "left",
                "right",
            ):
                return False
            if _UNSAFE_HEADER & set(header) or not _one_line(header):
                return False
        for cells in self.rows:
            if len(cells) != n:
                return False
            for cell in cells:
                if not isinstance(cell, Text) or not _one_line(cell.plain):
                    return False
                if cell.justify or cell.overflow or cell.no_wrap is not None:
                    return False
                if cell.end != "\n" or cell.tab_size is not None:
                    return False
        return True


def _one_line(s: str) -> bool:
    """No line break, tab or control character, and no whitespace at either end (Rich strips
    a right-justified cell's trailing spaces)."""
    return s.isprintable() and s == s.strip()


def fit_columns(
    widths: dict[str, int],
    width: int | None,
    steps: tuple[str, ...],
    merged: tuple[str, str, str] | None = None,
    gap: int = 3,
    edge: int = 0,
) -> list[str]:
    """The columns (keys of `widths`, in order) of a table that fits `width` cells without
    cutting a number or a date: each of `steps` in turn drops a column, and "merge" puts
    the two columns of `merged` (a, b, name) in one ("59/82") where the first of them
    stood. `widths` holds each column's widest cell, the merged column's too; `gap` is
    the cells between two columns, `edge` those around the table. The overview of
    `ducha show` and of the app both shrink so."""
    keys = [k for k in widths if not (merged and k == merged[2])]

    def fits() -> bool:
        if width is None:
            return True
        return sum(widths[k] for k in keys) + gap * (len(keys) - 1) + edge <= width

    for step in steps:
        if fits():
            break
        if step == "merge" and merged and merged[0] in keys and merged[1] in keys:
            i = min(keys.index(merged[0]), keys.index(merged[1]))
            keys = [k for k in keys if k not in merged[:2]]
            keys.insert(i, merged[2])
        elif step in keys:
            keys.remove(step)
    return keys
