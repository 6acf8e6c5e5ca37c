"""What each role does in the Wagtail admin, as the browser would post it."""

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from tests.conftest import SHANGHAI


def edit_form(client, page):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.text, form_id="page-edit-form")
    # StreamFields are drawn by the browser; the test pages' bodies are empty.
    for field in page.specific_class._meta.fields:
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    return url, data


def submit_for_moderation(client, url, data):
    data = data.copy()
    data["action-submit"] = "1"
    return client.post(url, data)


def workflow_action(client, page, action, comment=""):
    """Approve or request changes from the page's current task, with a comment."""
    task_state = page.specific_class.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def refused(response):
    """Wagtail refuses by answering 403 or by sending the user back to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url in (reverse("wagtailadmin_home"), "/admin/")
    )


def public(client, page):
    """The page as a citizen sees it on the Shanghai site."""
    _site, _root, path = page.get_url_parts()
    return client.get(path, **SHANGHAI)
