"""Each entry's facet values move from SearchFacet rows into SearchEntry.facets, one string
(models.facets_text): a search counted its facets with a join and a GROUP BY over the
matches' facet rows, which took most of a broad search's time on SQLite (bench/README.md)."""

from django.db import migrations, models

SEPARATOR = "\x1f"  # models.FACET_SEPARATOR, frozen here
BATCH = 1000


def facets_to_entries(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchFacet = apps.get_model("search", "SearchFacet")
    pairs = {}
    for entry_id, facet, value in SearchFacet.objects.order_by("entry_id", "id").values_list(
        "entry_id", "facet", "value"
    ):
        pairs.setdefault(entry_id, []).append(f"{facet}={value.replace(SEPARATOR, '')}")
    entries = [
        SearchEntry(pk=entry_id, facets=SEPARATOR + "".join(key + SEPARATOR for key in keys))
        for entry_id, keys in pairs.items()
    ]
    SearchEntry.objects.bulk_update(entries, ["facets"], batch_size=BATCH)


def entries_to_facets(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchFacet = apps.get_model("search", "SearchFacet")
    rows = []
    for entry_id, text in SearchEntry.objects.exclude(facets="").values_list("id", "facets"):
        for key in filter(None, text.split(SEPARATOR)):
            facet, _, value = key.partition("=")
            rows.append(SearchFacet(entry_id=entry_id, facet=facet, value=value))
    SearchFacet.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_vector_storage_main")]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="facets", field=models.TextField(blank=True, default="")
        ),
        migrations.RunPython(facets_to_entries, entries_to_facets),
        migrations.DeleteModel(name="SearchFacet"),
    ]
