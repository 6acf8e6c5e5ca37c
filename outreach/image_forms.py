"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's, with the pixel limit
checked from the file's header before anything decodes the picture.

Wagtail counts an upload's pixels through Willow, which decodes the whole image first (twice:
for its size and its frame count): an 11000×11000 PNG of 375 KB took 6.4 s and about 460 MB
to be refused. Pillow reads the size from the header without decoding, so a picture over
WAGTAILIMAGES_MAX_IMAGE_PIXELS is refused at once, with a Chinese message saying what to do.
Every admin door that uploads or replaces an image (add, multiple upload, chooser upload,
edit) builds its form from this base."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

TOO_MANY_PIXELS = (
    "图片像素太多（%(width)s×%(height)s，共 %(num_pixels)s 像素），上限为 %(max_pixels_count)s 像素"
    "（约 4000 万，例如 6000×6000）。请缩小图片后再上传。"
)


def header_size(data):
    """(width, height) from the image's header, or None when Pillow cannot read one (Wagtail's
    own checks then say what is wrong with the file)."""
    source = data.temporary_file_path() if hasattr(data, "temporary_file_path") else data
    position = data.tell()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(source) as image:
                return image.size
    except PILImage.DecompressionBombError:
        return (PILImage.MAX_IMAGE_PIXELS, 3)  # over twice Pillow's own limit: surely too many
    except Exception:  # not an image Pillow knows (SVG): Wagtail checks it
        return None
    finally:
        data.seek(position)


class PixelsFirstImageField(WagtailImageField):
    def to_python(self, data):
        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        size = header_size(data) if limit and hasattr(data, "read") else None
        if size and size[0] * size[1] > limit:
            raise ValidationError(
                TOO_MANY_PIXELS
                % {"width": size[0], "height": size[1], "num_pixels": size[0] * size[1], "max_pixels_count": limit},
                code="file_too_many_pixels",
            )
        return super().to_python(data)


class KepuImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            field.__class__ = PixelsFirstImageField  # keeps the label, widget and help text Wagtail gave it
