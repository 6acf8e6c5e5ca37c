"""Writes a checked import plan. Called inside one transaction by `importer.run_import`.

Existing pages are updated the way the page editor does it (a new revision, published when
asked). New pages — a yearly list can hold thousands — go in by outreach/bulk_pages.py, a
batch at a time, and end where the editor's create and publish end (revisions, log entries,
venue staff, reference index, search entries, page cache, proxy purge).

Each action says whether its page is published or submitted to its workflow (the importer
decides from the user's permissions); a submitted page starts its workflow the way the
page editor's "submit for moderation" does.
"""

from taggit.models import Tag
from wagtail.models import WorkflowState

from outreach.bulk_pages import add_pages
from outreach.models import District

from .records import KINDS, MODELS, TERM_MODELS, apply_values, term_defaults, term_slug


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


def no_progress(phase, done, total):
    pass


def write_plan(plan, user=None, progress=None):
    """Writes every action of `plan`; returns the ids of the pages it created.
    `progress("writing", done, total)` hears how many pages are written so far."""
    progress = progress or no_progress
    resolve = Resolver(plan)
    created_ids = []
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
                created = add_pages(plan.indexes[kind], pages[start : start + WRITE_BATCH], publish, user)
                for page in created:
                    resolve.pages[kind][page.slug] = page
                    created_ids.append(page.pk)
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
