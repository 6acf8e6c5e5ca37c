"""A big admin import waiting for, or run by, the background worker (outreach/tools/jobs.py)."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Phase(models.TextChoices):
        CHECKING = "checking", "检查记录"
        WRITING = "writing", "写入页面"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="导入人"
    )
    site_key = models.CharField("城市站点", max_length=255)
    publish = models.BooleanField("导入后直接发布", default=False)
    file_name = models.CharField("文件名", max_length=255)
    # The checked file, as the dry run read it; emptied when the job ends.
    data = models.JSONField(default=dict, blank=True)
    records = models.PositiveIntegerField("记录数", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField("阶段", max_length=10, choices=Phase.choices, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    pages_written = models.PositiveIntegerField("写入页面数", default=0)
    report = models.JSONField("导入报告", default=list, blank=True)
    errors = models.JSONField("失败原因", default=list, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_recent")]
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def visible_to(self, user):
        return user.is_superuser or (self.user_id is not None and self.user_id == user.pk)
