"""线索征集: rumours citizens have heard, sent from the 辟谣 index's form (outreach/tips.py),
kept for the city's editors in the admin (科学辟谣 → 辟谣线索) and never published by
themselves: a tip is not a page; an editor who takes it up writes a rumour page, which goes
through review as any other.

The optional contact is personal data (PIPL): asked for only to reply, shown masked in the
inbox's list, in full only on the tip's own page (each opening logged), and deleted
`KEPU_TIP_CONTACT_DAYS` days after the tip came in (`manage.py expire_tip_contacts`, daily)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from core.conf import kepu_settings
from outreach.roles.permissions import city_paths


class TipStatus(models.TextChoices):
    NEW = "new", "待处理"
    CHECKING = "checking", "核实中"
    ANSWERED = "answered", "已辟谣"
    DISMISSED = "dismissed", "不予处理"


def mask_contact(contact):
    """138****5678, z***@example.cn, 微***: enough to tell two tips apart, not to reach anyone."""
    contact = (contact or "").strip()
    if not contact:
        return ""
    if "@" in contact:
        name, _at, domain = contact.partition("@")
        return f"{name[:1]}***@{domain}"
    digits = "".join(ch for ch in contact if ch.isdigit())
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
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
        return self.exclude(contact="").filter(created_at__lt=cutoff)


class RumourTip(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name="城市站点", on_delete=models.CASCADE, related_name="+")
    heard = models.TextField("听到了什么", max_length=1000)
    where = models.CharField("在哪里看到或听到", max_length=200)
    contact = models.CharField("联系方式", max_length=100, blank=True)
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

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("heard", read_only=True),
                FieldPanel("where", read_only=True),
                FieldPanel("contact", read_only=True),
                FieldPanel("created_at", read_only=True),
            ],
            heading="市民提交的线索",
        ),
        FieldPanel("status"),
        FieldPanel("rumour"),
        FieldPanel("note"),
    ]

    def __str__(self):
        return self.heard[:40]

    @property
    def masked_contact(self):
        return mask_contact(self.contact)

    class Meta:
        verbose_name = "辟谣线索"
        verbose_name_plural = "辟谣线索"
        ordering = ["-created_at", "-pk"]
