"""Wagtail API v2, read-only, for city platforms and mini-programs: /api/v2/pages/ (each
type's fields; `search=` through Kepu's Chinese-aware search backend) and /api/v2/images/.

Whatever a client sends gets an answer or a 400 with a message, never a server error: a
NUL character in any query parameter (PostgreSQL refuses it in a text value) and an
offset past MAX_OFFSET (a 20-digit offset overflows the database's integers) and a
`search_operator` other than `and` or `or` are refused before any query runs, and so are a
`find/?id=` that is not a number and a `tags=` list longer than MAX_TAGS (Wagtail joins the
tag table once per tag, and SQLite allows at most 64 tables in a join)."""

from django.http import Http404
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

# Far beyond any city's pages (the large-site test has 10,000 works), far below any
# database integer's limit.
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest id a database integer column holds
MAX_TAGS = 10


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's own check answers "offset must be a positive integer"
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class HostileInputMixin:
    pagination_class = BoundedPagination

    def initial(self, request, *args, **kwargs):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(f"query parameter {name!r} contains a NUL character")
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if len(request.GET.get("tags", "").split(",")) > MAX_TAGS:
            raise BadRequestError(f"tags can name at most {MAX_TAGS} tags")
        super().initial(request, *args, **kwargs)

    def find_object(self, queryset, request):
        """`find/?id=`: Wagtail passes the text to the database as it is (`?id=x` was a
        server error)."""
        if "id" in request.GET:
            try:
                pk = int(request.GET["id"])
            except ValueError:
                raise BadRequestError("id must be an integer") from None
            if not 0 < pk <= MAX_ID:
                raise self.model.DoesNotExist
        return super().find_object(queryset, request)

    def detail_view(self, request, pk):
        """`/pages/<30 digits>/`: an id past the database's integers is no page (it was an
        OverflowError on SQLite, found by the fuzz suite)."""
        if not 0 < int(pk) <= MAX_ID:
            raise Http404
        return super().detail_view(request, pk)


class KepuPagesAPIViewSet(HostileInputMixin, PagesAPIViewSet):
    pass


class KepuImagesAPIViewSet(HostileInputMixin, ImagesAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KepuPagesAPIViewSet)
api_router.register_endpoint("images", KepuImagesAPIViewSet)
