"""The site's image model: alt text and credit are fields of every image."""

from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from .base import CARD_RENDITIONS


class KepuImage(AbstractImage):
    """Every image on a public science site is described for people who cannot see it."""

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
