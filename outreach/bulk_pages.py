"""Adding many new pages at once, ending where the page editor's create and publish end.

The importer (outreach/tools/writer.py) and the large-site generator (demo/large.py) add
thousands of pages. Through Wagtail's public calls (`add_child`, `save_revision`,
`publish`) each page costs dozens of queries and several signals, far below the import's
floor (bench/README.md, "Import"); so here a batch of pages of one model goes in with a
few multi-row INSERTs, using only public APIs: tree paths in treebeard's documented encoding
(`Page.alphabet`, `Page.steplen`), the page rows by `bulk_create`, the type's own rows and
inline rows with plain INSERTs.

Each page still gets exactly what the editor's publish gives it — a revision, the
editor's log entries (created, edited, published), owner, url_path, locale, live flags —
and then the same side effects, through outreach/lifecycle.py: venue staff, reference
index and search entries (`pages_created`), cache generation and proxy purge
(`pages_published`). tests/tools/test_write_lifecycle.py compares such a page with one made
in the editor, field by field.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, PageLogEntry, Revision

from . import lifecycle

# The editor's create-and-publish writes these entries, in this order (Wagtail's create view:
# add_child, save_revision(log_action=True), revision.publish()).
CREATED_LOG = ("wagtail.create", "wagtail.edit")
PUBLISHED_LOG = ("wagtail.publish",)


def add_pages(parent, pages, publish, user=None, source="import_outreach"):
    """Adds `pages` (unsaved, all of one model, relations held in memory) as the last
    children of `parent`, as drafts or published, with revisions and log entries
    (`source` says which tool wrote them); then runs the lifecycle's side effects. The
    caller holds a transaction."""
    if not pages:
        return []
    model = type(pages[0])
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    parent = place_in_tree(parent, pages)
    for page in pages:
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = publish, not publish
        page.latest_revision_created_at = now
        page.owner = user
        if publish:
            page.first_published_at = page.last_published_at = now
        hold_relations(page)

    Page.objects.bulk_create(pages, batch_size=500)  # the base rows; sets each page's id
    for page in pages:
        page.page_ptr_id = page.id
    insert_rows(model, pages, model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    write_relations(pages)
    revisions = add_revisions(pages, content_type, user, now, publish)
    add_log_entries(pages, revisions, content_type, user, now, publish, source)

    lifecycle.pages_created(pages)
    if publish:
        lifecycle.pages_published(pages)
    return pages


def publish_new_pages(parent, pages, user=None, source="import_outreach"):
    """`pages` become published last children of `parent` (add_pages, published)."""
    return add_pages(parent, pages, publish=True, user=user, source=source)


def place_in_tree(parent, pages):
    """Tree path, depth and url_path for `pages` after `parent`'s last child; returns the
    parent as it is in the database now. The parent's row
    stays locked to the end of the transaction (PostgreSQL), so a concurrent writer cannot
    read the same last child and allocate the same paths."""
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    last = locked.get_last_child()
    position = step_number(last.path[-Page.steplen :]) if last is not None else 0
    depth = locked.depth + 1
    for offset, page in enumerate(pages, start=1):
        page.path = locked.path + step(position + offset)
        page.depth, page.numchild = depth, 0
        page.url_path = f"{locked.url_path}{page.slug}/"
    return locked


def step(number):
    """One level of a treebeard path: `number` in Page.alphabet, Page.steplen characters."""
    alphabet, digits = Page.alphabet, ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    if len(digits) > Page.steplen:
        raise PathOverflow("no room for more children under this page")
    return digits.rjust(Page.steplen, alphabet[0])


def step_number(digits):
    number = 0
    for digit in digits:
        number = number * len(Page.alphabet) + Page.alphabet.index(digit)
    return number


def hold_relations(page):
    """Pins every inline relation and many-to-many in memory (empty where the caller set
    none), so serialising, inserting and indexing the page never ask the database about it.
    An unsaved page reads its unset relations as empty."""
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        setattr(page, name, list(getattr(page, name).all()))
    for m2m in get_all_child_m2m_relations(page):
        setattr(page, m2m.name, list(getattr(page, m2m.name).all()))


def insert_rows(model, objs, fields):
    """Multi-row INSERTs of `objs` into `model`'s own table: `bulk_create` refuses a model
    with a parent table. Values are prepared as Django's own INSERTs prepare them."""
    if not objs:
        return
    fields = list(fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    rows = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, "default"


def write_relations(pages):
    """The inline rows (creators, hours, occurrences …) and many-to-many links the pages
    hold in memory, inserted in bulk."""
    by_model, links = {}, {}
    for page in pages:
        for relation in get_all_child_relations(page):
            fk = relation.field.attname
            for order, child in enumerate(getattr(page, relation.get_accessor_name()).all()):
                setattr(child, fk, page.pk)
                if hasattr(child, "sort_order") and child.sort_order is None:
                    child.sort_order = order
                by_model.setdefault(type(child), []).append(child)
        for m2m in get_all_child_m2m_relations(page):
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            for term in getattr(page, m2m.name).all():
                links.setdefault(through, []).append(through(**{f"{source}_id": page.pk, f"{target}_id": term.pk}))
    for model, rows in by_model.items():
        model.objects.bulk_create(rows, batch_size=500)
    for through, rows in links.items():
        through.objects.bulk_create(rows, batch_size=500)


def add_revisions(pages, content_type, user, now, publish):
    """Each page's first revision, as `save_revision` writes it; the page points at it as its
    latest (and, published, its live) revision."""
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            user=user,
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=500)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.live_revision = revision if publish else None
    # One statement per page (bulk_update's CASE over 500 rows compiles slower than this runs).
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Page._meta.db_table)} SET latest_revision_id = %s, live_revision_id = %s WHERE id = %s",
            [(page.latest_revision_id, page.live_revision_id, page.pk) for page in pages],
        )
    return revisions


def add_log_entries(pages, revisions, content_type, user, now, publish, source):
    actions = CREATED_LOG + (PUBLISHED_LOG if publish else ())
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                label=page.title,
                action=action,
                timestamp=now,
                user=user,
                page_id=page.pk,
                revision=None if action == "wagtail.create" else revision,
                content_changed=True,
                data={"source": source},
            )
            for page, revision in zip(pages, revisions, strict=True)
            for action in actions
        ],
        batch_size=500,
    )
