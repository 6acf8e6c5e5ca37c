"""Demo pictures drawn with Pillow: book covers, film posters, venue photographs, event
banners and brand marks, with their titles typeset in Chinese, each described in alt text.

Each kind has the shape it has in life (books 3:4 portrait, films and videos 2:3 posters,
audio 1:1, venues and events 3:2 landscape, brands a square mark) and a focal point on what
must survive a crop (a cover's title, a building). Nothing is downloaded: the Chinese type
comes from Debian's fonts-noto-cjk (installed by .ci/run), and each picture is derived from
its title, so loading the demo twice draws the same picture and reuses the stored image.
"""

import hashlib
import io
import random
import re
import subprocess
from functools import cache
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from wagtail.models import Collection

from outreach.models import KepuImage

FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/opentype/noto-cjk", "/usr/share/fonts/noto-cjk")
FONT_FILES = {
    ("sans", "bold"): "NotoSansCJK-Bold.ttc",
    ("sans", "regular"): "NotoSansCJK-Regular.ttc",
    ("serif", "bold"): "NotoSerifCJK-Bold.ttc",
    ("serif", "regular"): "NotoSerifCJK-Regular.ttc",
}
POSTER_TYPES = {"video", "micro_video", "film", "tv", "exhibition"}
SQUARE_TYPES = {"audio"}
# Deep, printed colours: (background, accent, ink).
COVER_PALETTES = [
    ((18, 52, 96), (233, 180, 76), (250, 246, 236)),
    ((140, 32, 36), (246, 214, 150), (255, 250, 240)),
    ((28, 84, 72), (226, 196, 120), (246, 244, 232)),
    ((236, 228, 210), (176, 48, 38), (34, 34, 40)),
    ((54, 44, 92), (120, 200, 220), (248, 248, 252)),
    ((240, 236, 226), (22, 92, 140), (28, 32, 40)),
]
BRAND_COLOURS = [(196, 40, 44), (16, 96, 168), (20, 128, 96), (120, 60, 170), (214, 120, 20)]


class FontMissing(RuntimeError):
    pass


def _find_font_file(family, weight):
    name = FONT_FILES[(family, weight)]
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    try:
        style = "Bold" if weight == "bold" else "Regular"
        query = f"Noto {family.title()} CJK SC:style={style}"
        found = subprocess.run(["fc-match", "-f", "%{file}", query], capture_output=True, text=True, timeout=10)
        if "CJK" in found.stdout and Path(found.stdout).exists():
            return found.stdout
    except (OSError, subprocess.SubprocessError):
        pass
    raise FontMissing(
        f"演示图片需要 Noto CJK 字体（{name}），在 {', '.join(FONT_DIRS)} 中没有找到。"
        " 请安装 Debian 的 fonts-noto-cjk：sudo apt-get install fonts-noto-cjk"
    )


@cache
def _face_file(family, weight):
    """The font file and the index of its Simplified Chinese face (a Noto CJK collection
    also holds JP, KR, TC and HK)."""
    path = _find_font_file(family, weight)
    for index in range(10):
        try:
            face = ImageFont.truetype(path, 12, index=index)
        except OSError:
            break
        if face.getname()[0].endswith(" SC"):
            return path, index
    return path, 0


@cache
def font(size, family="sans", weight="bold"):
    path, index = _face_file(family, weight)
    return ImageFont.truetype(path, size, index=index)


def _mix(a, b, t):
    return tuple(int(a[i] * (1 - t) + b[i] * t) for i in range(3))


def _gradient(size, top, bottom):
    width, height = size
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


@cache
def _noise(sigma):
    """One grain tile per process, cropped to each picture: drawing noise is the slow part."""
    return Image.effect_noise((1200, 1200), sigma).convert("RGB")


def _grain(image, amount=10, blur=0.0):
    """Film grain and a touch of softness: what separates a photograph from a diagram (kept
    light: grain is what makes a JPEG heavy)."""
    if blur:
        image = image.filter(ImageFilter.BoxBlur(blur))
    noise = _noise(round(amount * 0.45)).crop((0, 0, *image.size))
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def _vignette(image, strength=0.35):
    """Darker corners, as a lens gives them."""
    mask = Image.radial_gradient("L").resize(image.size, Image.BILINEAR)
    dark = Image.blend(image, Image.new("RGB", image.size, (0, 0, 0)), strength)
    return Image.composite(dark, image, mask.point(lambda v: max(0, v - 90) * 255 // 165))


def _text_width(face, text, spacing=0):
    return face.getlength(text) + spacing * max(len(text) - 1, 0)


def _draw_spaced(draw, xy, text, face, fill, spacing=0):
    x, y = xy
    for char in text:
        draw.text((x, y), char, font=face, fill=fill)
        x += face.getlength(char) + spacing


# Chinese line breaking (禁则): these never start a line, and these never end one.
NO_LINE_START = set("，。、：；！？）》」』”’…·,.:;!?)")
NO_LINE_END = set("（《「『“‘(")
TOKENS = re.compile(r"[A-Za-z0-9'’\-.]+ ?|.")


def _greedy(tokens, fits):
    lines, current = [], ""
    for token in tokens:
        if current and not fits(current + token):
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    if current:
        lines.append(current)
    # Kinsoku: pull a closing mark back onto the line before, push an opening mark forward.
    for k in range(1, len(lines)):
        while lines[k] and lines[k][0] in NO_LINE_START:
            lines[k - 1] += lines[k][0]
            lines[k] = lines[k][1:]
        while lines[k - 1] and lines[k - 1][-1] in NO_LINE_END:
            lines[k] = lines[k - 1][-1] + lines[k]
            lines[k - 1] = lines[k - 1][:-1]
    return [line.strip() for line in lines if line.strip()]


def _wrap(title, face, width, spacing=0):
    """Lines of `title` that fit `width` in `face`: Chinese breaks between characters, English
    between words, no mark where 禁则 forbids it, and lines of even length (中国珍稀物种/系列科普片,
    not 中国珍稀物/种系列科/普片)."""
    title = title.strip()
    for mark in ("：", "——", ": "):  # a subtitle starts its own line when the title fits one
        head, found, tail = title.partition(mark)
        if found and tail and _text_width(face, head + found.strip(), spacing) <= width:
            return [head + found.strip(), *_wrap(tail, face, width, spacing)]
    tokens = TOKENS.findall(title)
    lines = _greedy(tokens, lambda text: _text_width(face, text.strip(), spacing) <= width)
    target = len(lines)
    narrower = width
    while target > 1 and narrower > width * 0.5:
        narrower -= max(face.size // 4, 4)
        trial = _greedy(tokens, lambda text, w=narrower: _text_width(face, text.strip(), spacing) <= w)
        if len(trial) != target:
            break
        lines = trial
    return lines


def _fit_lines(title, width, max_size, family="serif", max_lines=3, spacing_ratio=0.08):
    """The largest type size (and its lines) at which the title fits `width` in few lines:
    two lines at no less than 70 % of the largest size read better than three at full size."""
    if max_lines > 2:
        face, lines = _fit_lines(title, width, max_size, family, 2, spacing_ratio)
        if face.size >= max_size * 0.7 and len(lines) <= 2:
            return face, lines
    for size in range(max_size, 20, -4):
        face = font(size, family)
        spacing = size * spacing_ratio
        lines = _wrap(title, face, width, spacing)
        if len(lines) <= max_lines and all(_text_width(face, line, spacing) <= width for line in lines):
            return face, lines
    face = font(24, family)
    return face, _wrap(title, face, width, 24 * spacing_ratio)


# --- book covers (3:4) -------------------------------------------------------------------


def _book(title, rng, lines):
    width, height = 900, 1200
    background, accent, ink = rng.choice(COVER_PALETTES)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    author, publisher = (list(lines) + ["", ""])[:2]
    vertical = len(title) <= 7 and rng.random() < 0.45
    margin = 90
    # Series line at the top.
    series = rng.choice(["科普文库", "科学素养丛书", "少年科学馆", "大众科学"])
    draw.text((margin, 80), series, font=font(30, "sans", "regular"), fill=_mix(ink, background, 0.35))
    draw.line([(margin, 130), (width - margin, 130)], fill=accent, width=3)
    # An emblem: a planet with its ring, a leaf, or a wave horizon, in the accent colour.
    motif = rng.choice(["planet", "leaf", "horizon"])
    cx, cy = (width * 0.32, height * 0.56) if vertical else (width * 0.5, height * 0.63)
    if motif == "planet":
        r = 150
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=accent)
        draw.ellipse([cx - r * 1.9, cy - r * 0.35, cx + r * 1.9, cy + r * 0.35], outline=ink, width=6)
        draw.ellipse([cx - r + 30, cy - r + 30, cx - r + 90, cy - r + 90], fill=_mix(accent, ink, 0.35))
    elif motif == "leaf":
        draw.ellipse([cx - 90, cy - 210, cx + 90, cy + 170], fill=accent)
        draw.line([(cx, cy - 190), (cx, cy + 230)], fill=background, width=8)
        for k in range(5):
            y = cy - 130 + k * 60
            draw.line([(cx, y + 40), (cx - 70, y)], fill=background, width=5)
            draw.line([(cx, y + 40), (cx + 70, y)], fill=background, width=5)
    else:
        draw.ellipse([cx - 110, cy - 170, cx + 110, cy + 50], fill=accent)
        for k in range(6):
            y = cy + k * 28
            draw.rectangle([margin, y, width - margin, y + 12], fill=_mix(accent, background, 0.15 + k * 0.13))
    # The title.
    if vertical:
        face = font(min(120, int(760 / max(len(title), 1))), "serif")
        box_x = width - margin - face.size - 40
        draw.rectangle([box_x - 20, 180, box_x + face.size + 20, 200 + len(title) * face.size * 1.08 + 30], fill=ink)
        for k, char in enumerate(title):
            draw.text((box_x, 210 + k * face.size * 1.08), char, font=face, fill=background)
        title_box = (box_x - 20, 180, face.size + 40, int(len(title) * face.size * 1.08 + 50))
    else:
        face, rows = _fit_lines(title, width - 2 * margin, 120, max_lines=3)
        y = 190
        for row in rows:
            _draw_spaced(draw, (margin, y), row, face, ink, face.size * 0.08)
            y += face.size * 1.25
        title_box = (margin, 190, width - 2 * margin, int(y - 190))
    # Author and publisher at the foot.
    if author:
        draw.text((margin, height - 230), author, font=font(40, "sans", "regular"), fill=ink)
    if publisher:
        draw.text((margin, height - 130), publisher, font=font(30, "sans", "regular"), fill=_mix(ink, background, 0.3))
    # The spine's fold and a printed paper's texture.
    for k in range(26):
        shade = 0.35 * (1 - k / 26)
        draw.line([(k, 0), (k, height)], fill=_mix(background, (0, 0, 0), shade))
    draw.line([(30, 0), (30, height)], fill=_mix(background, (255, 255, 255), 0.25), width=2)
    image = _grain(image, 12)
    emblem = {"planet": "行星", "leaf": "叶片", "horizon": "日出"}[motif]
    alt = f"{'竖排' if vertical else '横排'}书名，配{emblem}图案，下方为作者和出版社"
    return image, title_box, alt


# --- posters (2:3) for films, videos, programmes and exhibitions -------------------------


def _poster(title, rng, lines, variant):
    width, height = 800, 1200
    top, bottom = rng.choice(
        [((6, 14, 38), (40, 70, 130)), ((10, 24, 30), (20, 110, 120)), ((24, 8, 30), (150, 50, 70))]
    )
    image = _gradient((width, height), top, bottom)
    draw = ImageDraw.Draw(image)
    # A night sky over a horizon with a rising planet: what a science film poster shows.
    for _ in range(180):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height * 0.6), rng.choice([1, 1, 1, 2, 2, 3])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_mix((255, 255, 255), top, rng.random() * 0.6))
    glow = Image.new("L", (width // 8, height // 8), 0)
    gdraw = ImageDraw.Draw(glow)
    cx, cy, r = width * rng.uniform(0.35, 0.65), height * 0.5, width * 0.3
    gdraw.ellipse([(cx - r * 1.6) / 8, (cy - r * 1.6) / 8, (cx + r * 1.6) / 8, (cy + r * 1.6) / 8], fill=120)
    glow = glow.filter(ImageFilter.GaussianBlur(10)).resize((width, height), Image.BILINEAR)
    image = Image.composite(Image.new("RGB", image.size, (255, 210, 150)), image, glow)
    draw = ImageDraw.Draw(image)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 226, 180))
    draw.ellipse([cx - r + 30, cy - r + 20, cx + r + 30, cy + r + 20], fill=_mix((250, 226, 180), bottom, 0.55))
    # Mountains in front, darker towards the viewer.
    for layer in range(3):
        base = height * (0.62 + layer * 0.06)
        points = [(0, height)]
        x = 0
        while x <= width:
            points.append((x, base - rng.uniform(20, 120) * (1 - layer * 0.25)))
            x += rng.uniform(60, 140)
        points += [(width, base), (width, height)]
        draw.polygon(points, fill=_mix(bottom, (4, 6, 12), 0.6 + layer * 0.15))
    image = _grain(image, 14, blur=0.8)
    draw = ImageDraw.Draw(image)
    label = {"film": "科普电影", "tv": "电视节目", "exhibition": "科普展览", "micro_video": "科普微视频"}.get(
        variant, "科普纪录片"
    )
    _draw_spaced(draw, (60, 60), label, font(30, "sans", "regular"), (235, 235, 240), 12)
    face, rows = _fit_lines(title, width - 120, 110, family="sans", max_lines=3)
    total = len(rows) * face.size * 1.2
    y = height - 250 - total
    for row in rows:
        row_width = _text_width(face, row, face.size * 0.08)
        _draw_spaced(draw, ((width - row_width) / 2, y), row, face, (255, 255, 255), face.size * 0.08)
        y += face.size * 1.2
    credits = "　".join(line for line in lines if line)
    if credits:
        small = font(26, "sans", "regular")
        draw.text(((width - small.getlength(credits)) / 2, height - 150), credits, font=small, fill=(210, 210, 220))
    draw.line([(200, height - 95), (width - 200, height - 95)], fill=(160, 160, 170), width=1)
    title_box = (60, int(height - 250 - total), width - 120, int(total))
    return image, title_box, "夜空下群山与升起的星球，标题白字居于下方"


def _square(title, rng, lines):
    width = height = 1000
    background, accent, ink = rng.choice(COVER_PALETTES)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    cx, cy = width / 2, height * 0.42
    for k, r in enumerate(range(320, 40, -40)):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=_mix(accent, background, k * 0.1), width=10)
    face, rows = _fit_lines(title, width - 160, 100, family="sans", max_lines=2)
    block = len(rows) * face.size * 1.2
    y = height - 120 - block
    for row in rows:
        draw.text(((width - face.getlength(row)) / 2, y), row, font=face, fill=ink)
        y += face.size * 1.2
    image = _grain(image, 10)
    return image, (80, int(height - 120 - block), width - 160, int(block)), "同心声波图案，下方为标题"


# --- venues (3:2): a museum photographed from its plaza, or one of its halls -------------


def _sky(size, rng):
    hour = rng.choice(["day", "day", "dusk"])
    if hour == "day":
        return _gradient(size, (92, 150, 214), (206, 224, 238)), hour
    return _gradient(size, (58, 72, 130), (246, 178, 120)), hour


def _building(draw, rng, width, horizon, hour):
    """A modern museum: a glass hall with a dome, a tower or a long roof, lit at dusk."""
    shape = rng.choice(["dome", "tower", "wave"])
    wall = (222, 226, 230) if hour == "day" else (120, 120, 140)
    glass = (96, 136, 170) if hour == "day" else (250, 204, 120)
    left, right = width * rng.uniform(0.18, 0.3), width * rng.uniform(0.7, 0.82)
    top = horizon - rng.uniform(210, 270)
    if shape == "dome":
        mid, r = (left + right) / 2, (right - left) * 0.22
        draw.ellipse([mid - r, top - r * 0.9, mid + r, top + r * 1.1], fill=_mix(wall, (255, 255, 255), 0.2))
        draw.arc([mid - r, top - r * 0.9, mid + r, top + r * 1.1], 180, 360, fill=_mix(wall, (0, 0, 0), 0.3), width=4)
    elif shape == "tower":
        tx = right - (right - left) * 0.18
        draw.rectangle([tx - 40, top - 200, tx + 40, top], fill=_mix(wall, (0, 0, 0), 0.12))
        for k in range(8):
            draw.rectangle([tx - 30, top - 190 + k * 24, tx + 30, top - 178 + k * 24], fill=glass)
    else:
        points = [(left - 40, top + 20)]
        for k in range(11):
            x = left - 40 + (right - left + 80) * k / 10
            points.append((x, top - 30 - 40 * (1 - ((k - 5) / 5) ** 2)))
        points += [(right + 40, top + 20)]
        draw.polygon(points, fill=_mix(wall, (255, 255, 255), 0.3))
    draw.rectangle([left, top, right, horizon], fill=wall)
    # Glass curtain wall: mullions and panes, brighter where the sun strikes.
    pane_w = rng.choice([36, 44, 52])
    x = left + 20
    while x < right - 20:
        shade = 0.15 + 0.25 * ((x - left) / (right - left))
        pane = _mix(glass, (255, 255, 255), shade * 0.6)
        draw.rectangle([x, top + 30, x + pane_w - 6, horizon - 60], fill=pane)
        # The sky's reflection, a diagonal sheen across each pane.
        reach = min(pane_w * 1.5, horizon - 60 - (top + 30))
        sheen = [(x, top + 30 + reach), (x + pane_w - 6, top + 30), (x + pane_w - 6, top + 60), (x, top + 60 + reach)]
        draw.polygon(sheen, fill=_mix(pane, (255, 255, 255), 0.3))
        x += pane_w
    for y in range(int(top + 30), int(horizon - 60), 46):
        draw.line([(left + 20, y), (right - 20, y)], fill=_mix(wall, (0, 0, 0), 0.15), width=3)
    draw.rectangle([left - 10, top - 8, right + 10, top + 14], fill=_mix(wall, (0, 0, 0), 0.25))
    # The entrance and its canopy.
    mid = (left + right) / 2
    draw.rectangle([mid - 70, horizon - 90, mid + 70, horizon], fill=(40, 46, 56))
    draw.rectangle([mid - 110, horizon - 104, mid + 110, horizon - 90], fill=_mix(wall, (0, 0, 0), 0.35))
    return (left, top, right, horizon)


def _tree(draw, rng, x, ground, scale):
    trunk = (70, 52, 40)
    draw.rectangle([x - 5 * scale, ground - 60 * scale, x + 5 * scale, ground], fill=trunk)
    for _ in range(7):
        dx, dy, r = rng.uniform(-40, 40) * scale, rng.uniform(-120, -50) * scale, rng.uniform(28, 46) * scale
        colour = _mix((46, 104, 52), (108, 150, 70), rng.random())
        draw.ellipse([x + dx - r, ground + dy - r, x + dx + r, ground + dy + r], fill=colour)


def _venue_outside(title, rng):
    width, height = 1200, 800
    image, hour = _sky((width, height), rng)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(2, 4)):  # soft clouds
        cx, cy = rng.uniform(0, width), rng.uniform(40, 220)
        for _ in range(5):
            dx, r = rng.uniform(-90, 90), rng.uniform(30, 60)
            draw.ellipse([cx + dx - r * 1.6, cy - r * 0.6, cx + dx + r * 1.6, cy + r * 0.6], fill=(240, 242, 246))
    small = image.resize((width // 4, height // 4)).filter(ImageFilter.GaussianBlur(1.5))
    image = small.resize((width, height), Image.BILINEAR)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.64)
    # The city behind, hazy.
    x = 0
    haze = (150, 170, 190) if hour == "day" else (110, 96, 130)
    while x < width:
        w, h = rng.uniform(40, 90), rng.uniform(60, 220)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=_mix(haze, (255, 255, 255), rng.uniform(0, 0.2)))
        x += w + rng.uniform(0, 20)
    box = _building(draw, rng, width, horizon, hour)
    # Plaza in perspective, darker towards the viewer, with the building's shadow.
    paving = (196, 190, 180) if hour == "day" else (128, 118, 122)
    image.paste(_gradient((width, height - horizon), paving, _mix(paving, (0, 0, 0), 0.3)), (0, horizon))
    draw = ImageDraw.Draw(image)
    draw.polygon(
        [(box[0], horizon), (box[2], horizon), (box[2] + 120, horizon + 46), (box[0] + 120, horizon + 46)],
        fill=_mix(paving, (0, 0, 0), 0.22),
    )
    joint = _mix(paving, (0, 0, 0), 0.1)
    start = horizon + 46  # paving joints from the foot of the steps towards the viewer
    for k in range(-12, 13):
        draw.line([(width / 2 + k * 40, start), (width / 2 + k * 160, height)], fill=joint, width=1)
    for k in range(1, 7):
        y = start + (height - start) * (k / 7) ** 1.6
        draw.line([(0, y), (width, y)], fill=joint, width=1)
    # Trees along the plaza and a few people.
    for x in (60, 180, width - 180, width - 60):
        _tree(draw, rng, x + rng.uniform(-20, 20), horizon + 40, rng.uniform(1.0, 1.3))
    for _ in range(rng.randint(4, 8)):
        px, py = rng.uniform(250, width - 250), rng.uniform(horizon + 50, height - 80)
        s = 0.5 + (py - horizon) / (height - horizon)
        colour = rng.choice([(60, 60, 70), (170, 50, 50), (40, 80, 140), (220, 200, 120)])
        draw.ellipse([px - 6 * s, py - 56 * s, px + 6 * s, py - 44 * s], fill=(60, 44, 36))
        draw.rectangle([px - 8 * s, py - 44 * s, px + 8 * s, py - 12 * s], fill=colour)
        draw.rectangle([px - 6 * s, py - 12 * s, px + 6 * s, py], fill=(50, 50, 60))
    # The name over the entrance.
    name = title[:12]
    face = font(30, "sans", "bold")
    nw = face.getlength(name)
    mid = (box[0] + box[2]) / 2
    draw.rectangle([mid - nw / 2 - 14, box[1] + 40, mid + nw / 2 + 14, box[1] + 84], fill=(250, 250, 250))
    draw.text((mid - nw / 2, box[1] + 44), name, font=face, fill=(40, 44, 52))
    image = _vignette(_grain(image, 9, blur=1.1))
    focus = (int(box[0]), int(box[1] - 60), int(box[2] - box[0]), int(box[3] - box[1] + 80))
    when = "晴天" if hour == "day" else "傍晚"
    return image, focus, f"{when}从广场望向场馆正门，玻璃幕墙建筑，前有树木和游客"


def _venue_hall(title, rng):
    width, height = 1200, 800
    wall = rng.choice([(46, 52, 66), (230, 226, 218), (28, 36, 48)])
    image = _gradient((width, height), _mix(wall, (0, 0, 0), 0.3), wall)
    draw = ImageDraw.Draw(image)
    floor_y = int(height * 0.62)
    draw.rectangle([0, floor_y, width, height], fill=(140, 130, 118))
    for k in range(-10, 11):
        draw.line([(width / 2, floor_y - 80), (width / 2 + k * 160, height)], fill=(124, 116, 106), width=2)
    # Display cases under spotlights, and a large screen on the back wall.
    sx = width * rng.uniform(0.3, 0.45)
    draw.rectangle([sx, 120, sx + 420, 340], fill=(20, 30, 60))
    _building_free = _gradient((400, 200), (40, 90, 170), (120, 200, 230))
    image.paste(_building_free, (int(sx + 10), 130))
    draw = ImageDraw.Draw(image)
    cases = [120 + k * 270 + rng.uniform(-20, 20) for k in range(4)]
    light = Image.new("L", (width // 4, height // 4), 0)
    for x in cases:
        ImageDraw.Draw(light).polygon(
            [((x + 60) / 4, 0), ((x - 40) / 4, floor_y / 4 + 10), ((x + 160) / 4, floor_y / 4 + 10)], fill=70
        )
    light = light.filter(ImageFilter.GaussianBlur(8)).resize(image.size)
    image = Image.composite(Image.new("RGB", image.size, (255, 240, 210)), image, light)
    draw = ImageDraw.Draw(image)
    for x in cases:
        draw.rectangle([x, floor_y - 10, x + 120, floor_y + 70], fill=(230, 228, 222))
        draw.rectangle([x + 6, floor_y - 130, x + 114, floor_y - 10], outline=(210, 230, 240), width=3)
        draw.ellipse([x + 30, floor_y - 100, x + 90, floor_y - 40], fill=rng.choice([(200, 160, 80), (90, 150, 110)]))
    image = _grain(image, 9, blur=1.2)
    return image, (int(sx), 100, 440, 260), "展厅内景：射灯照亮的展柜与大屏幕"


# --- events (3:2 banners) and brands (square marks) --------------------------------------


def _event(title, rng, lines):
    width, height = 1200, 800
    colour = rng.choice(BRAND_COLOURS)
    image = _gradient((width, height), _mix(colour, (0, 0, 0), 0.25), _mix(colour, (255, 255, 255), 0.15))
    draw = ImageDraw.Draw(image)
    # An atom's orbits on the right, a band of light on the left for the type.
    cx, cy = width * 0.78, height * 0.45
    for angle in (0, 60, 120):
        orbit = Image.new("L", (500, 500), 0)
        ImageDraw.Draw(orbit).ellipse([20, 180, 480, 320], outline=200, width=8)
        orbit = orbit.rotate(angle)
        image.paste((255, 255, 255), (int(cx - 250), int(cy - 250)), orbit)
    draw = ImageDraw.Draw(image)
    draw.ellipse([cx - 36, cy - 36, cx + 36, cy + 36], fill=(255, 220, 120))
    draw.rectangle([0, 0, 18, height], fill=(255, 220, 120))
    _draw_spaced(draw, (80, 90), "科普活动", font(34, "sans", "regular"), (255, 236, 200), 10)
    face, rows = _fit_lines(title, width * 0.56, 96, family="sans", max_lines=3)
    y = 170
    for row in rows:
        draw.text((80, y), row, font=face, fill=(255, 255, 255))
        y += face.size * 1.25
    small = font(32, "sans", "regular")
    for line in lines:
        if line:
            draw.text((80, height - 130), line, font=small, fill=(255, 244, 226))
            break
    image = _grain(image, 8)
    return image, (80, 160, int(width * 0.56), int(y - 160)), "红色系活动横幅，原子轨道图案，标题白字居左"


def _brand(title, rng):
    width = height = 800
    colour = rng.choice(BRAND_COLOURS)
    image = Image.new("RGB", (width, height), (252, 250, 246))
    draw = ImageDraw.Draw(image)
    cx, cy, r = width / 2, height * 0.4, 200
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
    draw.ellipse([cx - r + 18, cy - r + 18, cx + r - 18, cy + r - 18], outline=(255, 255, 255), width=6)
    mark = title[:2]
    face = font(150, "serif")
    draw.text((cx - face.getlength(mark) / 2, cy - face.size * 0.62), mark, font=face, fill=(255, 255, 255))
    name_face, rows = _fit_lines(title, width - 120, 72, family="sans", max_lines=2)
    y = cy + r + 50
    for row in rows:
        ink = _mix(colour, (0, 0, 0), 0.3)
        draw.text(((width - _text_width(name_face, row)) / 2, y), row, font=name_face, fill=ink)
        y += name_face.size * 1.2
    return image, (int(cx - r), int(cy - r), 2 * r, 2 * r), f"圆形徽标，内有“{mark}”二字，下方为品牌全称"


def draw_picture(title, kind, variant="", lines=()):
    """The picture (a PIL image), its focal box (x, y, width, height) and a description."""
    rng = random.Random(hashlib.sha256(title.encode()).digest())
    if kind == "work":
        if variant in POSTER_TYPES:
            return _poster(title, rng, lines, variant)
        if variant in SQUARE_TYPES:
            return _square(title, rng, lines)
        return _book(title, rng, lines)
    if kind == "event":
        return _event(title, rng, lines)
    if kind == "brand":
        return _brand(title.removesuffix("标志"), rng)
    if variant == "hall":
        return _venue_hall(title, rng)
    return _venue_outside(title, rng)


def demo_image(title: str, kind: str, subject: str, *, variant: str = "", lines=()) -> KepuImage:
    """The picture for one demo page; `subject` says what it shows, for its alt text.
    `variant` is a work's type (book, film, …) or "hall" for a venue's interior; `lines` are
    the small print (a book's author and publisher, a poster's credits, an event's venue)."""
    existing = KepuImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture, focus, description = draw_picture(title, kind, variant, lines)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=80, optimize=True)
    seed = hashlib.sha256(title.encode()).hexdigest()[:12]
    x, y, w, h = focus
    image = KepuImage(
        title=title,
        alt_text=f"{subject}：{description}（程序绘制的演示图片）",
        credit="Kepu 演示图片（程序生成）",
        collection=Collection.get_first_root_node(),
        focal_point_x=x + w // 2,
        focal_point_y=y + h // 2,
        focal_point_width=w,
        focal_point_height=h,
    )
    image.file = ImageFile(buffer, name=f"demo-{kind}-{seed}.jpg")
    image.save()
    return image
