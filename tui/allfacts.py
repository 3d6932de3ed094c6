"""All facts: one table of every count and indicator of the library (key `a`).

Built for a million rows. The rows live in one polars frame, read straight from the
parquet tables (the evidence sentences stay on disk: Enter loads the document and
highlights the span). Text columns are `Enum`s whose categories are sorted, so a sort by
any column is an integer sort and a text filter is a match against the few hundred
distinct names, turned into an `is_in` on their codes (a word may name a field in Chinese
or English, a place in pinyin or English, in traditional or simplified characters). The
view is one index series (the rows that pass the filter, in sort order); the grid is a
Line-API `ScrollView` that gathers and draws only the rows on screen, a page at a time,
from an LRU cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from ducha.vocabulary import FIELD_LABEL, field_for_label, field_label

from . import fmt
from .keybar import KeyBar
from .line_api import BaseStyleOncePerRender, MemoScrollbars, QuietFocusScreen, set_virtual_size
from .safe import clean_line

if TYPE_CHECKING:
    import polars as pl

    from .model import Model


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width: int  # cells; text columns may grow to their widest value (up to `max_width`)
    right: bool = False
    max_width: int = 0
    descending_first: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("entity", "entity", 8, max_width=22),
    Column("round", "round", 6, max_width=12),
    Column("kind", "kind", 6),
    Column("field", "field / indicator", 12, max_width=28),
    Column("value", "value", 10, right=True, descending_first=True),
    Column("unit", "unit", 4, max_width=12),
    Column("change", "change", 9, right=True, descending_first=True),
    Column("year", "year", 4, right=True, descending_first=True),
    Column("as_of", "as of", 11, descending_first=True),
)
TEXT_COLUMNS = ("entity", "round", "kind", "field", "unit", "as_of")
FILTER_COLUMNS = ("entity", "field", "round", "unit")
_YEAR = re.compile(r"^(19|20)\d\d$")
FEW_ROWS = 8
"""A filter that keeps under 1/FEW_ROWS of the rows is ordered by sorting their places."""
PAGE = 64
ALL_FACTS_ATTR = "_all_facts"  # the model keeps the loaded frame and its sort orders here
SORT_FIRST = ("value", "entity", "year", "change", "as_of", "field", "round", "unit", "kind")


# --------------------------------------------------------------------------- data


def load_frame(data_dir: Any) -> pl.DataFrame:
    """Every fact and metric of the dataset, one row each, without evidence text.

    Columns: entity, round, kind ('count' or 'metric'), field, value, unit, change, year,
    as_of (Enum text columns with sorted categories), and doc_id, start, end, match_start,
    match_end to show the evidence on demand."""
    import polars as pl

    from ducha.dataset import empty

    def scan(table: str, cols: list[str]) -> pl.LazyFrame:
        path = data_dir / f"{table}.parquet"
        if path.exists():
            return pl.scan_parquet(path).select(cols)
        return empty(table).select(cols).lazy()

    ev = ["doc_id", "start", "end", "match_start", "match_end"]
    secs = scan("sections", ["section_id", "round", "as_of", "published", "feedback_date"])
    secs = secs.select(
        "section_id",
        "round",
        pl.coalesce("as_of", "published", "feedback_date").alias("as_of"),
        # a date the report does not state is at most its publication: ≤2024-04-04
        pl.when(pl.col("as_of").is_null() & pl.coalesce("published", "feedback_date").is_not_null())
        .then(pl.lit("≤"))
        .otherwise(pl.lit(""))
        .alias("_mark"),
    )
    from ducha.vocabulary import COUNT_FIELDS, unit_of

    units = {f: unit_of(f) or None for f in COUNT_FIELDS}
    facts = scan("facts", ["section_id", "entity", "field", "value", *ev]).with_columns(
        pl.lit("count").alias("kind"),
        pl.col("field").replace_strict(units, default=None, return_dtype=pl.String).alias("unit"),
        pl.lit(None, pl.Float64).alias("change"),
        pl.lit(None, pl.Int64).alias("year"),
    )
    metrics = scan(
        "metrics", ["section_id", "entity", "name", "value", "unit", "change", "year", *ev]
    ).with_columns(pl.col("name").alias("field"), pl.lit("metric").alias("kind"))
    order = ["section_id", "entity", "kind", "field", "value", "unit", "change", "year", *ev]
    both = pl.concat([facts.select(order), metrics.select(order)], how="vertical_relaxed")
    df = (
        both.join(secs, on="section_id", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("year", pl.col("as_of").str.slice(0, 4).cast(pl.Int64, strict=False))
            .cast(pl.Int16)
            .alias("year"),
            pl.concat_str("_mark", "as_of").alias("as_of"),
        )
        .drop("section_id", "_mark")
        .collect()
    )
    casts = {}
    for c in TEXT_COLUMNS:
        cats = df.get_column(c).drop_nulls().unique().to_list()
        cats.sort(key=lambda v: (v.lstrip("≤"), v) if c == "as_of" else (v, v))  # by date
        casts[c] = pl.col(c).cast(pl.Enum(cats))
    return df.with_columns(**casts)


class SortOrders:
    """The frame's row order by each column, ascending with nulls last: an argsort of a
    million rows takes 50-100 ms, so each is computed once, in the background after the
    frame loads (`prepare`), and shared by every opening of the screen. The descending
    order is read off the ascending one (its non-null part reversed, nulls still last)."""

    def __init__(self, df: pl.DataFrame) -> None:
        self.df = df
        self._ascending: dict[str, pl.Series] = {}
        self._non_null: dict[str, int] = {}
        self._places: dict[str, pl.Series] = {}

    def ascending(self, key: str) -> pl.Series:
        import polars as pl

        order = self._ascending.get(key)
        if order is None:
            col = self.df.get_column(key)
            if isinstance(col.dtype, pl.Enum):  # categories are sorted: codes sort alike
                col = col.to_physical()
            order = col.arg_sort(nulls_last=True).cast(pl.UInt32)
            self._non_null[key] = len(col) - col.null_count()
            self._ascending[key] = order  # one assignment: safe across threads
        return order

    def get(self, key: str, descending: bool = False) -> pl.Series:
        import polars as pl

        order = self.ascending(key)
        if not descending:
            return order
        n = self._non_null[key]
        return pl.concat([order.slice(0, n).reverse(), order.slice(n)])

    def places(self, key: str, descending: bool, rows: pl.Series) -> pl.Series:
        """The place of each of `rows` in the order `get(key, descending)`.

        A filter that keeps few rows is then put in order by sorting their places, not
        by reading the whole order (13 ms at a million rows). The ascending places are
        the order inverted, made on first use (a scatter of the whole column) and kept;
        descending places are read off them, as `get` reads its order."""
        import polars as pl

        places = self._places.get(key)
        if places is None:
            order = self.ascending(key)
            n = len(order)
            places = pl.zeros(n, dtype=pl.UInt32, eager=True)
            places.scatter(order, pl.int_range(0, n, dtype=pl.UInt32, eager=True))
            self._places[key] = places  # one assignment: safe across threads
        at = places.gather(rows)
        if not descending:
            return at
        n = self._non_null[key]  # the non-null part reversed, nulls where they were
        return pl.select(
            pl.when(at < n).then(pl.lit(n - 1, pl.UInt32) - at).otherwise(at)
        ).to_series()

    def prepare(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.ascending(key)


class FactsView:
    """The rows of the frame that pass a filter, in the order of a sort (an index series)."""

    def __init__(self, df: pl.DataFrame, orders: SortOrders | None = None) -> None:
        import polars as pl

        self.df = df
        self.n = len(df)
        self.orders = orders if orders is not None else SortOrders(df)
        self._names = {c: df.schema[c].categories.to_list() for c in FILTER_COLUMNS}
        self._lower = {c: [name.lower() for name in names] for c, names in self._names.items()}
        self._codes = {
            c: {name: i for i, name in enumerate(names)} for c, names in self._names.items()
        }
        self.sort_key: str | None = None
        self.descending = False
        self.query = ""
        self.mask: pl.Series | None = None
        self.index: pl.Series = pl.int_range(0, self.n, dtype=pl.UInt32, eager=True)

    # --- filter ------------------------------------------------------------------------

    def set_filter(self, query: str) -> None:
        """Words of `query` must all match: a year (2022) equals the year column, any other
        word is found (case-insensitive, in either script) in the entity, field, round or
        unit, or names a field by its label (罚款, fines, 信访) or a place (yunnan, 豫)."""
        import polars as pl

        self.query = query
        words = query.split()
        if not words:
            self.mask = None
            self._apply()
            return
        cond = pl.lit(True)
        for w in words:
            alts = []
            if _YEAR.match(w):
                alts.append(pl.col("year") == int(w))
            for c, codes in self._word_codes(w).items():
                if codes:
                    alts.append(pl.col(c).to_physical().is_in(codes))
            cond = cond & (pl.any_horizontal(alts) if alts else pl.lit(False))
        mask = self.df.select(cond.fill_null(False).alias("m")).to_series()
        if len(mask) != self.n:  # a condition without a column (a word nothing matches)
            mask = pl.repeat(mask[0], self.n, eager=True)
        self.mask = mask
        self._apply()

    def _word_codes(self, word: str) -> dict[str, list[int]]:
        """The codes, per filter column, of the names one word matches: the names that
        contain it (as typed or simplified: 雲南 is 云南), the fields it labels, the places
        it names (pinyin, English, 简称, an informal 广西省)."""
        from ducha.reference.gazetteer import load_gazetteer
        from ducha.reference.script import to_simplified

        spellings = list(dict.fromkeys((word.lower(), to_simplified(word).lower())))
        out: dict[str, list[int]] = {}
        for c in FILTER_COLUMNS:
            lower = self._lower[c]
            out[c] = [i for i, name in enumerate(lower) if any(s in name for s in spellings)]
        extra: dict[str, set[str]] = {"field": set(), "entity": set()}
        gazetteer = load_gazetteer()
        for s in spellings:
            extra["field"].update(field_for_label(s))
            place = gazetteer.lookup(s)
            extra["entity"].update(p.name for p in gazetteer.named(s))
            if place is not None:
                extra["entity"].add(place.name)
        for c, names in extra.items():
            codes = self._codes[c]
            have = set(out[c])
            out[c] += sorted(i for n in names if (i := codes.get(n)) is not None and i not in have)
        return out

    # --- sort --------------------------------------------------------------------------

    def set_sort(self, key: str | None, descending: bool = False) -> None:
        self.sort_key, self.descending = key, descending
        self._apply()

    def _order(self) -> pl.Series | None:
        if self.sort_key is None:
            return None
        return self.orders.get(self.sort_key, self.descending)

    def _apply(self) -> None:
        """The index: the rows the filter keeps, in the order of the sort."""
        import polars as pl

        order = self._order()
        mask = self.mask
        if mask is None:
            self.index = (
                order if order is not None else pl.int_range(0, self.n, dtype=pl.UInt32, eager=True)
            )
            return
        rows = mask.arg_true().cast(pl.UInt32)  # in file order
        if order is None:
            self.index = rows
        elif len(rows) * FEW_ROWS > self.n:  # many: one pass over the whole order
            self.index = order.filter(mask.gather(order))
        else:  # few: their places in the order, sorted
            assert self.sort_key is not None
            places = self.orders.places(self.sort_key, self.descending, rows)
            self.index = order.gather(places.sort())

    # --- rows --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.index)

    def rows(self, start: int, stop: int) -> list[dict[str, Any]]:
        return self.df[self.index.slice(start, max(0, stop - start))].to_dicts()

    def row(self, i: int) -> dict[str, Any] | None:
        if not 0 <= i < len(self.index):
            return None
        return self.df.row(int(self.index[i]), named=True)

    def widths(self, room: int | None = None) -> dict[str, int]:
        """Column widths in cells: text columns as wide as their widest value, capped. The
        field column fits its labels with their English (整改任务 (tasks)), narrowed to the
        Chinese alone when the columns would not fit in `room` cells."""
        out = {}
        narrow = 0
        for col in COLUMNS:
            w = max(col.width, cell_len(col.header) + 1)
            if col.max_width and col.key in TEXT_COLUMNS:
                names = self.df.schema[col.key].categories.to_list()
                if col.key == "field":
                    shown = [field_text(x, "count", 0) for x in names]
                    narrow = min(col.max_width, max([w, *map(cell_len, shown)]))
                    names = [field_text(x, "count", col.max_width) for x in names]
                widest = max((cell_len(clean_line(x)) for x in names), default=0)
                w = min(col.max_width, max(w, widest))
            out[col.key] = w
        total = sum(w + 1 for w in out.values())
        if room is not None and total > room:
            out["field"] = max(narrow, out["field"] - (total - room))
        return out


def field_text(field: str | None, kind: str | None, width: int) -> str:
    """A field as the table shows it: a count's Chinese label with its English when that
    fits in `width` cells (整改任务 (tasks)), else the Chinese alone; an indicator's own name."""
    if field is None:
        return ""
    if kind != "count" or field not in FIELD_LABEL:
        return clean_line(field)
    chinese = field_label(field)
    both = f"{chinese} ({field_label(field, english=True)})"
    return both if cell_len(both) <= width else chinese


def cell_text(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in ("value",):
        return fmt.num(value)
    if key == "change":
        return f"{value:+g}"
    return clean_line(value)


# --------------------------------------------------------------------------- grid


class FactsGrid(MemoScrollbars, BaseStyleOncePerRender, ScrollView, can_focus=True):
    """Rows of a `FactsView`, drawn line by line (only the ones on screen)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False, tooltip="Next row"),
        Binding("up,k", "move(-1)", "Up", show=False, tooltip="Previous row"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, tooltip="Next page"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, tooltip="Previous page"),
        Binding("home", "goto(0)", "Top", show=False, tooltip="First row"),
        Binding("end,G", "goto(-1)", "Bottom", show=False, tooltip="Last row"),
        Binding("left,h", "screen.column(-1)", "Column left", show=False, tooltip="The column to the left: [ and ] sort by it"),
        Binding("right,l", "screen.column(1)", "Column right", show=False, tooltip="The column to the right: [ and ] sort by it"),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {"grid--cursor"}

    DEFAULT_CSS = """
    FactsGrid { height: 1fr; overflow-x: hidden; overflow-y: auto; scrollbar-gutter: stable; }
    FactsGrid > .grid--cursor { background: $accent 40%; text-style: bold; }
    FactsGrid:focus > .grid--cursor { background: $accent; color: $text; }
    """

    class CursorMoved(Message):
        """The cursor moved to another row (the status line shows its number)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: FactsView | None = None
        self.cursor = 0
        self.widths: dict[str, int] = {c.key: c.width for c in COLUMNS}
        self.column_key = "entity"  # the column cursor: what [ and ] sort by
        self._pages: LRUCache[tuple[int, int], list[dict[str, Any]]] = LRUCache(16)
        self._generation = 0

    class ColumnsChanged(Message):
        """The columns took other widths (the screen was resized): the header follows."""

    def set_view(self, view: FactsView, keep_cursor: bool = False) -> None:
        self.view = view
        self.widths = view.widths(self._room())
        self.reset(keep_cursor)

    def _room(self) -> int | None:
        """The cells a line has (None before the grid is laid out)."""
        width = self.scrollable_content_region.width
        return width if width > 0 else None

    def on_resize(self, _: events.Resize) -> None:
        if self.view is None:
            return
        widths = self.view.widths(self._room())
        if widths != self.widths:
            self.widths = widths
            self._pages.clear()
            set_virtual_size(self, Size(self.total_width(), len(self.view)))
            self.refresh()
            self.post_message(self.ColumnsChanged())

    def reset(self, keep_cursor: bool = False) -> None:
        """The view's rows changed (filter or sort): redraw from the first row."""
        self._generation += 1
        self._pages.clear()
        n = len(self.view) if self.view is not None else 0
        set_virtual_size(self, Size(self.total_width(), n))
        self.cursor = min(self.cursor, max(0, n - 1)) if keep_cursor else 0
        self.scroll_to(y=0 if not keep_cursor else self.scroll_y, animate=False, immediate=True)
        self.refresh()

    def total_width(self) -> int:
        return sum(self.widths[c.key] + 1 for c in COLUMNS)

    def header(self) -> Text:
        t = Text(no_wrap=True, end="")
        for col in COLUMNS:
            label = col.header
            if self.view is not None and self.view.sort_key == col.key:
                label += " -" if self.view.descending else " +"
            label = fmt.fit(label, self.widths[col.key])
            pad = " " * (self.widths[col.key] - cell_len(label))
            style = "bold reverse" if col.key == self.column_key else "bold"
            t.append(pad + label if col.right else label + pad, style=style)
            t.append(" ", style="bold")
        return t

    # --- cursor ------------------------------------------------------------------------

    def _set_cursor(self, row: int) -> None:
        n = len(self.view) if self.view is not None else 0
        if n == 0:
            return
        old = self.cursor
        self.cursor = max(0, min(n - 1, row))
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)
        self.refresh_line(old - int(self.scroll_y))
        self.refresh_line(self.cursor - int(self.scroll_y))
        self.post_message(self.CursorMoved())

    def refresh_line(self, y: int) -> None:
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=int(self.scroll_y) + direction * height, animate=False, immediate=True)
        self._set_cursor(self.cursor + direction * height)
        self.refresh()

    def action_goto(self, row: int) -> None:
        n = len(self.view) if self.view is not None else 0
        self._set_cursor(n - 1 if row < 0 else row)
        self.refresh()

    # --- rendering ---------------------------------------------------------------------

    def _page(self, page: int) -> list[dict[str, Any]]:
        key = (self._generation, page)
        rows = self._pages.get(key)
        if rows is None:
            assert self.view is not None
            rows = self.view.rows(page * PAGE, (page + 1) * PAGE)
            self._pages[key] = rows
        return rows

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.size.width
        base = self.base_style
        if self.view is None or index >= len(self.view):
            return Strip.blank(width, base)
        page = self._page(index // PAGE)
        k = index % PAGE
        if k >= len(page):
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("grid--cursor", partial=True)
        strip = Strip([Segment(self._line(page[k]), style)])
        return strip.crop_extend(0, width, style)

    def _line(self, row: dict[str, Any]) -> str:
        parts = []
        for col in COLUMNS:
            w = self.widths[col.key]
            if col.key == "field":
                s = fmt.fit(field_text(row.get("field"), row.get("kind"), w), w)
            else:
                s = fmt.fit(cell_text(col.key, row.get(col.key)), w)
            pad = " " * (w - cell_len(s))
            parts.append(pad + s if col.right else s + pad)
        return " ".join(parts)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()


# --------------------------------------------------------------------------- screen


class AllFactsScreen(QuietFocusScreen[tuple[str, Any, Any] | None]):
    """Every fact and indicator of the library: filter by typed words, sort by any column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f,slash", "filter", "Filter", tooltip="Filter by words: entity (河南, henan), field (罚款, fines) or indicator, round, unit; a year like 2022"),
        *[
            Binding(str(i + 1), f"sort_column({i})", f"Sort col {i + 1}", show=False,
                    id=f"sortcol-{i + 1}",
                    tooltip="Sort by that column (again: reverse): entity, round, kind, field, value, unit, change, year, as of")
            for i in range(len(COLUMNS))
        ],
        Binding("left_square_bracket", "sort_here(False)", "Sort asc", key_display="[", tooltip="Sort by the cursor's column, ascending (←/→ choose the column)"),
        Binding("right_square_bracket", "sort_here(True)", "Sort desc", key_display="]", tooltip="Sort by the cursor's column, descending (←/→ choose the column)"),
        Binding("s", "cycle_sort", "Sort next", show=False, tooltip="Sort by the next column"),
        Binding("r", "reverse", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("enter", "open", "Open", tooltip="Open the row's entity in the main screen, its sentence highlighted"),
        Binding("E", "save", "Save CSV", tooltip="Save the rows as shown (their order and filter) as CSV beside the dataset"),
        Binding("escape,q,a", "close", "Close", tooltip="Back to the main screen"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    AllFactsScreen #af-title { height: 1; background: $panel; padding: 0 1; }
    AllFactsScreen #af-filter { height: 3; display: none; }
    AllFactsScreen.-filtering #af-filter { display: block; }
    AllFactsScreen #af-header { height: 1; padding: 0 0; background: $boost; }
    """

    def __init__(
        self, model: Model, on_open: Callable[[str, Any, Any], None] | None = None
    ) -> None:
        """`on_open(entity, round, evidence)` runs before the screen closes on Enter, so
        the main screen is drawn once, already showing the row's entity."""
        super().__init__()
        self.model = model
        self.on_open = on_open
        self.view: FactsView | None = None
        self._leaving_filter = False  # Enter in the filter box asked the table for focus

    def compose(self) -> ComposeResult:
        yield Static(Text("all facts · loading", end=""), id="af-title")
        yield Input(placeholder="filter: 河南 / henan, 罚款 / fines, 2022, PM2.5 …", id="af-filter")
        yield Static(Text("", end=""), id="af-header")
        yield FactsGrid(id="af-grid")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(FactsGrid).focus()
        orders = getattr(self.model, ALL_FACTS_ATTR, None)
        if orders is not None:
            self._show(orders)
        else:
            self._load()

    @work(thread=True, exclusive=True, group="all-facts")
    def _load(self) -> None:
        orders = SortOrders(load_frame(self.model.store.data_dir))
        setattr(self.model, ALL_FACTS_ATTR, orders)  # kept for the next opening
        try:
            self.app.call_from_thread(self._show, orders)
        except RuntimeError:
            pass

    @work(thread=True, group="all-facts-sorts")
    def _prepare_sorts(self, orders: SortOrders) -> None:
        orders.prepare(SORT_FIRST)

    def _show(self, orders: SortOrders) -> None:
        self.view = FactsView(orders.df, orders)
        grid = self.query_one(FactsGrid)
        grid.set_view(self.view)
        self._update_status()
        # Once the table is on screen, sort orders are computed in the background (about
        # 0.4 s at a million rows, with the interpreter free): sorts are instant after.
        self.call_after_refresh(self._prepare_sorts, orders)

    def _update_status(self) -> None:
        view = self.view
        if view is None:
            return
        grid = self.query_one(FactsGrid)
        # One line each, whatever the text: no layout of the screen for a new row number.
        self.query_one("#af-header", Static).update(grid.header(), layout=False)
        t = Text("all facts", style="bold", end="")
        t.append(f" · {len(view):,} of {view.n:,} rows")
        if view.query:
            t.append(" · filter: ")
            t.append(clean_line(view.query), style="italic")
        if view.sort_key:
            header = next(c.header for c in COLUMNS if c.key == view.sort_key)
            t.append(f" · sorted by {header} {'desc' if view.descending else 'asc'}", style="dim")
        if len(view):
            t.append(f" · row {grid.cursor + 1:,}", style="dim")
        self.query_one("#af-title", Static).update(t, layout=False)

    def on_facts_grid_cursor_moved(self, _: FactsGrid.CursorMoved) -> None:
        self._update_status()

    def on_facts_grid_columns_changed(self, _: FactsGrid.ColumnsChanged) -> None:
        self._update_status()

    # --- actions -----------------------------------------------------------------------

    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#af-filter", Input).focus()

    @on(Input.Changed, "#af-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.view is None:
            return
        self.view.set_filter(event.value)
        self.query_one(FactsGrid).reset()
        self._update_status()

    @on(Input.Submitted, "#af-filter")
    def _filter_done(self) -> None:
        if self._leaving_filter:  # a second Enter, typed before the first moved focus
            self._open_row()
            return
        self._leaving_filter = True
        self.query_one(FactsGrid).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FactsGrid):
            self._leaving_filter = False

    def action_save(self) -> None:
        """The rows of the view, in its order, each cell as the grid writes it (a count's
        label in both languages, whatever the width)."""
        if self.view is None:
            return
        self._save(self.view)

    @work(thread=True, exclusive=True, group="save")
    def _save(self, view: FactsView) -> None:
        from .saving import save_table

        def rows() -> Iterable[list[str]]:
            for start in range(0, len(view), 10_000):
                for row in view.rows(start, start + 10_000):
                    yield [
                        field_text(row.get("field"), row.get("kind"), 10**6)
                        if col.key == "field"
                        else cell_text(col.key, row.get(col.key))
                        for col in COLUMNS
                    ]

        try:
            path = save_table(
                self.model.store.data_dir, "all-facts", [c.header for c in COLUMNS], rows()
            )
        except OSError as exc:
            self.app.call_from_thread(
                self.notify,
                f"could not save: {exc.strerror or exc}",
                severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify,
            f"saved {len(view):,} rows: {clean_line(str(path))}",
            markup=False,
            timeout=8,
        )

    def action_column(self, step: int) -> None:
        """Move the column cursor among the columns on screen (its header reversed)."""
        grid = self.query_one(FactsGrid)
        shown, used = [], 0
        for col in COLUMNS:
            used += grid.widths[col.key] + 1
            if used - 1 > grid.size.width and shown:
                break
            shown.append(col.key)
        i = shown.index(grid.column_key) if grid.column_key in shown else 0
        grid.column_key = shown[max(0, min(len(shown) - 1, i + step))]
        self._update_status()

    def action_sort_here(self, descending: bool) -> None:
        """Sort by the cursor's column."""
        if self.view is None:
            return
        self.view.set_sort(self.query_one(FactsGrid).column_key, descending)
        self.query_one(FactsGrid).reset()
        self._update_status()

    def action_sort_column(self, i: int) -> None:
        if self.view is None or i >= len(COLUMNS):
            return
        col = COLUMNS[i]
        if self.view.sort_key == col.key:
            self.view.set_sort(col.key, not self.view.descending)
        else:
            self.view.set_sort(col.key, col.descending_first)
        self.query_one(FactsGrid).reset()
        self._update_status()

    def action_cycle_sort(self) -> None:
        keys = [c.key for c in COLUMNS]
        i = keys.index(self.view.sort_key) + 1 if self.view and self.view.sort_key else 0
        self.action_sort_column(i % len(keys))

    def action_reverse(self) -> None:
        if self.view is None or self.view.sort_key is None:
            return
        self.view.set_sort(self.view.sort_key, not self.view.descending)
        self.query_one(FactsGrid).reset()
        self._update_status()

    def action_open(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(FactsGrid).focus()
            return
        self._open_row()

    def _open_row(self) -> None:
        grid = self.query_one(FactsGrid)
        row = self.view.row(grid.cursor) if self.view is not None else None
        if row is None:
            return
        from .model import Evidence

        ev = None
        if row["doc_id"] is not None and row["start"] is not None:
            ms, me = row["match_start"], row["match_end"]
            ev = Evidence(
                row["doc_id"], row["start"], row["end"], ((ms, me),) if ms is not None else ()
            )
        if self.on_open is not None:
            self.on_open(row["entity"], row["round"], ev)
        self.dismiss((row["entity"], row["round"], ev))

    def action_close(self) -> None:
        """Esc clears the filter (in its line or on the rows); with none, closes."""
        inp = self.query_one("#af-filter", Input)
        if isinstance(self.focused, Input) or inp.value:
            inp.value = ""  # the Changed event resets the view
            self.remove_class("-filtering")
            self.query_one(FactsGrid).focus()
            return
        self.dismiss(None)
