"""The demo's pictures (outreach/demo/images.py): each kind in the shape it has in life, a
focal point on what a crop must keep, Chinese type from the system's Noto CJK, and a clear
message when that font is missing."""

import pytest

from outreach.demo import images
from outreach.demo.images import FontMissing, demo_image, draw_picture

SHAPES = [
    ("work", "book", 3 / 4),
    ("work", "film", 2 / 3),
    ("work", "video", 2 / 3),
    ("work", "audio", 1),
    ("venue", "", 3 / 2),
    ("venue", "hall", 3 / 2),
    ("event", "", 3 / 2),
    ("brand", "", 1),
]


@pytest.mark.parametrize(("kind", "variant", "ratio"), SHAPES)
def test_each_kind_has_its_shape_and_a_focal_box_inside_it(kind, variant, ratio):
    picture, (x, y, w, h), description = draw_picture(
        "深海探索丛书", kind, variant, ("汪品先 著", "上海科学技术出版社")
    )
    assert picture.width / picture.height == pytest.approx(ratio, abs=0.01)
    assert x >= 0 and y >= 0 and x + w <= picture.width and y + h <= picture.height and w > 0 and h > 0
    assert description


def test_a_book_cover_carries_its_title_in_ink_where_the_focal_point_is():
    picture, (x, y, w, h), _ = draw_picture("拥抱群星", "work", "book", ("李杰 著", ""))
    # The title is typeset: the focal box holds many more colours than the flat ground around it.
    title = picture.crop((x, y, x + w, y + h)).convert("L")
    assert len(title.getcolors(maxcolors=256) or []) > 40
    assert title.getextrema()[1] - title.getextrema()[0] > 120  # light type on dark or the reverse


@pytest.mark.django_db
def test_a_demo_image_stores_its_focal_point_alt_text_and_is_drawn_once():
    image = demo_image("拥抱群星", "work", "《拥抱群星》封面", variant="book", lines=("李杰 著", ""))
    assert (image.width, image.height) == (900, 1200)
    assert image.focal_point_width and image.focal_point_height
    assert image.alt_text.startswith("《拥抱群星》封面：") and "演示图片" in image.alt_text
    rendition = image.get_rendition("fill-480x320")  # a 3:2 crop keeps the title's box
    assert (rendition.width, rendition.height) == (480, 320)
    assert demo_image("拥抱群星", "work", "《拥抱群星》封面").pk == image.pk


def test_without_the_cjk_font_the_loader_says_which_package_to_install(monkeypatch):
    monkeypatch.setattr(images, "FONT_DIRS", ())

    def no_fontconfig(*args, **kwargs):
        raise OSError("fc-match not found")

    monkeypatch.setattr(images.subprocess, "run", no_fontconfig)
    images._face_file.cache_clear()
    images.font.cache_clear()
    try:
        with pytest.raises(FontMissing, match="fonts-noto-cjk"):
            draw_picture("拥抱群星", "work", "book")
    finally:
        images._face_file.cache_clear()
        images.font.cache_clear()
