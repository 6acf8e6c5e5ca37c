from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag
def query_with(request, name, value):
    """The current query string with `name` set to `value` (removed when empty) and page reset."""
    params = request.GET.copy()
    if name != "page":
        params.pop("page", None)
    if value in ("", None):
        params.pop(name, None)
    else:
        params[name] = value
    params.pop("format", None)
    return params.urlencode()
