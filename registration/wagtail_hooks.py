"""Admin wiring: 预约与签到 (sessions, check-in, one session's list and export) for venue staff,
city editors and superusers; the audit log and the failed messages for superusers."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import staff
from .models import AuditEntry

AUDIT_ROWS = 500


def audit_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("session__page", "booking")[:AUDIT_ROWS]
    context = {"page_title": "个人信息访问记录", "header_icon": "history", "entries": entries}
    return TemplateResponse(request, "registration/admin/audit.html", context)


def failed_messages_view(request):
    """Message tasks the queue gave up on (after their retries), newest first."""
    if not request.user.is_superuser:
        raise PermissionDenied
    from django_tasks_db.models import DBTaskResult

    failed = DBTaskResult.objects.filter(status="FAILED", task_path__startswith="registration.").order_by(
        "-enqueued_at"
    )[:200]
    context = {"page_title": "发送失败的消息", "header_icon": "warning", "failed": failed}
    return TemplateResponse(request, "registration/admin/failed_messages.html", context)


urlpatterns = [
    path("", staff.sessions_view, name="sessions"),
    path("check-in/", staff.check_in_view, name="check_in"),
    path("check-in/<str:token>/", staff.check_in_ticket_view, name="check_in_ticket"),
    path("sessions/<int:session_id>/", staff.session_view, name="session"),
    path("sessions/<int:session_id>/export.<str:fmt>", staff.export_view, name="export"),
    path("sessions/<int:session_id>/cancel/<int:booking_id>/", staff.cancel_view, name="cancel"),
    path("audit/", audit_view, name="audit"),
    path("failed-messages/", failed_messages_view, name="failed_messages"),
]


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [path("registration/", include((urlpatterns, "registration_admin"), namespace="registration_admin"))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return staff.may_use(request.user)


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


class RegistrationMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return staff.may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_registration_menu():
    items = [
        StaffMenuItem("场次与名单", reverse("registration_admin:sessions"), icon_name="list-ul", order=100),
        StaffMenuItem("签到", reverse("registration_admin:check_in"), icon_name="tick", order=200),
        SuperuserMenuItem("个人信息访问记录", reverse("registration_admin:audit"), icon_name="history", order=300),
        SuperuserMenuItem(
            "发送失败的消息", reverse("registration_admin:failed_messages"), icon_name="warning", order=400
        ),
    ]
    return RegistrationMenu("预约与签到", Menu(items=items), icon_name="tick", order=860)


@hooks.register("kepu_dashboard_sections")
def attendance_section(site):
    from .attendance import dashboard_section

    return dashboard_section(site)


@hooks.register("kepu_load_demo")
def load_demo_bookings():
    from .demo import load_demo_bookings

    load_demo_bookings()
