"""Pictures in a real browser: a book's cover stands portrait in every listing, so its title
is not cropped away (the card's rendition has its type's shape, outreach/models/base.py)."""

from .conftest import DESKTOP, PHONE


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

