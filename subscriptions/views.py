"""Subscribe (/subscribe/), confirm (the signed link), unsubscribe (one click) and the
editors' counts by choice (admin, no addresses)."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core import site_context
from core.abuse import client_ip, over_limit
from core.conf import kepu_settings
from outreach.filtering import city_path

from . import digest
from .forms import SubscribeForm, subscription_terms
from .models import Subscriber

# Per address of the visitor and per email address: a flood of confirmation mails is refused.
RATE_PER_VISITOR = "10/h"
RATE_PER_EMAIL = "3/d"
COUNTS_PERMISSION = "subscriptions.view_subscriber_counts"

private = cache_control(private=True, no_store=True)


def city(request):
    site = site_context.site(request)
    if site is None:
        raise Http404
    return site


def form_page(request, form, status=200):
    context = {"form": form, "confirm_hours": kepu_settings.DIGEST_CONFIRM_HOURS}
    return render(request, "subscriptions/subscribe.html", context, status=status)


@private
def subscribe(request):
    site = city(request)
    audiences, districts, topics = subscription_terms(city_path(site.root_page))
    options = {"audiences": audiences, "districts": districts, "topics": topics}
    if request.method != "POST":
        return form_page(request, SubscribeForm(initial=request.GET.dict(), **options))
    form = SubscribeForm(request.POST, **options)
    if not form.is_valid():
        return form_page(request, form, status=400)
    email = form.cleaned_data["email"].strip().lower()
    if over_limit("subscribe", client_ip(request), RATE_PER_VISITOR) or over_limit(
        "subscribe-email", email, RATE_PER_EMAIL
    ):
        form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return form_page(request, form, status=429)
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            site=site, email=email, **form.chosen_terms(), defaults={"language": get_language()}
        )
    if subscriber.confirmed_at is None:
        digest.send_confirmation(subscriber)
    # The same answer whether or not the address was already subscribed: the page tells no one
    # which addresses are on the list.
    return render(request, "subscriptions/check_inbox.html", {"email": email})


@private
def confirm(request, token):
    subscriber = digest.confirmed_subscriber(token)
    if subscriber is None:
        return render(request, "subscriptions/link_expired.html", status=400)
    if subscriber.confirmed_at is None:
        now = timezone.now()
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=now, news_since=now)
    return render(
        request,
        "subscriptions/confirmed.html",
        {"choices": digest.choice_names(subscriber), "unsubscribe_url": digest.unsubscribe_url(subscriber)},
    )


@csrf_exempt  # mail apps POST List-Unsubscribe=One-Click without a token; the key is the secret
@private
def unsubscribe(request, key):
    """GET: a page with one button (mail scanners follow links; they must not unsubscribe
    anyone). POST — the button, or a mail app's one-click (RFC 8058): the address is deleted."""
    if request.method == "POST":
        Subscriber.objects.filter(key=key).delete()
        return render(request, "subscriptions/unsubscribed.html")
    known = Subscriber.objects.filter(key=key).exists()
    return render(request, "subscriptions/unsubscribe.html", {"known": known})


class CountsView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Subscribers by city and choice, confirmed and waiting for confirmation: no addresses."""

    permission_required = COUNTS_PERMISSION
    raise_exception = True
    page_title = "订阅统计"
    template_name = "subscriptions/admin/counts.html"

    def get_context_data(self, **kwargs):
        confirmed = Count("pk", filter=Q(confirmed_at__isnull=False))
        pending = Count("pk", filter=Q(confirmed_at__isnull=True))
        rows = list(
            Subscriber.objects.values("site__site_name", "audience__name", "district__name", "topic__name")
            .annotate(confirmed=confirmed, pending=pending)
            .order_by("site__site_name", "-confirmed", "audience__name", "district__name", "topic__name")
        )
        totals = {"confirmed": sum(row["confirmed"] for row in rows), "pending": sum(row["pending"] for row in rows)}
        return {**super().get_context_data(**kwargs), "rows": rows, "totals": totals}
