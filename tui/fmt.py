"""Small formatting helpers shared by the panes: numbers, bars, sparklines, status words
and their colours.

Glyphs: block characters for bars and sparklines, arrows and box drawing are East-Asian
"ambiguous" width; set ``DUCHA_ASCII=1`` when a terminal draws them double-width, and
ASCII stand-ins are used here, in the tree's guides and in the panes' borders.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from functools import lru_cache

from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

from ducha import vocabulary

ASCII = os.environ.get("DUCHA_ASCII", "") not in ("", "0")

BAR_FULL, BAR_EMPTY = ("#", "-") if ASCII else ("\u2588", "\u2591")  # █ ░
SPARK = "_.-=+*#@" if ASCII else "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
POINT = "*" if ASCII else "\u2022"  # a single reported value: a point, not a bar
UP, DOWN = ("+", "-") if ASCII else ("\u25b2", "\u25bc")  # ▲ ▼
ARROW = "->" if ASCII else "\u2192"  # →
DASH = "-"

# status key -> word shown in every table (colour is never the only signal); behind is
# spelled loud in the app's dense tables
STATUS_WORDS = {**vocabulary.STATUS_WORDS, "behind": "BEHIND"}


def num(value: float | int | None) -> str:
    """82.0 -> '82', 95.7 -> '95.7', None -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return f"{int(value):d}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def pct(value: float | None) -> str:
    return "" if value is None else f"{num(value)}%"


def bar(done: float | None, total: float | None, width: int = 4) -> str:
    """A small completion bar, or '' when there is nothing to show."""
    if not total or done is None:
        return ""
    filled = max(0, min(width, round(width * done / total)))
    if done < total and filled == width:
        filled = width - 1  # never show an unfinished count as full
    return BAR_FULL * filled + BAR_EMPTY * (width - filled)


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value; a single value is a point, an empty series ''.

    The axis runs from the lowest value to the highest, unless that would magnify the
    changes more than twice (Tufte's "lie factor"): then it starts at zero, so 26, 25, 27
    is three nearly full bars, not a crash and a spike. `spark_ends` says the values."""
    vals = [v for v in values if v is not None and not math.isnan(v)]
    if not vals:
        return ""
    if len(vals) == 1:
        return POINT
    lo, hi = min(vals), max(vals)
    if 2 * (hi - lo) < max(hi, 0) - min(lo, 0):
        lo, hi = min(lo, 0), max(hi, 0)
    if hi == lo:  # every value zero
        return SPARK[len(SPARK) // 2] * len(vals)
    top = len(SPARK) - 1
    return "".join(SPARK[round(top * (v - lo) / (hi - lo))] for v in vals)


def spark_ends(values: Sequence[float | None]) -> str:
    """The first and the latest value of a series: '26→27'; '' for fewer than two."""
    vals = [v for v in values if v is not None and not math.isnan(v)]
    if len(vals) < 2:
        return ""
    return f"{num(vals[0])}{ARROW}{num(vals[-1])}"


def change(value: float | None, unit: str | None) -> str:
    """A change with its direction: '▼2.6%', '▲14.8 个百分点'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    arrow = UP if value > 0 else DOWN if value < 0 else "="
    unit = unit or ""
    sep = "" if unit in ("%", "") else " "
    return f"{arrow}{num(abs(value))}{sep}{unit}"


def fit(s: str, width: int) -> str:
    """`s` cut to `width` terminal cells (CJK counts 2), with '~' when cut."""
    if cell_len(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "~"


# status key -> the theme variable of its colour, and the 16 terminal colours it may
# become (normal and bright: behind red, in progress yellow, done green, on schedule and
# phased cyan). A terminal of 16 colours shows the nearest of them to each colour
# (Rich's downgrade), and in most themes orange and pink are nearest to red: in progress
# and behind were one bright red. Each colour is moved towards its own family just
# enough to land in it, which changes little on a full-colour terminal.
STATUS_COLOURS = {
    "done": ("success", (2, 10)),
    "behind": ("error", (1, 9)),
    "in_progress": ("warning", (3, 11)),
    "on_schedule": ("primary", (6, 14)),
    "phased": ("secondary", (6, 14)),
}
# the 16 colours as Rich matches them (rich._palettes.STANDARD_PALETTE), by number
_STANDARD = {
    1: (170, 0, 0), 2: (0, 170, 0), 3: (170, 85, 0), 6: (0, 170, 170),
    9: (255, 85, 85), 10: (85, 255, 85), 11: (255, 255, 85), 14: (85, 255, 255),
}  # fmt: skip
_ANSI_NAMES = (
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "bright_black",
    "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta",
    "bright_cyan", "bright_white",
)  # fmt: skip


def standard_number(colour: str) -> int | None:
    """The one of the 16 terminal colours (0-15) that `colour` becomes on such a terminal."""
    return RichColor.parse(colour).downgrade(ColorSystem.STANDARD).number


@lru_cache(maxsize=256)
def fit_colour(colour: str, family: tuple[int, ...]) -> str:
    """`colour` moved towards the 16-colour `family` (numbers, the first preferred) just far
    enough that a 16-colour terminal shows one of them; a theme's ANSI colour (ANSI
    themes) as the terminal's own colour of the family. '' for a colour not understood."""
    try:
        parsed = Color.parse(colour)
    except Exception:
        return ""
    if parsed.ansi is not None:  # passed to the terminal as it is
        number = parsed.ansi if parsed.ansi in family else family[0]
        return _ANSI_NAMES[number]
    hexed = parsed.hex6
    if standard_number(hexed) in family:
        return hexed
    for step in range(1, 21):
        for number in family:
            moved = parsed.blend(Color(*_STANDARD[number]), step / 20).hex6
            if standard_number(moved) in family:
                return moved
    return Color(*_STANDARD[family[0]]).hex6


def status_style(variables: dict[str, str], status: str) -> str:
    """A Rich style for a status, from the current theme's variables: its colour (one of
    its own on a 16-colour terminal too), behind in bold, a bare count dim."""
    entry = STATUS_COLOURS.get(status)
    bold = " bold" if status == "behind" else ""
    colour = fit_colour(variables.get(entry[0], ""), entry[1]) if entry else ""
    if not colour:
        return "dim" if status in ("stated", "missing") else bold.strip()
    return f"{colour}{bold}"
