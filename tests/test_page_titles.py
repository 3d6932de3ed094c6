"""A page's <title> and its headline: the loader adds the title before the text only when the
text lacks it (with or without the site's name after it), a title's list number is cut but a
date is not, and a <title> that is a paragraph never hides that paragraph's figures."""

from __future__ import annotations

import pytest

from ducha.parsers.layout import clean_title
from ducha.parsers.load import load_bytes
from ducha.parsers.pipeline import parse_bytes

HEADLINE = "湖北省公开第二轮中央生态环境保护督察整改落实情况"
BODY = "截至2022年12月底,湖北省督察整改方案确定的64项整改任务已完成52项,其余12项正在推进。"


def _page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
    )
    return html.encode("utf-8")


@pytest.mark.parametrize("site", ["", "_湖北省生态环境厅", " - 某某新闻网", "|城乡资讯网"])
def test_a_title_the_text_already_has_is_not_added_again(site: str) -> None:
    loaded = load_bytes(_page(HEADLINE + site, HEADLINE, BODY), "page.html")
    assert loaded.text.count(HEADLINE) == 1


def test_a_title_the_text_lacks_is_put_before_it() -> None:
    loaded = load_bytes(_page(HEADLINE + "_城乡资讯网", BODY), "page.html")
    assert loaded.text.startswith(HEADLINE)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("1. " + HEADLINE, HEADLINE),
        ("2、" + HEADLINE, HEADLINE),
        ("三、" + HEADLINE, HEADLINE),
        ("(一)" + HEADLINE, HEADLINE),
        ("2021年8月26日湖北省召开督察整改工作会", "2021年8月26日湖北省召开督察整改工作会"),
        ("10月21日湖北省通报整改进展", "10月21日湖北省通报整改进展"),
    ],
)
def test_a_list_number_is_cut_from_a_headline_and_a_date_is_not(line: str, title: str) -> None:
    assert clean_title(line) == title


def test_a_title_that_is_a_paragraph_keeps_the_paragraphs_figures() -> None:
    doc = parse_bytes(_page(BODY + "_城乡资讯网", BODY), "page.html")
    (section,) = [s for s in doc.sections if s.entity == "湖北省"]
    assert (section.value("tasks_total"), section.value("tasks_done")) == (64, 52)
