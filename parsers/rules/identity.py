"""Who inspected whom, and when: group, round, batch, stationing period, feedback date,
and the date counts are stated for (as of)."""

from __future__ import annotations

import re
from datetime import date

from ..dates import DAY_DATE_RE, PartialDate, parse_date, relative_year
from ..numbers import cn_to_int

GROUP_RE = re.compile(r"中央第[一二三四五六七八九十\d]+(?:生态)?环(?:境保护|保)督察组")
ROUND_RE = re.compile(r"第([一二三四五六七八九十\d]+)轮")
ROUND_NAMES = {1: "第一轮", 2: "第二轮", 3: "第三轮", 4: "第四轮"}
# A batch of the central inspection: 第二轮第三批, 第2轮第2批, 第三批7个中央环保督察组,
# 今年首批中央生态环境保护督察, 第二批中央生态环保督察"回头看", 回头看第一批 (never 第十七批信访件
# or 第四批7个典型案例: a batch needs its round or the inspection's name beside it).
_N = r"[一二三四五六七八九十\d]+"
BATCH_RE = re.compile(
    rf"(?:第(?P<r>{_N})轮(?:中央(?:生态)?环(?:境保护|保)督察)?(?P<lb1>\"?回头看\"?)?"
    rf"|(?P<lb0>回头看\"?))?(?:第(?P<b>{_N})|(?P<first>首))批"
    rf"(?P<tail>(?:\d+个)?(?:中央)?(?:生态)?环(?:境保护|保)?督察(?:组)?(?P<lb2>\"?回头看)?)?"
)
LOOKBACK_RE = re.compile(r"回头看")
# a stationing (进驻) period: 2021年4月7日至5月7日, 2024年10月18日至20日
RANGE_RE = re.compile(
    r"(?P<a>(?:\d{4}年)?\d{1,2}月\d{1,2}日)\s*(?:至|到|-|~|—)\s*"
    r"(?P<b>(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日)"
)
_RANGE_JOIN = re.compile(r"日\s*(?:至|到|-|~|—)")  # in every range: a fast test for RANGE_RE
# teams entering one after another over a few days: the window's first day is the start,
# and the stay's end is not stated (于7月10日至15日陆续进驻)
GRADUAL = re.compile(r"^[^;。]{0,40}?陆续")
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
    if "督察组" not in sentence:
        return None
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
    """(round name, batch number) of a batch mention; the round is None when the words do
    not state it (第三批中央环保督察: the caller places it by year or by the document)."""
    if "批" not in sentence:
        return None, None
    for m in BATCH_RE.finditer(sentence):
        if not (m.group("r") or m.group("lb0") or m.group("tail")):
            continue
        batch = 1 if m.group("first") else _int(m.group("b"))
        if not batch:
            continue
        lookback = bool(m.group("lb0") or m.group("lb1") or m.group("lb2"))
        after = sentence[m.end() : m.end() + 12]
        lookback = lookback or bool(re.match(r"[^,;。]{0,8}回头看", after))
        if m.group("r"):
            return round_name(_int(m.group("r")), lookback), batch
        if lookback:
            return "第一轮回头看", batch
        year = re.search(r"((?:19|20)\d{2})年(?:度)?$", sentence[max(0, m.start() - 6) : m.start()])
        if year:
            from ducha.reference.batches import round_for_date

            return round_for_date(year.group(1) + "-07"), batch
        return None, batch
    return None, None


def _full(pd: PartialDate, year: int | None) -> str | None:
    return pd.resolve(pd.year or year)


def find_stationing(sentence: str, published_year: int | None) -> tuple[str | None, str | None]:
    """Start and end of the stay named in a sentence about a team's inspection."""
    if not INSPECTION_WORDS.search(sentence):
        return None, None
    m = RANGE_RE.search(sentence) if _RANGE_JOIN.search(sentence) else None
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


def find_stationings(sentence: str, context_year: int | None) -> list[tuple[str, str | None]]:
    """Every stay a sentence states, in order: (start, end), end None when only the start is
    known (陆续进驻, 于2021年4月7日进驻). A range without a year takes the year stated before
    it in the sentence, else `context_year`."""
    if "日" not in sentence or not INSPECTION_WORDS.search(sentence):
        return []
    out: list[tuple[str, str | None]] = []
    year = None
    for m in RANGE_RE.finditer(sentence) if _RANGE_JOIN.search(sentence) else ():
        before = re.findall(r"((?:19|20)\d{2})年", sentence[: m.start()])
        a, b = parse_date(m.group("a")), parse_date(m.group("b"))
        day_only = re.fullmatch(r"(\d{1,2})日", m.group("b"))
        if b is None and day_only:  # 10月18日至20日: the same month
            b = PartialDate(None, None, int(day_only.group(1)), None, None)
        if a is None or b is None:
            continue
        y = a.year or (int(before[-1]) if before else None) or year
        y = y or relative_year(a.relative, context_year, None) or context_year
        if y is None:
            continue
        start = _full(a, y)
        b_month = b.month or a.month
        end_year = b.year or (y + 1 if (b_month or 0) < (a.month or 0) else y)
        end = PartialDate(end_year, b_month, b.day, None, None).resolve(end_year)
        if start is None:
            continue
        if (
            GRADUAL.match(sentence[m.end() :])
            or "陆续" in sentence[max(0, m.start() - 6) : m.start()]
        ):
            end = None
        out.append((start, end))
        year = int(start[:4])
    if not out:
        start, end = find_stationing(sentence, context_year)
        if start:
            out.append((start, end))
    if not out:
        out.extend(_start_or_end_only(sentence, context_year))
    return out


# 从今年5月28日开始进驻 / 于2021年4月7日进驻 (start only); 进驻已于2024年11月20日结束 (end only)
_START_ONLY = re.compile(
    r"(?:从|自|于)(?P<d>(?:\d{4}年|今年|去年)?\d{1,2}月\d{1,2}日)(?:起)?(?:开始|陆续)?(?:进驻|入驻)"
    r"|^(?P<d2>(?:\d{4}年)?\d{1,2}月\d{1,2}日)(?:上午|下午)?,[^。]{0,40}督察[^。]{0,20}动员会"
)
_END_ONLY = re.compile(
    r"进驻(?:工作)?(?:已)?于(?P<d>(?:\d{4}年|今年|去年)?\d{1,2}月\d{1,2}日)(?:全部)?结束"
)


def _start_or_end_only(sentence: str, context_year: int | None) -> list[tuple[str, str | None]]:
    for regex, is_start in ((_START_ONLY, True), (_END_ONLY, False)):
        m = regex.search(sentence)
        if not m:
            continue
        pd = parse_date(m.group("d") or m.group("d2")) if is_start else parse_date(m.group("d"))
        year = pd and (pd.year or relative_year(pd.relative, context_year, None) or context_year)
        iso = pd.resolve(year) if pd and year else None
        if iso:
            return [(iso, None)] if is_start else [("", iso)]
    return []


# a news dateline followed by a day of its own month: 本报成都1月9日电 9日,…
_DATELINE_DAY = re.compile(
    r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日电\s*(?:\([^()]{0,20}\))?\s*(?P<day>\d{1,2})日(?:上午|下午)?,"
)
# the feedback as the sentence's event (向X反馈, 反馈会, 进行了反馈), not a 反馈意见 being named
_FEEDBACK_EVENT = re.compile(
    r"督察组[^。;]{0,30}(?:向|对)[^。;]{0,24}反馈|反馈会|进行(?:了)?反馈|反馈了|作(?:了)?反馈"
    r"|督察组[^。;,]{0,6}反馈(?!意见整改)"
)


def find_feedbacks(
    sentence: str, stationing_start: str | None, published_year: int | None
) -> list[str]:
    """Every feedback date of a sentence: 于2016年11月17日、2018年10月16日及2021年7月17日
    向我省反馈 gives three; a news date before 获悉 or …以来 gives none."""
    if "反馈" not in sentence:
        return []
    dateline = _DATELINE_DAY.search(sentence)
    if dateline and _FEEDBACK_EVENT.search(sentence):
        # 本报成都1月9日电 9日,督察组向四川省反馈: the day of the dateline's month
        month, day = int(dateline.group("m")), int(dateline.group("day"))
        iso = _resolve_feedback(f"{month}月{day}日", stationing_start, published_year)
        return [iso] if iso else []
    lead = LEAD_DATE_RE.match(sentence)
    if lead and _FEEDBACK_EVENT.search(sentence) and not re.search(r"获悉|以来|了解到", sentence):
        iso = _resolve_feedback(lead.group("d"), stationing_start, published_year)
        return [iso] if iso else []
    for fb in FEEDBACK_RE.finditer(sentence):
        chain: list[re.Match[str]] = []
        for m in DAY_DATE_RE.finditer(sentence, max(0, fb.start() - 80), fb.start()):
            if chain and not re.fullmatch(
                r"\s*(?:、|及|和|与|,)\s*", sentence[chain[-1].end() : m.start()]
            ):
                chain = []
            chain.append(m)
        if not chain:
            continue
        between = sentence[chain[-1].end() : fb.start()]
        comma_only = re.fullmatch(r",\s*(?:并|又)?", between) is not None  # 2016年11月17日,反馈了
        if (re.search(r"[,;。]", between) and not comma_only) or len(between) > 24:
            continue
        out = []
        base = stationing_start
        for m in chain:
            iso = _resolve_feedback(m.group(0), base, published_year)
            if iso:
                out.append(iso)
        if out:
            return out
    return []


def find_feedback(
    sentence: str, stationing_start: str | None, published_year: int | None
) -> str | None:
    """The (first) feedback date of a sentence: 于2021年7月20日反馈 / 于7月20日向辽宁省反馈."""
    found = find_feedbacks(sentence, stationing_start, published_year)
    return found[0] if found else None


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
    """截至2022年11月底 -> 2022-11-30; 截至2022年12月 -> 2022-12-31; 截至2020年年底 ->
    2020-12-31; (统计截止时间:2021年5月6日18:00) -> 2021-05-06; 截至目前 -> None."""
    m = ASOF_RE.search(sentence)
    if not m:
        return None
    rest = (
        re.sub(r"^(?:时间|日期)?[:\s]*", "", sentence[m.end() :])
        .replace("年年底", "年底")
        .replace("年年末", "年底")
    )
    pd = parse_date(rest)
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
