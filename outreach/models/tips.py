"""线索征集: rumours citizens have heard, sent from the 辟谣 index's form (outreach/tips.py),
kept for the city's editors in the admin (科学辟谣 → 辟谣线索) and never published by
themselves: a tip is not a page; an editor who takes it up writes a rumour page, which goes
through review as any other.

The optional contact is personal data (PIPL): asked for only to reply, stored encrypted with
KEPU_PII_KEY (core/pii.py) beside a masked copy for the inbox's list, decrypted only on the
tip's own page (each opening logged, outreach/tip_admin.py), and deleted
`KEPU_TIP_CONTACT_DAYS` days after the tip came in (`manage.py expire_tip_contacts`, daily)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from core import pii
from core.conf import kepu_settings
from outreach.roles.permissions import city_paths


class TipStatus(models.TextChoices):
    NEW = "new", "待处理"
    CHECKING = "checking", "核实中"
    ANSWERED = "answered", "已辟谣"
    DISMISSED = "dismissed", "不予处理"


def mask_contact(contact):
    """Enough to tell two tips apart, not to reach anyone: a phone number masked as bookings'
    are (core.pii.mask_phone: 138****5678), an email address down to its first letter and its
    domain (z***@example.cn), anything else (a WeChat ID) down to its first character (微***),
    whatever its length."""
    contact = (contact or "").strip()
    if not contact:
        return ""
    if "@" in contact:
        name, _at, domain = contact.partition("@")
        return f"{name[:1]}***@{domain}"
    digits = "".join(ch for ch in contact if ch.isdigit())
    if len(digits) >= 7:
        return pii.mask_phone(digits)
    return f"{contact[:1]}***"


class RumourTipQuerySet(models.QuerySet):
    def for_user(self, user):
        """The tips a user may see: those of the cities where they hold page rights, with the
        right to view tips (the city's editors); all of them for a superuser."""
        if user.is_superuser:
            return self
        if not user.has_perm("outreach.view_rumourtip"):
            return self.none()
        paths = city_paths(user) or []
        return self.filter(site__root_page__path__in=paths)

    def contacts_due(self, now=None):
        now = now or timezone.now()
        cutoff = now - timedelta(days=kepu_settings.TIP_CONTACT_DAYS)
        return self.exclude(contact_encrypted="").filter(created_at__lt=cutoff)


class RumourTip(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name="城市站点", on_delete=models.CASCADE, related_name="+")
    heard = models.TextField("听到了什么", max_length=1000)
    where = models.CharField("在哪里看到或听到", max_length=200)
    contact_encrypted = models.TextField("联系方式（加密）", blank=True, editable=False)
    contact_masked = models.CharField("联系方式", max_length=100, blank=True, editable=False)
    language = models.CharField("提交语言", max_length=10, default="zh-hans")
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    status = models.CharField("处理状态", max_length=20, choices=TipStatus.choices, default=TipStatus.NEW)
    note = models.TextField("编辑备注", blank=True)
    rumour = models.ForeignKey(
        "outreach.RumourPage",
        verbose_name="对应的辟谣",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tips",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = RumourTipQuerySet.as_manager()

    def __str__(self):
        return self.heard[:40]

    def set_contact(self, contact):
        """Keeps a citizen's contact encrypted, with its masked copy; "" deletes both."""
        contact = (contact or "").strip()
        self.contact_encrypted = pii.encrypt(contact)
        self.contact_masked = mask_contact(contact)

    def decrypted_contact(self):
        """The contact in full: for the tip's own page only, which logs each opening."""
        return pii.decrypt(self.contact_encrypted)

    class Meta:
        verbose_name = "辟谣线索"
        verbose_name_plural = "辟谣线索"
        ordering = ["-created_at", "-pk"]
