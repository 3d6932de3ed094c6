"""The packaged gazetteer: completeness of the tables, exact lookup, text scanning, search."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from ducha.reference.gazetteer import Gazetteer, Place, load_gazetteer, read_reference


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return load_gazetteer()


def names(g: Gazetteer, text: str) -> list[str]:
    return [p.name for _, _, p in g.find(text)]


# ---------------------------------------------------------------- tables
def test_counts(g: Gazetteer) -> None:
    provinces = g.provinces()
    assert len(provinces) == 32
    assert provinces[-1].name == "新疆生产建设兵团"
    cities = [p for p in g.places if p.level == "city"]
    assert len(cities) >= 330
    assert len(cities) == 333
    assert {p.level for p in g.bodies()} == {"enterprise", "department"}
    assert len(g.bodies()) == 20


def test_provinces_in_gb_order(g: Gazetteer) -> None:
    rows = read_reference("provinces.toml")["province"]
    gb = [r["gb"] for r in rows if "gb" in r]
    assert gb == sorted(gb) and len(gb) == 31
    assert [p.name for p in g.provinces()[:4]] == ["北京市", "天津市", "河北省", "山西省"]
    isos = {r["name"]: r.get("iso") for r in rows}
    assert isos["山西省"] == "CN-SX" and isos["陕西省"] == "CN-SN"


def test_every_city_has_a_known_province(g: Gazetteer) -> None:
    provinces = {p.name for p in g.provinces()}
    cities = {p.name for p in g.places if p.level == "city"}
    for p in g.places:
        if p.level == "city":
            assert p.parent in provinces, p
            assert p.name.endswith(("市", "自治州", "地区", "盟")), p
        elif p.level == "county":
            # a county's parent is its city, or its province where no city is between them;
            # a name shared by several counties (鼓楼区) has none, and lists them instead
            parents = g.county_parents(p.name)
            assert parents and set(parents) <= cities | provinces, p
            assert p.parent == (parents[0] if len(parents) == 1 else None), p
        else:
            assert p.parent is None


def test_city_counts_per_province(g: Gazetteer) -> None:
    assert len(g.cities_of("河南省")) == 17
    assert len(g.cities_of("广东")) == 21
    assert len(g.cities_of("四川省")) == 21
    assert len(g.cities_of("海南省")) == 4  # 海口, 三亚, 三沙, 儋州
    assert g.cities_of("北京市") == []
    assert g.cities_of("洛阳市") == []
    by_level = Counter(p.name[-1] for p in g.places if p.level == "city")
    assert by_level["盟"] == 3
    assert sum(p.name.endswith("自治州") for p in g.places) == 30
    assert sum(p.name.endswith("地区") for p in g.places) == 7


def test_names_unique_and_well_formed(g: Gazetteer) -> None:
    full = [p.name for p in g.places]
    assert len(full) == len(set(full))
    for p in g.places:
        assert p.pinyin.isascii() and p.pinyin.islower() and " " not in p.pinyin, p
        assert p.english and p.short
        assert p.level in ("province", "city", "county", "enterprise", "department")
        assert (p.level == "province") or p.abbrs == ()


def test_pinyin(g: Gazetteer) -> None:
    py = {p.name: p.pinyin for p in g.places}
    assert py["陕西省"] == "shaanxi"
    assert py["山西省"] == "shanxi"
    assert py["内蒙古自治区"] == "neimenggu"
    assert py["重庆市"] == "chongqing"
    for name, expected in {
        "蚌埠市": "bengbu",
        "六安市": "luan",
        "丽水市": "lishui",
        "长治市": "changzhi",
        "长沙市": "changsha",
        "厦门市": "xiamen",
        "大理白族自治州": "dali",
        "漯河市": "luohe",
        "朝阳市": "chaoyang",
    }.items():
        assert py[name] == expected


# ---------------------------------------------------------------- get
def test_get_full_and_short(g: Gazetteer) -> None:
    assert g.get("广西") == g.get("广西壮族自治区")
    assert g.get("广西").name == "广西壮族自治区"
    assert g.get("豫").name == "河南省"
    assert g.get("沪").name == g.get("申").name == "上海市"
    assert g.get("内蒙古").name == "内蒙古自治区"
    assert g.get("兵团").name == "新疆生产建设兵团"
    assert g.get("洛阳市").parent == "河南省"
    assert g.get("洛阳").name == "洛阳市"
    assert g.get("全国") is None
    assert g.get("不存在") is None


def test_get_prefers_provinces_over_city_shorts(g: Gazetteer) -> None:
    assert g.get("吉林").name == "吉林省"
    assert g.get("吉林市").level == "city"
    assert g.get("海南").name == "海南省"
    assert g.get("海南藏族自治州").parent == "青海省"


def test_get_bodies(g: Gazetteer) -> None:
    minmetals = g.get("中国五矿集团有限公司")
    assert minmetals is not None and minmetals.level == "enterprise"
    assert g.get("中国五矿") is minmetals
    assert g.get("五矿集团") is minmetals
    assert g.get("国家林草局").name == "国家林业和草原局"
    assert g.get("国家能源局").level == "department"


def test_province_of(g: Gazetteer) -> None:
    assert g.province_of("洛阳").name == "河南省"
    assert g.province_of("山西").name == "山西省"
    assert g.province_of("中国五矿") is None


# ---------------------------------------------------------------- find
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山西、辽宁等8省(区)", ["山西省", "辽宁省"]),
        ("河南省洛阳市公开", ["河南省", "洛阳市"]),
        ("对广西开展了第二轮", ["广西壮族自治区"]),
        ("洛阳市委、市政府", ["洛阳市"]),
        ("湖南省生态环境厅", ["湖南省"]),
        ("中国五矿集团有限公司", ["中国五矿集团有限公司"]),
        ("吉林省吉林市", ["吉林省", "吉林市"]),
        ("江西省", ["江西省"]),
        ("海南藏族自治州和海南省", ["海南藏族自治州", "海南省"]),
        ("海南州", ["海南藏族自治州"]),
        ("延边州委", ["延边朝鲜族自治州"]),
        ("锡林郭勒盟、阿里地区", ["锡林郭勒盟", "阿里地区"]),
        ("新疆(含兵团)", ["新疆维吾尔自治区", "新疆生产建设兵团"]),
        ("浙江西部", ["浙江省"]),
        ("陕西和山西", ["陕西省", "山西省"]),
        ("国家能源局和国家能源集团", ["国家能源局", "国家能源投资集团有限责任公司"]),
        ("中国石化、中石油", ["中国石油化工集团有限公司", "中国石油天然气集团有限公司"]),
        ("洛阳人民政府", ["洛阳市"]),
    ],
)
def test_find(g: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(g, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "长治久安",
        "白银价格上涨",
        "黄河南岸",
        "洞庭湖北岸",
        "太行山西麓",
        "洛阳",
        "中国化工行业",
    ],
)
def test_find_negatives(g: Gazetteer, text: str) -> None:
    assert g.find(text) == []


def test_find_spans(g: Gazetteer) -> None:
    text = "河南省洛阳市委"
    spans = [(a, b, text[a:b]) for a, b, _ in g.find(text)]
    assert spans == [(0, 3, "河南省"), (3, 6, "洛阳市")]
    text = "据洛阳政府通报"
    assert [(a, b) for a, b, _ in g.find(text)] == [(1, 3)]
    text = "红河州"
    assert [(a, b) for a, b, _ in g.find(text)] == [(0, 3)]


def test_county_level_city_is_not_its_prefecture(g: Gazetteer) -> None:
    [(_, _, place)] = g.find("大理市")
    assert (place.name, place.level, place.parent) == ("大理市", "county", "大理白族自治州")


def test_find_every_full_name(g: Gazetteer) -> None:
    for p in g.places:
        if p.level == "county" and len(p.name) < 3 and not p.name.endswith("县"):
            assert g.find(f"在{p.name}开展") == []  # 城区, 郊区, 矿区: also ordinary words
            continue
        found = g.find(f"在{p.name}开展")
        assert [(a, b, q.name) for a, b, q in found] == [(1, 1 + len(p.name), p.name)]


def test_find_fast(g: Gazetteer) -> None:
    sentence = "2021年4月，中央第一生态环境保护督察组进驻山西省，督察组对洛阳市委、市政府开展督察。"
    text = sentence * (1_000_000 // len(sentence.encode()))
    t = time.perf_counter()
    found = g.find(text)
    elapsed = time.perf_counter() - t
    assert len(found) == 2 * (1_000_000 // len(sentence.encode()))
    assert elapsed < 0.5


def test_from_tables_small() -> None:
    g = Gazetteer.from_tables(
        [{"name": "甲省", "short": "甲", "pinyin": "jia", "english": "Jia", "gb": 1}],
        [{"name": "乙市", "short": "乙", "province": "甲省", "pinyin": "yi", "english": "Yi"}],
    )
    assert g.get("甲") == Place("甲省", "甲", "province", None, "jia", "Jia", ())
    assert [p.name for p in g.cities_of("甲")] == ["乙市"]
    with pytest.raises(ValueError):
        Gazetteer.from_tables(
            [], [{"name": "乙市", "short": "乙", "province": "无", "pinyin": "", "english": ""}]
        )


# ---------------------------------------------------------------- search
def test_search_exact_pinyin(g: Gazetteer) -> None:
    assert [p.name for p in g.search("henan")] == ["河南省"]
    assert g.search("shaanxi")[0].name == "陕西省"
    assert g.search("shanxi")[0].name == "山西省"
    assert "陕西省" not in [p.name for p in g.search("shanxi")]
    assert g.search("HeNan")[0].name == "河南省"
    assert g.search("xi'an")[0].name == "西安市"


def test_search_initials(g: Gazetteer) -> None:
    hits = [p.name for p in g.search("hn")]
    assert hits[:3] == ["河南省", "湖南省", "海南省"]
    assert "淮南市" in hits


def test_search_chinese(g: Gazetteer) -> None:
    assert g.search("豫")[0].name == "河南省"
    assert g.search("河南")[0].name == "河南省"
    assert g.search("广西")[0].name == "广西壮族自治区"
    assert [p.name for p in g.search("吉林")] == ["吉林省", "吉林市"]
    assert g.search("五矿")[0].name == "中国五矿集团有限公司"
    assert g.search("洛阳")[0].name == "洛阳市"


def test_search_ranking_and_limit(g: Gazetteer) -> None:
    hits = g.search("hai")  # prefix: provinces first
    assert hits[0].name == "海南省"
    assert len(g.search("a", limit=5)) == 5
    assert g.search("") == []
    assert g.search("zzzzqqq") == []
    hits = [p.name for p in g.search("南", limit=50)]
    # prefix matches (南京, 南昌 ...) outrank substrings; among substrings provinces come first
    assert hits[0] == "南京市"
    first_substring = hits.index("河南省")
    assert all(g.get(n).short.startswith("南") for n in hits[:first_substring])
    assert hits[first_substring : first_substring + 4] == ["河南省", "湖南省", "海南省", "云南省"]
