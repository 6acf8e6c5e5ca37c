"""WeChat-friendly sharing: every event, venue, work and brand page has a QR code of its own
full address (drawn on the server), the link to copy, and a printable A4 poster
(`?poster=1`) with its title, picture, key facts and the same QR code."""

import re
from urllib.parse import unquote

import pytest
import segno

from outreach.models import WorkCreator
from tests.conftest import SHANGHAI
from tests.frontend.test_site import meta, path_of


@pytest.fixture
def detail_pages(shanghai, talk):
    from outreach.demo.images import demo_image

    book = shanghai.work(
        "拥抱群星",
        "book",
        year=2021,
        publisher="湖南科学技术出版社",
        cover_image=demo_image("拥抱群星", "work", "《拥抱群星》封面"),
    )
    book.creators.add(WorkCreator(name="李杰", role="author"))
    book.save_revision().publish()
    brand = shanghai.brand("上海科技节", organiser="上海市科学技术委员会")
    return {"event": talk, "venue": talk.venue, "work": book, "brand": brand}


def expected_qr(url):
    return segno.make(url, error="m").svg_inline(
        scale=1, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr", lineclass=None
    )


def qr_paths(html):
    return re.findall(r'<svg aria-hidden="true" focusable="false" [^>]*class="qr"[^>]*>.*?</svg>', html, re.S)


@pytest.mark.parametrize("kind", ["event", "venue", "work", "brand"])
def test_each_detail_page_has_a_qr_code_of_its_own_url_and_a_link_to_copy(client, detail_pages, kind):
    page = detail_pages[kind]
    url = f"http://localhost:8000{path_of(page)}"
    html = client.get(path_of(page), **SHANGHAI).text
    share = html[html.index('class="panel share"') :]
    assert f'value="{url}"' in share and 'data-copy="share-url"' in share
    assert 'href="?poster=1"' in share
    # The QR code is the page's full address, encoded on the server (no script, no other host).
    [svg] = qr_paths(share)
    assert svg.replace('<svg aria-hidden="true" focusable="false" ', "<svg ", 1) == expected_qr(url)
    assert meta(html, "og:url") == url and meta(html, "og:title") == page.title  # Open Graph kept


def test_english_pages_share_their_own_address(client, detail_pages):
    from outreach.demo.translations import translate_demo

    translate_demo()
    english = detail_pages["venue"].get_translations().get(locale__language_code="en")
    html = client.get(path_of(english), **SHANGHAI).text
    assert 'value="http://localhost:8000/en/' in html


def test_drawing_the_qr_code_needs_no_query():
    """The detail pages' query budgets (tests/outreach/test_query_budgets.py) hold with the
    share block; the QR code itself reads nothing from the database."""
    from django.template import Context, Template

    # No database fixture: pytest-django fails this test if the tag asks the database anything.
    svg = Template("{% load kepu_tags %}{% qr_code url %}").render(Context({"url": "http://localhost:8000/x/"}))
    assert svg.startswith('<svg aria-hidden="true"')


@pytest.mark.parametrize(
    ("kind", "facts"),
    [
        ("event", ["时间", "地点", "上海科技馆（浦东新区 世纪大道2000号）", "费用", "免费"]),
        ("venue", ["地址", "浦东新区 世纪大道2000号", "开放时间"]),
        ("work", ["类型", "图书", "著", "李杰", "湖南科学技术出版社，2021"]),
        ("brand", ["类型", "主办", "上海市科学技术委员会"]),
    ],
)
def test_the_poster_view_has_title_picture_facts_and_qr(client, detail_pages, kind, facts):
    page = detail_pages[kind]
    url = f"http://localhost:8000{path_of(page)}"
    html = client.get(path_of(page) + "?poster=1", **SHANGHAI).text
    poster = html[html.index('<article class="poster">') :]
    assert f'<h1 class="poster__title">{page.title}</h1>' in poster
    for fact in facts:
        assert fact in poster, fact
    [svg] = qr_paths(poster)
    assert svg.replace('<svg aria-hidden="true" focusable="false" ', "<svg ", 1) == expected_qr(url)
    assert f'<p class="poster__url">{unquote(url)}</p>' in poster  # printed as people read it
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="{url}">' in html  # the poster is the page's, not a page of its own
    if kind == "work":
        assert 'class="poster__image"' in poster
