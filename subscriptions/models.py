"""精准推送: a citizen's email digest of one city's new content, chosen by audience ×
district × topic, with no account.

The address is stored only to send this digest: written when the form is sent, confirmed
by a signed link that expires (double opt-in; an unconfirmed address is deleted when the
link expires), deleted outright on unsubscribe (one click, in every message). Nothing else
about the person is kept: no name, no IP address, no open or click tracking. Editors see
counts by choice only (subscriptions/views.py), never an address."""

import uuid

from django.db import models
from django.utils import timezone


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_since(self, moment):
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Subscriber(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name="城市站点", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField("邮箱")
    language = models.CharField("语言", max_length=10, default="zh-hans")
    # Each choice narrows the digest; none chosen: everything new in the city.
    audience = models.ForeignKey(
        "outreach.Audience", verbose_name="受众", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        "outreach.District", verbose_name="区", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "outreach.Topic", verbose_name="主题", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The unsubscribe link's secret (122 random bits): it stands for the address in every message.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The next digest lists what was first published after this moment: the confirmation,
    # then the moment each digest was put together.
    news_since = models.DateTimeField(null=True, blank=True, editable=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "订阅者"
        verbose_name_plural = "订阅者"
        permissions = [("view_subscriber_counts", "查看订阅统计（不含邮箱）")]

    def __str__(self):
        return f"订阅 #{self.pk}"  # never the address: it would show in logs and admin pages
