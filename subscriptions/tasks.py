"""The weekly digest as a background task (django-tasks, `manage.py db_worker --backend
digests`); `manage.py send_digests`, run weekly by cron, queues it (README, 精准推送)."""

from django_tasks import task

from .digest import send_all

TASK_BACKEND = "digests"


@task(backend=TASK_BACKEND)
def send_digests():
    return send_all()
