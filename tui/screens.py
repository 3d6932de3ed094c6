"""Screens over the main one: help, overview (one row per province, sortable), search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from ducha.plaintable import fit_columns
from ducha.vocabulary import CATEGORY, STATUS, STATUS_RANK, as_of_short

from . import fmt
from .keybar import KeyBar
from .line_api import QuietFocusScreen
from .linebreak import Hanging
from .safe import clean_line, text

if TYPE_CHECKING:
    from ducha.results import Summary

    from .model import Model


# --------------------------------------------------------------------------- help


def key_name(keys: str) -> str:
    names = {"question_mark": "?", "slash": "/", "space": "Space", "enter": "Enter",
             "escape": "Esc", "tab": "Tab", "shift+tab": "Shift+Tab", "pageup": "PgUp",
             "pagedown": "PgDn", "home": "Home", "end": "End", "up": "Up", "down": "Down",
             "left": "Left", "right": "Right", "ctrl+p": "Ctrl+P"}  # fmt: skip
    return " ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def help_text(sections: list[tuple[str, list[BindingType]]]) -> Hanging:
    """The key list, one section per pane, written from the bindings themselves. Laid
    out at the width it is drawn: a description that wraps goes on under its first word,
    not under the key (at 80 columns too)."""
    out = Hanging()
    width = 16
    for title, bindings in sections:
        out.add(title, lead_style="bold underline")
        for b in bindings:
            if not isinstance(b, Binding):
                continue
            if b.id and b.id.startswith("sortcol-"):
                if b.id != "sortcol-1":
                    continue
                b = Binding("1..9", "", "", tooltip=b.tooltip)
            keys = key_name(b.key)
            lead = "  " + keys.ljust(width - 2) if cell_len(keys) < width - 2 else f"  {keys} "
            out.add(lead, b.tooltip or b.description, lead_style="bold")
        out.add("")
    out.add("Status words", lead_style="bold underline")
    for key in ("done", "in_progress", "on_schedule", "behind", "phased", "stated"):
        out.add("  " + fmt.STATUS_WORDS[key].ljust(width - 2), STATUS[key].meaning,
                lead_style="bold")  # fmt: skip
    out.add("")
    out.add("", "Tree: each node shows done/total of its main count and a bar; 'no report' marks "
            "a place of a batch with no document yet. Chinese columns need a terminal that "
            "draws CJK double-width; set ambiguous width to narrow (or DUCHA_ASCII=1).",
            style="dim")  # fmt: skip
    return out


class HelpText(Widget):
    """The help's text. `render` returns the `Hanging` paragraphs themselves, which Rich
    lays out at the widget's width (Static would turn them into a visual first)."""

    DEFAULT_CSS = "HelpText { width: 1fr; height: auto; }"

    def __init__(self, body: Hanging, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body

    def render(self) -> Hanging:
        return self.body


class HelpScreen(ModalScreen[None]):
    """Every key of the app, grouped by pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Close the help"),
        Binding("j,down", "scroll('down')", "Down", show=False, tooltip="Scroll down"),
        Binding("k,up", "scroll('up')", "Up", show=False, tooltip="Scroll up"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "ducha keys"
            body.border_subtitle = "Esc / q / ? close"
            yield HelpText(help_text(self.sections), id="help-text")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)


# --------------------------------------------------------------------------- overview


@dataclass(slots=True)
class OverviewRow:
    entity: str
    round: str
    batch: str
    total: float | None
    done: float | None
    in_progress: float | None
    on_schedule: float | None
    behind: float | None
    completion: float | None
    as_of: str
    status: str
    as_of_basis: str | None = None  # vocabulary.AS_OF_BASES: shown as ≤date when published
    counted: str = ""  # what the total counts: 整改任务 or 问题


# What goes first when the overview is narrower than its columns (80x24): a number or a
# date is never cut. "merge" puts done and total in one column ("59/82").
OVERVIEW_DROP = ("counted", "on_schedule", "in_progress", "batch", "merge", "completion", "round")
OVERVIEW_PADDING = 2  # cells a DataTable column adds to its content


# (key, header, right aligned, descending first)
OVERVIEW_COLUMNS = (
    ("entity", "entity", False, False),
    ("round", "round", False, False),
    ("batch", "batch", False, False),
    ("total", "total", True, True),
    ("done", "done", True, True),
    ("in_progress", "in prog", True, True),
    ("on_schedule", "on sched", True, True),
    ("behind", "behind", True, True),
    ("completion", "done %", True, True),
    ("as_of", "as of", False, True),
    ("status", "status", False, False),
    ("counted", "total of", False, False),
)


def overview_rows(
    model: Model, scope: tuple[str, ...] | None, round_: str | None, batch: str | None
) -> list[OverviewRow]:
    """One row per entity and round; `scope` adds the provinces of a batch with no report."""
    rows: list[OverviewRow] = []
    seen: set[tuple[str, str]] = set()
    for (entity, r), s in model.overview.items():
        if s.level in ("national", "batch"):
            continue
        if round_ is not None and r != round_:
            continue
        if scope is not None:
            place = model.gazetteer.get(entity)
            prov = (
                place.parent
                if place is not None and place.level == "city" and place.parent
                else entity
            )
            if prov not in scope:
                continue
        b = model.batch_of(entity, r)
        rows.append(_row(s, b.batch_name.removeprefix(r or "") if b else ""))
        seen.add((entity, r or ""))
    if scope is not None:
        for p in scope:
            if (p, round_ or "") not in seen and not any(e == p for e, _ in seen):
                rows.append(
                    OverviewRow(
                        p,
                        round_ or "",
                        batch or "",
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        "",
                        "missing",
                    )
                )
    return rows


def _row(s: Summary, batch: str) -> OverviewRow:
    return OverviewRow(
        s.entity, s.round or "", batch, s.total, s.done, s.in_progress, s.on_schedule,
        s.behind, s.completion, s.as_of or "", s.status, s.as_of_basis,
        CATEGORY[s.counted].label if s.counted in CATEGORY else "",
    )  # fmt: skip


def sort_rows(rows: list[OverviewRow], key: str, descending: bool) -> list[OverviewRow]:
    """Sort with empty cells last whatever the direction."""

    def value(r: OverviewRow) -> Any:
        v = getattr(r, key)
        if key == "status":
            return STATUS_RANK.get(v, 9)
        return v

    present = [r for r in rows if value(r) not in (None, "")]
    empty = [r for r in rows if value(r) in (None, "")]
    present.sort(key=value, reverse=descending)
    return present + empty


class OverviewTable(DataTable):
    """The overview's rows: ←/→ (h/l) move the column cursor, as in every table of ducha."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "screen.column(-1)", "Column left", show=False, tooltip="The column to the left: [ and ] sort by it"),
        Binding("right,l", "screen.column(1)", "Column right", show=False, tooltip="The column to the right: [ and ] sort by it"),
    ]  # fmt: skip


class OverviewScreen(QuietFocusScreen[tuple[str, str] | None]):
    """One row per province (and city) with its counts and status, sortable by any column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "b", "sort('behind')", "Behind first", tooltip="Sort: most items behind schedule first"
        ),
        Binding(
            "c",
            "sort('completion')",
            "Completion",
            tooltip="Sort by completion (lowest first; again to flip)",
        ),
        Binding(
            "left_square_bracket",
            "sort_here(False)",
            "Sort asc",
            key_display="[",
            tooltip="Sort by the cursor's column, ascending (←/→ choose the column)",
        ),
        Binding(
            "right_square_bracket",
            "sort_here(True)",
            "Sort desc",
            key_display="]",
            tooltip="Sort by the cursor's column, descending (←/→ choose the column)",
        ),
        Binding("s", "cycle_sort", "Sort next", show=False, tooltip="Sort by the next column"),
        Binding("r", "reverse", "Reverse", show=False, tooltip="Reverse the sort order"),
        *[
            Binding(
                str(i + 1),
                f"sort_column({i})",
                f"Sort col {i + 1}",
                show=False,
                id=f"sortcol-{i + 1}",
                tooltip="Sort by that column (entity, round, batch, total, done, in prog, on sched, behind, done %)",
            )
            for i in range(9)
        ],
        Binding(
            "f,slash",
            "filter",
            "Filter",
            tooltip="Filter rows by text (entity, round, batch, status)",
        ),
        Binding("enter", "open", "Open", tooltip="Open the entity in the main screen"),
        Binding(
            "E",
            "save",
            "Save CSV",
            tooltip="Save the table as shown (its order and filter, every column) as CSV beside the dataset",
        ),
        Binding("escape,q,v", "close", "Close", tooltip="Back to the main screen"),
        Binding("j", "cursor('down')", "Down", show=False, tooltip="Next row"),
        Binding("k", "cursor('up')", "Up", show=False, tooltip="Previous row"),
    ]

    DEFAULT_CSS = """
    OverviewScreen #ov-title { height: 1; background: $panel; padding: 0 1; }
    OverviewScreen #ov-filter { display: none; height: 3; }
    OverviewScreen.-filtering #ov-filter { display: block; }
    OverviewScreen DataTable { height: 1fr; }
    """

    def __init__(self, model: Model, title: str, scope: tuple[str, ...] | None = None,
                 round_: str | None = None, batch: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.model = model
        self.title_text = title
        self.all_rows = overview_rows(model, scope, round_, batch)
        self.sort_key = "behind"
        self.descending = True
        self.filter_text = ""
        self.shown: list[OverviewRow] = []
        self.columns_shown: list[str] = []  # the keys of the columns that fit the width
        self.column_key = "entity"  # the column cursor: what [ and ] sort by

    def compose(self) -> ComposeResult:
        yield Static(id="ov-title")
        yield Input(placeholder="filter: entity, round, batch or status", id="ov-filter")
        yield OverviewTable(id="ov-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.refill()
        table.focus()

    def refill(self) -> None:
        table = self.query_one(DataTable)
        rows = self.all_rows
        if self.filter_text:
            rows = [r for r in rows if self._matches(r, self.filter_text)]
        self.shown = sort_rows(rows, self.sort_key, self.descending)
        table.clear(columns=True)
        variables = self.app.theme_variables
        spec = {k: (h, right) for k, h, right, _d in OVERVIEW_COLUMNS}
        spec["done_total"] = ("done/total", True)
        grid = [[self._cell(r, k, spec[k][1], variables) for k in spec] for r in self.shown]
        headers = {
            k: h + (" v" if self.descending else " ^") if k == self.sort_key else h
            for k, (h, _r) in spec.items()
        }
        widths = {
            k: max([cell_len(headers[k]), *(row[i].cell_len for row in grid)])
            for i, k in enumerate(spec)
        }
        keys = fit_columns(
            widths, self._room(), OVERVIEW_DROP, ("done", "total", "done_total"),
            gap=OVERVIEW_PADDING, edge=OVERVIEW_PADDING,
        )  # fmt: skip
        self.columns_shown = keys
        index = {k: i for i, k in enumerate(spec)}
        if self.column_key not in keys:
            self.column_key = keys[0]
        for key in keys:
            style = "bold" if key == self.sort_key else ""
            if key == self.column_key:
                style += " reverse"
            table.add_column(
                Text(headers[key], justify="right" if spec[key][1] else "left", style=style),
                key=key,
            )
        for i, row in enumerate(grid):
            table.add_row(*(row[index[k]] for k in keys), key=f"{i}")
        self._title()

    def _matches(self, r: OverviewRow, query: str) -> bool:
        """Every word of the filter is in the row's words: its entity (as written, its
        short name, pinyin or English), round, batch, status (English or Chinese) or what
        its total counts; a word in traditional characters is read simplified (雲南)."""
        from ducha.reference.script import to_simplified

        place = self.model.gazetteer.get(r.entity)
        status = STATUS.get(r.status)
        words = " ".join((
            r.entity, r.round, r.batch, r.counted, self.model.short(r.entity),
            fmt.STATUS_WORDS.get(r.status, ""), status.chinese if status else "",
            place.pinyin if place else "", place.english if place else "",
        )).lower()  # fmt: skip
        return all(w.lower() in words or to_simplified(w).lower() in words for w in query.split())

    def _room(self) -> int:
        """Cells the table can use (its scrollbar aside)."""
        width = self.size.width or self.app.size.width
        return max(20, width - 2)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.refill()

    def _cell(self, r: OverviewRow, key: str, right: bool, variables: dict[str, str]) -> Text:
        """One cell as the overview shows it."""
        if key == "done_total":
            if r.done is None and r.total is None:
                return Text("", end="")
            done = fmt.num(r.done) if r.done is not None else "-"
            total = fmt.num(r.total) if r.total is not None else "-"
            return Text(f"{done}/{total}", justify="right", end="")
        v = getattr(r, key)
        if key == "status":
            return Text(fmt.STATUS_WORDS.get(v, v), style=fmt.status_style(variables, v), end="")
        if key == "completion":
            return Text(fmt.pct(v), justify="right", end="")
        if key == "as_of":
            return Text(as_of_short(v, r.as_of_basis), end="")
        if key == "behind":
            style = fmt.status_style(variables, "behind") if v else ""
            return Text(fmt.num(v), justify="right", end="", style=style)
        if right:
            return Text(fmt.num(v), justify="right", end="")
        return text(v)

    def _title(self) -> None:
        n_behind = sum(1 for r in self.shown if r.behind)
        title = Text(clean_line(self.title_text), style="bold", end="")
        title.append(f"  {len(self.shown)} rows, {n_behind} with items behind schedule", style="")
        sort_header = next(h for k, h, _r, _d in OVERVIEW_COLUMNS if k == self.sort_key)
        title.append(
            f"  sorted by {sort_header} {'desc' if self.descending else 'asc'}", style="dim"
        )
        if self.filter_text:
            title.append("  filter: ", style="dim")
            title.append(clean_line(self.filter_text))
        self.query_one("#ov-title", Static).update(title)

    def action_sort(self, key: str) -> None:
        if self.sort_key == key:
            self.descending = not self.descending
        else:
            self.sort_key = key
            self.descending = next(d for k, _h, _r, d in OVERVIEW_COLUMNS if k == key)
            if key == "completion":
                self.descending = False
        self.refill()

    def action_cycle_sort(self) -> None:
        keys = [k for k, *_ in OVERVIEW_COLUMNS]
        self.action_sort(keys[(keys.index(self.sort_key) + 1) % len(keys)])

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refill()

    def action_column(self, step: int) -> None:
        """Move the column cursor (the header shown reversed)."""
        keys = self.columns_shown
        if not keys:
            return
        i = keys.index(self.column_key) if self.column_key in keys else 0
        self.column_key = keys[max(0, min(len(keys) - 1, i + step))]
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.refill()
        table.move_cursor(row=row)

    def action_sort_here(self, descending: bool) -> None:
        """Sort by the cursor's column (done/total sorts by done)."""
        key = "done" if self.column_key == "done_total" else self.column_key
        self.sort_key, self.descending = key, descending
        self.refill()

    def action_save(self) -> None:
        """The rows as shown, with every column (a narrow screen leaves some out)."""
        from .saving import save_table

        variables = self.app.theme_variables
        headers = [h for _k, h, _r, _d in OVERVIEW_COLUMNS]
        rows = [
            [self._cell(r, k, right, variables).plain for k, _h, right, _d in OVERVIEW_COLUMNS]
            for r in self.shown
        ]
        try:
            path = save_table(self.model.store.data_dir, "overview", headers, rows)
        except OSError as exc:
            self.notify(f"could not save: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.notify(f"saved {len(rows)} rows: {clean_line(str(path))}", markup=False, timeout=8)

    def action_sort_column(self, index: int) -> None:
        if index < len(OVERVIEW_COLUMNS):
            self.action_sort(OVERVIEW_COLUMNS[index][0])

    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#ov-filter", Input).focus()

    @on(Input.Changed, "#ov-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refill()

    @on(Input.Submitted, "#ov-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(DataTable)
        if direction == "down":
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_open(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            return
        table = self.query_one(DataTable)
        if not self.shown:
            return
        r = self.shown[table.cursor_row]
        self.dismiss((r.entity, r.round))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_close(self) -> None:
        """Esc clears the filter (in its line or on the rows); with none, closes."""
        inp = self.query_one("#ov-filter", Input)
        if isinstance(self.focused, Input) or inp.value:
            inp.value = ""
            self.filter_text = ""
            self.remove_class("-filtering")
            self.refill()
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)


# --------------------------------------------------------------------------- search


SIMPLIFIED_ATTR = "_simplified_texts"  # the model keeps the texts' simplified views here


def simplified_texts(model: Model, texts: dict[str, str]) -> dict[str, str]:
    """The simplified view of every text (雲南 read as 云南), one character for one so a
    match's offsets are the stored text's. A stored text keeps its own script; each is
    converted once per model, not per keystroke, and kept with the text it was made from."""
    from ducha.reference.script import to_simplified

    cache: dict[str, tuple[str, str]] | None = getattr(model, SIMPLIFIED_ATTR, None)
    if cache is None:
        cache = {}
        setattr(model, SIMPLIFIED_ATTR, cache)
    out = {}
    for doc_id, body in list(texts.items()):  # a copy: the model may add a text meanwhile
        kept = cache.get(doc_id)
        if kept is None or kept[0] is not body:
            kept = cache[doc_id] = (body, to_simplified(body))
        out[doc_id] = kept[1]
    return out


class SearchScreen(ModalScreen[tuple[str, ...] | None]):
    """`/`: jump to an entity (Chinese name, short name, pinyin, initials) or find text,
    in simplified or traditional characters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Close", tooltip="Close without jumping"),
        Binding("down", "move(1)", "Next", show=False, tooltip="Next result"),
        Binding("up", "move(-1)", "Previous", show=False, tooltip="Previous result"),
    ]

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 80%;
        margin-top: 2; border: round $accent; background: $surface;
    }
    SearchScreen OptionList { height: auto; max-height: 16; border: none; }
    SearchScreen #search-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, model: Model, query: str = "") -> None:
        super().__init__()
        self.model = model
        self.initial = query
        self.texts: dict[str, str] | None = None
        self.views: dict[str, str] | None = None  # the texts in simplified characters

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "jump to a place or find text"
            yield Input(
                value=self.initial,
                placeholder="河南 / henan / hn, or any text in the reports",
                id="search-input",
            )
            yield OptionList(id="search-results")
            yield Static("Enter: go   Up/Down: choose   Esc: close", id="search-hint")

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = self.app.cursor_blink if hasattr(self.app, "cursor_blink") else True
        inp.focus()
        self.load_texts()
        self.update_results(self.initial)

    @work(thread=True, exclusive=True, group="search-texts")
    def load_texts(self) -> None:
        texts = self.model.all_texts()
        views = simplified_texts(self.model, texts)
        self.app.call_from_thread(self._texts_loaded, texts, views)

    def _texts_loaded(self, texts: dict[str, str], views: dict[str, str]) -> None:
        self.texts, self.views = texts, views
        self.update_results(self.query_one(Input).value)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.update_results(event.value)

    def results(self, query: str) -> list[tuple[str, Text]]:
        q = query.strip()
        out: list[tuple[str, Text]] = []
        if not q:
            return out
        from ducha.reference.script import to_simplified

        simple = to_simplified(q)
        # as typed, then simplified: names are simplified, but a few do not survive the
        # conversion (乾县 reads 干县)
        spellings = list(dict.fromkeys((q, simple)))
        gazetteer = self.model.gazetteer
        places: list[Any] = []
        for s in spellings:
            for place in gazetteer.search(s, limit=8):
                if place not in places:
                    places.append(place)
        informal = gazetteer.lookup(simple)  # 广西省
        if informal is not None and informal not in places:
            places.insert(0, informal)
        with_docs = self.model.entities_with_docs()
        for place in places[:8]:
            rounds = self.model.rounds_of(place.name) if place.name in with_docs else []
            for rnd in rounds if len(rounds) > 1 else [None]:
                # a place reported in several rounds: one entry per round, each opening it
                t = Text("place  ", style="dim", end="")
                t.append(clean_line(place.name), style="bold")
                if rnd is not None:
                    t.append(f" · {clean_line(rnd)}", style="bold")
                    s = self.model.summary(place.name, rnd)
                    if s is not None and s.total is not None:
                        t.append(f"  {fmt.num(s.done) if s.done is not None else '-'}/"
                                 f"{fmt.num(s.total)} {fmt.STATUS_WORDS.get(s.status, s.status)}")  # fmt: skip
                t.append(f"  {clean_line(place.pinyin)}", style="dim")
                if rnd is None:
                    n = len(self.model.docs_of(place.name))
                    t.append(
                        f"  {n} report{'s' if n != 1 else ''}"
                        if place.name in with_docs
                        else "  no report",
                        style="" if n else "dim",
                    )
                key = f"e\t{place.name}" + (f"\t{rnd}" if rnd is not None else "")
                out.append((key, t))
        for name in sorted(with_docs):  # entities outside the gazetteer (全国, batches)
            if any(s in name for s in spellings) and not any(
                key == f"e\t{name}" or key.startswith(f"e\t{name}\t") for key, _ in out
            ):
                out.append((f"e\t{name}", Text(f"entity {clean_line(name)}", end="")))
        if self.texts is not None and self.views is not None and len(q) >= 1:
            # the simplified query in the simplified views; a match is shown, and found in
            # the source, in the stored text's own words (the views keep its offsets)
            hits, n = 0, len(simple)
            for doc_id, body in self.texts.items():
                view = self.views.get(doc_id, body)
                i = view.find(simple)
                title = self.model.documents.get(doc_id)
                while i != -1 and hits < 40:
                    a, b = max(0, i - 14), min(len(body), i + n + 14)
                    t = Text("text   ", style="dim", end="")
                    t.append(clean_line(body[a:i]))
                    t.append(clean_line(body[i : i + n]), style="bold reverse")
                    t.append(clean_line(body[i + n : b]))
                    if title:
                        t.append("  " + fmt.fit(clean_line(title.title), 24), style="dim")
                    out.append((f"t\t{doc_id}\t{i}\t{body[i : i + n]}", t))
                    hits += 1
                    i = view.find(simple, i + n)
        return out

    def update_results(self, query: str) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        for key, prompt in self.results(query):
            ol.add_option(Option(prompt, id=key))
        if ol.option_count:
            ol.highlighted = 0

    def action_move(self, step: int) -> None:
        ol = self.query_one(OptionList)
        if ol.option_count:
            ol.highlighted = ((ol.highlighted or 0) + step) % ol.option_count

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None and ol.option_count:
            self._choose(ol.get_option_at_index(ol.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id:
            self.dismiss(tuple(option_id.split("\t")))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
