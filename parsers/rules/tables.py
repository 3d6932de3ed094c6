"""Count tables written out as text: one row per place, one column per count.

Reports publish per-place figures as tables, and pages and converters flatten them into text
in a few shapes:

- a `|` row per line (`| 设区市 | 交办件数 | 已办结 |`, with or without the outer bars, maybe a
  `|---|---|` rule under the titles);
- one cell per line, with a line holding only `|` (or `｜`) between the cells of a row; a row
  starts where two cell lines meet, or, when bars stand between the rows too, every row is as
  long as the title row;
- the rows of an HTML `<table>`, which load.py writes one per line with a tab after each cell.

A table is read only when one of its first rows is a title row this module understands
(`data/reference/table_headers.toml`): a place column (the first, or the second after a 序号
column) and at least one count column whose field is certain. Each row keyed by a place the
gazetteer knows gives that place's figures; a 合计/全省 row gives the document subject's, when
the subject holds every place of the table. A date on the caption, or on the line just above or
below the table (截至…, 统计截止时间:…), is the as-of date of those figures.

Anything unsure yields nothing, because a wrong figure costs more than a missing one: a table
whose rows differ in length (a cell lost to a merged cell shifts every figure after it), whose
rows are mostly not places, a title row of two lines, two columns giving the same field, a cell
that is not a plain count (95%, 80-86, 约300, —), and a count column holding a percentage
anywhere (it is not the column its title says). A table ends at a blank line and at a row of
titles again (a second table right under it). One exception to the equal rows: load.py writes
no tab for an empty cell that opens or closes an HTML row, so a tab row shorter than its titles
is left out alone, and the rest of the table is still read.

The stored text is read, not the matching view: the view drops a tab between a character and a
digit (南昌市<tab>320 reads 南昌市320), and the layout takes short `|` rows for menu rows. Each
cell is normalised on its own, and every span is the stored text's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ducha.reference.gazetteer import Place, load_gazetteer, read_reference
from ducha.vocabulary import FIELD_CATEGORY, PROGRESS_CATEGORIES

from ..model import Evidence, Fact
from ..normalise import Normalised, normalise
from ..numbers import as_int_or_float
from .counts import FIELDS
from .identity import find_as_of

if TYPE_CHECKING:
    from ..assemble import Assembly, Builder, Key

_SEPARATOR = re.compile(r"[|｜\t]")
_BAR = re.compile(r"[|｜]")
_BAR_ONLY = re.compile(r"^[ \t\u3000]*[|｜][ \t\u3000]*$", re.M)
_BARS = ("|", "｜")  # a trimmed line holding only a bar
_TAB = re.compile("\t")
# what a rule line under the titles is made of: |---|:---:|, +----+, |———|
_RULE_CHARS = frozenset(" \t\u3000|｜:：+=-—－─")
_RULE_DASHES = ("-", "—", "－", "─", "=")
_UNIT = re.compile(r"\((?:单位[::])?([^()]{1,6})\)")
_NOTE = re.compile(r"\([^()]*\)")
_SPACE = re.compile(r"\s+")
_COUNT_VALUE = re.compile(r"(\d+)(?:件|项|个|家|人|起|条|名|户|宗)?")
_RATE_VALUE = re.compile(r"(\d+(?:\.\d+)?)%?")
_FINES_VALUE = re.compile(r"(\d+(?:\.\d+)?)(?:万元|万)?")
_SEQ_VALUE = re.compile(r"\d{1,4}[.、]?")
_PERCENT = re.compile(r"%")
_DIGIT = re.compile(r"\d")
# what is left of a title naming only its list (整改任务(项), 信访件数): no role of its own
_LIST_FILLER = re.compile(r"整改|督察|反馈|群众|生态环境|环境|的|累计|共计|共|总|件|数|量|:")
_DONE_WORDS = re.compile(r"完成|办结|销号|整改到位")
_RATE_FIELDS = {"petitions": "petitions_rate", "tasks": "tasks_rate"}
_LEVELS = ("county", "city", "province")  # a tie between levels goes to the lowest
_ABOVE_LINES = 2  # lines above a table read for its date (the caption, a lead-in sentence)
_SEARCH_CHARS = 400  # how far from a table its caption may stand
_MAX_COLUMNS = 40  # a wider row is no count table (a row of links, a line of spam)


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _Named:
    """A figure a column title names outright (责令整改(家), 罚款金额(万元))."""

    field: str
    pattern: re.Pattern[str]
    units: frozenset[str]
    unit_required: bool


@dataclass(frozen=True, slots=True)
class _Words:
    seq: frozenset[str]
    totals: frozenset[str]
    skip: re.Pattern[str]
    named: tuple[_Named, ...]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    units: dict[str, frozenset[str]]
    roles: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _words() -> _Words:
    data = read_reference("table_headers.toml")
    return _Words(
        seq=frozenset(data["seq_titles"]),
        totals=frozenset(data["total_rows"]),
        skip=re.compile(data["skip"]),
        named=tuple(
            _Named(
                row["field"],
                re.compile(row["pattern"]),
                frozenset(row.get("units", ())),
                bool(row.get("unit_required", False)),
            )
            for row in data["field"]
        ),
        categories=tuple((key, re.compile(p)) for key, p in data["category"].items()),
        units={key: frozenset(units) for key, units in data["units"].items()},
        roles=tuple((row["role"], re.compile(row["pattern"])) for row in data["role"]),
    )


# --------------------------------------------------------------------------- shapes


@dataclass(slots=True)
class Row:
    """A row as written: each cell's span (empty cells included) and the row's span."""

    spans: list[tuple[int, int]]
    start: int
    end: int


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_blocks(text: str) -> list[tuple[list[Row], bool]]:
    """Runs of `|` rows, or of tab rows, one per line, each with True for tab rows. A blank
    line or a line of another kind ends a run (two HTML tables are a blank line apart)."""
    blocks: list[tuple[list[Row], bool]] = []
    block: list[Row] = []
    kind = ""
    last = 0  # end of the block's last line
    line_end = -1
    for m in _SEPARATOR.finditer(text):
        if m.start() < line_end:
            continue  # a further separator of a line already read
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.start())
        le = len(text) if le < 0 else le
        line_end = le
        s, e = _trimmed(text, ls, le)
        line = text[s:e]
        if line in _BARS:
            continue  # a bar alone: the shape with one cell per line
        line_kind = "bar" if _BAR.search(line) else "tab"
        if block and (line_kind != kind or text[last:ls].count("\n") > 1):
            blocks.append((block, kind == "tab"))
            block = []
        kind = line_kind
        if kind == "bar" and _is_rule(line):
            last = le
            continue
        spans = _split(text, s, e, kind)
        if not 2 <= len(spans) <= _MAX_COLUMNS:  # a caption between bars ends the table
            if block:
                blocks.append((block, kind == "tab"))
            block = []
            continue
        block.append(Row(spans, s, e))
        last = le
    if block:
        blocks.append((block, kind == "tab"))
    return blocks


def _is_rule(line: str) -> bool:
    return set(line) <= _RULE_CHARS and sum(map(line.count, _RULE_DASHES)) >= 3


def _split(text: str, start: int, end: int, kind: str) -> list[tuple[int, int]]:
    """Cell spans of one row; the outer bars of `| a | b |` open and close it, they are not
    empty cells (a tab before the first cell is one: an HTML row's empty corner cell)."""
    sep = _BAR if kind == "bar" else _TAB
    bounds = [start]
    for m in sep.finditer(text, start, end):
        bounds += [m.start(), m.end()]
    bounds.append(end)
    spans = [_trimmed(text, bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    if kind == "bar":
        if _BAR.match(text, start) and spans and spans[0][0] == spans[0][1]:
            spans = spans[1:]
        if _BAR.match(text, end - 1) and spans and spans[-1][0] == spans[-1][1]:
            spans = spans[:-1]
    return spans


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    bar: bool


def _cell_blocks(text: str) -> list[list[Row]]:
    """Tables written one cell per line with a line holding only a bar between cells."""
    if not _BAR_ONLY.search(text):
        return []
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        s, e = _trimmed(text, pos, pos + len(raw))
        if e > s:
            lines.append(_Line(s, e, text[s:e] in _BARS))
        pos += len(raw) + 1
    blocks: list[list[Row]] = []
    k = 1
    while k < len(lines):
        if lines[k].bar and not lines[k - 1].bar:
            cells, k = _chain(lines, k - 1)
            rows = _rows_of(text, cells)
            if rows:
                blocks.append(rows)
        else:
            k += 1
    return blocks


def _chain(lines: list[_Line], k: int) -> tuple[list[list[tuple[int, int]]], int]:
    """The rows of cells from the cell line at k, and the index of the first line after them.
    A cell line right after a cell line opens a new row when a bar follows it, and ends the
    table when none does (a caption or the prose after the table)."""
    rows: list[list[tuple[int, int]]] = []
    cur = [(lines[k].start, lines[k].end)]
    k += 1
    while k < len(lines):
        line = lines[k]
        if line.bar:
            if k + 1 >= len(lines):
                k += 1
                break
            nxt = lines[k + 1]
            if nxt.bar:  # two bars: an empty cell between them
                cur.append((line.end, line.end))
                k += 1
                continue
            cur.append((nxt.start, nxt.end))
            k += 2
            continue
        if k + 1 < len(lines) and lines[k + 1].bar:
            rows.append(cur)
            cur = [(line.start, line.end)]
            k += 1
            continue
        break
    rows.append(cur)
    return rows, k


def _rows_of(text: str, cells: list[list[tuple[int, int]]]) -> list[Row]:
    """Rows of a cell-per-line table; bars between every cell and row alike give one long run,
    cut at the first cell after the titles that opens a row (a running number, a place or a
    total), which must divide the run evenly."""
    if len(cells) == 1 and len(cells[0]) > 2:
        run = cells[0]
        words = _words()
        width = 0
        for i in range(2, min(len(run), _MAX_COLUMNS + 1)):
            cell = _view(text, *run[i])
            if _SEQ_VALUE.fullmatch(cell) or cell in words.totals or _place(cell) is not None:
                width = i
                break
        if not width or len(run) % width:
            return []
        cells = [run[i : i + width] for i in range(0, len(run), width)]
    if any(len(c) > _MAX_COLUMNS for c in cells):
        return []
    return [Row(c, c[0][0], c[-1][1]) for c in cells]


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class TableHit:
    place: Place | None  # None: the table's total row
    field: str
    value: int | float
    row: tuple[int, int]  # stored-text span of the row
    cell: tuple[int, int]  # and of the cell that states the value


@dataclass(slots=True)
class TableRead:
    start: int  # stored-text span of the title row and the rows read
    end: int
    as_of: str | None
    places: list[Place]  # the places of the rows read
    hits: list[TableHit]


def table_reads(text: str, context_year: int | None = None) -> list[TableRead]:
    """Every count table of a stored text this module can read with certainty."""
    if "|" not in text and "｜" not in text and "\t" not in text:
        return []  # the usual case: prose only
    out = []
    blocks = _line_blocks(text) + [(rows, False) for rows in _cell_blocks(text)]
    for rows, tabbed in blocks:
        read = _read(text, rows, context_year, tabbed)
        if read is not None and read.hits:
            out.append(read)
    return out


def _view(text: str, start: int, end: int) -> str:
    """A cell in the matching view's spelling, without spaces."""
    return _cell_view(text[start:end]) if end > start else ""


@lru_cache(maxsize=4096)
def _cell_view(raw: str) -> str:  # (titles, places and totals repeat across a text's tables)
    return _SPACE.sub("", normalise(raw).text)


def _read(text: str, rows: list[Row], year: int | None, tabbed: bool) -> TableRead | None:
    """One block of rows as a count table: its title row among the first three, the rows
    under it keyed by place or as the total; None when it is not one for certain."""
    columns = None
    h = 0
    for h in range(min(3, len(rows))):
        titles = [_view(text, s, e) for s, e in rows[h].spans]
        columns = _columns(titles)
        if columns is not None:
            break
    if columns is None:
        return None
    width = len(rows[h].spans)
    if h and len(rows[h - 1].spans) == width:
        return None  # titles over two rows (a group title above): not understood
    body = rows[h + 1 :]
    if not body or any(len(r.spans) > width for r in body):
        return None  # more cells than titles: the titles are not the columns
    if any(len(r.spans) < width for r in body):
        if not tabbed:
            return None  # ragged: a cell lost or merged shifts the figures after it
        # load.py writes no tab for an empty cell opening or closing an HTML row, so a short
        # row may be one with an empty 序号 or 备注 cell, or one with a merged cell: which
        # cells it lacks is unknown, and the row alone is left out
        body = [r for r in body if len(r.spans) == width]
    place_col, fields = columns
    words = _words()
    keyed: list[_Keyed] = []
    others = 0
    for row in body:
        cells = [_view(text, s, e) for s, e in row.spans]
        if not any(map(_DIGIT.search, cells)):
            break  # titles again (a second table right under the first): its rows are its own
        name = cells[place_col]
        if not name and place_col == 1 and cells[0] in words.totals:
            name = cells[0]  # 合计 written in the 序号 column
        if name in words.totals:
            keyed.append(_Keyed(row, cells, None, False))
            continue
        name = _NOTE.sub("", name)  # 南昌市(含赣江新区)
        place = _place(name)
        if place is None:
            others += 1
        else:
            keyed.append(_Keyed(row, cells, place, name != place.name))
    keyed = _one_level(keyed)
    places = [k.place for k in keyed if k.place is not None]
    if not places or others * 2 > len(places):
        return None  # the rows are not places (大气, 水, 土壤 …)
    if sum(k.place is None for k in keyed) > 1:
        keyed = [k for k in keyed if k.place is not None]  # two total rows: whose is which?
    dropped = {
        col
        for col, field in fields.items()
        if field not in _RATE_FIELDS.values() and any(_PERCENT.search(k.cells[col]) for k in keyed)
    }
    hits = [
        TableHit(k.place, field, value, (k.row.start, k.row.end), k.row.spans[col])
        for k in keyed
        for col, field in fields.items()
        if col not in dropped and (value := _value(k.cells[col], field)) is not None
    ]
    start, end = rows[h].start, body[-1].end
    return TableRead(start, end, _as_of(text, start, end, year), places, hits)


def _columns(titles: list[str]) -> tuple[int, dict[int, str]] | None:
    """(place column, {column: field}) of a title row; None when it is not one."""
    words = _words()
    if len(titles) < 2 or any(_SEQ_VALUE.fullmatch(t) for t in titles):
        return None
    place_col = 1 if titles[0] in words.seq and len(titles) > 2 else 0
    if _title(titles[place_col]) is not None:
        return None  # the first column counts something: no place column
    read = {
        col: t
        for col, title in enumerate(titles)
        if col > place_col and (t := _title(title)) is not None
    }
    listed = {c for named, cats, _r, _u in read.values() if named is None for c in cats}
    fields: dict[int, str] = {}
    for col, (named, cats, role, unit) in read.items():
        if named is not None:
            fields[col] = named
            continue
        known = cats or frozenset(listed)  # a title naming no list takes the table's one
        if len(known) != 1:
            continue  # which list? (two named, or none)
        (category,) = known
        if role == "rate":
            field = _RATE_FIELDS.get(category)
        else:
            if unit is not None and unit not in words.units.get(category, ()):
                continue  # 交办件数(人)? not a count of that list
            field = FIELDS.get((category, role or ""))
        if field is not None:
            fields[col] = field
    counts = Counter(fields.values())
    fields = {col: f for col, f in fields.items() if counts[f] == 1}  # two alike: neither
    return (place_col, fields) if fields else None


def _title(title: str) -> tuple[str | None, frozenset[str], str | None, str | None] | None:
    """(field named outright, lists named, role, unit) of a count column's title; None when
    the title names no count (or one this module cannot be sure of)."""
    if not title:
        return None
    words = _words()
    m = _UNIT.search(title)
    unit = m.group(1) if m else None
    name = _NOTE.sub("", title)
    if not name or words.skip.search(name):
        return None
    for named in words.named:
        if named.pattern.search(name):
            given = unit or next((u for u in named.units if name.endswith(u)), None)
            if given is not None and given not in named.units:
                return None
            if given is None and named.unit_required:
                return None
            return named.field, frozenset(), None, given
    cats = frozenset(key for key, pattern in words.categories if pattern.search(name))
    role = next((r for r, pattern in words.roles if pattern.search(name)), None)
    if role == "done" and not _DONE_WORDS.search(name.replace("基本完成", "")):
        return None  # 基本完成 alone is not the done figure when a 完成 figure exists
    if role is None:
        rest = name
        for _key, pattern in words.categories:
            rest = pattern.sub("", rest)
        if not cats or _LIST_FILLER.sub("", rest):
            return None
        role = "total"
    if (unit == "%" and role != "rate") or (role == "rate" and unit not in (None, "%")):
        return None  # a percentage is no count, and a rate is no count of things
    return None, cats, role, unit


def _place(name: str) -> Place | None:
    """The place a cell names in full or by a short name the gazetteer knows."""
    if len(name) < 2:
        return None
    gaz = load_gazetteer()
    place = gaz.get(name)
    if place is None:
        found = gaz.find(name)
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(name):
            place = found[0][2]
    return place


@dataclass(slots=True)
class _Keyed:
    """A body row with its cells (matching view) and its place (None: the total row)."""

    row: Row
    cells: list[str]
    place: Place | None
    short: bool  # the place is written by a short name (九江, 吉林)


def _one_level(keyed: list[_Keyed]) -> list[_Keyed]:
    """The rows of one table are places of one level. A row of another level is kept when it
    sits under the same parent as the others (济源市 among 河南's cities); one written by a
    short name is read as the place of that level with the name (吉林 among 长春, 四平 is
    吉林市); any other is left out."""
    levels = Counter(k.place.level for k in keyed if k.place is not None)
    if len(levels) < 2:
        return keyed
    top = max(levels.values())
    level = next(lv for lv in (*_LEVELS, *levels) if levels.get(lv) == top)
    parents = {k.place.parent for k in keyed if k.place is not None and k.place.level == level}
    gaz = load_gazetteer()
    out = []
    for k in keyed:
        place = k.place
        if place is None or place.level == level or (place.parent and place.parent in parents):
            out.append(k)
            continue
        if not k.short:
            continue
        same = next(
            (
                p
                for suffix in ("市", "州", "地区", "盟", "县", "区", "旗")
                if (p := gaz.get(place.short + suffix)) is not None and p.level == level
            ),
            None,
        )
        if same is not None:
            out.append(_Keyed(k.row, k.cells, same, True))
    return out


def _value(cell: str, field: str) -> int | float | None:
    """A cell's figure when it is a plain one for the field: a count, a rate up to 100, fines
    in 万元; None for an empty cell, —, a range, an approximation or a percentage."""
    if field in _RATE_FIELDS.values():
        m = _RATE_VALUE.fullmatch(cell)
        value = float(m.group(1)) if m else None
        return as_int_or_float(value) if value is not None and value <= 100 else None
    if field == "fines_wan":
        m = _FINES_VALUE.fullmatch(cell)
        return as_int_or_float(float(m.group(1))) if m else None
    m = _COUNT_VALUE.fullmatch(cell)
    return int(m.group(1)) if m else None


def _as_of(text: str, start: int, end: int, year: int | None) -> str | None:
    """The date of a table's figures: on its caption or a line just above it, else on the
    line just below it."""
    above = text[max(0, start - _SEARCH_CHARS) : start].split("\n")
    lines = [ln.strip() for ln in reversed(above) if ln.strip()][:_ABOVE_LINES]
    below = text[end : end + _SEARCH_CHARS].strip().split("\n", 1)[0]
    for line in [*lines, below]:
        if line and ("截" in line):
            found = find_as_of(normalise(line).text, year)
            if found:
                return found
    return None


# --------------------------------------------------------------------------- sections


def offer_tables(asm: Assembly) -> None:
    """Offer the figures of the text's count tables to their sections, after the sentences'
    own. A row's figures of one list are left out where the section already states a figure
    of that list that the row contradicts (南昌市累计交办400件 and a row of 320 count two
    scopes: done and phased of the 320 would not be the 400's); a figure both state keeps the
    sentence as its evidence."""
    reads = table_reads(asm.doc_text, asm.ctx.year)
    for read in reads:
        total = _total_key(asm, read.places)
        keys: list[Key] = []
        for row in _rows_of_hits(read.hits):
            place = row[0].place
            if place is None:
                if total is None:
                    continue  # whose total is it?
                key, rank = total, -1
            elif place.name == asm.ctx.subject.entity:
                key, rank = asm.subject_key(), 0
            else:
                key, rank = (place.name, asm.default_round()), 0
            b = asm.builders.get(key)
            stated = {f: c.fact.value for f, c in b.candidates.items()} if b else {}
            clash = {
                _scope(h.field) for h in row if h.field in stated and stated[h.field] != h.value
            }
            rs, re_ = row[0].row
            offered = False
            for hit in row:
                if _scope(hit.field) in clash:
                    continue
                ev = Evidence(rs, re_, asm.doc_text[rs:re_], *hit.cell)
                asm.offer(key, Fact(hit.field, hit.value, ev), rank, place)
                offered = True
            if offered:
                keys.append(key)
                _locate(asm.builders[key], asm.reading, rs, re_)
        if read.as_of is None:
            continue
        for key in keys:  # the table's date for the sections whose figures are all the table's
            b = asm.builders[key]
            facts = [c.fact for c in b.candidates.values()]
            if b.section.as_of is None and all(read.start <= f.ev.start < read.end for f in facts):
                b.section.as_of = read.as_of


def _rows_of_hits(hits: list[TableHit]) -> list[list[TableHit]]:
    out: list[list[TableHit]] = []
    for hit in hits:
        if out and out[-1][0].row == hit.row:
            out[-1].append(hit)
        else:
            out.append([hit])
    return out


def _scope(field: str) -> str:
    """The list a field counts (tasks, petitions …); an enforcement figure stands alone."""
    category = FIELD_CATEGORY.get(field, field)
    return category if category in PROGRESS_CATEGORIES else field


def _total_key(asm: Assembly, places: list[Place]) -> Key | None:
    """The subject's section, when the subject holds every place of the table (a province's
    table of its cities, a national table of provinces); else None."""
    from ..context import UNKNOWN

    subject = asm.ctx.subject
    if subject.entity == UNKNOWN or not places:
        return None
    if subject.level == "national":
        ok = all(p.level == "province" for p in places)
    else:
        ok = subject.level in _LEVELS and all(_under(p, subject.entity) for p in places)
    return asm.subject_key() if ok else None


def _under(place: Place, entity: str) -> bool:
    """Whether a place lies under `entity`, through its parents (for a county name several
    cities share, through any of them)."""
    gaz = load_gazetteer()
    seen = 0
    todo = [place]
    while todo and seen < 20:
        p = todo.pop()
        seen += 1
        parents = [p.parent] if p.parent else list(gaz.county_parents(p.name))
        if entity in parents:
            return True
        todo += [q for name in parents if (q := gaz.get(name)) is not None]
    return False


def _locate(b: Builder, reading: Normalised, start: int, end: int) -> None:
    """Place a section at a row: in the reading view, like a sentence that speaks of it; a row
    the reading view leaves out (the layout takes short `|` rows for menu rows) gives a section
    no sentence speaks of its span in the stored text."""
    first, last = _reading_index(reading, start), _reading_index(reading, end - 1)
    if first is not None and last is not None:
        b.touch(first, last + 1)
    elif b.first < 0 and b.section.start == b.section.end == 0:
        b.section.start, b.section.end = start, end


def _reading_index(reading: Normalised, stored: int) -> int | None:
    """The reading view's position of a stored-text offset; None when the reading view leaves
    that character out."""
    origin = reading.origin
    k = bisect_right(origin.bases, stored) - 1
    if k < 0:
        return None
    run_end = origin.starts[k + 1] if k + 1 < len(origin.starts) else origin.length
    index = origin.starts[k] + stored - origin.bases[k]
    return index if index < run_end else None
