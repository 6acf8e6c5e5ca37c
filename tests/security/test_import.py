"""Issue 17, imports: the bulk import obeys the page permissions and the review workflows, and
a hostile file gets a clear 4xx with nothing written, never a 5xx or a held worker."""

import io
import json
import threading
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import Workbook
from wagtail.models import Page, Revision, WorkflowState

from outreach.models import BrandPage, EventPage, Topic, VenuePage, WorkPage
from outreach.roles import names
from outreach.roles.setup import setup_roles
from outreach.tools import views as import_views
from outreach.tools.importer import ImportFileError, run_import
from tests.outreach.builders import CityTree
from tests.security.conftest import member
from tests.tools.conftest import editor_file

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/kepu-tools/import/"


@pytest.fixture
def two_cities(cities):
    trees = {key: CityTree(cities[key]) for key in ("shanghai", "nantong")}
    for tree in trees.values():  # the district editor_file names: only a 站点管理员 adds one
        tree.district("pudong", "浦东新区")
    setup_roles()
    return trees


@pytest.fixture
def shanghai_editor(two_cities, django_user_model):
    return member(django_user_model, "sh-editor", names.editors("上海"))


def upload(client, data, name="list.json", site="shanghai", **fields):
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, raw), "site": site, **fields})


def kepu_pages():
    return Page.objects.type(WorkPage, EventPage, VenuePage, BrandPage).count()


# --- HIGH: the import publishes with no permission check ------------------------------------


def test_an_editor_cannot_import_into_the_other_city(two_cities, shanghai_editor, client):
    """Finding: a Shanghai editor imported with publish on and site=nantong; the pages went live."""
    with pytest.raises(ImportFileError) as refused:
        run_import(editor_file(site="nantong"), "nantong", publish=True, user=shanghai_editor)
    assert "deep-sea-book" in str(refused.value) and "无权" in str(refused.value)
    assert kepu_pages() == 0

    client.force_login(shanghai_editor)
    form = client.get(IMPORT_URL)
    assert form.status_code == 200
    assert 'value="shanghai"' in form.text and 'value="nantong"' not in form.text
    response = upload(client, editor_file(site="nantong"), site="nantong", publish="on")
    assert response.status_code == 400 and "nantong" not in client.session.get(import_views.SESSION_KEY, {})
    assert "无权" in response.text
    assert client.post(IMPORT_URL, {"action": "confirm"}).status_code == 302  # nothing pending
    assert kepu_pages() == 0


def test_an_editor_cannot_draft_onto_the_other_citys_pages(two_cities, shanghai_editor):
    """Finding: without publish, the editor wrote draft revisions onto Nantong's pages."""
    nantong_work = two_cities["nantong"].work("南通的书", slug="deep-sea-book")
    revisions = Revision.objects.count()
    data = {"site": "nantong", "works": [{"key": "deep-sea-book", "title": "改掉南通的书"}]}
    with pytest.raises(ImportFileError) as refused:
        run_import(data, "nantong", user=shanghai_editor)
    assert 'works "deep-sea-book"' in str(refused.value)
    assert Revision.objects.count() == revisions
    assert WorkPage.objects.get(pk=nantong_work.pk).get_latest_revision_as_object().title == "南通的书"


def test_an_editors_publish_goes_to_review_instead(two_cities, shanghai_editor, client):
    """Finding: in its own city the editor's publish went live and skipped the science review."""
    client.force_login(shanghai_editor)
    response = upload(client, editor_file(), publish="on")
    assert response.status_code == 200 and "提交审核" in response.text
    response = client.post(IMPORT_URL, {"action": "confirm"})
    assert response.status_code == 200 and "已提交审核：4" in response.text

    assert not Page.objects.type(WorkPage, EventPage, VenuePage, BrandPage).live().exists()
    work = WorkPage.objects.get()
    state = WorkflowState.objects.get(object_id=str(work.pk))
    assert state.status == "in_progress" and state.current_task_state.task.name == names.science_reviewers("上海")
    assert state.requested_by == shanghai_editor
    event = EventPage.objects.get()
    assert event.current_workflow_state.current_task_state.task.name == names.moderators("上海")


def test_a_moderator_publishes_events_but_works_still_go_to_science_review(two_cities, django_user_model):
    moderator = member(django_user_model, "sh-moderator", names.moderators("上海"))
    report = run_import(editor_file(), "shanghai", publish=True, user=moderator)
    assert EventPage.objects.get().live and VenuePage.objects.get().live and BrandPage.objects.get().live
    work = WorkPage.objects.get()
    assert not work.live and work.current_workflow_state.current_task_state.task.name.startswith("科学性审核")
    assert report.submitted == 1


def test_an_editor_updating_a_live_page_with_publish_submits_it(two_cities, shanghai_editor):
    event = EventPage(
        title="旧讲座",
        slug="ocean-day-talk",
        summary="旧",
        start="2026-06-08T09:00:00+08:00",
        end="2026-06-08T11:00:00+08:00",
    )
    two_cities["shanghai"].events.add_child(instance=event)
    event.save_revision().publish()
    data = {"site": "shanghai", "events": [{"key": "ocean-day-talk", "title": "新讲座"}]}
    report = run_import(data, "shanghai", publish=True, user=shanghai_editor)
    event = EventPage.objects.get(pk=event.pk)
    assert event.title == "旧讲座" and event.has_unpublished_changes and event.workflow_in_progress
    assert report.submitted == 1 and report.counts["events"]["updated"] == 1


def test_the_confirm_step_checks_permissions_again(two_cities, shanghai_editor, client):
    client.force_login(shanghai_editor)
    assert upload(client, editor_file()).status_code == 200
    shanghai_editor.groups.clear()
    shanghai_editor.user_permissions.add(*Group.objects.get(name=names.editors("上海")).permissions.all())
    response = client.post(IMPORT_URL, {"action": "confirm"})
    assert response.status_code == 400 and "无权" in response.text
    assert kepu_pages() == 0


def test_the_command_without_a_user_still_publishes(two_cities):
    report = run_import(editor_file(), "shanghai", publish=True)
    assert WorkPage.objects.get().live and report.submitted == 0


# --- MEDIUM: hostile files ------------------------------------------------------------------


@pytest.fixture
def admin(shanghai, admin_client):
    return admin_client


def refused_cleanly(response, *words):
    assert response.status_code == 400, response.status_code
    assert "未写入任何内容" in response.text
    for word in words:
        assert word in response.text, word
    assert kepu_pages() == 0


def test_json_nested_100k_deep(admin):
    raw = b'{"site": "shanghai", "works": [{"key": "x", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]}"
    refused_cleanly(upload(admin, raw), "嵌套")


def test_numbers_out_of_range(admin):
    data = editor_file()
    data["venues"][0]["latitude"] = 1e100
    data["works"][0]["year"] = 10**30
    data["events"][0]["capacity"] = -5
    response = upload(admin, data)
    refused_cleanly(response, "latitude", "year", "capacity")


def test_a_huge_integer_string(admin):
    refused_cleanly(upload(admin, editor_file(works=[{"key": "x", "title": "t", "year": "9" * 5000}])), "year")


def test_a_csv_field_over_131072_characters(admin):
    raw = ("title,summary\n深海探秘," + "长" * 140_000 + "\n").encode()
    refused_cleanly(upload(admin, raw, "list.csv"), "第 2 行")


def test_an_xlsx_with_truncated_sheet_xml(admin):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "summary"])
    for n in range(50):
        sheet.append([f"作品{n}", "简介"])
    good = io.BytesIO()
    workbook.save(good)
    source, broken = zipfile.ZipFile(good), io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(info, content)
    refused_cleanly(upload(admin, broken.getvalue(), "list.xlsx"), "XLSX")


def xlsx_bomb(sheet_bytes=120 * 1024 * 1024):
    """A small XLSX whose sheet unpacks to `sheet_bytes` of rows (like the audit's 3.5 MB bomb)."""
    workbook = Workbook()
    workbook.active.append(["title"])
    good = io.BytesIO()
    workbook.save(good)
    source, bomb = zipfile.ZipFile(good), io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaa</t></is></c></row>'
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                chunk = row * (1024 * 1024 // len(row))
                for _ in range(sheet_bytes // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return bomb.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_read(admin):
    raw = xlsx_bomb()
    assert len(raw) < 1024 * 1024
    refused_cleanly(upload(admin, raw, "bomb.xlsx"), "解压")


def test_nul_bytes_are_refused_at_validation(admin):
    data = editor_file()
    data["works"][0]["title"] = "深海\x00探秘"
    refused_cleanly(upload(admin, data), "deep-sea-book", "title", "NUL")


def test_a_big5_csv_is_not_silently_misread(admin):
    raw = "標題,類型,出版社\n深海探秘與極地科考,book,上海科學技術出版社\n".encode("big5")
    raw.decode("gb18030")  # what the old code did without complaint
    refused_cleanly(upload(admin, raw, "list.csv"), "Big5")


def test_a_gb18030_csv_still_imports(admin):
    raw = "标题,类型,出版社\n深海探秘与极地科考,图书,上海科学技术出版社\n".encode("gb18030")
    response = upload(admin, raw, "list.csv")
    assert response.status_code == 200 and "新建 1" in response.text


def test_duplicate_json_fields_are_refused(admin):
    record = '{"key": "x", "title": "甲", "summary": "s", "work_type": "book", "title": "乙"}'
    raw = '{"site": "shanghai", "works": [' + record + "]}"
    refused_cleanly(upload(admin, raw.encode()), "title", "重复出现")


def test_field_lengths_follow_the_models(admin):
    data = editor_file()
    data["works"][0]["topics"] = ["主" * 300]
    data["works"][0]["tags"] = ["标" * 300]
    refused_cleanly(upload(admin, data), "topics", "tags")
    assert not Topic.objects.filter(name__startswith="主主").exists()


def test_too_many_records(shanghai):
    from outreach.tools.importer import MAX_RECORDS

    data = {"site": "shanghai", "works": [{"key": f"w{n}"} for n in range(MAX_RECORDS + 1)]}
    with pytest.raises(ImportFileError) as refused:
        run_import(data, dry_run=True)
    assert "条记录" in str(refused.value)


# Files bigger than one request writes go to the background queue: tests/security/test_import_jobs.py.


# --- Concurrent imports (PostgreSQL) ----------------------------------------------------------


def import_in_thread(data, results):
    from django.db import connections

    try:
        results.append(run_import(data, "shanghai"))
    except Exception as error:  # reported by the test
        results.append(error)
    finally:
        connections.close_all()


@pytest.fixture
def tree_root(transactional_db):
    """The page and collection roots, which the flush after another transactional test removes."""
    from tests.browser.conftest import ensure_tree_root

    ensure_tree_root()


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_allocate_tree_paths_safely(tree_root, cities):
    """Finding: two imports at once on PostgreSQL gave IntegrityErrors on tree paths."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; this replays a PostgreSQL race")
    CityTree(cities["shanghai"])
    for attempt in range(4):
        files = [
            {
                "works": [
                    {"key": f"t{attempt}-{n}-{i}", "title": f"作品{i}", "summary": "s", "work_type": "book"}
                    for i in range(40)
                ]
            }
            for n in range(2)
        ]
        files.append(files[0])  # the same file twice at once: one creates, the other finds them
        results = []
        threads = [threading.Thread(target=import_in_thread, args=(data, results)) for data in files]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        errors = [result for result in results if isinstance(result, Exception)]
        assert not errors, errors
        assert WorkPage.objects.filter(slug__startswith=f"t{attempt}-").count() == 80
    assert not any(Page.find_problems())
