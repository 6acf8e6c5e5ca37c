"""CacheGeneration moved from home to core by state alone: a database migrated on the old
layout keeps its table, its rows and its content type's permissions."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import CacheGeneration

BEFORE_THE_MOVE = [("home", "0002_cache_generation"), ("core", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_generation_row_and_its_permissions_survive_the_move():
    migrate(BEFORE_THE_MOVE)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM home_cachegeneration")
        cursor.execute("INSERT INTO home_cachegeneration (key, value) VALUES ('pages', 1234567)")
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'home' AND model = 'cachegeneration'")
        old_content_type = cursor.fetchone()
    assert old_content_type is not None
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value == 1234567
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'core' AND model = 'cachegeneration'")
        assert cursor.fetchone() == old_content_type
