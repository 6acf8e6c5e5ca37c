from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


def _query_params(request):
    """The request's query string as {name: [values]}, read once per request: a results page
    builds a link for every facet value from it."""
    params = getattr(request, "_kepu_query_params", None)
    if params is None:
        params = request._kepu_query_params = {name: request.GET.getlist(name) for name in request.GET}
    return params


@register.simple_tag
def query_with(request, name, value):
    """The current query string with `name` set to `value` (removed when empty) and page reset."""
    params = dict(_query_params(request))
    if name != "page":
        params.pop("page", None)
    if value in ("", None):
        params.pop(name, None)
    else:
        params[name] = [value]
    params.pop("format", None)
    return urlencode(params, doseq=True)


@register.simple_tag
def facets_open(results):
    """Whether the collapsible filter panel starts open: when one of its filters is applied."""
    filters = getattr(results, "filters", None) or {}
    return any(value for name, value in filters.items() if name != "type")
