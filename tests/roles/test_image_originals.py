"""A phone photo uploaded by an editor is stored without what the phone wrote into it (GPS
position, camera serial, owner's name) and still upright, in its colours and its quality,
whichever admin door it comes through; its renditions are made as before."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, ImageDraw
from wagtail.models import Collection

from outreach.models import KepuImage

pytestmark = pytest.mark.django_db

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
RED = (220, 30, 30)


def phone_photo(fmt="JPEG"):
    """What a phone held sideways writes: 60×40 pixels as the sensor read them, the EXIF
    orientation 6 ("turn 90° clockwise to show"), and what says who took it, and where. The
    sensor's left edge is red: shown upright, that edge is the top."""
    picture = Image.new("RGB", (60, 40), (30, 120, 200))
    ImageDraw.Draw(picture).rectangle((0, 0, 9, 39), fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "HUAWEI"
    exif[ExifTags.Base.Artist] = "Zhang San"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-8866-2024"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (31.0, 13.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (121.0, 32.0, 38.0)
    buffer = io.BytesIO()
    options = {"quality": 92} if fmt == "JPEG" else {}
    picture.save(buffer, fmt, exif=exif, icc_profile=SRGB, **options)
    return buffer.getvalue()


def assert_clean_and_upright(image, fmt="JPEG"):
    image.refresh_from_db()
    assert (image.width, image.height) == (40, 60)
    with image.open_file() as stored_file:
        data = stored_file.read()
    for trace in (b"SN-8866-2024", b"Zhang San", b"HUAWEI"):
        assert trace not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == fmt and stored.size == (40, 60)
        assert not stored.getexif() and "exif" not in stored.info
        assert stored.info.get("icc_profile") == SRGB
        rgb = stored.convert("RGB")
        top, bottom = rgb.getpixel((20, 3)), rgb.getpixel((20, 56))
    assert top[0] > 180 and top[2] < 80, top  # the sensor's red edge is on top
    assert bottom[2] > 150, bottom
    assert image.file_size == len(data)


def test_an_editors_phone_photo_is_stored_without_its_metadata_and_upright(roles, editor):
    _user, client = editor
    upload = SimpleUploadedFile("IMG_2024.jpg", phone_photo(), content_type="image/jpeg")
    collection = Collection.get_first_root_node()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "展厅一角", "alt_text": "展厅里的机器人", "file": upload, "collection": collection.pk},
    )
    assert response.status_code == 302, response
    image = KepuImage.objects.get(title="展厅一角")
    assert_clean_and_upright(image)
    # Encoded again at the quality it came with, not a lower one.
    with Image.open(io.BytesIO(phone_photo())) as original, Image.open(image.file.path) as stored:
        assert stored.quantization == original.quantization
    rendition = image.get_rendition("max-30x30")
    assert (rendition.width, rendition.height) == (20, 30)
    assert client.get(reverse("wagtailimages:index")).status_code == 200

    # A picture with nothing to take out is stored as it came, not encoded again.
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (21, 128, 98)).save(buffer, "JPEG", quality=75)
    upload = SimpleUploadedFile("plain.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "素图", "alt_text": "一张纯色图", "file": upload, "collection": collection.pk},
    )
    assert response.status_code == 302
    with KepuImage.objects.get(title="素图").open_file() as stored:
        assert stored.read() == buffer.getvalue()


def test_a_photo_sent_through_the_multiple_uploader_is_stored_clean(roles, editor):
    """The uploader stores a file first and makes the image when its alt text is given."""
    _user, client = editor
    collection = Collection.get_first_root_node()
    upload = SimpleUploadedFile("IMG_2025.jpg", phone_photo(), content_type="image/jpeg")
    waiting = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload, "collection": collection.pk})
    assert waiting.json()["success"] is True
    uploaded_id = waiting.json()["uploaded_file_id"]
    prefix = f"uploaded-image-{uploaded_id}"
    created = client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(uploaded_id,)),
        {f"{prefix}-title": "场馆外景", f"{prefix}-alt_text": "场馆外景", f"{prefix}-collection": collection.pk},
    )
    assert created.json()["success"] is True, created.json()
    image = KepuImage.objects.get(pk=created.json()["image_id"])
    assert_clean_and_upright(image)
    assert image.get_rendition("max-30x30").height == 30


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "AVIF"])
def test_png_webp_and_avif_keep_their_format_through_the_chooser_upload(roles, editor, fmt):
    _user, client = editor
    name = f"photo.{fmt.lower()}"
    upload = SimpleUploadedFile(name, phone_photo(fmt), content_type=f"image/{fmt.lower()}")
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "科普角",
            "image-chooser-upload-alt_text": "科普角",
            "image-chooser-upload-file": upload,
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200 and response.json()["step"] == "chosen", response.json().get("step")
    assert_clean_and_upright(KepuImage.objects.get(title="科普角"), fmt)
