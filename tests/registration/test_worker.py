"""Issue 21: confirmation, waitlist and reminder messages run as tasks on a real queue, with a
worker process (`manage.py db_worker --backend messages`, as the README's production recipe
starts it), retried on failure; a task that fails for good shows in the admin."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.settings.base import task_backends
from registration.models import Booking
from registration.tasks import reminder_time
from tests.browser.conftest import ensure_tree_root
from tests.conftest import ROOT, SHANGHAI
from tests.deploy.conftest import shared_database  # noqa: F401 -- a fixture
from tests.outreach.builders import CityTree, days_from_now

from .conftest import booking_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lecture(shared_database, settings):  # noqa: F811 -- the fixture imported above
    from outreach.demo.sites import ensure_cities

    settings.TASKS = task_backends("immediate", "database")
    ensure_tree_root()
    city = CityTree(ensure_cities()["shanghai"])
    return city.event(
        "深海探索讲座",
        days_from_now(3, "14:00"),
        days_from_now(3, "16:00"),
        capacity=1,
        online_booking=True,
        reserved_share=0,
    )


@pytest.fixture
def run_worker(shared_database, tmp_path):  # noqa: F811
    def run(sms_backend="registration.sms.FileBackend"):
        env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.registration.worker_settings",
            DATABASE_URL=shared_database,
            KEPU_SMS_BACKEND=sms_backend,
            KEPU_SMS_FILE_PATH=str(tmp_path / "sms.jsonl"),
            KEPU_TEST_MAIL_DIR=str(tmp_path / "mail"),
        )
        command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--backend", "messages", "--batch"]
        done = subprocess.run(
            [*command, "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        sms_file = tmp_path / "sms.jsonl"
        texts = [json.loads(line) for line in sms_file.read_text().splitlines()] if sms_file.exists() else []
        mail_dir = tmp_path / "mail"
        mails = [path.read_text() for path in mail_dir.iterdir()] if mail_dir.exists() else []
        return texts, mails

    return run


def book(client, lecture, phone, **extra):
    response = client.post(f"/booking/{lecture.pk}/", booking_data(lecture, phone=phone, **extra), **SHANGHAI)
    assert response.status_code == 303
    return Booking.objects.get(token=response["Location"].split("/")[-2])


def test_the_worker_sends_confirmation_waitlist_and_promotion_messages(client, lecture, run_worker):
    confirmed = book(client, lecture, "13800000001", email="first@example.cn")
    waiting = book(client, lecture, "13800000002")
    assert waiting.status == Booking.Status.WAITLISTED
    # Nothing is sent in the request: the messages wait in the queue for the worker.
    assert DBTaskResult.objects.filter(status="READY").count() >= 2
    texts, mails = run_worker()
    by_phone = {text["phone"]: text["text"] for text in texts}
    assert confirmed.code in by_phone["13800000001"] and "候补第 1 位" in by_phone["13800000002"]
    assert len(mails) == 1 and confirmed.code in mails[0] and "first@example.cn" in mails[0]
    # The reminder waits in the queue until 09:00 the day before the session.
    reminder = DBTaskResult.objects.get(status="READY", args_kwargs__args=[confirmed.pk, "reminder"])
    assert reminder.run_after == reminder_time(Booking.objects.get(pk=confirmed.pk))

    assert client.post(f"/booking/ticket/{confirmed.token}/cancel/", **SHANGHAI).status_code == 302
    assert Booking.objects.get(pk=waiting.pk).status == Booking.Status.CONFIRMED
    texts, _mails = run_worker()
    assert any(text["phone"] == "13800000002" and "已有名额" in text["text"] for text in texts)
    assert Booking.objects.get(pk=waiting.pk).status == Booking.Status.CONFIRMED


def test_a_failed_send_is_retried_and_a_lasting_failure_shows_in_the_admin(
    client, lecture, run_worker, django_user_model
):
    first = book(client, lecture, "13800000001")
    texts, _mails = run_worker("tests.registration.flaky_sms.FailsOnceBackend")
    assert any(first.code in text["text"] for text in texts)  # the second attempt went through
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1

    book(client, lecture, "13800000002")
    started = time.monotonic()
    run_worker("tests.registration.flaky_sms.DownBackend")
    assert time.monotonic() - started > 4  # three attempts, with pauses between them
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path.endswith("ConnectionError")
    admin = django_user_model.objects.create_superuser("msg-admin", "a@example.cn", "pw")
    client.force_login(admin)
    page = client.get("/admin/registration/failed-messages/").content.decode()
    assert "ConnectionError" in page and "send_booking_message" in page
    assert timezone.now() > failed.finished_at
