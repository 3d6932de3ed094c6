"""Numbers as reports write them: 3120, 3,120 (folded earlier), 3120余, 4.2万, 1.32亿,
三千一百二十, 二〇二一, 五方面. One regex fragment for rules to embed, one reader."""

from __future__ import annotations

import re

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
# A number as it appears in the matching view (digits already half-width).
NUM = rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}]+)"
# A number with its magnitude and approximation words: 约/近 before, 万/亿 and 余/多 after.
QTY = rf"(?:约|近|超过|逾)?{NUM}(?:万|亿)?(?:余|多)?"

_CN_VALUES = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def cn_to_int(text: str) -> int | None:
    """Read a Chinese numeral: 三千一百二十 -> 3120, 十五 -> 15, 二〇二一 -> 2021."""
    if not text:
        return None
    if all(ch in _CN_VALUES for ch in text):  # digit by digit: 二〇二一
        return int("".join(str(_CN_VALUES[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_VALUES:
            digit = _CN_VALUES[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + digit) * unit
                section = digit = 0
            else:
                section += (digit or 1) * unit
                digit = 0
        else:
            return None
    return total + section + digit


_QTY_RE = re.compile(rf"(?P<approx>约|近|超过|逾)?(?P<num>{NUM})(?P<mag>万|亿)?(?P<more>余|多)?")


def read_number(text: str) -> float | None:
    """The value of a QTY match: 4.2万余 -> 42000, 1.32亿 -> 132000000, 近60 -> 60."""
    if text.isascii() and text.isdigit():
        return float(text)  # the usual case: plain digits
    m = _QTY_RE.fullmatch(text.strip())
    if not m:
        return None
    raw = m.group("num")
    value: float | None
    if raw[0].isdigit():
        value = float(raw)
    else:
        # a trailing 万 of a Chinese numeral is the magnitude, not part of the digits
        value = cn_to_int(raw)
        if value is None:
            return None
    mag = m.group("mag")
    if mag == "万":
        value *= 10_000
    elif mag == "亿":
        value *= 100_000_000
    return round(value, 6)


def as_int_or_float(value: float) -> int | float:
    """3120.0 -> 3120; 98.2 stays 98.2 (JSON and parquet keep counts as integers)."""
    return int(value) if float(value).is_integer() else value
