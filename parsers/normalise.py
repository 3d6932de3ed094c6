"""The matching view of a document, with a map back to the stored text.

Rules match one canonical spelling (half-width digits and punctuation, simplified
characters, no spaces or thousands separators inside numbers and names), but evidence is
always shown in the document's own words. `Normalised.span()` turns a match in the view
back into a span of the stored text, so nothing downstream ever slices the view for display.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

# Characters folded one-to-one before anything else (beyond the full-width ASCII block).
_FOLD = {
    "\u3000": " ",
    "\u00a0": " ",
    "．": ".",
    "—": "-",
    "–": "-",
    "―": "-",
    "－": "-",
    "～": "~",
    "〜": "~",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "µ": "μ",
    "³": "3",
    "₀": "0",
    "₁": "1",
    "₂": "2",
    "₃": "3",
    "₅": "5",
}

# Whitespace removed when it sits between two characters of a number or a Chinese name
# ("3 123件", "河 南"); a thousands separator between digit groups ("3,123件").
# Each pattern opens with the character it removes and looks behind from there: a pattern
# that opens with a look-behind is tried at every position of the text, several times slower.
_INNER_SPACE = re.compile(r"[ \t](?<=[0-9\u4e00-\u9fff][ \t])[ \t]*(?=[0-9\u4e00-\u9fff])")
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
# a number broken across lines inside a sentence (交办的31\n20件): the break goes
# (but not before a numbered list item such as "4.加强监管" or "4、"); group 1 is what goes
_BROKEN_NUMBER = re.compile(
    r"(?:(?<=[\u4e00-\u9fff])\d|(?<=[\u4e00-\u9fff]\d)\d)([ \t]*\n[ \t]*)"
    r"(?=\d[\d.]*(?:万|亿)?[项个件条起名人家%])"
)
_BROKEN_NUMBER_HINT = re.compile(r"\d[ \t]*\n[ \t]*\d")  # a fast test for _BROKEN_NUMBER
# Converter debris: a pinyin gloss after a character (環(huán)境, 督察(cha)(cha), 項(xiàng)) is read
# through; a date whose 年/月/日 were lost to U+FFFD (2015�12�31日) is read as a date.
_TONED = (
    "a-zü\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec"
    "\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc"
)
_PINYIN_GLOSS = re.compile(
    rf"\((?<=[\u3400-\u9fff\ufffd]\()[{_TONED}]{{1,6}}\)(?:\([{_TONED}]{{1,6}}\))*"
)
_LOST_DATE = re.compile(r"(?<!\d)(\d{4})\ufffd(\d{1,2})\ufffd(\d{1,2})(?:\ufffd|(?=日))")
_LOST_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})\ufffd(\d{1,2})(?=日)")
# a year in Chinese numerals (二〇二一年), read digit for digit, one character for one
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_CN_YEAR_END = re.compile(r"年(?<=[〇零一二三四五六七八九]{4}年)")  # a fast test for _CN_YEAR
_CN_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")


@cache
def _converter():  # pragma: no cover - trivial
    import opencc

    return opencc.OpenCC("t2s")


# One character for one, so the fold keeps offsets: full-width ASCII, then _FOLD.
_FOLD_TABLE: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD_TABLE.update({ord(k): v for k, v in _FOLD.items()})
# str.translate looks every character up in a dict; a regular expression finds the few that
# fold several times faster
_FOLD_CHARS = {chr(k): v if isinstance(v, str) else chr(v) for k, v in _FOLD_TABLE.items()}
_FOLDED = re.compile("[" + re.escape("".join(_FOLD_CHARS)) + "]")


def _fold(text: str) -> str:
    return _FOLDED.sub(lambda m: _FOLD_CHARS[m.group()], text)


def to_simplified(text: str) -> str:
    """Traditional to simplified, one character for one, so offsets survive.

    OpenCC converts phrases; where a phrase changes length (rare) the text falls back to
    character-by-character conversion for that line.
    """
    if not text:
        return text
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        c = conv.convert(line)
        lines.append(c if len(c) == len(line) else "".join(conv.convert(ch) or ch for ch in line))
    return "\n".join(lines)


class OffsetMap:
    """View position -> stored-text offset, kept as runs of consecutive offsets: a view drops
    a few characters from a long text, so a run per kept stretch costs far less than a list
    with one entry per character."""

    __slots__ = ("bases", "length", "starts")

    def __init__(self, starts: list[int], bases: list[int], length: int) -> None:
        self.starts = starts  # view position where each run begins (sorted)
        self.bases = bases  # stored offset of each run's first character
        self.length = length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([0], [0], length) if length else cls([], [], 0)

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.length:
            raise IndexError(i)
        k = bisect_right(self.starts, i) - 1
        return self.bases[k] + i - self.starts[k]

    def __iter__(self) -> Iterator[int]:
        ends = [*self.starts[1:], self.length] if self.starts else []
        for start, end, base in zip(self.starts, ends, self.bases, strict=True):
            yield from range(base, base + end - start)

    def take(self, pieces: Iterable[tuple[int, int]]) -> OffsetMap:
        """The map of a new view made of these [start, end) stretches of this one, in order."""
        starts: list[int] = []
        bases: list[int] = []
        pos = 0
        runs = len(self.starts)
        for a, b in pieces:
            if b <= a:
                continue
            k = bisect_right(self.starts, a) - 1
            while a < b:
                run_end = self.starts[k + 1] if k + 1 < runs else self.length
                stop = min(b, run_end)
                base = self.bases[k] + a - self.starts[k]
                if not starts or bases[-1] + pos - starts[-1] != base:
                    starts.append(pos)
                    bases.append(base)
                pos += stop - a
                a = stop
                k += 1
        return OffsetMap(starts, bases, pos)


@dataclass(slots=True)
class Normalised:
    """`text` is the matching view; `origin[i]` is the stored-text offset of view char i."""

    text: str
    origin: OffsetMap
    source_len: int

    def pos(self, i: int) -> int:
        """Stored-text offset of view position `i` (an insertion point)."""
        if i >= len(self.origin):
            return self.source_len
        return self.origin[max(i, 0)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Stored-text span covering view span [start, end)."""
        if end <= start:
            p = self.pos(start)
            return p, p
        return self.origin[start], self.origin[end - 1] + 1


def without_glosses(text: str) -> str:
    """Text with converters' pinyin glosses removed (正蓝(lán)旗 -> 正蓝旗), for titles."""
    return _PINYIN_GLOSS.sub("", text)


def _read_lost_dates(text: str) -> str:
    """2015�12�31日 -> 2015年12月31日, 5�3日 -> 5月3日: one character for one."""

    def full(m: re.Match[str]) -> str:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        tail = "日" if m.group(0).endswith("\ufffd") else ""
        return f"{y}年{mo}月{d}{tail}"

    text = _LOST_DATE.sub(full, text)
    return _LOST_MONTH_DAY.sub(lambda m: f"{m.group(1)}月{m.group(2)}", text)


def _drop(text: str, origin: OffsetMap, pattern: re.Pattern[str]) -> tuple[str, OffsetMap]:
    """Remove every match of `pattern` from `text`, keeping `origin` aligned."""
    kept: list[tuple[int, int]] = []
    last = 0
    group = 1 if pattern.groups else 0  # a pattern with a group removes only the group
    for m in pattern.finditer(text):
        start, end = m.span(group)
        kept.append((last, start))
        last = end
    if last == 0:
        return text, origin
    kept.append((last, len(text)))
    return "".join(text[a:b] for a, b in kept), origin.take(kept)


def normalise(stored: str) -> Normalised:
    """Build the matching view of `stored` text."""
    folded = _fold(stored)
    if _CN_YEAR_END.search(folded):
        folded = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGIT), folded)
    if "\ufffd" in folded:
        folded = _read_lost_dates(folded)
    simplified = to_simplified(folded)
    origin = OffsetMap.identity(len(stored))
    text, origin = _drop(simplified, origin, _PINYIN_GLOSS)
    text, origin = _drop(text, origin, _INNER_SPACE)
    text, origin = _drop(text, origin, _THOUSANDS)
    if _BROKEN_NUMBER_HINT.search(text):
        text, origin = _drop(text, origin, _BROKEN_NUMBER)
    return Normalised(text=text, origin=origin, source_len=len(stored))
