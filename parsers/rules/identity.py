"""Who inspected whom, and when: group, round, batch, stationing period, feedback date,
and the date counts are stated for (as of)."""

from __future__ import annotations

import re
from datetime import date

from ..dates import DATE_RE, PartialDate, parse_date, relative_year
from ..numbers import cn_to_int

GROUP_RE = re.compile(r"中央第[一二三四五六七八九十\d]+(?:生态)?环境保护督察组")
ROUND_RE = re.compile(r"第([一二三四五六七八九十\d]+)轮")
ROUND_NAMES = {1: "第一轮", 2: "第二轮", 3: "第三轮", 4: "第四轮"}
# 第二轮第三批 / 第三批中央生态环境保护督察 / 回头看第一批: a batch of the central inspection
# (not 第一批省级生态文明建设示范区).
BATCH_RE = re.compile(
    r"(?:第(?P<r>[一二三四五六七八九十\d]+)轮(?:中央生态环境保护督察|中央环保督察)?|回头看\"?)"
    r"第(?P<b>[一二三四五六七八九十\d]+)批"
    r"|第(?P<b2>[一二三四五六七八九十\d]+)批(?:中央)?(?:生态)?环(?:境保护|保)督察"
)
LOOKBACK_RE = re.compile(r"回头看")
# a stationing (进驻) period: 2021年4月7日至5月7日
RANGE_RE = re.compile(
    r"(?P<a>(?:\d{4}年)?\d{1,2}月\d{1,2}日)\s*(?:至|到|-|~|—)\s*(?P<b>(?:\d{4}年)?\d{1,2}月\d{1,2}日)"
)
INSPECTION_WORDS = re.compile(r"督察组|督察|进驻|回头看")
# a sentence that opens with its date: 2021年4月6日,中央第六…督察组进驻湖南
LEAD_DATE_RE = re.compile(r"^(?P<d>(?:\d{4}年|今年|去年)?\d{1,2}月\d{1,2}日)(?:上午|下午|晚)?[,\s]")
FEEDBACK_RE = re.compile(r"反馈")
ASOF_RE = re.compile(r"截(?:至|止)(?:到)?")


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def round_name(number: int | None, lookback: bool = False) -> str | None:
    name = ROUND_NAMES.get(number or 0)
    if name and lookback and number == 1:
        return "第一轮回头看"
    return name


def find_group(sentence: str) -> str | None:
    m = GROUP_RE.search(sentence)
    return m.group(0) if m else None


def find_round(sentence: str) -> str | None:
    """The central inspection round a sentence names (ignores 第二轮省级督察)."""
    for m in ROUND_RE.finditer(sentence):
        after = sentence[m.end() : m.end() + 4]
        if after.startswith("省级") or after.startswith("省"):
            continue
        number = _int(m.group(1))
        lookback = bool(LOOKBACK_RE.search(sentence)) and "省级" not in sentence
        return round_name(number, lookback)
    if re.search(r"(?:中央|督察)[^,;。]{0,12}回头看", sentence) and "省级" not in sentence:
        return "第一轮回头看"  # the only central 回头看 held so far followed round 1
    return None


def find_batch(sentence: str) -> tuple[str | None, int | None]:
    """(round name, batch number) of a 第X轮第Y批 mention."""
    m = BATCH_RE.search(sentence)
    if not m:
        return None, None
    if m.group("b2"):
        return None, _int(m.group("b2"))
    rnd = round_name(_int(m.group("r"))) if m.group("r") else "第一轮回头看"
    return rnd, _int(m.group("b"))


def _full(pd: PartialDate, year: int | None) -> str | None:
    return pd.resolve(pd.year or year)


def find_stationing(sentence: str, published_year: int | None) -> tuple[str | None, str | None]:
    """Start and end of the stay named in a sentence about a team's inspection."""
    if not INSPECTION_WORDS.search(sentence):
        return None, None
    m = RANGE_RE.search(sentence)
    if not m:
        lead = LEAD_DATE_RE.match(sentence)
        if lead and re.search(r"督察组[^。;]{0,20}进驻|进驻[^。;]{0,12}督察", sentence):
            pd = parse_date(lead.group("d"))
            year = pd and (pd.year or relative_year(pd.relative, published_year, None))
            return (pd.resolve(year) if pd and year else None), None
        return None, None
    a, b = parse_date(m.group("a")), parse_date(m.group("b"))
    if a is None or b is None:
        return None, None
    year = a.year or relative_year(a.relative, published_year, None)
    if year is None:
        return None, None
    start = _full(a, year)
    end_year = b.year or (year + 1 if (b.month or 0) < (a.month or 0) else year)
    end = _full(b, end_year)
    return start, end


def find_feedback(
    sentence: str, stationing_start: str | None, published_year: int | None
) -> str | None:
    """The feedback date: 于2021年7月20日反馈 / 于7月20日向辽宁省反馈 / 今年5月6日…反馈."""
    lead = LEAD_DATE_RE.match(sentence)
    if lead and re.search(r"督察组[^。;]{0,30}反馈", sentence):
        # 7月16日,中央第六生态环境保护督察组向湖南省委、省政府反馈督察情况
        return _resolve_feedback(lead.group("d"), stationing_start, published_year)
    for fb in FEEDBACK_RE.finditer(sentence):
        window_start = max(0, fb.start() - 30)
        best = None
        for m in DATE_RE.finditer(sentence, window_start, fb.start()):
            if not m.group("m") or not m.group("d"):
                continue
            between = sentence[m.end() : fb.start()]
            if re.search(r"[,;。]", between) or len(between) > 20:
                continue
            best = m
        if best is None:
            continue
        iso = _resolve_feedback(best.group(0), stationing_start, published_year)
        if iso:
            return iso
    return None


def _resolve_feedback(text: str, stationing_start: str | None, published_year: int | None):
    """A feedback date with its year from the text, 今年/去年, or the stationing (the
    feedback follows the stay, so a month before it is in the next year)."""
    pd = parse_date(text)
    if pd is None:
        return None
    base = _year(stationing_start) or published_year
    year = pd.year or relative_year(pd.relative, published_year, base) or base
    if year is None:
        return None
    iso = pd.resolve(year)
    if iso and stationing_start and not pd.year and not pd.relative and iso < stationing_start:
        iso = pd.resolve(year + 1)
    return iso


def find_as_of(sentence: str, context_year: int | None) -> str | None:
    """截至2022年11月底 -> 2022-11-30; 截至2022年12月 -> 2022-12-31; 截至目前 -> None."""
    m = ASOF_RE.search(sentence)
    if not m:
        return None
    pd = parse_date(sentence[m.end() :])
    if pd is None:
        return None
    year = pd.year or relative_year(pd.relative, context_year, context_year) or context_year
    return pd.resolve(year, month_end=True)


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


def later(a: str | None, b: str | None) -> bool:
    """True when ISO date a is after b."""
    try:
        return bool(a and b and date.fromisoformat(a) > date.fromisoformat(b))
    except ValueError:
        return False
