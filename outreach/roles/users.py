"""Wagtail's user admin without its copy view.

Wagtail 8's user "copy" view pre-fills the add form from an existing account and then saves
that form into the existing account (it renamed the superuser and set its password) without
running the create hook. Copying an account is never needed here, so the view is off for
everyone; guards.py would refuse such a write into a protected account anyway.
"""

from wagtail.users.views.users import UserViewSet


class KepuUserViewSet(UserViewSet):
    copy_view_enabled = False
