"""The command line as a whole: help with examples, version, exit codes, colour rules,
and the human view of `ducha extract`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cli_helpers import REPO, isolate, run

from ducha import __version__

COMMANDS = ["extract", "build", "show", "add", "export", "serve", "config"]
SEED = next((REPO / "data" / "sources").glob("001_*.txt"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def test_top_help_lists_commands_examples_and_exit_codes(capsys):
    rc, out, _ = run(capsys, "--help")
    assert rc == 0
    for cmd in COMMANDS:
        assert cmd in out
    assert "examples:" in out and "ducha show 河南" in out
    assert "exit status:" in out
    for code in ("0  success", "1  some input had problems", "2  usage error", "3  nothing found"):
        assert code in out
    assert "NO_COLOR" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(capsys, command):
    rc, out, _ = run(capsys, command, "--help")
    assert rc == 0
    assert "example" in out and f"ducha {command}" in out


def test_version(capsys):
    rc, out, _ = run(capsys, "--version")
    assert rc == 0 and out.strip() == f"ducha {__version__}"


def test_usage_error_is_2(capsys):
    rc, _, err = run(capsys, "show", "--no-such-flag")
    assert rc == 2 and "usage:" in err
    rc, _, err = run(capsys, "frobnicate")
    assert rc == 2


def test_extract_human_view(capsys):
    rc, out, _ = run(capsys, "extract", str(SEED))
    assert rc == 0
    assert "山西、辽宁等8省(区)对外公开第二轮中央生态环境保护督察整改落实情况" in out
    assert "河南省" in out and "tasks_total" in out and "101" in out
    assert "status: ok" in out
    assert "中央第五生态环境保护督察组" in out
    assert "\x1b[" not in out  # captured output: no colour


def test_extract_human_view_emphasises_match(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    rc, out, _ = run(capsys, "extract", str(SEED))
    assert rc == 0
    assert "\x1b[1;4" in out or "\x1b[1;2;4" in out  # bold underline on the matched words


def test_extract_json_unchanged(capsys):
    rc, out, _ = run(capsys, "extract", "--json", str(SEED))
    assert rc == 0
    doc = json.loads(out)
    assert doc["document"]["kind"] == "progress"
    henan = next(s for s in doc["sections"] if s["entity"] == "河南省")
    assert (henan["tasks_total"], henan["tasks_done"]) == (101, 86)


def test_extract_problem_exit_1(capsys, tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_text("", encoding="utf-8")
    rc, out, _ = run(capsys, "extract", str(empty))
    assert rc == 1 and "problem" in out


def test_build_unchanged(capsys, tmp_path):
    rc, _, err = run(capsys, "build", "--data", str(tmp_path / "ds"))
    assert rc == 0 and "5 documents" in err
    rc, _, err = run(capsys, "--data", str(tmp_path / "ds"), "build")
    assert rc == 0 and "0 parsed" in err


def test_data_option_after_command(capsys, tmp_path):
    rc, out, _ = run(capsys, "show", "河南", "--json", "--data", str(tmp_path / "ds"))
    assert rc == 0 and json.loads(out)["entity"] == "河南省"
    assert (tmp_path / "ds" / "facts.parquet").exists()


def test_ducha_data_env(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DUCHA_DATA", str(tmp_path / "envds"))
    rc, _out, _ = run(capsys, "show", "豫", "--json")
    assert rc == 0 and (tmp_path / "envds" / "facts.parquet").exists()


def test_app_gets_settings(capsys, tmp_path, monkeypatch):
    import ducha.cli as cli

    seen = {}

    def fake_app(data_dir, theme=None, grouping=None, extra=()):
        seen.update(data_dir=data_dir, theme=theme, grouping=grouping, extra=list(extra))
        return 0

    monkeypatch.setattr(cli, "cmd_app", fake_app)
    cfg = tmp_path / "no-config.toml"
    reports = tmp_path / "reports"
    reports.mkdir()
    cfg.write_text(
        f'theme = "nord"\ngrouping = "place"\nsources = ["{reports}"]\n', encoding="utf-8"
    )
    rc, _, _ = run(capsys, "--data", str(tmp_path / "d"))
    assert rc == 0 and seen == {
        "data_dir": str(tmp_path / "d"),
        "theme": "nord",
        "grouping": "place",
        "extra": [str(reports)],  # configured folders reach the app's builds
    }
    rc, _, _ = run(capsys, "--data", str(tmp_path / "d"), "--theme", "textual-light")
    assert seen["theme"] == "textual-light"


def test_subprocess_no_color_and_pipe(tmp_path):
    """The installed entry point, output piped: no escape sequences; NO_COLOR honoured."""
    env = {**os.environ, "DUCHA_CONFIG": str(tmp_path / "none.toml"), "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    env.pop("DUCHA_DATA", None)
    done = subprocess.run(
        [sys.executable, "-m", "ducha", "--data", str(tmp_path / "ds"), "show", "湖南"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout and "behind" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "ducha", "--data", str(tmp_path / "ds"), "show", "qqqq"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3 and "nothing matches" in done.stderr
