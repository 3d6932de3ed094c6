"""The all-facts screen (key `a`): every fact and indicator in one table, filter and sort
in polars, only the rows on screen drawn."""

from __future__ import annotations

import polars as pl
from conftest import drive, screen_text, settle

from ducha.tui.allfacts import (
    ALL_FACTS_ATTR,
    SORT_FIRST,
    AllFactsScreen,
    FactsGrid,
    FactsView,
    SortOrders,
    load_frame,
)
from ducha.tui.app import DuchaApp


def app_for(model) -> DuchaApp:
    return DuchaApp(model.store.data_dir, model=model)


def test_frame_holds_every_fact_and_metric(tui_dataset):
    df = load_frame(tui_dataset)
    n_facts = len(pl.read_parquet(tui_dataset / "facts.parquet"))
    n_metrics = len(pl.read_parquet(tui_dataset / "metrics.parquet"))
    assert len(df) == n_facts + n_metrics
    assert set(df.get_column("kind").unique()) == {"count", "metric"}
    assert "evidence" not in df.columns  # read on demand, from the document
    shanxi = df.filter((pl.col("entity") == "山西省") & (pl.col("field") == "tasks_total"))
    assert 82.0 in shanxi.get_column("value").to_list()


def test_filter_words_year_and_sort(tui_dataset):
    view = FactsView(load_frame(tui_dataset))
    view.set_filter("山西 tasks")
    rows = view.rows(0, len(view))
    assert rows and all(r["entity"] == "山西省" and "tasks" in r["field"] for r in rows)
    view.set_filter("2022")
    assert len(view) and all(r["year"] == 2022 for r in view.rows(0, len(view)))
    view.set_filter("no-such-thing")
    assert len(view) == 0
    view.set_filter("")
    assert len(view) == view.n
    view.set_sort("value", descending=True)
    values = [r["value"] for r in view.rows(0, len(view)) if r["value"] is not None]
    assert values == sorted(values, reverse=True)
    view.set_sort("entity")
    names = [r["entity"] for r in view.rows(0, len(view)) if r["entity"] is not None]
    assert names == sorted(names)
    # filter and sort compose
    view.set_filter("PM2.5")
    rows = view.rows(0, len(view))
    assert rows and all("PM2.5" in r["field"] for r in rows)
    assert [r["entity"] for r in rows] == sorted(r["entity"] for r in rows)


def test_sort_orders_keep_nulls_last_both_ways_and_are_computed_once():
    df = pl.DataFrame(
        {
            "value": [3.0, None, 1.0, 2.0, None, 5.0, 2.0],
            "entity": pl.Series(["乙", "甲", None, "丙", "甲", "乙", None]).cast(
                pl.Enum(["丙", "乙", "甲"])  # sorted categories, as load_frame makes them
            ),
        }
    )
    orders = SortOrders(df)
    for key in ("value", "entity"):
        col = df.get_column(key)
        for descending in (False, True):
            got = col.gather(orders.get(key, descending)).to_list()
            n = col.len() - col.null_count()
            assert got[n:] == [None] * col.null_count()  # nulls last, either way
            assert got[:n] == sorted(col.drop_nulls().to_list(), reverse=descending), key
    ascending = orders.ascending("value")
    assert orders.get("value") is ascending  # computed once


def test_a_filter_keeping_few_rows_is_ordered_as_one_keeping_many(monkeypatch):
    """Few kept rows are put in order by sorting their places in the sort order; many by
    one pass over the order. Both give the same rows in the same order, nulls last, in
    either direction, for every kept share of the rows."""
    import random

    import ducha.tui.allfacts as allfacts

    rng = random.Random(7)
    n = 400
    df = pl.DataFrame(
        {
            "value": [rng.choice([None, *range(30)]) for _ in range(n)],
            "year": pl.Series([rng.choice([None, 2019, 2020, 2021]) for _ in range(n)]),
            "entity": pl.Series([rng.choice([None, "丙", "乙", "甲"]) for _ in range(n)]).cast(
                pl.Enum(["丙", "乙", "甲"])
            ),
            "field": ["f"] * n,
            "round": pl.Series(["r"] * n).cast(pl.Enum(["r"])),
            "unit": pl.Series([None] * n, dtype=pl.String),
        }
    ).with_columns(pl.col("field").cast(pl.Enum(["f"])), pl.col("unit").cast(pl.Enum([])))
    view = FactsView(df)
    for share in (0.0, 0.01, 0.1, 0.5, 1.0):
        view.mask = pl.Series([rng.random() < share for _ in range(n)])
        for key in ("value", "year", "entity"):
            for descending in (False, True):
                view.sort_key, view.descending = key, descending
                order = view.orders.get(key, descending)
                expected = order.filter(view.mask.gather(order)).to_list()
                for few in (1, n + 1):  # always by places; always one pass
                    monkeypatch.setattr(allfacts, "FEW_ROWS", few)
                    view._apply()
                    assert view.index.to_list() == expected, (share, key, descending, few)
    places = view.orders._places["value"]
    view._apply()
    assert view.orders._places["value"] is places  # made once per column


def test_the_screen_prepares_every_sort_once_the_table_is_up(tui_model):
    async def scenario(pilot):
        await pilot.press("a")
        await settle(pilot)
        orders = getattr(tui_model, ALL_FACTS_ATTR)
        assert isinstance(orders, SortOrders)
        assert set(orders._ascending) == set(SORT_FIRST)
        await pilot.press("escape", "a")  # a second opening shares the frame and orders
        await settle(pilot)
        assert pilot.app.screen.view.orders is orders

    drive(app_for(tui_model), scenario)


def test_screen_filter_sort_and_open(tui_model):
    app = app_for(tui_model)
    seen = {}

    async def scenario(pilot):
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AllFactsScreen)
        grid = screen.query_one(FactsGrid)
        seen["n"] = len(screen.view)
        await pilot.pause()
        seen["text"] = screen_text(pilot.app)
        await pilot.press("5")  # sort by value, largest first
        await pilot.press("j", "k", "G", "home")
        top = screen.view.row(0)
        seen["top"] = top["value"]
        await pilot.press("slash")
        await pilot.press(*"山西 tasks_total")
        await pilot.press("enter")  # leaves the filter box
        await settle(pilot)
        seen["filtered"] = len(screen.view)
        seen["row"] = screen.view.row(grid.cursor)
        await pilot.press("enter")  # opens the row in the main screen
        await settle(pilot)
        seen["entity"] = pilot.app.entity
        seen["span"] = pilot.app.query_one("#source").span

    drive(app, scenario)
    assert seen["n"] > 100
    assert "all facts" in seen["text"] and "山西省" in seen["text"]
    values = [
        *tui_model.store.facts["value"].to_list(),
        *tui_model.store.metrics["value"].to_list(),
    ]
    assert seen["top"] == max(v for v in values if v is not None)
    assert seen["filtered"] >= 1 and seen["row"]["field"] == "tasks_total"
    assert seen["entity"] == "山西省"
    assert seen["span"] == (seen["row"]["start"], seen["row"]["end"])


def test_enter_typed_twice_fast_after_a_filter_opens_the_row(tui_model):
    """The first Enter leaves the filter box; a second one typed before focus has moved
    reaches the box again, and opens the row as it would from the table."""
    from keys import key_event

    seen = {}

    async def scenario(pilot):
        app = pilot.app
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("slash", *"山西 tasks_total")
        await settle(pilot)
        app._driver.send_message(key_event("enter"))
        app._driver.send_message(key_event("enter"))
        await settle(pilot)
        await settle(pilot)
        seen["screen"] = app.screen
        seen["entity"] = app.entity

    drive(app_for(tui_model), scenario)
    assert not isinstance(seen["screen"], AllFactsScreen)
    assert seen["entity"] == "山西省"


def test_all_facts_opens_again_as_it_was_left_and_opening_a_row_reads_its_text_once(tui_model):
    """The screen is kept: after opening a row, `a` brings back the same filter, sort and
    row (going through rows one by one). Opening a row reads the row's document once,
    not the entity's first section first."""
    app = app_for(tui_model)
    seen: dict = {}

    async def scenario(pilot):
        await pilot.press("a")
        await settle(pilot)
        first = pilot.app.screen
        await pilot.press("8")  # sort by year
        await pilot.press("slash", *"山西 tasks")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j")
        cursor = first.query_one(FactsGrid).cursor
        row = first.view.row(cursor)
        reads: list[str] = []
        original = tui_model.text
        tui_model.text = lambda doc_id: (reads.append(doc_id), original(doc_id))[1]
        try:
            await pilot.press("enter")
            await settle(pilot)
        finally:
            del tui_model.text
        seen["reads"], seen["doc"] = reads, row["doc_id"]
        seen["main"] = not isinstance(pilot.app.screen, AllFactsScreen)
        seen["span"] = pilot.app.query_one("#source").span
        seen["row"] = (row["start"], row["end"])
        await pilot.press("a")
        await settle(pilot)
        again = pilot.app.screen
        seen["same"] = again is first
        seen["state"] = (
            again.view.query,
            again.view.sort_key,
            again.query_one(FactsGrid).cursor,
            again.query_one("#af-filter").value,
        )
        seen["cursor"] = cursor
        await pilot.press("escape")  # the filter is cleared first, as in every table
        await settle(pilot)
        seen["cleared"] = again.query_one("#af-filter").value == ""
        await pilot.press("escape")
        await settle(pilot)
        seen["closed"] = not isinstance(pilot.app.screen, AllFactsScreen)

    drive(app, scenario)
    assert seen["main"] and seen["cleared"] and seen["closed"]
    assert seen["reads"] == [seen["doc"]]
    assert seen["span"] == seen["row"]
    assert seen["same"]
    assert seen["state"] == ("山西 tasks", "year", seen["cursor"], "山西 tasks")
