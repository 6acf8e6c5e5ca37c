"""How fast the admin's confirm step writes, the figure behind views.ADMIN_MAX_RECORDS and
ADMIN_MAX_SUBMISSIONS (README "Bulk import"). Slow, so only on request:

    KEPU_IMPORT_RATE=1 .venv/bin/python -m pytest -n0 tests/tools/test_admin_rate.py
"""

import json
import os
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from bench.import_bench import make_file
from outreach.models import WorkPage
from outreach.roles import names
from outreach.roles.setup import setup_roles
from tests.conftest import report_line

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("KEPU_IMPORT_RATE"), reason="set KEPU_IMPORT_RATE=1 to measure"),
]
WORKS = 2000


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_confirm_rate(shanghai, client, django_user_model, who):
    setup_roles()
    if who == "superuser":  # publishes directly
        user = django_user_model.objects.create_superuser("rate-admin", "a@example.cn", "pw")
    else:  # every work submitted to review
        user = django_user_model.objects.create_user("rate-editor", "e@example.cn", "pw")
        user.groups.set([Group.objects.get(name=names.editors("上海"))])
    client.force_login(user)
    raw = json.dumps(make_file(WORKS), ensure_ascii=False).encode()
    started = time.perf_counter()
    response = client.post(
        "/admin/kepu-tools/import/", {"file": SimpleUploadedFile("x.json", raw), "site": "shanghai", "publish": "on"}
    )
    dry_run = time.perf_counter() - started
    if who == "editor":  # more submissions than one request makes: queued, so time the write directly
        assert response.status_code == 200 and "data-import-background" in response.text
        from outreach.tools.importer import run_import

        started = time.perf_counter()
        run_import(make_file(WORKS), "shanghai", publish=True, user=user)
    else:
        assert response.status_code == 200
        started = time.perf_counter()
        assert client.post("/admin/kepu-tools/import/", {"action": "confirm"}).status_code == 200
    seconds = time.perf_counter() - started
    assert WorkPage.objects.count() == WORKS
    report_line(
        f"admin import, {who}, {WORKS} works: dry run {dry_run:.1f} s, write {seconds:.1f} s = {WORKS / seconds:.0f}/s"
    )
