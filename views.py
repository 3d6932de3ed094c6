"""Rich renderings for the command line: `ducha extract` (one parsed document) and
`ducha show` (an entity's counts, metrics and sources; the overview of all entities).

Every string that comes from a document goes into a `rich.text.Text` as plain text (never
through markup), with control characters removed, so a report cannot restyle or corrupt
the terminal. Colour is never the only signal: each status also has a word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ducha.plaintable import PlainTable, fit_columns
from ducha.vocabulary import (
    OVERDUE_WORD,
    PROGRESS_CATEGORIES,
    ROLE_COLUMNS,
    ROLE_HEADERS,
    STATUS_WORDS,
    as_of_short,
    field_label,
    num,
    unit_of,
)

if TYPE_CHECKING:
    from ducha.parsers.model import ParsedDocument
    from ducha.results import Resolution

STATUS_STYLE = {
    "done": "bold green",
    "in_progress": "yellow",
    "on_schedule": "cyan",
    "behind": "bold red",
    "phased": "magenta",
    "stated": "dim",
    "basically_done": "green",
    "not_started": "bold red",
    "overdue": "bold red",
}
STATUS_WORD = {**STATUS_WORDS, "overdue": OVERDUE_WORD}
MATCH_STYLE = "bold underline"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(value: Any) -> str:
    """Document-derived text made safe for a terminal: no C0 (except tab/newline), DEL, C1;
    a lone surrogate (a file name's byte that is not UTF-8) shown as its `\\xb1` escape,
    since no output encoding can write it."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    if _SURROGATE.search(text):
        from ducha.sources import shown

        text = shown(text)
    return text


def shown_path(path: Any) -> str:
    """A file name or path made safe for a terminal, still telling which file it is: a
    control character (ESC, BEL, newline: all allowed in a Linux file name) and a byte that
    is not UTF-8 appear as backslash escapes, as `ls -b` shows them, instead of acting on
    the terminal or breaking the output's encoding. Print it in a `Text` (never markup),
    so `[red]` in a name stays two brackets and a word."""
    from ducha.sources import shown

    text = shown(path) if path is not None else ""
    return _PATH_CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def make_console(stderr: bool = False) -> Console:
    """A console that colours only a terminal and honours NO_COLOR (Rich's own rules).

    Output to a file or a pipe is 120 columns wide unless COLUMNS says otherwise, so that
    tables of Chinese text are not squeezed into 80.
    """
    import os

    con = _Console(stderr=stderr, highlight=False)
    if not con.is_terminal and "COLUMNS" not in os.environ:
        con = _Console(stderr=stderr, highlight=False, width=120)
    return con


class _Console(Console):
    """Rich's console, except that a closed pipe (`ducha show | head -1`) is left to the
    command's entry point, which ends quietly; Rich's own handling exits with status 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def fmt_num(value: Any) -> str:
    if value is None:
        return ""
    v = num(value)
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10000 else str(v)
    return f"{v:g}"


def status_text(status: str) -> Text:
    return Text(STATUS_WORD.get(status, status), style=STATUS_STYLE.get(status, ""))


def evidence_text(
    sentence: str | None,
    start: int | None = None,
    match_start: int | None = None,
    match_end: int | None = None,
    style: str = "",
) -> Text:
    """The source sentence with the words that state the value emphasised."""
    s = sentence or ""
    t = Text(style=style)
    if start is None or match_start is None or match_end is None:
        t.append(clean(s))
        return t
    a, b = max(0, match_start - start), max(0, match_end - start)
    if not (0 <= a <= b <= len(s)):
        t.append(clean(s))
        return t
    t.append(clean(s[:a]))
    t.append(clean(s[a:b]), style=MATCH_STYLE)
    t.append(clean(s[b:]))
    return t


# --- ducha extract ---------------------------------------------------------------------


def print_document(doc: ParsedDocument, console: Console | None = None) -> None:
    """The human view of one parsed document: identity, then each section's facts,
    metrics and deadlines, each with the sentence it was read from."""
    con = console or make_console()
    head = Text()
    head.append(clean(doc.title) or "(no title)", style="bold")
    con.print(head)
    meta = Text(style="dim")
    meta.append(clean(doc.path))
    for label, value in (
        ("published", doc.published),
        ("kind", doc.kind),
        ("encoding", doc.encoding),
        ("format", doc.fmt),
    ):
        if value:
            meta.append(f" | {label} {clean(value)}")
    con.print(meta)
    st = Text("status: ")
    st.append(clean(doc.status), style="green" if doc.status == "ok" else "bold red")
    for problem in doc.problems:
        st.append("\n  problem: ", style="bold red")
        st.append(clean(problem))
    con.print(st)
    if not doc.sections:
        con.print(Text("no sections found", style="yellow"))
    for sec in doc.sections:
        con.print()
        title = Text("> ", style="bold")
        title.append(clean(sec.entity), style="bold")
        title.append(f"  {clean(sec.level)}", style="dim")
        if sec.parent:
            title.append(f" of {clean(sec.parent)}", style="dim")
        con.print(title)
        ident = _identity_line(
            {
                "round": sec.round,
                "batch": sec.batch,
                "group": sec.group,
                "inspection_start": sec.inspection_start,
                "inspection_end": sec.inspection_end,
                "feedback_date": sec.feedback_date,
                "as_of": sec.as_of,
            }
        )
        if ident.plain:
            con.print(ident)
        if sec.facts:
            con.print(_evidence_table("fact", [
                (f.field, fmt_num(f.value), f.ev) for f in sec.facts
            ]))  # fmt: skip
        if sec.metrics:
            rows = []
            for m in sec.metrics:
                label = m.name + (" (target)" if m.target else "")
                rows.append(
                    (label, _metric_value(m.value, m.unit, m.year, m.change, m.change_unit), m.ev)
                )
            con.print(_evidence_table("metric", rows))
        if sec.deadlines:
            rows = []
            for d in sec.deadlines:
                value = " ".join(
                    x for x in (
                        fmt_num(d.count) + " items" if d.count is not None else "",
                        f"{d.share:g}%" if d.share is not None else "",
                    ) if x
                )  # fmt: skip
                rows.append((f"due {d.due}", value, d.ev))
            con.print(_evidence_table("deadline", rows))


def _evidence_table(kind: str, rows: list[tuple[str, str, Any]]) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, expand=True)
    table.add_column(kind, no_wrap=True, style="cyan")
    table.add_column("value", justify="right", no_wrap=True, style="bold")
    table.add_column("evidence", overflow="fold", ratio=1)
    for label, value, ev in rows:
        table.add_row(
            Text(clean(label)),
            Text(clean(value)),
            evidence_text(ev.evidence, ev.start, ev.match_start, ev.match_end, style="dim"),
        )
    return table


def _metric_value(value, unit, year, change, change_unit) -> str:
    parts = []
    if value is not None:
        parts.append(f"{fmt_num(value)}{(' ' + unit) if unit else ''}")
    if year is not None:
        parts.append(f"({year})")
    if change is not None:
        parts.append(f"{num(change):+g}{change_unit or ''}")
    return " ".join(parts)


def _identity_line(ident: dict[str, Any]) -> Text:
    t = Text()
    bits: list[str] = []
    if ident.get("round"):
        rnd = str(ident["round"])
        if ident.get("batch"):
            rnd += f" batch {ident['batch']}"
        bits.append(rnd)
    if ident.get("group"):
        bits.append(str(ident["group"]))
    s, e = ident.get("inspection_start"), ident.get("inspection_end")
    if s or e:
        bits.append(f"stationed {s or '?'} to {e or '?'}")
    if ident.get("feedback_date"):
        bits.append(f"feedback {ident['feedback_date']}")
    if ident.get("as_of"):
        bits.append(f"as of {ident['as_of']}")
    t.append(clean(" | ".join(bits)))
    return t


# --- ducha show: data ------------------------------------------------------------------


# --- ducha show: rendering -------------------------------------------------------------


def render_entity(
    report: dict[str, Any], evidence: bool = False, width: int | None = None
) -> Group:
    parts: list[Any] = []
    head = Text()
    head.append(clean(report["entity"]), style="bold")
    if report.get("level"):
        head.append(f"  {clean(report['level'])}", style="dim")
    if report.get("parent"):
        head.append(f" of {clean(report['parent'])}", style="dim")
    parts.append(head)
    for block in report["rounds"]:
        parts.append(Text())
        parts.append(_round_header(block))
        parts.extend(_headlines(block))
        if block["categories"]:
            if any(c["category"] in PROGRESS_CATEGORIES for c in block["categories"]):
                parts.append(_category_table(block, width))
            parts.extend(_other_figures(block))
            if block.get("figures"):
                parts.append(_figure_table(block))
            if evidence:
                parts.extend(_evidence_lines([
                    (f, *block["_evidence"][f])
                    for cat in block["categories"]
                    for f in cat.get("fields", {}).values()
                    if f in block["_evidence"]
                ]))  # fmt: skip
        if block["metrics"]:
            parts.append(_metric_table(block))
            if evidence:
                parts.extend(_evidence_lines([(m["name"], *m["_ev"]) for m in block["metrics"]]))
        if block["deadlines"]:
            parts.append(_deadline_table(block))
            if evidence:
                parts.extend(
                    _evidence_lines([(f"due {d['due']}", *d["_ev"]) for d in block["deadlines"]])
                )
        if block["documents"]:
            parts.append(Text("sources", style="bold"))
            for d in block["documents"]:
                t = Text("  ")
                t.append(clean(d["doc_id"]), style="dim")
                t.append(f"  {clean(d['published'] or '----------')}  ")
                if d.get("kind"):
                    t.append(f"({clean(d['kind'])}) ", style="dim")
                t.append(clean(d["title"] or d["path"]))
                parts.append(t)
    if report.get("ledger"):
        parts.append(Text())
        parts.extend(_ledger_parts(report["ledger"]))
    return Group(*parts)


def _ledger_parts(ledger: dict[str, Any]) -> list[Any]:
    """The ledger check line, its counts by status, and its rows when asked for."""
    head = Text("ledger", style="bold")
    if ledger.get("as_of"):
        head.append(f"  as of {clean(ledger['as_of'])}", style="dim")
    parts: list[Any] = [head]
    line = Text("  ")
    line.append(clean(ledger["summary"]))
    if ledger["agrees"] is True:
        line.stylize("green", 2)
    elif ledger["agrees"] is False:
        line.stylize("bold red", 2)
    parts.append(line)
    counts = Text("  ")
    for i, (key, n) in enumerate(sorted(ledger["by_status"].items(), key=lambda kv: -kv[1])):
        if i:
            counts.append(" · ")
        counts.append(f"{n} ")
        counts.append(STATUS_WORD.get(key, "no status" if key == "none" else key),
                      style=STATUS_STYLE.get(key, ""))  # fmt: skip
    if ledger["overdue"]:
        counts.append(f" · {ledger['overdue']} ")
        counts.append("overdue*", style=STATUS_STYLE["overdue"])
    parts.append(counts)
    tasks = ledger.get("tasks")
    if tasks is None:
        parts.append(Text("  (--tasks lists the rows, --overdue only those past their deadline)",
                          style="dim"))  # fmt: skip
        return parts
    table = _table(
        ("#", _R),
        ("task", {"overflow": "fold", "ratio": 3}),
        ("unit", {"overflow": "fold", "ratio": 2}),
        ("due", {"no_wrap": True}),
        ("status", {"no_wrap": True}),
        ("stated as", {"overflow": "fold", "ratio": 1}),
    )
    for t in tasks:
        status = status_text(t["status"]) if t["status"] else Text("-", style="dim")
        if t["overdue"]:
            status.append(" ")
            status.append("overdue*", style=STATUS_STYLE["overdue"])
        due = Text(clean(t["due"] or t["due_text"] or ""))
        table.add_row(
            Text(clean(t["seq"] or "")),  # the ledger's own ID, as written (HN-01)
            Text(clean(t["title"])),
            Text(clean(t["unit"] or "")),
            due,
            status,
            Text(clean(t["status_text"] or ""), style="dim"),
        )
    parts.append(table)
    basis = next((t["overdue_basis"] for t in tasks), None)
    legend = "overdue* derived, not stated: a dated deadline passed"
    legend += f" ({basis})" if basis else ""
    legend += " without a stated completion"
    parts.append(Text(f"  {len(tasks)} rows · {legend}", style="dim"))
    return parts


def _evidence_lines(items: list[tuple]) -> list[Text]:
    """One line per distinct sentence: the labels it supports, then the sentence with every
    matched span emphasised. `items` are (label, sentence, start, match_start, match_end)."""
    grouped: dict[str, tuple[int | None, list[str], list[tuple[int, int]]]] = {}
    for label, sentence, start, ms, me in items:
        if not sentence:
            continue
        entry = grouped.setdefault(sentence, (start, [], []))
        if label not in entry[1]:
            entry[1].append(label)
        if start is not None and ms is not None and me is not None:
            entry[2].append((ms - start, me - start))
    lines = []
    for sentence, (_start, labels, spans) in grouped.items():
        t = Text("  ")
        t.append(", ".join(clean(x) for x in labels), style="cyan")
        t.append(":\n    ")
        body = Text(clean(sentence), style="dim")
        if len(body.plain) == len(sentence):
            for a, b in spans:
                if 0 <= a <= b <= len(sentence):
                    body.stylize(MATCH_STYLE, a, b)
        t.append_text(body)
        lines.append(t)
    return lines


def _round_header(block: dict[str, Any]) -> Text:
    t = Text()
    rnd = clean(block["round"] or "round unknown")
    t.append(f" {rnd} ", style="bold reverse")
    if block.get("batch"):
        t.append(f" 第{block['batch']}批 (batch {block['batch']})", style="bold")
    ident = _identity_line({k: v for k, v in block.items() if k not in ("round", "batch")})
    if ident.plain:
        t.append("\n  ")
        t.append_text(ident)
    if block.get("published"):
        t.append(f"\n  latest report published {clean(block['published'])}", style="dim")
    return t


def _headlines(block: dict[str, Any]) -> list[Text]:
    """One plain sentence per category that has a total and a done count, and one for
    anything behind schedule (spelled out, not only coloured)."""
    lines = []
    for cat in block["categories"]:
        total, done = cat.get("total"), cat.get("done")
        if cat["status"] == "behind":
            t = Text("! ", style="bold red")
            t.append(
                f"{fmt_num(cat['behind'])} {cat['category']} behind schedule", style="bold red"
            )
            t.append(f" ({clean(cat['label'])}: {fmt_num(cat['behind'])} 未达序时进度)")
            lines.append(t)
        if cat["category"] in ("tasks", "problems") and total and done is not None:
            t = Text("  ")
            t.append(f"{cat['category']}: {fmt_num(done)} of {fmt_num(total)} done")
            rate_field = cat.get("fields", {}).get("rate")
            if rate_field in (block.get("approximate") or {}):
                t.append(f" (≈{clean(block['approximate'][rate_field])})")
            elif cat.get("rate") is not None:
                t.append(f" ({fmt_num(cat['rate'])}%)")
            if cat.get("as_of_text"):
                t.append(f", {clean(cat['as_of_text'])}")
            t.append(" - ")
            t.append_text(status_text(cat["status"]))
            lines.append(t)
    return lines


def _table(*columns: tuple[str, dict[str, Any]]) -> PlainTable:
    table = PlainTable()
    for name, kw in columns:
        table.add_column(name, **kw)
    return table


_R = {"justify": "right", "no_wrap": True}
GAP = 3  # cells between two columns of show's tables


def _fitted(
    columns: dict[str, dict[str, Any]],
    rows: list[dict[str, Text]],
    width: int | None,
    steps: tuple[str, ...],
    merged: tuple[str, str, str] | None = None,
) -> PlainTable:
    """A table of `rows` (cells by column name) that fits `width` without cutting a number
    or a date: columns with no value go first, then each of `steps` in turn, where
    "merge" puts the two columns of `merged` (a, b, name) in one ("59/82")."""
    first = next(iter(columns))
    shown = [
        k
        for k in columns
        if width is None or k == first or (merged and k == merged[2])
        or any(k in r and r[k].plain for r in rows)
    ]  # fmt: skip
    need = {k: max([cell_len(k), *(r[k].cell_len for r in rows if k in r)]) for k in shown}
    keys = fit_columns(need, width, steps, merged, gap=GAP)
    table = _table(*((k, columns[k]) for k in keys))
    for r in rows:
        table.add_row(*(r.get(k, Text("")) for k in keys))
    return table


def _category_table(block: dict[str, Any], width: int | None = None) -> PlainTable:
    """One row per progress category. Narrow, the empty columns go, then the as-of (the
    headline says it), then the parts of a total, then done and total share a column."""
    headers = dict(zip(ROLE_COLUMNS, ROLE_HEADERS, strict=True))
    columns: dict[str, dict[str, Any]] = {"category": {"no_wrap": True}}
    columns.update({headers[role]: _R for role in ROLE_COLUMNS})
    columns["done/total"] = _R
    columns["status"] = {"no_wrap": True, "min_width": 11}
    columns["as of"] = {"no_wrap": True, "style": "dim"}
    written = block.get("approximate") or {}
    rows: list[dict[str, Text]] = []
    for cat in block["categories"]:
        if cat["category"] not in PROGRESS_CATEGORIES:
            continue
        row = {"category": Text(clean(cat["label"]))}
        for role in ROLE_COLUMNS:
            v = cat.get(role)
            field = cat.get("fields", {}).get(role)
            if field in written:  # an approximation, as written and marked: ≈近60%
                row[headers[role]] = Text(f"≈{clean(written[field])}")
                continue
            s = fmt_num(v) + ("%" if role == "rate" and v is not None else "")
            style = STATUS_STYLE["behind"] if role == "behind" and v else ""
            row[headers[role]] = Text(s, style=style)
        done, total = cat.get("done"), cat.get("total")
        if done is not None or total is not None:
            row["done/total"] = Text(f"{fmt_num(done) or '-'}/{fmt_num(total) or '-'}")
        row["status"] = status_text(cat["status"])
        row["as of"] = Text(as_of_short(cat.get("as_of"), cat.get("as_of_basis")))
        rows.append(row)
    steps = ("as of", headers["phased"], headers["on_schedule"], headers["in_progress"], "merge")
    return _fitted(columns, rows, width, steps, (headers["total"], headers["done"], "done/total"))


def _other_figures(block: dict[str, Any]) -> list[Text]:
    """The counts of a progress category that are not progress (立行立改 12项)."""
    lines = []
    for cat in block["categories"]:
        if cat["category"] not in PROGRESS_CATEGORIES:
            continue
        fields = cat.get("fields", {})
        other = cat.get("other") or {}
        if other:
            t = Text(f"  {clean(cat['label'])}: ")
            t.append(
                ", ".join(
                    f"{field_label(fields.get(k, k))} {fmt_num(v)}{unit_of(fields.get(k, k))}"
                    for k, v in other.items()
                )
            )
            lines.append(t)
    return lines


def _figure_table(block: dict[str, Any]) -> PlainTable:
    """Figures that are not progress (问责人员 128人, 罚款 2.6亿元): a Chinese label, the
    value with its unit (an approximation as written, marked ≈), English, the as-of."""
    table = _table(
        ("figure", {"no_wrap": True}),
        ("value", _R),
        ("", {"no_wrap": True, "style": "dim"}),
        ("as of", {"no_wrap": True, "style": "dim"}),
    )
    for f in block["figures"]:
        if f.get("written"):
            value = Text(f"≈{clean(f['written'])}")
        else:
            value = Text(f"{fmt_num(f['value'])}{clean(f['unit'] or '')}")
        table.add_row(
            Text(clean(f["label"])),
            value,
            Text(clean(f["english"])),
            Text(as_of_short(f.get("as_of"), f.get("as_of_basis"))),
        )
    return table


def _metric_table(block: dict[str, Any]) -> PlainTable:
    table = _table(
        ("indicator", {"overflow": "fold"}),
        ("value", _R),
        ("unit", {"no_wrap": True}),
        ("year", {"no_wrap": True}),
        ("change", _R),
    )
    for m in block["metrics"]:
        change = ""
        if m["change"] is not None:
            change = f"{m['change']:+g}{m['change_unit'] or ''}"
        name = Text(clean(m["name"]))
        if m["target"]:
            name.append(" (target)", style="dim")
        table.add_row(
            name,
            Text(fmt_num(m["value"])),
            Text(clean(m["unit"] or "")),
            Text(str(m["year"] or "")),
            Text(change),
        )
    return table


def _deadline_table(block: dict[str, Any]) -> PlainTable:
    table = _table(
        ("deadline", {"no_wrap": True}),
        ("as written", {"overflow": "fold"}),
        ("tasks", _R),
        ("share", _R),
    )
    for d in block["deadlines"]:
        table.add_row(
            Text(clean(d["due"])),
            Text(clean(d["due_text"] or "")),
            Text(fmt_num(d["count"])),
            Text(f"{d['share']:g}%" if d["share"] is not None else ""),
        )
    return table


# --- ducha show (overview) -------------------------------------------------------------


def render_overview(rows: list[dict[str, Any]], width: int | None = None) -> PlainTable:
    """One row per entity and round. At a narrow `width` the low-value columns go first
    (level, then what the total counts), so that no number or date is ever cut."""
    cells: list[dict[str, Text]] = []
    for r in rows:
        rnd = clean(r["round"] or "")
        if r.get("batch") and "批" not in rnd:
            rnd += f" 第{r['batch']}批"
        comp = "" if r["completion"] is None else f"{r['completion']:.1f}%"
        cells.append({
            "entity": Text(clean(r["entity"])),
            "level": Text(clean(r["level"] or "")),
            "round": Text(rnd),
            "done": Text(fmt_num(r["done"])),
            "total": Text(fmt_num(r["total"])),
            "behind": Text(fmt_num(r["behind"]),
                           style=STATUS_STYLE["behind"] if r["behind"] else ""),
            "compl.": Text(comp),
            "done/total": Text(
                ""
                if r["done"] is None and r["total"] is None
                else f"{fmt_num(r['done']) or '-'}/{fmt_num(r['total']) or '-'}"
            ),
            "of": Text(clean(r.get("counted_label") or "")),
            "status": status_text(r["status"]),
            "as of": Text(as_of_short(r["as_of"], r.get("as_of_basis"))),
        })  # fmt: skip
    columns = {
        "entity": {"no_wrap": True}, "level": {"no_wrap": True, "style": "dim"},
        "round": {"no_wrap": True}, "done": _R, "total": _R, "done/total": _R, "behind": _R,
        "compl.": _R, "of": {"no_wrap": True, "style": "dim"}, "status": {"no_wrap": True},
        "as of": {"no_wrap": True, "style": "dim"},
    }  # fmt: skip
    # narrow: the low-value columns go first, then done and total share one column
    steps = ("level", "of", "merge", "compl.")
    return _fitted(columns, cells, width, steps, ("done", "total", "done/total"))


# --- ducha show: finding the entity ----------------------------------------------------


# --- ducha show: a query that finds no entity --------------------------------------


def resolution_message(res: Resolution) -> Text:
    """Why a query found no one entity, with what to try."""
    t = Text()
    q = clean(res.query)
    if res.kind == "ambiguous":
        t.append(f"'{q}' is ambiguous", style="bold yellow")
        t.append("; it could be:\n")
        for c in res.candidates:
            t.append(f"  {clean(c)}\n")
        t.append(f"try: ducha show {clean(res.candidates[0])}", style="dim")
    elif res.kind == "no_documents":
        t.append(clean(res.candidates[0]), style="bold")
        t.append(" is known, but no document in the dataset is about it", style="yellow")
        t.append("\nadd a report with: ducha add FILE", style="dim")
    else:
        t.append(f"nothing matches '{q}'", style="bold red")
        if res.suggestions:
            t.append("\ndid you mean: ")
            t.append(", ".join(clean(s) for s in res.suggestions))
        t.append("\n`ducha show` lists every entity with documents", style="dim")
    return t
