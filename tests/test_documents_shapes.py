"""Whole documents in shapes the bundled corpus lacks: a batch release with provinces as
paragraph leads (in traditional characters), a notice about an unnamed 我市, a round-1
progress report, and a round-3 feedback release."""

from __future__ import annotations

from ducha.parsers.pipeline import parse_text

BATCH_LEADS = """第二輪第四批中央生態環境保護督察整改落實情況公開
發佈時間:2023-05-12
經黨中央、國務院批准,第二輪第四批中央生態環境保護督察組於2021年8月至9月對吉林、山東、湖北、廣東、四川等5省開展督察。
吉林省:截至2022年底,督察反饋的59項整改任務已完成45項,其餘14項正在推進;交辦的3,236件信訪件已辦結3,201件。
山東省:截至2022年12月底,87項整改任務已完成整改66項,21項達到序時進度。2022年全省PM2.5平均濃度為37微克/立方米,同比下降5.1%。
"""

UNNAMED_CITY = """中央第三生态环境保护督察组交办我市第十五批群众信访举报件办理情况
2021-09-10
9月8日,中央第三生态环境保护督察组向我市交办第十五批群众信访举报件12件,其中重复件3件。截至9月9日,已办结5件,正在办理7件。
"""

ROUND_ONE = """浙江省公开中央环境保护督察反馈意见整改落实情况
2019-01-20 来源:浙江日报
2017年8月11日至9月11日,中央第二环境保护督察组对浙江省开展了环境保护督察,并于12月24日反馈了督察意见。截至2018年12月底,督察反馈的46项整改任务已完成40项,其余6项正在有序推进;督察组交办的4212件信访件全部办结,共责令整改2158家,罚款1.2亿元,约谈1042人,问责1325人。
"""

ROUND_THREE = """中央第二生态环境保护督察组向河南省反馈督察情况
发布时间:2024-02-27 09:30
2023年11月21日至12月21日,中央第二生态环境保护督察组对河南省开展第三轮生态环境保护督察。2024年2月26日,督察组向河南省反馈督察情况。督察进驻期间,督察组共收到群众来电来信举报4522件,合并重复举报后,向河南省转办3791件,截至目前,已办结2981件,阶段性办结810件。
"""


def _by_entity(doc):
    return {s.entity: s for s in doc.sections}


def test_batch_release_with_provinces_as_paragraph_leads() -> None:
    doc = parse_text(BATCH_LEADS)
    assert doc.kind == "progress" and doc.published == "2023-05-12"
    secs = _by_entity(doc)
    assert list(secs) == ["第二轮第四批", "吉林省", "山东省"]
    assert secs["第二轮第四批"].batch == 4 and not secs["第二轮第四批"].facts
    jilin, shandong = secs["吉林省"], secs["山东省"]
    assert (jilin.value("tasks_total"), jilin.value("tasks_done")) == (59, 45)
    assert jilin.value("petitions_done") == 3201 and jilin.batch == 4
    assert shandong.value("tasks_on_schedule") == 21
    # the sentence after 山东省's lead, on the same line, is still about 山东省
    assert [(m.name, m.value, m.year) for m in shandong.metrics] == [("PM2.5浓度", 37, 2022)]


def test_unnamed_local_place_is_not_the_nation() -> None:
    doc = parse_text(UNNAMED_CITY)
    assert doc.kind == "stationing" and doc.status == "warning"
    assert any("not named" in p for p in doc.problems)
    (sec,) = doc.sections
    assert sec.entity == "未识别地区" and sec.level == "unknown"
    assert sec.value("petitions_total") == 12  # not 5 from 第十五批
    assert sec.value("petitions_done") == 5 and sec.value("petitions_in_progress") == 7


def test_round_one_progress_report() -> None:
    (sec,) = parse_text(ROUND_ONE).sections
    assert (sec.entity, sec.round, sec.group) == ("浙江省", "第一轮", "中央第二环境保护督察组")
    assert (sec.inspection_start, sec.feedback_date, sec.as_of) == (
        "2017-08-11",
        "2017-12-24",
        "2018-12-31",
    )
    assert sec.value("tasks_in_progress") == 6 and sec.value("petitions_done") == 4212
    assert sec.value("fines_wan") == 12000 and sec.value("accountability_people") == 1325


def test_round_three_feedback_release() -> None:
    doc = parse_text(ROUND_THREE)
    assert doc.kind == "feedback"
    (sec,) = doc.sections
    assert (sec.round, sec.feedback_date) == ("第三轮", "2024-02-26")
    assert sec.value("petitions_received") == 4522 and sec.value("petitions_total") == 3791
    assert sec.value("petitions_phased") == 810


SIGNED_NOTICE = """中共某某省委办公厅关于公开中央生态环境保护督察整改方案的通知
根据督察反馈意见,制定了整改方案,共明确整改任务46项。
中共甘肃省委办公厅
2020年6月2日
版权所有 Copyright 2021 某某网 2021年1月1日
"""


def test_signature_date_is_the_publication_date_when_the_header_has_none() -> None:
    assert parse_text(SIGNED_NOTICE).published == "2020-06-02"
    # a date inside a sentence is not a signature
    assert (
        parse_text(SIGNED_NOTICE.replace("2020年6月2日", "截至2020年6月2日,已完成40项。")).published
        is None
    )


ENFORCEMENT = """河南省公开第二轮中央生态环境保护督察整改落实情况
发布时间:2023-01-10
目前,第二轮督察101项整改任务,已经完成86项、正在推进15项。
2022年,全省累计关停取缔散乱污企业1.2万家,查处环境违法案件3200起,罚款2.3亿元,行政拘留98人。
督察进驻期间,全省责令整改1210家,立案处罚563家,罚款4217.6万元。
"""


def test_short_first_paragraph_and_the_provinces_own_enforcement() -> None:
    (sec,) = parse_text(ENFORCEMENT).sections
    # a short first paragraph is body, not header
    assert (sec.value("tasks_total"), sec.value("tasks_done")) == (101, 86)
    # the province's own enforcement is not the inspection's; the stay's figures are
    assert sec.value("fines_wan") == 4217.6 and sec.value("ordered_rectification") == 1210
    assert sec.value("detained_administrative") is None
