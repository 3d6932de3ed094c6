"""The extractor's fast paths give what their plain forms give.

Several patterns are written to open with one character class (a search then skips to a
candidate instead of trying every position), and several rules ask a cheap question before
the costly one. Each pair is checked here on random strings over the characters that matter,
and on the bundled documents.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from ducha.parsers import context, sentences
from ducha.parsers.numbers import CN_DIGITS, QTY
from ducha.parsers.rules import counts, metrics


def _bundled() -> list[str]:
    src = Path(str(resources.files("ducha.data") / "sources"))
    return [p.read_text(encoding="utf-8") for p in sorted(src.iterdir())]


def _random(alphabet: str, n: int, longest: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


def test_count_token_pattern_matches_its_plain_form() -> None:
    plain = re.compile(rf"(?<![\d.第\"'{CN_DIGITS}])(?P<qty>{QTY})(?P<cls>{counts.CLASSIFIER})")
    alphabet = "约近超过逾0123.第\"'一二十百万亿余多项个件条人家甲,"
    for text in [*_bundled(), *_random(alphabet, 20000, 14, 1)]:
        got = [(m.span(), m.group("qty"), m.group("cls")) for m in counts.TOKEN_RE.finditer(text)]
        want = [(m.span(), m.group("qty"), m.group("cls")) for m in plain.finditer(text)]
        assert got == want, text


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in re.finditer(r"[。!?！？]+[\"'」』)）]*|\n+|(?=[●■◆])", text):
        stop = m.start() if not m.group(0) or m.group(0)[0] == "\n" else m.end()
        if stop != pos:
            out.append((pos, stop))
            pos = m.end()
    out.append((pos, len(text)))
    stripped = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            stripped.append((s, e))
    return stripped


def test_sentence_spans_match_their_plain_form() -> None:
    alphabet = "。!?！？\n●■◆\"'」』)） \t甲乙"
    for text in [*_bundled(), *_random(alphabet, 20000, 12, 2)]:
        assert list(sentences.sentence_spans(text)) == _plain_sentences(text), repr(text)


def test_org_phrases_are_found_as_by_a_full_scan() -> None:
    alphabet = "省委市县区政府人民党旗州甲乙丙丁,。 "
    for text in [*_bundled(), *_random(alphabet, 20000, 40, 3)]:
        got = [(m.span(), m.group("p")) for m in context._orgs(text)]
        want = [(m.span(), m.group("p")) for m in context._ORG_OF.finditer(text)]
        assert got == want, text


def test_self_references_are_counted_word_by_word() -> None:
    words = [w for ws in context._self_words().values() for w in ws]
    for a in words:  # the one-scan count relies on this
        for b in words:
            assert not any(a.endswith(b[:k]) for k in range(1, len(b))), (a, b)
    alphabet = "我全本省市州盟区县旗甲"
    for text in [*_bundled(), *_random(alphabet, 5000, 20, 4)]:
        plain: Counter[str] = Counter()
        for level, ws in context._self_words().items():
            for w in ws:
                plain[level] += text.count(w)
        assert context.self_levels(text) == plain


@pytest.mark.parametrize(("name", "regex"), [(n, r) for n, r, _u in metrics._NAME_RES])
def test_every_way_of_writing_a_metric_holds_one_of_its_cues(
    name: str, regex: re.Pattern[str]
) -> None:
    # runs of the pattern's own words, in their order, some left out: walks through it
    pieces = re.findall(r"[\u4e00-\u9fffⅠⅢA-Z0-9.~]+", regex.pattern.replace("\\", ""))
    rng = random.Random(name)
    matched = 0
    for _ in range(20000):
        i = rng.randrange(len(pieces))
        run = pieces[i : i + rng.randint(1, 8)]
        text = "".join(p for p in run if rng.random() < 0.6)
        if regex.search(text):
            matched += 1
            assert any(cue in text for cue in metrics._NAME_CUES[name]), text
    assert matched > 50  # the strings do reach the pattern


def test_a_role_table_matches_as_a_whole_where_a_row_does() -> None:
    words = [
        w for _r, p in counts._ROLE_BEFORE_RES for w in re.findall(r"[\u4e00-\u9fff]+", p.pattern)
    ]
    rng = random.Random(5)
    for table in (counts._ROLE_BEFORE_RES, counts._ROLE_AFTER_RES):
        whole = counts._ANY_OF[id(table)]
        matched = 0
        for _ in range(5000):
            text = "".join(rng.choice(words) for _ in range(rng.randint(0, 3)))
            row = any(p.search(text) for _r, p in table)
            matched += row
            assert bool(whole.search(text)) == row, text
        assert matched > 100
