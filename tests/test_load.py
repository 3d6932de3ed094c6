"""Bytes to stored text: encoding detection, bad input, HTML flattening, control removal."""

from __future__ import annotations

import os
from pathlib import Path

import opencc
import pytest

from ducha.parsers import load as load_mod
from ducha.parsers.load import MAX_BYTES, Loaded, clean_text, load_bytes, load_path

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
SEED_TEXT = SEEDS[3].read_text(encoding="utf-8")  # 003: a city's plan, short and plain
SENTENCE = "归纳梳理出14项整改任务"
HOSTILE = "[red]bold[/red] [/] [@click=app.quit]x[/] \x1b]0;owned\x07\x1b[2J"


def assert_clean(text: str) -> None:
    bad = [c for c in text if (c < " " and c not in "\n\t") or "\x7f" <= c <= "\x9f"]
    assert not bad, bad[:5]


def assert_ok(r: Loaded, encoding: str | tuple[str, ...]) -> None:
    assert r.status == "ok", r.problems
    assert r.problems == []
    assert r.encoding in ((encoding,) if isinstance(encoding, str) else encoding)
    assert_clean(r.text)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_load_as_utf8_unchanged_apart_from_nbsp(seed: Path) -> None:
    raw = seed.read_bytes()
    r = load_bytes(raw, seed.name)
    assert_ok(r, "utf-8")
    assert r.fmt == "txt" and r.title is None
    assert r.text == raw.decode("utf-8").replace("\u00a0", " ")


def test_utf8_with_bom() -> None:
    r = load_bytes(b"\xef\xbb\xbf" + SEED_TEXT.encode("utf-8"))
    assert_ok(r, "utf-8-sig")
    assert r.text.startswith("您当前的位置")
    assert SENTENCE in r.text


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_gb18030_seed(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    r = load_bytes(text.encode("gb18030"), seed.name)
    assert_ok(r, "gb18030")
    assert r.text == clean_text(text)


def test_gbk_html_with_meta_charset() -> None:
    html = (
        '<html><head><meta charset="gbk"><title>嘉兴市公开整改方案</title></head>'
        f"<body><h1>嘉兴市公开整改方案</h1><p>{SENTENCE},逐一明确责任单位。</p></body></html>"
    )
    r = load_bytes(html.encode("gbk"), "page.html")
    assert_ok(r, ("gb18030", "gbk"))
    assert r.fmt == "html"
    assert r.title == "嘉兴市公开整改方案"
    assert r.text == f"嘉兴市公开整改方案\n\n{SENTENCE},逐一明确责任单位。"


def test_http_equiv_charset_and_sniffed_html() -> None:
    html = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=gb2312"></head><body><p>中央生态环境保护督察整改方案</p>'
        "</body></html>"
    )
    r = load_bytes(html.encode("gb2312"))  # no name: sniffed
    assert r.fmt == "html" and r.encoding == "gb18030"
    assert r.text == "中央生态环境保护督察整改方案"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    r = load_bytes(bom + SEED_TEXT.encode(codec))
    assert_ok(r, "utf-16")
    assert r.text == clean_text(SEED_TEXT)


def test_utf16_without_bom() -> None:
    r = load_bytes(SEED_TEXT.encode("utf-16-le"))
    assert_ok(r, "utf-16")
    assert SENTENCE in r.text


def test_utf32_with_bom() -> None:
    r = load_bytes(b"\xff\xfe\x00\x00" + SEED_TEXT.encode("utf-32-le"))
    assert_ok(r, "utf-32")
    assert SENTENCE in r.text


def test_big5_traditional() -> None:
    trad = opencc.OpenCC("s2t").convert(SEED_TEXT)
    r = load_bytes(trad.encode("big5", "ignore"))
    assert_ok(r, ("big5", "big5hkscs", "cp950"))
    assert "歸納梳理出14項整改任務" in r.text


def test_short_big5_is_not_mistaken_for_gb18030() -> None:
    r = load_bytes("中央環境保護督察組進駐山西省".encode("big5"))
    assert r.text == "中央環境保護督察組進駐山西省"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xff\xfe \x00\n\x00"])
def test_empty_and_whitespace_only(data: bytes) -> None:
    r = load_bytes(data, "x.txt")
    assert r.status == "error"
    assert r.text == ""
    assert r.problems == ["empty file"]


def test_binary_png() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(64) + b"IDAT\x78\x9c"
    r = load_bytes(png, "image.txt")
    assert r.status == "error" and r.text == ""
    assert r.problems[0].startswith("binary content")


def test_control_heavy_bytes_are_binary() -> None:
    r = load_bytes(bytes(range(1, 32)) * 20)
    assert r.status == "error"
    assert r.problems[0].startswith("binary content")


def test_random_bytes() -> None:
    data = bytes((i * 7919 + 13) % 256 for i in range(4096))
    r = load_bytes(data)
    assert r.status == "error" and r.text == ""
    assert_clean(r.text)


def test_invalid_bytes_are_replaced_and_counted() -> None:
    raw = SEED_TEXT.encode("utf-8")
    cut = raw.index(b"\n", 300)  # between two characters
    damaged = raw[:cut] + b"\xff\xfe" + raw[cut:]
    r = load_bytes(damaged)
    assert r.status == "warning"
    assert r.encoding == "utf-8"
    assert r.problems == ["undecodable: replaced 2 bytes"]
    assert "\ufffd" in r.text and SENTENCE in r.text


def test_damaged_gbk_is_still_gb18030() -> None:
    raw = SEED_TEXT.encode("gb18030")
    cut = raw.index("整改".encode("gb18030"), 500)
    r = load_bytes(raw[:cut] + b"\x81\x20" + raw[cut:])
    assert r.encoding == "gb18030" and r.status == "warning"
    assert r.problems == ["undecodable: replaced 1 byte"]
    assert SENTENCE in r.text


def test_truncated_utf8() -> None:
    raw = "中央生态环境保护督察整改方案,归纳梳理出14项整改任务".encode()
    r = load_bytes(raw[:-1])  # cut inside 务
    assert r.status == "warning"
    assert r.encoding == "utf-8"
    assert r.text == "中央生态环境保护督察整改方案,归纳梳理出14项整改任"
    assert r.problems == ["truncated: the file ends inside a multi-byte character"]


def test_truncated_gb18030() -> None:
    raw = SEED_TEXT.rstrip() + "。整改任务"
    r = load_bytes(raw.encode("gb18030")[:-1])
    assert r.status == "warning"
    assert r.encoding == "gb18030"
    assert r.text.endswith("。整改任")
    assert any(p.startswith("truncated") for p in r.problems)


def test_over_the_size_limit_is_not_decoded() -> None:
    data = b"a" * (MAX_BYTES + 1)
    r = load_bytes(data, "huge.txt")
    assert r.status == "error" and r.text == ""
    assert r.problems == ["larger than the 20 MB limit (20.0 MB): not parsed"]


def test_large_file_on_disk_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: no 50 MB written
        fh.truncate(int(52.4 * 1024 * 1024))
    r = load_path(big)
    assert r.status == "error"
    assert r.problems == ["larger than the 20 MB limit (52.4 MB): not parsed"]


def test_directory_path(tmp_path: Path) -> None:
    r = load_path(tmp_path)
    assert r.status == "error" and r.text == ""
    assert "directory" in r.problems[0]


def test_missing_path(tmp_path: Path) -> None:
    r = load_path(tmp_path / "nope.txt")
    assert r.status == "error"
    assert r.problems == ["file not found"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_path(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("x")
    p.chmod(0)
    r = load_path(p)
    assert r.status == "error"
    assert r.problems == ["permission denied"]


def test_load_path_reads_html_by_suffix(tmp_path: Path) -> None:
    p = tmp_path / "a.htm"
    p.write_bytes("<p>整改</p><p>方案</p>".encode())
    r = load_path(p)
    assert r.fmt == "html" and r.text == "整改\n\n方案"


def test_load_bytes_never_raises_on_internal_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(load_mod, "_html_to_text", boom)
    r = load_bytes(b"<p>x</p>", "a.html")
    assert r.status == "error" and "parser exploded" in r.problems[0]


# --------------------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html><head><title>督察 &amp; 整改 - 某网</title>
<style>p { color: red }</style><script>document.write("<p>脚本</p>")</script></head>
<body>
<div class="nav">首页 &gt; 环保 &raquo; 正文</div>
<h1>嘉兴市公开
整改方案</h1>
<p>第一段&nbsp;文字,&lt;b&gt;不是标签&lt;/b&gt;,&#x4E2D;&#20013;。</p>
<table>
  <tr><th>地区</th><th>任务</th></tr>
  <tr><td>山西</td><td>19项</td></tr>
  <tr><td>辽宁</td><td><table><tr><td>内</td><td>表</td></tr></table></td></tr>
</table>
<ul><li>一</li><li>二</li></ul>
<noscript>请启用脚本</noscript><template><p>模板</p></template><svg><text>图</text></svg>
<p>甲<br>乙<br/>丙</p>
<p>

</p>
<div><div><p>末段 <span>内联</span> text</p></div></div>
<!-- 注释 -->
</body></html>"""


def test_html_to_text() -> None:
    r = load_bytes(HTML.encode(), "page.html")
    assert_ok(r, "utf-8")
    assert r.fmt == "html"
    assert r.title == "督察 & 整改 - 某网"
    assert r.text == (
        "督察 & 整改 - 某网\n\n"
        "首页 > 环保 » 正文\n\n"
        "嘉兴市公开整改方案\n\n"  # a line break between two CJK characters vanishes
        "第一段 文字,<b>不是标签</b>,中中。\n\n"
        "地区\t任务\n山西\t19项\n辽宁\n\n内\t表\n\n"
        "一\n二\n\n"
        "甲\n乙\n丙\n\n"
        "末段 内联 text"
    )
    for hidden in ("脚本", "color", "请启用脚本", "模板", "图", "注释"):
        assert hidden not in r.text


def test_html_title_falls_back_to_h1() -> None:
    r = load_bytes("<body><h1>整改 方案</h1><p>正文</p></body>".encode(), "a.html")
    assert r.title == "整改 方案"
    assert r.text == "整改 方案\n\n正文"


def test_html_without_visible_text_is_an_error() -> None:
    r = load_bytes(b"<html><head><script>x()</script></head><body> </body></html>", "a.html")
    assert r.status == "error" and r.text == ""


def test_html_pre_keeps_spacing() -> None:
    r = load_bytes(b"<pre>a   b\n  c</pre>", "a.html")
    assert r.text == "a   b\n  c"


@pytest.mark.parametrize("tag", ["div", "span", "b", "table", "li"])
def test_deeply_nested_html(tag: str) -> None:
    depth = 10_000
    html = f"<html><body>{f'<{tag}>' * depth}深层文字{f'</{tag}>' * depth}</body></html>"
    r = load_bytes(html.encode(), "deep.html")
    assert r.status == "ok"
    assert r.text.strip() == "深层文字"


def test_deeply_nested_unclosed_html() -> None:
    html = "<html><body>" + "<div><p><i>" * 10_000 + "深层" + "</body></html>"
    r = load_bytes(html.encode(), "deep.html")
    assert r.text == "深层"


def test_html_saved_as_txt_is_sniffed() -> None:
    r = load_bytes(
        b"\n  <!DOCTYPE html><html><body><p>\xe6\x95\xb4\xe6\x94\xb9</p></body></html>", "a.txt"
    )
    assert r.fmt == "html" and r.text == "整改"


def test_plain_text_mentioning_tags_stays_text() -> None:
    text = "说明:网页中的<p>标签表示段落。\n" + SEED_TEXT
    r = load_bytes(text.encode(), "notes")
    assert r.fmt == "txt"
    assert "<p>" in r.text


# --------------------------------------------------------------------------- cleaning


def test_hostile_markup_and_escapes() -> None:
    r = load_bytes(HOSTILE.encode())
    assert r.text == "[red]bold[/red] [/] [@click=app.quit]x[/] "
    assert "owned" not in r.text and "[2J" not in r.text
    assert r.status == "warning"
    assert r.problems == ["removed 3 control or escape characters"]


def test_hostile_in_html() -> None:
    r = load_bytes(f"<p>{HOSTILE}</p>".encode(), "a.html")
    assert r.text == "[red]bold[/red] [/] [@click=app.quit]x[/]"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("a\x00b\x01c\x08d\x7fe", "abcde"),
        ("tab\tkept", "tab\tkept"),
        ("c1\x85\x9fend", "c1end"),
        ("csi\x1b[1;31mred\x1b[0m", "csired"),
        ("osc\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "osclink"),
        ("osc-unterminated\x1b]0;title\nnext", "osc-unterminated\nnext"),
        ("esc\x1bc\x1b(Bx", "escx"),
        ("c1csi\x9b2Jx", "c1csi2Jx"),  # 8-bit introducers go alone: usually mojibake
        ("zw\u200b\u200c\u200d\u2060\ufeffx", "zwx"),
        ("bidi\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200fx", "bidix"),
        ("nbsp\u00a0x\u3000y", "nbsp x\u3000y"),
        ("full\uff10\uff41 數據", "full\uff10\uff41 數據"),
        ("lone\ud800x", "lone\ufffdx"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_is_idempotent_on_seeds() -> None:
    for seed in SEEDS:
        once = clean_text(seed.read_text(encoding="utf-8"))
        assert clean_text(once) == once
