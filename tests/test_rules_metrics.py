"""Indicator rules: one sentence (and the year carried from its paragraph) in, metrics out.

A metric is written as (name, value, unit, year, change, change_unit, target), in the order
the sentence states them; an empty list means the sentence must yield no indicator.
"""

from __future__ import annotations

import pytest

from ducha.parsers.normalise import normalise
from ducha.parsers.rules.metrics import metric_hits, year_in

UG = "微克/立方米"
PP = "个百分点"


def metrics(sentence: str, context_year: int | None = None) -> list[tuple]:
    return [
        (m.name, m.value, m.unit, m.year, m.change, m.change_unit, m.target)
        for m in metric_hits(normalise(sentence).text, context_year)
    ]


def case(family: str, sentence: str, expected: list[tuple], context_year: int | None = None,
         xfail: str | None = None):  # fmt: skip
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, context_year, expected, id=family, marks=marks)


CASES = [
    # shapes catalog
    case("pm25/value-yoy-pct", "2022年全省PM2.5平均浓度31微克/立方米,同比下降6.1%。",
         [("PM2.5浓度", 31, UG, 2022, -6.1, "%", False)]),
    case("pm25/jiangzhi-is-value", "细颗粒物(PM2.5)年均浓度降至29μg/m³。",
         [("PM2.5浓度", 29, UG, None, None, None, False)]),
    case("good-days-ratio/points", "优良天数比率为85.4%,同比上升1.8个百分点。",
         [("优良天数比例", 85.4, "%", None, 1.8, PP, False)]),
    case("water/national-sections", "地表水国考断面水质优良比例达到90.3%。",
         [("水质优良比例", 90.3, "%", None, None, None, False)]),
    case("list/values-paired", "PM10、PM2.5浓度分别为67、41微克/立方米。",
         [("PM10浓度", 67, UG, None, None, None, False), ("PM2.5浓度", 41, UG, None, None, None, False)]),
    case("change/base-year", "PM2.5浓度较2015年下降18%。",
         [("PM2.5浓度", None, None, None, -18, "%", False)]),
    case("target/daoyear-above", "到2025年,全省优良天数比例达到80%以上。",
         [("优良天数比例", 80, "%", 2025, None, None, True)]),
    case("no/gap-to-target-pct", "优良天数比例为82.1%,好于年度目标3.1个百分点。",
         [("优良天数比例", 82.1, "%", None, None, None, False)]),
    case("no/gap-to-target-ug", "2022年PM2.5平均浓度为35微克/立方米,好于年度目标3.1个百分点。",
         [("PM2.5浓度", 35, UG, 2022, None, None, False)]),
    # more shapes
    case("pm25/ug-m3-ascii", "2021年,全市细颗粒物浓度为35ug/m3,同比下降12.5%。",
         [("PM2.5浓度", 35, UG, 2021, -12.5, "%", False)]),
    case("pm25/part-year-keeps-year", "2022年1-11月,全省PM2.5平均浓度为33微克每立方米,同比下降5.7%。",
         [("PM2.5浓度", 33, UG, 2022, -5.7, "%", False)]),
    case("water/part-year-zhi", "2022年1至11月,优良水质比例为86.7%。",
         [("水质优良比例", 86.7, "%", 2022, None, None, False)]),
    case("good-days-ratio/long-name", "2020年,全区环境空气质量优良天数比例为93.8%,同比提高2.1个百分点。",
         [("优良天数比例", 93.8, "%", 2020, 2.1, PP, False)]),
    case("good-days/days-change", "全省空气质量优良天数为312天,同比增加12天。",
         [("优良天数", 312, "天", None, 12, "天", False)]),
    case("pm10/change-only", "PM10浓度同比下降9.4%。", [("PM10浓度", None, None, None, -9.4, "%", False)]),
    case("list/changes-paired", "PM10、PM2.5浓度同比分别下降9.4%、14%。",
         [("PM10浓度", None, None, None, -9.4, "%", False), ("PM2.5浓度", None, None, None, -14, "%", False)]),
    case("index/no-unit", "2019年,全省环境空气质量综合指数为4.49,同比下降2.4%。",
         [("环境空气质量综合指数", 4.49, None, 2019, -2.4, "%", False)]),
    case("heavy-pollution/points", "重污染天气比例为1.2%,同比下降0.8个百分点。",
         [("重污染天气比例", 1.2, "%", None, -0.8, PP, False)]),
    case("satisfaction", "公众生态环境满意率达到91.5%。",
         [("公众生态环境满意率", 91.5, "%", None, None, None, False)]),
    case("water/national-assessment-rate", "国家地表水考核断面水质优良率达到95.2%,同比上升3.4个百分点。",
         [("水质优良比例", 95.2, "%", None, 3.4, PP, False)]),
    case("water/grade-1-3", "全省Ⅰ~Ⅲ类水质断面比例为87.5%。",
         [("Ⅲ类以上水体比例", 87.5, "%", None, None, None, False)]),
    case("soil/contaminated-plots", "受污染耕地安全利用率达到93%,污染地块安全利用率达到100%。",
         [("污染地块安全利用率", 100, "%", None, None, None, False)]),
    case("ozone/days", "臭氧超标天数为15天。", [("臭氧超标天数", 15, "天", None, None, None, False)]),
    case("change/base-year-with-year", "2021年全省PM2.5平均浓度为35微克/立方米,较2015年下降30.7%,超额完成国家下达的目标。",
         [("PM2.5浓度", 35, UG, 2021, -30.7, "%", False)]),
    case("change/bi-base-year", "2016年,全省PM2.5平均浓度为43微克/立方米,比2015年下降10.4%。",
         [("PM2.5浓度", 43, UG, 2016, -10.4, "%", False)]),
    case("change/jiao-shangnian", "2021年,地表水国考断面水质优良比例为90.3%,较上年提高2.1个百分点。",
         [("水质优良比例", 90.3, "%", 2021, 2.1, PP, False)]),
    case("target/xiajiang-dao", "到2025年,PM2.5浓度下降到32微克/立方米。",
         [("PM2.5浓度", 32, UG, 2025, None, None, True)]),
    case("target/lizheng", "力争PM2.5平均浓度控制在35微克/立方米以内。",
         [("PM2.5浓度", 35, UG, None, None, None, True)]),
    case("target/change-vs-base", "确保到2020年PM2.5浓度比2015年下降18%以上。",
         [("PM2.5浓度", None, None, 2020, -18, "%", True)]),
    case("pm25/fullwidth-brackets-digits", "2020年全省细颗粒物（PM2.5）平均浓度为３３μg/m3，同比下降１０.８％。",
         [("PM2.5浓度", 33, UG, 2020, -10.8, "%", False)]),
    case("pm10/named-long", "2018年,全省可吸入颗粒物(PM10)平均浓度为72微克/立方米,同比下降8.9%。",
         [("PM10浓度", 72, UG, 2018, -8.9, "%", False)]),
    case("good-days-ratio/exceeded-target", "2020年,全省优良天数比例为86.4%,同比上升5.6个百分点,超额完成国家下达的目标任务。",
         [("优良天数比例", 86.4, "%", 2020, 5.6, PP, False)]),
    case("two-metrics/one-sentence", "2017年全市PM2.5平均浓度为58微克/立方米,同比下降12.1%,PM10平均浓度为96微克/立方米,同比下降8.6%。",
         [("PM2.5浓度", 58, UG, 2017, -12.1, "%", False), ("PM10浓度", 96, UG, 2017, -8.6, "%", False)]),
    case("two-metrics/semicolon", "2022年,全省PM2.5平均浓度为31微克/立方米,同比下降6.1%;优良天数比例为85.4%,同比上升1.8个百分点。",
         [("PM2.5浓度", 31, UG, 2022, -6.1, "%", False), ("优良天数比例", 85.4, "%", 2022, 1.8, PP, False)]),
    case("good-days-and-ratio", "全年空气质量优良天数达到330天,优良天数比例为90.4%。",
         [("优良天数", 330, "天", None, None, None, False), ("优良天数比例", 90.4, "%", None, None, None, False)]),
    case("year/from-context", "全省PM2.5平均浓度为31微克/立方米。",
         [("PM2.5浓度", 31, UG, 2022, None, None, False)], context_year=2022),
    case("year/sentence-over-context", "2021年,全省PM2.5平均浓度为35微克/立方米。",
         [("PM2.5浓度", 35, UG, 2021, None, None, False)], context_year=2022),
    case("round3/two-metrics-no-change", "2023年,全区PM2.5平均浓度为23微克/立方米,优良天数比例达到94.5%。",
         [("PM2.5浓度", 23, UG, 2023, None, None, False), ("优良天数比例", 94.5, "%", 2023, None, None, False)]),
    case("good-days-ratio/air-good-rate", "2017年,全省空气质量优良率为82.3%,同比提高3.1个百分点。",
         [("优良天数比例", 82.3, "%", 2017, 3.1, PP, False)]),
    case("good-days-ratio/rate-jiao-shangnian", "2018年全市优良天数率为70.1%,较上年上升4.3个百分点。",
         [("优良天数比例", 70.1, "%", 2018, 4.3, PP, False)]),
    case("water/grade-3-above", "全省Ⅲ类以上水体比例为92.5%,同比上升1.9个百分点。",
         [("Ⅲ类以上水体比例", 92.5, "%", None, 1.9, PP, False)]),
    case("change/base-year-2020", "2022年全省PM2.5平均浓度为30微克/立方米,较2020年下降3.2%。",
         [("PM2.5浓度", 30, UG, 2022, -3.2, "%", False)]),
    case("pm10/corps-ug-m3", "2021年,新疆生产建设兵团PM10平均浓度为98μg/m3,同比下降7.5%。",
         [("PM10浓度", 98, UG, 2021, -7.5, "%", False)]),
    case("no/unknown-indicator", "氨氮浓度为0.35毫克/升。", []),
    case("no/wrong-unit", "PM2.5监测站点增加到120个。", []),
    case("change/flat-has-no-number", "2019年,全省空气质量优良天数比率为78.9%,同比持平。",
         [("优良天数比例", 78.9, "%", 2019, None, None, False)]),
    # where the rules fall short
    case("order/change-then-value-pct", "全省优良天数比例同比提高1.8个百分点,达到85.4%。",
         [("优良天数比例", 85.4, "%", None, 1.8, PP, False)]),
    case("order/change-then-value-ug", "2022年,全省PM2.5平均浓度同比下降6.1%,为31微克/立方米。",
         [("PM2.5浓度", 31, UG, 2022, -6.1, "%", False)]),
    case("from-to/two-years", "全市PM2.5年均浓度由2015年的50微克/立方米下降至2020年的33微克/立方米。",
         [("PM2.5浓度", 33, UG, 2020, None, None, False)]),
    case("from-to/points-ratio", "全市优良天数比例由2015年的70%提高到2020年的85.2%。",
         [("优良天数比例", 85.2, "%", 2020, None, None, False)]),
    case("no/from-to-without-unit", "全市PM2.5年均浓度由50微克/立方米下降至33。", []),
    case("no/city-subscope", "其中,太原市PM2.5浓度为45微克/立方米。", []),
    case("pm25/subscript-digits", "2022年,PM₂.₅平均浓度为31微克/立方米。",
         [("PM2.5浓度", 31, UG, 2022, None, None, False)]),
    case("year/jiezhi-month-end", "截至2022年11月底,全省PM2.5平均浓度为29微克/立方米。",
         [("PM2.5浓度", 29, UG, 2022, None, None, False)]),
    case("year/chinese-numerals", "二〇二一年,全省PM2.5平均浓度为３５微克/立方米。",
         [("PM2.5浓度", 35, UG, 2021, None, None, False)]),
    # a change whose base the sentence set before the name
    case("base-before/yu-year-bi", "与2013年比,2015年全省细颗粒物(PM2.5)平均浓度下降28.7%。",
         [("PM2.5浓度", None, None, 2015, -28.7, "%", False)]),
    case("base-before/converter-debris", "\ufffd2013年比\ufffd2015年全省细颗粒物(PM2.5)平均浓度下\ufffd28.7%。",
         [("PM2.5浓度", None, None, 2015, -28.7, "%", False)]),
    case("base-before/debris-in-the-name", "\ufffd2013年比\ufffd2015年,\ufffd颗粒物(PM2.5)平均浓度下\ufffd28.7%。",
         [("PM2.5浓度", None, None, 2015, -28.7, "%", False)]),
    case("base-before/xiangbi-points", "2021年与2015年相比,全省优良天数比例提高5.2个百分点。",
         [("优良天数比例", None, None, 2021, 5.2, PP, False)]),
    case("base-before/tongbi-first", "2022年同比,全省PM10平均浓度上升3.1%。",
         [("PM10浓度", None, None, 2022, 3.1, "%", False)]),
    case("no/bare-change-without-base", "2015年,细颗粒物(PM2.5)平均浓度下降28.7%。", []),
    case("no/requirement-without-base", "要求PM2.5平均浓度下降10%。", []),
    case("no/bili-is-not-a-base", "2013年比例达到60%,PM2.5平均浓度下降5%。", []),
    case("no/debris-without-base", "细颗粒物(PM2.5)平均浓度下\ufffd28.7%。", []),
    case("list/values-then-changes", "2022年,全省PM2.5、PM10平均浓度分别为29微克/立方米、48微克/立方米,同比分别下降6.5%、4.0%。",
         [("PM2.5浓度", 29, UG, 2022, -6.5, "%", False), ("PM10浓度", 48, UG, 2022, -4.0, "%", False)]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "context_year", "expected"), CASES)
def test_metrics(sentence: str, context_year: int | None, expected: list[tuple]) -> None:
    assert metrics(sentence, context_year) == expected


YEARS = [
    pytest.param("2022年全省PM2.5平均浓度31微克/立方米", 2022, id="plain"),
    pytest.param("2021年全省PM2.5平均浓度较2015年下降30.7%", 2021, id="base-year-skipped"),
    pytest.param("2020年底前完成", None, id="deadline-not-a-year"),
    pytest.param("2016年以来累计", None, id="since-not-a-year"),
    pytest.param("全省PM2.5平均浓度", None, id="none"),
]


@pytest.mark.parametrize(("text", "expected"), YEARS)
def test_year_in(text: str, expected: int | None) -> None:
    assert year_in(text) == expected


def test_span_covers_value_and_change() -> None:
    sentence = normalise("2022年全省PM2.5平均浓度31微克/立方米,同比下降6.1%。").text
    (hit,) = metric_hits(sentence, None)
    assert sentence[hit.start : hit.end] == "PM2.5平均浓度31微克/立方米,同比下降6.1%"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("2022年,全省地表水国控断面水质优良率(Ⅰ～Ⅲ类)为95.1%。",
                     ("水质优良比例", 95.1, "%", 2022), id="water/parenthetical-before-value"),
        pytest.param("2022年全市国考断面优良水体比例为90%。", ("水质优良比例", 90, "%", 2022),
                     id="water/good-water-bodies"),
        pytest.param("2021年,水质达到或优于Ⅲ类比例为85.2%。", ("Ⅲ类以上水体比例", 85.2, "%", 2021),
                     id="class3/reaching-or-better"),
    ],
)  # fmt: skip
def test_more_spellings(sentence: str, expected: tuple) -> None:
    hits = metric_hits(normalise(sentence).text)
    assert [(h.name, h.value, h.unit, h.year) for h in hits] == [expected]
