"""Count tables flattened into text: `|` rows, one cell per line between bar lines, and the
tab rows load.py makes of an HTML table. A row keyed by a place gives that place's figures, a
合计 row the subject's, a date by the caption the as-of date; a table the reader is not sure
of yields nothing. Places are real, numbers invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from ducha.parsers.model import ParsedDocument, Section
from ducha.parsers.pipeline import parse_bytes, parse_path, parse_text
from ducha.parsers.rules.tables import table_reads

HEAD = "江西省公开第二轮中央生态环境保护督察交办件办理情况\n发布时间:2021-05-08\n"
LEAD = "中央第一生态环境保护督察组于2021年4月6日至5月6日对江西省开展第二轮督察。\n"
LEDGER_PAGE = Path(__file__).parent / "fixtures" / "ledgers" / "吉林省整改任务完成情况.html"


def _doc(text: str) -> ParsedDocument:
    doc = parse_text(text)
    assert not any("failed" in p for p in doc.problems), doc.problems
    return doc


def _facts(doc: ParsedDocument) -> dict[str, dict[str, float]]:
    return {s.entity: {f.field: f.value for f in s.facts} for s in doc.sections}


def _section(doc: ParsedDocument, entity: str) -> Section:
    return next(s for s in doc.sections if s.entity == entity)


# --------------------------------------------------------------------------- shapes read

BAR_TABLE = (
    HEAD + LEAD + "表1 各设区市交办件办理情况(统计截止时间:2021年5月6日18:00)\n"
    "| 设区市 | 交办件数 | 已办结 | 阶段性办结 |\n"
    "|---|---|---|---|\n"
    "| 南昌市 | 320 | 300 | 20 |\n"
    "| 九江 | 1,210 | 1,200 | 10 |\n"
    "| 合计 | 1530 | 1500 | 30 |\n"
    "各地将继续做好信访件办理工作。\n"
)


def test_bar_rows_give_each_place_its_figures_and_the_total_row_the_subjects() -> None:
    doc = _doc(BAR_TABLE)
    facts = _facts(doc)
    assert facts["南昌市"] == {
        "petitions_total": 320,
        "petitions_done": 300,
        "petitions_phased": 20,
    }
    # a short name (九江) is the city; thousands separators are read through
    assert facts["九江市"] == {
        "petitions_total": 1210,
        "petitions_done": 1200,
        "petitions_phased": 10,
    }
    assert facts["江西省"] == {
        "petitions_total": 1530,
        "petitions_done": 1500,
        "petitions_phased": 30,
    }
    city = _section(doc, "九江市")
    assert (city.level, city.parent, city.round) == ("city", "江西省", "第二轮")


def test_the_caption_date_is_the_as_of_date_of_the_tables_sections() -> None:
    doc = _doc(BAR_TABLE)
    assert {s.entity: s.as_of for s in doc.sections} == {
        "江西省": "2021-05-06",
        "南昌市": "2021-05-06",
        "九江市": "2021-05-06",
    }


def test_each_facts_evidence_is_its_row_in_the_stored_text() -> None:
    doc = _doc(BAR_TABLE)
    fact = next(f for f in _section(doc, "九江市").facts if f.field == "petitions_done")
    ev = fact.ev
    assert doc.text[ev.start : ev.end] == ev.evidence == "| 九江 | 1,210 | 1,200 | 10 |"
    assert doc.text[ev.match_start : ev.match_end] == "1,200"
    city = _section(doc, "九江市")  # the layout reads the row as a menu row: no sentence
    assert doc.text[city.start : city.end] == ev.evidence


def test_rows_without_outer_bars_and_full_width_bars() -> None:
    text = (
        HEAD + LEAD + "截至2021年5月6日,各设区市办理情况如下:\n"
        "设区市 ｜ 交办件数 ｜ 已办结\n"
        "上饶市 ｜ ８６ ｜ ８０\n"
        "赣州市 ｜ 40 ｜ 38\n"
    )
    doc = _doc(text)
    facts = _facts(doc)
    assert facts["上饶市"] == {"petitions_total": 86, "petitions_done": 80}
    assert facts["赣州市"] == {"petitions_total": 40, "petitions_done": 38}
    assert _section(doc, "赣州市").as_of == "2021-05-06"


CELL_TABLE = (
    HEAD + "各县区交办件统计(截至2021年5月6日)\n序号\n|\n县区\n|\n交办件数\n|\n已办结\n"
    "1\n|\n南昌县\n|\n86\n|\n80\n2\n|\n进贤县\n|\n40\n|\n38\n"
)


def test_one_cell_per_line_between_bar_lines() -> None:
    doc = _doc(CELL_TABLE)
    facts = _facts(doc)
    assert facts["南昌县"] == {"petitions_total": 86, "petitions_done": 80}
    assert facts["进贤县"] == {"petitions_total": 40, "petitions_done": 38}
    county = _section(doc, "南昌县")
    assert (county.level, county.parent, county.as_of) == ("county", "南昌市", "2021-05-06")
    ev = county.facts[0].ev
    assert doc.text[ev.start : ev.end] == "1\n|\n南昌县\n|\n86\n|\n80"
    assert doc.text[ev.match_start : ev.match_end] == "86"


def test_one_cell_per_line_with_bars_between_rows_too() -> None:
    text = (
        HEAD + "各县区交办件统计(截至2021年5月6日)\n县区\n|\n交办件数\n|\n已办结\n|\n"
        "南昌县\n|\n86\n|\n80\n|\n进贤县\n|\n40\n|\n38\n以上为交办件办理情况。\n"
    )
    facts = _facts(_doc(text))
    assert facts["南昌县"] == {"petitions_total": 86, "petitions_done": 80}
    assert facts["进贤县"] == {"petitions_total": 40, "petitions_done": 38}


HTML_TABLE = """<html><head><title>江西省交办件办理情况</title></head><body>
<h1>江西省公开第二轮中央生态环境保护督察交办件办理情况</h1>
<p>中央第一生态环境保护督察组于2021年4月6日进驻江西省。</p>
<table><caption>各设区市交办件办理情况(截至2021年5月6日)</caption>
<tr><th>设区市</th><th>交办件数</th><th>已办结</th><th>办结率</th></tr>
<tr><td>南昌市</td><td>320</td><td>300</td><td>93.8%</td></tr>
<tr><td>九江市</td><td>210</td><td>200</td><td>95.2%</td></tr>
<tr><td>合计</td><td>530</td><td>500</td><td>94.3%</td></tr>
</table><p>各地将继续做好信访件办理工作。</p></body></html>"""


def test_an_html_table_is_read_from_the_text_load_makes_of_it() -> None:
    doc = parse_bytes(HTML_TABLE.encode(), "交办件.html")
    assert "南昌市\t320\t300" in doc.text  # load.py writes a cell and a tab
    facts = _facts(doc)
    assert facts["南昌市"] == {
        "petitions_total": 320,
        "petitions_done": 300,
        "petitions_rate": 93.8,
    }
    assert facts["九江市"]["petitions_done"] == 200
    assert facts["江西省"] == {
        "petitions_total": 530,
        "petitions_done": 500,
        "petitions_rate": 94.3,
    }
    assert _section(doc, "九江市").as_of == "2021-05-06"
    assert not doc.tasks  # not a task list


def test_an_html_row_with_an_empty_cell_at_its_start_or_end_is_left_out_alone() -> None:
    # load.py writes no tab for an empty cell opening or closing a row: the 合计 row (empty
    # 序号) and 九江市's (empty 备注) are short, and which cell they lack is unknown
    page = """<html><body><h1>江西省公开第二轮中央生态环境保护督察交办件办理情况</h1>
<p>截至2021年5月6日,各设区市交办件办理情况如下。</p><table>
<tr><th>序号</th><th>设区市</th><th>交办件数</th><th>已办结</th><th>备注</th></tr>
<tr><td>1</td><td>南昌市</td><td>320</td><td>300</td><td>含赣江新区</td></tr>
<tr><td>2</td><td>九江市</td><td>210</td><td>200</td><td></td></tr>
<tr><td>3</td><td>上饶市</td><td>90</td><td>88</td><td>无</td></tr>
<tr><td></td><td>合计</td><td>620</td><td>588</td><td>无</td></tr>
</table></body></html>"""
    doc = parse_bytes(page.encode(), "交办件.html")
    facts = _facts(doc)
    assert facts["南昌市"] == {"petitions_total": 320, "petitions_done": 300}
    assert facts["上饶市"] == {"petitions_total": 90, "petitions_done": 88}
    assert "九江市" not in facts
    assert "petitions_total" not in facts.get("江西省", {})


def test_enforcement_figures_of_a_stationing_table() -> None:
    text = (
        "浙江省公布中央生态环境保护督察边督边改情况\n发布时间:2024-06-01\n"
        "中央第三生态环境保护督察组于2024年5月8日进驻浙江省。\n"
        "| 设区市 | 责令整改(家) | 立案处罚(家) | 罚款金额(万元) | 约谈(人) | 问责(人) |\n"
        "| 杭州市 | 121 | 56 | 421.6 | 31 | 20 |\n"
        "| 宁波市 | 98 | 40 | 310 | 12 | 9 |\n"
    )
    facts = _facts(_doc(text))
    assert facts["杭州市"] == {
        "ordered_rectification": 121,
        "penalty_cases": 56,
        "fines_wan": 421.6,
        "interviewed_people": 31,
        "accountability_people": 20,
    }
    assert facts["宁波市"]["fines_wan"] == 310


def test_a_title_naming_no_list_takes_the_one_the_others_name() -> None:
    text = (
        "湖南省第二轮中央生态环境保护督察整改进展\n发布时间:2023-10-10\n"
        "截至2023年9月底,各市州整改任务完成情况如下:\n"
        "| 序号 | 市州 | 整改任务数 | 已完成 | 正在推进 |\n"
        "| 1 | 株洲市 | 30 | 21 | 9 |\n"
        "| 2 | 湘潭 | 25 | 17 | 8 |\n"
    )
    doc = _doc(text)
    facts = _facts(doc)
    assert facts["株洲市"] == {"tasks_total": 30, "tasks_done": 21, "tasks_in_progress": 9}
    assert facts["湘潭市"] == {"tasks_total": 25, "tasks_done": 17, "tasks_in_progress": 8}
    assert _section(doc, "湘潭市").as_of == "2023-09-30"


def test_a_date_on_the_line_below_the_table() -> None:
    text = (
        HEAD + "| 设区市 | 交办件数 | 已办结 |\n| 萍乡市 | 60 | 58 |\n| 新余市 | 44 | 44 |\n"
        "注:数据统计截至2021年5月6日。\n"
    )
    assert _section(_doc(text), "萍乡市").as_of == "2021-05-06"


def test_a_short_name_shared_with_a_province_is_the_city_among_cities() -> None:
    text = (
        "吉林省公开第二轮中央生态环境保护督察交办件办理情况\n发布时间:2021-09-30\n"
        "| 市州 | 交办件数 | 已办结 |\n| 长春 | 300 | 290 |\n| 吉林 | 120 | 118 |\n"
        "| 四平 | 80 | 80 |\n"
    )
    facts = _facts(_doc(text))
    assert facts["吉林市"] == {"petitions_total": 120, "petitions_done": 118}
    assert "petitions_total" not in facts.get("吉林省", {})


def test_a_total_in_the_number_column_of_a_numbered_table() -> None:
    text = (
        HEAD + "| 序号 | 设区市 | 交办件数 | 已办结 |\n| 1 | 宜春市 | 70 | 66 |\n"
        "| 2 | 吉安市 | 50 | 49 |\n| 合计 | | 120 | 115 |\n"
    )
    facts = _facts(_doc(text))
    assert facts["江西省"] == {"petitions_total": 120, "petitions_done": 115}


def test_a_row_contradicting_a_stated_figure_leaves_that_list_to_the_sentence() -> None:
    text = (
        HEAD + LEAD + "截至5月6日,南昌市累计交办信访件400件。\n"
        "| 设区市 | 交办件数 | 已办结 |\n| 南昌市 | 320 | 300 |\n| 九江市 | 210 | 200 |\n"
    )
    facts = _facts(_doc(text))
    assert facts["南昌市"] == {"petitions_total": 400}  # 300 done of 320, not of 400
    assert facts["九江市"] == {"petitions_total": 210, "petitions_done": 200}


# --------------------------------------------------------------------------- left out


def _table_facts(text: str) -> list[tuple[str | None, str, float]]:
    return [
        (h.place.name if h.place else None, h.field, h.value)
        for read in table_reads(text)
        for h in read.hits
    ]


@pytest.mark.parametrize(
    "table",
    [
        # rows that are not places
        "| 问题类型 | 交办件数 | 已办结 |\n| 大气 | 120 | 110 |\n| 水 | 80 | 76 |\n| 土壤 | 12 | 12 |",
        # titles that name no count
        "| 设区市 | 面积(平方公里) | 常住人口(万人) |\n| 南昌市 | 7195 | 656 |\n| 九江市 | 19085 | 456 |",
        # ragged: a cell lost, every figure after it would shift
        "| 设区市 | 交办件数 | 已办结 |\n| 南昌市 | 320 | 300 |\n| 九江市 | 200 |\n| 上饶市 | 90 | 88 |",
        # titles over two rows
        "| 设区市 | 信访件 | 信访件 |\n| 地区 | 交办件数 | 已办结 |\n| 南昌市 | 320 | 300 |",
        # one day's batch, and one channel, are not the places' totals
        "| 设区市 | 今日交办 | 来电举报 |\n| 南昌市 | 12 | 9 |\n| 九江市 | 7 | 5 |",
        # two columns giving the same field: neither
        "| 设区市 | 交办件数 | 累计交办 |\n| 南昌市 | 320 | 330 |\n| 九江市 | 210 | 215 |",
        # a unit that does not fit: fines in 元, 问责 counting neither people nor units
        "| 设区市 | 罚款(元) | 问责 |\n| 南昌市 | 4210000 | 20 |\n| 九江市 | 3100000 | 9 |",
    ],
)
def test_tables_the_reader_is_not_sure_of_yield_nothing(table: str) -> None:
    assert _table_facts(HEAD + table + "\n") == []
    doc = _doc(HEAD + table + "\n")
    assert {s.entity for s in doc.sections} <= {"江西省"}


@pytest.mark.parametrize(
    ("table", "kept"),
    [
        # 已完成 of which list, tasks or petitions?
        ("| 设区市 | 整改任务数 | 交办件数 | 已完成 |\n| 南昌市 | 30 | 320 | 25 |",
         [("南昌市", "tasks_total", 30), ("南昌市", "petitions_total", 320)]),
        # 基本完成 alone is not the done figure
        ("| 设区市 | 整改任务数 | 基本完成 |\n| 南昌市 | 30 | 25 |",
         [("南昌市", "tasks_total", 30)]),
        # a percentage in a count column drops the column; a range, a dash or an
        # approximation is not a plain count
        ("| 设区市 | 交办件数 | 已办结 |\n| 南昌市 | 320 | 93.8% |\n| 九江市 | 80-86 | 200 |\n"
         "| 上饶市 | — | 88 |\n| 抚州市 | 约60 | 50 |",
         [("南昌市", "petitions_total", 320)]),
    ],
)  # fmt: skip
def test_columns_and_cells_the_reader_is_not_sure_of_are_skipped(
    table: str, kept: list[tuple[str, str, int]]
) -> None:
    assert _table_facts(HEAD + table + "\n") == kept


def test_a_table_right_under_another_is_not_read_with_the_first_ones_titles() -> None:
    text = (
        HEAD + "| 设区市 | 交办件数 | 已办结 |\n| 南昌市 | 320 | 300 |\n"
        "| 设区市 | 整改任务数 | 已完成 |\n| 九江市 | 45 | 40 |\n\n"
        "| 设区市 | 整改任务数 | 已完成 |\n| 上饶市 | 30 | 28 |\n"
    )
    assert _table_facts(text) == [
        ("南昌市", "petitions_total", 320),
        ("南昌市", "petitions_done", 300),
        ("上饶市", "tasks_total", 30),
        ("上饶市", "tasks_done", 28),
    ]


def test_plain_prose_with_bars_yields_nothing() -> None:
    text = (
        "首页 | 政务公开 | 南昌市 | 九江市 | 上饶市\n" + HEAD.split("\n")[0] + "\n"
        "来源:江西日报 | 发布时间:2021-05-08 | 浏览次数:320\n"
        "南昌市 | 九江市 | 赣州市\n"
        "督察组交办的320件信访件已办结300件。\n"
        "全文 | 江西省第二轮中央生态环境保护督察整改方案\n"
    )
    assert table_reads(text) == []
    doc = _doc(text)
    assert not [f for s in doc.sections for f in s.facts if "|" in f.ev.evidence]


def test_a_total_row_whose_subject_is_unclear_is_left_out() -> None:
    # the text is about 浙江省 and the table's rows are 江西's cities: whose 合计?
    text = (
        "浙江省公布中央生态环境保护督察交办件办理情况\n发布时间:2021-05-08\n"
        "浙江省交办件办理情况见下表。\n"
        "| 设区市 | 交办件数 | 已办结 |\n| 南昌市 | 320 | 300 |\n| 九江市 | 210 | 200 |\n"
        "| 合计 | 530 | 500 |\n"
    )
    facts = _facts(_doc(text))
    assert facts["南昌市"] == {"petitions_total": 320, "petitions_done": 300}
    assert "petitions_total" not in facts.get("浙江省", {})


def test_a_task_list_is_left_to_the_ledger_reader() -> None:
    before = table_reads(parse_path(LEDGER_PAGE).text)
    assert before == []
    doc = parse_path(LEDGER_PAGE)
    assert len(doc.tasks) == 6
    assert _facts(doc) == {"吉林省": {"tasks_total": 6, "tasks_done": 4, "tasks_in_progress": 2}}


def test_a_count_table_beside_a_task_list_in_one_page() -> None:
    page = """<html><head><title>江西省整改任务完成情况</title></head><body>
<h1>江西省第二轮中央生态环境保护督察整改任务完成情况</h1>
<p>截至2023年6月30日,全省整改任务完成情况如下。</p>
<table><tr><th>序号</th><th>反馈问题</th><th>整改任务</th><th>责任单位</th><th>整改时限</th>
<th>完成情况</th></tr>
<tr><td>1</td><td>南昌市污水管网建设滞后</td><td>完成城区管网改造50公里</td><td>南昌市人民政府</td>
<td>2022年底前</td><td>已完成</td></tr>
<tr><td>2</td><td>九江市长江岸线违规码头</td><td>拆除违规码头12座</td><td>九江市人民政府</td>
<td>立行立改</td><td>正在推进</td></tr></table>
<p>各设区市交办件办理情况(截至2023年6月30日)</p>
<table><tr><th>设区市</th><th>交办件数</th><th>已办结</th></tr>
<tr><td>南昌市</td><td>320</td><td>300</td></tr><tr><td>九江市</td><td>210</td><td>200</td></tr>
</table></body></html>"""
    doc = parse_bytes(page.encode(), "江西省整改任务完成情况.html")
    assert [t["title"] for t in doc.tasks] == ["完成城区管网改造50公里", "拆除违规码头12座"]
    facts = _facts(doc)
    assert facts["南昌市"] == {"petitions_total": 320, "petitions_done": 300}
    assert facts["九江市"] == {"petitions_total": 210, "petitions_done": 200}
    assert _section(doc, "南昌市").as_of == "2023-06-30"
