"""Place names of the inspection: provinces, prefecture-level cities, central enterprises and
State Council departments.

The reference tables live in ``ducha/data/reference/*.toml`` so they can be corrected without
touching code. This module loads them once and answers three kinds of question:

* ``get``: resolve a name the program already holds (a full name, a province short name, a
  body's short form) to its `Place`.
* ``find``: locate every mention in running text. It runs on every sentence of every document,
  so it is a single precompiled regular expression built from a character trie; a trie makes
  the alternation longest-match-first at every position and lets the regex engine reject most
  positions on the first character.
* ``search``: fuzzy lookup for the UI (pinyin, initials, prefixes).
"""

from __future__ import annotations

import math
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = ["Gazetteer", "Place", "load_gazetteer", "read_reference"]

LEVELS = ("province", "city", "county", "enterprise", "department")
_LEVEL_ORDER = {"province": 0, "city": 1, "county": 3, "enterprise": 2, "department": 2}
# County names a scan of running text does not take: two-character districts that are also
# ordinary words (城区, 郊区, 矿区, 东区, 西区).
_COUNTY_MIN = 3
# What may follow a city's bare short name at the head of a clause or in a list for it to be
# read as the city (杭州71件, 东营:, 绵阳、德阳): a number, a list mark, or a verb of counting.
_LOOSE_AFTER = re.compile(r"[\d、:,(]|累计|共|已|完成|交办|转办|办结|问责|分别")

# A province short name directly followed by one of these is a river/lake/mountain side, not
# the province: 黄河南岸, 洞庭湖北岸, 长江西岸, 太行山西麓, 泰山东麓, 渤海南岸.
_PROVINCE_SHORT_GUARD = "岸麓畔坡"
# Designations a province is given informally after its short name (广西省, 新疆自治区).
_INFORMAL_ENDINGS = ("省", "自治区")
# Words after a city's short name that show it is the city (洛阳委 is rare, 延边州委 is not,
# but the guard keeps 长治久安 and 白银价格 out).
_GOVERNMENT_WORDS = ("委", "政府", "人民政府")


@dataclass(frozen=True, slots=True)
class Place:
    """One inspected or mentioned unit."""

    name: str  # full official name: 山西省, 洛阳市 (全国 is not a Place)
    short: str  # 山西, 洛阳
    level: str  # "province" | "city" | "county" | "enterprise" | "department"
    parent: str | None  # province of a city; city (or province) of a county; None otherwise
    pinyin: str  # "shanxi"
    english: str
    abbrs: tuple[str, ...]  # ("晋",) for provinces, () otherwise

    def __hash__(self) -> int:  # the name alone: places key many dicts and sets
        return hash(self.name)


@dataclass(frozen=True, slots=True)
class _Entry:
    """What ``find`` reports for one regex key: the place and how much of the key is the name."""

    place: Place
    span: int


@dataclass(slots=True)
class _SearchKeys:
    """Lower-cased forms of one place that ``search`` compares a query against."""

    exact: tuple[str, ...]
    initials: str
    order: int


@dataclass
class Gazetteer:
    """All known places, with indexes for exact lookup, text scanning and search."""

    places: tuple[Place, ...]
    _by_name: dict[str, Place] = field(default_factory=dict, repr=False)
    _by_alias: dict[str, Place] = field(default_factory=dict, repr=False)
    _children: dict[str, list[Place]] = field(default_factory=dict, repr=False)
    _entries: dict[str, _Entry] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _search: list[_SearchKeys] = field(default_factory=list, repr=False)
    _gb: dict[str, int] = field(default_factory=dict, repr=False)
    _loose: re.Pattern[str] | None = field(default=None, repr=False)
    _county_parents: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _counties: dict[str, Place] = field(default_factory=dict, repr=False)
    _county_lengths: list[int] = field(default_factory=list, repr=False)
    # the lengths of the county names with each last two characters (川县: 3, 4…), longest first
    _county_endings: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _first_chars: frozenset[str] = field(default_factory=frozenset, repr=False)
    _named: dict[str, tuple[Place, ...]] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self.places)} places)"

    # ------------------------------------------------------------------ building
    @classmethod
    def from_tables(
        cls,
        provinces: Iterable[Mapping[str, Any]],
        cities: Iterable[Mapping[str, Any]],
        bodies: Iterable[Mapping[str, Any]] = (),
        counties: Iterable[Mapping[str, Any]] = (),
    ) -> Gazetteer:
        """Build from the parsed TOML arrays (``[[province]]``, ``[[city]]``, ``[[body]]``,
        ``[[county]]``). A county name used in several places (鼓楼区) is one `Place` with no
        parent; `county_parents` lists where it may be."""
        places: list[Place] = []
        extra_shorts: dict[str, tuple[str, ...]] = {}  # body name -> further short forms
        aliases: dict[str, tuple[str, ...]] = {}  # lookup-only forms
        initials: dict[str, str] = {}
        gb: dict[str, int] = {}

        for row in provinces:
            abbrs = tuple(row.get("abbrs") or ([row["abbr"]] if row.get("abbr") else []))
            p = Place(
                row["name"], row["short"], "province", None, row["pinyin"], row["english"], abbrs
            )
            places.append(p)
            gb[p.name] = int(row.get("gb", 99))
            initials[p.name] = row.get("initials", "")
        places.sort(key=lambda p: gb[p.name])

        for row in cities:
            p = Place(
                row["name"],
                row["short"],
                "city",
                row["province"],
                row["pinyin"],
                row["english"],
                (),
            )
            places.append(p)
            aliases[p.name] = tuple(row.get("aliases", ()))
            initials[p.name] = row.get("initials", "")

        for row in bodies:
            shorts = tuple(row.get("shorts", ()))
            level = row["level"]
            if level not in ("enterprise", "department"):
                raise ValueError(f"bad level {level!r} for {row['name']}")
            p = Place(
                name=row["name"],
                short=shorts[0] if shorts else row["name"],
                level=level,
                parent=None,
                pinyin=row["pinyin"],
                english=row["english"],
                abbrs=(),
            )
            places.append(p)
            extra_shorts[p.name] = shorts[1:]
            initials[p.name] = row.get("initials", "")

        county_rows: dict[str, list[Mapping[str, Any]]] = {}
        for row in counties:
            county_rows.setdefault(row["name"], []).append(row)
        county_parents: dict[str, tuple[str, ...]] = {}
        for name, rows in county_rows.items():
            parents = tuple(r["parent"] for r in rows)
            p = Place(
                name,
                _county_short(name),
                "county",
                parents[0] if len(parents) == 1 else None,
                rows[0]["pinyin"],
                rows[0].get("english") or rows[0]["pinyin"].capitalize(),
                (),
            )
            places.append(p)
            county_parents[name] = parents

        g = cls(places=tuple(places), _gb=gb, _county_parents=county_parents)
        g._index(extra_shorts, aliases, initials)
        return g

    def _index(
        self,
        extra_shorts: dict[str, tuple[str, ...]],
        aliases: dict[str, tuple[str, ...]],
        initials: dict[str, str],
    ) -> None:
        """Fill the lookup tables; called once."""
        provinces = [p for p in self.places if p.level == "province"]
        cities = [p for p in self.places if p.level == "city"]
        bodies = [p for p in self.places if p.level in ("enterprise", "department")]
        counties = [p for p in self.places if p.level == "county"]

        for p in self.places:
            if p.name in self._by_name:
                raise ValueError(f"duplicate place name {p.name}")
            self._by_name[p.name] = p
        for c in cities:
            if c.parent not in self._by_name:
                raise ValueError(f"{c.name}: unknown province {c.parent}")
            self._children.setdefault(c.parent, []).append(c)

        # get(): short names. Provinces and bodies always; cities only when no other place
        # uses the same short name (吉林 -> 吉林省, 海南 -> 海南省).
        alias: dict[str, Place] = {}
        for p in provinces:
            alias.setdefault(p.short, p)
            for a in p.abbrs:
                alias.setdefault(a, p)
        for b in bodies:
            for s in (b.short, *extra_shorts.get(b.name, ())):
                alias.setdefault(s, b)
        short_count: dict[str, int] = {}
        for c in cities:
            short_count[c.short] = short_count.get(c.short, 0) + 1
        for c in cities:
            if short_count[c.short] == 1:
                alias.setdefault(c.short, c)
            for a in aliases.get(c.name, ()):
                alias.setdefault(a, c)
        self._by_alias = {k: v for k, v in alias.items() if k not in self._by_name}

        # find(): keys in priority order (setdefault keeps the first owner of a key).
        entries: dict[str, _Entry] = {}
        guards: dict[str, str] = {}
        # counties are found by their last character (县, 区, 市, 旗), not in the trie: a trie
        # of three thousand more names would be tried at almost every position of a text
        self._counties = {
            p.name: p for p in counties if len(p.name) >= _COUNTY_MIN or p.name.endswith("县")
        }
        self._county_lengths = sorted({len(n) for n in self._counties}, reverse=True)
        by_ending: dict[str, set[int]] = {}
        for n in self._counties:
            by_ending.setdefault(n[-2:], set()).add(len(n))
        self._county_endings = {e: sorted(ks, reverse=True) for e, ks in by_ending.items()}
        for p in self.places:
            if p.level != "county":
                entries.setdefault(p.name, _Entry(p, len(p.name)))
        for p in provinces:
            if p.short not in entries:
                entries[p.short] = _Entry(p, len(p.short))
                guards[p.short] = _PROVINCE_SHORT_GUARD
        for b in bodies:
            for s in (b.short, *extra_shorts.get(b.name, ())):
                entries.setdefault(s, _Entry(b, len(s)))
        province_shorts = {p.short for p in provinces}
        for c in cities:
            if c.name.endswith("自治州"):
                entries.setdefault(c.short + "州", _Entry(c, len(c.short) + 1))
            elif c.name.endswith("市") and c.short not in province_shorts:
                entries.setdefault(c.short + "地区", _Entry(c, len(c.short) + 2))
            if c.short in province_shorts or short_count[c.short] > 1:
                continue
            for w in _GOVERNMENT_WORDS:
                entries.setdefault(c.short + w, _Entry(c, len(c.short)))
        self._entries = entries
        self._pattern = re.compile(_trie_pattern({k: guards.get(k, "") for k in entries}))
        loose = {
            c.short: c
            for c in cities
            if len(c.short) >= 2 and short_count[c.short] == 1 and c.short not in province_shorts
        }
        self._loose_entries = loose
        self._first_chars = frozenset(k[0] for k in [*entries, *self._counties, *loose] if k)
        self._loose = re.compile(_trie_pattern(dict.fromkeys(loose, "")))

        # search()
        for i, p in enumerate(self.places):
            forms = {p.name, p.short, *p.abbrs, p.pinyin, p.english}
            forms.update(extra_shorts.get(p.name, ()))
            forms.update(aliases.get(p.name, ()))
            self._search.append(
                _SearchKeys(
                    exact=tuple(sorted(f.lower() for f in forms if f)),
                    initials=initials.get(p.name, "").lower(),
                    order=i,
                )
            )

    # ------------------------------------------------------------------ lookup
    def get(self, name: str) -> Place | None:
        """Exact full name, or a short name / 简称 of a province or body, or an unambiguous city
        short name (吉林 and 海南 mean the provinces)."""
        name = name.strip()
        return self._by_name.get(name) or self._by_alias.get(name)

    def lookup(self, name: str) -> Place | None:
        """`get`, or a province named by its short name with a designation it does not
        carry (广西省, 内蒙古省, 广西自治区): people write them so, and no other place is
        named that way. The parser keeps to `get`."""
        place = self.get(name)
        if place is not None:
            return place
        name = name.strip()
        for ending in _INFORMAL_ENDINGS:
            stem = name[: -len(ending)]
            if name.endswith(ending) and stem:
                p = self._by_alias.get(stem)
                if p is not None and p.level == "province" and p.short == stem:
                    return p
        return None

    def named(self, form: str) -> tuple[Place, ...]:
        """Every place `form` names exactly, as `search` ranks first (a full or short name,
        简称, alias, pinyin or English, any case: yunnan, Henan, 豫), without ranking the
        rest: a lookup per word of a filter typed key by key."""
        index = self._named
        if index is None:  # made on first use; the same table whichever thread makes it
            built: dict[str, list[Place]] = {}
            for keys in self._search:
                for f in keys.exact:
                    built.setdefault(f, []).append(self.places[keys.order])
            index = self._named = {f: tuple(ps) for f, ps in built.items()}
        q = form.strip().lower()
        qp = re.sub(r"[\s'’\-]", "", q).replace("ü", "v")
        found = index.get(q, ())
        return found + tuple(p for p in index.get(qp, ()) if p not in found) if qp != q else found

    def provinces(self) -> list[Place]:
        """The 31 provincial-level divisions in GB/T 2260 order, then 新疆生产建设兵团."""
        return [p for p in self.places if p.level == "province"]

    def cities_of(self, province: str) -> list[Place]:
        """Prefecture-level divisions of a province (full or short name), in GB order."""
        p = self.get(province)
        if p is None or p.level != "province":
            return []
        return list(self._children.get(p.name, ()))

    def province_of(self, name: str) -> Place | None:
        """The province a place belongs to (itself for a province); None for bodies."""
        p = self.get(name)
        if p is None:
            return None
        if p.level == "province":
            return p
        return self._by_name.get(p.parent) if p.parent else None

    def bodies(self) -> list[Place]:
        """Central enterprises and State Council departments."""
        return [p for p in self.places if p.level in ("enterprise", "department")]

    # ------------------------------------------------------------------ text scan
    def find(self, text: str) -> list[tuple[int, int, Place]]:
        """Every mention in `text` as (start, end, place): non-overlapping, leftmost, and the
        longest name at each position (吉林市 is the city, 海南藏族自治州 the prefecture).

        Full names of all places, short names of provinces and bodies, and city short names
        only with their designation (延边州, 洛阳地区) or a government word (洛阳市委 matches via
        the full name). 大理市 is a county-level city and is deliberately not matched to 大理州.
        """
        assert self._pattern is not None
        entries = self._entries
        out: list[tuple[int, int, Place]] = []
        for m in self._pattern.finditer(text):
            e = entries[m.group()]
            start = m.start()
            out.append((start, start + e.span, e.place))
        counties = self._find_counties(text)
        return _merge(out, counties) if counties else out

    def _find_counties(self, text: str) -> list[tuple[int, int, Place]]:
        """County names ending at each 县/区/市/旗 of the text, the longest first."""
        names, endings = self._counties, self._county_endings
        out: list[tuple[int, int, Place]] = []
        for m in _COUNTY_END.finditer(text):
            end = m.end()
            # most 市/区 end no county name (全市, 城区): the last two characters say so at once
            for k in endings.get(text[end - 2 : end], ()):
                if k <= end and (place := names.get(text[end - k : end])) is not None:
                    if not out or end - k >= out[-1][1]:
                        out.append((end - k, end, place))
                    break
        return out

    def find_head(self, text: str) -> tuple[int, Place] | None:
        """The place `text` opens with, as (end, place): any name `find` knows, or a city's
        bare short name followed by a count or a list mark (杭州71件, 绵阳、德阳)."""
        assert self._pattern is not None and self._loose is not None
        if not text or text[0] not in self._first_chars:
            return None
        m = self._pattern.match(text)
        county = None
        longest = self._county_lengths[0] if self._county_lengths else 0
        for e in reversed([m.end() for m in _COUNTY_END.finditer(text, 0, longest)]):
            place = self._counties.get(text[:e])
            if place is not None:
                county = (e, place)
                break
        if m:
            entry = self._entries[m.group()]
            if county is None or county[0] <= entry.span:
                return entry.span, entry.place
        if county is not None:
            return county
        m = self._loose.match(text)
        if m and _LOOSE_AFTER.match(text, m.end()):
            return m.end(), self._loose_entries[m.group()]
        return None

    def loose_matches(self, text: str) -> list[tuple[int, int, Place]]:
        """Cities named by their bare short name (东营, 眉山), wherever they stand."""
        assert self._loose is not None
        entries = self._loose_entries
        return [(m.start(), m.end(), entries[m.group()]) for m in self._loose.finditer(text)]

    def heads(
        self,
        text: str,
        found: list[tuple[int, int, Place]] | None = None,
        loose: list[tuple[int, int, Place]] | None = None,
    ) -> dict[int, tuple[int, Place]]:
        """Every place `find_head` would see, by start: one pass over a whole text instead of
        a lookup at every clause (end, place); `found` and `loose` are `find(text)` and
        `loose_matches(text)` if already made."""
        out = {s: (e, p) for s, e, p in (found if found is not None else self.find(text))}
        for s, e, p in loose if loose is not None else self.loose_matches(text):
            if s not in out and _LOOSE_AFTER.match(text, e):
                out[s] = (e, p)
        return out

    def find_loose(
        self,
        text: str,
        found: list[tuple[int, int, Place]] | None = None,
        loose: list[tuple[int, int, Place]] | None = None,
    ) -> list[tuple[int, int, Place]]:
        """`find`, plus cities named by their bare short name (向东营转办) where no other
        name covers them; for clues about a text's subject, not for attributing figures.
        `found` and `loose` are `find(text)` and `loose_matches(text)` if already made."""
        found = list(found if found is not None else self.find(text))
        starts = [s for s, _e, _p in found]  # sorted, and the spans do not overlap
        extra = []
        for s, e, p in loose if loose is not None else self.loose_matches(text):
            i = bisect_right(starts, s) - 1
            if i < 0 or found[i][1] <= s:
                extra.append((s, e, p))
        return sorted(found + extra, key=lambda t: t[0]) if extra else found

    def county_parents(self, name: str) -> tuple[str, ...]:
        """Every city (or province) that has a county of this name."""
        return self._county_parents.get(name, ())

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 10) -> list[Place]:
        """Ranked fuzzy lookup: exact (name, short, 简称, pinyin, English) > prefix > pinyin
        initials (hn -> 河南, 湖南, 海南 ...) > substring; provinces before cities before bodies."""
        q = query.strip().lower()
        if not q:
            return []
        qp = re.sub(r"[\s'’\-]", "", q).replace("ü", "v")
        ascii_query = qp.isascii() and qp.isalpha()
        ranked: list[tuple[int, int, int, Place]] = []
        for keys in self._search:
            p = self.places[keys.order]
            tier = _tier(q, qp, ascii_query, keys)
            if tier is not None:
                ranked.append((tier, _LEVEL_ORDER[p.level], keys.order, p))
        # counties after every province, city and body: there are thousands, and a query
        # that names a province must not be crowded out by districts that share its sounds
        ranked.sort(key=lambda t: (t[3].level == "county", *t[:3]))
        if ranked and ranked[0][0] == 0:
            ranked = [t for t in ranked if t[0] == 0]  # an exact hit: nothing looser
        return [t[3] for t in ranked[: max(limit, 0)]]


def _tier(q: str, qp: str, ascii_query: bool, keys: _SearchKeys) -> int | None:
    """Rank of one place for a query: 0 exact, 1 prefix, 2 initials, 3 initials prefix,
    4 substring; None for no match."""
    forms = keys.exact
    if q in forms or qp in forms:
        return 0
    if any(f.startswith(q) or f.startswith(qp) for f in forms):
        return 1
    if ascii_query and keys.initials:
        if keys.initials == qp:
            return 2
        if keys.initials.startswith(qp):
            return 3
    if any(q in f or qp in f for f in forms):
        return 4
    return None


def _trie_pattern(keys: Mapping[str, str]) -> str:
    """A regex matching any key, longest first at each position.

    `keys` maps each literal to a (possibly empty) set of characters that must not follow it.
    The trie form puts the "stop here" branch last in every group, so the engine prefers the
    longest key and only falls back to a shorter one when the longer path fails.
    """
    end = ""  # marker: a key ends at this node (real children are single characters)
    root: dict[str, Any] = {}
    for key, guard in keys.items():
        if not key:
            continue
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[end] = guard

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != end]
        if end in node:
            guard = node[end]
            alts.append(f"(?![{re.escape(guard)}])" if guard else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    # The engine tries a group's alternatives one by one, so a root of hundreds of first
    # characters costs hundreds of comparisons at every candidate position. Consume the first
    # character with one class (a search skips fast to a candidate), then dispatch on it in
    # two short steps: a class per block of characters, then the character itself.
    firsts = sorted(root)
    if len(firsts) <= 16:
        return build(root)
    size = max(4, math.isqrt(len(firsts)))
    blocks = []
    for i in range(0, len(firsts), size):
        block = firsts[i : i + size]
        inner = "|".join(f"(?<={re.escape(ch)}){build(root[ch])}" for ch in block)
        blocks.append(f"(?<=[{''.join(map(_class_escape, block))}])(?:{inner})")
    return f"[{''.join(map(_class_escape, firsts))}](?:{'|'.join(blocks)})"


def _class_escape(ch: str) -> str:
    """One character, safe inside [...]."""
    return "\\" + ch if ch in "\\]^-[" else ch


def read_reference(name: str) -> dict[str, Any]:
    """Read one packaged reference table."""
    data = (files("ducha.data") / "reference" / name).read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (built once per process)."""
    return Gazetteer.from_tables(
        read_reference("provinces.toml")["province"],
        read_reference("cities.toml")["city"],
        read_reference("bodies.toml")["body"],
        read_reference("counties.toml")["county"],
    )


_COUNTY_END = re.compile(r"[县区市旗]")


def _merge(
    a: list[tuple[int, int, Place]], b: list[tuple[int, int, Place]]
) -> list[tuple[int, int, Place]]:
    """Two sorted lists of mentions as one, non-overlapping: the longer of two that overlap
    (海南区 over 海南), the first list's on a tie."""
    out: list[tuple[int, int, Place]] = []
    for item in sorted(a + b, key=lambda t: (t[0], -(t[1] - t[0]))):
        if out and item[0] < out[-1][1]:
            if item[1] - item[0] > out[-1][1] - out[-1][0] and item[0] == out[-1][0]:
                out[-1] = item
            continue
        out.append(item)
    return out


def _county_short(name: str) -> str:
    """栾川县 -> 栾川, 正蓝旗 -> 正蓝; a two-character name keeps its ending (沙县)."""
    for suffix in ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class Mentions:
    """The places of a whole text, found once; a sentence's share is sliced out rather than
    scanned again (no name crosses a sentence end). Offsets are the text's."""

    found: list[tuple[int, int, Place]]  # sorted by start, not overlapping
    starts: list[int]

    @classmethod
    def of(cls, found: list[tuple[int, int, Place]]) -> Mentions:
        return cls(found, [s for s, _e, _p in found])

    def within(self, start: int, end: int) -> list[tuple[int, int, Place]]:
        """The places inside text[start:end], with offsets relative to `start`."""
        out = []
        i = bisect_left(self.starts, start)
        found = self.found
        while i < len(found) and found[i][0] < end:
            s, e, p = found[i]
            if e <= end:
                out.append((s - start, e - start, p))
            i += 1
        return out
