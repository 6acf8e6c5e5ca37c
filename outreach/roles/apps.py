"""Wagtail's users app with Kepu's user views (INSTALLED_APPS names this instead of "wagtail.users")."""

from wagtail.users.apps import WagtailUsersAppConfig


class KepuUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "outreach.roles.users.KepuUserViewSet"
