"""Deadline and status cells of a ledger, read from their words.

Both tables are data (`data/reference/ledger_words.toml`); this module only applies them.
A deadline is kept as written (`due_text`) and as an ISO date or a bucket (`due`):
立行立改, 长期坚持, 持续推进, 分阶段完成. A status is kept as written (`status_text`) and
normalised to one of STATUS_KEYS; a cell that says nothing recognisable has no status.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ducha.vocabulary import LEDGER_STATUSES

from ..normalise import normalise, to_simplified

STATUS_KEYS = LEDGER_STATUSES
BUCKETS = ("立行立改", "长期坚持", "持续推进", "分阶段完成")

_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
_YEAR = r"(?P<y>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# 2023年12月31日, 2022年6月底, 2021年底, 2022年上半年, 2022年第一季度, 2022.06.30, 2022-6, 2022/6/30
_DATE_RES = (
    re.compile(rf"{_YEAR}年{_MONTH}月(?:{_DAY}[日号]?|(?P<vague>底|末|份|上旬|中旬|下旬|中)?)"),
    re.compile(
        rf"{_YEAR}年(?P<half>上半年|下半年|年中|年底|年末|底|末|第?[一二三四1-4]季度)?"
        r"(?![0-9〇零一二三四五六七八九十])"  # 2022年13月 is no date, not 2022
    ),
    re.compile(rf"(?<!\d){_YEAR}[./\-]{_MONTH}(?:[./\-]{_DAY})?(?!\d)"),
)
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    tens, sep, ones = s.partition("十")
    if not sep:
        return _CN_DIGITS[s]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _date_of(m: re.Match[str]) -> str | None:
    y = _int(m.group("y"))
    gd = m.groupdict()
    month = _int(gd["m"]) if gd.get("m") else None
    if month is None:
        half = gd.get("half") or ""
        if "上半年" in half or "年中" in half:
            return _month_end(y, 6)
        q = re.search(r"[一二三四1-4](?=季度)", half)
        if q:
            return _month_end(y, _QUARTER[q.group(0)])
        return f"{y:04d}-12-31"  # 2021年, 2021年底, 下半年: the end of the year
    if not 1 <= month <= 12:
        return None
    if gd.get("d"):
        day = _int(gd["d"])
        try:
            return dt.date(y, month, day).isoformat()
        except ValueError:
            return None
    return _month_end(y, month)


@dataclass(frozen=True, slots=True)
class Due:
    due: str | None  # ISO date or a bucket of BUCKETS
    text: str  # as written


@dataclass(frozen=True, slots=True)
class Status:
    key: str | None  # one of STATUS_KEYS
    text: str


@cache
def _rules() -> tuple[
    tuple[tuple[str, re.Pattern[str]], ...], tuple[tuple[str, re.Pattern[str]], ...]
]:
    from ducha.reference.gazetteer import read_reference

    data = read_reference("ledger_words.toml")

    def compile_(section: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple(
            (rule["key"], re.compile("|".join(f"(?:{p})" for p in rule["patterns"])))
            for rule in data[section]
        )

    return compile_("status"), compile_("deadline")


def _view(text: str) -> str:
    """Half-width, simplified, without spaces: what the word tables are written against."""
    return re.sub(r"\s+", "", normalise(to_simplified(text)).text)


def read_due(value: object) -> Due:
    """A deadline cell: a date (a spreadsheet date, or words), else a bucket, else None."""
    if isinstance(value, str):
        return _read_due_text(value)
    if value is None:
        return Due(None, "")
    if isinstance(value, dt.datetime):
        return Due(value.date().isoformat(), value.date().isoformat())
    if isinstance(value, dt.date):
        return Due(value.isoformat(), value.isoformat())
    return _read_due_text(str(value))


@lru_cache(maxsize=4096)
def _read_due_text(value: str) -> Due:
    text = value.strip()
    if not text:
        return Due(None, "")
    view = _view(text)
    dates: list[str] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_RES:
        for m in pattern.finditer(view):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            iso = _date_of(m)
            if iso:
                dates.append(iso)
                taken.append((m.start(), m.end()))
    if dates:
        # 2021年底前完成阶段性目标、2025年底前全面完成: the task is due at the last date
        return Due(max(dates), text)
    for key, pattern in _rules()[1]:
        if pattern.search(view):
            return Due(key, text)
    return Due(None, text)


def read_status(value: object) -> Status:
    """A status cell: the first rule of the word table that matches, else no status."""
    if value is None:
        return Status(None, "")
    if isinstance(value, bool):
        return Status("done" if value else "in_progress", "是" if value else "否")
    return _read_status_text(str(value))


@lru_cache(maxsize=4096)
def _read_status_text(value: str) -> Status:
    text = value.strip()
    if not text:
        return Status(None, "")
    view = _view(text)
    for key, pattern in _rules()[0]:
        if pattern.search(view):
            return Status(key, text)
    return Status(None, text)


def is_date(due: str | None) -> bool:
    return bool(due) and due not in BUCKETS and len(due or "") == 10


def overdue(due: str | None, status: str | None, as_of: str) -> bool:
    """Past its due date at `as_of` without a stated completion (derived, never stated)."""
    return is_date(due) and (due or "") < as_of and status != "done"
