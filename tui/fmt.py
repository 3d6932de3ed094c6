"""Small formatting helpers shared by the panes: numbers, bars, sparklines, status words.

Glyphs: block characters for bars and sparklines are East-Asian "ambiguous" width; set
``DUCHA_ASCII=1`` when a terminal draws them double-width, and ASCII stand-ins are used.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

from rich.cells import cell_len

from ducha import vocabulary

ASCII = os.environ.get("DUCHA_ASCII", "") not in ("", "0")

BAR_FULL, BAR_EMPTY = ("#", "-") if ASCII else ("\u2588", "\u2591")  # █ ░
SPARK = "_.-=+*#@" if ASCII else "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
POINT = "*" if ASCII else "\u2022"  # a single reported value: a point, not a bar
UP, DOWN = ("+", "-") if ASCII else ("\u25b2", "\u25bc")  # ▲ ▼
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
    """One character per value; a single value is a point, an empty series ''."""
    vals = [v for v in values if v is not None and not math.isnan(v)]
    if not vals:
        return ""
    if len(vals) == 1:
        return POINT
    lo, hi = min(vals), max(vals)
    if hi == lo:
        return SPARK[len(SPARK) // 2] * len(vals)
    top = len(SPARK) - 1
    return "".join(SPARK[round(top * (v - lo) / (hi - lo))] for v in vals)


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


# status key -> theme variable of its colour (themes and 16-colour terminals stay coherent)
STATUS_COLOURS = {
    "done": "success",
    "behind": "error",
    "in_progress": "warning",
    "on_schedule": "primary",
    "phased": "secondary",
}


def status_style(variables: dict[str, str], status: str) -> str:
    """A Rich style for a status, from the current theme's variables."""
    var = STATUS_COLOURS.get(status)
    colour = variables.get(var, "") if var else ""
    bold = " bold" if status == "behind" else ""
    if not colour:
        return "dim" if status in ("stated", "missing") else bold.strip()
    return f"{colour}{bold}"
