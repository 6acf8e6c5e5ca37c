"""The citizen's booking form and the staff's walk-in/telephone form: the least personal data,
each field checked with a message that says what to fix."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.abuse import HumanCheckForm

from . import pii
from .models import Booking


class PersonFields(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")})
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        error_messages={"required": _("请填写手机号码。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("用于接收预约短信；每个手机号每场限约一次。"),
    )
    party_size = forms.IntegerField(label=_("人数"), min_value=1, initial=1)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=Booking.IdType.choices, required=False)
    id_number = forms.CharField(
        label=_("证件号码"), max_length=30, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, max_party, real_name, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Chinese labels take no ASCII colon
        super().__init__(*args, **kwargs)
        self.max_party, self.real_name = max_party, real_name
        self.fields["party_size"].max_value = max_party
        self.fields["party_size"].widget.attrs.update(min=1, max=max_party)
        self.fields["party_size"].help_text = _("每单最多 %(n)s 人。") % {"n": max_party}
        if real_name:
            self.fields["id_type"].required = True
            self.fields["id_number"].required = True
        else:
            # 实名 is not required: no ID number is asked for, or kept.
            del self.fields["id_type"]
            del self.fields["id_number"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("请填写姓名。"))
        return name

    def clean_phone(self):
        phone = pii.normalise_mobile(self.cleaned_data["phone"])
        if not pii.is_mobile(phone):
            raise forms.ValidationError(_("请填写 11 位中国大陆手机号码，例如 13812345678。"))
        return phone

    def clean_party_size(self):
        size = self.cleaned_data["party_size"]
        if size > self.max_party:
            raise forms.ValidationError(_("每单最多 %(n)s 人。") % {"n": self.max_party})
        return size

    def clean(self):
        cleaned = super().clean()
        if self.real_name and cleaned.get("id_number"):
            number = pii.normalise_id(cleaned["id_number"])
            if cleaned.get("id_type") == Booking.IdType.RESIDENT:
                if not pii.id_checksum_ok(number):
                    self.add_error("id_number", _("身份证号码不正确：应为 18 位，最后一位校验码需与前 17 位相符。"))
            elif not (5 <= len(number) <= 20 and number.isalnum()):
                self.add_error("id_number", _("证件号码应为 5 到 20 位字母或数字。"))
            cleaned["id_number"] = number
        return cleaned


class BookingForm(HumanCheckForm, PersonFields):
    human_check_name = "booking"
    session = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False, help_text=_("填写后同时发送邮件确认和提醒。"))
    consent = forms.BooleanField(
        label=_("我已阅读并同意隐私政策：信息仅用于本次预约和入场核验，活动结束后按规定删除。"),
        error_messages={"required": _("请阅读并勾选同意隐私政策。")},
    )

    field_order = ["session", "name", "phone", "party_size", "id_type", "id_number", "email", "consent"]


class StaffBookingForm(PersonFields):
    channel = forms.ChoiceField(
        label="渠道", choices=[(Booking.Channel.WALK_IN, "现场登记"), (Booking.Channel.PHONE, "电话预约")]
    )
    phone = forms.CharField(label="手机号码", max_length=20, required=False, help_text="可留空（如老人无手机）。")

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        if not raw.strip():
            return ""
        return super().clean_phone()
