"""Properties of the first stage on arbitrary input: it never raises and never lets a
control character through, and clutter spans are always well-formed."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.parsers.boilerplate import clutter_spans
from ducha.parsers.load import clean_text, load_bytes

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
STATUSES = {"ok", "warning", "error"}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like the corpus: Chinese, punctuation, ASCII, controls, escapes.
chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
pieces = st.one_of(
    st.text(chinese, min_size=1, max_size=30),
    st.sampled_from(
        ["。", ",", ",", "\n", "\n\n", "\r\n", "\t", " ", "\u3000", "\u00a0", "\x1b[2J",
         "\x1b]0;owned\x07", "\x1b", "\x07", "\x00", "\x85", "\u200b", "\u202e", "<p>",
         "</div>", "&nbsp;", "推荐阅读", "版权所有", "Copyright 2026", "时间:2025-04-29",
         "分享到", "【打印】", "[red]x[/]"]
    ),
    st.text(max_size=10),
)  # fmt: skip
corpusish = st.lists(pieces, max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), corpusish)


def check_loaded(data: bytes, name: str = "") -> None:
    r = load_bytes(data, name)
    assert r.status in STATUSES
    assert isinstance(r.text, str)
    assert not FORBIDDEN.search(r.text)
    assert "\x1b" not in r.text and "\r" not in r.text
    if r.status == "error":
        assert r.text == "" and r.problems
    else:
        assert r.text.strip()
    if r.status == "warning":
        assert r.problems


def check_spans(text: str) -> None:
    spans = clutter_spans(text)
    last = 0
    for start, end in spans:
        assert isinstance(start, int) and isinstance(end, int)
        assert last <= start < end <= len(text)
        last = end


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["", "a.txt", "a.html"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    check_loaded(data, name)


@SETTINGS
@given(any_text, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
def test_arbitrary_text_in_any_encoding(text: str, codec: str) -> None:
    check_loaded(text.encode(codec, "surrogatepass" if codec.startswith("utf-8") else "replace"))


@SETTINGS
@given(corpusish, st.sampled_from(["", "x.html"]))
def test_html_like_text(text: str, name: str) -> None:
    check_loaded(f"<html><body><div>{text}</div></body></html>".encode(), name)


@SETTINGS
@given(any_text)
def test_clean_text_removes_controls_and_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert "\r" not in cleaned and "\x1b" not in cleaned
    assert clean_text(cleaned) == cleaned


@SETTINGS
@given(any_text)
def test_clutter_spans_well_formed(text: str) -> None:
    check_spans(text)
    check_spans(clean_text(text))
