"""Files behind nginx (audit finding: a document in a login-only collection was readable
anonymously at its /media/ URL). Through the real nginx config and gunicorn: documents are
served only by Wagtail's view, which checks the collection's restriction and then has nginx
send the file (X-Accel-Redirect); their /media/ URLs answer 404 to everyone."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.deploy import conftest as deploy
from tests.deploy.conftest import fetch

# gunicorn behind nginx, as tests/deploy runs them.
proxy = deploy.proxy
settings_media_root = deploy.settings_media_root
shared_database = deploy.shared_database

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SECRET = "内部资料：志愿者名单与联系方式".encode()
PUBLIC = "活动须知：请提前十分钟入场。".encode()


def document(title, filename, content, collection=None):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    Document = get_document_model()
    doc = Document(title=title, collection=collection or Collection.get_first_root_node())
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.fixture
def private_collection(proxy, transactional_db):
    from wagtail.models import Collection, CollectionViewRestriction

    from tests.browser.conftest import ensure_tree_root

    ensure_tree_root()
    collection = Collection.get_first_root_node().add_child(name="志愿者内部资料")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


@pytest.fixture
def session(django_user_model):
    user = django_user_model.objects.create_user("volunteer", password="not-used-here-0")
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def test_a_private_document_is_refused_anonymously_at_both_its_urls(proxy, private_collection):
    doc = document("志愿者名单", "志愿者名单.txt", SECRET, private_collection)

    view = fetch(proxy, doc.url)
    assert doc.url.startswith("/documents/")
    assert view.status == 302
    assert "/login/" in view.headers["Location"]
    assert view.headers["X-Accel-Redirect"] is None
    assert SECRET not in view.body

    media = fetch(proxy, doc.file.url)
    assert doc.file.url.startswith("/media/documents/")
    assert media.status == 404
    assert SECRET not in media.body


def test_a_private_document_is_sent_by_nginx_to_a_visitor_who_may_see_it(proxy, private_collection, session):
    doc = document("志愿者名单", "志愿者名单.txt", SECRET, private_collection)

    answer = fetch(proxy, doc.url, cookies=session)
    assert answer.status == 200
    assert answer.body == SECRET
    # nginx sent it: Django's header went no further than nginx, and nginx's own headers came.
    assert answer.headers["X-Accel-Redirect"] is None
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert "attachment" in answer.headers["Content-Disposition"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in answer.headers["Content-Security-Policy"]
    # Even logged in, the file's own URL stays shut.
    assert fetch(proxy, doc.file.url, cookies=session).status == 404


def test_the_internal_location_is_not_reachable_from_outside(proxy, private_collection, session):
    doc = document("志愿者名单", "志愿者名单.txt", SECRET, private_collection)
    internal = "/_kepu_media/" + doc.file.name
    for cookies in (None, session):
        answer = fetch(proxy, internal, cookies=cookies)
        assert answer.status == 404
        assert SECRET not in answer.body


def test_a_public_document_still_downloads(proxy, private_collection):
    doc = document("活动须知", "活动须知.txt", PUBLIC)
    answer = fetch(proxy, doc.url)
    assert answer.status == 200
    assert answer.body == PUBLIC
    assert fetch(proxy, doc.file.url).status == 404


def test_images_stay_public_with_nosniff_and_no_script(proxy, private_collection):
    from wagtail.images.tests.utils import get_test_image_file

    from outreach.models import KepuImage

    image = KepuImage.objects.create(title="星空", file=get_test_image_file())
    rendition = image.get_rendition("width-100")
    for url in (image.file.url, rendition.url):
        answer = fetch(proxy, url)
        assert answer.status == 200, url
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def test_an_upload_waiting_for_its_alt_text_is_not_served(proxy, private_collection, django_user_model):
    """The multiple uploader keeps a photo as it came (GPS position and all) until its alt
    text is given: its /media/ URL answers 404 to everyone."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import UploadedFile

    from outreach.models import KepuImage
    from tests.roles.test_image_originals import phone_photo

    user = django_user_model.objects.create_user("uploader", password="not-used-here-0")
    waiting = UploadedFile(for_content_type=ContentType.objects.get_for_model(KepuImage), uploaded_by_user=user)
    waiting.file.save("IMG_2024.jpg", ContentFile(phone_photo()), save=True)
    assert waiting.file.url.startswith("/media/wagtail_uploads/")
    answer = fetch(proxy, waiting.file.url)
    assert answer.status == 404
    assert b"SN-8866-2024" not in answer.body
