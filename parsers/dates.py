"""Dates as reports write them, with the year filled in from context.

Reports state a year once and then drop it (`2021年4月6日至5月6日 … 于7月20日反馈`), speak
of 今年/去年 relative to the publication date, and count "as of" the end of a month or
year (`截至2022年11月底`). A date that names no day where one is needed (`12月下旬`) is
left out rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_CN = "〇零一二三四五六七八九十"
YEAR = r"(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年|(?P<rel>今年|去年|当年|同年))"
MONTH = r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月"
DAY = r"(?P<d>\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"

# A full or partial date: (year) month (day), or year alone with 底/末.
DATE_RE = re.compile(
    rf"(?:{YEAR})?(?:{MONTH}(?:{DAY}|(?P<mend>底|末|份)|(?P<vague>上旬|中旬|下旬|初|中))?|(?P<yend>底|末))?"
)

# a date with its month and day (the year optional): never empty, unlike DATE_RE
DAY_DATE_RE = re.compile(rf"(?:{YEAR})?{MONTH}{DAY}")


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if len(text) == 4:
        return int("".join(str(digits[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return digits[text]


@dataclass(slots=True)
class PartialDate:
    """What a date expression states; `None` where it states nothing."""

    year: int | None
    month: int | None
    day: int | None
    end_of: str | None  # "year" (年底), "month" (月底) or None
    relative: str | None  # 今年 / 去年 / 当年 / 同年
    vague: bool = False  # 上旬/中旬/下旬: a part of a month, not a day

    def resolve(self, year: int | None, *, month_end: bool = False) -> str | None:
        """ISO date, taking the year from context when the text omits it.

        `month_end` turns a bare month (截至2022年12月) into its last day; without it a
        date with no day is not a day and yields None.
        """
        y = self.year or year
        if y is None:
            return None
        if self.month is None:
            return f"{y:04d}-12-31" if self.end_of == "year" else None
        if not 1 <= self.month <= 12:
            return None
        last = calendar.monthrange(y, self.month)[1]
        if self.vague:
            return None
        if self.day is not None:
            return f"{y:04d}-{self.month:02d}-{self.day:02d}" if 1 <= self.day <= last else None
        if self.end_of == "month" or month_end:
            return f"{y:04d}-{self.month:02d}-{last:02d}"
        return None


def parse_date(text: str) -> PartialDate | None:
    """Read a date expression that starts at the beginning of `text`."""
    m = DATE_RE.match(text)
    if not m or not m.group(0):
        return None
    year = _cn_int(m.group("y")) if m.group("y") else None
    month = _cn_int(m.group("m")) if m.group("m") else None
    day = _cn_int(m.group("d")) if m.group("d") else None
    end_of = None
    if m.group("yend"):
        end_of = "year"
    elif m.group("mend") in ("底", "末"):
        end_of = "month"
    if year is None and month is None and not m.group("rel"):
        return None
    return PartialDate(year, month, day, end_of, m.group("rel"), bool(m.group("vague")))


def relative_year(rel: str | None, published_year: int | None, context_year: int | None):
    """The year a 今年/去年 refers to."""
    if rel in ("今年",):
        return published_year or context_year
    if rel == "去年":
        base = published_year or context_year
        return base - 1 if base else None
    if rel in ("当年", "同年"):
        return context_year
    return None


def iso(y: int, m: int, d: int) -> str | None:
    try:
        last = calendar.monthrange(y, m)[1]
    except (ValueError, calendar.IllegalMonthError):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= last else None


ISO_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
)


def find_iso_dates(text: str):
    """Yield (match, iso) for numeric dates such as 2023-03-31, 2018年07月07日, 2019/12/30."""
    for m in ISO_DATE_RE.finditer(text):
        value = iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if value:
            yield m, value
