"""Settings: the TOML file, its problems (reported with file, line and key), precedence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import isolate, run

from ducha.config import Settings, effective, load_settings


@pytest.fixture(autouse=True)
def cfg(monkeypatch, tmp_path) -> Path:
    return isolate(monkeypatch, tmp_path)


def test_missing_file_gives_defaults(cfg):
    s = load_settings()
    assert s == Settings(origin={}, problems=[]) or (s.problems == [] and s.path is None)
    assert s.grouping == "round" and s.theme is None and s.sources == []


def test_valid_file(cfg, tmp_path):
    (tmp_path / "extra").mkdir()
    cfg.write_text(
        'data_dir = "~/ducha-data"\n'
        'library_dir = "lib"\n'
        'sources = ["extra", "/srv/reports"]\n'
        'theme = "textual-light"\n'
        'grouping = "place"\n',
        encoding="utf-8",
    )
    s = load_settings()
    assert s.problems == []
    assert s.data_dir == str(Path("~/ducha-data").expanduser())
    assert s.library_dir == str(tmp_path / "lib")  # relative to the config file
    assert s.sources == [str(tmp_path / "extra"), "/srv/reports"]
    assert (s.theme, s.grouping) == ("textual-light", "place")
    assert s.source_of("theme") == f"config {cfg}"
    assert s.source_of("data_dir").startswith("config ")


def test_bad_values_name_file_line_and_key(cfg):
    cfg.write_text(
        '# settings\ntheme = "no-such-theme"\ngrouping = 3\nsources = "one"\n'
        "data_dir = 5\ncolour = true\n",
        encoding="utf-8",
    )
    s = load_settings()
    text = "\n".join(s.problems)
    assert f"{cfg}:2: theme: unknown theme 'no-such-theme'" in text
    assert f"{cfg}:3: grouping: expected one of 'round', 'place', got a number (3)" in text
    assert f"{cfg}:5: data_dir: expected a folder path" in text
    assert f"{cfg}:6: colour: unknown setting" in text
    # the good one is kept, the bad ones keep their defaults
    assert s.sources == [str(cfg.parent / "one")]
    assert s.theme is None and s.grouping == "round" and s.data_dir is None


def test_syntax_error_names_line(cfg):
    cfg.write_text('theme = "textual-dark"\ngrouping = place\n', encoding="utf-8")
    s = load_settings()
    assert len(s.problems) == 1
    assert s.problems[0].startswith(f"{cfg}:2: grouping: ")
    assert s.theme is None  # nothing from a file that does not parse


def test_not_utf8(cfg):
    cfg.write_bytes('theme = "主题"'.encode("gb18030"))
    s = load_settings()
    assert s.problems and str(cfg) in s.problems[0] and "UTF-8" in s.problems[0]


def test_precedence(cfg, tmp_path, monkeypatch):
    cfg.write_text(f'data_dir = "{tmp_path / "from-config"}"\n', encoding="utf-8")
    s = load_settings()
    d, origin, lib, _, extra = effective(s)
    assert d == tmp_path / "from-config" and origin.startswith("config ")
    assert lib == d / "library" and extra == []
    monkeypatch.setenv("DUCHA_DATA", str(tmp_path / "from-env"))
    assert effective(s)[:2] == (tmp_path / "from-env", "env DUCHA_DATA")
    assert effective(s, str(tmp_path / "arg"))[:2] == (tmp_path / "arg", "--data")


def test_moved_library_is_an_extra_source(cfg, tmp_path):
    cfg.write_text('library_dir = "elsewhere"\nsources = ["more"]\n', encoding="utf-8")
    _d, _, lib, lib_origin, extra = effective(load_settings(), str(tmp_path / "ds"))
    assert lib == tmp_path / "elsewhere" and lib_origin.startswith("config ")
    assert extra == [str(tmp_path / "more"), str(tmp_path / "elsewhere")]


def test_config_command(capsys, cfg, tmp_path):
    rc, out, _ = run(capsys, "config")
    assert rc == 0
    assert "not present" in out and "default" in out
    cfg.write_text('theme = "textual-light"\ngrouping = "sideways"\n', encoding="utf-8")
    rc, out, _ = run(capsys, "--data", str(tmp_path / "d"), "config")
    assert rc == 1
    assert "textual-light" in out and f"config {cfg}" in out.replace("\n", "")
    assert "--data" in out
    assert f"{cfg}:2: grouping" in out.replace("\n", "")
    rc, out, _ = run(capsys, "config", "--json")
    data = json.loads(out)
    assert data["settings"]["theme"] == {"value": "textual-light", "from": f"config {cfg}"}
    assert data["settings"]["grouping"]["value"] == "round"
    assert data["problems"]


def test_bad_config_warns_and_goes_on(capsys, cfg, tmp_path):
    cfg.write_text("theme = = broken\n", encoding="utf-8")
    rc, out, err = run(capsys, "--data", str(tmp_path / "ds"), "show", "河南", "--json")
    assert rc == 0 and json.loads(out)["entity"] == "河南省"
    assert f"{cfg}:1" in err.replace("\n", "") and "defaults" in err


def test_config_sources_are_built(capsys, cfg, tmp_path):
    extra = tmp_path / "reports"
    extra.mkdir()
    (extra / "jl.txt").write_text(
        "吉林省公开第二轮中央生态环境保护督察整改落实情况\n"
        "目前,第二轮督察40项整改任务,已经完成30项、正在推进10项。\n",
        encoding="utf-8",
    )
    cfg.write_text(f'sources = ["{extra}"]\n', encoding="utf-8")
    rc, out, _ = run(capsys, "--data", str(tmp_path / "ds"), "show", "吉林", "--json")
    assert rc == 0
    assert json.loads(out)["rounds"][0]["counts"]["tasks_total"] == 40
