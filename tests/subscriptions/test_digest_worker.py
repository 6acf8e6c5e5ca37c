"""The weekly digest through a real worker process: `manage.py send_digests` queues the task
in the database, `manage.py db_worker --backend digests --batch` (another process, on this
test's database, shared as tests/deploy does it) sends the mail, which Django's file email
backend leaves where this test reads it."""

import email
import os
import re
import subprocess
import sys
import tempfile
from email import policy
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from config.settings.base import task_backends
from subscriptions.models import Subscriber
from tests.conftest import ROOT, SHANGHAI
from tests.deploy.conftest import shared_database  # noqa: F401  (a fixture)
from tests.outreach.builders import audience, days_from_now, topic

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city(shared_database, settings):  # noqa: F811
    from outreach.demo.sites import ensure_cities
    from tests.browser.conftest import ensure_tree_root
    from tests.outreach.builders import CityTree

    settings.TASKS = task_backends("database")  # send_digests queues, as in production
    ensure_tree_root()  # the flush after an earlier transactional test removed it
    return CityTree(ensure_cities()["shanghai"]), shared_database


def run_worker(database_url, mail_dir):
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.subscriptions.worker_settings",
        DATABASE_URL=database_url,
        KEPU_IMPORT_QUEUE="database",
        KEPU_TEST_MAIL_DIR=mail_dir,
    )
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--backend", "digests", "--batch"]
    done = subprocess.run(
        [*command, "--no-startup-delay", "--no-reload"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


def sent_messages(mail_dir):
    messages = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                messages.append(email.message_from_bytes(raw.strip() + b"\n", policy=policy.default))
    return messages


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_citizen_subscribes_confirms_gets_only_matching_news_from_the_worker_and_unsubscribes(client, city):
    tree, database_url = city
    youth, space = audience(), topic("space", "航天")
    huangpu, pudong = tree.district("huangpu", "黄浦区"), tree.district("pudong", "浦东新区")

    client.post("/subscribe/", {"email": "pupil@example.cn", "audience": "youth", "district": "huangpu"}, **SHANGHAI)
    confirm = re.search(r"http://localhost:8000(/subscribe/confirm/\S+)", mail.outbox[-1].body).group(1)
    assert client.get(confirm, **SHANGHAI).status_code == 200

    soon, later = days_from_now(4), days_from_now(4, "12:00")
    tree.event("黄浦青少年天文夜", soon, later, district=huangpu, audiences=[youth], topics=[space])
    tree.event("浦东青少年天文夜", soon, later, district=pudong, audiences=[youth])
    tree.event("黄浦社区健康讲座", soon, later, district=huangpu)
    tree.work("给孩子的航天书", audiences=[youth], topics=[space])

    mail_dir = tempfile.mkdtemp(prefix="kepu-mail-")
    call_command("send_digests")
    run_worker(database_url, mail_dir)
    messages = sent_messages(mail_dir)
    assert len(messages) == 1
    digest = messages[0]
    assert digest["To"] == "pupil@example.cn"
    body = text_of(digest)
    assert "黄浦青少年天文夜" in body and "给孩子的航天书" in body
    assert "浦东青少年天文夜" not in body and "黄浦社区健康讲座" not in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Queued again with nothing new: the worker sends nothing.
    call_command("send_digests")
    run_worker(database_url, mail_dir)
    assert len(sent_messages(mail_dir)) == 1

    unsubscribe = str(digest["List-Unsubscribe"]).strip().strip("<>").replace("http://localhost:8000", "")
    assert client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}, **SHANGHAI).status_code == 200
    assert not Subscriber.objects.filter(email="pupil@example.cn").exists()
