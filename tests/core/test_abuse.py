"""core/abuse.py: the rate limit and the challenge every public form that writes relies on."""

import time

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from core import abuse


@pytest.fixture
def checks_on(settings):
    settings.KEPU_RATE_LIMITS = True
    settings.KEPU_FORM_CHALLENGE = True
    from django.core.cache import cache

    cache.clear()


class TipForm(abuse.HumanCheckForm):
    human_check_name = "tip"
    heard = forms.CharField()


def test_a_rate_is_counted_per_key_and_refuses_the_hit_over_it(checks_on):
    hits = [abuse.over_limit("booking", "13800138000", "3/h") for _ in range(5)]
    assert hits == [False, False, False, True, True]
    assert abuse.over_limit("booking", "13900139000", "3/h") is False
    assert abuse.over_limit("tips", "13800138000", "3/h") is False


def test_limits_switched_off_for_load_tests_count_nothing(checks_on, settings):
    settings.KEPU_RATE_LIMITS = False
    assert not any(abuse.over_limit("booking", "1.2.3.4", "1/h") for _ in range(5))


@pytest.mark.parametrize("rate", ["", "5", "0/h", "x/h", "5/w", "-1/m"])
def test_a_malformed_rate_is_a_clear_configuration_error(checks_on, rate):
    with pytest.raises(ValueError, match="positive count"):
        abuse.over_limit("booking", "k", rate)


def test_a_person_who_took_a_few_seconds_gets_through(checks_on):
    form = TipForm({"heard": "5G 传播病毒", "website": "", "rendered": abuse.render_token("tip", time.time() - 5)})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "data, message",
    [
        ({"website": "http://spam.example"}, "无法提交"),
        ({"rendered": "forged-token"}, "无法提交"),
        ({"rendered": ("other-form", 5)}, "无法提交"),
        ({"rendered": ("tip", 0)}, "提交太快"),
        ({"rendered": ("tip", 3 * 60 * 60)}, "已过期"),
        ({"rendered": ""}, "无法提交"),
    ],
)
def test_bots_are_refused_with_a_message(checks_on, data, message):
    if isinstance(data.get("rendered"), tuple):
        name, seconds_ago = data["rendered"]
        data = {"rendered": abuse.render_token(name, time.time() - seconds_ago)}
    fields = {"heard": "5G 传播病毒", "website": "", "rendered": abuse.render_token("tip", time.time() - 5), **data}
    form = TipForm(fields)
    assert not form.is_valid()
    assert message in " ".join(form.non_field_errors())


def test_the_fields_render_hidden_from_people_and_screen_readers(checks_on):
    html = render_to_string("core/human_check.html", {"form": TipForm()})
    assert 'class="human-check" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html and 'type="hidden" name="rendered"' in html


def test_with_the_challenge_off_the_form_has_no_extra_fields(settings):
    settings.KEPU_FORM_CHALLENGE = False
    assert set(TipForm().fields) == {"heard"}
    assert render_to_string("core/human_check.html", {"form": TipForm()}).strip() == ""


def test_only_the_local_proxy_may_name_the_client_address(settings):
    settings.KEPU_TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert abuse.client_ip(request) == "203.0.113.9"
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert abuse.client_ip(request) == "198.51.100.7"
