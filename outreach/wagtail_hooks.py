"""Admin hooks. Each area registers its own in its module; this file only imports them so
Wagtail discovers them."""
