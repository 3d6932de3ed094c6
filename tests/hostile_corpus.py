"""A corpus of hostile inputs, made at test time: each costs its reader time or memory out
of all proportion to its size, and a build must turn each into one failed (or warned)
document and go on. Run as a script to write one: `python tests/hostile_corpus.py DIR`.

Bad inputs (file name -> what it does to a reader without limits):

- `rowspan.html`: 449 bytes of table whose cells span 1000 rows and 1000 columns; a
  reader that expands spans makes millions of cells from each;
- `far_row.xlsx`: a workbook of a few hundred bytes whose second row is number
  300,000,000; a reader that makes the grid dense makes 300 million rows;
- `bomb.xlsx`: a shared-strings entry of a few hundred kB that inflates to 400 MB;
- `huge.txt`: 60 MB (sparse where the file system allows), over the size limit;
- `long_list.txt`: a report with a 、-list of 50,000 counts, which a quadratic reading of
  lists spends minutes on;
- `binary.txt`: random bytes under a text file's name;
- `empty.txt`: nothing at all.

Good inputs: three reports (variants of bundled ones, with distinct bytes).
"""

from __future__ import annotations

import random
import sys
import zipfile
from importlib import resources
from pathlib import Path

BAD = (
    "rowspan.html",
    "far_row.xlsx",
    "bomb.xlsx",
    "huge.txt",
    "long_list.txt",
    "binary.txt",
    "empty.txt",
)
GOOD = ("good_1.txt", "good_2.txt", "good_3.txt")

HUGE_MB = 60
BOMB_MB = 400

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="整改任务" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "{shared}</Relationships>"
)
_SHARED_REL = '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
_HEADERS = ("序号", "整改任务", "责任单位", "整改时限", "完成情况")


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet(rows: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def _header_row() -> str:
    return (
        '<row r="1">'
        + "".join(_cell(f"{c}1", h) for c, h in zip("ABCDE", _HEADERS, strict=True))
        + "</row>"
    )


def _xlsx(path: Path, sheet: str, shared: bytes | None = None) -> None:
    """A minimal workbook; `shared` (written in chunks, never whole) is sharedStrings.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        has = shared is not None
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(shared=_SHARED_TYPE if has else ""))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr(
            "xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(shared=_SHARED_REL if has else "")
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                    b' count="1" uniqueCount="1"><si><t>'
                )
                chunk = shared * (1024 * 1024 // len(shared))
                for _ in range(BOMB_MB):
                    fh.write(chunk)
                fh.write(b"</t></si></sst>")


def rowspan_html() -> bytes:
    cell = '<td rowspan="1000" colspan="1000">1</td>'
    head = "".join(f"<th>{h}</th>" for h in _HEADERS)
    page = (
        "<html><head><title>某省整改任务清单</title></head><body><table>"
        f"<tr>{head}</tr><tr>{cell * 4}</tr><tr>{cell * 2}</tr></table></body></html>"
    )
    return page.encode("utf-8")


def long_list(items: int = 50_000) -> bytes:
    head = (
        "河南省公开第二轮中央生态环境保护督察整改落实情况\n\n发布时间:2023-03-31\n\n"
        "2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展第二轮生态环境保护督察。"
        "反馈意见涉及82项整改任务,已完成59项。各地分别完成"
    )
    cities = ("郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市")
    body = "、".join(f"{cities[i % len(cities)]}{i % 97 + 1}项" for i in range(items))
    return (head + body + "。\n").encode("utf-8")


def good_reports() -> list[bytes]:
    src = Path(str(resources.files("ducha.data") / "sources"))
    seeds = sorted(src.iterdir())[:3]
    return [f"副本 {i}\n".encode() + p.read_bytes() for i, p in enumerate(seeds)]


def generate(root: Path) -> Path:
    """Write the corpus into `root` (created); returns it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "rowspan.html").write_bytes(rowspan_html())
    far = _header_row() + '<row r="300000000">' + _cell("A300000000", "1") + "</row>"
    _xlsx(root / "far_row.xlsx", _sheet(far))
    bomb_row = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    _xlsx(root / "bomb.xlsx", _sheet(_header_row() + bomb_row), shared=b"\xe6\x95\xb4\xe6\x94\xb9")
    with open(root / "huge.txt", "wb") as fh:
        fh.write("河南省整改落实情况\n".encode())
        fh.truncate(HUGE_MB * 1024 * 1024)  # sparse: no 60 MB written
    (root / "long_list.txt").write_bytes(long_list())
    (root / "binary.txt").write_bytes(random.Random(7).randbytes(64 * 1024))
    (root / "empty.txt").write_bytes(b"")
    for name, data in zip(GOOD, good_reports(), strict=True):
        (root / name).write_bytes(data)
    return root


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/hostile_corpus.py DIR")
    print(generate(Path(sys.argv[1])))
