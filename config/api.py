"""Wagtail API v2, read-only, for city platforms and mini-programs: /api/v2/pages/ (each
type's fields; `search=` through Kepu's Chinese-aware search backend) and /api/v2/images/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
