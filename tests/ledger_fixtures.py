"""Ledger files in the shapes real task lists take, written for the tests.

The HTML page and the GB18030 CSV are committed under tests/fixtures/ledgers/; the XLSX
workbooks are written here with openpyxl (a title row merged above the header, a unit
merged down several rows, a second sheet, an empty sheet), as are the bad inputs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

LEDGERS = Path(__file__).parent / "fixtures" / "ledgers"
HTML_LEDGER = LEDGERS / "吉林省整改任务完成情况.html"
CSV_LEDGER = LEDGERS / "石家庄市整改台账.csv"

HEADER = [
    "序号",
    "督察反馈问题",
    "整改任务",
    "责任单位",
    "责任领导",
    "整改时限",
    "完成情况",
    "督办意见",
]
# (title, unit, due, status): the first sheet of the 山西省 workbook
SHANXI_ROWS = [
    ("关停城区违规焦化产能", "太原市人民政府", "2021年底前", "已完成"),
    ("汾河流域入河排污口整治", "太原市人民政府", "2022年6月底前", "未达序时进度"),
    ("煤矸石堆场规范化整治", "省能源局", dt.datetime(2022, 12, 31), "正在推进"),
    ("工业固废综合利用", "省工业和信息化厅", "立行立改", "已完成"),
    ("矿山生态修复", "省自然资源厅", "分阶段完成", "取得阶段性进展"),
    ("秋冬季大气污染综合治理", "省生态环境厅", "长期坚持", "按序时进度推进"),
    ("黄河流域生态保护", "省水利厅", "2025年底前", "正在推进"),
]
SHANXI_SHEET2 = [
    ("自然保护区违建整治", "忻州市人民政府", "2023年12月31日前", "基本完成"),
    ("饮用水水源地保护", "大同市人民政府", "2022年底前", "已销号"),
]


def write_shanxi_xlsx(
    path: Path, *, title: str = "山西省第二轮中央生态环境保护督察整改任务清单"
) -> Path:
    """Two sheets of tasks, a title row merged above each header, a unit merged down."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "整改任务"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(["截至2023年6月30日"])
    ws.append(HEADER)
    for i, (t, unit, due, status) in enumerate(SHANXI_ROWS, 1):
        ws.append([i, f"问题{i}", t, unit, "副省长", due, status, "督办" if i == 3 else None])
    # 太原市人民政府 written once and merged over rows 4-5 (the first two tasks)
    ws.cell(row=5, column=4).value = None
    ws.merge_cells("D4:D5")
    ws2 = wb.create_sheet("生态问题")
    ws2.append(["附表2 生态领域整改任务"])
    ws2.append(HEADER[:7])
    for i, (t, unit, due, status) in enumerate(SHANXI_SHEET2, len(SHANXI_ROWS) + 1):
        ws2.append([i, f"问题{i}", t, unit, "副省长", due, status])
    wb.create_sheet("说明")  # an empty sheet, as workbooks carry
    wb.save(path)
    return _deterministic(path)


def _deterministic(path: Path) -> Path:
    """The same bytes on every run (openpyxl stamps the save time): a stable doc_id."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2023-07-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2023, 7, 1, 0, 0, 0)), data)
    return path


def write_no_header_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "电话", "地址"])
    ws.append(["张三", "12345", "太原"])
    wb.save(path)
    return path


def write_empty_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    Workbook().save(path)
    return path


def write_encrypted_xlsx(path: Path) -> Path:
    """An encrypted OOXML file is an OLE2 compound file: its signature stands for one."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path


def write_corrupt_xlsx(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + b"\x13\x37" * 200)
    return path


def write_big_xlsx(path: Path, rows: int, entity: str = "山西省") -> Path:
    """`rows` tasks in one sheet (write-only mode: fast, little memory)."""
    from openpyxl import Workbook

    statuses = ["已完成", "正在推进", "未达序时进度", "按序时进度推进", "基本完成"]
    dues = ["2021年底前", "2022年6月底前", "立行立改", "长期坚持", "2025年12月31日前"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("清单")
    ws.append([f"{entity}整改任务清单"])
    ws.append(HEADER[:7])
    for i in range(1, rows + 1):
        ws.append([i, f"问题{i}", f"整改任务第{i}项", f"责任单位{i % 97}", "副市长",
                   dues[i % len(dues)], statuses[i % len(statuses)]])  # fmt: skip
    wb.save(path)
    return path


def build_ledger_dataset(ddir: Path) -> Path:
    """The bundled corpus plus the three test ledgers in the library: 吉林省 (an HTML page
    whose tables agree with its prose), 石家庄市 (a CSV, no prose) and 山西省 (an XLSX whose
    9 rows disagree with the 82 tasks the bundled report states)."""
    import shutil

    from ducha.build import build

    lib = ddir / "library"
    lib.mkdir(parents=True, exist_ok=True)
    shutil.copy(HTML_LEDGER, lib / HTML_LEDGER.name)
    shutil.copy(CSV_LEDGER, lib / CSV_LEDGER.name)
    write_shanxi_xlsx(lib / "山西省整改任务清单.xlsx")
    build(ddir, workers=1)
    return ddir
