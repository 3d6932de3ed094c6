"""The county-level division table (data/reference/counties.toml) and its links to the province
and prefecture tables."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

import pytest

from ducha.reference.gazetteer import read_reference

# Units directly under a province: parent is the province itself.
PROVINCE_DIRECT = {
    "济源市": "河南省",
    "仙桃市": "湖北省",
    "潜江市": "湖北省",
    "天门市": "湖北省",
    "神农架林区": "湖北省",
    "五指山市": "海南省",
    "石河子市": "新疆维吾尔自治区",
}


@cache
def counties() -> tuple[dict[str, Any], ...]:
    return tuple(read_reference("counties.toml")["county"])


@cache
def provinces() -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in read_reference("provinces.toml")["province"]}


@cache
def cities() -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in read_reference("cities.toml")["city"]}


def only(name: str) -> dict[str, Any]:
    rows = [c for c in counties() if c["name"] == name]
    assert len(rows) == 1, (name, rows)
    return rows[0]


def test_rows_have_the_fields() -> None:
    keys = {"name", "parent", "province", "code", "pinyin", "level"}
    for c in counties():
        assert set(c) == keys, c
        assert c["level"] == "county"
        assert all(isinstance(c[k], str) and c[k] for k in keys), c


def test_codes_are_unique_six_digit_strings_in_order() -> None:
    codes = [c["code"] for c in counties()]
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_codes_agree_with_province() -> None:
    for c in counties():
        assert int(c["code"][:2]) == provinces()[c["province"]]["gb"], c


def test_no_placeholders() -> None:
    names = {c["name"] for c in counties()}
    assert not names & {"市辖区", "县", "直辖县", "省直辖县级行政区划"}


def test_every_parent_and_province_exists() -> None:
    for c in counties():
        assert c["province"] in provinces(), c
        if c["parent"] in cities():
            assert cities()[c["parent"]]["province"] == c["province"], c
        else:
            assert c["parent"] == c["province"], c


@pytest.mark.parametrize(
    ("name", "parent", "province"),
    [
        ("栾川县", "洛阳市", "河南省"),
        ("东坡区", "眉山市", "四川省"),
        ("隆阳区", "保山市", "云南省"),
        ("施甸县", "保山市", "云南省"),
        ("正蓝旗", "锡林郭勒盟", "内蒙古自治区"),
        ("义乌市", "金华市", "浙江省"),
        ("潼南区", "重庆市", "重庆市"),
        ("顺义区", "北京市", "北京市"),
        ("云霄县", "漳州市", "福建省"),
        # The code table files 定州 (130682) under 保定 and 辛集 (130181) under 石家庄,
        # though 河北省 administers both directly for many purposes.
        ("定州市", "保定市", "河北省"),
        ("辛集市", "石家庄市", "河北省"),
        ("莱芜区", "济南市", "山东省"),
        ("乐都区", "海东市", "青海省"),
        ("和安县", "和田地区", "新疆维吾尔自治区"),
        ("六枝特区", "六盘水市", "贵州省"),
    ],
)
def test_spot_checks(name: str, parent: str, province: str) -> None:
    c = only(name)
    assert (c["parent"], c["province"]) == (parent, province)


@pytest.mark.parametrize(("name", "province"), sorted(PROVINCE_DIRECT.items()))
def test_units_directly_under_a_province(name: str, province: str) -> None:
    c = only(name)
    assert c["parent"] == c["province"] == province


def test_municipalities_have_no_prefecture_level() -> None:
    for c in counties():
        if c["province"] in {"北京市", "天津市", "上海市", "重庆市"}:
            assert c["parent"] == c["province"], c
    assert {c["name"] for c in counties() if c["province"] == "重庆市"} >= {"江北区", "渝北区"}


def test_prefectures_without_counties() -> None:
    parents = {c["parent"] for c in counties()}
    assert set(cities()) - parents == {"东莞市", "中山市", "儋州市", "嘉峪关市"}


def test_counts_are_plausible() -> None:
    rows = counties()
    assert 2_800 <= len(rows) <= 2_900
    per_province = Counter(c["province"] for c in rows)
    assert set(per_province) == set(provinces()) - {"新疆生产建设兵团"}
    assert per_province["四川省"] == 183
    assert per_province["河北省"] == 167
    assert per_province["北京市"] == per_province["天津市"] == per_province["上海市"] == 16
    assert per_province["重庆市"] == 38
    assert per_province["宁夏回族自治区"] == 22
    assert all(15 <= n <= 190 for n in per_province.values()), per_province


def test_pinyin() -> None:
    for c in counties():
        assert re.fullmatch(r"[a-z]+", c["pinyin"]), c
    assert only("栾川县")["pinyin"] == "luanchuanxian"
    assert only("略阳县")["pinyin"] == "lveyangxian"
    assert only("长子县")["pinyin"] == "zhangzixian"
    assert only("长宁县")["pinyin"] == "changningxian"
    assert only("都匀市")["pinyin"] == "duyunshi"
    assert only("乐清市")["pinyin"] == "yueqingshi"


def test_shared_names_are_districts() -> None:
    shared = {n for n, k in Counter(c["name"] for c in counties()).items() if k > 1}
    assert {"朝阳区", "鼓楼区", "市中区", "城关区"} <= shared
    assert all(n.endswith("区") for n in shared)


def test_league_aliases() -> None:
    assert cities()["锡林郭勒盟"]["aliases"] == ["锡盟"]
    assert cities()["阿拉善盟"]["aliases"] == ["阿盟"]
