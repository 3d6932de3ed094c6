"""End to end: small synthetic documents through `parse_text`, checked section by section.

Each row names a document, the section (by entity; None for a document with one section)
and the values that section must have. Identity fields are attributes of the section;
count fields are read with `Section.value`; `ABSENT` means the field must not be there;
`metrics` and `deadlines` list every one the section must carry, in order.
"""

from __future__ import annotations

from functools import cache

import pytest

from ducha.parsers.model import ParsedDocument, Section
from ducha.parsers.pipeline import parse_text

ABSENT = None
UG = "微克/立方米"
PP = "个百分点"
IDENTITY = ("entity", "level", "parent", "round", "batch", "group", "inspection_start",
            "inspection_end", "feedback_date", "as_of")  # fmt: skip

MULTI = """\
河北、山东等4省公开第二轮中央生态环境保护督察整改落实情况

发布时间:2023-05-12

经党中央、国务院批准,第二轮第四批中央生态环境保护督察组于2021年8月至9月对河北、黑龙江、山东、贵州等4省开展督察,并于2021年12月反馈督察意见。4省深入贯彻习近平生态文明思想,督察整改取得明显成效。
河北省完成1230个入河排污口整治,2022年全省PM2.5平均浓度为36.8微克/立方米,同比下降5.4%。山东省2022年优良天数比例为70.2%,同比上升3.6个百分点。黑龙江省2022年地表水国考断面水质优良比例为75.5%,同比上升2.1个百分点。
截至2023年3月底,4省督察整改方案明确的312项整改任务,已完成226项,其余整改任务正在积极推进。

01河北省公开第二轮中央生态环境保护督察整改落实情况

2021年8月26日至9月26日,中央第一生态环境保护督察组对河北省开展了第二轮中央生态环境保护督察,并于12月10日反馈了督察报告。河北省委、省政府高度重视,把督察整改作为重大政治任务。
截至2023年3月底,河北省督察整改方案确定的79项整改任务,已完成64项,其余15项正在推进。督察组交办的2,513件群众信访举报件已办结2,490件,阶段性办结23件。
2022年,全省PM2.5平均浓度为36.8微克/立方米,同比下降5.4%;优良天数比例为73.5%,同比上升1.2个百分点。

02山东省公开第二轮中央生态环境保护督察整改落实情况

2021年8月26日至9月26日,中央第三生态环境保护督察组对山东省开展了第二轮中央生态环境保护督察,并于2021年12月14日向山东省反馈了督察报告。
截至2023年3月底,山东省整改方案明确的88项整改任务,已完成61项,27项达到序时进度。对督察组移交的6个生态环境损害责任追究问题,共问责单位23个、人员142名,其中厅级干部11人。
2022年,全省优良天数比例为70.2%,同比上升3.6个百分点。
"""

CITY = """\
湖南省岳阳市公开中央生态环境保护督察整改落实情况
来源:岳阳日报  发布时间:2022-09-15

2021年4月9日至5月9日,中央第六生态环境保护督察组对湖南省开展第二轮中央生态环境保护督察,并于2021年7月21日向湖南省反馈了督察意见。岳阳市委、市政府高度重视,坚决扛起督察整改政治责任。
截至2022年8月底,省整改方案明确岳阳市牵头或参与的38项整改任务,已完成整改29项,其余9项均达到序时进度。督察组交办的1,024件信访件已全部办结。
2021年,全市PM2.5平均浓度为39微克/立方米,同比下降11.4%;国考断面水质优良比例为93.3%。
"""

COUNTY = """\
广西壮族自治区桂林市阳朔县中央环保督察整改情况通报
发布日期:2019年11月20日

2018年10月30日至11月30日,中央第五生态环境保护督察组对广西壮族自治区开展第一轮中央环境保护督察“回头看”。阳朔县委、县政府高度重视,认真抓好督察反馈问题整改。
截至2019年10月底,“回头看”反馈涉及我县的12个问题,已完成整改9个,其余3个正在整改。督察组交办的86件信访件已办结84件,阶段性办结2件。
"""

COUNTY2 = """\
洛阳市伊川县公开第二轮中央生态环境保护督察整改落实情况
发布时间:2023-04-10

2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展第二轮中央生态环境保护督察,并于2021年7月15日反馈了督察报告。伊川县委、县政府高度重视,扎实推进整改工作。
截至2023年3月底,涉及我县的21项整改任务已完成18项,其余3项达到序时进度。
"""

STATIONING = """\
中央第二生态环境保护督察组进驻江西省期间边督边改情况
2021-05-10

截至5月7日,中央第二生态环境保护督察组进驻江西省满一个月。督察组于2021年4月7日至5月7日对江西省开展第二轮中央生态环境保护督察。
进驻期间,督察组共受理群众来电来信举报4,356件,向我省交办3,912件,已办结3,210件。
全省共责令整改企业1,210家,立案处罚563家,罚款4217.6万元;立案侦查39件,行政拘留25人、刑事拘留17人;约谈312人,问责208人。
"""

TRAD = """\
浙江省公開中央環境保護督察整改情況
發布時間:2018-01-20

中央第二環境保護督察組於2017年4月24日至5月24日對浙江省開展環境保護督察,並於7月29日反饋督察意見。浙江省委、省政府高度重視,認真部署整改工作。
截至2017年12月底,整改方案確定的75項整改任務已完成61項,其餘14項正在推進。督察組交辦的３１２０件信訪件已辦結３０９８件。
2017年,全省PM2.5平均濃度為39微克/立方米,同比下降14.5%。
"""

CLUTTER = """\
首页 | 新闻 | 政务 | 服务 | 互动
您当前的位置:首页 > 环保要闻 > 正文
贵州省公开第二轮中央生态环境保护督察整改方案
2022-05-20 09:12  来源:贵州日报  【字体:大 中 小】  分享到:微信 微博 QQ空间
2021年12月6日至2022年1月6日,中央第八生态环境保护督察组对贵州省开展了第二轮中央生态环境保护督察,并于2022年4月12日反馈了督察意见。贵州省委、省政府高度重视,研究制定了整改方案。
整改方案共梳理整改任务65项,具体措施296条。其中,立行立改的12项,2022年底前完成的23项,2023年底前完成的18项,长期坚持的12项。
相关文章
中央环保督察组交办的83件信访件已办结 2021-12-30
四川省公开督察整改情况 2022-03-11
版权所有:贵州日报社 Copyright © 2022 备案号:黔ICP备12345678号
评论 | 打印 | 关闭窗口
"""

NOFACTS = """\
生态环境部召开新闻发布会
发布时间:2023-06-28

生态环境部今天召开例行新闻发布会,介绍中央生态环境保护督察有关工作情况,并回答记者提问。发布会强调,要深入学习贯彻习近平生态文明思想,持续推动督察整改工作。
"""

LINEBREAK = """\
河 南省公开中央生态环境保护督察整改落实情况
发布时间:2019-08-02

2016年7月16日至8月16日,中央第五环境保护督察组对河南省开展环境保护督察,并于11月16日反馈督察意见。河南省委、省政府高度重视,扎实推进整改工作。
截至2019年6月底,督察反馈的64个问题已完成整改51个,其余13个正在整改。督察组交办的3 1
20件信访件已全部办结。
"""

ENTERPRISE = """\
中国五矿集团有限公司公开中央生态环境保护督察整改方案
发布时间:2022-03-18

2021年9月1日至10月1日,中央第六生态环境保护督察组对中国五矿集团有限公司开展了第二轮中央生态环境保护督察,并于2022年1月10日反馈了督察意见。集团公司党组高度重视,制定整改方案。
整改方案共明确整改任务40项,具体措施152条。
"""

DEPT = """\
国家能源局公开第二轮中央生态环境保护督察整改落实情况
发布时间:2023-01-16

2021年12月7日至2022年1月7日,中央第四生态环境保护督察组对国家能源局开展了第二轮中央生态环境保护督察,并于2022年4月13日反馈了督察意见。
截至2022年12月底,整改方案明确的36项整改任务已完成27项,其余9项达到序时进度。
"""

ROUNDS = """\
广东省公开中央生态环境保护督察及“回头看”整改落实情况
发布时间:2020-01-15

2016年11月28日至12月28日,中央第四环境保护督察组对广东省开展第一轮中央环境保护督察,并于2017年4月13日反馈督察意见。截至2019年12月底,第一轮督察反馈的73个问题已完成整改64个。
2018年6月5日至7月5日,中央第四生态环境保护督察组对广东省开展督察“回头看”,并于10月22日反馈督察意见。截至2019年12月底,“回头看”反馈的49个问题已完成整改35个。
"""

TODAYMONTH = """\
山西省公开中央生态环保督察“回头看”反馈意见整改方案
来源:山西日报 | 发布时间:2019-12-30

2018年11月6日至12月6日,中央第二生态环境保护督察组对山西省第一轮中央环境保护督察整改情况开展了“回头看”。今年5月6日督察组向山西省反馈了督察意见,移交了重点问题线索。省委省政府高度重视,抓好整改工作。
整改方案共明确整改任务78项,其中立行立改任务12项,占15.4%;2019年底前完成的30项,2020年底前完成的24项,长期坚持的12项。
"""

DOCS = {
    "multi-province": MULTI,
    "city": CITY,
    "county": COUNTY,
    "county-in-city": COUNTY2,
    "stationing": STATIONING,
    "traditional": TRAD,
    "site-clutter": CLUTTER,
    "no-facts": NOFACTS,
    "line-break-in-number": LINEBREAK,
    "enterprise": ENTERPRISE,
    "department": DEPT,
    "two-rounds": ROUNDS,
    "lookback-plan": TODAYMONTH,
}


@cache
def parsed(name: str) -> ParsedDocument:
    return parse_text(DOCS[name])


def section(doc: ParsedDocument, entity: str | None) -> Section:
    if entity is None:
        assert len(doc.sections) == 1, [s.entity for s in doc.sections]
        return doc.sections[0]
    found = [s for s in doc.sections if s.entity == entity]
    assert found, f"no section {entity}: {[s.entity for s in doc.sections]}"
    return found[0]


def case(doc: str, entity: str | None, expected: dict, xfail: str | None = None, part: str = ""):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    name = f"{doc}/{entity or 'only'}" + (f"/{part}" if part else "")
    return pytest.param(doc, entity, expected, id=name, marks=marks)


# ---------------------------------------------------------------- documents
DOCUMENT_ROWS = [
    case("multi-province", None, {"published": "2023-05-12", "kind": "progress",
         "title": "河北、山东等4省公开第二轮中央生态环境保护督察整改落实情况",
         "entities": ["第二轮第四批", "河北省", "山东省", "黑龙江省"]}),
    case("city", None, {"published": "2022-09-15", "kind": "progress", "entities": ["岳阳市"]}),
    case("county", None, {"published": "2019-11-20", "kind": "progress", "entities": ["阳朔县"]}),
    case("county-in-city", None, {"published": "2023-04-10", "entities": ["伊川县"]}),
    case("stationing", None, {"published": "2021-05-10", "kind": "stationing", "entities": ["江西省"]}),
    case("traditional", None, {"published": "2018-01-20", "kind": "progress",
         "title": "浙江省公开中央环境保护督察整改情况", "entities": ["浙江省"]}),
    case("site-clutter", None, {"published": "2022-05-20", "kind": "plan",
         "title": "贵州省公开第二轮中央生态环境保护督察整改方案", "entities": ["贵州省"]}),
    case("no-facts", None, {"published": "2023-06-28", "status": "warning", "facts": 0}),
    case("enterprise", None, {"kind": "plan", "entities": ["中国五矿集团有限公司"]}),
    case("department", None, {"kind": "progress", "entities": ["国家能源局"]}),
    case("two-rounds", None, {"published": "2020-01-15", "kind": "progress",
         "rounds": [("广东省", "第一轮"), ("广东省", "第一轮回头看")]}),
    case("lookback-plan", None, {"published": "2019-12-30", "kind": "plan", "entities": ["山西省"]}),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "entity", "expected"), DOCUMENT_ROWS)
def test_document(doc: str, entity: str | None, expected: dict) -> None:
    d = parsed(doc)
    assert not any(p.startswith("extraction failed") for p in d.problems), d.problems
    for key, value in expected.items():
        if key == "entities":
            assert [s.entity for s in d.sections] == value
        elif key == "rounds":
            assert [(s.entity, s.round) for s in d.sections] == value
        elif key == "facts":
            assert sum(len(s.facts) + len(s.metrics) for s in d.sections) == value
        else:
            assert getattr(d, key) == value, key


# ---------------------------------------------------------------- sections
SECTION_ROWS = [
    # a batch release: overview, two headed provinces, one province named only in the overview
    case("multi-province", "第二轮第四批", {"level": "batch", "round": "第二轮", "batch": 4,
         "as_of": "2023-03-31", "tasks_total": 312, "tasks_done": 226, "group": None}),
    case("multi-province", "河北省", {"level": "province", "round": "第二轮", "batch": 4,
         "group": "中央第一生态环境保护督察组", "inspection_start": "2021-08-26",
         "inspection_end": "2021-09-26", "feedback_date": "2021-12-10", "as_of": "2023-03-31",
         "tasks_total": 79, "tasks_done": 64, "tasks_in_progress": 15, "petitions_total": 2513,
         "petitions_done": 2490, "petitions_phased": 23,
         "metrics": [("PM2.5浓度", 36.8, UG, 2022, -5.4, "%", False),
                     ("优良天数比例", 73.5, "%", 2022, 1.2, PP, False)]}),
    case("multi-province", "山东省", {"level": "province", "round": "第二轮", "batch": 4,
         "group": "中央第三生态环境保护督察组", "feedback_date": "2021-12-14",
         "tasks_total": 88, "tasks_done": 61, "tasks_on_schedule": 27,
         "accountability_issues": 6, "accountability_units": 23, "accountability_people": 142,
         "metrics": [("优良天数比例", 70.2, "%", 2022, 3.6, PP, False)]}),
    case("multi-province", "黑龙江省", {"level": "province", "round": "第二轮",
         "metrics": [("水质优良比例", 75.5, "%", 2022, 2.1, PP, False)]}, part="from-overview"),
    case("multi-province", "黑龙江省", {"batch": 4}, part="batch"),
    # a city report
    case("city", None, {"entity": "岳阳市", "level": "city", "parent": "湖南省", "round": "第二轮",
         "group": "中央第六生态环境保护督察组", "inspection_start": "2021-04-09",
         "inspection_end": "2021-05-09", "feedback_date": "2021-07-21", "as_of": "2022-08-31",
         "tasks_total": 38, "tasks_done": 29, "petitions_total": 1024, "petitions_done": 1024,
         "metrics": [("PM2.5浓度", 39, UG, 2021, -11.4, "%", False),
                     ("水质优良比例", 93.3, "%", 2021, None, None, False)]}),
    # county reports
    case("county", None, {"round": "第一轮回头看", "group": "中央第五生态环境保护督察组",
         "inspection_start": "2018-10-30", "inspection_end": "2018-11-30", "as_of": "2019-10-31",
         "problems_total": 12, "problems_done": 9, "problems_in_progress": 3,
         "petitions_total": 86, "petitions_done": 84, "petitions_phased": 2}, part="facts"),
    case("county", None, {"entity": "阳朔县", "level": "county", "parent": "桂林市"}, part="entity"),
    case("county-in-city", None, {"round": "第二轮", "as_of": "2023-03-31", "tasks_total": 21,
         "tasks_done": 18}, part="facts"),
    case("county-in-city", None, {"entity": "伊川县", "level": "county", "parent": "洛阳市"},
         part="entity"),
    # stationing news with enforcement figures
    case("stationing", None, {"entity": "江西省", "level": "province", "round": "第二轮",
         "group": "中央第二生态环境保护督察组", "inspection_start": "2021-04-07",
         "inspection_end": "2021-05-07", "petitions_received": 4356, "petitions_total": 3912,
         "petitions_done": 3210, "ordered_rectification": 1210, "penalty_cases": 563,
         "fines_wan": 4217.6, "criminal_cases": 39, "detained_administrative": 25,
         "detained_criminal": 17, "interviewed_people": 312, "accountability_people": 208}),
    # a repost in traditional characters: values in simplified characters
    case("traditional", None, {"entity": "浙江省", "round": "第一轮", "group": "中央第二环境保护督察组",
         "inspection_start": "2017-04-24", "inspection_end": "2017-05-24",
         "feedback_date": "2017-07-29", "as_of": "2017-12-31", "tasks_total": 75, "tasks_done": 61,
         "tasks_in_progress": 14, "petitions_total": 3120, "petitions_done": 3098,
         "metrics": [("PM2.5浓度", 39, UG, 2017, -14.5, "%", False)]}),
    # a page with menus, share buttons, related articles and a copyright line
    case("site-clutter", None, {"entity": "贵州省", "round": "第二轮",
         "group": "中央第八生态环境保护督察组", "inspection_start": "2021-12-06",
         "inspection_end": "2022-01-06", "feedback_date": "2022-04-12", "tasks_total": 65,
         "measures_total": 296, "tasks_done": ABSENT, "petitions_done": ABSENT,
         "deadlines": [("立行立改", 12, None), ("2022-12-31", 23, None), ("2023-12-31", 18, None),
                       ("长期坚持", 12, None)]}),
    case("site-clutter", None, {"tasks_immediate": 12}, part="immediate"),
    # central enterprise and State Council department
    case("enterprise", None, {"level": "enterprise", "round": "第二轮",
         "group": "中央第六生态环境保护督察组", "inspection_start": "2021-09-01",
         "feedback_date": "2022-01-10", "tasks_total": 40, "measures_total": 152}),
    case("department", None, {"level": "department", "round": "第二轮",
         "inspection_start": "2021-12-07", "inspection_end": "2022-01-07",
         "feedback_date": "2022-04-13", "as_of": "2022-12-31", "tasks_total": 36,
         "tasks_done": 27}),
    # spaces and a line break inside a number and a name
    case("line-break-in-number", None, {"entity": "河南省", "round": "第一轮",
         "inspection_start": "2016-07-16", "feedback_date": "2016-11-16", "as_of": "2019-06-30",
         "problems_total": 64, "problems_done": 51, "problems_in_progress": 13}, part="facts"),
    case("line-break-in-number", None, {"petitions_total": 3120, "petitions_done": 3120},
         part="petitions"),
    # a 回头看 plan published in 2019 that says 今年5月6日
    case("lookback-plan", None, {"round": "第一轮回头看", "group": "中央第二生态环境保护督察组",
         "inspection_start": "2018-11-06", "inspection_end": "2018-12-06",
         "feedback_date": "2019-05-06", "tasks_total": 78, "tasks_immediate": 12,
         "deadlines": [("立行立改", 12, 15.4), ("2019-12-31", 30, None), ("2020-12-31", 24, None),
                       ("长期坚持", 12, None)]}),
    case("lookback-plan", None, {"tasks_done": ABSENT}, part="bucket-not-done"),
    # two rounds in one report
    case("two-rounds", "广东省", {"round": "第一轮", "group": "中央第四环境保护督察组",
         "inspection_start": "2016-11-28", "feedback_date": "2017-04-13", "as_of": "2019-12-31",
         "problems_total": 73, "problems_done": 64}),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "entity", "expected"), SECTION_ROWS)
def test_section(doc: str, entity: str | None, expected: dict) -> None:
    sec = section(parsed(doc), entity)
    for key, value in expected.items():
        if key in IDENTITY:
            assert getattr(sec, key) == value, key
        elif key == "metrics":
            got = [(m.name, m.value, m.unit, m.year, m.change, m.change_unit, m.target)
                   for m in sec.metrics]  # fmt: skip
            assert got == value
        elif key == "deadlines":
            assert [(x.due, x.count, x.share) for x in sec.deadlines] == value
        elif value is ABSENT:
            assert sec.value(key) is None, f"{key} must be absent, got {sec.value(key)}"
        else:
            assert sec.value(key) == value, key


def test_evidence_is_the_stored_text() -> None:
    d = parsed("traditional")
    fact = next(f for f in d.sections[0].facts if f.field == "petitions_done")
    assert d.text[fact.ev.start : fact.ev.end] == fact.ev.evidence
    assert "已辦結" in fact.ev.evidence
    assert d.text[fact.ev.match_start : fact.ev.match_end] == "３０９８件"


def test_empty_text_is_not_an_error() -> None:
    d = parse_text("")
    assert d.sections == []
    assert d.kind is None
