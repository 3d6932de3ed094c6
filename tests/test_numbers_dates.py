"""Numbers, dates and the matching view, as reports write them."""

from __future__ import annotations

import pytest

from ducha.parsers.dates import find_iso_dates, parse_date, relative_year
from ducha.parsers.normalise import normalise
from ducha.parsers.numbers import cn_to_int, read_number


def case(family: str, *values, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(*values, id=family, marks=marks)


# ---------------------------------------------------------------- numbers
NUMBERS = [
    case("plain", "3120", 3120),
    case("yu", "3120余", 3120),
    case("duo", "3120多", 3120),
    case("wan-yu", "4.2万余", 42000),
    case("wan-decimal-yu", "1.2万余", 12000),
    case("wan-duo", "2.5万多", 25000),
    case("yi", "1.32亿", 132_000_000),
    case("jin", "近60", 60),
    case("yue", "约3000", 3000),
    case("chaoguo", "超过500", 500),
    case("decimal", "0.5", 0.5),
    case("cn-thousands", "三千一百二十", 3120),
    case("cn-thousands-yu", "三千一百二十余", 3120),
    case("cn-digit-by-digit", "二〇二一", 2021),
    case("cn-teen", "十五", 15),
    case("cn-ten", "十", 10),
    case("cn-tens", "五十三", 53),
    case("cn-liang", "两千三百", 2300),
    case("cn-zero-inside", "一百零五", 105),
    case("cn-wan", "一万二千", 12000),
    case("cn-wan-zero", "一万零五百", 10500),
    case("cn-shi-wan", "十二万", 120000),
    case("cn-bai-yu", "三百余", 300),
    case("no/words", "若干", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_read_number(text: str, expected: float | None) -> None:
    assert read_number(text) == expected


CN_INTS = [
    case("tens-ones", "二十一", 21),
    case("hundred-ten", "一百一十", 110),
    case("wan-qian", "三万五千", 35000),
    case("digits", "二〇二二", 2022),
    case("empty", "", None),
    case("no/not-a-numeral", "三项", None),
]


@pytest.mark.parametrize(("text", "expected"), CN_INTS)
def test_cn_to_int(text: str, expected: int | None) -> None:
    assert cn_to_int(text) == expected


# ---------------------------------------------------------------- dates
# (text as written, context year, resolved as a day, resolved with month_end)
DATES = [
    case("full", "2021年8月26日", 2019, "2021-08-26", "2021-08-26"),
    case("year-from-context", "12月10日", 2021, "2021-12-10", "2021-12-10"),
    case("year-end", "2022年底", None, "2022-12-31", "2022-12-31"),
    case("year-mo", "2022年末", None, "2022-12-31", "2022-12-31"),
    case("month-end", "2022年6月底", None, "2022-06-30", "2022-06-30"),
    case("month-end-feb-leap", "2020年2月底", None, "2020-02-29", "2020-02-29"),
    case("month-mo", "2022年11月末", None, "2022-11-30", "2022-11-30"),
    case("bare-month", "2021年12月", None, None, "2021-12-31"),
    case("bare-month-fen", "2019年8月份", None, None, "2019-08-31"),
    case("cn-numerals", "二〇二一年十二月三十一日", None, "2021-12-31", "2021-12-31"),
    case("fullwidth", "２０２１年４月７日", None, "2021-04-07", "2021-04-07"),
    case("this-year-month", "今年5月", 2019, None, "2019-05-31"),
    case("no/late-month", "12月下旬", 2021, None, None),
    case("no/mid-month", "5月中旬", 2021, None, None),
    case("no/early-month", "5月初", 2021, None, None),
    case("no/year-only", "2021年", None, None, None),
    case("no/cn-year-only", "二〇二一年", None, None, None),
    case("no/feb-29-common-year", "2021年2月29日", None, None, None),
    case("feb-29-leap-year", "2020年2月29日", None, "2020-02-29", "2020-02-29"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "year", "day", "month_end"), DATES)
def test_parse_and_resolve(
    text: str, year: int | None, day: str | None, month_end: str | None
) -> None:
    pd = parse_date(normalise(text).text)
    assert pd is not None
    assert pd.resolve(year) == day
    assert pd.resolve(year, month_end=True) == month_end


YEARS_STATED = [
    case("digits", "2021年", 2021),
    case("fullwidth", "２０２１年", 2021),
    case("cn-numerals", "二〇二一年", 2021),
    case("cn-numerals-ling", "二零二一年", 2021),
]


@pytest.mark.parametrize(("text", "expected"), YEARS_STATED)
def test_year_of_a_date(text: str, expected: int) -> None:
    pd = parse_date(normalise(text).text)
    assert pd is not None and pd.year == expected


def test_not_a_date() -> None:
    assert parse_date("督察组进驻") is None
    assert parse_date("") is None


RELATIVE = [
    case("this-year", "今年", 2019, None, 2019),
    case("last-year", "去年", 2019, None, 2018),
    case("same-year-from-context", "当年", 2019, 2017, 2017),
    case("tongnian", "同年", None, 2018, 2018),
    case("this-year-no-publication", "今年", None, 2020, 2020),
    case("no/unknown", "今年", None, None, None),
]


@pytest.mark.parametrize(("rel", "published", "context", "expected"), RELATIVE)
def test_relative_year(
    rel: str, published: int | None, context: int | None, expected: int | None
) -> None:
    assert relative_year(rel, published, context) == expected


ISO = [
    case("datetime", "发布时间:2018-07-07 11:54:17", ["2018-07-07"]),
    case("slashes", "2019/12/30", ["2019-12-30"]),
    case("padded-chinese", "2018年07月07日", ["2018-07-07"]),
    case("dots", "2023.03.31", ["2023-03-31"]),
    case("no/impossible-day", "2021-02-30", []),
    case("no/phone-number", "电话:0351-4567890", []),
]


@pytest.mark.parametrize(("text", "expected"), ISO)
def test_find_iso_dates(text: str, expected: list[str]) -> None:
    assert [iso for _, iso in find_iso_dates(text)] == expected


# ---------------------------------------------------------------- the matching view
VIEWS = [
    case("space-in-number", "3 123件", "3123件"),
    case("spaces-in-number", "1 234 567件", "1234567件"),
    case("space-in-name", "河 南省", "河南省"),
    case("ideographic-space", "河\u3000南省", "河南省"),
    case("thousands", "3,120件", "3120件"),
    case("thousands-fullwidth-comma", "3，120件", "3120件"),
    case("thousands-twice", "1,234,567元", "1234567元"),
    case("fullwidth-digits", "８２项", "82项"),
    case("fullwidth-percent", "１０.８％", "10.8%"),
    case("fullwidth-date", "２０２１年４月７日", "2021年4月7日"),
    case("traditional-tasks", "整改任務已完成", "整改任务已完成"),
    case("traditional-petitions", "信訪件已辦結", "信访件已办结"),
    case("traditional-group", "中央第二環境保護督察組", "中央第二环境保护督察组"),
    case("micro-sign-cubed", "37.5µg/m³", "37.5μg/m3"),
    case("clause-comma-kept", "2021年，全省", "2021年,全省"),
    case("no/list-comma-kept", "分别为67,41微克/立方米", "分别为67,41微克/立方米"),
    case("line-break-in-number", "交办的3\n123件信访件", "交办的3123件信访件"),
]  # fmt: skip


@pytest.mark.parametrize(("stored", "expected"), VIEWS)
def test_matching_view(stored: str, expected: str) -> None:
    assert normalise(stored).text == expected


def test_view_maps_back_to_stored_text() -> None:
    stored = "督察组交办的3,123件信访件已辦結3 120件。"
    v = normalise(stored)
    start = v.text.index("3120件")
    s, e = v.span(start, start + len("3120件"))
    assert stored[s:e] == "3 120件"
    assert len(v.origin) == len(v.text)
