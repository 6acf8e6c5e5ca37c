import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    # pytest-xdist workers inherit this, so they report to the controller that started them.
    if not hasattr(config, "workerinput"):
        os.environ["KEPU_PYTEST_RUN"] = str(os.getpid())


def pytest_sessionfinish(session):

    if "kepu-test-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def _report_file():
    """Lines for the closing summary; pytest-xdist workers append, the controller prints."""
    return Path(tempfile.gettempdir()) / f"kepu-pytest-report-{os.environ['KEPU_PYTEST_RUN']}"


def report_line(line):
    """Puts a figure (the database, relevance) into the log's closing summary."""
    with _report_file().open("a", encoding="utf-8") as report:
        report.write(line.rstrip("\n") + "\n")


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"kepu database engine: {engine}"


@pytest.fixture(autouse=True)
def default_language_after():
    """A request to an /en/ page leaves English active in the test's thread (LocaleMiddleware);
    every test starts in the default language whatever ran before it in this process."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_searches_counted_before():
    """A search counted in an earlier test and kept unwritten (the database was busy) names that
    test's site, rolled back since: writing it in this test would break a foreign key."""
    from search import query_counts

    query_counts.forget()


@pytest.fixture(scope="session", autouse=True)
def database_in_use(django_db_setup, django_db_blocker):
    """Records which database the suite ran on, so CI's log shows SQLite and PostgreSQL runs apart."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        name = f"{connection.vendor} {cursor.fetchone()[0]}"
    report_line(f"the suite ran on {name}")
    return name


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput"):
        return
    report = _report_file()
    if report.exists():
        for line in dict.fromkeys(report.read_text(encoding="utf-8").splitlines()):
            terminalreporter.write_line(f"kepu: {line}")
        report.unlink()


@pytest.fixture
def cities(db):
    """Both demo city sites with their home pages, as `load_demo` makes them."""
    from outreach.demo.sites import ensure_cities

    return ensure_cities()


@pytest.fixture
def shanghai(cities):
    """Shanghai's four index pages, ready for pages an editor publishes (tests/outreach/builders.py)."""
    from tests.outreach.builders import CityTree

    return CityTree(cities["shanghai"])


@pytest.fixture
def nantong(cities):
    from tests.outreach.builders import CityTree

    return CityTree(cities["nantong"])


@pytest.fixture
def admin_client(client, django_user_model):
    """Logged in as a superuser (instead of pytest-django's, with our own name)."""
    user = django_user_model.objects.create_superuser("editor-admin", "admin@example.cn", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def recorded(settings):
    """The URLs Wagtail purges from the proxy cache during the test, in order."""
    from tests.purges import RecordingBackend

    settings.WAGTAILFRONTENDCACHE = {"recording": {"BACKEND": "tests.purges.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend.purged


# The suite's key for bookings' encrypted numbers (config/settings/test.py), for processes
# started with the production settings, which refuse to start without one.
TEST_PII_KEY = "dGVzdC1vbmx5LWtlcHUtcGlpLWtleS0wMTIzNDU2Nzg="

SHANGHAI = {"HTTP_HOST": "localhost:8000"}
NANTONG = {"HTTP_HOST": "nantong.localhost:8000"}


def run_manage(*args, env=None, settings_module="config.settings.test", timeout=120):
    """Runs manage.py in a fresh process, for what only a new process can show (settings, startup)."""
    full_env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    full_env["DJANGO_SETTINGS_MODULE"] = settings_module
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
