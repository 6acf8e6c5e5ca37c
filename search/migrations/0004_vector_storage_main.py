"""PostgreSQL: keep each entry's tsvector inside its table row (storage MAIN, compressed)
instead of out of line in the TOAST table. A typical entry's vector is about 3 KB, over the
2 KB at which PostgreSQL moves values out of line; reading it back from TOAST for every
match was most of a search's time (bench/README.md). Existing vectors are rewritten."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE MAIN",
    "UPDATE search_searchentry SET vector = vector || ''::tsvector",
]
POSTGRES_BACKWARD = ["ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE EXTENDED"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facets_and_query_counts")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
