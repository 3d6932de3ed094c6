"""`ducha add`: copy into the library, rebuild, report; the same file twice changes nothing."""

from __future__ import annotations

import json

import pytest
from cli_helpers import built_dataset, copy_dataset, isolate, run

TITLE = "吉林省公开第二轮中央生态环境保护督察整改落实情况"
HTML = f"""<!DOCTYPE html>
<html><head><meta charset="gb18030"><title>{TITLE}_新闻中心</title></head>
<body><div class="nav">首页 | 新闻 | 政务公开 | 登录</div>
<h1>{TITLE}</h1>
<p>发布时间:2023-06-30 来源:吉林日报</p>
<p>2021年8月25日至9月25日,中央第四生态环境保护督察组对吉林省开展第二轮中央生态环境保护督察,并于2021年12月14日反馈督察意见。</p>
<p>目前,第二轮督察101项整改任务,已经完成86项、正在推进15项。</p>
<p>2022年,全省PM2.5浓度为26微克/立方米,同比下降3.7%。</p>
<div class="footer">版权所有 吉林省人民政府</div>
</body></html>"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return built_dataset(tmp_path_factory.mktemp("base"))


@pytest.fixture
def data(base, tmp_path):
    return copy_dataset(base, tmp_path / "ds")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def gb_report(tmp_path):
    path = tmp_path / "incoming" / "吉林整改.html"
    path.parent.mkdir()
    path.write_bytes(HTML.encode("gb18030"))
    return path


def test_gb18030_html_then_show(capsys, data, gb_report):
    rc, out, _ = run(capsys, "--data", str(data), "add", str(gb_report))
    assert rc == 0, out
    assert "+ 吉林整改.html" in out
    assert TITLE in out and "progress" in out and "吉林省" in out and "facts" in out
    assert (data / "library" / "吉林整改.html").read_bytes() == gb_report.read_bytes()
    rc, out, _ = run(capsys, "--data", str(data), "show", "吉林", "--json")
    assert rc == 0
    block = json.loads(out)["rounds"][0]
    assert block["counts"]["tasks_total"] == 101
    assert block["counts"]["tasks_done"] == 86
    assert block["counts"]["tasks_in_progress"] == 15
    assert block["documents"][0]["title"] == TITLE
    # pinyin now resolves: 吉林省 has documents, 吉林市 has none
    rc, out, _ = run(capsys, "--data", str(data), "show", "jilin", "--json")
    assert rc == 0 and json.loads(out)["entity"] == "吉林省"


def test_adding_twice_changes_nothing(capsys, data, gb_report):
    assert run(capsys, "--data", str(data), "add", str(gb_report))[0] == 0
    before = {p.name: p.stat().st_mtime_ns for p in data.iterdir() if p.is_file()}
    library = sorted(p.name for p in (data / "library").iterdir())
    copy = gb_report.parent / "again.html"  # same bytes, another name
    copy.write_bytes(gb_report.read_bytes())
    rc, out, _ = run(capsys, "--data", str(data), "add", str(gb_report), str(copy))
    assert rc == 0
    assert out.count("already in the library") == 2 and "library unchanged" in out
    assert sorted(p.name for p in (data / "library").iterdir()) == library
    after = {p.name: p.stat().st_mtime_ns for p in data.iterdir() if p.is_file()}
    assert after == before


def test_bundled_content_is_not_copied(capsys, data):
    from ducha.sources import bundled_sources

    src = sorted(bundled_sources().glob("*.txt"))[0]
    rc, out, _ = run(capsys, "--data", str(data), "add", str(src))
    assert rc == 0 and "bundled with ducha" in out
    assert not (data / "library").exists()


def test_name_clash_gets_hash_suffix_and_folder(capsys, data, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    text = "{p}公开第二轮中央生态环境保护督察整改落实情况\n目前,第二轮督察{n}项整改任务,已经完成{d}项、正在推进{r}项。\n"
    (a / "report.txt").write_text(text.format(p="黑龙江省", n=60, d=50, r=10), encoding="utf-8")
    (b / "report.txt").write_text(text.format(p="贵州省", n=70, d=65, r=5), encoding="utf-8")
    (b / "notes.md").write_text("not a report", encoding="utf-8")
    rc, out, _ = run(capsys, "--data", str(data), "add", str(a), str(b))
    assert rc == 0
    names = sorted(p.name for p in (data / "library").iterdir())
    assert len(names) == 2 and "report.txt" in names
    assert any(n.startswith("report-") and n.endswith(".txt") for n in names)
    rc, out, _ = run(capsys, "--data", str(data), "show", "贵州", "--json")
    assert json.loads(out)["rounds"][0]["counts"]["tasks_total"] == 70


def test_problems_exit_1(capsys, data, tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    rc, _out, err = run(capsys, "--data", str(data), "add", str(bad), str(tmp_path / "missing.txt"))
    assert rc == 1
    assert "not a .txt or .html file" in err and "no such file" in err


def test_document_without_facts_is_reported(capsys, data, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("今天天气很好。\n", encoding="utf-8")
    rc, out, _ = run(capsys, "--data", str(data), "add", str(empty))
    assert rc == 1
    assert "+ empty.txt" in out and "problem:" in out


def test_moved_library_from_config(capsys, base, tmp_path, monkeypatch, gb_report):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'library_dir = "{tmp_path / "mylib"}"\n', encoding="utf-8")
    monkeypatch.setenv("DUCHA_CONFIG", str(cfg))
    data = copy_dataset(base, tmp_path / "ds2")
    rc, out, _ = run(capsys, "--data", str(data), "add", str(gb_report))
    assert rc == 0 and (tmp_path / "mylib" / gb_report.name).exists()
    rc, out, _ = run(capsys, "--data", str(data), "show", "吉林", "--json")
    assert rc == 0 and json.loads(out)["rounds"][0]["counts"]["tasks_total"] == 101
