"""The 同义词 snippet in the admin (Settings → 同义词): editors add a word and its equivalents;
Wagtail's snippet views check the model permissions (search.add/change/delete_synonym),
which `manage.py setup_roles` grants (outreach/roles/setup.py)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "同义词"
    add_to_settings_menu = True
    list_display = ["term", "equivalents", "updated_at"]
    ordering = ["term"]


register_snippet(SynonymViewSet)
