"""Pictures in a real browser: a book's cover stands portrait in every listing, so its title
is not cropped away (the card's rendition has its type's shape, outreach/models/base.py)."""

import re

from .conftest import DESKTOP, PHONE, path_of, shoot


def rendered_size(page, selector):
    return page.eval_on_selector(
        selector, "img => [img.getBoundingClientRect().width, img.getBoundingClientRect().height]"
    )


def test_book_covers_in_listings_are_portrait_and_venues_landscape(visit, city):
    for viewport in (PHONE, DESKTOP):
        page = visit(viewport=viewport).goto("/works/")
        cover = page.locator(".card--work img").first
        cover.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('.card--work img').complete")
        width, height = rendered_size(page, ".card--work img")
        assert 0 < width < height, (viewport, width, height)
        assert abs(width / height - 3 / 4) < 0.02, (viewport, width, height)
        # The picture itself is a 3:4 rendition, not a landscape one squeezed by CSS.
        natural = page.eval_on_selector(".card--work img", "img => [img.naturalWidth, img.naturalHeight]")
        assert natural == [360, 480], natural
        venues = visit(viewport=viewport).goto("/venues/")
        width, height = rendered_size(venues, ".card--venue img")
        assert width > height, (viewport, width, height)


def test_maps_without_tiles_are_a_labelled_marker_view_and_with_amap_carry_no_flag(visit, city, settings):
    from core.maps import resolve

    v = visit(viewport=DESKTOP)
    page = v.goto("/venues/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    # A plain ground with each venue's name beside its pin, not a grey box; no tile, no flag.
    assert page.locator(".map--plain").count() == 1
    assert sorted(page.locator(".map-label").all_inner_texts()) == ["上海天文馆", "上海科技馆", "上海自然博物馆"]
    assert page.locator(".leaflet-tile").count() == 0 and page.locator(".leaflet-control-attribution").count() == 0
    shoot(page, "venues-map-plain-desktop")
    assert v.blocked == []

    settings.KEPU_MAP = resolve("amap")
    page = visit(viewport=DESKTOP).goto(path_of(city["museum"]))
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert "autonavi.com" in page.locator(".leaflet-tile").first.get_attribute("src")
    attribution = page.locator(".leaflet-control-attribution")
    assert attribution.inner_text().strip() == "© 高德地图"
    assert attribution.locator("svg").count() == 0  # Leaflet's prefix (with its flag) is off


def test_share_block_copies_the_link_and_the_poster_prints_on_one_a4_page(visit, city, browser):
    museum = path_of(city["museum"])
    v = visit(viewport=PHONE)
    page = v.goto(museum)
    share = page.locator(".share")
    share.scroll_into_view_if_needed()
    qr = share.locator("svg.qr").bounding_box()
    assert qr["width"] >= 120 and abs(qr["width"] - qr["height"]) < 1  # big and square enough to scan
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    share.locator(".share__copy").click()
    share.locator(".share__status").filter(has_text="链接已复制").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    # The site's own address (its Wagtail Site's host), which is what the QR code encodes too.
    assert copied == share.locator(".share__url").input_value() and copied.endswith(museum)
    shoot(page, "share-venue-phone")
    page = visit(viewport=DESKTOP).goto(museum + "?poster=1")
    shoot(page, "poster-venue-desktop")
    page.emulate_media(media="print")
    # Printed, the poster is alone: no menu, header, footer or toolbar.
    shown = "[...document.body.children].filter(e => e.tagName !== 'MAIN' && getComputedStyle(e).display !== 'none')"
    assert page.evaluate(f"{shown}.length") == 0
    assert page.locator(".poster-toolbar").is_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1  # one A4 page
