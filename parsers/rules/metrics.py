"""Environmental indicators: canonical name, value, unit, year, change and target.

The canonical names and the ways reports write them are data (`METRICS`). A value is the
number right after the name (with 为/达到/降至… in between) in a unit the indicator is
measured in; a change is the first 同比/较上年/较2015年 + direction + number after it and
before the next indicator. `好于年度目标3.1个百分点` is neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import NUM, read_number

PCT = "%"
UG = "微克/立方米"
MG = "mg/L"
DAY = "天"

# canonical name, pattern of the ways it is written, units a value may have (None: no unit)
METRICS: tuple[tuple[str, str, frozenset[str | None]], ...] = (
    (
        "PM2.5浓度",
        r"(?:细颗粒物\s*(?:\(PM2\.5\))?|PM2\.5\s*(?:\(细颗粒物\))?)(?:年?平均|年均)?(?:浓度)?(?:均值|平均值)?",
        frozenset({UG}),
    ),
    (
        "PM10浓度",
        r"(?:可吸入颗粒物\s*(?:\(PM10\))?|PM10\s*(?:\(可吸入颗粒物\))?)(?:年?平均|年均)?(?:浓度)?",
        frozenset({UG}),
    ),
    (
        "优良天数比例",
        r"(?:环境)?(?:空气质量)?优良天数(?:比例|比率|率|占比)|空气(?:质量)?优良率",
        frozenset({PCT}),
    ),
    ("优良天数", r"(?:环境)?(?:空气质量)?优良天数(?!比例|比率|率|占比)", frozenset({DAY})),
    (
        "水质优良比例",
        r"(?:地表水)?(?:国考|国控|国家地表水考核|国家考核|国家地表水)?断面(?:水质)?优良(?:水质)?(?:比例|率|占比)"
        r"|优良水质(?:断面)?比例|水质优良(?:\([^()]{0,16}\))?(?:断面)?(?:比例|率|占比)|优良水体比例"
        r"|断面中(?:水质)?优良(?:水质)?(?:比例|率|占比)",
        frozenset({PCT}),
    ),
    ("环境空气质量综合指数", r"(?:环境)?空气质量综合指数", frozenset({None})),
    ("重污染天气比例", r"重污染天气?(?:比例|占比)|重污染天数比例", frozenset({PCT})),
    ("臭氧超标天数", r"臭氧(?:\(O3\))?超标天数", frozenset({DAY})),
    (
        "公众生态环境满意率",
        r"公众(?:对)?生态环境(?:质量)?满意(?:率|度)|生态环境(?:质量)?满意率",
        frozenset({PCT}),
    ),
    (
        "Ⅲ类以上水体比例",
        r"(?:Ⅰ|I)\s*[~\-至]\s*(?:Ⅲ|III)类(?:(?:水质)?(?:断面|水体)(?:比例|占比)?|水质(?:比例|占比)?|比例|占比)"
        r"|(?:Ⅲ|III)类(?:及)?以上(?:水质)?(?:水体|断面)(?:比例|占比)?"
        r"|(?:水质)?达到或优于(?:Ⅲ|III)类(?:水质)?(?:的)?(?:断面|水体)?(?:比例|占比)",
        frozenset({PCT}),
    ),
    (
        "污染地块安全利用率",
        r"污染地块安全利用率|(?:重点)?建设用地安全利用率",
        frozenset({PCT}),
    ),
)

UNIT_RE = r"微克/立方米|微克每立方米|μg/m3|ug/m3|mg/L|mg/l|毫克/升|个百分点|%|天"
UNIT_CANON = {
    "微克每立方米": UG,
    "μg/m3": UG,
    "ug/m3": UG,
    "mg/l": MG,
    "毫克/升": MG,
}
_NAME_RES = [(name, re.compile(pat), units) for name, pat, units in METRICS]
# words every way of writing a name contains (one of them): a pattern that opens with optional
# words is tried at every character, `in` is not
_NAME_CUES: dict[str, tuple[str, ...]] = {
    "PM2.5浓度": ("PM2.5", "细颗粒物"),
    "PM10浓度": ("PM10", "可吸入颗粒物"),
    "优良天数比例": ("优良",),
    "优良天数": ("优良天数",),
    "水质优良比例": ("优良",),
    "环境空气质量综合指数": ("空气质量综合指数",),
    "重污染天气比例": ("重污染",),
    "臭氧超标天数": ("臭氧",),
    "公众生态环境满意率": ("满意",),
    "Ⅲ类以上水体比例": ("Ⅲ", "III"),
    "污染地块安全利用率": ("安全利用率",),
}
# a cheap first look: every name pattern above contains one of these words
_ANY_NAME = re.compile(r"PM|颗粒物|优良|断面|综合指数|重污染|臭氧|满意|Ⅲ|III|污染地块|建设用地")
_VALUE_RE = re.compile(
    r"(?:\([^()]{1,12}\))?(?:均|全年|平均)?(?:为|达到|达|是|降至|降到|下降至|下降到|下降为|上升至|上升到|提升至|提升到|提高至|提高到|"
    r"升至|保持在|稳定在|占|控制在|维持在|:)?\s*"
    rf"(?P<num>{NUM})\s*(?P<unit>{UNIT_RE})?"
)
_CHANGE_RE = re.compile(
    r"(?P<base>同比|比上年|较上年|较去年|比去年|与上年相比|较(?P<by>\d{4})年(?:同期)?|比(?P<by2>\d{4})年(?:同期)?)"
    r"(?:分别)?(?P<dir>下降|降低|减少|上升|提高|增加|提升|增长|升高|改善|恶化)(?:了)?"
    rf"(?P<num>{NUM})\s*(?P<unit>{UNIT_RE})"
)
# A change with no base of its own right after the name (PM2.5平均浓度下降28.7%) is read only
# when the sentence set its base before the name: 与2013年(相)比 / 2015年比2013年 / 同比. A
# converter that lost the verb's second character (下\ufffd28.7%) still says which way.
_BARE_CHANGE_RE = re.compile(
    r"\)?(?:年?平均|年均)?(?:浓度)?(?P<dir>下降|降低|减少|上升|提高|增加|提升|增长|升高|下\ufffd|上\ufffd)(?:了)?"
    rf"(?P<num>{NUM})\s*(?P<unit>%|个百分点)"
)
_BASE_BEFORE = re.compile(r"\d{4}年(?:相)?比(?![例重率较])|同比|比上年|较上年")
_NEGATIVE = {"下降", "降低", "减少", "下\ufffd"}
# 2019年至2023年,…PM2.5平均浓度分别为41、37、34、33、32微克/立方米: one value per year of the
# range, read only when the values are exactly as many as the years
_YEAR_RANGE_RE = re.compile(r"(?P<a>(?:19|20)\d{2})年?(?:至|到|-|—|–|~|～)(?P<b>(?:19|20)\d{2})年")
_YEARLY_RE = re.compile(
    rf"(?:年?平均|年均)?(?:浓度)?分别为(?P<vals>{NUM}(?:、{NUM})+)\s*(?P<unit>{UNIT_RE})?"
)
# 由2015年的50微克/立方米下降至2020年的33微克/立方米: the value it came to, in its year
_FROM_TO_RE = re.compile(
    rf"由(?:(?P<y1>(?:19|20)\d{{2}})年的?)?(?P<v1>{NUM})\s*(?P<u1>{UNIT_RE})?"
    r"(?:下降|降低|减少|上升|提高|增加|提升|升高)(?:至|到)"
    rf"(?:(?P<y2>(?:19|20)\d{{2}})年的?)?(?P<v2>{NUM})\s*(?P<u2>{UNIT_RE})"
)
# Indicators where less is better: an improvement (改善) is a fall, a deterioration a rise.
LOWER_IS_BETTER = frozenset(
    {"PM2.5浓度", "PM10浓度", "环境空气质量综合指数", "重污染天气比例", "臭氧超标天数"}
)


def _signed(name: str, direction: str, value: float) -> float:
    """The change with its sign: 下降 is negative; 改善 is negative where less is better."""
    if direction in ("改善", "恶化"):
        worse = direction == "恶化"
        return value if (name in LOWER_IS_BETTER) == worse else -value
    return -value if direction in _NEGATIVE else value


_VALUE_AFTER_CHANGE = re.compile(
    rf",?(?:达到|达|为|是|降至|降到|升至|提高到|提升到)\s*(?P<num>{NUM})\s*(?P<unit>{UNIT_RE})"
)
# (the look-behinds sit after the century's digits, so a search skips fast to a 1 or a 2)
_YEAR_RE = re.compile(
    r"(?P<y>(?:19|20)(?:(?<=截至..)|(?<=截止..)|(?<![较比自从与至到\d-]..))\d{2})年"
    r"(?!以来|起|同期|底前|前)"
)
_TARGET_YEAR_RE = re.compile(r"到(?P<y>(?:19|20)\d{2})年")
_TARGET_WORDS = re.compile(r"力争|确保|目标(?:是|为)|预期")
_SUBSCOPE = re.compile(r"^(?:其中|另外)")
_SUBSCOPE_BEFORE = re.compile(r"(?:^|[,;:])(?:其中|另外)[,:]$")
_LIST_STEM = r"PM2\.5|PM10|细颗粒物|可吸入颗粒物|SO2|NO2|CO|O3|臭氧|二氧化硫|二氧化氮"
_LIST_RE = re.compile(
    rf"(?P<names>(?:{_LIST_STEM})(?:、(?:{_LIST_STEM}))+)(?P<suffix>(?:年?平均|年均)?浓度)?"
    r"(?P<mid>[^,;。\d]{0,8}?)分别(?P<verb>为|是|下降|降低|减少|上升|提高|增加|达到|降至)?"
    rf"(?P<vals>{NUM}\s*(?:{UNIT_RE})?(?:、{NUM}\s*(?:{UNIT_RE})?)+)"
)
# 同比分别下降6.5%、4.0%: a second list, of changes, right after a list of values
_LIST_CHANGES_RE = re.compile(
    r",?(?:同比|比上年|较上年)(?:分别)?(?P<dir>下降|降低|减少|上升|提高|增加)(?:分别)?"
    rf"(?P<vals>{NUM}\s*(?:{UNIT_RE})?(?:、{NUM}\s*(?:{UNIT_RE})?)+)"
)
_STEM_CANON = {
    "PM2.5": "PM2.5浓度",
    "细颗粒物": "PM2.5浓度",
    "PM10": "PM10浓度",
    "可吸入颗粒物": "PM10浓度",
}


@dataclass(slots=True)
class MetricHit:
    name: str
    value: float | None
    unit: str | None
    year: int | None
    change: float | None
    change_unit: str | None
    target: bool
    start: int  # offsets in the sentence
    end: int


def _unit(raw: str | None) -> str | None:
    if raw is None:
        return None
    return UNIT_CANON.get(raw, raw)


def _num(raw: str) -> float | None:
    value = read_number(raw)
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _names(sentence: str) -> list[tuple[int, int, str, frozenset[str | None]]]:
    """Non-overlapping metric-name matches, longest first."""
    found = []
    for name, regex, units in _NAME_RES:
        if not any(cue in sentence for cue in _NAME_CUES[name]):
            continue
        for m in regex.finditer(sentence):
            if m.end() > m.start():
                found.append((m.start(), m.end(), name, units))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str, frozenset[str | None]]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


def year_in(text: str) -> int | None:
    """The last year a stretch of text states for its figures (not a base year)."""
    years = [int(m.group("y")) for m in _YEAR_RE.finditer(text)]
    return years[-1] if years else None


def _clause_start(sentence: str, pos: int) -> int:
    cut = max(sentence.rfind(ch, 0, pos) for ch in ",;:")
    return cut + 1


def metric_hits(sentence: str, context_year: int | None = None) -> list[MetricHit]:
    """Every indicator stated in one sentence; `context_year` is the paragraph's year so far."""
    if not _ANY_NAME.search(sentence):
        return []
    hits: list[MetricHit] = []
    names = _names(sentence)
    list_spans = []
    for m in _LIST_RE.finditer(sentence):
        list_spans.append((m.start(), m.end()))
        hits.extend(_list_hits(sentence, m, context_year))
    for i, (start, end, name, units) in enumerate(names):
        if any(s <= start < e for s, e in list_spans):
            continue
        clause = _clause_start(sentence, start)
        if _SUBSCOPE.match(sentence[clause:start]) or _SUBSCOPE_BEFORE.search(sentence[:clause]):
            continue  # 其中,太原市PM2.5浓度…: a part of the area, not the section's own figure
        limit = names[i + 1][0] if i + 1 < len(names) else len(sentence)
        semi = sentence.find(";", end)
        if semi != -1:
            limit = min(limit, semi)
        yearly = _yearly_hits(sentence, start, end, limit, name, units, context_year)
        if yearly:
            hits.extend(yearly)
            continue
        value = unit = None
        vm = _VALUE_RE.match(sentence, end)
        if vm and vm.end() <= limit:
            unit = _unit(vm.group("unit"))
            if unit in units and not (unit is None and _followed_by_word(sentence, vm.end())):
                value = _num(vm.group("num"))
            else:
                unit = None
        change = change_unit = None
        cm = _CHANGE_RE.search(sentence, end, limit)
        if cm and not _gap_has_other_number(sentence, end, cm.start(), value is not None, vm):
            change = _num(cm.group("num"))
            if change is not None:
                change = _signed(name, cm.group("dir"), change)
            change_unit = _unit(cm.group("unit"))
        if cm is None and value is None and _BASE_BEFORE.search(sentence, 0, start):
            # 与2013年比,2015年…PM2.5平均浓度下降28.7%: the base was set before the name
            cm = _BARE_CHANGE_RE.match(sentence, end)
            if cm is not None and cm.end() <= limit:
                change = _signed(name, cm.group("dir"), _num(cm.group("num")) or 0.0)
                change_unit = _unit(cm.group("unit"))
            else:
                cm = None
        if value is None and cm is not None and change is not None:
            # 同比下降6.1%,为31微克/立方米: the value follows the change
            vm2 = _VALUE_AFTER_CHANGE.match(sentence, cm.end())
            if vm2 and vm2.end() <= limit:
                unit2 = _unit(vm2.group("unit"))
                if unit2 in units and unit2 is not None:
                    value, unit, vm = _num(vm2.group("num")), unit2, vm2
        year_stated = None
        if value is None and change is None:
            fm = _FROM_TO_RE.match(sentence, end)
            if fm is None or fm.end() > limit or _unit(fm.group("u2")) not in units:
                continue
            value, unit, vm = _num(fm.group("v2")), _unit(fm.group("u2")), fm
            year_stated = int(fm.group("y2")) if fm.group("y2") else None
        year, target = _year_and_target(sentence[:start], context_year)
        year = year_stated or year
        stop = max(
            end,
            vm.end() if value is not None and vm else end,
            cm.end() if cm is not None and change is not None else end,
        )
        value_unit = unit if value is not None else None
        hits.append(
            MetricHit(name, value, value_unit, year, change, change_unit, target, start, stop)
        )
    return hits


def _yearly_hits(
    sentence: str,
    start: int,
    end: int,
    limit: int,
    name: str,
    units: frozenset[str | None],
    context_year: int | None,
) -> list[MetricHit]:
    """`2019年至2023年,…PM2.5平均浓度分别为41、37、34、33、32微克/立方米`: the values of a
    range of years, one per year; nothing unless the counts agree and the unit is the name's."""
    m = _YEARLY_RE.match(sentence, end)
    if m is None or m.end() > limit:
        return []
    ranges = list(_YEAR_RANGE_RE.finditer(sentence, 0, start))
    if not ranges:
        return []
    a, b = int(ranges[-1].group("a")), int(ranges[-1].group("b"))
    values = [_num(v) for v in re.findall(NUM, m.group("vals"))]
    unit = _unit(m.group("unit"))
    if b <= a or len(values) != b - a + 1 or unit not in units or None in values:
        return []
    _year, target = _year_and_target(sentence[:start], context_year)
    return [
        MetricHit(name, v, unit, a + i, None, None, target, start, m.end())
        for i, v in enumerate(values)
    ]


def _followed_by_word(sentence: str, pos: int) -> bool:
    """A unit-less value must not run into another unit word (4.49 is; 49个 is not)."""
    return pos < len(sentence) and sentence[pos] in "个项件万亿倍元吨"


def _gap_has_other_number(sentence: str, end: int, change_start: int, has_value: bool, vm) -> bool:
    """A change belongs to the name only if nothing but its value and filler stands between."""
    gap_start = vm.end() if has_value and vm else end
    gap = sentence[gap_start:change_start]
    # figures in between (好于目标8.3微克/立方米, 连续7个月) are fine only if separated by commas
    return bool(re.search(r"\d", gap)) and not re.search(r",", gap)


def _year_and_target(prefix: str, context_year: int | None) -> tuple[int | None, bool]:
    targets = list(_TARGET_YEAR_RE.finditer(prefix))
    tm = targets[-1] if targets else None
    target = tm is not None or bool(_TARGET_WORDS.search(prefix))
    if tm is not None:
        return int(tm.group("y")), True
    year = year_in(prefix)
    return (year if year is not None else context_year), target


def _list_hits(sentence: str, m: re.Match[str], context_year: int | None) -> list[MetricHit]:
    """`PM10、PM2.5浓度同比分别下降9.4%、14%`: names and numbers paired in order."""
    stems = m.group("names").split("、")
    values = re.findall(rf"({NUM})\s*({UNIT_RE})?", m.group("vals"))
    if len(stems) != len(values):
        return []
    mid = m.group("mid") or ""
    verb = m.group("verb") or ""
    is_change = bool(re.search(r"同比|较|比上年", mid)) or verb in (
        "下降", "降低", "减少", "上升", "提高", "增加",
    )  # fmt: skip
    sign = -1 if verb in _NEGATIVE else 1
    year, target = _year_and_target(sentence[: m.start()], context_year)
    last_unit = values[-1][1] or None
    changes: list[tuple[float | None, str | None]] = []
    cm = None if is_change else _LIST_CHANGES_RE.match(sentence, m.end())
    if cm:
        raw = re.findall(rf"({NUM})\s*({UNIT_RE})?", cm.group("vals"))
        if len(raw) == len(stems):
            csign = -1 if cm.group("dir") in _NEGATIVE else 1
            cunit = raw[-1][1] or None
            changes = [
                (csign * n if (n := _num(v)) is not None else None, _unit(u or cunit))
                for v, u in raw
            ]
    out = []
    for i, (stem, (num, unit)) in enumerate(zip(stems, values, strict=True)):
        name = _STEM_CANON.get(stem)
        if name is None:
            continue
        number = _num(num)
        if number is None:
            continue
        unit = _unit(unit or last_unit)
        if is_change:
            out.append(MetricHit(name, None, None, year, sign * number, unit, target,
                                 m.start(), m.end()))  # fmt: skip
        elif unit == UG:
            change, change_unit = changes[i] if changes else (None, None)
            out.append(MetricHit(name, number, unit, year, change, change_unit if change is not None
                                 else None, target, m.start(), cm.end() if cm else m.end()))  # fmt: skip
    return out
