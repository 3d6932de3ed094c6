"""Site clutter marking on the bundled reposts and on small constructed pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ducha.parsers.boilerplate import clutter_spans
from ducha.parsers.load import load_bytes, load_path

SEEDS = {p.name[:3]: p for p in (Path(__file__).parent / "fixtures" / "seeds").glob("*.txt")}

# Article sentences that must stay outside every span, per seed.
BODY = {
    "000": ["完成率近60%", "中央生态环境保护督察是习近平总书记亲自谋划", "各地侧重点是什么?",
            "第二轮中央生态环保督察整改方案揭秘", "整改方案已经落地"],
    "001": ["已办结3120件", "山西、辽宁等8省(区)对外公开第二轮中央生态环境保护督察整改落实情况",
            "环境保护 2024-04-04", "08云南省公开第二轮中央生态环境保护督察反馈问题整改落实情况",
            "云南省将始终坚持以习近平新时代中国特色社会主义思想为指导"],
    "002": ["32项整改任务已经全部完成", "河南省洛阳市公开第二轮中央生态环境保护督察整改落实情况",
            "时间: 2023-03-31 10:54:53", "摘要:2021年4月7日至5月7日", "二、整改工作取得的主要成效",
            "下一步,洛阳市将进一步深入学习贯彻习近平生态文明思想"],
    "003": ["归纳梳理出14项整改任务", "嘉兴市公开中央环境保护督察整改方案",
            "发布时间:2018-07-07 11:54:17 来源:嘉兴日报", "嘉兴市将高举习近平新时代中国特色社会主义"],
    "004": ["38项整改任务中立行立改", "来源:山西日报 | 发布时间:2019-12-30",
            "为确保整改目标实现,山西省制定了五方面19项整改措施。", "四是加强舆论引导"],
}  # fmt: skip

# Clutter that must lie entirely inside one span, per seed.
CLUTTER = {
    "000": ["您好!欢迎来到水生态环保网", "全部评论(0)", "推荐阅读", "时间:2025-04-29 10:10",
            "时间:2025-04-29 09:37", "首次亮相的生态环境法典草案有哪些看点?", "联系我们",
            "Copyright 2026 iwater18.com", "沪ICP备2021036575号-1", "咨询热线", "返回顶部"],
    "001": ["查看原文", "转载请注明", "一键订阅", "近期要闻", "全国生态环境保护工作会议在京召开",
            "继续滑动看下一个", "您可能也对以下帖子感兴趣", "点此查看未经处理的缓存"],
    "002": ["免职声明", "This website is a public welfare website", "Lng@vip.qq.com", "分享到",
            "【打印繁体】", "今日热点"],
    "003": ["您当前的位置 :浙江在线", "即时报", "责任编辑:朱斌", "版权和免责申明",
            "未经许可不得转载", "新闻热线:0571-85310331", "Copyright © 1999-2023 Zjol."],
    "004": ["官方微信公众号", "轻松扫一扫", "扫码咨询", "您的当前位置: 首页 » 七星资讯",
            "更多环保资讯,请关注", "关键词: 回头看", "版权与免责声明", "未经授权禁止转载"],
}  # fmt: skip


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def touched(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def well_formed(text: str, spans: list[tuple[int, int]]) -> None:
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        last = b


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_body_is_not_clutter(key: str) -> None:
    text = load_path(SEEDS[key]).text  # the stored text, as the pipeline sees it
    spans = clutter_spans(text)
    well_formed(text, spans)
    for phrase in BODY[key]:
        start = text.index(phrase)
        assert not touched(spans, start, start + len(phrase)), phrase


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_clutter_is_marked(key: str) -> None:
    text = load_path(SEEDS[key]).text
    spans = clutter_spans(text)
    for phrase in CLUTTER[key]:
        start = text.index(phrase)
        assert covered(spans, start, start + len(phrase)), phrase


def test_seed_000_every_teaser_is_marked() -> None:
    text = SEEDS["000"].read_text(encoding="utf-8")
    spans = clutter_spans(text)
    start = text.index("推荐阅读")
    assert covered(spans, start, len(text))
    assert text.count("时间:2025-04-29") == 4


def test_most_of_each_seed_is_article() -> None:
    for key, path in SEEDS.items():
        text = path.read_text(encoding="utf-8")
        marked = sum(b - a for a, b in clutter_spans(text))
        assert marked < 0.45 * len(text), key


# --------------------------------------------------------------------------- generic

ARTICLE = (
    "2021年4月7日至5月7日,中央第五生态环境保护督察组对河南省开展第二轮生态环境保护督察,"
    "并于2021年7月15日向我省反馈了督察意见。\n"
    "全市各级党委政府认真履行主体责任,对标对表,综合施策,高标准推进各项整改任务落实。\n"
    "截至目前,32项整改任务已经全部完成,群众举报件已办结404件。\n"
)


def spans_text(text: str) -> list[str]:
    return [text[a:b] for a, b in clutter_spans(text)]


def test_empty_and_article_only() -> None:
    assert clutter_spans("") == []
    assert clutter_spans("\n\n  \n") == []
    assert clutter_spans(ARTICLE) == []


def test_words_inside_article_sentences_are_not_clutter() -> None:
    text = (
        ARTICLE + "省版权局推荐阅读材料依法保护著作权,联系我们的群众举报渠道保持畅通,"
        "严肃查处侵犯版权所有人合法权益的行为。\n" + ARTICLE
    )
    assert clutter_spans(text) == []


def test_header_date_line_is_metadata() -> None:
    text = "责任编辑:cnlng    浏览:438次    时间: 2023-03-31 10:54:53\n" + ARTICLE
    assert clutter_spans(text) == []
    text = "发布时间:2018-07-07 11:54:17 来源:嘉兴日报\n" + ARTICLE
    assert clutter_spans(text) == []


def test_editor_and_share_lines() -> None:
    text = ARTICLE + "责任编辑:张三\n编辑:李四\n分享到:微信 微博\n【打印】【关闭】\n"
    assert spans_text(text) == ["责任编辑:张三\n编辑:李四\n分享到:微信 微博\n【打印】【关闭】\n"]


def test_tail_after_related_marker() -> None:
    tail = (
        "相关阅读\n• 某省公开整改方案,明确了二十项整改任务,确保按期完成整改目标。\n• 2023-01-01\n"
    )
    text = ARTICLE + "\n" + tail
    assert spans_text(text) == [tail]


def test_marker_before_the_article_is_not_a_tail() -> None:
    text = "相关新闻\n某地开展督察\n某市公开方案\n\n" + ARTICLE * 3
    spans = spans_text(text)
    assert spans == ["相关新闻\n某地开展督察\n某市公开方案\n"]


def test_menu_and_breadcrumb_above_article() -> None:
    text = "首页 | 新闻中心 | 政策法规 | 环保资讯 | 关于我们\n当前位置:首页 > 新闻\n\n" + ARTICLE
    spans = clutter_spans(text)
    assert spans == [(0, text.index(ARTICLE[:10]) - 1)]


def test_html_list_menu_lines() -> None:
    text = "首页\n新闻中心\n政策法规\n环保资讯\n督察动态\n\n" + ARTICLE
    assert spans_text(text) == ["首页\n新闻中心\n政策法规\n环保资讯\n督察动态\n"]


def test_short_headings_in_the_article_survive() -> None:
    text = ARTICLE + "一、整改工作开展情况\n二、主要成效\n三、下一步工作\n四、有关要求\n" + ARTICLE
    assert clutter_spans(text) == []


def test_copyright_contact_and_english_disclaimer() -> None:
    foot = (
        "Copyright © 2023 Example. All Rights Reserved\n"
        "京ICP备12345678号\n"
        "电话:010-12345678 邮箱:news@example.com\n"
        "This website is a public welfare website, please contact us to delete.\n"
    )
    text = ARTICLE + "\n" + foot
    assert spans_text(text) == [foot]


def test_english_sentence_without_disclaimer_words_is_kept() -> None:
    text = ARTICLE + "The PM2.5 concentration fell by nine percent in the year.\n"
    assert clutter_spans(text) == []


def test_html_page_end_to_end() -> None:
    html = (
        "<html><head><title>洛阳市整改落实情况</title></head><body>"
        "<ul class=nav><li>首页</li><li>新闻中心</li><li>政策法规</li><li>环保资讯</li></ul>"
        "<div class=crumb>当前位置:首页 &gt; 新闻</div>"
        + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines())
        + "<div class=share>分享到:<a>微信</a> <a>微博</a></div>"
        "<h3>相关新闻</h3><ul><li>某市公开整改方案</li><li>某县召开推进会</li></ul>"
        "<footer><p>版权所有 © 某某网</p><p>京ICP备12345678号</p></footer></body></html>"
    )
    text = load_bytes(html.encode(), "page.html").text
    spans = clutter_spans(text)
    for phrase in ("新闻中心", "当前位置", "分享到", "相关新闻", "某县召开推进会", "京ICP备"):
        start = text.index(phrase)
        assert covered(spans, start, start + len(phrase)), phrase
    for line in ARTICLE.splitlines():
        start = text.index(line)
        assert not touched(spans, start, start + len(line)), line


def test_spans_do_not_overlap_and_merge_across_blank_lines() -> None:
    text = "分享到:\n\n\n【打印】\n" + ARTICLE + "版权所有\n\n扫码关注\n"
    spans = clutter_spans(text)
    well_formed(text, spans)
    assert [text[a:b] for a, b in spans] == ["分享到:\n\n\n【打印】\n", "版权所有\n\n扫码关注\n"]


def test_no_trailing_newline() -> None:
    text = ARTICLE + "返回顶部"
    assert clutter_spans(text) == [(len(ARTICLE), len(text))]


@pytest.mark.parametrize(
    "text",
    ["\n" * 100_000, "推荐阅读\n" * 10_000, "a" * 200_000, "【" * 50_000, "\ud800\x00\x1b" * 1000],
)
def test_degenerate_input_does_not_raise(text: str) -> None:
    well_formed(text, clutter_spans(text))


def test_one_megabyte_is_fast() -> None:
    corpus = "".join(p.read_text(encoding="utf-8") for p in SEEDS.values())
    text = (corpus * 40)[:1_000_000]
    clutter_spans(text)  # warm up
    started = time.perf_counter()
    spans = clutter_spans(text)
    elapsed = time.perf_counter() - started
    assert spans
    assert elapsed < 0.25  # < 100 ms on a developer machine; slack for loaded CI
