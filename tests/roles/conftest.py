import pytest
from django.contrib.auth.models import Group
from django.test import Client

from outreach.roles import names
from outreach.roles.setup import setup_roles
from tests.outreach.builders import CityTree


class Roles:
    """A Shanghai tree with two venues, the roles set up, and a way to log in as each role."""

    def __init__(self, home, django_user_model):
        self.city = CityTree(home)
        self.venue_a = self.city.venue("上海科技馆", hours=[(2, "09:00", "17:15")], slug="sstm")
        self.venue_b = self.city.venue("上海天文馆", hours=[(2, "10:00", "16:00")], slug="astronomy")
        setup_roles()
        self.user_model = django_user_model

    def user(self, username, *groups):
        user = self.user_model.objects.create_user(username, f"{username}@example.cn", "pw")
        user.groups.set([Group.objects.get(name=name) for name in groups])
        return user

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def login(self, username, *groups):
        user = self.user(username, *groups)
        return user, self.client_for(user)


@pytest.fixture
def roles(cities, django_user_model):
    return Roles(cities["shanghai"], django_user_model)


@pytest.fixture
def editor(roles):
    return roles.login("editor", names.editors("上海"))


@pytest.fixture
def reviewer(roles):
    return roles.login("reviewer", names.science_reviewers("上海"))


@pytest.fixture
def moderator(roles):
    return roles.login("moderator", names.moderators("上海"))


@pytest.fixture
def site_admin(roles):
    return roles.login("siteadmin", names.SITE_ADMINS)
