"""Bulk import as an editor uses it: a file in, exactly its pages out, or nothing at all."""

import copy
import json
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, Revision

from outreach.hours import SHANGHAI
from outreach.models import Audience, BrandPage, District, EventPage, Topic, VenuePage, WorkPage
from outreach.tools.importer import ImportFileError, run_import
from tests.conftest import SHANGHAI as SHANGHAI_HOST
from tests.tools.conftest import editor_file

pytestmark = pytest.mark.django_db


def search_titles(client, query):
    response = client.get("/search/", {"q": query, "format": "json"}, **SHANGHAI_HOST)
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["results"]]


def test_a_file_gives_exactly_the_pages_it_describes(shanghai, client):
    report = run_import(editor_file(), publish=True)

    assert report.counts["works"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert report.counts["events"]["created"] == report.counts["venues"]["created"] == 1
    assert report.new_terms == {
        "topics": ["海洋", "极地科考"],
        "audiences": ["青少年", "公众"],
        "hazards": [],
        "districts": ["浦东新区"],
    }

    work = WorkPage.objects.get()
    assert work.get_parent().specific == shanghai.works
    assert work.url.endswith("/works/deep-sea-book/")
    assert work.live and work.live_revision_id == work.latest_revision_id
    assert (work.isbn, work.year, work.recommended_year, work.original) == ("9787547815205", 2021, 2024, True)
    assert [(c.name, c.role) for c in work.creators.all()] == [("张三", "author"), ("李四", "translator")]
    assert sorted(t.name for t in work.topics.all()) == ["极地科考", "海洋"]
    assert work.brand == BrandPage.objects.get(slug="lingang-science-week")
    assert [block.block_type for block in work.body] == ["paragraph", "paragraph"]

    venue = VenuePage.objects.get()
    assert str(venue.latitude) == "30.913700" and venue.district.name == "浦东新区"
    assert [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in venue.opening_hours.all()] == [
        (2, "09:00", "17:15")
    ]
    event = EventPage.objects.get()
    assert event.venue == venue and event.brand == work.brand and event.district == venue.district
    assert event.start == datetime(2026, 6, 8, 9, tzinfo=SHANGHAI)
    assert [s.start.day for s in event.all_occurrences] == [8, 15]
    assert event.last_end == datetime(2026, 6, 15, 11, tzinfo=SHANGHAI)
    # Each page has its revision and an audit-log entry, and the tree is sound.
    assert Revision.objects.filter(object_id=str(work.pk)).count() == 1
    assert PageLogEntry.objects.filter(page=work, action="wagtail.publish").exists()
    assert not any(Page.find_problems())
    # Searchable at once, by a word inside the title.
    assert "深海探秘" in search_titles(client, "深海")
    assert "临港海洋科普站" in search_titles(client, "科普站")


def test_imported_pages_are_drafts_unless_published(shanghai, client):
    run_import(editor_file())
    work = WorkPage.objects.get()
    assert not work.live and work.has_unpublished_changes and work.latest_revision_id
    assert client.get("/works/deep-sea-book/", **SHANGHAI_HOST).status_code == 404
    assert search_titles(client, "深海") == []


def test_a_second_run_changes_nothing_and_a_third_updates_only_what_changed(shanghai):
    run_import(editor_file(), publish=True)
    pages = Page.objects.count()

    again = run_import(editor_file(), publish=True)
    in_file = {kind for kind in editor_file() if kind != "site"}
    assert all(again.counts[kind] == {"created": 0, "updated": 0, "unchanged": 1} for kind in in_file)
    assert again.new_terms == {"topics": [], "audiences": [], "hazards": [], "districts": []}
    assert Page.objects.count() == pages

    changed = editor_file()
    changed["works"][0]["title"] = "深海探秘（第二版）"
    third = run_import(changed, publish=True)
    assert third.counts["works"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert third.counts["events"]["unchanged"] == 1
    assert WorkPage.objects.get().title == "深海探秘（第二版）"
    assert Page.objects.count() == pages


def test_an_update_without_publish_leaves_the_live_page_and_adds_a_draft(shanghai):
    run_import(editor_file(), publish=True)
    changed = editor_file()
    changed["works"][0]["summary"] = "新的简介。"
    run_import(changed)
    work = WorkPage.objects.get()
    assert work.summary == "一本关于深海的原创科普书。"
    assert work.has_unpublished_changes
    assert work.get_latest_revision_as_object().summary == "新的简介。"


def test_a_key_that_exists_updates_that_page(shanghai):
    existing = shanghai.work("旧标题", slug="deep-sea-book")
    run_import({"site": "shanghai", "works": [{"key": "deep-sea-book", "title": "新标题"}]}, publish=True)
    existing.refresh_from_db()
    assert existing.title == "新标题" and WorkPage.objects.count() == 1


def test_dry_run_reports_and_writes_nothing(shanghai):
    before = (Page.objects.count(), Topic.objects.count(), Revision.objects.count())
    report = run_import(editor_file(), dry_run=True)
    assert report.counts["works"]["created"] == 1 and report.new_terms["topics"] == ["海洋", "极地科考"]
    assert (Page.objects.count(), Topic.objects.count(), Revision.objects.count()) == before


def bad(path, value):
    data = editor_file()
    target = data
    *parents, last = path
    for step in parents:
        target = target[step]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


BAD_FILES = {
    "missing title": (bad(("works", 0, "title"), KeyError), ['"deep-sea-book"', "title"]),
    "bad date": (bad(("events", 0, "start"), "2026-13-45 9点"), ['"ocean-day-talk"', "start"]),
    "end before start": (bad(("events", 0, "end"), "2026-06-08T08:00:00+08:00"), ['"ocean-day-talk"', "end"]),
    "unknown venue": (bad(("events", 0, "venue"), "no-such-venue"), ['"ocean-day-talk"', "venue", "no-such-venue"]),
    "unknown brand": (bad(("works", 0, "brand"), "no-such-brand"), ['"deep-sea-book"', "brand", "no-such-brand"]),
    "wrong type": (bad(("works", 0, "year"), "二〇二一"), ['"deep-sea-book"', "year", "整数"]),
    "list expected": (bad(("works", 0, "topics"), "海洋"), ['"deep-sea-book"', "topics"]),
    "bad isbn": (bad(("works", 0, "isbn"), "978-7-5478-1520-9"), ['"deep-sea-book"', "isbn", "校验位"]),
    "bad choice": (bad(("venues", 0, "level"), "excellent"), ['"lingang-ocean-station"', "level"]),
    "unknown field": (bad(("works", 0, "titel"), "x"), ['"deep-sea-book"', "titel"]),
    "unknown site": (bad(("site",), "beijing"), ["site", "beijing"]),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_record_writes_nothing_and_is_named(shanghai, case):
    data, expected = copy.deepcopy(BAD_FILES[case][0]), BAD_FILES[case][1]
    counts = (Page.objects.count(), Topic.objects.count(), Audience.objects.count(), District.objects.count())
    with pytest.raises(ImportFileError) as raised:
        run_import(data, publish=True)
    message = str(raised.value)
    for fragment in expected:
        assert fragment in message
    assert (Page.objects.count(), Topic.objects.count(), Audience.objects.count(), District.objects.count()) == counts


def test_every_bad_record_is_listed_not_just_the_first(shanghai):
    data = editor_file()
    data["works"].append({**data["works"][0], "key": "second-book", "isbn": "123"})
    data["works"][0]["year"] = "soon"
    with pytest.raises(ImportFileError) as raised:
        run_import(data)
    assert len(raised.value.errors) == 2
    assert '"second-book" → isbn' in str(raised.value) and '"deep-sea-book" → year' in str(raised.value)


def test_command_reports_counts_and_fails_cleanly(shanghai, tmp_path, capsys):
    good = tmp_path / "list.json"
    good.write_text(json.dumps(editor_file(), ensure_ascii=False), encoding="utf-8")
    call_command("import_outreach", str(good), "--dry-run")
    assert "works（作品）：新建 1，更新 0，未变 0" in capsys.readouterr().out
    assert WorkPage.objects.count() == 0

    call_command("import_outreach", str(good), "--publish")
    assert WorkPage.objects.live().count() == 1

    broken = tmp_path / "broken.json"
    broken.write_text('{"site": "shanghai", "works": [', encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        call_command("import_outreach", str(broken))
    with pytest.raises(CommandError, match="未知站点"):
        call_command("import_outreach", str(good), "--site", "beijing")


def test_a_csv_recommended_list_imports_as_works(shanghai, tmp_path):
    csv_text = (
        "书名,类型,作者,出版社,出版年份,ISBN,原创/译著,推荐年度,主题,受众\n"
        "深海探秘,图书,张三、李四,上海科学技术出版社,2021,978-7-5478-1520-5,原创,2024,海洋,青少年\n"
        "宇宙简史,图书,霍金,上海科技教育出版社,2019,,译著,2024,天文;航天,公众\n"
    )
    path = tmp_path / "2024年度推荐.csv"
    path.write_bytes(csv_text.encode("gb18030"))  # as a spreadsheet program in China saves it
    call_command("import_outreach", str(path), "--site", "shanghai", "--publish")
    works = {w.title: w for w in WorkPage.objects.all()}
    assert set(works) == {"深海探秘", "宇宙简史"}
    assert works["深海探秘"].slug == "isbn-9787547815205"
    assert [c.name for c in works["深海探秘"].creators.all()] == ["张三", "李四"]
    assert works["宇宙简史"].original is False and works["宇宙简史"].recommended_year == 2024
    assert works["宇宙简史"].summary == "《宇宙简史》，霍金著，上海科技教育出版社，2019 年。"
    assert sorted(t.name for t in works["宇宙简史"].topics.all()) == ["天文", "航天"]
    call_command("import_outreach", str(path), "--site", "shanghai", "--publish")
    assert WorkPage.objects.count() == 2


def test_a_csv_with_a_bad_row_names_it(shanghai, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("key,title,work_type,isbn\nok-book,好书,book,\nbad-book,坏书,book,12345\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_outreach", str(path), "--site", "shanghai")
    assert '"bad-book" → isbn' in str(raised.value)
    assert WorkPage.objects.count() == 0


def test_with_the_immediate_queue_a_big_file_is_written_in_the_request(shanghai, admin_client, monkeypatch):
    """Dev (`make demo`) and the tests run queued imports at once: the confirm step still
    answers with the job's page, which shows it done."""
    from outreach.models import ImportJob
    from outreach.tools import views

    monkeypatch.setattr(views, "ADMIN_MAX_RECORDS", 0)  # any file counts as big
    raw = json.dumps(editor_file(), ensure_ascii=False).encode()
    response = admin_client.post(
        "/admin/kepu-tools/import/", {"file": SimpleUploadedFile("list.json", raw), "site": "shanghai"}
    )
    assert "data-import-background" in response.text
    response = admin_client.post("/admin/kepu-tools/import/", {"action": "confirm"}, follow=True)
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/admin/kepu-tools/import/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.DONE and job.pages_written == 4
    assert "导入完成" in response.text and WorkPage.objects.get().slug == "deep-sea-book"
    assert admin_client.get("/admin/kepu-tools/import/").text.count(f"/import/jobs/{job.pk}/") == 1
