"""科学辟谣 as an editor meets it: a rumour reaches the site only through the science review (or,
during an emergency for its hazard, the one-step fast track), and then shows in search, in
this month's list and as schema.org ClaimReview; venue staff can neither add nor publish one."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from outreach.models import EmergencyHubPage, RumourPage
from outreach.roles import names
from outreach.roles.setup import setup_roles
from tests.conftest import SHANGHAI
from tests.outreach.admin_forms import add_form, add_inline_row
from tests.outreach.builders import hazard, publish
from tests.outreach.test_claim_review import claim_review_problems
from tests.roles.admin_actions import edit_form, public, refused, workflow_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def rumours(roles):
    """The city's 辟谣 index, with the roles set up again as `setup_roles` does after it is made."""
    index = roles.city.rumours
    setup_roles()
    return index


def write_rumour(client, index, action="action-submit", hazards=(), **extra):
    url, data = add_form(client, RumourPage, index)
    data.update(
        {
            "title": "隔夜菜会致癌吗？",
            "slug": "leftovers",
            "summary": "冷藏得当的剩菜，亚硝酸盐含量远低于有害水平。",
            "claim": "隔夜菜亚硝酸盐超标，吃了会致癌。",
            "claim_channel": "微信群",
            "verdict": "inaccurate",
            "spread": "4",
            "reviewer_name": "陈立新",
            "reviewer_field": "食品安全",
            **extra,
        }
    )
    for key in [key for key in data if key.startswith("body-")]:
        del data[key]
    body = nested_form_data({"body": streamfield([("paragraph", rich_text("<p>剩菜要及时冷藏、彻底加热。</p>"))])})
    for key, value in body.items():
        data[key] = value
    data.setlist("hazards", [str(term.pk) for term in hazards])
    add_inline_row(data, "evidence", source="国家卫生健康委员会", title="食品中污染物限量", published_on="", url="")
    data[action] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r'class="error-message">(.*?)<', response.text, re.S)
    return RumourPage.objects.get(slug=extra.get("slug", "leftovers"))


def live(page):
    return type(page).objects.get(pk=page.pk).live


def claim_review_of(response):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return [json.loads(script) for script in scripts if '"ClaimReview"' in script]


def test_an_editors_rumour_goes_live_after_both_reviews_and_shows_everywhere(
    roles, rumours, editor, reviewer, moderator
):
    _editor_user, editor_client = editor
    _reviewer_user, reviewer_client = reviewer
    _moderator_user, moderator_client = moderator
    rumour = write_rumour(editor_client, rumours)
    assert not live(rumour) and public(editor_client, rumour).status_code == 404
    assert rumour.current_workflow_state.workflow.name == names.works_workflow("上海")

    assert workflow_action(reviewer_client, rumour, "approve", "结论准确").status_code == 302
    assert not live(rumour)
    assert workflow_action(moderator_client, rumour, "approve").status_code == 302
    assert live(rumour)

    # The rumour's page, with its ClaimReview, valid.
    page = public(editor_client, rumour)
    assert page.status_code == 200 and "隔夜菜亚硝酸盐超标" in page.text and "陈立新" in page.text
    [review] = claim_review_of(page)
    assert claim_review_problems(review) == []
    assert review["reviewRating"]["alternateName"] == "不准确"

    # Search: a result of the new type, and the type in the facets.
    found = editor_client.get("/search/", {"q": "隔夜菜", "format": "json"}, **SHANGHAI).json()
    assert [hit["type"] for hit in found["results"]] == ["rumour"]
    assert "rumour" in dict(found["facets"]["type"])
    listed = editor_client.get("/search/", {"q": "隔夜菜", "type": "rumour"}, **SHANGHAI)
    assert "隔夜菜会致癌吗？" in listed.text and "不准确" in listed.text

    # This month's list on the 辟谣 index.
    index = editor_client.get("/rumours/", **SHANGHAI).text
    monthly = index[index.index('class="monthly-list"') :]
    monthly = monthly[: monthly.index("</section>")]
    assert "隔夜菜会致癌吗？" in monthly
    month = timezone.localdate()
    assert f"{month.year}年{month.month}月" in monthly


def test_a_moderators_publish_button_saves_a_rumour_as_a_draft(roles, rumours, moderator):
    _user, client = moderator
    rumour = write_rumour(client, rumours, action="action-publish")
    assert not live(rumour)
    url, data = edit_form(client, rumour)
    assert 'name="action-publish"' not in client.get(url).text
    data["action-publish"] = "1"
    client.post(url, data)
    assert not live(rumour)


def test_venue_staff_can_neither_add_nor_publish_rumours(roles, rumours, editor, django_user_model):
    staff_user, staff_client = roles.login("staff", names.venue_staff("上海", "上海科技馆"))
    url = reverse("wagtailadmin_pages:add", args=("outreach", "rumourpage", rumours.pk))
    assert refused(staff_client.get(url))
    assert refused(staff_client.post(url, {"title": "x", "slug": "x", "action-publish": "1"}))
    assert not RumourPage.objects.filter(slug="x").exists()
    assert not rumours.permissions_for_user(staff_user).can_add_subpage()

    rumour = roles.city.rumour("5G基站辐射会致癌吗？", slug="5g")
    assert not rumour.permissions_for_user(staff_user).can_publish()
    assert not rumour.permissions_for_user(staff_user).can_edit()
    assert refused(staff_client.get(reverse("wagtailadmin_pages:edit", args=(rumour.pk,))))
    unpublish = reverse("wagtailadmin_pages:unpublish", args=(rumour.pk,))
    assert refused(staff_client.post(unpublish))
    assert live(rumour)


def test_during_an_emergency_a_rumour_of_its_hazard_needs_one_reviewer(roles, rumours, editor, reviewer):
    _editor_user, editor_client = editor
    _reviewer_user, reviewer_client = reviewer
    typhoon, fire = hazard(), hazard("fire", "火灾", "")
    publish(
        roles.city.home,
        EmergencyHubPage(title="防台风专区", slug="typhoon", hazard=typhoon, emergency_on=True, headline="台风来了"),
    )

    fast = write_rumour(editor_client, rumours, hazards=[typhoon], slug="typhoon-eye", title="台风眼")
    assert fast.current_workflow_state.workflow.name == names.fast_track_workflow("上海")
    response = workflow_action(reviewer_client, fast, "approve", "准确")
    assert response.status_code == 302
    assert live(fast)

    # Another hazard's rumour takes both reviews, as any other.
    slow = write_rumour(editor_client, rumours, hazards=[fire], slug="ebike", title="电动车")
    assert slow.current_workflow_state.workflow.name == names.works_workflow("上海")
    workflow_action(reviewer_client, slow, "approve", "准确")
    assert not live(slow)


def test_switching_emergency_mode_on_takes_one_reviewer_and_no_moderator_publishes_it_directly(
    roles, editor, reviewer, moderator, client
):
    _editor_user, editor_client = editor
    _reviewer_user, reviewer_client = reviewer
    _moderator_user, moderator_client = moderator
    typhoon = hazard()
    hub = publish(
        roles.city.home,
        EmergencyHubPage(title="防台风专区", slug="typhoon", hazard=typhoon, headline="台风橙色预警"),
    )
    assert 'class="emergency"' not in client.get("/", **SHANGHAI).text

    # A moderator's "publish" of the hub saves a draft: the switch goes through review.
    url, data = edit_form(moderator_client, hub)
    data["emergency_on"] = "on"
    data["action-publish"] = "1"
    moderator_client.post(url, data)
    assert not EmergencyHubPage.objects.get(pk=hub.pk).emergency_on

    # The editor switches it on and submits: the fast track, one reviewer, and it is on.
    url, data = edit_form(editor_client, hub)
    data["emergency_on"] = "on"
    data["action-submit"] = "1"
    assert editor_client.post(url, data).status_code == 302
    hub = EmergencyHubPage.objects.get(pk=hub.pk)
    assert hub.current_workflow_state.workflow.name == names.fast_track_workflow("上海")
    assert 'class="emergency"' not in client.get("/", **SHANGHAI).text
    assert workflow_action(reviewer_client, hub, "approve", "指南准确").status_code == 302
    assert EmergencyHubPage.objects.get(pk=hub.pk).emergency_on
    assert 'class="emergency"' in client.get("/", **SHANGHAI).text

    # Off again: one reviewer too, since the mode is on while it is reviewed.
    url, data = edit_form(editor_client, hub)
    data.pop("emergency_on", None)
    data["action-submit"] = "1"
    editor_client.post(url, data)
    workflow_action(reviewer_client, EmergencyHubPage.objects.get(pk=hub.pk), "approve")
    assert 'class="emergency"' not in client.get("/", **SHANGHAI).text
