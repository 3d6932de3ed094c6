"""Ledgers in the shapes real task lists take, read into rows; the tasks table; bad input."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from ledger_fixtures import (
    CSV_LEDGER,
    HTML_LEDGER,
    SHANXI_ROWS,
    SHANXI_SHEET2,
    write_corrupt_xlsx,
    write_empty_xlsx,
    write_encrypted_xlsx,
    write_no_header_xlsx,
    write_shanxi_xlsx,
)

from ducha.parsers.ledger import headers
from ducha.parsers.ledger.tables import html_grids
from ducha.parsers.pipeline import parse_path


def rows_of(doc) -> list[tuple]:
    return [(t["title"], t["unit"], t["due"], t["status"]) for t in doc.tasks]


def test_html_page_with_two_tables_and_merged_cells() -> None:
    doc = parse_path(HTML_LEDGER)
    assert doc.status == "ok", doc.problems
    assert rows_of(doc) == [
        ("淘汰城区35蒸吨以下燃煤锅炉", "长春市人民政府", "2021-12-31", "done"),
        # the problem and the unit are merged over two rows: both rows carry them
        ("推进清洁取暖改造", "长春市人民政府", "2022-06-30", "behind"),
        ("完成四平市污水处理厂提标改造", "四平市人民政府", "立行立改", "done"),
        ("拆除违规建筑，恢复湿地生态", "松原市人民政府", "2023-12-31", "done"),
        ("整治违建并修复植被", "白山市人民政府", "2022-12-31", "in_progress"),
        # the header repeated inside the second table is skipped
        ("建立黑土地保护长效机制", "省农业农村厅", "长期坚持", "done"),
    ]
    first, second = doc.tasks[0], doc.tasks[1]
    assert second["problem"] == first["problem"] == "长春市冬季重污染天气频发"
    assert first["group"] == "一、大气污染防治" and doc.tasks[2]["group"] == "二、水污染防治"
    assert {t["entity"] for t in doc.tasks} == {"吉林省"}
    assert doc.tasks[0]["as_of"] == "2023-06-30"  # from the page's 截至 sentence
    assert [t["status_derived"] for t in doc.tasks] == [
        None,
        "overdue",
        None,
        None,
        "overdue",
        None,
    ]
    # the prose is still read: the page's counts are facts of its 吉林省 section
    fields = {f.field: f.value for s in doc.sections for f in s.facts}
    assert fields["tasks_total"] == 6 and fields["tasks_done"] == 4
    # every task points at its row's line in the page text
    for t in doc.tasks:
        line = doc.text[t["start"] : t["end"]]
        assert ("\n" not in line and t["title"][:6] in line) or t["unit"] in line


def test_html_tables_keep_their_titles() -> None:
    grids = html_grids(HTML_LEDGER.read_text(encoding="utf-8"))
    assert [g.above[-1] for g in grids] == [
        "附件1：整改任务清单（一）大气和水",
        "附件2：整改任务清单（二）生态",
    ]
    assert grids[0].rows[2][3] == grids[0].rows[3][3] == "长春市人民政府"  # rowspan expanded


def test_gb18030_csv() -> None:
    assert CSV_LEDGER.read_bytes().decode("gb18030").startswith("河北省")
    doc = parse_path(CSV_LEDGER)
    assert doc.status == "ok", doc.problems
    assert doc.encoding == "gb18030" and doc.kind == "ledger"
    assert doc.title == "河北省石家庄市中央生态环境保护督察整改任务台账"
    assert rows_of(doc) == [
        ("滹沱河沿线违规采砂", "石家庄市水利局", "2021-12-31", "done"),
        ("燃煤锅炉超标排放", "石家庄市发展改革委", "2022-12-31", "basically_done"),
        ("垃圾填埋场渗滤液", "石家庄市城管委", "2024-06-30", "on_schedule"),
        ("工业园区污水直排", "石家庄市住建局", "2022-06-30", "in_progress"),
        ("秸秆露天焚烧", "各县（市、区）政府", "长期坚持", "in_progress"),
    ]
    t = doc.tasks[1]
    assert t["partners"] is None and json.loads(t["extra"]) == {"备注": "待验收"}
    assert doc.tasks[0]["partners"] == "市生态环境局"
    assert {x["entity"] for x in doc.tasks} == {"石家庄市"}  # a city, from the title
    assert doc.sections[0].entity == "石家庄市" and doc.sections[0].parent == "河北省"
    assert doc.tasks[0]["as_of"] == "2023-03-31"
    assert doc.tasks[0]["row"] == 4
    assert (
        doc.text[doc.tasks[0]["start"] : doc.tasks[0]["end"]].lstrip().startswith("4  1 | 滹沱河")
    )


def test_xlsx_with_a_title_row_and_a_second_sheet(tmp_path: Path) -> None:
    doc = parse_path(write_shanxi_xlsx(tmp_path / "清单.xlsx"))
    assert doc.title == "山西省第二轮中央生态环境保护督察整改任务清单"
    assert doc.problems == ["sheet '说明' is empty"]  # reported, nothing else lost
    expected = [
        ("关停城区违规焦化产能", "太原市人民政府", "2021-12-31", "done"),
        ("汾河流域入河排污口整治", "太原市人民政府", "2022-06-30", "behind"),  # merged unit
        ("煤矸石堆场规范化整治", "省能源局", "2022-12-31", "in_progress"),  # a date cell
        ("工业固废综合利用", "省工业和信息化厅", "立行立改", "done"),
        ("矿山生态修复", "省自然资源厅", "分阶段完成", "phased"),
        ("秋冬季大气污染综合治理", "省生态环境厅", "长期坚持", "on_schedule"),
        ("黄河流域生态保护", "省水利厅", "2025-12-31", "in_progress"),
        ("自然保护区违建整治", "忻州市人民政府", "2023-12-31", "basically_done"),
        ("饮用水水源地保护", "大同市人民政府", "2022-12-31", "done"),
    ]
    assert rows_of(doc) == expected
    assert len(expected) == len(SHANXI_ROWS) + len(SHANXI_SHEET2)
    assert [(t["sheet"], t["row"]) for t in doc.tasks][:2] == [("整改任务", 4), ("整改任务", 5)]
    assert doc.tasks[-1]["sheet"] == "生态问题" and doc.tasks[-1]["row"] == 4
    assert json.loads(doc.tasks[2]["extra"]) == {"督办意见": "督办"}  # an unknown column kept
    assert doc.tasks[0]["leader"] == "副省长"
    assert doc.sections[0].entity == "山西省" and doc.sections[0].round == "第二轮"
    assert doc.tasks[0]["as_of"] == "2023-06-30"
    line = doc.text[doc.tasks[-1]["start"] : doc.tasks[-1]["end"]]
    assert "饮用水水源地保护" in line and "已销号" in line


def test_header_synonyms_and_unknown_columns() -> None:
    assert headers.map_title("编号") == "seq"
    assert headers.map_title("督察反馈问题") == "problem"
    assert headers.map_title("整改任务") == "title"
    assert headers.map_title("牵头单位") == "lead_unit"
    assert headers.map_title("责任单位\n（牵头单位在前）") == "unit"
    assert headers.map_title("整改时限") == headers.map_title("完成时限") == "due"
    assert headers.map_title("是否完成") == headers.map_title("整改进展") == "status"
    assert headers.map_title("配合单位") == "partners"
    assert headers.map_title("责 任 领 导") == "leader"
    assert headers.map_title("督办意见") is None
    assert headers.map_title("姓名") is None
    assert headers.header_score(["姓名", "电话", "地址"]) == 0


def test_user_mapping_beside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    path.write_text(
        "号,事项,承担部门,截止,进度\n1,整治黑臭水体,住建局,2022年底前,已完成\n", encoding="utf-8"
    )
    doc = parse_path(path)
    assert doc.tasks == [] and "no recognisable task header" in doc.problems[0]
    (tmp_path / "台账.csv.ducha.toml").write_text(
        'entity = "太原市"\nas_of = "2023-01-31"\n[columns]\n"号" = "seq"\n"事项" = "title"\n'
        '"承担部门" = "unit"\n"截止" = "due"\n"进度" = "status"\n',
        encoding="utf-8",
    )
    doc = parse_path(path)
    assert doc.status == "ok", doc.problems
    assert rows_of(doc) == [("整治黑臭水体", "住建局", "2022-12-31", "done")]
    assert doc.tasks[0]["entity"] == "太原市" and doc.tasks[0]["as_of"] == "2023-01-31"


def test_a_bad_sidecar_is_a_problem_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(CSV_LEDGER.read_bytes())
    (tmp_path / "ledger.csv.ducha.toml").write_text(
        '[columns]\n"问题" = "nonsense"\n', encoding="utf-8"
    )
    doc = parse_path(path)
    assert len(doc.tasks) == 5
    assert any("unknown column 'nonsense'" in p for p in doc.problems)


@pytest.mark.parametrize(
    ("writer", "words"),
    [
        (write_no_header_xlsx, "no recognisable task header"),
        (write_empty_xlsx, "every sheet is empty"),
        (write_encrypted_xlsx, "password-protected (encrypted)"),
        (write_corrupt_xlsx, "corrupt"),
    ],
)
def test_bad_spreadsheets_are_a_clear_problem(tmp_path: Path, writer, words: str) -> None:
    doc = parse_path(writer(tmp_path / "bad.xlsx"))
    assert doc.tasks == []
    assert doc.status in ("warning", "error")
    assert any(words in p for p in doc.problems), doc.problems


def test_bad_files_lose_nothing_else(tmp_path: Path) -> None:
    from ducha.build import build

    lib = tmp_path / "library"
    lib.mkdir()
    write_encrypted_xlsx(lib / "protected.xlsx")
    write_corrupt_xlsx(lib / "corrupt.xlsx")
    write_empty_xlsx(lib / "empty.xlsx")
    (lib / "empty.csv").write_bytes(b"")
    write_shanxi_xlsx(lib / "good.xlsx")
    report = build(tmp_path, workers=1)
    docs = pl.read_parquet(tmp_path / "documents.parquet")
    by_name = {r["name"]: r for r in docs.iter_rows(named=True)}
    assert by_name["protected.xlsx"]["status"] == "error"
    assert by_name["corrupt.xlsx"]["status"] == "error"
    assert by_name["empty.csv"]["status"] == "error"
    assert len(docs) == 5 + 5  # the bundled reports and the five files, each with its row
    tasks = pl.read_parquet(tmp_path / "tasks.parquet")
    assert len(tasks) == 9 and report.tasks == 9
    assert {p for p, _ in report.problem_docs} >= {str((lib / "protected.xlsx").resolve())}


def test_tasks_table_and_incremental_build(tmp_path: Path) -> None:
    from ledger_fixtures import build_ledger_dataset

    from ducha.build import build, is_stale

    ddir = build_ledger_dataset(tmp_path)
    tasks = pl.read_parquet(ddir / "tasks.parquet")
    assert len(tasks) == 6 + 5 + 9
    assert set(tasks.columns) >= {"task_id", "doc_id", "entity", "seq", "title", "unit", "due",
                                  "due_text", "status", "status_text", "status_derived", "as_of",
                                  "sheet", "row", "start", "end", "extra"}  # fmt: skip
    docs = pl.read_parquet(ddir / "documents.parquet")
    for t in tasks.iter_rows(named=True):
        text = docs.filter(pl.col("doc_id") == t["doc_id"]).item(0, "text")
        assert t["title"][:4] in text[t["start"] : t["end"]]
    assert not is_stale(ddir)
    # a new sidecar beside a ledger is a change: the file is read again with it
    side = ddir / "library" / "石家庄市整改台账.csv.ducha.toml"
    side.write_text('entity = "保定市"\n', encoding="utf-8")
    assert is_stale(ddir)
    report = build(ddir, workers=1)
    assert report.parsed == 1
    tasks = pl.read_parquet(ddir / "tasks.parquet")
    assert set(tasks.filter(pl.col("sheet") == "石家庄市整改台账.csv")["entity"]) == {"保定市"}
