"""Each city's workflows, attached where they apply.

Wagtail takes a page's workflow from the nearest ancestor that has one, so the city's home
page carries the one-step moderation workflow (events, venues and their events, brands,
standard pages) and its works and rumours indexes carry the two-step one: science review,
then moderation. The emergency fast track (one step) is picked per page while an emergency
is on (outreach/models/base.py ScienceReviewedMixin).
"""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from . import names


def approval_task(name, *groups):
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set(groups)
    return task


def workflow_of(name, tasks):
    workflow, _ = Workflow.objects.update_or_create(name=name, defaults={"active": True})
    current = list(
        WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order").values_list("task_id", flat=True)
    )
    if current != [task.pk for task in tasks]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def assign(page, workflow):
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def ensure_city_workflows(home, homes, works_indexes, reviewers, moderators):
    """`homes` and `works_indexes` are the pages in every language (the English tree too)."""
    city = home.city_name
    science = approval_task(names.science_reviewers(city), reviewers)
    moderation = approval_task(names.moderators(city), moderators)
    content = workflow_of(names.content_workflow(city), [moderation])
    works = workflow_of(names.works_workflow(city), [science, moderation])
    # 应急快速审核: one approval, by a science reviewer or a moderator of the city, for the
    # emergency hub and what is tagged with its hazard while the mode is on. Assigned to no
    # page: ScienceReviewedMixin.get_workflow picks it (outreach/models/base.py).
    fast_track = approval_task(names.fast_track_task(city), reviewers, moderators)
    workflow_of(names.fast_track_workflow(city), [fast_track])
    for page in homes:
        assign(page, content)
    for page in works_indexes:
        assign(page, works)
    return content, works
