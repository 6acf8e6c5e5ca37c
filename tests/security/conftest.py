"""What several security tests share: the role fixtures of tests/roles (a user of each role,
logged in) and `member`, a user in the given groups."""

from django.contrib.auth.models import Group

from tests.roles.conftest import editor, roles  # noqa: F401 -- fixtures, found by pytest here


def member(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username, f"{username}@example.cn", "pw")
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user
