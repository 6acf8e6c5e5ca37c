"""An uploaded original keeps the picture and nothing about who took it, or where (PIPL).

Venue staff upload phone photos, and a phone writes its GPS position, its serial number and
often its owner's name into the file's EXIF, XMP or comments; Wagtail keeps the original as
uploaded and serves it publicly. So before an original is stored its metadata goes: the EXIF
orientation is applied to the pixels first (a portrait photo stays upright), the ICC colour
profile is kept (colours stay right), the format stays (JPEG, PNG, WebP, AVIF) and a JPEG is
encoded again with its own quantisation tables (the quality it came with).

It happens in the original's file field, whose `save` every door goes through: the admin's
add, edit and chooser upload (the model's save stores the form's file with it), the multiple
upload (its files that wait for alt text are stored by `file.save` when the form is sent), and
images made in code (the demo's). A file without metadata is stored as it came, byte for byte,
so nothing is encoded twice; a file Pillow cannot read, or an animation, is left to Wagtail.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, JpegImagePlugin
from wagtail.images.models import WagtailImageField, WagtailImageFieldFile
from wagtail.utils.file import hash_filelike

# The format an original is stored in, by the format Pillow reads (a phone's MPO is a JPEG
# with a second picture appended). GIF carries no EXIF and is left as it came.
STORED_FORMAT = {"AVIF": "AVIF", "JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# What Pillow reports that describes how to show the picture, not who took it; anything else
# (exif, xmp, comment, photoshop, a PNG text chunk) makes the file be encoded again without it.
DISPLAY_INFO = frozenset(
    {
        "adobe",
        "adobe_transform",
        "aspect",
        "background",
        "dpi",
        "gamma",
        "icc_profile",
        "jfif",
        "jfif_density",
        "jfif_unit",
        "jfif_version",
        "loop",
        "progression",
        "progressive",
        "srgb",
        "transparency",
    }
)
# JPEG segments that carry only how to show the picture: JFIF, the ICC profile, Adobe's colour
# transform. Others (APP1 EXIF and XMP, APP13 IPTC, makers' own) are metadata.
DISPLAY_SEGMENTS = frozenset({"APP0", "APP2", "APP14"})
# WebP and AVIF say nothing of the quality they were made at: a high one loses little more.
LOSSY_QUALITY = 90


def carries_metadata(image):
    if image.getexif():  # first: for a PNG it also reads the text chunks after the pixels
        return True
    if set(image.info) - DISPLAY_INFO:
        return True
    return any(marker not in DISPLAY_SEGMENTS for marker, _data in getattr(image, "applist", []))


def without_metadata(content):
    """The picture in `content`, upright, without its metadata, as bytes; None when there is
    nothing to take out (or nothing Pillow can safely write again)."""
    content.seek(0)
    try:
        with Image.open(content) as image:
            stored_format = STORED_FORMAT.get(image.format)
            animated = image.format != "MPO" and getattr(image, "is_animated", False)
            if stored_format is None or animated or not carries_metadata(image):
                return None
            options = {"icc_profile": image.info.get("icc_profile")}
            if stored_format == "JPEG":
                options["qtables"] = image.quantization
                options["progressive"] = "progressive" in image.info
                sampling = JpegImagePlugin.get_sampling(image)
                if sampling != -1:
                    options["subsampling"] = sampling
            elif stored_format == "PNG":
                options["transparency"] = image.info.get("transparency")
            else:
                options["quality"] = LOSSY_QUALITY
            if "dpi" in image.info and stored_format in ("JPEG", "PNG"):
                options["dpi"] = image.info["dpi"]
            upright = ImageOps.exif_transpose(image)
            upright.info = {}  # Pillow would otherwise write a JPEG's comment again
            buffer = io.BytesIO()
            upright.save(buffer, stored_format, **{key: value for key, value in options.items() if value is not None})
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # not a picture Pillow reads whole: Wagtail's own checks say what is wrong
    finally:
        content.seek(0)
    return buffer.getvalue()


class OriginalImageFieldFile(WagtailImageFieldFile):
    def save(self, name, content, save=True):
        cleaned = without_metadata(content)
        if cleaned is not None:
            # Named, so that Django reads the stored picture's dimensions from it.
            content = ContentFile(cleaned, name=name)
            # Size and hash (Wagtail's duplicate check) describe the file as stored.
            self.instance.file_size, self.instance.file_hash = content.size, hash_filelike(content)
        super().save(name, content, save)


class OriginalImageField(WagtailImageField):
    attr_class = OriginalImageFieldFile
