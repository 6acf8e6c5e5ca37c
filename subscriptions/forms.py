"""The subscribe form: an email address and up to three choices, with core/abuse.py's
honeypot and signed render time."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.abuse import HumanCheckForm
from outreach.filtering import default_locale_terms, slug_choices
from outreach.models import Audience, Topic
from outreach.models.taxonomy import city_districts


def subscription_terms(home_path):
    """(audiences, districts of the city, topics) a subscriber chooses from."""
    return (
        list(default_locale_terms(Audience).order_by("pk")),
        list(city_districts(home_path).filter(locale__language_code="zh-hans").order_by("pk")),
        list(default_locale_terms(Topic).order_by("name")),
    )


class SubscribeForm(HumanCheckForm):
    human_check_name = "subscribe"

    email = forms.EmailField(
        label=_("邮箱"),
        max_length=254,
        help_text=_("只用于发送本订阅，退订时立即删除。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    audience = forms.ChoiceField(label=_("受众"), required=False)
    district = forms.ChoiceField(label=_("区"), required=False)
    topic = forms.ChoiceField(label=_("主题"), required=False)

    def __init__(self, *args, audiences, districts, topics, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.options = {"audience": audiences, "district": districts, "topic": topics}
        for name, terms in self.options.items():
            self.fields[name].choices = slug_choices(terms)

    def chosen_terms(self):
        """{choice: term or None} of the valid form."""
        return {
            name: next((term for term in self.options[name] if term.slug == self.cleaned_data.get(name)), None)
            for name in self.options
        }
