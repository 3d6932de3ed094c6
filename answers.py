"""Answers written at build time and read without polars or the parser.

`ducha show ENTITY` is a quick lookup: its answer is computed once, when the dataset is
built, and kept as one JSON file per entity beside the tables, with an alias table (every
name a person may type for an entity that the full resolution maps to it). Both carry the
build's generation; a lookup whose generation is not the manifest's, whose sources or parser
changed, or whose ledger counts were computed on another day, is not used, and the caller
takes the query path instead. The output is the same either way: the file holds the report
the query path computes.

Only the standard library is imported here at module level: reading an answer must cost
less than importing polars.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

ANSWERS = "answers"
ALIASES = "aliases.json"
FIRST_SCREEN = "first_screen.json"
FORMAT = 1


def _entity_file(entity: str) -> str:
    return hashlib.sha1(entity.encode("utf-8")).hexdigest()[:20] + ".json"


def _write_json(obj: Any, path: Path) -> None:
    """Write aside, then rename: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o644)  # readable as the tables are
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@cache  # the code does not change under a running process
def code_version() -> str:
    """Hash of the code that computes the stored answers: a new version of it makes every
    stored answer stale, as a new parser makes every table stale."""
    h = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).parent
    for name in ("answers.py", "query.py", "results.py", "vocabulary.py", "dataset.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def write_answers(
    data_dir: Path,
    generation: str,
    today: str | None = None,
    touched: set[str] | None = None,
) -> int:
    """Write every entity's `show` report, the alias table and the first screen; the
    number of reports computed. Runs at the end of a build, before the manifest names
    `generation`. With `touched` (the entities whose rows the build changed), the other
    entities keep the reports stored before, when those were computed by this code."""
    from ducha.query import Store, entity_report
    from ducha.reference.gazetteer import load_gazetteer

    today = today or dt.date.today().isoformat()
    store = Store(data_dir)
    folder = data_dir / ANSWERS
    entities = store.sections.get_column("entity").drop_nulls().unique(maintain_order=True)
    present = set(entities.to_list())
    version = code_version()
    before = _previous_files(data_dir, version) if touched is not None else {}
    gaz = load_gazetteer()
    aliases: dict[str, str] = {}
    files: dict[str, str] = {}  # report file -> the generation that wrote it
    for entity in entities.to_list():
        name = _entity_file(entity)
        if touched is not None and entity not in touched and name in before:
            files[name] = before[name]
        else:
            report = entity_report(store, entity, evidence=True, today=today)
            _write_json({"format": FORMAT, "generation": generation, "today": today,
                         "report": report}, folder / name)  # fmt: skip
            files[name] = generation
        place = gaz.get(entity)
        forms = {entity}
        if place is not None:
            forms |= {place.name, place.short, *place.abbrs, place.pinyin, place.english}
        for form in sorted(f for f in forms if f and f.strip() == f):
            if form not in aliases and _resolves_at_once(form, present, gaz) == entity:
                aliases[form] = name
    _write_json({"format": FORMAT, "generation": generation, "code": version,
                 "aliases": aliases, "files": files}, folder / ALIASES)  # fmt: skip
    write_first_screen(store, folder, generation)
    for old in folder.glob("*.json"):  # entities no longer in the dataset
        if old.name not in (ALIASES, FIRST_SCREEN) and old.name not in files:
            old.unlink(missing_ok=True)
    return sum(1 for g in files.values() if g == generation)


def _previous_files(data_dir: Path, version: str) -> dict[str, str]:
    """The report files the last build recorded, with the generation of each, if they were
    computed by this version of the code (else none: all are computed again)."""
    try:
        table = json.loads((data_dir / ANSWERS / ALIASES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(table, dict) or table.get("format") != FORMAT:
        return {}
    files = table.get("files")
    if table.get("code") != version or not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(v, str)}


def write_first_screen(store: Any, folder: Path, generation: str) -> None:
    """What the app's first frame draws, read without polars: the title's figures, every
    tree node's summary, the places and batches the tree arranges them by."""
    from dataclasses import asdict, astuple

    from ducha.query import latest_report, summaries
    from ducha.reference.batches import load_batches
    from ducha.reference.gazetteer import load_gazetteer

    sums = summaries(store)
    gaz = load_gazetteer()
    wanted = {entity for entity, _round in sums}
    for name in list(wanted):  # each place's parents, up to its province
        place = gaz.get(name)
        while place is not None and place.parent and place.parent not in wanted:
            wanted.add(place.parent)
            place = gaz.get(place.parent)
    places = [
        [p.name, p.short, p.level, p.parent]
        for p in gaz.places
        if p.name in wanted or p.level == "province"
    ]
    _write_json({
        "format": FORMAT, "generation": generation,
        "documents": len(store.documents), "sections": len(store.sections),
        "latest_report": latest_report(store),
        "summaries": [list(astuple(s)) for s in sums.values()],
        "places": places,
        "batches": [asdict(b) for b in load_batches()],
    }, folder / FIRST_SCREEN)  # fmt: skip


def read_first_screen(data_dir: Path, extra: Sequence[str] = ()) -> dict[str, Any] | None:
    """The first screen the last build stored, when nothing visibly changed since (see
    sources.stamps_current); None otherwise: the app then waits for the tables."""
    from ducha.sources import stamps_current

    return _stored(data_dir, FIRST_SCREEN, stamps_current(data_dir, extra))


def _stored(data_dir: Path, name: str, generation: str | None) -> dict[str, Any] | None:
    """A file of the answers folder, if the build of `generation` wrote it."""
    if not generation:
        return None
    try:
        stored = json.loads((data_dir / ANSWERS / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return None
    return stored if stored.get("generation") == generation else None


def _resolves_at_once(form: str, present: set[str], gaz: Any) -> str | None:
    """The entity `query.resolve_entity` gives a query in its first two steps (an entity's
    own name; a name or alias the gazetteer knows, of a place with documents). A form that
    needs its fuzzy search is left to it: no alias, the query path answers."""
    if form in present:
        return form
    place = gaz.get(form)
    return place.name if place is not None and place.name in present else None


def _aliases(data_dir: Path, generation: str | None) -> dict[str, Any] | None:
    """The alias table, if it was written by the build of `generation` and by this code."""
    table = _stored(data_dir, ALIASES, generation)
    if table is None or not isinstance(table.get("aliases"), dict):
        return None
    if not isinstance(table.get("files"), dict) or table.get("code") != code_version():
        return None
    return table


def current(data_dir: Path, generation: str | None) -> bool:
    """Whether the answers and the first screen were written by the build of `generation`."""
    return (
        _aliases(data_dir, generation) is not None
        and _stored(data_dir, FIRST_SCREEN, generation) is not None
    )


def lookup(data_dir: Path, query: str, generation: str | None) -> dict[str, Any] | None:
    """The stored `show` report (with evidence) for a query, or None when there is none
    for this generation, or its ledger figures were counted on another day."""
    table = _aliases(data_dir, generation)
    name = table["aliases"].get(query.strip()) if table is not None else None
    written = table["files"].get(name) if table is not None and name else None
    answer = _stored(data_dir, name, written) if name and isinstance(written, str) else None
    if answer is None:
        return None
    report = answer.get("report")
    if not isinstance(report, dict):
        return None
    if "ledger" in report and answer.get("today") != dt.date.today().isoformat():
        return None  # overdue tasks are counted against the day
    return report


def strip_private(obj: Any) -> Any:
    """The report without the underscore keys (for JSON)."""
    if isinstance(obj, dict):
        return {k: strip_private(v) for k, v in obj.items() if not str(k).startswith("_")}
    if isinstance(obj, list):
        return [strip_private(v) for v in obj]
    return obj


def without_evidence(report: dict[str, Any]) -> dict[str, Any]:
    """The report `show` prints without --evidence: the sentences stay only in the private
    keys the human view uses."""
    out = dict(report)
    rounds = []
    for block in report.get("rounds", []):
        b = {k: v for k, v in block.items() if k != "evidence"}
        b["metrics"] = [{k: v for k, v in m.items() if k != "evidence"} for m in block["metrics"]]
        b["deadlines"] = [
            {k: v for k, v in d.items() if k != "evidence"} for d in block["deadlines"]
        ]
        rounds.append(b)
    out["rounds"] = rounds
    return out
