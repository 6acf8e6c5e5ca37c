"""One demo account per role and city, with demo-only passwords that `load_demo` prints."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from outreach.models import VenuePage

from . import names
from .venue_staff import grant_venue_staff


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    group: str = ""
    venue_slug: str = ""


def demo_users():
    users = [
        DemoUser("siteadmin", "kepu-demo-siteadmin", "站点管理员", group=names.SITE_ADMINS),
        DemoUser("planoffice", "kepu-demo-planoffice", "规划办公室", group=names.PLAN_OFFICE),
    ]
    for prefix, city, venue_slug in (
        ("sh", "上海", "shanghai-science-and-technology-museum"),
        ("nt", "南通", "nantong-science-and-technology-museum"),
    ):
        users += [
            DemoUser(f"{prefix}-editor", f"kepu-demo-{prefix}-editor", f"编辑（{city}）", group=names.editors(city)),
            DemoUser(
                f"{prefix}-reviewer",
                f"kepu-demo-{prefix}-reviewer",
                f"科学性审核（{city}）",
                group=names.science_reviewers(city),
            ),
            DemoUser(
                f"{prefix}-moderator",
                f"kepu-demo-{prefix}-moderator",
                f"发布审核（{city}）",
                group=names.moderators(city),
            ),
            DemoUser(f"{prefix}-venue", f"kepu-demo-{prefix}-venue", "场馆工作人员", venue_slug=venue_slug),
        ]
    return users


def ensure_demo_users():
    """Creates or resets the demo accounts; returns (DemoUser, what they can do) for printing."""
    made = []
    for spec in demo_users():
        user, _ = get_user_model().objects.get_or_create(
            username=spec.username, defaults={"email": f"{spec.username}@example.cn"}
        )
        user.is_staff = user.is_superuser = False
        user.is_active = True
        user.set_password(spec.password)
        user.save()
        if spec.venue_slug:
            venue = VenuePage.objects.filter(slug=spec.venue_slug).first()
            if venue is None:
                continue
            user.groups.set([grant_venue_staff(user, venue)])
            made.append((spec, f"场馆工作人员（{venue.title}）"))
        else:
            user.groups.set([Group.objects.get(name=spec.group)])
            made.append((spec, spec.role))
    return made
