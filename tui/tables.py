"""The task table and the metrics table.

Both are `RowTable`s whose cells are always `rich.text.Text` (a plain `str` would be read
as markup). Column sets shrink on narrow terminals so the counts stay visible at 80x24.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from ducha.vocabulary import as_of_short

from . import fmt
from .rowtable import RowTable
from .safe import clean_line, text

if TYPE_CHECKING:
    from .ledger import Ledger, LedgerRow
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

# The ledger view of the task pane (`l`): one row per itemised task.
LEDGER_COLUMNS = (
    ("seq", "#", True, 1),
    ("title", "task", False, 0),
    ("unit", "unit", False, 1),
    ("due", "due", False, 0),
    ("due_text", "as written", False, 2),
    ("status", "status", False, 0),
    ("status_text", "stated as", False, 3),
)
LEDGER_TITLE_WIDTH = (16, 20, 28, 36)  # cells of the task column per level
_KEEP: object = object()

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


class _EvidenceTable(RowTable):
    """A row-cursor table whose rows carry evidence."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
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
        return self._evidence.get(self.row_key_at(self.cursor_row) or "")

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        # Only a cursor the user moves shows evidence; refilling the table does not.
        event.stop()
        if self.has_focus and event.row_key is not None:
            self.post_message(EvidenceRequested(self._evidence.get(event.row_key)))

    def on_focus(self) -> None:
        if self.row_count:
            self.post_message(EvidenceRequested(self.evidence_at_cursor()))

    def _columns(self, spec: tuple[tuple[str, str, bool, int], ...]) -> list[tuple[str, str, bool]]:
        if self.size.width:  # the width now, not as of the last resize event
            self.level = self.level_for(self.size.width)
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
        Binding("l", "toggle_ledger", "Ledger", tooltip="Show the entity's ledger rows (itemised tasks), or the counts again"),
        Binding("d", "sort_ledger('d')", "Sort due", tooltip="Ledger: sort by deadline (again: reverse)"),
        Binding("u", "sort_ledger('u')", "Sort unit", tooltip="Ledger: sort by responsible unit (again: reverse)"),
        Binding("s", "sort_ledger('s')", "Sort status", tooltip="Ledger: sort by status, overdue and behind first (again: reverse)"),
        Binding("f", "filter_ledger", "Filter", tooltip="Ledger: keep the rows containing typed words (Esc clears)"),
        Binding("left_square_bracket", "sort_ledger_way(False)", "Sort asc", key_display="[", show=False, tooltip="Ledger: the sort ascending"),
        Binding("right_square_bracket", "sort_ledger_way(True)", "Sort desc", key_display="]", show=False, tooltip="Ledger: the sort descending"),
        Binding("escape", "close_ledger", "Counts", show=False, tooltip="Ledger: back to the counts"),
        Binding("E", "save", "Save CSV", tooltip="Save the table as shown (the counts, or the ledger's rows in their order and filter) as CSV beside the dataset"),
        *VIM_KEYS,
    ]  # fmt: skip

    class TimelineToggled(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_data: list[TaskRow] = []
        self.empty_text = ""  # what an empty pane says (set by the app for an entity)
        self.open_timelines: set[str] = set()
        self.ledger: Ledger | None = None
        self.mode = "counts"  # or "ledger"
        self.sort_key: str | None = None
        self.sort_reverse = False
        self.filter_text = ""
        self.shown: list[LedgerRow] = []  # ledger rows after sorting and filtering
        self.limit = 0  # ledger rows drawn (pages)

    def redraw(self) -> None:
        self.show_rows(self.rows_data, keep_cursor=True)

    def show_rows(
        self, rows: list[TaskRow], keep_cursor: bool = False, ledger: Ledger | object | None = _KEEP
    ) -> None:
        """The counted categories (and, with a ledger, its check row); `ledger` is the
        entity's ledger (None: none), omitted to keep the current one."""
        if ledger is not _KEEP and ledger is not self.ledger:
            self.ledger = ledger  # type: ignore[assignment]
            self.mode, self.sort_key, self.sort_reverse, self.filter_text = (
                "counts",
                None,
                False,
                "",
            )
            self.styles.height = None
            self.refresh_bindings()
        self.rows_data = rows
        if self.mode == "ledger" and self.ledger is not None:
            self._show_ledger(keep_cursor)
            return
        cursor = self.cursor_row if keep_cursor else 0
        if self.ledger is not None:
            rows = [*rows, self.ledger_summary_row(self.ledger)]
        with self.filling():
            cols = self._setup_columns(TASK_COLUMNS)
            self._evidence = {}
            variables = self.app.theme_variables
            for row in rows:
                self._add(row, cols, variables)
                if row.key in self.open_timelines:
                    for h in row.history:
                        self._add(h, cols, variables)
            if not rows and self.empty_text:  # an empty pane says what is missing
                empty = [Text("", end="") for _ in cols]
                empty[0] = Text(self.empty_text, style="dim italic", end="", no_wrap=True)
                self.add_row(*empty, key="empty")
                self._evidence["empty"] = None
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
        if row.key == "ledger" and key == "status":
            style = {
                "differs": fmt.status_style(variables, "behind"),
                "agrees": fmt.status_style(variables, "done"),
            }
            return Text(row.status, style=style.get(row.status, "dim"), end="", no_wrap=True)
        if key == "category":
            label = clean_line(row.label)
            t = Text(label, style="dim" if row.is_history else "", end="", no_wrap=True)
            if row.english and self.level >= 2:  # both languages where there is room
                t.append(f" ({clean_line(row.english)})", style="dim")
            if row.history and not row.is_history:
                t.append(f" +{len(row.history)}", style="dim")
            return t
        if key == "status":
            if row.is_history:
                return Text("earlier", style="dim", end="")
            word = fmt.STATUS_WORDS.get(row.status, row.status)
            return Text(word, style=fmt.status_style(variables, row.status), end="", no_wrap=True)
        if key == "as_of":
            return text(as_of_short(row.as_of, row.as_of_basis))
        if key == "detail":
            return text(fmt.fit(clean_line(row.detail), 40), style="dim")
        if key == "done_total":
            done, total = row.cells.get("done"), row.cells.get("total")
            if done is None and total is None:
                return Text("", end="")
            if done is None and (row.unit or not row.key.startswith("cat:")):
                # a single figure (128人) or a deadline's count: not a part of a whole
                return self._cell(row, "total", right, variables)
            s = f"{fmt.num(done) if done is not None else '-'}/{fmt.num(total) if total is not None else '-'}"
            return Text(s, justify="right", end="", no_wrap=True)
        value = row.cells.get(key)
        if key in row.written:  # an approximation, as its report writes it: 近60%
            return Text("≈" + clean_line(row.written[key]), justify=justify, end="", no_wrap=True)
        s = fmt.pct(value) if key == "rate" and value is not None else fmt.num(value)
        if row.unit and value is not None and key == "total":
            s += row.unit
        style = fmt.status_style(variables, "behind") if key == "behind" and value else ""
        return Text(s, justify=justify, style=style, end="", no_wrap=True)

    # --- the ledger ----------------------------------------------------------------------

    @staticmethod
    def ledger_summary_row(ledger: Ledger) -> TaskRow:
        """The row below the categories: the ledger's size, done and its cross-check."""
        from .model import TaskRow

        n = len(ledger.rows)
        status = "agrees" if ledger.agrees else "differs" if ledger.agrees is False else "ledger"
        behind = sum(1 for r in ledger.rows if r.status == "behind")
        return TaskRow(
            key="ledger",
            label="台账 ledger: l",
            cells={"total": n, "done": ledger.done, "behind": behind or None,
                   "rate": round(100 * ledger.done / n, 1) if n else None},
            status=status,
            as_of=ledger.as_of[0] if ledger.as_of[1] == "stated" else None,
            detail=ledger.summary,
        )  # fmt: skip

    def action_save(self) -> None:
        """The rows as shown, with every column of the view (a narrow pane leaves some
        out): the ledger's rows in their order and under their filter, or the counts with
        the open timelines."""
        from .saving import save_table

        app: Any = self.app
        variables = app.theme_variables
        place = "-".join(
            x for x in (getattr(app, "entity", None), getattr(app, "round", None)) if x
        )
        if self.mode == "ledger":
            cols = [(k, h, right) for k, h, right, _lvl in LEDGER_COLUMNS]
            # whole titles: a file has the room the pane lacks
            rows = [[clean_line(r.title) if k == "title" else
                     self._ledger_cell(r, k, right, variables).plain for k, _h, right in cols]
                    for r in self.shown]  # fmt: skip
            name = f"{place}-ledger"
        else:
            cols = [(k, h, right) for k, h, right, _lvl in TASK_COLUMNS]
            shown: list[TaskRow] = []
            for row in self.rows_data:
                shown.append(row)
                if row.key in self.open_timelines:
                    shown.extend(row.history)
            if self.ledger is not None:
                shown.append(self.ledger_summary_row(self.ledger))
            rows = [[clean_line(r.detail) if k == "detail" else
                     self._cell(r, k, right, variables).plain for k, _h, right in cols]
                    for r in shown]  # fmt: skip
            name = f"{place}-counts"
        try:
            path = save_table(app.model.store.data_dir, name, [h for _k, h, _r in cols], rows)
        except OSError as exc:
            self.notify(f"could not save: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.notify(f"saved {len(rows)} rows: {clean_line(str(path))}", markup=False, timeout=8)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("sort_ledger", "sort_ledger_way", "filter_ledger", "close_ledger"):
            return self.mode == "ledger"
        if action == "toggle_ledger":
            return self.ledger is not None
        if action == "toggle_timeline":
            return self.mode == "counts"
        return True

    def action_toggle_ledger(self) -> None:
        if self.ledger is None:
            return
        self.mode = "counts" if self.mode == "ledger" else "ledger"
        # on a short terminal the ledger view takes more of the height from the source pane
        short = self.screen.has_class("-short")
        self.styles.height = "2fr" if self.mode == "ledger" and short else None
        self.refresh_bindings()
        self.show_rows(self.rows_data)
        if self.mode == "counts":
            self._subtitle(f"{self.row_count} rows")

    def action_close_ledger(self) -> None:
        """Esc clears the ledger's filter first, as in every table; then the counts."""
        if self.mode != "ledger":
            return
        if self.filter_text:
            self.filter_text = ""
            self._show_ledger(False)
            return
        self.action_toggle_ledger()

    def action_sort_ledger_way(self, descending: bool) -> None:
        """[ and ]: the ledger's sort (due, unless d/u/s chose another) ascending or
        descending, as [ and ] sort the overview and all facts."""
        if self.mode != "ledger":
            return
        self.sort_key = self.sort_key or "d"
        self.sort_reverse = descending
        self._show_ledger(False)

    def action_sort_ledger(self, key: str) -> None:
        if self.mode != "ledger":
            return
        if self.sort_key == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self._show_ledger(False)

    def action_filter_ledger(self) -> None:
        if self.mode != "ledger":
            return
        from .ledger import FilterScreen

        def done(text: str | None) -> None:
            if text is not None:
                self.filter_text = text
                self._show_ledger(False)

        self.app.push_screen(FilterScreen(self.filter_text), done)

    def _show_ledger(self, keep_cursor: bool, more: bool = False) -> None:
        from .ledger import PAGE, filter_rows, sort_rows

        ledger = self.ledger
        assert ledger is not None
        cursor = self.cursor_row if (keep_cursor or more) else 0
        if not more:
            rows = filter_rows(ledger.rows, self.filter_text)
            self.shown = sort_rows(rows, self.sort_key, self.sort_reverse)
            self.limit = max(self.limit if keep_cursor else 0, PAGE)
        with self.filling():
            self._add_ledger_rows(ledger)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)
        self._ledger_subtitle()

    def _add_ledger_rows(self, ledger: Ledger) -> None:
        """The columns, the head and check rows, and a page of the shown rows."""
        from .ledger import PAGE
        from .model import Evidence

        cols = self._setup_columns(LEDGER_COLUMNS)
        self._evidence = {}
        variables = self.app.theme_variables
        keys = [k for k, _h, _r in cols]
        title_i, status_i = keys.index("title"), keys.index("status")
        head = [Text("", end="") for _ in cols]
        head_text = Text(f"ledger {ledger.done:,}/{len(ledger.rows):,} done", style="bold", end="")
        head[title_i] = head_text
        if ledger.overdue:
            head[keys.index("due")] = Text(
                f"{ledger.overdue:,} overdue*", end="", no_wrap=True,
                style=fmt.status_style(variables, "behind"),
            )  # fmt: skip
        word = "agrees" if ledger.agrees else "differs" if ledger.agrees is False else "unchecked"
        head[status_i] = Text(word, end="", no_wrap=True, style=fmt.status_style(
            variables, "done" if ledger.agrees else "behind") if ledger.agrees is not None else "dim")  # fmt: skip
        self.add_row(*head, key="led:head")
        stated, rows_diff, done_diff = ledger.check_cells()
        check_row = [Text("", end="") for _ in cols]
        check_row[title_i] = Text(stated, style="dim", end="", no_wrap=True)
        check_row[keys.index("due")] = Text(rows_diff, style="bold", end="", no_wrap=True)
        check_row[status_i] = Text(done_diff, style="bold", end="", no_wrap=True)
        self.add_row(*check_row, key="led:check")
        self._evidence["led:check"] = None
        page = self.shown[: self.limit]
        self._free_title = self._free_width(page, cols, variables, [head, check_row])
        for r in page:
            cells = [self._ledger_cell(r, key, right, variables) for key, _h, right in cols]
            self._evidence[r.key] = (
                Evidence(r.doc_id, r.start, r.end)
                if r.start is not None and r.end is not None
                else None
            )
            self.add_row(*cells, key=r.key)
        rest = len(self.shown) - self.limit
        if rest > 0:
            more_row = [Text("", end="") for _ in cols]
            more_row[title_i] = Text(
                f"... {rest:,} more: Enter for the next {min(rest, PAGE)}, f to filter",
                style="dim italic",
                end="",
            )
            self.add_row(*more_row, key="led:more")

    def _title_width(self) -> int:
        """The task column takes the width the other columns leave (at least its
        level's minimum): titles are cut only when the pane is really full."""
        least = LEDGER_TITLE_WIDTH[min(self.level, len(LEDGER_TITLE_WIDTH) - 1)]
        return max(least, getattr(self, "_free_title", 0))

    def _free_width(
        self,
        page: list[LedgerRow],
        cols: list[tuple[str, str, bool]],
        variables: dict[str, str],
        extra_rows: list[list[Text]],
    ) -> int:
        """Cells left for the task titles once every other column of `page` is drawn."""
        keys = [k for k, _h, _r in cols]
        used = 0
        for i, (key, header, right) in enumerate(cols):
            if key == "title":
                continue
            cells = [self._ledger_cell(r, key, right, variables) for r in page]
            cells += [row[i] for row in extra_rows]
            used += max([cell_len(header), *(c.cell_len for c in cells)]) + 2
        scrollbar = 2
        return self.size.width - used - 2 - scrollbar if "title" in keys else 0

    def _ledger_cell(self, r: LedgerRow, key: str, right: bool, variables: dict[str, str]) -> Text:
        from .ledger import status_cell

        if key == "seq":
            return Text("" if r.seq is None else str(r.seq), justify="right", end="", no_wrap=True)
        if key == "title":
            return Text(fmt.fit(clean_line(r.title), self._title_width()), end="", no_wrap=True)
        if key == "unit":
            return Text(
                fmt.fit(clean_line(r.unit), 16 if self.level < 3 else 22), end="", no_wrap=True
            )
        if key == "due":
            return Text(fmt.fit(clean_line(r.due or r.due_text), 10), end="", no_wrap=True,
                        style="" if r.due else "dim")  # fmt: skip
        if key == "due_text":
            return Text(fmt.fit(clean_line(r.due_text), 16), style="dim", end="", no_wrap=True)
        if key == "status":
            return status_cell(r, variables)
        if key == "status_text":
            return Text(fmt.fit(clean_line(r.status_text), 20), style="dim", end="", no_wrap=True)
        return Text("", end="")

    def _subtitle(self, text: str) -> None:
        self.border_subtitle = Text(text, end="")

    def _ledger_subtitle(self) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        parts = []
        r = self._ledger_row_at_cursor()
        if r is not None:
            where = (
                f"sheet {r.sheet} row {r.row}"
                if r.sheet and not r.sheet.startswith("表")
                else f"{r.sheet} row {r.row}"
            )
            parts.append(clean_line(where))
        parts.append(f"{len(self.shown):,}/{len(ledger.rows):,} rows")
        if self.sort_key:
            from .ledger import SORTS

            parts.append(f"by {SORTS[self.sort_key]}{' desc' if self.sort_reverse else ''}")
        if self.filter_text:
            parts.append(f"filter: {clean_line(self.filter_text)}")
        parts.append(f"overdue* derived, {ledger.basis}" if ledger.basis else "overdue* derived")
        self._subtitle(" · ".join(parts))

    def _ledger_row_at_cursor(self) -> LedgerRow | None:
        if self.mode != "ledger" or not self.row_count:
            return None
        key = self.row_key_at(self.cursor_row) or ""
        if not key.startswith("led:") or key in ("led:head", "led:check", "led:more"):
            return None
        return next((r for r in self.shown[: self.limit] if r.key == key), None)

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        super().on_row_table_row_highlighted(event)
        if self.mode == "ledger":
            self._ledger_subtitle()

    def current_row(self) -> TaskRow | None:
        if not self.row_count:
            return None
        key = self.row_key_at(self.cursor_row)
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

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        key = event.row_key or ""
        if key == "ledger" and self.mode == "counts":
            self.action_toggle_ledger()
            return
        if key == "led:more":
            from .ledger import PAGE

            self.limit += PAGE
            self._show_ledger(True, more=True)
            return
        if key == "led:head":
            self.action_toggle_ledger()
            return
        self.post_message(EvidenceRequested(self._evidence.get(key), focus_source=False))


def _short_check(ledger: Ledger) -> str:
    """The cross-check in a few words: 'report: 82 tasks, 59 done; rows -73, done -56'."""
    if ledger.agrees is None:
        return "no count stated in the reports to check against"
    stated = ledger.summary.split("; report", 1)[-1]
    stated = stated.split(": differs", 1)[0].split(": agrees", 1)[0]
    head = "report" + stated
    if ledger.agrees:
        return f"{head}: agrees"
    diffs = []
    for d in ledger.differences:
        label, _, rest = d.partition(":")
        diffs.append(f"{label} {rest.rsplit('(', 1)[-1].rstrip(')')}")
    return f"{head}: differs, {', '.join(diffs)}"


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
        with self.filling():
            cols = self._setup_columns(METRIC_COLUMNS)
            self._evidence = {}
            for m in rows:
                cells = [self._cell(m, key, right) for key, _h, right in cols]
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
            # the bars (from zero when the changes are small beside the values) and the
            # first and latest values they stand for: "█▇█ 26→27"
            spark = fmt.sparkline(m.values)
            years = [y for y, v in zip(m.years, m.values, strict=False) if v is not None]
            t = Text(spark, style="bold" if m.target else "", end="", no_wrap=True)
            ends = fmt.spark_ends(m.values)
            if ends:
                t.append(f" {ends}")
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

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.post_message(EvidenceRequested(self._evidence.get(event.row_key or "")))
