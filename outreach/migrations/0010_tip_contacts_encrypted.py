"""线索征集 contacts encrypted at rest (PIPL): each stored contact is encrypted with KEPU_PII_KEY
beside a masked copy for the inbox's list, and the plain column is gone.

Without tips carrying a contact the key is not needed (a fresh database migrates anywhere);
with some and no key (settings that set none: dev and the suite always do, production refuses
to start without one), the migration stops with ImproperlyConfigured rather than keep them in
plain text. Going back decrypts them with the same key."""

from django.db import migrations, models

from core import pii
from outreach.models.tips import mask_contact


def encrypt_contacts(apps, schema_editor):
    RumourTip = apps.get_model("outreach", "RumourTip")
    for tip in RumourTip.objects.exclude(contact="").only("pk", "contact"):
        contact = tip.contact.strip()
        tip.contact, tip.contact_masked = pii.encrypt(contact), mask_contact(contact)
        tip.save(update_fields=["contact", "contact_masked"])


def decrypt_contacts(apps, schema_editor):
    RumourTip = apps.get_model("outreach", "RumourTip")
    for tip in RumourTip.objects.exclude(contact="").only("pk", "contact"):
        tip.contact, tip.contact_masked = pii.decrypt(tip.contact)[:100], ""
        tip.save(update_fields=["contact", "contact_masked"])


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0009_merge_rumours_and_topics"),
    ]

    operations = [
        migrations.AddField(
            model_name="rumourtip",
            name="contact_masked",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="联系方式"),
        ),
        # A Fernet token is longer than the 100 characters the contact was allowed.
        migrations.AlterField(
            model_name="rumourtip",
            name="contact",
            field=models.TextField(blank=True, verbose_name="联系方式"),
        ),
        migrations.RunPython(encrypt_contacts, decrypt_contacts),
        migrations.RenameField(model_name="rumourtip", old_name="contact", new_name="contact_encrypted"),
        migrations.AlterField(
            model_name="rumourtip",
            name="contact_encrypted",
            field=models.TextField(blank=True, editable=False, verbose_name="联系方式（加密）"),
        ),
    ]
