"""Properties of the whole pipeline on arbitrary input: nothing escapes, every span lies in
the stored text and its slice is the evidence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.parsers.pipeline import parse_bytes, parse_text

# Fragments of real report phrasing, so that random documents exercise the rules.
FRAGMENTS = [
    "山西省公开第二轮中央生态环境保护督察整改落实情况\n",
    "01河南省公开整改情况\n",
    "2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展了第二轮生态环境保护督察,",
    "并于7月15日反馈了督察报告。",
    "截至2022年11月底,",
    "第二轮督察82项整改任务已完成整改59项,其余23项均按序时进度推进;",
    "交办的3,321件信访件已办结3177件,阶段办结121件,办结率95.7%。",
    "PM10、PM2.5浓度同比分别下降9.4%、14%,",
    "2022年全省PM2.5浓度为38微克/立方米,同比下降2.6%;",
    "立行立改的整改任务11项、占28.9%,应于2019年底完成的17项、占44.7%。",
    "对43个责任单位、151名责任人严肃追责问责,其中厅级干部9人。",
    "責令整改1210家,罰款約1.32億元;",
    "Ⅰ~Ⅲ类水质断面占80%,",
    "[red]bold[/red] [/] [@click=app.quit]x[/]",
    "\x1b]0;owned\x07\x1b[2J",
    "\u200b\u202e",
    "１２３項",
    "。",
    "\n",
    ",",
    "、",
    "3 123",
]


def _check(doc) -> None:
    text = doc.text
    assert doc.status in ("ok", "warning", "error")
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= len(text)
        for item in [*sec.facts, *sec.metrics, *sec.deadlines]:
            ev = item.ev
            assert 0 <= ev.start <= ev.end <= len(text)
            assert ev.start <= ev.match_start <= ev.match_end <= ev.end
            assert text[ev.start : ev.end] == ev.evidence
    doc.to_json()  # serialisable


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(parse_bytes(data, "x.txt"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_arbitrary_text(text: str) -> None:
    _check(parse_text(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40),
    st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_report_like_text(parts: list[str], encoding: str) -> None:
    text = "".join(parts)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _check(parse_bytes(data, "x.txt"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_report_like_html(parts: list[str]) -> None:
    body = "".join(f"<p>{p}</p>" for p in parts)
    html = f"<html><head><title>湖南省公开整改情况</title></head><body>{body}</body></html>"
    _check(parse_bytes(html.encode("utf-8"), "x.html"))
