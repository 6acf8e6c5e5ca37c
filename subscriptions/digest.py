"""What a subscriber's digest holds and how it is sent.

A digest lists, for one subscriber, the pages first published since their last digest (or
since they confirmed) that their choices select, kind by kind, through each city index
page's own filters (IndexPage.filtered_pages with the subscriber's audience, district and
topic as the query string): the same selection as the index and its feed
(/events/feed.rss?audience=…&district=…&topic=…), so the digest never disagrees with the
site. Kinds are the index pages with `in_digest` (works, upcoming events, topic pages; the
rumour index joins the same way). A choice a kind does not filter by (a district, for
works) does not narrow that kind; a choice it filters by but no page of it carries leaves
that kind out. Nothing new: nothing is sent, and the next digest still counts from the last.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, get_page_models

from core.conf import kepu_settings
from outreach.filtering import localized_names
from outreach.models import IndexPage

from .models import Subscriber

logger = logging.getLogger(__name__)

CONFIRM_SALT = "kepu.subscriptions.confirm"
ITEMS_PER_KIND = 20
CHOICES = ("audience", "district", "topic")


def digest_index_models():
    return [
        model
        for model in get_page_models()
        if issubclass(model, IndexPage) and not model._meta.abstract and getattr(model, "in_digest", False)
    ]


def site_request(site, path="/", params=None, language=None):
    """A GET request to `site` with `params`, as a visitor's browser would send it: what an
    index's filters read (the host for the site, the query string) in the worker."""
    request = RequestFactory().get(path, data=params or {}, HTTP_HOST=site.hostname, SERVER_PORT=str(site.port))
    request.LANGUAGE_CODE = language or settings.LANGUAGE_CODE
    return request


def site_url(site, path):
    return site.root_url.rstrip("/") + path


def home_in(site, language):
    """The city's home page in `language` (the site's own root when there is no translation)."""
    root = site.root_page
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or locale.pk == root.locale_id:
        return root
    return Page.objects.filter(translation_key=root.translation_key, locale=locale).first() or root


def choices_of(subscriber):
    return {name: getattr(subscriber, name).slug for name in CHOICES if getattr(subscriber, f"{name}_id")}


def new_pages(subscriber, since, until):
    """[(kind label, [pages])] of what is new for `subscriber` in (since, until]."""
    params = choices_of(subscriber)
    home = home_in(subscriber.site, subscriber.language)
    request = site_request(subscriber.site, params=params, language=subscriber.language)
    sections = []
    for model in digest_index_models():
        index = model.objects.live().public().child_of(home).first()
        if index is None:
            continue
        form, applied, pages = index.filtered_pages(request)
        offered = set(form.fields) if form is not None else set()
        if any(name in offered and name not in applied for name in params):
            continue  # a choice this kind filters by, which none of its pages carries
        pages = pages.filter(first_published_at__gt=since, first_published_at__lte=until)
        pages = list(index.listed_model().for_cards(pages)[:ITEMS_PER_KIND])
        if pages:
            sections.append((index.title, pages))
    return sections


def unsubscribe_url(subscriber):
    with translation.override(subscriber.language):
        return site_url(subscriber.site, reverse("unsubscribe", args=[subscriber.key]))


def confirm_url(subscriber):
    token = signing.dumps(subscriber.pk, salt=CONFIRM_SALT)
    with translation.override(subscriber.language):
        return site_url(subscriber.site, reverse("subscribe_confirm", args=[token]))


def confirmed_subscriber(token):
    """The subscriber a confirmation token names, or None when it is forged, expired or gone."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=kepu_settings.DIGEST_CONFIRM_HOURS * 3600)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=pk).select_related("site").first()


def choice_names(subscriber):
    """The subscriber's choices as words, in their language."""
    names = []
    for name, label in (("audience", _("受众")), ("district", _("区")), ("topic", _("主题"))):
        term = getattr(subscriber, name)
        if term is not None:
            names.append(f"{label}：{localized_names([term])[term.pk]}")
    return "；".join(names) or _("全部内容")


def message(subscriber, subject, template, context):
    """An email to the subscriber with one-click unsubscribe: List-Unsubscribe (the link)
    and List-Unsubscribe-Post (RFC 8058: mail apps unsubscribe with one POST)."""
    url = unsubscribe_url(subscriber)
    context = {**context, "subscriber": subscriber, "unsubscribe_url": url, "choices": choice_names(subscriber)}
    context["site_name"] = subscriber.site.site_name or subscriber.site.hostname
    context["confirm_hours"] = kepu_settings.DIGEST_CONFIRM_HOURS
    text = render_to_string(f"subscriptions/email/{template}.txt", context)
    html = render_to_string(f"subscriptions/email/{template}.html", context)
    email = EmailMultiAlternatives(
        subject,
        text,
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    email.attach_alternative(html, "text/html")
    return email


def send_confirmation(subscriber):
    with translation.override(subscriber.language):
        subject = _("请确认订阅：%(site)s科普推送") % {"site": subscriber.site.site_name}
        message(subscriber, subject, "confirm", {"confirm_url": confirm_url(subscriber)}).send()


def send_digest(subscriber, now):
    """Sends the subscriber what is new for them, if anything; True if a message went."""
    since = subscriber.news_since or subscriber.confirmed_at
    with translation.override(subscriber.language):
        sections = new_pages(subscriber, since, now)
        if not sections:
            return False
        count = sum(len(pages) for _label, pages in sections)
        request = site_request(subscriber.site, language=subscriber.language)
        items = [(label, [(page, page.get_full_url(request)) for page in pages]) for label, pages in sections]
        subject = _("%(site)s科普推送：%(count)s 项新内容") % {"site": subscriber.site.site_name, "count": count}
        email = message(subscriber, subject, "digest", {"sections": items, "count": count})
    with transaction.atomic():
        # Sent first, then recorded: a failure to send leaves the news for the next run.
        email.send()
        Subscriber.objects.filter(pk=subscriber.pk).update(news_since=now, digest_sent_at=now)
    return True


def delete_expired(now):
    """Unconfirmed addresses whose confirmation link has expired: deleted."""
    cutoff = now - timedelta(hours=kepu_settings.DIGEST_CONFIRM_HOURS)
    deleted, _rows = Subscriber.objects.unconfirmed_since(cutoff).delete()
    return deleted


def send_all(now=None):
    """One digest run: {"sent", "nothing_new", "not_due", "failed", "expired_deleted"}."""
    now = now or timezone.now()
    figures = {"sent": 0, "nothing_new": 0, "not_due": 0, "failed": 0, "expired_deleted": delete_expired(now)}
    # A digest at most every KEPU_DIGEST_MIN_DAYS, so an extra run in the week sends nothing twice.
    due_before = now - timedelta(days=kepu_settings.DIGEST_MIN_DAYS) + timedelta(hours=1)
    subscribers = Subscriber.objects.confirmed().select_related(
        "site", "site__root_page", "audience", "district", "topic"
    )
    for subscriber in subscribers.order_by("pk").iterator(chunk_size=200):
        if subscriber.digest_sent_at and subscriber.digest_sent_at > due_before:
            figures["not_due"] += 1
            continue
        try:
            figures["sent" if send_digest(subscriber, now) else "nothing_new"] += 1
        except Exception:  # one bad address or mail server hiccup must not stop the others
            logger.exception("digest for subscriber %s failed", subscriber.pk)
            figures["failed"] += 1
    return figures
