"""Indexes for the works index's filters at 10,000 works (bench/README.md).

A work's audiences and topics are ParentalManyToManyField tables Django creates itself, so
their (term, work) indexes are plain SQL, the same on SQLite and PostgreSQL: "the works
with this term" is then read from the index alone, where the term's own index needs a visit
to the table for each row.
"""

from django.db import migrations, models

THROUGH = {"audience": "outreach_workpage_audiences", "topic": "outreach_workpage_topics"}


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_plan_targets")]

    operations = [
        migrations.AddIndex(
            model_name="workpage",
            index=models.Index(
                fields=["work_type", "recommended_year", "year"], include=["page_ptr"], name="outreach_work_type_order"
            ),
        ),
        *(
            migrations.RunSQL(
                f"CREATE INDEX outreach_work_{term}_work ON {table} ({term}_id, workpage_id)",
                f"DROP INDEX outreach_work_{term}_work",
            )
            for term, table in THROUGH.items()
        ),
    ]
