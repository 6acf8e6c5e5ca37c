"""CacheGeneration moved here from home: the model's state only. Its table keeps the name home's
migration 0002 gave it (home_cachegeneration) and its rows; its content type follows it."""

from django.db import migrations, models


def content_type_to_core(apps, schema_editor):
    move_content_type(apps, "home", "core")


def content_type_to_home(apps, schema_editor):
    move_content_type(apps, "core", "home")


def move_content_type(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="cachegeneration").exists():
        ContentType.objects.filter(app_label=old, model="cachegeneration").update(app_label=new)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0002_cache_generation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CacheGeneration",
                    fields=[
                        ("key", models.CharField(max_length=30, primary_key=True, serialize=False)),
                        ("value", models.BigIntegerField(default=0)),
                    ],
                    options={"verbose_name": "缓存版本", "db_table": "home_cachegeneration"},
                ),
            ],
            database_operations=[migrations.RunPython(content_type_to_core, content_type_to_home)],
        ),
    ]
