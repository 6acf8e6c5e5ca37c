"""Bookings (预约), their sessions' counters and the audit log of staff access.

A `BookingSession` is one bookable session: an event's session or a venue's timed-entry slot,
on the default-language page (translations share it). It holds the counters that make
overbooking impossible: `online_taken` and `offline_taken` (people confirmed online, and
walk-in/telephone), changed only by conditional UPDATEs (registration/booking.py), never by
reading a count and writing it back.

A `Booking` keeps the least personal data: a name, an encrypted mobile number (with a keyed
digest, for one booking per number per session, and a masked copy for lists), an optional
email, and only where the session requires 实名 an ID document type with the number
encrypted and masked. `purge_registrations` blanks all of it some days after the session;
the rows stay, so the counts stay.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed at a door
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token():
    return secrets.token_urlsafe(24)


class BookingSession(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", "活动场次"
        ENTRY = "entry", "入馆时段"

    page = models.ForeignKey(Page, verbose_name="页面", on_delete=models.CASCADE, related_name="booking_sessions")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    capacity = models.PositiveIntegerField("名额（人）")
    reserved = models.PositiveIntegerField("现场及电话预留（人）", default=0)
    online_taken = models.PositiveIntegerField("在线已确认（人）", default=0)
    offline_taken = models.PositiveIntegerField("现场及电话已确认（人）", default=0)
    personal_data_purged_at = models.DateTimeField("个人信息删除于", null=True, blank=True)

    class Meta:
        verbose_name = "预约场次"
        verbose_name_plural = "预约场次"
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["page", "start"], name="registration_one_session_per_start"),
            # The database itself refuses an overbooking, whatever the code above it does.
            models.CheckConstraint(
                condition=Q(online_taken__lte=models.F("capacity") - models.F("reserved")),
                name="registration_online_within_share",
            ),
            models.CheckConstraint(
                condition=Q(online_taken__lte=models.F("capacity") - models.F("offline_taken")),
                name="registration_within_capacity",
            ),
        ]

    def __str__(self):
        return f"{self.page.title} {self.start:%Y-%m-%d %H:%M}"

    @property
    def taken(self):
        return self.online_taken + self.offline_taken

    @property
    def places_left(self):
        return max(self.capacity - self.taken, 0)

    @property
    def online_places_left(self):
        return max(min(self.capacity - self.reserved - self.online_taken, self.capacity - self.taken), 0)


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已确认")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    class Channel(models.TextChoices):
        ONLINE = "online", "在线预约"
        WALK_IN = "walk_in", "现场登记"
        PHONE = "phone", "电话预约"

    class IdType(models.TextChoices):
        RESIDENT = "resident", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
        TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
        FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")

    session = models.ForeignKey(BookingSession, verbose_name="场次", on_delete=models.CASCADE, related_name="bookings")
    token = models.CharField("票据链接令牌", max_length=64, unique=True, default=new_token, editable=False)
    code = models.CharField("核验码", max_length=12, unique=True, default=new_code, editable=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, db_index=True)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    party_size = models.PositiveSmallIntegerField("人数")
    name = models.CharField("姓名", max_length=50, blank=True)
    phone_encrypted = models.TextField("手机号（加密）", blank=True)
    phone_digest = models.CharField("手机号摘要", max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField("手机号", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number_encrypted = models.TextField("证件号码（加密）", blank=True)
    id_number_masked = models.CharField("证件号码", max_length=40, blank=True)
    language = models.CharField("语言", max_length=10, default="zh-hans")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签到人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField("提醒发送时间", null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField("个人信息删除于", null=True, blank=True)

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约"
        ordering = ["pk"]
        constraints = [
            # One live booking per mobile number per session (a cancelled one may be booked again).
            models.UniqueConstraint(
                fields=["session", "phone_digest"],
                condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(phone_digest=""),
                name="registration_one_booking_per_phone",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "id"], name="registration_queue")]

    def __str__(self):
        return f"{self.code}（{self.get_status_display()}）"

    @property
    def is_active(self):
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)

    def waitlist_position(self):
        if self.status != self.Status.WAITLISTED:
            return None
        return Booking.objects.filter(
            session_id=self.session_id, status=self.Status.WAITLISTED, pk__lte=self.pk
        ).count()


class AuditEntry(models.Model):
    """Who saw or took which personal data, when (PIPL): every staff view, export, check-in
    and hand entry of bookings writes one row. Only superusers read them, in the admin."""

    class Action(models.TextChoices):
        VIEW = "view", "查看名单"
        EXPORT = "export", "导出名单"
        CHECK_IN = "check_in", "签到"
        LOOKUP = "lookup", "查询票据"
        ENTER = "enter", "录入预约"
        CANCEL = "cancel", "取消预约"
        CITIZEN_DELETE = "citizen_delete", "本人删除个人信息"
        PURGE = "purge", "到期删除个人信息"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    session = models.ForeignKey(
        BookingSession, verbose_name="场次", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booking = models.ForeignKey(
        Booking, verbose_name="预约", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField("说明", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    class Meta:
        verbose_name = "个人信息访问记录"
        verbose_name_plural = "个人信息访问记录"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
