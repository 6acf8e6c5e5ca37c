"""Draws the site's favicon and app icons into site/static/icons/ (run again after a change):
an atom, three orbits round a nucleus, white on the default theme's blue. No font needed.

    /work/main/.venv/bin/python tools/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "site" / "static" / "icons"
BLUE = (11, 83, 148)
WHITE = (255, 255, 255)
ACCENT = (255, 196, 61)


def draw(size, padding=0.0):
    scale = 4
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    inset = s * padding
    d.rounded_rectangle((inset, inset, s - inset, s - inset), radius=(s - 2 * inset) * 0.22, fill=BLUE)
    c = s / 2
    inner = s - 2 * inset
    width = max(scale, round(inner * 0.055))
    rx, ry = inner * 0.36, inner * 0.14
    for angle in (0, 60, 120):
        layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
        ImageDraw.Draw(layer).ellipse((c - rx, c - ry, c + rx, c + ry), outline=WHITE, width=width)
        image.alpha_composite(layer.rotate(angle, resample=Image.BICUBIC, center=(c, c)))
    r = inner * 0.075
    d.ellipse((c - r, c - r, c + r, c + r), fill=ACCENT)
    return image.resize((size, size), Image.LANCZOS)


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="#0b5394"/>
<g fill="none" stroke="#fff" stroke-width="3.5">
<ellipse cx="32" cy="32" rx="23" ry="9"/>
<ellipse cx="32" cy="32" rx="23" ry="9" transform="rotate(60 32 32)"/>
<ellipse cx="32" cy="32" rx="23" ry="9" transform="rotate(120 32 32)"/>
</g>
<circle cx="32" cy="32" r="4.8" fill="#ffc43d"/>
</svg>
"""

MANIFEST = """{
  "name": "科普",
  "short_name": "科普",
  "icons": [
    {"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
    {"src": "icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"}
  ],
  "start_url": "/",
  "display": "browser",
  "theme_color": "#0b5394",
  "background_color": "#ffffff"
}
"""


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    draw(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    draw(180).save(OUT / "apple-touch-icon.png", optimize=True)
    draw(192).save(OUT / "icon-192.png", optimize=True)
    draw(512).save(OUT / "icon-512.png", optimize=True)
    maskable = Image.new("RGBA", (512, 512), BLUE)
    maskable.alpha_composite(draw(512, padding=0.1))
    maskable.save(OUT / "icon-maskable-512.png", optimize=True)
    (OUT / "icon.svg").write_text(SVG, encoding="utf-8")
    (OUT / "site.webmanifest").write_text(MANIFEST, encoding="utf-8")


if __name__ == "__main__":
    main()
