"""KepuImage.file stores originals without their metadata (outreach/image_originals.py): only
the field's Python class changes, the column stays as it is, so the database is not touched."""

import wagtail.images.models
from django.db import migrations

import outreach.image_originals


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0010_tip_contacts_encrypted"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="kepuimage",
                    name="file",
                    field=outreach.image_originals.OriginalImageField(
                        height_field="height",
                        upload_to=wagtail.images.models.get_upload_to,
                        verbose_name="file",
                        width_field="width",
                    ),
                ),
            ],
        ),
    ]
