"""The task table and the metrics table.

Both are `DataTable`s whose cells are always `rich.text.Text` (a plain `str` would be read
as markup). Column sets shrink on narrow terminals so the counts stay visible at 80x24.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from . import fmt
from .safe import clean_line, text

if TYPE_CHECKING:
    from .model import Evidence, MetricRow, TaskRow

# (key, header, right-aligned, level): a column shows when the table is wide enough for
# its level (see LEVEL_WIDTHS), so the counts and the status stay visible at 80x24.
TASK_COLUMNS = (
    ("category", "category", False, 0),
    ("total", "total", True, 0),
    ("done", "done", True, 0),
    ("in_progress", "in prog", True, 1),
    ("on_schedule", "on sched", True, 1),
    ("behind", "behind", True, 0),
    ("phased", "phased", True, 2),
    ("rate", "rate", True, 0),
    ("as_of", "as of", False, 2),
    ("status", "status", False, 0),
    ("detail", "detail", False, 3),
)

# At the narrowest level (80 columns) done and total share one column, "59/82".
TASK_COLUMNS_NARROW = (
    ("category", "category", False, 0),
    ("done_total", "done/total", True, 0),
    ("behind", "behind", True, 0),
    ("status", "status", False, 0),
)

METRIC_COLUMNS = (
    ("name", "indicator", False, 0),
    ("spark", "years", False, 0),
    ("value", "latest", True, 0),
    ("year", "year", True, 1),
    ("change", "change", True, 0),
)

LEVEL_WIDTHS = (0, 84, 104, 130)  # table width (cells) from which each level shows

VIM_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, tooltip="Next row"),
    Binding("k", "cursor_up", "Up", show=False, tooltip="Previous row"),
    Binding("h", "app.focus_tree", "Tree", show=False, tooltip="Back to the tree"),
    Binding("home", "scroll_top", "Top", show=False, tooltip="First row"),
    Binding("G,end", "scroll_bottom", "Bottom", show=False, tooltip="Last row"),
]


class EvidenceRequested(Message):
    """A row was highlighted or chosen: show where its value comes from."""

    def __init__(self, evidence: Evidence | None, focus_source: bool = False) -> None:
        super().__init__()
        self.evidence = evidence
        self.focus_source = focus_source


class _EvidenceTable(DataTable):
    """A row-cursor table whose rows carry evidence."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, cursor_type="row", zebra_stripes=False, cursor_foreground_priority="renderable"
        )
        self._evidence: dict[str, Evidence | None] = {}
        self.level = 1

    @property
    def narrow(self) -> bool:
        return self.level == 0

    def level_for(self, width: int) -> int:
        return max(i for i, w in enumerate(LEVEL_WIDTHS) if width >= w)

    def on_resize(self) -> None:
        level = self.level_for(self.size.width)
        if level != self.level:
            self.level = level
            self.redraw()

    def redraw(self) -> None:
        """Fill the table again (new width or theme)."""

    def evidence_at_cursor(self) -> Evidence | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self._evidence.get(key or "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Only a cursor the user moves shows evidence; refilling the table does not.
        event.stop()
        if self.has_focus:
            self.post_message(EvidenceRequested(self._evidence.get(event.row_key.value or "")))

    def on_focus(self) -> None:
        if self.row_count:
            self.post_message(EvidenceRequested(self.evidence_at_cursor()))

    def _columns(self, spec: tuple[tuple[str, str, bool, int], ...]) -> list[tuple[str, str, bool]]:
        if self.level == 0 and spec is TASK_COLUMNS:
            spec = TASK_COLUMNS_NARROW
        return [(k, h, r) for k, h, r, level in spec if level <= self.level]

    def _setup_columns(
        self, spec: tuple[tuple[str, str, bool, int], ...]
    ) -> list[tuple[str, str, bool]]:
        cols = self._columns(spec)
        self.clear(columns=True)
        for key, header, right in cols:
            self.add_column(Text(header, justify="right" if right else "left"), key=key)
        return cols


class TaskTable(_EvidenceTable):
    """One row per counted category of the selected entity, plus deadline buckets."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Evidence", key_display="Enter", tooltip="Show the row's sentence in the source pane"),
        Binding("t", "toggle_timeline", "Timeline", tooltip="Show or hide earlier reports of this count"),
        *VIM_KEYS,
    ]  # fmt: skip

    class TimelineToggled(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_data: list[TaskRow] = []
        self.open_timelines: set[str] = set()

    def redraw(self) -> None:
        self.show_rows(self.rows_data, keep_cursor=True)

    def show_rows(self, rows: list[TaskRow], keep_cursor: bool = False) -> None:
        cursor = self.cursor_row if keep_cursor else 0
        self.rows_data = rows
        cols = self._setup_columns(TASK_COLUMNS)
        self._evidence = {}
        variables = self.app.theme_variables
        for row in rows:
            self._add(row, cols, variables)
            if row.key in self.open_timelines:
                for h in row.history:
                    self._add(h, cols, variables)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)

    def _add(
        self, row: TaskRow, cols: list[tuple[str, str, bool]], variables: dict[str, str]
    ) -> None:
        cells = []
        for key, _h, right in cols:
            cells.append(self._cell(row, key, right, variables))
        self._evidence[row.key] = row.evidence
        self.add_row(*cells, key=row.key)

    def _cell(self, row: TaskRow, key: str, right: bool, variables: dict[str, str]) -> Text:
        justify = "right" if right else "left"
        if key == "category":
            label = clean_line(row.label)
            t = Text(label, style="dim" if row.is_history else "", end="", no_wrap=True)
            if row.history and not row.is_history:
                t.append(f" +{len(row.history)}", style="dim")
            return t
        if key == "status":
            if row.is_history:
                return Text("earlier", style="dim", end="")
            word = fmt.STATUS_WORDS.get(row.status, row.status)
            return Text(word, style=fmt.status_style(variables, row.status), end="", no_wrap=True)
        if key == "as_of":
            return text(row.as_of or "")
        if key == "detail":
            return text(fmt.fit(clean_line(row.detail), 40), style="dim")
        if key == "done_total":
            done, total = row.cells.get("done"), row.cells.get("total")
            if done is None and total is None:
                return Text("", end="")
            s = f"{fmt.num(done) if done is not None else '-'}/{fmt.num(total) if total is not None else '-'}"
            return Text(s, justify="right", end="", no_wrap=True)
        value = row.cells.get(key)
        s = fmt.pct(value) if key == "rate" and value is not None else fmt.num(value)
        style = fmt.status_style(variables, "behind") if key == "behind" and value else ""
        return Text(s, justify=justify, style=style, end="", no_wrap=True)

    def current_row(self) -> TaskRow | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return next((r for r in self.rows_data if r.key == key), None)

    def action_toggle_timeline(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if not row.history:
            self.notify(
                f"{clean_line(row.label)}: no earlier report states this count",
                timeout=3,
                markup=False,
            )
            return
        if row.key in self.open_timelines:
            self.open_timelines.discard(row.key)
        else:
            self.open_timelines.add(row.key)
        self.show_rows(self.rows_data, keep_cursor=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(
            EvidenceRequested(self._evidence.get(event.row_key.value or ""), focus_source=False)
        )


class MetricsTable(_EvidenceTable):
    """One row per indicator: a sparkline over the years, the latest value, the change."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Evidence", key_display="Enter", tooltip="Show the row's sentence in the source pane"),
        *VIM_KEYS,
    ]  # fmt: skip

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_data: list[MetricRow] = []

    def redraw(self) -> None:
        self.show_metrics(self.rows_data, keep_cursor=True)

    def show_metrics(self, rows: list[MetricRow], keep_cursor: bool = False) -> None:
        cursor = self.cursor_row if keep_cursor else 0
        self.rows_data = rows
        cols = self._setup_columns(METRIC_COLUMNS)
        self._evidence = {}
        for m in rows:
            cells = []
            for key, _h, right in cols:
                cells.append(self._cell(m, key, right))
            self._evidence[m.key] = m.evidence
            self.add_row(*cells, key=m.key)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)

    def _cell(self, m: MetricRow, key: str, right: bool) -> Text:
        if key == "name":
            t = text(m.name)
            if m.target:
                t.append(" target", style="italic dim")
            return t
        if key == "spark":
            spark = fmt.sparkline(m.values)
            years = [y for y, v in zip(m.years, m.values, strict=False) if v is not None]
            t = Text(spark, style="bold" if m.target else "", end="", no_wrap=True)
            if len(years) > 1 and self.level > 0:
                t.append(f" {years[0]}-{years[-1]}", style="dim")
            elif len(years) == 1 and self.level > 0:
                t.append(f" {years[0]} only", style="dim")
            return t
        if key == "value":
            if m.value is None:
                return Text("", end="")
            t = Text(fmt.num(m.value), justify="right", style="bold", end="", no_wrap=True)
            if m.unit:
                t.append(" " + clean_line(m.unit))
            if self.level < 1 and m.year:
                t.append(f" ({m.year})", style="dim")
            return t
        if key == "year":
            return Text(str(m.year or ""), justify="right", end="")
        if key == "change":
            return Text(
                fmt.change(m.change, clean_line(m.change_unit)),
                justify="right",
                end="",
                no_wrap=True,
            )
        return Text("")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(EvidenceRequested(self._evidence.get(event.row_key.value or "")))
