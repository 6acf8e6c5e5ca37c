"""The editors' inbox of 线索征集 tips (科学辟谣 → 辟谣线索): a Wagtail ModelViewSet whose every
view reads tips through `RumourTip.objects.for_user`, so an editor sees, opens, changes or
deletes only their own city's tips, whichever URL they type. Nobody adds a tip here (no group
holds "add"): tips come only from the public form. The list shows contacts masked (a copy
kept masked, nothing decrypted); the tip's own page is the one place a contact is decrypted,
and each showing of it is logged (PIPL: who saw a citizen's contact, and when)."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .models import RumourTip


def city_tips(request):
    return RumourTip.objects.for_user(request.user).select_related("site")


class TipIndexView(generic.IndexView):
    # The base of the list: Wagtail's get_queryset then applies the 处理状态 filter and the
    # column ordering to it.
    def get_base_queryset(self):
        return city_tips(self.request)


class CityTipMixin:
    """The tip an edit or delete URL names, looked up among the user's city's tips only."""

    def get_queryset(self):
        return city_tips(self.request)


class ContactPanel(FieldPanel):
    """The tip's contact, decrypted and read-only; every rendering that shows it is logged."""

    class BoundPanel(FieldPanel.BoundPanel):
        @cached_property
        def value_from_instance(self):
            contact = self.instance.decrypted_contact()
            if contact:
                log(instance=self.instance, action="kepu.tip.contact_viewed", user=self.request.user)
            return contact


class TipEditView(CityTipMixin, generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        if instance.handled_by_id is None:
            instance.handled_by = self.request.user
            instance.save(update_fields=["handled_by"])
        return instance


class TipDeleteView(CityTipMixin, generic.DeleteView):
    pass


class TipViewSet(ModelViewSet):
    model = RumourTip
    icon = "help"
    menu_label = _("辟谣线索")
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = TipIndexView
    edit_view_class = TipEditView
    delete_view_class = TipDeleteView
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("heard", read_only=True),
                FieldPanel("where", read_only=True),
                ContactPanel("contact_encrypted", read_only=True, heading=_("联系方式")),
                FieldPanel("created_at", read_only=True),
            ],
            heading="市民提交的线索",
        ),
        FieldPanel("status"),
        FieldPanel("rumour"),
        FieldPanel("note"),
    ]
    list_display = [
        Column("heard", label=_("听到了什么"), accessor="__str__"),
        Column("where", label=_("在哪里")),
        Column("contact_masked", label=_("联系方式")),
        Column("site", label=_("城市站点")),
        Column("status", label=_("处理状态"), accessor="get_status_display"),
        DateColumn("created_at", label=_("提交时间")),
    ]
    list_filter = ["status"]
    inspect_view_enabled = False
    copy_view_enabled = False


tip_viewset = TipViewSet("rumour_tips")


@hooks.register("register_admin_viewset")
def register_tip_viewset():
    return tip_viewset


@hooks.register("register_log_actions")
def register_tip_log_actions(actions):
    actions.register_action("kepu.tip.contact_viewed", _("查看线索联系方式"), _("查看了线索的联系方式"))
