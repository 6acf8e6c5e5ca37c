"""Which URLs a change purges from the proxy, and when (core/frontend_cache.py)."""

from urllib.parse import urlsplit

from wagtail.models import Locale

from core.frontend_cache import urls_showing
from tests.browser.conftest import path_of
from tests.outreach.builders import days_from_now


def test_a_venue_purges_its_events_its_parents_and_every_language(shanghai):
    museum = shanghai.venue("上海天文馆", hours=[(d, "09:30", "15:30") for d in range(1, 8)])
    talk = shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), venue=museum)
    english = museum.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
    english.save_revision().publish()

    paths = {urlsplit(url).path for url in urls_showing(museum)}

    assert {path_of(museum), "/venues/", "/", path_of(talk)} <= paths
    assert {path_of(english), "/en/venues/", "/en/"} <= paths
    assert "/works/" not in paths  # a sibling listing shows nothing of it


def test_an_event_purges_the_venue_that_lists_it(shanghai):
    museum = shanghai.venue("上海科技馆")
    talk = shanghai.event("院士面对面", days_from_now(4), days_from_now(4, "12:00"), venue=museum)
    assert path_of(museum) in {urlsplit(url).path for url in urls_showing(talk)}


def test_nothing_is_purged_before_the_change_is_committed(shanghai, recorded, django_capture_on_commit_callbacks):
    work = shanghai.work("拥抱群星", "book")
    work.title = "拥抱群星（修订版）"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        work.save_revision().publish()
        assert recorded == []
    assert callbacks
    assert {path_of(work), "/works/", "/"} <= {urlsplit(url).path for url in recorded}


def test_without_a_proxy_nothing_is_sent(shanghai, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        shanghai.work("中国珍稀物种", "video")
    assert not [callback for callback in callbacks if "purge" in repr(callback)]


def test_a_new_slug_purges_the_old_url_too(shanghai, recorded, django_capture_on_commit_callbacks):
    work = shanghai.work("拥抱群星", "book")
    old_path = path_of(work)
    work.slug = "embracing-the-stars"
    with django_capture_on_commit_callbacks(execute=True):
        work.save_revision().publish()
    assert {old_path, "/works/embracing-the-stars/"} <= {urlsplit(url).path for url in recorded}


def test_a_page_made_private_purges_it_everything_below_it_and_its_listing(
    shanghai, recorded, django_capture_on_commit_callbacks
):
    from wagtail.models import Page, PageViewRestriction

    museum = shanghai.venue("上海天文馆")
    talk = shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), parent=museum)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=Page.objects.get(pk=museum.pk), restriction_type="login")
    assert {path_of(museum), path_of(talk), "/venues/"} <= {urlsplit(url).path for url in recorded}
