"""A work reaches the site only after a science review and a moderator's approval; a rejected
work goes back to its author with the reviewer's comment; the audit log keeps every step."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from outreach.models import BrandPage, WorkPage
from tests.outreach.admin_forms import add_form
from tests.roles.admin_actions import edit_form, public, workflow_action

pytestmark = pytest.mark.django_db


def write_work(client, works_index, title="黑洞简史", slug="black-holes", **extra):
    url, data = add_form(client, WorkPage, works_index)
    data.update({"title": title, "slug": slug, "summary": "黑洞是怎样形成的", "work_type": "book", **extra})
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response
    return WorkPage.objects.get(slug=slug)


def live(page):
    return type(page).objects.get(pk=page.pk).live


def test_an_editors_work_is_live_only_after_both_reviews(roles, editor, reviewer, moderator):
    editor_user, editor_client = editor
    reviewer_user, reviewer_client = reviewer
    moderator_user, moderator_client = moderator
    work = write_work(editor_client, roles.city.works)
    assert not live(work) and public(editor_client, work).status_code == 404

    # The moderator is not asked first: the science review comes before them.
    assert "黑洞简史" not in moderator_client.get(reverse("wagtailadmin_home")).text
    assert "黑洞简史" in reviewer_client.get(reverse("wagtailadmin_home")).text
    assert workflow_action(reviewer_client, work, "approve", "科学内容准确").status_code == 302
    assert not live(work)

    assert "黑洞简史" in moderator_client.get(reverse("wagtailadmin_home")).text
    assert workflow_action(moderator_client, work, "approve").status_code == 302
    assert live(work) and public(editor_client, work).status_code == 200

    steps = list(
        PageLogEntry.objects.filter(page=work).order_by("timestamp", "pk").values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "editor") in steps
    assert ("wagtail.workflow.approve", "reviewer") in steps
    assert ("wagtail.workflow.approve", "moderator") in steps
    assert ("wagtail.publish", "moderator") in steps
    history = moderator_client.get(reverse("wagtailadmin_pages:history", args=(work.pk,)))
    assert "科学内容准确" in history.text


def test_a_rejected_work_goes_back_to_its_author_with_the_comment(roles, editor, reviewer):
    editor_user, editor_client = editor
    _reviewer_user, reviewer_client = reviewer
    work = write_work(editor_client, roles.city.works)
    mail.outbox.clear()
    workflow_action(reviewer_client, work, "reject", "“黑洞会吸走一切”的说法不准确，请改为事件视界内。")
    assert not live(work)

    to_author = [message for message in mail.outbox if editor_user.email in message.to]
    assert to_author and "事件视界" in to_author[0].body
    history = editor_client.get(reverse("wagtailadmin_pages:history", args=(work.pk,)))
    assert "事件视界" in history.text
    assert PageLogEntry.objects.filter(page=work, action="wagtail.workflow.reject", user__username="reviewer").exists()

    # The author can edit again and resubmit.
    url, data = edit_form(editor_client, work)
    data["summary"] = "黑洞的事件视界"
    data["action-restart-workflow"] = "1"
    assert editor_client.post(url, data).status_code == 302
    assert WorkPage.objects.get(pk=work.pk).workflow_in_progress


def test_editors_and_moderators_cannot_publish_a_work_directly(roles, editor, moderator):
    for user, client in (editor, moderator):
        url, data = add_form(client, WorkPage, roles.city.works)
        slug = f"quick-{user.username}"
        data.update({"title": "量子力学", "slug": slug, "summary": "量子", "work_type": "book", "action-publish": "1"})
        client.post(url, data)
        assert not WorkPage.objects.get(slug=slug).live, user.username
        assert (
            "action-publish"
            not in client.get(reverse("wagtailadmin_pages:edit", args=(WorkPage.objects.get(slug=slug).pk,))).text
        )


def test_moderators_may_publish_a_brand_but_editors_may_not(roles, editor, moderator):
    for (user, client), expected in ((editor, False), (moderator, True)):
        url, data = add_form(client, BrandPage, roles.city.brands)
        slug = f"festival-{user.username}"
        data.update({"title": "科技节", "slug": slug, "summary": "节", "brand_type": "festival", "action-publish": "1"})
        client.post(url, data)
        assert BrandPage.objects.get(slug=slug).live is expected, user.username


def test_an_approved_work_with_a_go_live_date_is_published_by_publish_scheduled(roles, editor, reviewer, moderator):
    _u, editor_client = editor
    go_live = timezone.localtime() + timedelta(days=2)
    work = write_work(editor_client, roles.city.works, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    workflow_action(reviewer[1], work, "approve")
    workflow_action(moderator[1], work, "approve")
    assert not live(work)
    revision = Revision.page_revisions.get(object_id=str(work.pk), approved_go_live_at__isnull=False)

    call_command("publish_scheduled")
    assert not live(work)
    # Two days pass: move the go-live date into the past rather than wait for it.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    assert live(work)
