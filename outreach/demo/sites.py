"""The two demo cities: their Wagtail Sites, home pages and site settings."""

from dataclasses import dataclass

from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings

DEMO_PORT = 8000


@dataclass(frozen=True)
class City:
    key: str
    name: str
    title: str
    hostname: str
    is_default: bool
    intro: str
    phone: str
    address: str
    footer: str
    theme: str


CITIES = [
    City(
        key="shanghai",
        name="上海",
        title="上海科普",
        hostname="localhost",
        is_default=True,
        intro="推荐优秀科普作品、科普活动与场馆，服务市民科学素质提升。",
        phone="021-12345",
        address="上海市徐汇区钦州路100号",
        footer="承办单位：上海市科普工作联席会议办公室",
        theme="harbour",
    ),
    City(
        key="nantong",
        name="南通",
        title="南通科普",
        hostname="nantong.localhost",
        is_default=False,
        intro="全民科学素质行动：面向青少年、农民、产业工人、老年人和领导干部的科普服务。",
        phone="0513-12345",
        address="江苏省南通市崇川区世纪大道6号",
        footer="承办单位：南通市全民科学素质工作领导小组办公室",
        theme="jade",
    ),
]


def remove_wagtail_welcome_page():
    """A fresh Wagtail database has a placeholder page and site; the cities replace them."""
    for page in Page.objects.filter(depth=2, slug="home", content_type__model="page"):
        Site.objects.filter(root_page=page).delete()
        page.delete()


def ensure_city(city: City) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, slug=city.key).first()
    if home is None:
        home = HomePage(title=city.title, slug=city.key, city_name=city.name, intro=city.intro)
        root.add_child(instance=home)
        home.save_revision(log_action=True).publish()
    site, _ = Site.objects.update_or_create(
        root_page=home,
        defaults={
            "hostname": city.hostname,
            "port": DEMO_PORT,
            "site_name": city.title,
            "is_default_site": city.is_default,
        },
    )
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "contact_phone": city.phone,
            "contact_address": city.address,
            "footer_text": city.footer,
            "theme": city.theme,
        },
    )
    return home


def ensure_cities():
    remove_wagtail_welcome_page()
    # Only one site may be the default: clear it before the default city claims it.
    Site.objects.exclude(hostname="localhost", port=DEMO_PORT).update(is_default_site=False)
    return {city.key: ensure_city(city) for city in CITIES}
