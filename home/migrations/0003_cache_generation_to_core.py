"""CacheGeneration moved to core (core/migrations/0001_initial.py): removed from home's state
only; the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("home", "0002_cache_generation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="CacheGeneration")]),
    ]
