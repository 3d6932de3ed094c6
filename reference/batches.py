"""The table of inspection rounds and batches (``ducha/data/reference/rounds.toml``).

Documents rarely say which batch they belong to; they name a province and a date, or list
the provinces of a batch. These helpers turn such clues into a `Batch`, with all unit names
normalised to the gazetteer's full names so they compare equal to extractor output.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from ducha.reference.gazetteer import load_gazetteer, read_reference

__all__ = [
    "Batch",
    "batch_by_members",
    "batch_by_stationing",
    "batches_for",
    "load_batches",
    "round_for_date",
]

# Teams stay about a month; reports dated a little after the official end (进驻结束 summaries,
# late 边督边改 bulletins) still belong to the batch.
STATIONING_SLACK = timedelta(days=20)
# batch_by_members: share of the given names a batch must contain, and minimum overlap of the
# two sets (|A∩B| / |A∪B|) so that two provinces do not pick a ten-province batch.
MEMBER_COVERAGE = 0.8
MEMBER_JACCARD = 0.5

_ROUND_NAMES = {1: "第一轮", 2: "第二轮", 3: "第三轮", 4: "第四轮"}
_NUMERALS = "零一二三四五六七八九十"
_WITH_RE = re.compile(r"^(.+?)[(（]含(.+?)[)）]$")  # 新疆(含兵团)


@dataclass(frozen=True, slots=True)
class Batch:
    """One batch of one round (or the 2015 Hebei pilot)."""

    id: str
    round: int
    kind: str  # "pilot" | "routine" | "lookback"
    batch: int
    round_name: str  # "第一轮" | "第一轮回头看" | "第二轮" | "第三轮"
    batch_name: str  # "第二轮第三批", "第一轮回头看第二批"
    start: str
    end: str
    feedback: str
    feedback_end: str  # ISO strings as in the file: "YYYY-MM-DD", "YYYY-MM" or ""
    provinces: tuple[str, ...]  # full names
    units_other: tuple[str, ...]
    groups: dict[str, str] = field(hash=False)  # full name -> "第N组"; not hashed
    groups_unverified: tuple[str, ...]  # full names
    verified: bool

    @property
    def members(self) -> tuple[str, ...]:
        """Everything the batch inspected: provinces, then enterprises and departments."""
        return self.provinces + self.units_other


def _full_names(name: str) -> list[str]:
    """The file's unit names (short names, 新疆(含兵团)) as gazetteer full names."""
    name = name.strip()
    m = _WITH_RE.match(name)
    if m:
        return _full_names(m.group(1)) + _full_names(m.group(2))
    place = load_gazetteer().get(name)
    return [place.name if place else name]


def _labels(round_: int, kind: str, batch: int) -> tuple[str, str]:
    """round_name and batch_name for a batch without labels in the file."""
    base = _ROUND_NAMES.get(round_, f"第{round_}轮")
    if kind == "pilot":
        return base, base + "试点"
    if kind == "lookback":
        base += "回头看"
    num = _NUMERALS[batch] if 0 <= batch < len(_NUMERALS) else str(batch)
    return base, f"{base}第{num}批"


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _batch(row: dict[str, Any]) -> Batch:
    round_name, batch_name = _labels(int(row["round"]), row["kind"], int(row["batch"]))
    groups: dict[str, str] = {}
    for unit, group in row.get("groups", {}).items():
        for full in _full_names(unit):
            groups.setdefault(full, group)
    return Batch(
        id=row["id"],
        round=int(row["round"]),
        kind=row["kind"],
        batch=int(row["batch"]),
        round_name=row.get("round_name", round_name),
        batch_name=row.get("batch_name", batch_name),
        start=row.get("start", ""),
        end=row.get("end", ""),
        feedback=row.get("feedback", ""),
        feedback_end=row.get("feedback_end", ""),
        provinces=_unique([f for p in row.get("provinces", ()) for f in _full_names(p)]),
        units_other=tuple(row.get("units_other", ())),
        groups=groups,
        groups_unverified=_unique(
            [f for u in row.get("groups_unverified", ()) for f in _full_names(u)]
        ),
        verified=bool(row.get("verified", False)),
    )


@cache
def load_batches() -> tuple[Batch, ...]:
    """All batches in the order of the file (chronological)."""
    return tuple(_batch(row) for row in read_reference("rounds.toml")["batch"])


# ---------------------------------------------------------------------- dates
def _bounds(iso: str) -> tuple[date, date] | None:
    """First and last day covered by an ISO string of day, month or year precision."""
    iso = iso.strip()
    try:
        parts = [int(x) for x in iso.split("-")]
    except ValueError:
        return None
    try:
        if len(parts) == 3:
            d = date(*parts)
            return d, d
        if len(parts) == 2:
            y, m = parts
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 1 and len(iso) == 4:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


def _stationing(b: Batch) -> tuple[date, date] | None:
    """The batch's stationing window with slack, or None if the file lacks dates."""
    s, e = _bounds(b.start), _bounds(b.end or b.start)
    if s is None or e is None:
        return None
    return s[0], e[1] + STATIONING_SLACK


def _target(place: str | None) -> str | None:
    """The unit a batch must have inspected: a city's province, else the place itself."""
    if not place or place.strip() in ("全国", ""):
        return None
    g = load_gazetteer()
    p = g.get(place)
    if p is None:
        return place.strip()
    if p.level == "city" and p.parent:
        return p.parent
    return p.name


def batches_for(place: str) -> list[Batch]:
    """Every batch that inspected this unit (full or short name; a city means its province)."""
    target = _target(place)
    if target is None:
        return []
    targets = set(_full_names(target)) | {target}
    return [b for b in load_batches() if targets & set(b.members)]


def batch_by_stationing(place: str | None, day: str) -> Batch | None:
    """The batch whose stationing window (start .. end + 20 days) contains `day`, restricted
    to batches that inspected `place` (a city counts as its province) when one is given."""
    bounds = _bounds(day)
    if bounds is None:
        return None
    lo, hi = bounds
    target = _target(place)
    candidates = batches_for(target) if target else list(load_batches())
    best: tuple[date, Batch] | None = None
    for b in candidates:
        win = _stationing(b)
        if win is None or hi < win[0] or lo > win[1]:
            continue
        if best is None or win[0] > best[0]:  # the most recent start wins an overlap
            best = (win[0], b)
    return best[1] if best else None


def batch_by_members(places: list[str]) -> Batch | None:
    """The batch whose units are exactly `places`, or contain at least 80% of them while not
    being much larger (Jaccard >= 0.5). None when nothing fits or two batches fit equally."""
    given: set[str] = set()
    for p in places:
        given.update(_full_names(p))
    if not given:
        return None
    scored: list[tuple[float, float, Batch]] = []
    for b in load_batches():
        members = set(b.members)
        if members == given:
            return b
        common = len(members & given)
        coverage = common / len(given)
        jaccard = common / len(members | given)
        if coverage >= MEMBER_COVERAGE and jaccard >= MEMBER_JACCARD:
            scored.append((coverage, jaccard, b))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None
    return scored[0][2]


@cache
def _round_periods() -> tuple[tuple[str, date, date | None], ...]:
    """Per round_name: first month of stationing .. last month of feedback (open for the
    latest round, which is still running)."""
    periods: dict[str, list[date]] = {}
    for b in load_batches():
        s = _bounds(b.start)
        e = _bounds(b.feedback_end or b.feedback or b.end or b.start)
        if s is None or e is None:
            continue
        lo = s[0].replace(day=1)
        hi = e[1].replace(day=calendar.monthrange(e[1].year, e[1].month)[1])
        cur = periods.setdefault(b.round_name, [lo, hi])
        cur[0], cur[1] = min(cur[0], lo), max(cur[1], hi)
    ordered = sorted(periods.items(), key=lambda kv: kv[1][0])
    out: list[tuple[str, date, date | None]] = []
    for i, (name, (lo, hi)) in enumerate(ordered):
        out.append((name, lo, None if i == len(ordered) - 1 else hi))
    return tuple(out)


def round_for_date(day: str) -> str | None:
    """The round whose period (first stationing month .. last feedback month) contains `day`:
    第一轮 2015-12..2018-01, 第一轮回头看 2018-05..2019-05, 第二轮 2019-07..2022-06,
    第三轮 from 2023-11. None between rounds."""
    bounds = _bounds(day)
    if bounds is None:
        return None
    d = bounds[0]
    for name, lo, hi in _round_periods():
        if d >= lo and (hi is None or d <= hi):
            return name
    return None
