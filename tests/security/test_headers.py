"""Response headers (audit finding: no Content-Security-Policy or Permissions-Policy; nginx
sent its version and no nosniff or HSTS on static and media files)."""

import pytest

from tests.browser.conftest import path_of
from tests.conftest import SHANGHAI
from tests.deploy import conftest as deploy
from tests.deploy.conftest import fetch
from tests.outreach.builders import days_from_now

# gunicorn behind nginx, as tests/deploy runs them.
proxy = deploy.proxy
settings_media_root = deploy.settings_media_root
shared_database = deploy.shared_database
visitor = deploy.visitor

PUBLIC_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",  # no map tiles by default (KEPU_MAP_TILES=none)
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def policy(header):
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return dict(directives)


def features(header):
    return dict(item.strip().split("=", 1) for item in header.split(","))


@pytest.fixture
def public_paths(shanghai):
    from home.models import StandardPage
    from tests.outreach.builders import publish

    venue = shanghai.venue("上海天文馆", latitude=31.0, longitude=121.9)
    pages = [
        shanghai.home,
        publish(shanghai.home, StandardPage(title="关于我们", slug="about")),
        shanghai.works,
        shanghai.work("拥抱群星"),
        shanghai.events,
        shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), venue=venue),
        shanghai.venues,
        venue,
        shanghai.brands,
        shanghai.brand("上海科技节"),
    ]
    return [path_of(page) for page in pages] + ["/en/", "/search/?q=星空", "/no-such-page/"]


@pytest.mark.django_db
def test_every_public_page_type_has_the_strict_policy_and_permissions_policy(client, public_paths):
    for path in public_paths:
        response = client.get(path, **SHANGHAI)
        assert response.status_code in (200, 404), path
        assert policy(response["Content-Security-Policy"]) == PUBLIC_POLICY, path
        permissions = features(response["Permissions-Policy"])
        assert permissions["camera"] == permissions["geolocation"] == permissions["microphone"] == "()", path
        assert set(permissions.values()) == {"()"}, path


@pytest.mark.django_db
def test_public_templates_carry_no_inline_script_or_style(client, public_paths):
    for path in public_paths:
        html = client.get(path, **SHANGHAI).content.decode()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or 'type="application/' in opening, (path, opening)
        assert "<style" not in html and ' style="' not in html, path


@pytest.mark.django_db
def test_the_admin_has_its_own_looser_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    admin = policy(response["Content-Security-Policy"])
    assert admin["script-src"] == admin["style-src"] == "'self' 'unsafe-inline'"
    assert admin["default-src"] == "'self'" and admin["object-src"] == "'none'"
    assert admin["frame-ancestors"] == "'self'"
    assert "Permissions-Policy" in response


def test_the_map_tile_origin_follows_the_setting():
    from core.maps import resolve, tile_origins

    def origins(provider, **kwargs):
        return tile_origins(resolve(provider, **kwargs))

    assert origins("custom", url="https://tile.example.cn/{z}/{x}/{y}.png") == ["https://tile.example.cn"]
    assert origins("custom", url="https://{s}.tiles.city.gov.cn:8443/{z}/{x}/{y}.png") == [
        "https://*.tiles.city.gov.cn:8443"
    ]
    assert origins("amap") == ["https://*.is.autonavi.com"]
    assert origins("tianditu", key="k") == ["https://*.tianditu.gov.cn"]
    assert origins("none") == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
class TestThroughNginx:
    @pytest.fixture
    def site(self, visitor):
        """Both cities, in front of an empty nginx cache."""
        from outreach.demo.sites import ensure_cities

        return ensure_cities()

    def test_nginx_does_not_name_its_version(self, proxy, site):
        for path in ("/", "/static/css/kepu.css", "/media/nothing.png"):
            assert fetch(proxy, path).headers["Server"] == "nginx", path

    def test_static_and_media_files_are_nosniff_and_hsts(self, proxy, site):
        from wagtail.images.tests.utils import get_test_image_file

        from outreach.models import KepuImage

        image = KepuImage.objects.create(title="星空", file=get_test_image_file())
        for path in ("/static/css/kepu.css", "/static/js/kepu.js", image.file.url, "/media/nothing.png"):
            answer = fetch(proxy, path)
            assert answer.status == (404 if "nothing" in path else 200), path
            assert answer.headers["X-Content-Type-Options"] == "nosniff", path
            assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000"), path
        assert fetch(proxy, "/static/css/kepu.css").headers["Cache-Control"] == "public, max-age=31536000, immutable"

    def test_pages_keep_djangos_headers_through_nginx_and_its_cache(self, proxy, site):
        for status in ("MISS", "HIT"):
            answer = fetch(proxy, "/")
            assert (answer.status, answer.headers["X-Cache-Status"]) == (200, status)
            assert policy(answer.headers["Content-Security-Policy"])["default-src"] == "'self'"
            assert "camera=()" in answer.headers["Permissions-Policy"]
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
            assert answer.headers["X-Frame-Options"] and answer.headers["Referrer-Policy"]
