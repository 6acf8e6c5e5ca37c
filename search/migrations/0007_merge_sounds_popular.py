# Merges the two 0006s: synonyms and sounds (s8-stores) and the popular-search rules (s8-understand).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_popular_search_rules"),
        ("search", "0006_synonyms_and_sounds"),
    ]

    operations = []
