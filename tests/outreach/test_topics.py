"""专题 topic pages: an editor's mix of chosen pages of every contract type and query blocks
resolved through the city's index pages' own filters; featured ones on the home page."""

import pytest
from wagtail.blocks import StreamBlockValidationError
from wagtail.models import Page

from home.models import StandardPage
from outreach.models import TopicPage
from outreach.models.topics import NOT_A_CONTENT_PAGE, ContentPageChooserBlock, TopicSectionsBlock
from search.page_types import searchable_types
from tests.conftest import SHANGHAI
from tests.outreach.builders import audience, days_from_now, publish, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(shanghai):
    space, astronomy, youth = topic("space", "航天"), topic(), audience()
    pages = {
        "work": shanghai.work("天问一号的火星之旅", topics=[space]),
        "venue": shanghai.venue("上海天文馆"),
        "brand": shanghai.brand("上海科技节"),
        "event": shanghai.event("火箭发射直播夜", days_from_now(2), days_from_now(2, "21:00"), topics=[space]),
        "later": shanghai.event("航天员见面会", days_from_now(9), days_from_now(9, "12:00"), topics=[space]),
        "past": shanghai.event("去年的航天讲座", days_from_now(-30), days_from_now(-30, "12:00"), topics=[space]),
        "other": shanghai.event(
            "观鸟", days_from_now(3), days_from_now(3, "12:00"), topics=[astronomy], audiences=[youth]
        ),
    }
    sections = [
        ("text", "<p>从火箭到火星。</p>"),
        ("chosen", {"heading": "编辑精选", "pages": [pages[k].pk for k in ("work", "venue", "brand", "event")]}),
        ("query", {"heading": "即将举行的航天活动", "kind": "event", "topic": "space", "limit": 1}),
        ("query", {"heading": "航天作品", "kind": "work", "topic": "space", "limit": 6}),
    ]
    page = shanghai.topic_page("航天科普", sections=sections, featured=True)
    return page, pages


def test_a_topic_page_mixes_chosen_pages_of_every_kind_and_query_blocks(client, space):
    page, pages = space
    response = client.get(page.url, **SHANGHAI)
    html = response.content.decode()
    assert response.status_code == 200
    for key in ("work", "venue", "brand", "event"):
        assert pages[key].title in html, key
    assert "从火箭到火星。" in html
    # The query block lists what /events/?topic=space lists, upcoming only, at most its limit.
    assert html.count(">火箭发射直播夜</a>") == 2  # chosen, and first of the query block
    assert "航天员见面会" not in html  # the query block's limit is 1
    assert "去年的航天讲座" not in html and "观鸟" not in html
    assert 'href="/events/?topic=space"' in html
    listed = client.get("/events/?topic=space", **SHANGHAI).content.decode()
    assert "火箭发射直播夜" in listed and "去年的航天讲座" not in listed and "观鸟" not in listed


def test_an_unpublished_chosen_page_is_left_out(client, space):
    page, pages = space
    pages["venue"].unpublish()
    assert "上海天文馆" not in client.get(page.url, **SHANGHAI).content.decode()


def test_the_chooser_takes_every_type_of_the_page_type_contract_and_nothing_else(space):
    page, pages = space
    block = ContentPageChooserBlock()
    assert set(block.target_models) == set(searchable_types().values())
    assert TopicPage in block.target_models
    about = publish(page.get_parent().get_parent(), StandardPage(title="关于", slug="about-us"))
    stream = TopicSectionsBlock()
    value = stream.to_python([{"type": "chosen", "value": {"heading": "x", "pages": [about.pk]}}])
    with pytest.raises(StreamBlockValidationError) as error:
        stream.clean(value)
    assert NOT_A_CONTENT_PAGE in str(error.value.as_json_data())
    assert block.clean(Page.objects.get(pk=pages["event"].pk)).pk == pages["event"].pk


def test_featured_topics_show_on_the_home_page_and_others_do_not(client, shanghai, space):
    shanghai.topic_page("青少年科学营", featured=False)
    html = client.get("/", **SHANGHAI).content.decode()
    assert "航天科普" in html and "青少年科学营" not in html
    index = client.get("/topics/", **SHANGHAI).content.decode()
    assert "航天科普" in index and "青少年科学营" in index


def test_a_topic_page_renders_in_elder_mode_and_in_english(client, space):
    page, _pages = space
    client.cookies["kepu_elder"] = "1"
    response = client.get(page.url, **SHANGHAI)
    assert response.status_code == 200 and 'class="elder"' in response.content.decode()
    english = client.get("/en/topics/", **SHANGHAI)
    assert english.status_code in (200, 404)
