"""Big admin imports as background tasks: queued at the confirm step, run by the worker
(`manage.py db_worker --backend imports`, README "Production deployment").

The worker runs the same `run_import` as the admin's confirm step, as the job's user with
their permissions as they are when it runs (not when the file was queued), in the same one
transaction: a failure writes nothing. The job row says how it went: queued, running with
progress, done with the report, or failed with the messages. An import that fails for a
transient database error (a lock timeout, a dropped connection) is tried again, at most
MAX_ATTEMPTS times; one that raises anything else is recorded as failed and re-raised, so
the task queue records it too.

Progress: the import's writes are invisible to other connections until it commits, so the
worker reports progress on a second connection of its own (PostgreSQL). SQLite has one
writer at a time and the import holds it, so there the job shows only that it is running.
"""

import logging
import time

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends
from wagtail.models import Site

from outreach.models import ImportJob

from .importer import INDEX_MODELS, ImportFileError, run_import

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "outreach.import_outreach"
TASK_BACKEND = "imports"
MAX_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 5
PROGRESS_INTERVAL_SECONDS = 1.0
NO_LONGER_ALLOWED = "你已没有批量导入的权限（排队期间权限被调整），未写入任何内容。"


def cities():
    return Site.objects.select_related("root_page").order_by("-is_default_site", "site_name")


def may_import_into(user, site):
    if user.is_superuser:
        return True
    return any(
        index.permissions_for_user(user).can_add_subpage()
        for model in INDEX_MODELS.values()
        for index in model.objects.child_of(site.root_page)
    )


def site_choices(user=None):
    """The city sites `user` may import into: those where they may add pages under an index."""
    return [
        (site.root_page.slug, f"{site.site_name or site.hostname}（{site.root_page.slug}）")
        for site in cities()
        if user is None or may_import_into(user, site)
    ]


def check_rights(user, site_key):
    """What the confirm step and the worker check before writing; ImportFileError if refused."""
    if user is None or not user.is_active or not user.has_perm(IMPORT_PERMISSION):
        raise ImportFileError([NO_LONGER_ALLOWED])
    if site_key not in dict(site_choices(user)):
        raise ImportFileError([f"你无权向站点 {site_key} 导入内容。"])


def queue_import(user, site_key, publish, file_name, data, records):
    """Stores the checked file as a job and queues it, in one transaction: both or neither."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            user=user, site_key=site_key, publish=publish, file_name=file_name[:255], data=data, records=records
        )
        result = import_job.enqueue(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


class ProgressReporter:
    """Writes the import's progress to the job row on a connection of its own, at most once
    a second, where another connection may write while the import's transaction is open."""

    def __init__(self, job):
        self.job_id = job.pk
        self.last = 0.0
        self.side = None
        # Inside an outer transaction (the immediate backend in a request or a test) the job
        # row itself may be locked by it: a second connection would wait for ever.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, phase, done, total):
        now = time.monotonic()
        if self.side is None or (now - self.last < PROGRESS_INTERVAL_SECONDS and done < total):
            return
        self.last = now
        table = ImportJob._meta.db_table
        try:
            with self.side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute(
                    f"UPDATE {table} SET phase = %s, progress_done = %s, progress_total = %s WHERE id = %s",
                    [phase, done, total, self.job_id],
                )
        except OperationalError:  # progress is a courtesy: never fail the import for it
            logger.warning("import job %s: progress not recorded", self.job_id, exc_info=True)

    def close(self):
        if self.side is not None:
            self.side.close()


@task(backend=TASK_BACKEND)
def import_job(job_id):
    """Runs one queued import. Returns the report's lines (kept by the task queue too)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return None  # deleted, or already run (a task is never run twice on purpose)
    for attempt in range(job.attempts + 1, MAX_ATTEMPTS + 1):
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.RUNNING,
            attempts=attempt,
            started_at=timezone.now(),
            phase=ImportJob.Phase.CHECKING,
            progress_done=0,
            progress_total=job.records,
        )
        reporter = ProgressReporter(job)
        try:
            # A fresh user object: the rights as they are now, not as they were when queued.
            user = get_user_model().objects.filter(pk=job.user_id).first()
            check_rights(user, job.site_key)
            report = run_import(job.data, job.site_key, publish=job.publish, user=user, progress=reporter)
        except ImportFileError as error:
            finish(job, ImportJob.Status.FAILED, errors=error.summary())
            return None
        except OperationalError as error:
            if attempt < MAX_ATTEMPTS and not connection.in_atomic_block:
                logger.warning("import job %s: attempt %s failed (%s), retrying", job.pk, attempt, error)
                connection.close()  # a fresh connection for the next attempt
                time.sleep(RETRY_DELAY_SECONDS * attempt)
                continue
            finish(job, ImportJob.Status.FAILED, errors=[f"数据库暂时不可用，尝试 {attempt} 次后仍失败：{error}"])
            raise
        except Exception as error:
            finish(job, ImportJob.Status.FAILED, errors=[f"导入时出错（{type(error).__name__}），未写入任何内容。"])
            raise
        finally:
            reporter.close()
        written = sum(c["created"] + c["updated"] for c in report.counts.values())
        finish(job, ImportJob.Status.DONE, report=report.lines(), pages_written=written)
        return report.lines()
    return None


def finish(job, status, report=(), errors=(), pages_written=0):
    if status == ImportJob.Status.FAILED and not connection.in_atomic_block:
        connection.close()  # after a database error the old connection may be unusable
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        report=list(report),
        errors=list(errors),
        pages_written=pages_written,
        progress_done=pages_written if status == ImportJob.Status.DONE else 0,
        progress_total=pages_written if status == ImportJob.Status.DONE else 0,
        phase="",
        data={},  # the file is not kept once its job has ended
        finished_at=timezone.now(),
    )


def reconcile(job):
    """A job the worker could not mark (it raised before or while marking, or its task was
    lost) still shows as failed, from the task queue's own record."""
    if job.finished or not job.task_id:
        return job
    backend = task_backends[TASK_BACKEND]
    if not backend.supports_get_result:
        return job
    try:
        result = backend.get_result(job.task_id)
    except Exception:  # no such result: the queue was emptied under it
        return job
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1].exception_class_path if result.errors else "未知错误"
        finish(job, ImportJob.Status.FAILED, errors=[f"后台任务失败（{error}），未写入任何内容。"])
        job.refresh_from_db()
    return job
