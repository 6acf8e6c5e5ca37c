import pytest

from tests.outreach.builders import CityTree


@pytest.fixture
def shanghai(cities):
    return CityTree(cities["shanghai"])


@pytest.fixture
def nantong(cities):
    return CityTree(cities["nantong"])


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor-admin", "admin@example.cn", "pw")
    client.force_login(user)
    return client
