"""Deadline buckets of a plan's task list: 立行立改的11项、占28.9%, 应于2019年底完成的17项,
2022年6月底前完成的12项, 长期坚持的5项; also where a progress report restates them
(其中2022年底前应完成整改26个)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import parse_date
from ..numbers import NUM, read_number

_DATE = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:\d{1,2}日|底|末)?|底|末)"
BUCKET_WORDS = ("立行立改", "长期坚持", "持续推进", "持续整改")
# a year alone (计划2017年完成的46项, 2024年需完成整改的问题有21项) or relative to the page date
# (今年底前须完成的9项); never a range of years (2024-2026年完成的有33项)
_YEAR_ONLY = r"(?<![\d-])(?P<year>\d{4})年(?![\d底末])|(?P<rel>今年|明年)(?:底|年底)"
_BUCKET_RE = re.compile(
    rf"(?P<due>立行立改|长期坚持|持续推进|持续整改"
    rf"|(?P<pre>应于|于|在|须于|需于|计划|应在|需在|须在)?(?:(?P<date>{_DATE})|{_YEAR_ONLY})(?:前|以前|之前)?)"
    r"(?:\([^()]{0,24}\))?"
    r"(?P<fill>[^\d,;。:]{0,12}?)"
    rf"(?P<qty>{NUM})(?P<cls>项|个|条)"
    rf"(?:[,、(]?(?:占比?|占总数的?)(?P<share>{NUM})%\)?)?"
)
_NOT_DUE = re.compile(r"(?:截至|截止|到|至)$")
_ITEM = rf"(?:立行立改|长期坚持|持续推进|(?:应于|于|在)?{_DATE}(?:前|以前)?(?:完成)?)"
# 立行立改、2021年底前完成和长期坚持的任务分别为9项、20项、5项: buckets paired in order
_LIST_RE = re.compile(
    rf"(?P<items>{_ITEM}(?:(?:、|和|及){_ITEM})+)的?(?:整改)?(?:任务|问题|措施)?分别(?:为|是|有)?"
    rf"(?P<counts>{NUM}(?:项|个|条)(?:、{NUM}(?:项|个|条))+)"
)


@dataclass(slots=True)
class DeadlineHit:
    due: str
    due_text: str
    count: int | None
    share: float | None
    start: int
    end: int


def _due(phrase: str) -> str | None:
    """立行立改 / 长期坚持 / an ISO date for a due phrase (None when not a day)."""
    for word in BUCKET_WORDS:
        if word in phrase:
            return word
    m = re.search(_DATE, phrase)
    pd = parse_date(m.group(0)) if m else None
    return pd.resolve(None, month_end=True) if pd else None


def _list_hits(sentence: str) -> list[DeadlineHit]:
    hits = []
    for m in _LIST_RE.finditer(sentence):
        items = re.findall(_ITEM, m.group("items"))
        counts = re.findall(rf"({NUM})(?:项|个|条)", m.group("counts"))
        if len(items) != len(counts):
            continue
        for item, count in zip(items, counts, strict=True):
            due, value = _due(item), read_number(count)
            if due is not None and value is not None:
                hits.append(DeadlineHit(due, item, int(value), None, m.start(), m.end()))
    return hits


_ANY_DUE = re.compile(r"立行立改|长期坚持|持续推进|持续整改|年|今年|明年")
_BUCKET_COUNT = re.compile(r"[项个条]")  # every bucket counts in one of these


def deadline_hits(sentence: str, year: int | None = None) -> list[DeadlineHit]:
    """Buckets stated in one sentence; `year` is the page's year, for 今年底前."""
    if not _ANY_DUE.search(sentence):
        return []
    hits: list[DeadlineHit] = _list_hits(sentence) if "分别" in sentence else []
    if hits or not _BUCKET_COUNT.search(sentence):
        return hits
    for m in _BUCKET_RE.finditer(sentence):
        fill = m.group("fill")
        if "已" in fill:
            continue  # 已完成48项 is an achievement, not a bucket
        if re.search(r"[^的整改任务问题措施应须需完成前要求类有限期计划]", fill):
            continue  # other words between the due phrase and the count
        if m.group("year") or m.group("rel"):
            words = (m.group("pre") or "") + m.group("due") + fill
            if not re.search(r"应|须|需|计划|要求|限期|前", words) or not re.search(r"完成", fill):
                continue  # 2022年完成15项 is an achievement; a bucket says it is due
            base = int(m.group("year")) if m.group("year") else year
            if base is None:
                continue
            if m.group("rel") == "明年":
                base += 1
            count = read_number(m.group("qty"))
            hits.append(
                DeadlineHit(f"{base:04d}-12-31", m.group("due"),
                            int(count) if count is not None else None, None, m.start(), m.end())
            )  # fmt: skip
            continue
        if m.group("date"):
            if not re.search(r"完成|前|应于|须于|需于", m.group("due") + fill):
                continue  # 2021年…12个: a date with no deadline words
            as_of = _NOT_DUE.search(sentence[max(0, m.start() - 2) : m.start()])
            if as_of and not (m.group("due").endswith("前") and as_of.group(0) == "到"):
                continue  # 截至2022年底: an as-of date (到2022年底前完成 is a deadline)
        due = m.group("due")
        if m.group("date"):
            pd = parse_date(m.group("date"))
            iso = pd.resolve(None, month_end=True) if pd else None
            if iso is None:
                continue
            due = iso
        else:
            due = next(w for w in BUCKET_WORDS if w in due)
        count = read_number(m.group("qty"))
        share = read_number(m.group("share")) if m.group("share") else None
        hits.append(
            DeadlineHit(due, m.group("due"), int(count) if count is not None else None,
                        share, m.start(), m.end())
        )  # fmt: skip
    return hits
