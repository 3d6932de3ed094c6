"""Identity rules: inspection group, round, batch, stationing period, feedback date, as-of.

Every sentence goes through the matching view first, as in the pipeline.
"""

from __future__ import annotations

import pytest

from ducha.parsers.normalise import normalise
from ducha.parsers.rules import identity


def view(sentence: str) -> str:
    return normalise(sentence).text


def case(family: str, *values, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(*values, id=family, marks=marks)


# ---------------------------------------------------------------- group
GROUPS = [
    case("round2/ecological", "中央第一生态环境保护督察组于2021年4月7日至5月7日对山西省开展第二轮生态环境保护督察。",
         "中央第一生态环境保护督察组"),
    case("round1/environmental", "2016年7月14日至8月14日,中央第六环境保护督察组对江苏省开展环境保护督察。",
         "中央第六环境保护督察组"),
    case("round1/tenth", "中央第十环境保护督察组进驻期间。", "中央第十环境保护督察组"),
    case("traditional", "中央第二環境保護督察組於2017年4月24日至5月24日對浙江省開展環境保護督察。",
         "中央第二环境保护督察组"),
    case("no/batch-team-is-not-a-group", "第三轮第一批中央生态环境保护督察组对福建省开展督察。", None),
    case("no/provincial", "省第三生态环境保护督察组进驻洛阳市。", None),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), GROUPS)
def test_find_group(sentence: str, expected: str | None) -> None:
    assert identity.find_group(view(sentence)) == expected


# ---------------------------------------------------------------- round
ROUNDS = [
    case("round2", "中央第一生态环境保护督察组对山西省开展第二轮生态环境保护督察。", "第二轮"),
    case("round1", "第一轮中央环境保护督察反馈的71个问题已整改完成65个。", "第一轮"),
    case("round3", "第三轮中央生态环境保护督察", "第三轮"),
    case("round-digit", "第2轮中央生态环境保护督察", "第二轮"),
    case("lookback", "中央第三生态环境保护督察组对广西壮族自治区第一轮中央环境保护督察整改情况开展“回头看”。",
         "第一轮回头看"),
    case("no/provincial-round", "第二轮省级生态环境保护督察", None),
    case("lookback-and-provincial", "第一轮中央环境保护督察整改情况“回头看”及第二轮省级督察", "第一轮"),
    case("no/round-by-date-not-here", "2016年7月14日至8月14日,中央第六环境保护督察组对江苏省开展环境保护督察。", None),
    case("lookback/no-round-number", "中央环保督察“回头看”反馈意见整改方案", "第一轮回头看"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), ROUNDS)
def test_find_round(sentence: str, expected: str | None) -> None:
    assert identity.find_round(view(sentence)) == expected


# ---------------------------------------------------------------- batch
BATCHES = [
    case("round-batch", "第二轮第三批中央生态环境保护督察组于2021年4月至5月开展督察。", ("第二轮", 3)),
    case("round-inspection-batch", "第二轮中央生态环境保护督察第六批", ("第二轮", 6)),
    case("round3-batch", "第三轮第二批中央生态环境保护督察", ("第三轮", 2)),
    case("round1-batch", "第一轮第四批中央环境保护督察", ("第一轮", 4)),
    case("batch-only", "第二批中央生态环境保护督察", (None, 2)),
    case("lookback-batch", "回头看第二批", ("第一轮回头看", 2)),
    case("with-dates", "2019年7月10日至8月10日,中央第三生态环境保护督察组对上海市开展第二轮第一批中央生态环境保护督察。",
         ("第二轮", 1)),
    case("no/model-zones", "命名12个县(区)为第一批省级生态文明建设示范区。", (None, None)),
    case("lookback-quoted-batch", "2018年中央生态环境保护督察“回头看”第二批", ("第一轮回头看", 2)),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), BATCHES)
def test_find_batch(sentence: str, expected: tuple) -> None:
    assert identity.find_batch(view(sentence)) == expected


# ---------------------------------------------------------------- stationing period
STATIONING = [
    case("year-once", "中央第一生态环境保护督察组于2021年4月7日至5月7日对山西省开展第二轮生态环境保护督察。", 2024,
         ("2021-04-07", "2021-05-07")),
    case("date-first", "2021年8月26日至9月26日,中央第四生态环境保护督察组对云南省开展督察。", None,
         ("2021-08-26", "2021-09-26")),
    case("across-new-year-both-years", "2017年12月25日至2018年1月25日,中央第七环境保护督察组对湖北省开展督察。", None,
         ("2017-12-25", "2018-01-25")),
    case("across-new-year-inferred", "2021年12月6日至1月6日,中央第八生态环境保护督察组进驻贵州省。", None,
         ("2021-12-06", "2022-01-06")),
    case("dash", "2021年4月7日-5月7日中央第二生态环境保护督察组进驻江西省。", None,
         ("2021-04-07", "2021-05-07")),
    case("both-years", "2021年4月7日至2021年5月7日,督察组进驻。", None, ("2021-04-07", "2021-05-07")),
    case("fullwidth", "２０２１年４月７日至５月７日,督察组进驻。", None, ("2021-04-07", "2021-05-07")),
    case("traditional", "中央第二環境保護督察組於2017年4月24日至5月24日對浙江省開展環境保護督察。", None,
         ("2017-04-24", "2017-05-24")),
    case("lookback", "2018年10月30日至11月30日,中央第三生态环境保护督察组对广西壮族自治区开展“回头看”。", None,
         ("2018-10-30", "2018-11-30")),
    case("round3", "2023年11月21日至12月21日,第三轮第一批中央生态环境保护督察组对福建省开展督察。", None,
         ("2023-11-21", "2023-12-21")),
    case("no/not-an-inspection", "2021年4月7日至5月7日,全省开展专项执法行动。", None, (None, None)),
    case("no/vague-ten-days", "2021年4月上旬至5月上旬,督察组进驻。", None, (None, None)),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published_year", "expected"), STATIONING)
def test_find_stationing(sentence: str, published_year: int | None, expected: tuple) -> None:
    assert identity.find_stationing(view(sentence), published_year) == expected


# ---------------------------------------------------------------- feedback date
FEEDBACK = [
    case("full-date", "并于2021年7月20日反馈了督察意见。", None, None, "2021-07-20"),
    case("year-carried", "2021年8月26日至9月26日,中央第四生态环境保护督察组对云南省开展督察,并于12月10日反馈督察意见。",
         "2021-08-26", None, "2021-12-10"),
    case("year-carried-from-stationing", "并于12月10日反馈督察意见。", "2021-08-26", None, "2021-12-10"),
    case("next-year", "2017年12月25日至2018年1月25日,中央第七环境保护督察组对湖北省开展督察,并于4月12日反馈。",
         "2017-12-25", None, "2018-04-12"),
    case("to-province", "于7月20日向辽宁省反馈了督察报告。", "2021-04-06", None, "2021-07-20"),
    case("this-year", "今年5月6日督察组向山西省反馈了督察意见。", "2018-11-06", 2019, "2019-05-06"),
    case("last-year", "去年7月20日反馈督察意见。", "2021-04-06", 2022, "2021-07-20"),
    case("chinese-numerals", "于二〇二一年七月二十日反馈。", None, None, "2021-07-20"),
    case("traditional", "並於7月29日反饋督察意見。", "2017-04-24", None, "2017-07-29"),
    case("no/vague-late-month", "督察组于12月下旬反馈督察意见。", "2021-08-26", None, None),
    case("no/month-only", "于2021年7月向8省(区)反馈督察意见。", None, None, None),
    case("no/no-feedback-word", "2021年7月20日,省委召开常委会议。", None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "start", "published_year", "expected"), FEEDBACK)
def test_find_feedback(sentence: str, start: str | None, published_year: int | None,
                       expected: str | None) -> None:  # fmt: skip
    assert identity.find_feedback(view(sentence), start, published_year) == expected


# ---------------------------------------------------------------- as of
AS_OF = [
    case("year-end", "截至2022年底", 2023, "2022-12-31"),
    case("jiezhi", "截止2022年11月底", 2023, "2022-11-30"),
    case("next-year-month-end", "截至2023年1月底", 2023, "2023-01-31"),
    case("bare-month", "截至2022年12月", 2023, "2022-12-31"),
    case("bare-month-january", "截至2022年1月", 2023, "2022-01-31"),
    case("exact-day", "截至2022年6月30日", 2023, "2022-06-30"),
    case("jiezhi-dao", "截止到2021年底", 2022, "2021-12-31"),
    case("year-from-context", "截至9月底", 2022, "2022-09-30"),
    case("this-year", "截至今年6月底", 2022, "2022-06-30"),
    case("last-year-end", "截至去年底", 2022, "2021-12-31"),
    case("chinese-numerals", "截至二〇二一年底", 2022, "2021-12-31"),
    case("fullwidth", "截至２０２２年底", 2023, "2022-12-31"),
    case("month-mo", "截至2022年11月末", 2023, "2022-11-30"),
    case("no/to-date", "截至目前", 2022, None),
    case("no/now", "目前", 2022, None),
    case("no/vague-late-month", "截至12月下旬", 2022, None),
]  # fmt: skip


@pytest.mark.parametrize(("lead", "context_year", "expected"), AS_OF)
def test_find_as_of(lead: str, context_year: int, expected: str | None) -> None:
    assert identity.find_as_of(view(lead + ",已完成整改任务48项。"), context_year) == expected


@pytest.mark.parametrize(
    ("sentence", "published_year", "start", "feedback"),
    [
        pytest.param("2021年4月6日,中央第六生态环境保护督察组进驻湖南省,开展为期一个月的督察。",
                     2021, "2021-04-06", None, id="lead-date/entry"),
        pytest.param("7月16日,中央第六生态环境保护督察组向湖南省委、省政府反馈督察情况。",
                     2021, None, "2021-07-16", id="lead-date/feedback"),
        pytest.param("5月6日下午,督察组向山西省反馈了督察意见。", 2019, None, "2019-05-06",
                     id="lead-date/feedback-afternoon"),
        pytest.param("7月16日,湖南省召开会议部署整改工作。", 2021, None, None, id="no/lead-date-other"),
    ],
)  # fmt: skip
def test_lead_dates(sentence: str, published_year: int, start, feedback) -> None:
    text = normalise(sentence).text
    assert identity.find_stationing(text, published_year)[0] == start
    assert identity.find_feedback(text, start, published_year) == feedback
