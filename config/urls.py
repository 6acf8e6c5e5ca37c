from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from core.preferences import elder_mode
from core.views import healthz, serve
from core.views import styleguide as core_styleguide
from outreach import calendar as outreach_calendar
from outreach import feeds as outreach_feeds
from outreach import tips as outreach_tips
from outreach.roles.privacy import set_privacy
from search import views as search_views

# The database unreachable: a 503 page with Retry-After and one log line per interval, not a
# 500 and a traceback per request (core/outage.py); any other error: Django's 500 page.
handler500 = "core.outage.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's privacy dialog, telling the editor that the page's translations followed it.
    path("admin/pages/<int:page_id>/privacy/", set_privacy),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", outreach_feeds.sitemap, name="sitemap"),
    path("robots.txt", outreach_feeds.robots_txt, name="robots_txt"),
    path("prefs/elder/", elder_mode, name="elder_mode"),
    # Browsers ask for /favicon.ico before reading <link rel="icon">: send them to the file.
    # The design system's pattern page (a 404 unless DEBUG): every component of kepu.css.
    path("styleguide/", core_styleguide, name="styleguide"),
    path("favicon.ico", lambda request: redirect(static_url("icons/favicon.ico"), permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("feeds/works.rss", outreach_feeds.works_rss, name="feed_works_rss"),
    path("feeds/works.atom", outreach_feeds.works_atom, name="feed_works_atom"),
    path("feeds/events.rss", outreach_feeds.events_rss, name="feed_events_rss"),
    path("feeds/events.atom", outreach_feeds.events_atom, name="feed_events_atom"),
    path("calendar/events.ics", outreach_calendar.events_feed_ics, name="events_ics"),
    path("calendar/event/<int:page_id>.ics", outreach_calendar.event_ics, name="event_ics"),
    path("forms/rumour-tip/", outreach_tips.submit_tip, name="rumour_tip"),
    # Bookings and tickets (registration/).
    path("", include("registration.urls")),
    path("subscribe/", include("subscriptions.urls")),  # 精准推送 email digests
    # Every list's feeds, of its filters: /events/feed.rss?district=…, /events/calendar.ics?…
    re_path(r"^((?:[\w\-]+/)+)feed\.(rss|atom)$", outreach_feeds.page_feed, name="page_feed"),
    re_path(r"^((?:[\w\-]+/)+)calendar\.(ics)$", outreach_feeds.page_feed, name="page_calendar"),
    # Pages: Wagtail's own URLs, with Kepu's page view in front of Wagtail's (core/views.py).
    # Not /_util/: Wagtail's page-password form and login live there (wagtail.urls).
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve, name="kepu_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
