"""Sparklines that do not exaggerate: small changes beside large values are drawn from zero,
and the metric table prints the first and the latest value beside the bars."""

from __future__ import annotations

import math

import pytest
from conftest import drive, settle

from ducha.tui import fmt
from ducha.tui.app import DuchaApp
from ducha.tui.tables import MetricsTable

S = fmt.SPARK
TOP = len(S) - 1


def heights(spark: str) -> list[int]:
    return [S.index(ch) for ch in spark]


def test_a_dip_and_a_rise_of_a_few_percent_are_not_a_crash_and_a_spike():
    h = heights(fmt.sparkline([26, 25, 27]))
    assert min(h) >= TOP - 1  # three nearly full bars
    assert h[2] == TOP and h[1] <= h[0]  # the latest is the highest, the dip stays a dip


def test_a_tripling_uses_the_whole_height():
    # the changes are large beside the values: the axis runs from the lowest to the highest
    assert fmt.sparkline([1.0, 2.0, 3.0]) == S[0] + S[4] + S[TOP]


@pytest.mark.parametrize(
    ("values", "from_zero"),
    [([26, 25, 27], True), ([83.3, 86.7], True), ([10, 30], False), ([1, 2, 3], False)],
)
def test_the_axis_starts_at_zero_when_the_range_would_magnify_changes_over_twice(values, from_zero):
    lo, hi = min(values), max(values)
    magnified = hi / (hi - lo)  # how much a lowest-to-highest axis stretches the changes
    assert (magnified > 2) is from_zero
    bottom = heights(fmt.sparkline(values))[values.index(lo)]
    assert (bottom > 0) is from_zero


def test_the_bars_never_invert_the_order_of_the_values():
    for values in ([5, 9, 7, 8], [-3, -1, -2], [-2, 3, 0], [100, 101, 99.5, 100.2]):
        h = heights(fmt.sparkline(values))
        for a, b in zip(values, h, strict=True):
            for c, d in zip(values, h, strict=True):
                if a < c:
                    assert b <= d, (values, h)


def test_degenerate_series():
    assert fmt.sparkline([]) == ""
    assert fmt.sparkline([None, math.nan]) == ""
    assert fmt.sparkline([5.0]) == fmt.POINT
    assert fmt.sparkline([None, 5.0]) == fmt.POINT
    assert fmt.sparkline([4, 4, 4]) == S[TOP] * 3  # equal values, all as high as the top
    assert fmt.sparkline([0, 0]) == S[len(S) // 2] * 2


def test_spark_ends_are_the_first_and_the_latest_value():
    assert fmt.spark_ends([26, 25, 27]) == f"26{fmt.ARROW}27"
    assert fmt.spark_ends([83.3, None, 86.7]) == f"83.3{fmt.ARROW}86.7"
    assert fmt.spark_ends([86.7]) == ""
    assert fmt.spark_ends([None, math.nan]) == ""


def test_the_metric_table_shows_the_bars_and_their_values(tui_model):
    seen = {}

    async def scenario(pilot):
        pilot.app.jump_to("辽宁省", "第二轮")
        await settle(pilot)
        table = pilot.app.query_one(MetricsTable)
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        seen["water"] = next(r for r in rows if r[0] == "水质优良比例")

    drive(DuchaApp(tui_model.store.data_dir, model=tui_model), scenario, size=(160, 48))
    years = seen["water"][1]
    # 83.3 then 86.7: two nearly equal bars, not one from nothing
    assert years == f"{S[TOP]}{S[TOP]} 83.3{fmt.ARROW}86.7 2021-2022"
    assert seen["water"][2].startswith("86.7")
