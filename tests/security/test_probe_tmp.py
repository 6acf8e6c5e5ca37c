import pytest
from datetime import date
from django.test import Client
from tests.conftest import SHANGHAI
from tests.outreach.builders import at

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v2/images/?search=%E5%A4%96%22", "/api/v2/images/?search=x&search_operator=xyz", "/api/v2/pages/?search=x&search_operator=xyz", "/admin/images/?q=%22", "/api/v2/images/?search=%22%22", "/api/v2/images/?search=a%22b", "/api/v2/images/?search=*", "/api/v2/images/?search=(", "/api/v2/images/?search=AND", "/api/v2/images/?locale=%00", "/api/v2/images/?search=%00&search_operator=or",
    "/events/?start=0001-01-01", "/events/?end=9999-12-31", "/en/events/?start=0001-01-01",
    "/calendar/events.ics?start=0001-01-01", "/calendar/events.ics?end=9999-12-31",
    "/events/?view=month&month=9999-12", "/events/?view=month&month=0001-01", "/events/?view=month&month=1-1",
    "/api/v2/pages/?offset=99999999999999999999", "/api/v2/pages/?limit=99999999999999999999",
    "/api/v2/pages/?offset=-1", "/api/v2/pages/?offset=9999999999",
    '/api/v2/images/?search="', "/api/v2/images/?search=%00", "/api/v2/pages/?locale=%00",
    "/api/v2/pages/?search=%00", '/api/v2/pages/?search="', "/api/v2/pages/?child_of=99999999999999999999",
    "/api/v2/pages/?child_of=%00", "/api/v2/pages/?type=%00", "/api/v2/pages/?fields=%00",
    "/api/v2/pages/?order=%00", "/api/v2/pages/?title=%00", "/api/v2/images/?title=%00",
    "/api/v2/pages/?id=99999999999999999999", "/api/v2/pages/?slug=%00",
    "/api/v2/pages/?descendant_of=99999999999999999999", "/api/v2/pages/99999999999999999999/",
    "/api/v2/pages/find/?html_path=%00", "/works/?year=99999999999999999999", "/works/?recommended=99999999999999999999",
    "/works/?page=99999999999999999999", "/search/?q=%00", "/venues/?district=%00",
]

def test_probe(shanghai):
    shanghai.event("活动", at(date(2026, 5, 18)), at(date(2026, 5, 18), "12:00"))
    from wagtail.images.tests.utils import get_test_image_file
    from outreach.models import KepuImage
    KepuImage.objects.create(title="外景", alt_text="上海科技馆外景", file=get_test_image_file())
    c = Client(raise_request_exception=False)
    bad = []
    for url in URLS:
        from django.db import transaction
        try:
            with transaction.atomic():
                r = c.get(url, **SHANGHAI)
                if r.status_code >= 500: raise RuntimeError
        except RuntimeError:
            pass
        print(r.status_code, url)
        if r.status_code >= 500:
            bad.append(url)
    assert not bad
