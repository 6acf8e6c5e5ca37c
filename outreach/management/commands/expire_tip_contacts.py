"""`manage.py expire_tip_contacts`: deletes the contact of every 线索征集 tip older than
KEPU_TIP_CONTACT_DAYS (PIPL: kept only as long as a reply needs it). Run it daily."""

from django.core.management.base import BaseCommand

from outreach.models import RumourTip


class Command(BaseCommand):
    help = "删除超过保存期限的辟谣线索联系方式（KEPU_TIP_CONTACT_DAYS）。"

    def handle(self, *args, **options):
        count = RumourTip.objects.contacts_due().update(contact_encrypted="", contact_masked="")
        self.stdout.write(f"已删除 {count} 条线索的联系方式")
