"""The editors' 订阅统计 page: subscriber counts by choice, never an address."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_counts_url():
    return [path("subscriptions/", views.CountsView.as_view(), name="subscription_counts")]


class CountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.COUNTS_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_counts_menu_item():
    return CountsMenuItem("订阅统计", reverse("subscription_counts"), icon_name="mail", order=900)
