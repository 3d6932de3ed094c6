"""Column titles of a task list -> canonical columns, from a synonym table kept as data.

`data/reference/ledger_headers.toml` lists, for each canonical column, the titles that
mean it. A title is compared without spaces, line breaks or bracketed notes
(`责任单位\n(牵头单位在前)` -> `责任单位`): exactly first, then as a prefix (the longest
synonym wins), then as a contained word. Unknown titles are kept as they are.

Beside a file, `<file>.ducha.toml` (or `ducha-ledger.toml` for a whole folder) corrects what
the table cannot know:

    entity = "山西省"          # the ledger's province or city
    as_of = "2023-06-30"       # the date its statuses are stated for
    round = "第二轮"
    header_row = 3             # 1-based row of the column titles, when detection fails
    [columns]
    "牵头领导" = "leader"       # a title -> a canonical column; "ignore" drops the column
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ducha.sources import FOLDER_SIDECAR, SIDECAR_SUFFIX, sidecar_paths  # noqa: F401

from ..normalise import to_simplified

CANONICAL = (
    "seq", "problem", "title", "target", "measures", "unit", "lead_unit", "leader",
    "partners", "supervisor", "due", "status", "note",
)  # fmt: skip
IGNORE = "ignore"
# A header row needs a task column (title or problem) and one of these to count as a ledger.
_SUPPORT = frozenset({"unit", "lead_unit", "leader", "due", "status", "measures", "target"})
_BRACKETS = re.compile(r"[(\[（【〔][^)\]）】〕]*[)\]）】〕]")
_SPACE = re.compile(r"[\s\u3000:：*＊]+")


@dataclass(slots=True)
class Overrides:
    """What a user states beside a file; read from the sidecar TOML."""

    entity: str | None = None
    as_of: str | None = None
    round: str | None = None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    problems: list[str] = field(default_factory=list)


def clean_title(title: object) -> str:
    s = to_simplified(str(title or ""))
    s = _SPACE.sub("", s)
    stripped = _BRACKETS.sub("", s)
    return stripped or s


@cache
def synonyms() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(exact title -> column, (title, column) longest first) from the reference table."""
    from ducha.reference.gazetteer import read_reference

    table = read_reference("ledger_headers.toml")["columns"]
    exact: dict[str, str] = {}
    for key, spec in table.items():
        for syn in spec["synonyms"]:
            exact.setdefault(clean_title(syn), key)
            exact.setdefault(clean_title(syn).lower(), key)
    ordered = tuple(sorted(exact.items(), key=lambda kv: -len(kv[0])))
    return exact, ordered


def labels() -> dict[str, str]:
    from ducha.reference.gazetteer import read_reference

    return {k: v["label"] for k, v in read_reference("ledger_headers.toml")["columns"].items()}


def map_title(title: object, overrides: dict[str, str] | None = None) -> str | None:
    """The canonical column of one title, None when unknown (kept under its own title)."""
    raw = str(title or "").strip()
    if not raw:
        return None
    if overrides:
        for key in (raw, clean_title(raw)):
            if key in overrides:
                return overrides[key]
    t = clean_title(raw)
    exact, ordered = synonyms()
    if t in exact or t.lower() in exact:
        return exact.get(t) or exact[t.lower()]
    if len(t) > 16:
        return None  # a sentence, not a column title
    for syn, key in ordered:
        if len(syn) >= 2 and t.startswith(syn):
            return key
    for syn, key in ordered:
        if len(syn) >= 3 and syn in t:
            return key
    return None


def map_row(cells: list[str], overrides: dict[str, str] | None = None) -> list[str | None]:
    """Canonical column per cell; a column already taken keeps the first cell that claims it
    (a second 责任单位 is kept under its own title)."""
    out: list[str | None] = []
    seen: set[str] = set()
    for cell in cells:
        key = map_title(cell, overrides)
        if key is not None and key != IGNORE and key in seen:
            key = None
        if key is not None:
            seen.add(key)
        out.append(key)
    return out


def header_score(cells: list[str], overrides: dict[str, str] | None = None) -> int:
    """How much a row looks like a task header: the number of mapped columns, or 0 when
    it lacks a task column or a supporting one (unit, deadline, status ...)."""
    keys = {k for k in map_row(cells, overrides) if k and k != IGNORE}
    if not keys & {"title", "problem", "measures"}:
        return 0
    if not keys & _SUPPORT - {"measures"} and not ({"title", "problem"} <= keys):
        return 0
    return len(keys)


def read_overrides(path: str) -> Overrides:
    """The user's corrections for a ledger file; problems with them are reported, not fatal."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    out = Overrides()
    for p in reversed(sidecar_paths(path)):  # the file's own sidecar wins over the folder's
        if not os.path.isfile(p):
            continue
        try:
            with open(p, "rb") as fh:
                data: dict[str, Any] = tomllib.load(fh)
        except (OSError, ValueError) as exc:
            out.problems.append(f"{os.path.basename(p)}: cannot read: {exc}")
            continue
        out.path = p
        for key in ("entity", "as_of", "round"):
            val = data.get(key)
            if isinstance(val, str) and val.strip():
                setattr(out, key, val.strip())
            elif val is not None and not isinstance(val, str):
                out.problems.append(f"{os.path.basename(p)}: {key}: expected text")
        hr = data.get("header_row")
        if isinstance(hr, int) and hr >= 1:
            out.header_row = hr
        elif hr is not None:
            out.problems.append(f"{os.path.basename(p)}: header_row: expected a row number")
        cols = data.get("columns", {})
        if isinstance(cols, dict):
            for title, key in cols.items():
                if key in CANONICAL or key == IGNORE:
                    out.columns[str(title)] = key
                    out.columns[clean_title(title)] = key
                else:
                    out.problems.append(
                        f"{os.path.basename(p)}: columns.{title}: unknown column {key!r} "
                        f"(one of {', '.join(CANONICAL)}, ignore)"
                    )
    return out


def write_sidecar(path: str, entity: str) -> str:
    """`ducha add --entity`: state the entity in `<file>.ducha.toml` (kept with the file)."""
    side = path + SIDECAR_SUFFIX
    lines = []
    if os.path.isfile(side):
        with open(side, encoding="utf-8") as fh:
            lines = [ln for ln in fh.read().splitlines() if not ln.startswith("entity")]
    escaped = entity.replace("\\", "\\\\").replace('"', '\\"')
    with open(side, "w", encoding="utf-8") as fh:
        fh.write("\n".join([f'entity = "{escaped}"', *lines]) + "\n")
    return side
