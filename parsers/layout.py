"""The page around the text: headline, dateline, body, and the clutter in between.

Reposted reports arrive with spam rows, menus, banners, a copy of the lead paragraph above
the headline, photo captions and keyword spam between the lines of a sentence. The layout
is found by features of each line, not by position alone: the headline is the best-scoring
short line about the inspection near the top (never a spam row, a banner, a numbered
subheading or a sentence), the publication date is a labelled date anywhere in the header
block (else a date standing alone on a short header line), and every non-clutter line that
is not the headline or a dateline is body, including lines above a headline.

The body is returned as a *reading view*: the matching view with clutter and header lines
left out and a line break inside a sentence read through, with a map back to the stored
text like every other view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_iso_dates, iso
from .normalise import Normalised

DOMAIN_WORDS = re.compile(r"督察|整改|环保|生态|环境|信访|举报|问责|污染|督查")
_SEPARATORS = re.compile(r"[|,;\-_—]+|\s{1,}")
_SENTENCE = re.compile(r"[。!?]")
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d{1,2}[、.](?!\d))"
)
_BANNER = re.compile(r"专栏|专题|栏目|频道")
_ORIGINAL_TITLE = re.compile(r"^\s*(?:原题|原标题|标题)\s*[::]")
_DATE_LABEL = re.compile(
    r"发布时间|发布日期|发表时间|发表日期|更新时间|出版日期|发文日期|日期|时间|来源|发布于"
)
_COPYRIGHT = re.compile(r"copyright|©|版权|ICP", re.IGNORECASE)
_SIGNATURE_DATE = re.compile(r"\s*(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*")
HEADER_LINES = 16  # the header block: this many non-empty lines from the top
_CONTINUES = ",、;:)"
_OPENS = "(,、"


@dataclass(slots=True)
class Line:
    start: int  # view offsets
    end: int
    clutter: bool
    text: str


@dataclass(slots=True)
class Layout:
    title: str | None
    title_line: int | None
    published: str | None
    header: set[int]  # indexes of dateline and title lines (not body)
    lines: list[Line]


def view_lines(view: Normalised, clutter: list[tuple[int, int]]) -> list[Line]:
    """Lines of the view, each marked when its stored text lies in a clutter span, and when it
    is a spam row or keyword spam inside a sentence."""
    from bisect import bisect_right

    starts = [s for s, _ in clutter]
    lines = []
    vs = 0
    for text in view.text.split("\n"):
        ve = vs + len(text)
        inside = False
        if clutter and text:  # (a blank line is never read, clutter or not)
            ss, se = view.span(vs, ve)
            i = bisect_right(starts, ss) - 1
            inside = i >= 0 and clutter[i][0] <= ss and se <= clutter[i][1]
        lines.append(Line(vs, ve, inside, text))
        vs = ve + 1
    _mark_spam(lines)
    return lines


def is_spam_row(s: str) -> bool:
    """A row of short phrases (search spam, link lists) with nothing about the inspection."""
    s = s.strip()
    if len(s) < 20 or _SENTENCE.search(s) or DOMAIN_WORDS.search(s):
        return False
    parts = [p for p in _SEPARATORS.split(s) if p]
    return len(parts) >= 4 and max(map(len, parts)) <= 24


def _mark_spam(lines: list[Line]) -> None:
    live = [i for i, ln in enumerate(lines) if ln.text.strip() and not ln.clutter]
    for k, i in enumerate(live):
        s = lines[i].text.strip()
        if is_spam_row(s):
            lines[i].clutter = True
            continue
        # keyword spam between the pieces of one sentence: ",…指出,\n關鍵字廣告\n,福建省…"
        if 0 < k < len(live) - 1 and len(s) <= 12 and not re.search(r"[\d,。;:、]", s):
            prev = lines[live[k - 1]].text.rstrip()
            nxt = lines[live[k + 1]].text.lstrip()
            if prev.endswith(tuple(_OPENS)) or nxt.startswith(tuple(_CONTINUES)):
                lines[i].clutter = True


def _is_sentence_line(s: str) -> bool:
    return (len(s) >= 16 and "。" in s) or (len(s) >= 50 and re.search(r"[。,;]", s) is not None)


def _title_score(s: str, index: int, texts: list[str]) -> float | None:
    """How much a line looks like the headline; None when it cannot be one."""
    if not 6 <= len(s) <= 80 or s.endswith(("。", ",", ";", ":", "、")):
        return None
    if s.count(",") >= 2 or s.count("。") or _NUMBERED.match(s) or _ORIGINAL_TITLE.match(s):
        return None
    if not re.search(r"[\u4e00-\u9fff]{4}", s) or not DOMAIN_WORDS.search(s):
        return None
    if len(s) <= 14 and _BANNER.search(s):
        return None
    if _DATE_LABEL.search(s) and next(find_iso_dates(s), None) is not None:
        return None
    score = 3.0 - index * 0.15
    if any(t != s and t.startswith(s) for t in texts) or texts.count(s) > 1:
        score += 1.0  # the page repeats its headline (title bar, h1, lead)
    if re.search(r"公开|反馈|进驻|整改|通报|问责|督察", s):
        score += 1.0
    return score


def find_layout(lines: list[Line]) -> Layout:
    live = [i for i, ln in enumerate(lines) if ln.text.strip() and not ln.clutter]
    top = live[:HEADER_LINES]
    texts = [lines[i].text.strip() for i in live[:40]]
    first_body = next((k for k, i in enumerate(top) if _is_sentence_line(lines[i].text)), len(top))
    best: tuple[float, int] | None = None
    for k, i in enumerate(top[: first_body + 3]):
        score = _title_score(lines[i].text.strip(), k, texts)
        if score is not None and (best is None or score > best[0]):
            best = (score, i)
    title_line = best[1] if best else None
    title = clean_title(lines[title_line].text) if title_line is not None else None
    header: set[int] = set()
    if title_line is not None:
        header.add(title_line)
        for i in live:  # the same headline printed again (page title, h1)
            if lines[i].text.strip() == lines[title_line].text.strip():
                header.add(i)
    published, date_lines = _published(lines, _header_block(lines))
    header.update(date_lines)
    if published is None:
        article = [lines[i].text.strip() for i in live]
        published = _signature_date(article[-4:])
    return Layout(title, title_line, published, header, lines)


def _header_block(lines: list[Line]) -> list[int]:
    """The first non-empty lines up to the first sentence of the body, clutter included
    (a dateline often shares its line with 责任编辑 or 浏览次数)."""
    out: list[int] = []
    for i, ln in enumerate(lines):
        s = ln.text.strip()
        if not s:
            continue
        if not ln.clutter and _is_sentence_line(s) and len(out) >= 1:
            out.append(i)
            break
        out.append(i)
        if len(out) >= HEADER_LINES * 2:
            break
    return out


def _published(lines: list[Line], top: list[int]) -> tuple[str | None, set[int]]:
    """The publication date: a labelled date in the header block first, else a date alone on
    a short header line (2016-12-31 22:20:49 新华网)."""
    labelled = plain = None
    date_lines: set[int] = set()
    for i in top:
        s = lines[i].text.strip()
        if (
            len(s) > 160
            or _COPYRIGHT.search(s)
            or _is_sentence_line(s)
            or "截止" in s
            or "截至" in s
        ):
            continue  # (统计截止时间:…) dates the counts, not the page
        days = [d for _m, d in find_iso_dates(s)]
        if not days:
            continue
        rest = re.sub(r"[\d\s:\-./年月日]", "", s)
        if _DATE_LABEL.search(s):
            labelled = labelled or days[0]
            date_lines.add(i)
        elif len(rest) <= 24 and not _is_sentence_line(s):
            plain = plain or days[0]
            date_lines.add(i)
    return labelled or plain, date_lines


def _signature_date(tail: list[str]) -> str | None:
    """A notice without a dated header ends with its issuer and a date on a line of its own."""
    for line in reversed(tail):
        m = _SIGNATURE_DATE.fullmatch(line)
        if m:
            return iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return None


_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜]|——)\s*[^-_|｜]{1,30}$")
_TITLE_NUMBERING = re.compile(  # 1. / 2、 / 三、 / (一): a list number, not 2021年 or 10月
    r"^\s*(?:\d{1,2}(?:[.、]|\s+)(?![年月日号])|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))\s*"
)
_BRACKET_TAG = re.compile(r"^【[^】]{0,8}】")


def clean_title(line: str) -> str:
    """A headline without the site's name after it, a tag before it or its list number."""
    title = _BRACKET_TAG.sub("", line.strip())
    while True:
        m = _SITE_SUFFIX.search(title)
        if not m or not DOMAIN_WORDS.search(title[: m.start()]):
            break
        title = title[: m.start()]
    return _TITLE_NUMBERING.sub("", title).strip()


def reading_view(view: Normalised, layout: Layout) -> Normalised:
    """The body: the view without clutter and header lines, a line break inside a sentence
    (the next line opens with , or the line ends with an opening mark) read through."""
    keep = [
        ln
        for i, ln in enumerate(layout.lines)
        if not ln.clutter and i not in layout.header and ln.text.strip()
    ]
    text_parts: list[str] = []
    pieces: list[tuple[int, int]] = []  # the view's stretches the body is made of
    for k, ln in enumerate(keep):
        if k:
            prev = keep[k - 1].text.rstrip()
            nxt = ln.text.lstrip()
            if not (prev.endswith(tuple(_OPENS)) or nxt.startswith(tuple(_CONTINUES))):
                text_parts.append("\n")  # the line break before the line, or the view's start
                pieces.append((ln.start - 1, ln.start))
        text_parts.append(ln.text)
        pieces.append((ln.start, ln.end))
    return Normalised("".join(text_parts), view.origin.take(pieces), view.source_len)
