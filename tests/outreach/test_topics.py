"""专题 topic pages: an editor's mix of chosen pages of every contract type and query blocks
resolved through the city's index pages' own filters; featured ones on the home page."""

import json

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
        "rumour": shanghai.rumour("火箭发射会破坏臭氧层，导致暴雨？", topics=[space]),
        "other_rumour": shanghai.rumour("吃胡萝卜能看清星星？", topics=[astronomy]),
    }
    chosen = [pages[k].pk for k in ("work", "venue", "brand", "event", "rumour")]
    sections = [
        ("text", "<p>从火箭到火星。</p>"),
        ("chosen", {"heading": "编辑精选", "pages": chosen}),
        ("query", {"heading": "即将举行的航天活动", "kind": "event", "topic": "space", "limit": 1}),
        ("query", {"heading": "航天作品", "kind": "work", "topic": "space", "limit": 6}),
        ("query", {"heading": "航天辟谣", "kind": "rumour", "topic": "space", "limit": 6}),
    ]
    page = shanghai.topic_page("航天科普", sections=sections, featured=True)
    return page, pages


def test_a_topic_page_mixes_chosen_pages_of_every_kind_and_query_blocks(client, space):
    page, pages = space
    response = client.get(page.url, **SHANGHAI)
    html = response.content.decode()
    assert response.status_code == 200
    for key in ("work", "venue", "brand", "event", "rumour"):
        assert pages[key].title in html, key
    # A rumour chosen, and listed again by the rumour query block (what /rumours/?topic=space lists).
    assert html.count(pages["rumour"].title) >= 2 and pages["other_rumour"].title not in html
    assert 'href="/rumours/?topic=space"' in html
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


def stream_block(data, index, block_type, **values):
    prefix = f"sections-{index}"
    data.update({f"{prefix}-type": block_type, f"{prefix}-deleted": "", f"{prefix}-order": str(index)})
    data[f"{prefix}-id"] = ""
    for name, value in values.items():
        if isinstance(value, list):
            data[f"{prefix}-value-{name}-count"] = str(len(value))
            for n, item in enumerate(value):
                data.update(
                    {
                        f"{prefix}-value-{name}-{n}-value": str(item),
                        f"{prefix}-value-{name}-{n}-deleted": "",
                        f"{prefix}-value-{name}-{n}-order": str(n),
                        f"{prefix}-value-{name}-{n}-id": "",
                    }
                )
        else:
            data[f"{prefix}-value-{name}"] = value
    data["sections-count"] = str(index + 1)


def test_an_editor_builds_a_topic_in_the_page_editor(admin_client, shanghai, space):
    from outreach.models import TopicIndexPage
    from tests.outreach.admin_forms import add_form

    page, pages = space
    index = TopicIndexPage.objects.get()
    url, data = add_form(admin_client, TopicPage, index)
    about = publish(shanghai.home, StandardPage(title="关于", slug="about-us"))
    data.update(title="防灾减灾", slug="disaster", summary="台风与地震。")
    stream_block(data, 0, "chosen", heading="精选", pages=[about.pk])
    refused = admin_client.post(url, data)
    # The stream's errors travel in the page's JSON for the editor's script to place on the block.
    escaped = json.dumps(NOT_A_CONTENT_PAGE)[1:-1]
    assert refused.status_code == 200 and (NOT_A_CONTENT_PAGE in refused.text or escaped in refused.text)
    assert not TopicPage.objects.filter(slug="disaster").exists()
    stream_block(data, 0, "chosen", heading="精选", pages=[pages["work"].pk, pages["venue"].pk])
    stream_block(
        data, 1, "query", heading="近期航天活动", kind="event", topic="space", audience="", district="", limit="3"
    )
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    topic_page = TopicPage.objects.get(slug="disaster")
    assert [block.block_type for block in topic_page.get_latest_revision_as_object().sections] == ["chosen", "query"]
