"""Demo pictures drawn with Pillow: abstract, colourful, and described in alt text.

Nothing is downloaded; each picture is derived from its title, so loading the demo twice
draws the same picture and reuses the stored image.
"""

import hashlib
import io
import math

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.models import Collection

from outreach.models import KepuImage

PALETTES = {
    "work": [(11, 92, 173), (255, 196, 0)],
    "event": [(196, 52, 36), (255, 227, 160)],
    "venue": [(21, 128, 98), (220, 245, 230)],
    "brand": [(104, 58, 183), (250, 220, 255)],
    "topic": [(0, 105, 120), (255, 240, 200)],
}
MOTIFS = {
    "stars": "星空图案",
    "waves": "波浪图案",
    "leaves": "叶片图案",
    "circuits": "电路纹样",
    "rings": "同心圆图案",
}


def _draw(seed: bytes, kind: str, motif: str, size=(960, 640)):
    start, end = PALETTES[kind]
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        t = y / height
        colour = tuple(int(start[i] * (1 - t) + end[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    numbers = list(seed)
    light = (255, 255, 255)
    if motif == "stars":
        for i in range(60):
            x, y = numbers[i % 20] * 3.7 % width, numbers[(i + 7) % 20] * 2.3 % height
            r = 2 + i % 4
            draw.ellipse([x - r, y - r, x + r, y + r], fill=light)
    elif motif == "waves":
        for row in range(6):
            points = [(x, height * (0.35 + row * 0.1) + 18 * math.sin(x / 45 + row)) for x in range(0, width, 8)]
            draw.line(points, fill=light, width=4)
    elif motif == "leaves":
        for i in range(14):
            x, y = numbers[i] * 3.5 % width, numbers[i + 3] * 2.4 % height
            draw.ellipse([x, y, x + 90, y + 40], outline=light, width=4)
    elif motif == "circuits":
        for i in range(12):
            x, y = numbers[i] * 3.6 % width, numbers[i + 5] * 2.4 % height
            draw.line([(x, y), (x + 120, y), (x + 120, y + 80)], fill=light, width=4)
            draw.ellipse([x + 112, y + 72, x + 128, y + 88], fill=light)
    else:
        cx, cy = width / 2, height / 2
        for r in range(40, 400, 45):
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer


def demo_image(title: str, kind: str, subject: str) -> KepuImage:
    """The picture for one demo page; `subject` says what it shows, for its alt text."""
    seed = hashlib.sha256(title.encode()).digest()
    motif = list(MOTIFS)[seed[0] % len(MOTIFS)]
    alt_text = f"{subject}的示意插图：{MOTIFS[motif]}"
    existing = KepuImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = _draw(seed, kind, motif)
    image = KepuImage(
        title=title,
        alt_text=alt_text,
        credit="Kepu 演示图片（程序生成）",
        collection=Collection.get_first_root_node(),
    )
    image.file = ImageFile(buffer, name=f"demo-{kind}-{seed.hex()[:12]}.jpg")
    image.save()
    return image
