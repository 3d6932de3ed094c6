"""Count rules: one sentence in, the counts it states out.

Each row is one shape of phrasing that real reports use. `expected` maps a field to its
value; a field mapped to `ABSENT` must not be produced; an empty dict means the sentence
must yield no count at all. Like a section, a sentence keeps the first hit per field
(a later hit only wins with a higher rank), so that is what the table checks.
"""

from __future__ import annotations

import pytest

from ducha.parsers.normalise import normalise
from ducha.parsers.rules.counts import count_hits

ABSENT = None


def fields(sentence: str) -> dict[str, int | float]:
    out: dict[str, int | float] = {}
    ranks: dict[str, int] = {}
    for hit in count_hits(normalise(sentence).text):
        if hit.field not in out or hit.rank > ranks[hit.field]:
            out[hit.field] = hit.value
            ranks[hit.field] = hit.rank
    return out


def case(family: str, sentence: str, expected: dict, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, expected, id=family, marks=marks)


def check(sentence: str, expected: dict) -> None:
    got = fields(sentence)
    if not expected:
        assert got == {}, f"expected no count, got {got}"
        return
    for name, value in expected.items():
        if value is ABSENT:
            assert name not in got, f"{name} must be absent, got {got[name]}"
        else:
            assert got.get(name) == value, f"{name}: expected {value}, got {got}"


# ---------------------------------------------------------------- tasks, problems, measures
TASKS = [
    # shapes catalog
    case("tasks/total-done-rest", "整改方案确定的76项整改任务,已完成61项,其余15项正在推进。",
         {"tasks_total": 76, "tasks_done": 61, "tasks_in_progress": 15}),
    case("tasks/on-schedule-behind", "截至2019年6月底,我省89项整改任务已完成54项,30项达到序时进度,5项未达到序时进度。",
         {"tasks_total": 89, "tasks_done": 54, "tasks_on_schedule": 30, "tasks_behind": 5}),
    case("problems/basic-not-done", "督察反馈的47个问题中,已完成整改31个,基本完成3个,其余13个按计划推进。",
         {"problems_total": 47, "problems_done": 31, "problems_in_progress": 13}),
    case("tasks/done-or-basic-together", "截至2020年底,督察反馈的338项整改任务中,已完成或基本完成274项,其余64项正在推进。",
         {"tasks_total": 338, "tasks_done": 274, "tasks_in_progress": 64}),
    case("tasks/done-or-basic-short", "截至2020年底,338项整改任务已完成或基本完成274项。",
         {"tasks_total": 338, "tasks_done": 274}),
    case("tasks/tasks-and-measures", "共梳理形成整改任务120项、具体措施386条。",
         {"tasks_total": 120, "measures_total": 386}),
    case("measures/refined-into", "细化为312项整改措施。", {"measures_total": 312}),
    case("problems/parallel-due-and-done", "需限期整改的49个问题、193条措施,有30个问题、152条措施按时限完成整改。",
         {"problems_total": 49, "measures_total": 193, "problems_done": 30, "measures_done": 152}),
    case("problems/due-all-done", "应完成整改的19个问题已全部完成。", {"problems_done": 19}),
    case("tasks/rate", "整改任务完成率达到87.5%。", {"tasks_rate": 87.5}),
    case("no/achievement-afforestation", "完成造林12万公顷。", {}),
    case("no/output-villages", "完成82个村庄整治。", {}),
    # more shapes of the same facts
    case("tasks/jiezhi-quanjiao", "截止2022年12月底,我区82项整改任务已完成59项,其余23项均按序时进度推进。",
         {"tasks_total": 82, "tasks_done": 59, "tasks_in_progress": 23}),
    case("tasks/province-name-first", "截至目前,黑龙江省91项整改任务已完成77项,14项正在推进。",
         {"tasks_total": 91, "tasks_done": 77, "tasks_in_progress": 14}),
    case("tasks/fullwidth-digits", "湖北省整改方案共有整改任务５３项，已完成４６项。",
         {"tasks_total": 53, "tasks_done": 46}),
    case("tasks/on-schedule-after", "内蒙古自治区整改方案明确的53项整改任务中,已完成44项,达到序时进度9项。",
         {"tasks_total": 53, "tasks_done": 44, "tasks_on_schedule": 9}),
    case("tasks/chinese-numerals", "整改方案确定的五十三项整改任务,已完成四十四项。",
         {"tasks_total": 53, "tasks_done": 44}),
    case("tasks/traditional", "整改任務已完成59項。", {"tasks_done": 59}),
    case("tasks/traditional-total", "整改方案確定的75項整改任務已完成61項,其餘14項正在推進。",
         {"tasks_total": 75, "tasks_done": 61, "tasks_in_progress": 14}),
    case("tasks/noun-before-done", "已完成整改任务59项,正在推进23项。",
         {"tasks_done": 59, "tasks_in_progress": 23}),
    case("tasks/rate-after-counts", "82项整改任务已完成59项,完成率72%。",
         {"tasks_total": 82, "tasks_done": 59, "tasks_rate": 72}),
    case("tasks/overall-rate", "82项整改任务已完成59项,总体完成率72%。",
         {"tasks_total": 82, "tasks_done": 59, "tasks_rate": 72}),
    case("tasks/rate-bare-after-done", "截至目前,已完成整改任务44项,完成率83%。",
         {"tasks_done": 44, "tasks_rate": 83}),
    case("tasks/two-rates", "整改任务完成率为83.0%,信访件办结率为99.8%。",
         {"tasks_rate": 83, "petitions_rate": 99.8}),
    case("tasks/immediate-in-plan", "在46项整改任务中,立行立改的9项。",
         {"tasks_total": 46, "tasks_immediate": 9}),
    case("tasks/immediate-subcount", "共梳理整改任务78项,其中立行立改任务12项。",
         {"tasks_total": 78, "tasks_immediate": 12}),
    case("tasks/due-dated-done", "应于2020年底前完成的32项整改任务已完成30项,2项正在推进。",
         {"tasks_done": 30, "tasks_in_progress": 2}),
    case("tasks/due-dated-is-not-total", "应于2023年底前完成的18项任务已完成16项。",
         {"tasks_total": ABSENT, "tasks_done": 16}),
    case("tasks/due-dated-all-done", "按计划应于2021年底前完成的40项整改任务已全部完成。",
         {"tasks_done": 40, "tasks_total": ABSENT}),
    case("tasks/batch-overview", "截至2022年底,8省(区)整改方案明确的558项整改任务,已完成356项。",
         {"tasks_total": 558, "tasks_done": 356}),
    case("tasks/done-then-subcount-by-year", "82项整改任务中,已完成59项,其中2022年完成21项。",
         {"tasks_total": 82, "tasks_done": 59}),
    case("tasks/not-done-in-time", "截至2021年9月底,43项整改任务完成36项,7项未按期完成。",
         {"tasks_total": 43, "tasks_done": 36, "tasks_behind": 7}),
    case("tasks/done-and-on-schedule", "共完成整改任务67项,达到序时进度的15项。",
         {"tasks_done": 67, "tasks_on_schedule": 15}),
    case("problems/round1-done-in-progress", "第一轮中央环境保护督察反馈的71个问题已整改完成65个,6个正在推进。",
         {"problems_total": 71, "problems_done": 65, "problems_in_progress": 6}),
    case("problems/as-of-inside", "反馈意见涉及的53个问题,截至2021年底已完成整改42个,其余11个正在整改。",
         {"problems_total": 53, "problems_done": 42, "problems_in_progress": 11}),
    case("problems/noun-after-done", "截至2021年底,已完成整改42个问题。", {"problems_done": 42}),
    case("problems/you-N-ge", "完成整改的问题有42个。", {"problems_done": 42}),
    case("problems/list-with-basic", "53个问题中已完成整改42个、基本完成6个、正在整改5个。",
         {"problems_total": 53, "problems_done": 42, "problems_in_progress": 5}),
    case("problems/approx-near", "督察反馈的37个问题,近30个已完成整改。",
         {"problems_total": 37, "problems_done": 30}),
    case("problems/aspects-then-problems", "针对督察反馈的4个方面26个问题,制定78项整改任务。",
         {"problems_total": 26, "tasks_total": 78}),
    case("problems/categories-then-problems", "督察报告反馈的6大类39个问题,已完成整改30个。",
         {"problems_total": 39, "problems_done": 30}),
    case("problems/lookback", '"回头看"反馈的49个问题中,已完成整改35个,正在整改14个。',
         {"problems_total": 49, "problems_done": 35, "problems_in_progress": 14}),
    case("problems/round1-and-lookback", "截至2020年底,第一轮督察及“回头看”反馈的128个问题,已完成整改117个,11个问题未到整改时限。",
         {"problems_total": 128, "problems_done": 117}),
    case("tasks/corps", "新疆生产建设兵团整改方案确定的43项整改任务已完成38项。",
         {"tasks_total": 43, "tasks_done": 38}),
    case("tasks/lookback-region", "宁夏回族自治区“回头看”整改方案明确的42项整改任务中,已完成35项,其余7项达到序时进度。",
         {"tasks_total": 42, "tasks_done": 35, "tasks_on_schedule": 7}),
    case("problems/round3", "截至2023年6月底,第三轮督察反馈的30个问题已完成整改12个,18个正在推进。",
         {"problems_total": 30, "problems_done": 12, "problems_in_progress": 18}),
    case("problems/subcount-done", "反馈问题53个,其中已完成整改42个。",
         {"problems_total": 53, "problems_done": 42}),
    case("problems/measures-done-pair", "督察反馈问题53个,整改措施215条,已完成整改问题42个、措施198条。",
         {"problems_total": 53, "measures_total": 215, "problems_done": 42, "measures_done": 198}),
    case("no/foreign-survey", "全省排查出生态环境问题1200个,已整改1100个。", {}),
    case("no/provincial-inspection", "第二轮省级生态环境保护督察交办信访件2000件,已办结1980件。", {}),
    case("no/green-shield", '"绿盾"专项行动发现问题点位312个,已整改296个。', {}),
    case("no/projects-and-reaches", "实施46个引黄项目,完成20个重点河段整治。", {}),
    case("no/meetings", "召开专题会议12次,开展现场督导36批次。", {}),
    case("no/plan-not-done", "计划2022年底前完成整改任务30项。", {"tasks_done": ABSENT}),
    case("no/bucket-not-done", "在46项整改任务中,立行立改的9项,2021年底前完成的20项、2022年底前完成的12项,长期坚持的5项。",
         {"tasks_total": 46, "tasks_immediate": 9, "tasks_done": ABSENT}),
    case("no/bucket-not-done-plan", "整改方案共明确整改任务78项,其中立行立改任务12项,占15.4%;2019年底前完成的30项,2020年底前完成的24项,长期坚持的12项。",
         {"tasks_total": 78, "tasks_immediate": 12, "tasks_done": ABSENT}),
    case("no/bucket-list-not-done", "立行立改任务12项、2020年底前完成任务25项。",
         {"tasks_immediate": 12, "tasks_done": ABSENT}),
]  # fmt: skip

# ---------------------------------------------------------------- petitions
PETITIONS = [
    case("petitions/done-phased", "交办的2688件群众信访举报件已办结2651件,阶段性办结37件。",
         {"petitions_total": 2688, "petitions_done": 2651, "petitions_phased": 37}),
    case("petitions/all-done", "督察组转办的1460件信访件全部办结。",
         {"petitions_total": 1460, "petitions_done": 1460}),
    case("petitions/received-handed", "累计受理群众来电来信举报5321件,向我省交办4102件。",
         {"petitions_received": 5321, "petitions_total": 4102}),
    case("petitions/rate", "信访件办结率98.7%。", {"petitions_rate": 98.7}),
    case("petitions/rate-100", "信访件办结率为100%。", {"petitions_rate": 100}),
    case("petitions/rectification-rate-after", "督察组交办的1500件信访件已办结1455件,整改完成率97%。",
         {"petitions_total": 1500, "petitions_done": 1455, "petitions_rate": 97}),
    case("petitions/rectification-rate-named", "群众信访举报件整改完成率97%。", {"petitions_rate": 97}),
    case("no/rate-without-subject", "整改完成率97%。", {}),
    case("petitions/thousands-comma", "督察组交办的3,120件信访件已全部办结。",
         {"petitions_total": 3120, "petitions_done": 3120}),
    case("petitions/plain", "督察组交办的3120件信访件已全部办结。",
         {"petitions_total": 3120, "petitions_done": 3120}),
    case("petitions/chinese-numerals", "督察组交办的三千一百二十件信访件已全部办结。",
         {"petitions_total": 3120, "petitions_done": 3120}),
    case("petitions/yu", "督察组交办的3120余件信访件已全部办结。",
         {"petitions_total": 3120, "petitions_done": 3120}),
    case("petitions/wan-yu", "督察组交办的1.2万余件信访件已全部办结。",
         {"petitions_total": 12000, "petitions_done": 12000}),
    case("petitions/wan-both", "督察组交办的2万件群众举报件已办结1.96万件。",
         {"petitions_total": 20000, "petitions_done": 19600}),
    case("petitions/space-in-number", "2018年“回头看”交办的3 123件信访件已办结3 120件。",
         {"petitions_total": 3123, "petitions_done": 3120}),
    case("petitions/traditional", "督察組交辦的3123件信訪件已辦結3120件。",
         {"petitions_total": 3123, "petitions_done": 3120}),
    case("petitions/in-progress-before", "督察组交办的3123件信访件,已办结3120件,正在办理3件。",
         {"petitions_total": 3123, "petitions_done": 3120, "petitions_in_progress": 3}),
    case("petitions/in-progress-after", "督察组交办的3123件信访件,已办结3120件,3件正在办理。",
         {"petitions_total": 3123, "petitions_done": 3120, "petitions_in_progress": 3}),
    case("petitions/noun-before", "督察组转办的群众信访举报件4102件,已办结4036件,阶段性办结66件。",
         {"petitions_total": 4102, "petitions_done": 4036, "petitions_phased": 66}),
    case("petitions/noun-before-all-done", "群众信访举报件4102件全部办结。",
         {"petitions_total": 4102, "petitions_done": 4102}),
    case("petitions/complaints", "群众投诉举报2350件,已办结2298件。",
         {"petitions_total": 2350, "petitions_done": 2298}),
    case("petitions/complaints-all-done", "督察组转办的投诉举报2350件已全部办结。",
         {"petitions_total": 2350, "petitions_done": 2350}),
    case("petitions/received-valid-handed", "督察组共受理群众来电来信举报1.8万余件,受理有效举报1.5万件,向我省交办1.2万余件。",
         {"petitions_received": 18000, "petitions_valid": 15000, "petitions_total": 12000}),
    case("petitions/received-only", "进驻期间,累计收到群众信访举报4.2万余件。",
         {"petitions_received": 42000, "petitions_total": ABSENT}),
    case("petitions/done-rate-in-one", "督察组交办的2,867件群众信访举报件,已办结2,860件,阶段性办结7件,办结率99.8%。",
         {"petitions_total": 2867, "petitions_done": 2860, "petitions_phased": 7, "petitions_rate": 99.8}),
    case("petitions/rectified", "督察组交办的2,100件信访件已完成整改2,050件。",
         {"petitions_total": 2100, "petitions_done": 2050}),
    case("petitions/report-problems", "督察组交办群众举报问题1,024件。", {"petitions_total": 1024}),
    case("petitions/done-noun-after", "已办结群众信访举报3,045件。", {"petitions_done": 3045}),
    case("petitions/true-in-part-not-done", "督察组转办的3123件信访件中,属实或部分属实1,980件。",
         {"petitions_total": 3123, "petitions_done": ABSENT}),
    case("petitions/round1-2016", "2016年中央环境保护督察组交办的2,682件群众举报件已全部办结。",
         {"petitions_total": 2682, "petitions_done": 2682}),
    case("petitions/lookback-2018", "2018年中央生态环境保护督察“回头看”期间交办的4,563件信访件,已办结4,549件,阶段性办结14件。",
         {"petitions_total": 4563, "petitions_done": 4549, "petitions_phased": 14}),
    case("petitions/round3-forwarded", "第三轮中央生态环境保护督察进驻期间,督察组共转办群众信访举报2,310件,已办结1,980件。",
         {"petitions_total": 2310, "petitions_done": 1980}),
    case("petitions/same-number-rate", "督察组交办的1,388件信访件已办结1,388件,办结率100%。",
         {"petitions_total": 1388, "petitions_done": 1388, "petitions_rate": 100}),
    case("petitions/comma-before-all-done", "中央环境保护督察组交办的2,866件环境信访件,已全部办结。",
         {"petitions_total": 2866, "petitions_done": 2866}),
    case("petitions/approx-done", "督察组交办的约3000件信访件已办结。",
         {"petitions_total": 3000, "petitions_done": 3000}),
    case("petitions/total-after-all-done", "督察组转办的群众信访举报件已全部办结,共计1,460件。",
         {"petitions_total": 1460, "petitions_done": 1460}),
    case("tasks/total-after-all-done", "督察组交办的整改任务已全部完成,共计36项。",
         {"tasks_total": 36, "tasks_done": 36}),
    case("no/total-after-all-done-without-noun", "今年以来已全部完成,共计3项。", {}),
    case("no/total-after-all-done-when-a-count-came-first",
         "督察组转办的12件信访件已全部办结,共计1,460件。",
         {"petitions_total": 12, "petitions_done": 12}),
    case("petitions/subcount-done", "督察组交办的信访件3123件,其中已办结3120件,阶段性办结3件。",
         {"petitions_total": 3123, "petitions_done": 3120, "petitions_phased": 3}),
    case("petitions/bracket-phased", "交办的3123件信访件已办结3120件(含阶段性办结15件)。",
         {"petitions_total": 3123, "petitions_done": 3120}),
    case("petitions/done-bracket-no-total", "交办的信访件中,已办结3120件(含阶段性办结15件)。",
         {"petitions_done": 3120}),
]  # fmt: skip

# ---------------------------------------------------------------- stationing enforcement
STATIONING = [
    case("stationing/full-list", "责令整改1210家,立案处罚563家,罚款4217.6万元;立案侦查39件,行政拘留25人、刑事拘留17人;约谈312人,问责208人。",
         {"ordered_rectification": 1210, "penalty_cases": 563, "fines_wan": 4217.6, "criminal_cases": 39,
          "detained_administrative": 25, "detained_criminal": 17, "interviewed_people": 312,
          "accountability_people": 208}),
    case("stationing/fine-yi", "罚款约1.32亿元。", {"fines_wan": 13200}),
    case("stationing/fine-yi-amount", "罚款金额达2.63亿元。", {"fines_wan": 26300}),
    case("stationing/fine-confiscation", "罚没款3250万元。", {"fines_wan": 3250}),
    case("no/planned-interview", "计划约谈120人。", {}),
    case("no/planned-accountability", "拟问责35人。", {}),
    case("no/will-interview", "将约谈23人。", {}),
    case("no/planned-accountability-object", "拟对36名责任人进行问责。", {"accountability_people": ABSENT}),
    case("no/plan-accountability-year", "计划问责118人。", {}),
    case("stationing/detained-total", "进驻期间,全省共责令整改企业2370家,立案处罚1045家,罚款6238.5万元,立案侦查53件,拘留47人,约谈325人,问责618人。",
         {"ordered_rectification": 2370, "penalty_cases": 1045, "fines_wan": 6238.5, "criminal_cases": 53,
          "detained": 47, "interviewed_people": 325, "accountability_people": 618}),
    case("stationing/penalty-approx-fine", "共立案处罚企业1045家,罚款约6238万元。",
         {"penalty_cases": 1045, "fines_wan": 6238}),
    case("stationing/interview-cadres", "约谈党政领导干部156人。", {"interviewed_people": 156}),
    case("stationing/interview-and-accountability", "共约谈相关人员156人、问责243人。",
         {"interviewed_people": 156, "accountability_people": 243}),
    case("stationing/thousands-and-subcount", "督察期间,全省共约谈1,256人,问责1,032人,其中县处级以上干部216人。",
         {"interviewed_people": 1256, "accountability_people": 1032}),
    case("stationing/biandubiangai", "边督边改期间,共关停取缔企业2,036家,责令整改企业5,172家,立案处罚3,011家,罚款1.08亿元。",
         {"ordered_rectification": 5172, "penalty_cases": 3011, "fines_wan": 10800}),
    case("stationing/detained-split-after-total", "边督边改期间,共拘留113人,其中行政拘留98人,刑事拘留15人。",
         {"detained": 113, "detained_administrative": 98, "detained_criminal": 15}),
    case("stationing/detained-combined", "进驻期间立案侦查案件126件,行政和刑事拘留98人。",
         {"criminal_cases": 126, "detained": 98, "detained_criminal": ABSENT}),
    case("no/special-action-fine", "“利剑斩污”专项行动立案查处环境违法案件1,320件,罚款8,600万元。",
         {"fines_wan": ABSENT}),
    case("no/cumulative-since", "自2016年以来,全省累计问责1.2万余人。", {"accountability_people": ABSENT}),
]  # fmt: skip

# ---------------------------------------------------------------- accountability
ACCOUNTABILITY = [
    case("accountability/issues-units-people", "对督察组移交的6个责任追究问题,共问责单位15个、人员97名。",
         {"accountability_issues": 6, "accountability_units": 15, "accountability_people": 97}),
    case("accountability/subcount-cadres", "对43个责任单位、151名责任人严肃追责问责,其中厅级干部9人。",
         {"accountability_units": 43, "accountability_people": 151}),
    case("accountability/clues-tiao", "移交的5条问责线索。", {"accountability_issues": 5}),
    case("accountability/issues-qi", "督察组移交的5起生态环境损害责任追究问题。", {"accountability_issues": 5}),
    case("accountability/issues-jian", "督察组移交的5件责任追究问题线索。", {"accountability_issues": 5}),
    case("accountability/issues-people", "督察组移交的7个生态环境损害责任追究问题,共问责194人。",
         {"accountability_issues": 7, "accountability_people": 194}),
    case("accountability/units-people-two-subcounts", "按照督察组移交的生态环境损害责任追究问题,对23个单位、108名责任人进行问责,其中厅级干部12人、处级干部41人。",
         {"accountability_units": 23, "accountability_people": 108}),
    case("accountability/people-subcount", "共问责党员干部108人,其中厅级干部12人。", {"accountability_people": 108}),
    case("accountability/people-subcount-referral", "对214名责任人进行问责,其中移送司法机关12人。",
         {"accountability_people": 214}),
    case("accountability/people-subcount-levels", "全省共问责2376人,其中厅级干部37人,处级干部385人。",
         {"accountability_people": 2376}),
    case("accountability/units-noun-before", "共有责任单位43个,追责问责151人。",
         {"accountability_units": 43, "accountability_people": 151}),
    case("accountability/people-passive", "按照有关规定,对96名责任人员进行了问责,其中厅级干部4人、处级干部33人。",
         {"accountability_people": 96}),
    case("accountability/issues-thousands", "对中央环保督察组移交的22个责任追究问题,共问责1,016人。",
         {"accountability_issues": 22, "accountability_people": 1016}),
    case("accountability/clues-noun-before", "移交问题线索5件。", {"accountability_issues": 5}),
    case("accountability/clues-noun-before-not-problems", "督察组移交责任追究问题线索12个,已全部完成问责。",
         {"accountability_issues": 12, "problems_total": ABSENT}),
    case("accountability/issues-handed-to-us", "督察组向我省移交生态环境损害责任追究问题8个,涉及问责人员近200人。",
         {"accountability_issues": 8, "accountability_people": 200, "problems_total": ABSENT}),
]  # fmt: skip

# ---------------------------------------------------------------- typical cases
CASES = [
    case("cases/done-rest", "督察期间曝光的4个典型案例已完成整改1个,其余3个正在整改。",
         {"cases_total": 4, "cases_done": 1, "cases_in_progress": 3}),
    case("cases/all-done", "督察期间曝光的3个典型案例均已完成整改。", {"cases_total": 3, "cases_done": 3}),
    case("cases/notified-all-done", "生态环境部通报的12个典型案例均已完成整改。",
         {"cases_total": 12, "cases_done": 12}),
    case("no/cases-good-practice", "总结形成45个典型案例。", {}),
    case("cases/noun-before-rest", "中央生态环境保护督察组先后公开曝光典型案例8个,目前已完成整改5个,其余3个正在按序时推进。",
         {"cases_total": 8, "cases_done": 5, "cases_in_progress": 3}),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), TASKS)
def test_tasks_problems_measures(sentence: str, expected: dict) -> None:
    check(sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), PETITIONS)
def test_petitions(sentence: str, expected: dict) -> None:
    check(sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), STATIONING)
def test_stationing_enforcement(sentence: str, expected: dict) -> None:
    check(sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), ACCOUNTABILITY)
def test_accountability(sentence: str, expected: dict) -> None:
    check(sentence, expected)


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_typical_cases(sentence: str, expected: dict) -> None:
    check(sentence, expected)


def test_hit_spans_cover_the_number() -> None:
    sentence = normalise("督察组交办的3,123件信访件已办结3,120件。").text
    hits = {h.field: h for h in count_hits(sentence)}
    assert sentence[hits["petitions_total"].start : hits["petitions_total"].end] == "3123件"
    assert sentence[hits["petitions_done"].start : hits["petitions_done"].end] == "3120件"


def test_specific_measures_outrank_grouped_ones() -> None:
    hits = count_hits(normalise("整改方案分为五方面19项整改措施,细化为96项具体整改措施。").text)
    best = max((h for h in hits if h.field == "measures_total"), key=lambda h: h.rank)
    assert best.value == 96


def test_done_or_phased_together_is_done() -> None:
    # the gold convention: one figure for 办结 and 阶段办结 together is done
    got = fields("截至12月21日,合并重复举报后向被督察地方转办13441件,地方已办结或阶段办结11457件。")
    assert got.get("petitions_total") == 13441
    assert got.get("petitions_done") == 11457 and "petitions_phased" not in got


def test_kinds_of_problems_are_not_the_total() -> None:
    got = fields(
        "针对督察反馈意见提出的26个共性问题、6个个性问题和交办的404件群众举报件,市委、市政府照单全收。"
    )
    assert "problems_total" not in got
    assert got.get("petitions_total") == 404


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("整改任务总数:82项;已完成:59项;推进中:23项。",
                     {"tasks_total": 82, "tasks_done": 59, "tasks_in_progress": 23}, id="label/tasks"),
        pytest.param("反馈问题:53个,已完成整改:25个,未达序时进度:2个。",
                     {"problems_total": 53, "problems_done": 25, "problems_behind": 2}, id="label/problems"),
        pytest.param("交办信访件数量:3321件,已办结:3177件。",
                     {"petitions_total": 3321, "petitions_done": 3177}, id="label/petitions"),
        pytest.param("“回头看”反馈意见共梳理出问题45个,制定整改措施136项。",
                     {"problems_total": 45, "measures_total": 136}, id="problems/sorted-out"),
        pytest.param("时间:2023年5月,完成:12项", {}, id="no/label-without-subject"),
    ],
)  # fmt: skip
def test_label_and_value(sentence: str, expected: dict) -> None:
    check(sentence, expected)
