"""预约规则: how a page's sessions take bookings on Kepu itself (registration/ keeps the bookings).

An event's rules apply to each of its sessions (the main one and every further occurrence); a
venue's to each timed-entry slot, cut from its opening hours, the day's capacity shared out
over the day's slots. The rules are facts, the same in every language: they are kept on the
default-language page and copied onto translations (outreach/lifecycle.py). No personal data
lives here; the API and the import format carry these fields.
"""

from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

BOOKING_RULE_FIELDS = (
    "online_booking",
    "max_party_size",
    "booking_opens_days",
    "booking_opens_time",
    "booking_closes_minutes",
    "cancel_until_minutes",
    "reserved_share",
)


class BookingRulesMixin(models.Model):
    online_booking = models.BooleanField(
        "在本站预约", default=False, help_text="开启后，市民可在页面上直接预约，名额由本站统计。"
    )
    max_party_size = models.PositiveSmallIntegerField(
        "每单最多人数",
        default=4,
        validators=[MinValueValidator(1, "每单至少 1 人。"), MaxValueValidator(20, "每单最多 20 人。")],
    )
    booking_opens_days = models.PositiveSmallIntegerField(
        "提前开放天数",
        default=7,
        validators=[MaxValueValidator(90, "最多提前 90 天开放预约。")],
        help_text="场次开始前几天开放预约，例如 7。",
    )
    booking_opens_time = models.TimeField("开放时刻", default=time(9, 0), help_text="开放预约当天的时刻，例如 09:00。")
    booking_closes_minutes = models.PositiveIntegerField(
        "截止（开始前分钟数）", default=60, help_text="场次开始前多少分钟停止在线预约；0 表示开始时截止。"
    )
    cancel_until_minutes = models.PositiveIntegerField(
        "可取消至（开始前分钟数）", default=120, help_text="市民最晚可在场次开始前多少分钟自行取消。"
    )
    reserved_share = models.PositiveSmallIntegerField(
        "现场及电话预留（%）",
        default=10,
        validators=[MaxValueValidator(100, "预留比例应在 0 到 100 之间。")],
        help_text="每场留给现场登记和电话预约的名额比例，在线预约不能占用。",
    )

    booking_panels = [
        FieldPanel("online_booking"),
        FieldRowPanel([FieldPanel("max_party_size"), FieldPanel("reserved_share")]),
        FieldRowPanel([FieldPanel("booking_opens_days"), FieldPanel("booking_opens_time")]),
        FieldRowPanel([FieldPanel("booking_closes_minutes"), FieldPanel("cancel_until_minutes")]),
    ]

    class Meta:
        abstract = True


class TimedEntryMixin(BookingRulesMixin):
    """A venue's timed entry (分时段预约): slots cut from the opening hours."""

    real_name_booking = models.BooleanField("实名预约", default=False)
    daily_capacity = models.PositiveIntegerField(
        "每日预约名额", null=True, blank=True, help_text="一天可预约入馆的总人数，平均分到各时段。"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        "时段长度（分钟）",
        default=60,
        validators=[MinValueValidator(15, "时段至少 15 分钟。"), MaxValueValidator(720, "时段最长 720 分钟。")],
    )

    timed_entry_panels = [
        MultiFieldPanel(
            [
                *BookingRulesMixin.booking_panels,
                FieldRowPanel([FieldPanel("daily_capacity"), FieldPanel("slot_minutes")]),
                FieldPanel("real_name_booking"),
            ],
            heading="分时段预约",
        )
    ]

    class Meta:
        abstract = True


TIMED_ENTRY_FIELDS = (*BOOKING_RULE_FIELDS, "real_name_booking", "daily_capacity", "slot_minutes")
