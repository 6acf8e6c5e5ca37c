"""The site's image model: alt text and credit are fields of every image, and an uploaded
original is stored without its metadata (outreach/image_originals.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image, get_upload_to

from ..image_originals import OriginalImageField
from .base import CARD_RENDITIONS


class KepuImage(AbstractImage):
    """Every image on a public science site is described for people who cannot see it."""

    # Wagtail's own field, as AbstractImage declares it, storing originals without metadata; in
    # Wagtail's place among the fields, so the file is stored before its size, hash and
    # dimensions are read for the row (fields are saved in that order).
    file = OriginalImageField(
        verbose_name=_("file"), upload_to=get_upload_to, width_field="width", height_field="height"
    )
    file.creation_counter = AbstractImage._meta.get_field("file").creation_counter
    alt_text = models.CharField(
        "替代文本 alt text",
        max_length=255,
        help_text="为看不见图片的读者描述图片内容，例如“上海天文馆球形展厅外景”。",
    )
    credit = models.CharField("图片来源 credit", max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "alt_text", "credit")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title

    class Meta(AbstractImage.Meta):
        verbose_name = "图片"
        verbose_name_plural = "图片"
        permissions = [("choose_image", "Can choose image")]


class KepuRendition(AbstractRendition):
    image = models.ForeignKey(KepuImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def card_images():
    """Images with their card renditions (every shape: a list mixes books and films), for a
    Prefetch: a list of cards reads them in one query."""
    return KepuImage.objects.prefetch_renditions(*CARD_RENDITIONS.values())
