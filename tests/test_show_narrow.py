"""`ducha show` at 80 columns: its tables drop or merge columns rather than cut a number
or a date, and no line is wider than the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from screen_checks import cut_numbers


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ledger_fixtures import build_ledger_dataset

    return build_ledger_dataset(tmp_path_factory.mktemp("narrow"))


def _env(**extra: str) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {**keep, "DUCHA_CONFIG": "/nonexistent/ducha.toml", "LANG": "C.UTF-8", **extra}


def test_show_at_80_columns_cuts_nothing(data: Path) -> None:
    env = {**_env(), "COLUMNS": "80"}
    queries = ["", "全国", "山西", "河南", "湖南", "云南", "广西", "江西", "洛阳"]
    for q in queries:
        argv = [sys.executable, "-m", "ducha", "--data", str(data), "show", *([q] if q else [])]
        out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120).stdout
        assert out.strip(), q
        assert cut_numbers(out) == [], (q, out)
        assert max(cell_len(line) for line in out.splitlines()) <= 80, (q, out)
    argv = [sys.executable, "-m", "ducha", "--data", str(data), "show", "山西", "--tasks"]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120).stdout
    assert "HN" in out or "2021-12-31" in out
    assert cut_numbers(out) == [] and max(cell_len(line) for line in out.splitlines()) <= 80
