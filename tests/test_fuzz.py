"""Fuzzing each stage: load (bytes in any encoding, text or HTML), normalise (the offset
map), segment, extract. Bounded: a few hundred examples in all, no deadline per example.

Beyond "nothing raises" (each stage also catches its own errors and records a problem),
the checks are that no stage had to: a problem saying a stage failed is a bug the fuzzer
found.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.parsers.attribution import attribute
from ducha.parsers.layout import find_layout, reading_view, view_lines
from ducha.parsers.load import load_bytes
from ducha.parsers.normalise import normalise
from ducha.parsers.pipeline import parse_bytes

FRAGMENTS = [
    "河南省公开第二轮中央生态环境保护督察整改落实情况",
    "发布时间:2023-03-31",
    "2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展第二轮生态环境保护督察,",
    "截至2022年11月底,82项整改任务已完成59项,其余23项正在推进。",
    "督察组交办的3,435件信访件已办结3,402件,办结率99%。",
    "PM10、PM2.5浓度同比分别下降9.4%、14%。",
    "01山西省公开整改情况",
    "８２项整改任务已完成９５项",
    "对52个责任单位和158名责任人严肃追责问责。",
    "<div><p>",
    "</p></div>",
    "<script>alert(1)</script>",
    "&amp;&#x1b;&#0;&#xFFFF;",
    "[b]x[/] [@click=app.quit]",
    "\x1b[2J\x1b]0;t\x07",
    "\u200b\u200d\u202e\u2066\ufeff",
    "\r\n",
    "\n\n",
    "\x00",
    "一、",
    "。",
]
ENCODINGS = ["utf-8", "gb18030", "utf-16", "big5", "utf-8-sig"]

pieces = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), min_size=0, max_size=25
).map("".join)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _no_stage_failed(problems: list[str]) -> None:
    for p in problems:
        assert not p.startswith(("could not read:", "extraction failed:")), p


@FUZZ
@given(text=pieces, encoding=st.sampled_from(ENCODINGS), html=st.booleans())
def test_load_any_encoding_and_format(text: str, encoding: str, html: bool) -> None:
    body = f"<html><body><p>{text}</p></body></html>" if html else text
    loaded = load_bytes(_encode(body, encoding), "x.html" if html else "x.txt")
    _no_stage_failed(loaded.problems)
    assert loaded.status in ("ok", "warning", "error")
    # nothing that could drive a terminal survives loading
    assert "\x1b" not in loaded.text and "\x00" not in loaded.text


@FUZZ
@given(data=st.binary(max_size=2000))
def test_load_arbitrary_bytes(data: bytes) -> None:
    loaded = load_bytes(data, "x.txt")
    _no_stage_failed(loaded.problems)


@FUZZ
@given(text=pieces)
def test_normalise_maps_back_into_the_text(text: str) -> None:
    view = normalise(text)
    assert len(view.origin) == len(view.text)
    assert all(0 <= o < max(1, len(text)) for o in view.origin)
    assert list(view.origin) == sorted(view.origin)  # the map keeps the order of the text
    for i in range(0, len(view.text), 7):
        start, end = view.span(i, min(len(view.text), i + 5))
        assert 0 <= start <= end <= len(text)


@FUZZ
@given(text=pieces)
def test_clauses_cover_the_body_in_order(text: str) -> None:
    view = normalise(text)
    reading = reading_view(view, find_layout(view_lines(view, [])))
    assert len(reading.origin) == len(reading.text)
    assert list(reading.origin) == sorted(reading.origin)
    last = 0
    for multi in (False, True):
        last = 0
        for sent in attribute(reading.text, multi):
            for c in sent.clauses:
                assert last <= c.start <= c.end <= len(reading.text)
                last = c.end


@FUZZ
@given(text=pieces, encoding=st.sampled_from(ENCODINGS))
def test_extract_spans_are_evidence(text: str, encoding: str) -> None:
    doc = parse_bytes(_encode(text, encoding), "x.txt")
    _no_stage_failed(doc.problems)
    for sec in doc.sections:
        for item in [*sec.facts, *sec.metrics, *sec.deadlines]:
            ev = item.ev
            assert 0 <= ev.start <= ev.match_start <= ev.match_end <= ev.end <= len(doc.text)
            assert doc.text[ev.start : ev.end] == ev.evidence
