"""The protocol every search store follows, so nothing outside search/stores/ asks which
store it talks to.

A store keeps the analysed tokens of each page's entry (SearchEntry, built by indexing.py
from documents.py) and answers analysis.parse_query's plan with the same rules whatever
it is: SQLite FTS5 and PostgreSQL tsvector (sql.py) keep the tokens beside the entries and
read visibility from Wagtail's tables in the same statement; OpenSearch (opensearch.py,
and Elasticsearch, elasticsearch.py, a subclass) keeps a document per page with its own
copy of `live` and the page's ancestors. The methods a store does not need are no-ops
here, so a caller never branches on the store.

Both kinds show the same pages: live, public, inside the site, and in another language
than the site root's (/en/search/) the pages of that language's home plus the root's
pages that have no live translation there (active_home).
"""

from core import site_context


def active_home(site, request):
    """The city's home in the request's language when it is not the site's root (the English
    home of a Chinese-rooted site), else None."""
    if request is None or site is None:
        return None
    home = site_context.localized_home(request)
    if home is None or home.pk == site.root_page_id:
        return None
    return home


class Store:
    """What indexing, the search, suggestions, the Wagtail backend and rebuild_search use."""

    # -- writes -----------------------------------------------------------------------------

    def write(self, indexed, refresh=True):
        """Stores [(specific page, its SearchEntry, its documents.Document)]. `refresh`
        False: a bulk rebuild, which refreshes once at its end (finish_rebuild)."""
        raise NotImplementedError

    def moved(self, page):
        """`page` (and its subtree) moved in the tree."""

    def remove(self, page_ids):
        """Pages deleted (an entry with its tokens goes with its page on the SQL stores)."""

    def refresh(self):
        """What was written shows in the next search."""

    def reset(self):
        """Drops every page's tokens that are kept apart from the entries (update_index's
        reset). The SQL stores keep them in the entries' own rows: nothing to drop."""

    # -- rebuilds ---------------------------------------------------------------------------

    def describe(self):
        """A line for rebuild_search: where the index lives, or "" for the database."""
        return ""

    def recreate(self):
        """rebuild_search --recreate: start from an empty index after a mapping change."""

    def begin_rebuild(self):
        """A marker for finish_rebuild."""
        return None

    def finish_rebuild(self, started):
        """Every page was rewritten since `started`: drop what was not, show the rest."""
        self.refresh()

    # -- queries ----------------------------------------------------------------------------

    def find(self, plan, any_term, site, requested, limit, offset, now, request=None, restrict=None):
        """The matches on `site` that may be shown (and pass `restrict`, engine.Restriction:
        free, a range of days), in one statement or request; an empty plan (a request that
        is all filters) matches every such page, upcoming and undated before past ones:
        {"all": how many match without filters, "known": the requested filter names whose
        value exists among them, "total": how many match under the filters, "facets":
        {facet: {value: count}} (each facet under every filter but its own), "ids": the
        page ids of results offset … offset + limit}. `request`: the site context's cached
        view restrictions and language, when there is one."""
        raise NotImplementedError

    def ranked(self, plan, any_term, site, now, limit, offset, title_only=False, request=None):
        """Page ids, best first: pages whose title has every term, then by weighted score
        (past events scaled down), then page id. `site` None: every page, live or not."""
        raise NotImplementedError

    def errors(self):
        """The exceptions that mean the store did not answer (a cluster down): the search
        pages answer 503 for them instead of failing. None for the database."""
        return ()
