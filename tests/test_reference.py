"""The packaged rounds/batches table and the batch lookups built on it."""

from __future__ import annotations

import pytest

from ducha.reference.batches import (
    Batch,
    batch_by_members,
    batch_by_stationing,
    batches_for,
    load_batches,
    round_for_date,
)
from ducha.reference.gazetteer import load_gazetteer

R2B3 = ["山西", "辽宁", "安徽", "江西", "河南", "湖南", "广西", "云南"]


def by_id(batch_id: str) -> Batch:
    return next(b for b in load_batches() if b.id == batch_id)


def test_table_shape() -> None:
    batches = load_batches()
    assert len(batches) == 18
    assert len({b.id for b in batches}) == 18
    assert {b.kind for b in batches} == {"pilot", "routine", "lookback"}
    assert {b.round_name for b in batches} == {"第一轮", "第一轮回头看", "第二轮", "第三轮"}
    assert by_id("R1-P").round_name == "第一轮"
    assert by_id("R2-B3").batch_name == "第二轮第三批"
    assert by_id("R1-LB1").batch_name == "第一轮回头看第一批"
    assert by_id("R1-B4").batch_name == "第一轮第四批"


def test_units_are_full_names() -> None:
    g = load_gazetteer()
    for b in load_batches():
        for name in b.provinces:
            p = g.get(name)
            assert p is not None and p.level == "province" and p.name == name, (b.id, name)
        for name in b.units_other:
            p = g.get(name)
            assert p is not None and p.level in ("enterprise", "department"), (b.id, name)
        assert set(b.groups) <= set(b.members), b.id
        assert set(b.groups_unverified) <= set(b.groups), b.id


def test_every_province_in_every_round() -> None:
    g = load_gazetteer()
    everyone = {p.name for p in g.provinces()}
    for round_name in ("第一轮", "第二轮"):
        covered = {n for b in load_batches() if b.round_name == round_name for n in b.provinces}
        assert covered == everyone, round_name


def test_xpcc_split() -> None:
    b = by_id("R1-B4")
    assert "新疆维吾尔自治区" in b.provinces
    assert "新疆生产建设兵团" in b.provinces
    assert b.groups["新疆维吾尔自治区"] == "第八组"
    assert by_id("R2-B3").groups["广西壮族自治区"] == "第七组"
    assert "中国建材集团有限公司" in by_id("R2-B2").groups_unverified


def test_batches_for() -> None:
    ids = [b.id for b in batches_for("山西")]
    assert ids == ["R1-B3", "R1-LB2", "R2-B3", "R3-B4"]
    assert [b.id for b in batches_for("洛阳市")] == [b.id for b in batches_for("河南省")]
    assert [b.id for b in batches_for("中国五矿")] == ["R2-B1"]
    assert batches_for("全国") == []


@pytest.mark.parametrize(
    ("place", "day", "batch_id"),
    [
        ("山西", "2021-04-07", "R2-B3"),
        ("山西省", "2021-05-20", "R2-B3"),  # within the 20-day slack
        ("浙江", "2017-08-29", "R1-B4"),
        ("山西", "2018-11-06", "R1-LB2"),
        ("洛阳市", "2021-04-20", "R2-B3"),
        (None, "2021-04-20", "R2-B3"),
        ("河北", "2016-01-10", "R1-P"),
        ("新疆生产建设兵团", "2022-04-01", "R2-B6"),
        ("中国五矿集团有限公司", "2019-07-20", "R2-B1"),
    ],
)
def test_batch_by_stationing(place: str | None, day: str, batch_id: str) -> None:
    b = batch_by_stationing(place, day)
    assert b is not None and b.id == batch_id


def test_batch_by_stationing_misses() -> None:
    assert batch_by_stationing("浙江", "2021-04-20") is None  # not in that batch
    assert batch_by_stationing("山西", "2020-01-01") is None
    assert batch_by_stationing("山西", "not a date") is None
    b = batch_by_stationing("山西", "2021-04")  # month precision overlaps the window
    assert b is not None and b.id == "R2-B3"


def test_batch_by_members() -> None:
    b = batch_by_members(R2B3)
    assert b is not None and b.id == "R2-B3" and b.batch_name == "第二轮第三批"
    full = [load_gazetteer().get(n).name for n in R2B3]
    assert batch_by_members(full) == b
    assert batch_by_members(R2B3[:7]) == b  # one name missed by the extractor
    assert batch_by_members([*R2B3[:7], "北京"]) == b  # one wrong
    assert batch_by_members(
        ["新疆", "吉林", "浙江", "山东", "海南", "四川", "西藏", "青海"]
    ).id == ("R1-B4")
    assert batch_by_members(["山西", "辽宁"]) is None  # too few to tell
    assert batch_by_members([]) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2015-12-31", "第一轮"),
        ("2017-08-29", "第一轮"),
        ("2018-01-03", "第一轮"),
        ("2018-03-01", None),
        ("2018-06-01", "第一轮回头看"),
        ("2019-05-10", "第一轮回头看"),
        ("2019-07-10", "第二轮"),
        ("2021-04-07", "第二轮"),
        ("2022-06-02", "第二轮"),
        ("2023-01-01", None),
        ("2023-11-21", "第三轮"),
        ("2025-06-01", "第三轮"),
        ("2019-07", "第二轮"),
        ("", None),
    ],
)
def test_round_for_date(day: str, expected: str | None) -> None:
    assert round_for_date(day) == expected
