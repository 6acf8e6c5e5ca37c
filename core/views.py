from django.db import DatabaseError, connections
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from . import site_context


@require_GET
@never_cache
def healthz(request):
    """For load balancers and uptime checks: 200 only after a real database round trip."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "error", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connections["default"].vendor})


def serve(request, path):
    """Wagtail's page view (wagtail.views.serve), starting from the city home this worker
    keeps (site_context.py) instead of reading the site, locale and home page again, and
    asking Wagtail to check view restrictions only when one can apply to the page."""
    home = site_context.localized_home(request)
    if home is None:
        raise Http404
    route_result = home.route(request, [component for component in path.split("/") if component])
    request._wagtail_route_for_request = route_result
    page, args, kwargs = route_result

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is check_view_restrictions and not site_context.may_be_private(request, page):
            continue
        on_serve_chain = fn(on_serve_chain)

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result

    return on_serve_chain(page, request, args, kwargs)


def styleguide(request):
    """The design system's pattern page (/styleguide/, only with DEBUG): every component of
    site/static/css/kepu.css with the markup the templates use, in the site's theme and
    mode, so a change to the stylesheet can be seen on one page."""
    from django.conf import settings
    from django.template.response import TemplateResponse

    if not settings.DEBUG:
        raise Http404
    themes = ["harbour", "jade", "vermilion", "starlight"]
    colours = [
        "accent",
        "accent-strong",
        "accent-soft",
        "accent-2",
        "ink",
        "muted",
        "line",
        "paper-2",
        "open",
        "urgent",
    ]
    steps = [("step-4", "一级标题 h1"), ("step-3", "页面标题"), ("step-2", "二级标题 h2"), ("step-1", "三级标题 h3")]
    steps += [("step-0", "正文：科普作品、科普活动与场馆"), ("step--1", "小字：标签与说明")]
    return TemplateResponse(
        request, "styleguide.html", {"themes": themes, "colours": colours, "steps": steps, "spaces": range(1, 8)}
    )
