from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from accounts import urls


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [path("2fa/", include(urls))]


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("accounts:manage"),
        "label": _("Two-step verification"),
        "help_text": _("Your authenticator app and recovery codes."),
    }


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Reset two-step verification"),
            reverse("accounts:reset_user", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
