"""The words of the dataset, in one place: counted categories and their fields, the roles a
field plays, and statuses, each with its Chinese and English label and its unit.

The parser writes these field names, the queries group them into categories, and the
command line and the app label them; all of them read this module, so a label or a
status word cannot differ between two screens. Standard library only.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Category(NamedTuple):
    key: str
    label: str  # Chinese, as tables show it
    english: str
    fields: dict[str, str]  # role -> field name
    unit: str = ""  # the measure word of its counts (项, 件, 人…)


# Rounds of inspection, newest first (the order of the tree and of a place's rounds).
ROUND_ORDER = ("第三轮", "第二轮", "第一轮回头看", "第一轮")


def round_rank(r: str | None) -> tuple[int, str]:
    """Sort key of a round: newest first, unknown rounds after the known ones."""
    if r in ROUND_ORDER:
        return ROUND_ORDER.index(r), r or ""
    return len(ROUND_ORDER), r or ""


# One row per counted category, in display order. Roles: total, done, in_progress,
# on_schedule, behind, phased, rate, and single-value roles for the other figures.
CATEGORIES: tuple[Category, ...] = (
    Category("tasks", "整改任务", "tasks", {
        "total": "tasks_total", "done": "tasks_done", "in_progress": "tasks_in_progress",
        "on_schedule": "tasks_on_schedule", "behind": "tasks_behind", "rate": "tasks_rate",
        "immediate": "tasks_immediate"}, "项"),
    Category("problems", "问题", "problems", {
        "total": "problems_total", "done": "problems_done",
        "in_progress": "problems_in_progress", "on_schedule": "problems_on_schedule",
        "behind": "problems_behind"}, "个"),
    Category("measures", "整改措施", "measures",
             {"total": "measures_total", "done": "measures_done"}, "项"),
    Category("petitions", "信访件", "petitions", {
        "total": "petitions_total", "done": "petitions_done", "phased": "petitions_phased",
        "in_progress": "petitions_in_progress", "rate": "petitions_rate"}, "件"),
    Category("cases", "典型案例", "typical cases", {
        "total": "cases_total", "done": "cases_done", "in_progress": "cases_in_progress"}, "个"),
    Category("accountability", "责任追究", "accountability", {
        "total": "accountability_issues", "units": "accountability_units",
        "people": "accountability_people"}),
    Category("received", "受理举报", "petitions received", {
        "total": "petitions_received", "valid": "petitions_valid"}, "件"),
    Category("enforcement", "责令整改/处罚", "enforcement", {
        "ordered": "ordered_rectification", "penalties": "penalty_cases",
        "fines_wan": "fines_wan", "criminal": "criminal_cases"}),
    Category("detention", "拘留/约谈", "detention, interviews", {
        "detained": "detained", "administrative": "detained_administrative",
        "criminal": "detained_criminal", "interviewed": "interviewed_people"}, "人"),
)  # fmt: skip

CATEGORY = {c.key: c for c in CATEGORIES}
# the categories counted as items with progress (a total, and parts of it done or not)
PROGRESS_CATEGORIES = ("tasks", "problems", "measures", "petitions", "cases")
FIELD_CATEGORY = {f: c.key for c in CATEGORIES for f in c.fields.values()}

# Every count and rate field, in display order (the gold schema's names): what the
# parser may write to the facts table.
COUNT_FIELDS: tuple[str, ...] = (
    "tasks_total", "tasks_done", "tasks_in_progress", "tasks_on_schedule", "tasks_behind",
    "tasks_immediate", "tasks_rate",
    "problems_total", "problems_done", "problems_in_progress", "problems_on_schedule",
    "problems_behind",
    "measures_total", "measures_done",
    "petitions_received", "petitions_valid", "petitions_total", "petitions_done",
    "petitions_phased", "petitions_in_progress", "petitions_rate",
    "cases_total", "cases_done", "cases_in_progress",
    "accountability_issues", "accountability_units", "accountability_people",
    "ordered_rectification", "penalty_cases", "fines_wan", "criminal_cases", "detained",
    "detained_administrative", "detained_criminal", "interviewed_people",
)  # fmt: skip
RATE_FIELDS = frozenset({"tasks_rate", "petitions_rate"})

# The unit of a field whose unit is not its category's.
FIELD_UNIT = {
    "tasks_rate": "%", "petitions_rate": "%", "accountability_issues": "个",
    "accountability_units": "个", "accountability_people": "人",
    "ordered_rectification": "家", "penalty_cases": "件", "fines_wan": "万元",
    "criminal_cases": "件", "detained": "人", "detained_administrative": "人",
    "detained_criminal": "人", "interviewed_people": "人", "petitions_valid": "件",
}  # fmt: skip


# Each field's label as a report words it, and in English: every screen, `show` and
# every export label a figure from here (both languages: filters accept either).
FIELD_LABEL: dict[str, tuple[str, str]] = {
    "tasks_total": ("整改任务", "tasks"), "tasks_done": ("已完成整改任务", "tasks done"),
    "tasks_in_progress": ("推进中整改任务", "tasks in progress"),
    "tasks_on_schedule": ("达到序时进度", "tasks on schedule"),
    "tasks_behind": ("未达序时进度", "tasks behind"),
    "tasks_immediate": ("立行立改", "tasks done at once"),
    "tasks_rate": ("整改任务完成率", "task completion"),
    "problems_total": ("问题", "problems"), "problems_done": ("已完成整改问题", "problems done"),
    "problems_in_progress": ("推进中问题", "problems in progress"),
    "problems_on_schedule": ("达到序时进度问题", "problems on schedule"),
    "problems_behind": ("未达序时进度问题", "problems behind"),
    "measures_total": ("整改措施", "measures"), "measures_done": ("已完成整改措施", "measures done"),
    "petitions_received": ("受理举报", "petitions received"),
    "petitions_valid": ("有效举报", "valid petitions"),
    "petitions_total": ("交办信访件", "petitions handed over"),
    "petitions_done": ("已办结信访件", "petitions closed"),
    "petitions_phased": ("阶段性办结", "petitions phased"),
    "petitions_in_progress": ("正在办理信访件", "petitions in progress"),
    "petitions_rate": ("信访件办结率", "petition closure"),
    "cases_total": ("典型案例", "typical cases"), "cases_done": ("已整改典型案例", "cases done"),
    "cases_in_progress": ("推进中典型案例", "cases in progress"),
    "accountability_issues": ("责任追究问题", "accountability issues"),
    "accountability_units": ("问责单位", "units held accountable"),
    "accountability_people": ("问责人员", "people held accountable"),
    "ordered_rectification": ("责令整改", "ordered to rectify"),
    "penalty_cases": ("立案处罚", "penalty cases"), "fines_wan": ("罚款", "fines"),
    "criminal_cases": ("立案侦查", "criminal cases"), "detained": ("拘留", "detained"),
    "detained_administrative": ("行政拘留", "administrative detention"),
    "detained_criminal": ("刑事拘留", "criminal detention"),
    "interviewed_people": ("约谈", "interviewed"),
}  # fmt: skip


def field_label(field: str, english: bool = False) -> str:
    """A field's label, Chinese by default (the field's own name when it has none)."""
    pair = FIELD_LABEL.get(field)
    return (pair[1] if english else pair[0]) if pair else field


def field_for_label(text: str) -> list[str]:
    """The fields a label names, in either language, as a filter reads it: a whole label
    (罚款, fines) or a part of one (信访 → every petition field)."""
    q = text.strip().lower()
    if not q:
        return []
    exact = [f for f, (zh, en) in FIELD_LABEL.items() if q in (zh, en, f)]
    if exact:
        return exact
    return [f for f, (zh, en) in FIELD_LABEL.items() if q in zh or q in en or q in f]


def unit_of(field: str) -> str:
    """The unit a field's value is counted in ('' when none is known)."""
    if field in FIELD_UNIT:
        return FIELD_UNIT[field]
    category = FIELD_CATEGORY.get(field)
    return CATEGORY[category].unit if category else ""


# The roles of a category's progress, as the columns of its table.
ROLE_COLUMNS = ("total", "done", "in_progress", "on_schedule", "behind", "phased", "rate")
ROLE_HEADERS = ("total", "done", "in prog", "on sch", "behind", "phased", "rate")
PROGRESS_ROLES = frozenset(ROLE_COLUMNS)


class Status(NamedTuple):
    key: str
    word: str  # English, shown beside the colour (colour is never the only signal)
    chinese: str
    meaning: str  # one line of help
    rank: int  # attention order: what needs it most first


STATUSES: tuple[Status, ...] = (
    Status("behind", "behind", "未达序时进度", "some items are behind schedule (未达序时进度)", 0),
    Status("not_started", "not started", "未启动", "work has not started (未启动)", 1),
    Status("in_progress", "in progress", "推进中", "some are done, the rest in progress", 2),
    Status("on_schedule", "on schedule", "达到序时进度",
           "the rest is on schedule (达到序时进度)", 3),
    Status("phased", "phased", "阶段性办结", "done or phased-done (阶段性办结)", 4),
    Status("basically_done", "basically done", "基本完成", "basically done (基本完成)", 5),
    Status("done", "done", "已完成", "every counted item is done", 6),
    Status("stated", "stated", "已载明", "a count without progress (a plan, a total)", 7),
    Status("missing", "no report", "无报告", "a place of a batch with no document yet", 8),
)  # fmt: skip

STATUS = {s.key: s for s in STATUSES}
STATUS_WORDS = {s.key: s.word for s in STATUSES}
STATUS_RANK = {s.key: s.rank for s in STATUSES}
# the statuses a ledger's status column is read into (parsers/ledger/words.py)
LEDGER_STATUSES = (
    "done", "basically_done", "phased", "on_schedule", "in_progress", "behind", "not_started",
)  # fmt: skip
# the statuses of a category's counts (query.status_of)
COUNT_STATUSES = ("done", "behind", "on_schedule", "in_progress", "phased", "stated")
OVERDUE_WORD = "overdue*"  # derived, never stated: the mark says so
# what the overview sorts by
SORT_KEYS = ("entity", "completion", "behind", "total", "done", "as_of")


def num(value: Any) -> Any:
    """A figure as it is written: integral floats as ints (86.0 -> 86; 95.7 stays), in
    JSON and on screen alike."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Where an as-of date comes from. A report that says 截至2022年底 states it; one that says
# 目前 (or states no date) speaks as of no later than its publication, and a repost's
# page date is only an upper bound too; a ledger without a 截至 line is read as of today.
AS_OF_BASES = ("stated", "published", "feedback", "today")


def as_of_text(date: str | None, basis: str | None) -> str:
    """An as-of date with its provenance, the same words on every screen and export:
    `as of 2022-12-31` (stated), `as of ≤2024-04-04 (published)`, `as of ≤2021-07-15
    (feedback)`, `as of today 2026-12-06 (no date stated)`; '' without a date."""
    if not date:
        return ""
    if basis == "published":
        return f"as of ≤{date} (published)"
    if basis == "feedback":
        return f"as of ≤{date} (feedback)"
    if basis == "today":
        return f"as of today {date} (no date stated)"
    return f"as of {date}"


def as_of_short(date: str | None, basis: str | None) -> str:
    """The same in a table cell: `2022-12-31`, `≤2024-04-04`, `today`."""
    if not date:
        return ""
    if basis in ("published", "feedback"):
        return f"≤{date}"
    if basis == "today":
        return "today"
    return date
