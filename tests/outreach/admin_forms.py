"""Filling in the Wagtail page editor as an editor would: load the form, change fields, save."""

from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def add_form(client, model, parent):
    url = reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.text, form_id="page-edit-form")
    # StreamFields are drawn by the browser; an empty one posts just its count.
    for field in model._meta.fields:
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    return url, data


def add_inline_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    data[f"{prefix}-{index}-id"] = ""
    data[f"{prefix}-{index}-DELETE"] = ""
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return index


def errors_of(response):
    """The error messages the editor sees next to fields, as one string."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.text, "html.parser")
    return " ".join(
        node.get_text(" ", strip=True) for node in soup.select(".error-message, .help-critical, .w-field__errors")
    )
