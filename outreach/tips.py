"""线索征集: the public tip-off form under the 辟谣 index, and where it posts.

The form is drawn on the index page, which the page caches keep for everyone, so it carries
no CSRF token (a token bound to one visitor would make the page uncacheable) and posts to
this view, which is exempt: it writes nothing but a tip into the editors' inbox, for a
visitor with no session, and what stands against bots and floods is core.abuse's honeypot,
signed render time and a per-address limit (KEPU_TIP_RATE). A tip is stored for the request's
city and never shown on the site (outreach/models/tips.py)."""

from django import forms
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.abuse import HumanCheckForm, client_ip, over_limit
from core.conf import kepu_settings
from core.site_context import localized_home, site

from .models import RumourIndexPage, RumourTip

TOO_MANY = _("您提交的线索太多了，请稍后再试。")


class TipForm(HumanCheckForm, forms.ModelForm):
    human_check_name = "rumour-tip"

    # Checked here as typed; the tip keeps it only encrypted (RumourTip.set_contact).
    contact = forms.CharField(
        label=_("联系方式（选填）"),
        max_length=100,
        required=False,
        help_text=_("手机号或电子邮箱，仅用于回复您，%(days)s 天后自动删除，不会公开。"),
    )

    class Meta:
        model = RumourTip
        fields = ["heard", "where"]
        labels = {
            "heard": _("您听到或看到的说法"),
            "where": _("在哪里看到或听到"),
        }
        help_texts = {
            "heard": _("尽量照原话写，例如：“隔夜菜会致癌。”"),
            "where": _("例如：某微信群、某短视频平台、小区公告栏。"),
        }
        widgets = {"heard": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        contact.help_text = contact.help_text % {"days": kepu_settings.TIP_CONTACT_DAYS}
        self.fields["heard"].error_messages["required"] = _("请写下您听到或看到的说法。")
        self.fields["where"].error_messages["required"] = _("请写下在哪里看到或听到。")
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def save(self, commit=True):
        self.instance.set_contact(self.cleaned_data["contact"])
        return super().save(commit)


def rumour_index(request):
    home = localized_home(request)
    return RumourIndexPage.objects.live().child_of(home).first() if home is not None else None


@csrf_exempt
@require_POST
def submit_tip(request):
    index = rumour_index(request)
    current = site(request)
    if index is None or current is None:
        raise Http404
    form = TipForm(request.POST)
    if form.is_valid():
        if over_limit("rumour-tip", client_ip(request), kepu_settings.TIP_RATE):
            form.add_error(None, TOO_MANY)
        else:
            tip = form.save(commit=False)
            tip.site, tip.language = current, get_language() or ""
            tip.save()
            return HttpResponseRedirect(index.get_url(request=request) + "?tip=sent#tip")
    context = {"page": index, "tip_form": form, "self": index}
    return TemplateResponse(request, "outreach/tip_form.html", context, status=400)
