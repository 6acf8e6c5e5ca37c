"""Issue 21, personal data (PIPL): ID numbers checked (GB 11643), stored encrypted with a key
from the environment and shown masked everywhere; all of a session's personal data deleted on
schedule, leaving the counts; production refuses to start without the key."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core import pii
from registration import pii as checks
from registration.models import AuditEntry, Booking, BookingSession
from tests.conftest import SHANGHAI, run_manage

from .conftest import booking_data

pytestmark = pytest.mark.django_db
VALID_ID = "11010519491231002X"  # GB 11643's own example number


@pytest.fixture
def real_name(lecture):
    lecture.real_name_booking = True
    lecture.save_revision().publish()
    lecture.refresh_from_db()
    return lecture


def test_the_gb_11643_checksum():
    assert checks.id_checksum_ok(VALID_ID)
    assert not checks.id_checksum_ok("110105194912310021")  # last character wrong
    assert not checks.id_checksum_ok("11010519491231002")  # 17 characters
    assert pii.mask_id("310101199001011234") == "310***********1234"
    assert pii.mask_phone("13812345678") == "138****5678"


def test_a_real_name_session_asks_for_the_id_and_checks_it(client, real_name):
    page = client.get(real_name.url, **SHANGHAI).content.decode()
    assert 'name="id_number"' in page and "实名预约" in page
    wrong = client.post(
        f"/booking/{real_name.pk}/",
        booking_data(real_name, id_type="resident", id_number="110105194912310021"),
        **SHANGHAI,
    )
    assert wrong.status_code == 400 and "校验码" in wrong.content.decode()
    missing = client.post(f"/booking/{real_name.pk}/", booking_data(real_name), **SHANGHAI)
    assert missing.status_code == 400
    assert not Booking.objects.exists()


def test_id_and_phone_numbers_are_encrypted_in_the_database_and_masked_on_the_ticket(client, real_name):
    response = client.post(
        f"/booking/{real_name.pk}/",
        booking_data(real_name, id_type="resident", id_number=VALID_ID.lower()),
        **SHANGHAI,
    )
    assert response.status_code == 303
    booking = Booking.objects.get()
    # What the database holds, read with SQL: no number in clear anywhere in the row.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Booking._meta.db_table}")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert VALID_ID not in row and "13812345678" not in row
    assert pii.decrypt(booking.id_number_encrypted) == VALID_ID
    assert pii.decrypt(booking.phone_encrypted) == "13812345678"
    ticket = client.get(response["Location"], **SHANGHAI).content.decode()
    assert "110***********002X" in ticket and VALID_ID not in ticket


def test_a_number_encrypted_with_another_key_is_unreadable_not_a_crash(real_name, settings):
    token = pii.encrypt("13812345678")
    settings.KEPU_PII_KEY = "YW5vdGhlci1rZXktYW5vdGhlci1rZXktYW5vdGhlcjE="
    assert pii.decrypt(token) == ""


def test_personal_data_is_deleted_30_days_after_the_session_leaving_the_counts(client, lecture):
    for i in range(3):
        client.post(f"/booking/{lecture.pk}/", booking_data(lecture, phone=f"1380000000{i}"), **SHANGHAI)
    session = BookingSession.objects.get()
    before = json.loads(stats(session))
    BookingSession.objects.update(
        start=timezone.now() - timezone.timedelta(days=29, hours=3),
        end=timezone.now() - timezone.timedelta(days=29, hours=1),
    )
    call_command("purge_registrations")
    assert Booking.objects.exclude(name="").count() == 3  # 29 days: kept
    BookingSession.objects.update(end=timezone.now() - timezone.timedelta(days=31))
    call_command("purge_registrations")
    assert not Booking.objects.exclude(name="").exists()
    assert not Booking.objects.exclude(phone_encrypted="").exists()
    assert not Booking.objects.exclude(phone_masked="").exists()
    assert (
        json.loads(stats(session))
        == before
        == {
            "capacity": 10,
            "confirmed": 3,
            "waitlisted": 0,
            "cancelled": 0,
            "checked_in": 0,
        }
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PURGE, session=session).count() == 1


def stats(session):
    import io

    out = io.StringIO()
    call_command("registration_stats", str(session.pk), stdout=out)
    return out.getvalue()


def test_registration_stats_refuses_a_bad_id(lecture):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no booking session"):
        call_command("registration_stats", "999")
    with pytest.raises(CommandError, match="whole number"):
        call_command("registration_stats", "abc")


def test_production_refuses_to_start_without_the_key_and_check_deploy_is_clean_with_it():
    env = {
        "SECRET_KEY": "kS8#v2!qL0zR7mWn4pX9tB3yH6cJ1fD5gA-secret-for-check-deploy",
        "ALLOWED_HOSTS": "kepu.example.cn",
        "DEBUG": "",
    }
    refused = run_manage("check", env=env, settings_module="config.settings.production")
    assert refused.returncode != 0 and "KEPU_PII_KEY" in refused.stderr
    env["KEPU_PII_KEY"] = "c29tZS1yZWFsLWxvb2tpbmcta2V5LTAxMjM0NTY3ODk="
    clean = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=env, settings_module="config.settings.production"
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"no issues", clean.stdout)
