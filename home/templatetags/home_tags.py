"""Template tags of the home page."""

from django import template

from home import structure
from home.highlights import city_highlights

register = template.Library()


@register.simple_tag(takes_context=True)
def home_highlights(context, home):
    """Upcoming events and venues open now change with the clock, so the highlights are kept
    for the current minute of the current content generation."""
    return structure.remember_this_minute(
        context["request"], ("highlights", home.pk), lambda minute: city_highlights(home, minute)
    )
