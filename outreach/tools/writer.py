"""Writes a checked import plan. Called inside one transaction by `importer.run_import`.

Existing pages are updated the way the page editor does it (a new revision, published when
asked). New pages — a yearly list can hold thousands — are inserted in bulk: tree paths
are allocated after the index page's last child, rows go in with multi-row INSERTs, each
page still gets its revision (and its log entries), and the search index is refreshed
through `search.indexing.rebuild` for exactly the new pages.

Each action says whether its page is published or submitted to its workflow (the importer
decides from the user's permissions); a submitted page starts its workflow the way the
page editor's "submit for moderation" does.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from outreach.models import District

from .importer import MODELS, TERM_MODELS, apply_values, no_progress, term_defaults
from .records import KINDS, term_slug


class Resolver:
    """Turns keys and taxonomy names into objects, creating the names that are new."""

    def __init__(self, plan):
        self.plan = plan
        self.pages = {kind: {} for kind in KINDS}
        self.terms = {}
        for name, model in TERM_MODELS.items():
            known = {}
            for term in model.objects.all():
                known.setdefault(term.slug, term)
                known.setdefault(term.name, term)
            for new_name in plan.new_terms[name]:
                slug = unique_slug(model.objects, term_slug(new_name))
                known[new_name] = model.objects.create(**{**term_defaults(new_name), "slug": slug})
            self.terms[name] = known
        self.districts = {}
        for district in District.objects.filter(site=plan.site):
            self.districts.setdefault(district.slug, district)
            self.districts.setdefault(district.name, district)
        for new_name in plan.new_terms["districts"]:
            slug = unique_slug(District.objects.filter(site=plan.site), term_slug(new_name))
            self.districts[new_name] = District.objects.create(site=plan.site, name=new_name, slug=slug)
        self.tags = {}

    def page(self, kind, key):
        if key in self.pages[kind]:
            return self.pages[kind][key]
        existing = self.plan_existing(kind, key)
        self.pages[kind][key] = existing
        return existing

    def plan_existing(self, kind, key):
        for action in self.plan.actions.get(kind, []):
            if action.key == key and action.existing is not None:
                return action.existing
        model = MODELS[kind]
        return model.objects.descendant_of(self.plan.home).filter(slug=key).order_by("path").first()

    def tag(self, name):
        if name not in self.tags:
            self.tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        return self.tags[name]

    def __call__(self, page, name, spec, value):
        if spec.role == "ref":
            setattr(page, name, self.page(spec.target, value) if value else None)
        elif spec.role == "terms":
            setattr(page, name, [self.terms[name][term] for term in value])
        elif spec.role == "district":
            page.district = self.districts[value] if value else None
        elif spec.role == "tags":
            page.tags.set([self.tag(tag) for tag in value], clear=True)


def unique_slug(queryset, base):
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base[:55]}-{n}", n + 1
    return slug


# New pages are inserted this many at a time, so progress can be reported between batches.
WRITE_BATCH = 500
UPDATES_PER_REPORT = 50


def write_plan(plan, user=None, progress=None):
    """Writes every action of `plan`; returns the ids of the pages it created.
    `progress("writing", done, total)` hears how many pages are written so far."""
    progress = progress or no_progress
    resolve = Resolver(plan)
    created_ids = []
    published_new = False
    # Pages written, and new pages submitted to review (each starts a workflow: the slow part).
    total = sum(
        (action.existing is None or action.changed) + (action.existing is None and action.submit)
        for action in plan.all_actions()
    )
    written = 0
    progress("writing", written, total)
    for kind in KINDS:
        model = MODELS[kind]
        new_pages = {True: [], False: []}  # published or not
        to_submit = []
        for action in plan.actions[kind]:
            if action.existing is None:
                page = model(slug=action.key)
                apply_values(page, kind, action.values, resolve)
                if kind == "events":
                    page.update_span()
                new_pages[action.publish].append(page)
                if action.submit:
                    to_submit.append(page)
            elif action.changed:
                page = action.existing.get_latest_revision_as_object()
                apply_values(page, kind, action.values, resolve)
                if action.content_changed or not action.submit:
                    revision = page.save_revision(user=user, log_action=True)
                    if action.publish:
                        revision.publish(user=user)
                if action.submit:
                    submit_for_review(page, user)
                resolve.pages[kind][action.key] = page
                written += 1
                if written % UPDATES_PER_REPORT == 0:
                    progress("writing", written, total)
        for publish, pages in new_pages.items():
            for start in range(0, len(pages), WRITE_BATCH):
                created = bulk_add_children(plan.indexes[kind], pages[start : start + WRITE_BATCH], publish, user)
                for page in created:
                    resolve.pages[kind][page.slug] = page
                    created_ids.append(page.pk)
                index_pages(created)
                published_new = published_new or (publish and bool(created))
                written += len(created)
                progress("writing", written, total)
        if to_submit:
            workflow = plan.indexes[kind].get_workflow()  # a new page has none of its own
            for page in to_submit:
                submit_for_review(page, user, workflow)
                written += 1
                if written % UPDATES_PER_REPORT == 0:
                    progress("writing", written, total)
    progress("writing", total, total)
    if published_new:
        from core.generations import bump_generation  # bulk inserts send no publish signal

        bump_generation()
    return created_ids


def submit_for_review(page, user, workflow=None):
    """As the page editor's "submit": resumes a workflow that asked for changes, leaves one in
    progress to review the new draft, else starts the page's workflow. False if it has none."""
    state = page.current_workflow_state if page.pk and not page._state.adding else None
    if state is not None:
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        return True
    workflow = workflow or page.get_workflow()
    if workflow is None:
        return False
    workflow.start(page, user)
    return True


def insert_rows(model, objs, fields, returning=False):
    """Multi-row INSERTs of `objs` into `model`'s own table (bulk_create refuses
    multi-table inheritance). With `returning`, sets each object's primary key."""
    if not objs:
        return
    batch = max(1, connection.ops.bulk_batch_size(fields, objs))
    manager = model._base_manager
    pk = model._meta.pk
    for start in range(0, len(objs), batch):
        chunk = objs[start : start + batch]
        rows = manager._insert(chunk, fields=fields, returning_fields=[pk] if returning else None, using="default")
        if returning:
            for obj, row in zip(chunk, rows, strict=True):
                setattr(obj, pk.attname, row[0])
        for obj in chunk:
            obj._state.adding, obj._state.db = False, "default"


def bulk_add_children(parent, pages, publish, user=None, source="import_outreach"):
    """Adds `pages` (all of one model) as the last children of `parent`, with revisions;
    `source` is recorded in their log entries."""
    if not pages:
        return []
    model = type(pages[0])
    # The parent's row stays locked to the end of the transaction (PostgreSQL), so a
    # concurrent writer cannot read the same last child and allocate the same paths.
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    position = last._get_lastpos_in_path() if last is not None else 0
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    depth = parent.depth + 1
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, depth, position + offset)
        page.depth, page.numchild = depth, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = publish, not publish
        page.latest_revision_created_at = now
        page.owner = user
        if publish:
            page.first_published_at = page.last_published_at = now

        # Every relation held in memory (empty if the record gave none), so serialising,
        # inserting and indexing the page never asks the database about it.
        loaded = getattr(page, "_cluster_related_objects", {})
        for relation in get_all_child_relations(page):
            if relation.get_accessor_name() not in loaded:
                setattr(page, relation.get_accessor_name(), [])
        for m2m in get_all_child_m2m_relations(page):
            if m2m.name not in loaded:
                setattr(page, m2m.name, [])

    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    insert_rows(Page, pages, page_fields, returning=True)
    for page in pages:
        page.page_ptr_id = page.id
    insert_rows(model, pages, list(model._meta.local_concrete_fields))
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))

    write_relations(pages)

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
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Page._meta.db_table} SET latest_revision_id = %s, live_revision_id = %s WHERE id = %s",
            [(rev.pk, rev.pk if publish else None, page.pk) for page, rev in zip(pages, revisions, strict=True)],
        )
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.live_revision_id = revision.pk if publish else None
        actions = ["wagtail.create", "wagtail.publish"] if publish else ["wagtail.create"]
        entries += [
            PageLogEntry(
                content_type=content_type,
                label=page.title,
                action=action,
                timestamp=now,
                user=user,
                page_id=page.pk,
                revision=revision,
                content_changed=True,
                data={"source": source},
            )
            for action in actions
        ]
    PageLogEntry.objects.bulk_create(entries, batch_size=500)
    return pages


def write_relations(pages):
    """The inline rows (creators, hours, occurrences, tags …) and many-to-many links the
    pages hold in memory, inserted in bulk."""
    by_model, links = {}, {}
    for page in pages:
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            fk = relation.field.attname
            for order, child in enumerate(getattr(page, name).all()):
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


def publish_new_pages(parent, pages, user=None, source="import_outreach"):
    """The bulk path for any page type: `pages` (unsaved, of one model, relations held in
    memory) become published last children of `parent`, with revisions and search entries.
    The caller runs it in a transaction and bumps the page cache's generation."""
    created = bulk_add_children(parent, pages, publish=True, user=user, source=source)
    index_pages(created)
    return created


def index_pages(pages):
    """Search entries for just-inserted pages, built from the objects in hand (their rows and
    relations are exactly what was written) through search/'s public index_page()."""
    from search.indexing import index_page

    for page in pages:
        index_page(page, fresh=True)
