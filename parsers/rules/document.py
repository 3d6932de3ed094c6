"""Document-level facts: title, publication date and kind."""

from __future__ import annotations

import re

from ..dates import find_iso_dates, iso

TITLE_WORDS = re.compile(r"督察|整改|环保|生态|环境")
_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜]|——)\s*[^-_|｜]{1,30}$")
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))\s*")
_DATE_LABEL = re.compile(r"发布时间|发布日期|发文日期|时间|日期|来源|发布于")
_COPYRIGHT = re.compile(r"copyright|©|版权", re.IGNORECASE)

KIND_RULES: tuple[tuple[str, str], ...] = (
    ("stationing", r"进驻|边督边改|进驻阶段|动员会|转办.{0,8}(?:信访|举报)|交办.{0,8}(?:信访|举报)|信访举报.{0,6}(?:受理|办理)情况"),
    ("plan", r"整改方案"),
    ("progress", r"整改(?:落实|进展|完成|工作)?情况|整改进展|整改成效|落实情况|整改任务完成"),
    ("feedback", r"反馈(?:督察)?(?:意见|情况|报告)|向.{1,12}反馈"),
)  # fmt: skip


def clean_title(line: str) -> str:
    title = line.strip()
    while True:
        m = _SITE_SUFFIX.search(title)
        if not m or not TITLE_WORDS.search(title[: m.start()]):
            break
        title = title[: m.start()]
    return _NUMBERING.sub("", title).strip()


def pick_title(lines: list[str]) -> str | None:
    """The first headline-like line: short, Chinese, about inspections, not a sentence."""
    for line in lines[:25]:
        s = line.strip()
        if not 6 <= len(s) <= 120 or s.endswith(("。", ",", ";")):
            continue
        if s.count("。") or not TITLE_WORDS.search(s):
            continue
        if not re.search(r"[\u4e00-\u9fff]{4}", s):
            continue
        return clean_title(s)
    return None


def pick_published(header_lines: list[str]) -> str | None:
    """The publication date from the page header: a labelled date first, else the first."""
    first = None
    for line in header_lines:
        if _COPYRIGHT.search(line):
            continue
        for _m, day in find_iso_dates(line):
            if _DATE_LABEL.search(line):
                return day
            first = first or day
    return first


_SIGNATURE_DATE = re.compile(r"\s*(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*")


def pick_signature_date(tail_lines: list[str]) -> str | None:
    """A notice without a dated header ends with its issuer and a date on a line of its
    own (中共…委办公厅 / 2019年12月30日): that date, from the article's last lines."""
    for line in reversed(tail_lines):
        m = _SIGNATURE_DATE.fullmatch(line)
        if m:
            return iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return None


def pick_kind(title: str | None, national: bool, lead: str = "") -> str | None:
    """The document's phase, from its title (or its first paragraph when it has none)."""
    text = title or lead[:200]
    if not text:
        return None
    if re.search(KIND_RULES[0][1], text) and not re.search(r"整改方案|整改.{0,4}情况", text):
        return "stationing"
    if national:
        return "summary"
    for kind, pattern in KIND_RULES[1:]:
        if re.search(pattern, text):
            return kind
    return None
