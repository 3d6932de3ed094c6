"""Acceptance: the extractor reproduces every gold fact of the bundled documents.

The gold files (tests/fixtures/gold/*.toml) were read by hand from the documents; they are
copied unchanged. Each gold section must be found (by entity, and round where given), and
every field, metric attribute and deadline must match exactly.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from ducha.parsers.pipeline import parse_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = sorted((FIXTURES / "gold").glob("*.toml"))
SKIP_KEYS = {"entity", "level", "metric", "deadline"}


def _same(a, b) -> bool:
    if isinstance(b, bool) or isinstance(a, bool):
        return bool(a) == bool(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), abs_tol=1e-6)
    return a == b


def _section(out: list[dict], gold: dict, used: set[int]) -> dict | None:
    named = [s for s in out if s["entity"] == gold["entity"] and id(s) not in used]
    if "round" in gold:
        for s in named:
            if s.get("round") == gold["round"]:
                return s
    return named[0] if named else None


@pytest.fixture(scope="module", params=GOLD, ids=[g.stem for g in GOLD])
def case(request):
    gold = tomllib.loads(request.param.read_text(encoding="utf-8"))
    doc = parse_path(FIXTURES / "seeds" / f"{request.param.stem}.txt")
    return gold, doc.to_json()


def test_document_fields(case):
    gold, out = case
    for key in ("published", "kind"):
        if key in gold:
            assert out["document"][key] == gold[key], key


def test_sections_and_fields(case):
    gold, out = case
    used: set[int] = set()
    for gs in gold.get("section", []):
        sec = _section(out["sections"], gs, used)
        assert sec is not None, f"section {gs['entity']} missing"
        used.add(id(sec))
        for key, value in gs.items():
            if key in SKIP_KEYS:
                continue
            assert _same(sec.get(key), value), (
                f"{gs['entity']}.{key}: {sec.get(key)!r} != {value!r}"
            )
        assert sec["level"] == gs["level"]


def test_metrics(case):
    gold, out = case
    used: set[int] = set()
    for gs in gold.get("section", []):
        sec = _section(out["sections"], gs, used)
        used.add(id(sec))
        for gm in gs.get("metric", []):
            cands = [
                m
                for m in sec["metrics"]
                if m["name"] == gm["name"]
                and m.get("year") == gm.get("year")
                and bool(m.get("target")) == bool(gm.get("target"))
            ]
            assert cands, f"{gs['entity']}: metric {gm['name']} {gm.get('year')} missing"
            assert any(all(_same(m.get(k), v) for k, v in gm.items()) for m in cands), (
                f"{gs['entity']}: {gm} not in {cands}"
            )


def test_deadlines(case):
    gold, out = case
    used: set[int] = set()
    for gs in gold.get("section", []):
        sec = _section(out["sections"], gs, used)
        used.add(id(sec))
        for gd in gs.get("deadline", []):
            match = [d for d in sec["deadlines"] if d["due"] == gd["due"]]
            assert match, f"{gs['entity']}: deadline {gd['due']} missing"
            for key, value in gd.items():
                assert _same(match[0].get(key), value), f"{gs['entity']}: {gd}"


def test_evidence_spans_point_into_the_text():
    for gold_path in GOLD:
        doc = parse_path(FIXTURES / "seeds" / f"{gold_path.stem}.txt")
        for sec in doc.sections:
            for item in [*sec.facts, *sec.metrics, *sec.deadlines]:
                ev = item.ev
                assert 0 <= ev.start <= ev.match_start <= ev.match_end <= ev.end <= len(doc.text)
                assert doc.text[ev.start : ev.end] == ev.evidence
