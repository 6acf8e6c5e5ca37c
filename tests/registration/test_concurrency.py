"""Issue 21: "capacity can never be exceeded, by any number of simultaneous requests on SQLite
or PostgreSQL". 200 citizens book a session of 50 places at the same instant, each on its own
connection, through the real HTTP form of a running gunicorn with several workers (on this
test's database, shared as tests/deploy does it): exactly 50 are confirmed, 150 waitlisted,
no answer is a 5xx; then 5 cancel through their ticket pages, and exactly the first 5 on the
waitlist move up."""

import http.client
import re
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.db import connection

from registration.models import Booking, BookingSession
from registration.sessions import offers
from tests.browser.conftest import ensure_tree_root
from tests.conftest import report_line
from tests.deploy.conftest import SHANGHAI_HOST, shared_database  # noqa: F401 -- a fixture
from tests.outreach.builders import CityTree, days_from_now
from tests.security.test_failure_modes import free_port

pytestmark = pytest.mark.django_db(transaction=True)

CITIZENS = 200
PLACES = 50
WORKERS = 4
THREADS = 4


class Gunicorn:
    def __init__(self, database_url, log_path):
        import os
        import subprocess
        import sys

        from tests.conftest import ROOT

        self.port = free_port()
        self.log = open(log_path, "w")  # noqa: SIM115 -- closed in close()
        self.log_path = log_path
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "KEPU_RATE_LIMITS": "0",
            "KEPU_FORM_CHALLENGE": "0",
            "PYTHONUNBUFFERED": "1",
        }
        python = os.environ.get("KEPU_PYTHON") or sys.executable
        command = [python, "-m", "gunicorn", "config.wsgi:application", "--preload", "--workers", str(WORKERS)]
        command += ["--threads", str(THREADS), "--backlog", "512", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--no-control-socket", "--log-level", "warning", "--timeout", "120"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.request("GET", "/healthz")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    pytest.fail(f"gunicorn did not start:\n{log_path.read_text()}")
                time.sleep(0.3)

    def request(self, method, path, body=None, headers=None, timeout=120):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        all_headers = {"Host": SHANGHAI_HOST, **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            client.request(method, path, body=body, headers=all_headers)
            response = client.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            client.close()

    def close(self):
        import signal

        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def server(shared_database, transactional_db, tmp_path):  # noqa: F811 -- the fixture imported above
    from outreach.demo.sites import ensure_cities

    ensure_tree_root()
    city = CityTree(ensure_cities()["shanghai"])
    event = city.event(
        "人工智能科普讲座",
        days_from_now(2, "14:00"),
        days_from_now(2, "16:00"),
        capacity=PLACES,
        online_booking=True,
        reserved_share=0,
        max_party_size=1,
    )
    app = Gunicorn(shared_database, tmp_path / "gunicorn.log")
    yield app, event
    app.close()


def cancel_through_ticket(app, token):
    """What a citizen does: open the ticket page, press 取消预约 (with its CSRF token)."""
    status, headers, page = app.request("GET", f"/booking/ticket/{token}/")
    assert status == 200
    cookie = SimpleCookie(headers.get("Set-Cookie", ""))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _headers, _body = app.request(
        "POST",
        f"/booking/ticket/{token}/cancel/",
        body=urlencode({"csrfmiddlewaretoken": csrf}),
        headers={"Cookie": f"csrftoken={cookie['csrftoken'].value}", "Referer": f"http://{SHANGHAI_HOST}/"},
    )
    return status


def test_200_simultaneous_bookings_of_50_places(server):
    app, event = server
    key = offers(event)[0].key
    start = threading.Barrier(CITIZENS)
    answers = [None] * CITIZENS

    def citizen(index):
        body = urlencode(
            {"session": key, "name": f"市民{index}", "phone": f"139{index:08d}", "party_size": 1, "consent": "on"}
        )
        start.wait()
        try:
            answers[index] = app.request("POST", f"/booking/{event.pk}/", body=body)[:2]
        except OSError as error:
            answers[index] = (f"{type(error).__name__}", {})

    threads = [threading.Thread(target=citizen, args=(i,)) for i in range(CITIZENS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began

    statuses = [answer[0] for answer in answers]
    assert statuses.count(303) == CITIZENS, {status: statuses.count(status) for status in set(statuses)}
    bookings = Booking.objects.filter(session__page=event)
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == PLACES
    assert bookings.filter(status=Booking.Status.WAITLISTED).count() == CITIZENS - PLACES
    session = BookingSession.objects.get(page=event)
    assert session.online_taken == PLACES
    report_line(
        f"registration: {CITIZENS} simultaneous bookings of {PLACES} places on {connection.vendor} "
        f"(gunicorn {WORKERS}×{THREADS}): {PLACES} confirmed, {CITIZENS - PLACES} waitlisted, no 5xx, {elapsed:.1f} s"
    )

    first_waiting = list(bookings.filter(status=Booking.Status.WAITLISTED).order_by("pk")[:7])
    leaving = list(bookings.filter(status=Booking.Status.CONFIRMED).order_by("?")[:5])
    results = [None] * 5

    def leave(index):
        results[index] = cancel_through_ticket(app, leaving[index].token)

    threads = [threading.Thread(target=leave, args=(i,)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 5
    promoted = [Booking.objects.get(pk=b.pk).status for b in first_waiting]
    assert promoted == ["confirmed"] * 5 + ["waitlisted"] * 2
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == PLACES
    assert BookingSession.objects.get(page=event).online_taken == PLACES
