"""Bulk import of brands, venues, works, events and rumours into one city site.

    plan = plan_import(data, site_key=None, publish=False)   # validates everything, writes nothing
    report = run_import(data, site_key=None, publish=False, dry_run=False, user=None, progress=None)

All or nothing: the whole file is checked first (every problem is collected, each naming
its record's key and field) and only a clean file is written, in one transaction. A record's
`key` is its page's slug under the city's index page (for events: any event page of the
city), so a second run finds the same pages: it updates what changed, leaves the rest, and
never duplicates. Pages are drafts unless `publish`.

With a `user` (the admin view), every page is checked against their page permissions: new
pages need "add" on the index, updated pages "edit" (and no lock against the user), and a
page is published only where the user may publish it; works are never published directly
by anyone but a superuser (they pass 科学性审核 then 发布审核). What the user may not publish
is saved as a draft and submitted to its workflow. A taxonomy name the file uses that does
not exist yet is created only if the user may add that kind of term in the admin (editors add
topics, audiences and hazard types; only a 站点管理员 adds a district): otherwise every record
using it is an error and nothing is written; and an event is newly held only at a venue the
user may explore, as the page form allows. Without a user (the management command, run by
the server's operator, who stands outside the admin's roles as guards.py's rules do) every
page and term is written as asked.

`progress(phase, done, total)`, if given, hears how far the check ("checking": records) and
the writing ("writing": pages) have come; the background worker shows it on the job page.

Every input is bounded (MAX_RECORDS, MAX_DEPTH, MAX_TEXT, the models' max_length, number
ranges) and NUL characters are refused, so a hostile file gets a message, never a 5xx.
"""

import json
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from taggit.models import Tag
from wagtail.models import Page, Site
from wagtail.permissions import page_permission_policy, policy_registry

from outreach.models import (
    Audience,
    BrandIndexPage,
    District,
    EventIndexPage,
    Hazard,
    RumourIndexPage,
    Topic,
    VenueIndexPage,
    WorkIndexPage,
)
from outreach.models.venues import Weekday, overlapping_rows
from outreach.roles.forms import NOT_YOUR_VENUE

from .records import (
    CHILD_MODELS,
    FIELDS,
    KIND_LABELS,
    KINDS,
    MODELS,
    TERM_MODELS,
    FieldProblem,
    apply_values,
    json_repr,
)
from .writer import no_progress, write_plan

INDEX_MODELS = {
    "brands": BrandIndexPage,
    "venues": VenueIndexPage,
    "works": WorkIndexPage,
    "events": EventIndexPage,
    "rumours": RumourIndexPage,
}
RESOLVED = ("topics", "audiences", "hazards", "district", "tags", "brand", "venue")
TERM_NAMES = ("topics", "audiences", "hazards")
# Set by the importer, never by the model's own validation.
TREE_FIELDS = [
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "page_ptr",
    "locale",
    "translation_key",
    "draft_title",
    "first_start",
    "last_end",
]
MAX_ERRORS_SHOWN = 50
PROGRESS_EVERY = 200  # records checked between progress reports
MAX_RECORDS = 50_000  # per file, all kinds together; a yearly list is a few thousand
MAX_DEPTH = 4  # record -> list (creators …) -> object -> value
MAX_TEXT = 100_000  # characters in any one value (a body); model fields have their own max_length
# Spreadsheet lists seldom have summaries: the row's own summary line, used for new pages only.
DEFAULT_SUMMARY = "_default_summary"


class ImportFileError(Exception):
    """The file cannot be imported; `errors` are messages an editor can act on."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))

    def summary(self, limit=MAX_ERRORS_SHOWN):
        lines = self.errors[:limit]
        if len(self.errors) > limit:
            lines.append(f"……另有 {len(self.errors) - limit} 个问题未列出。")
        return lines


@dataclass
class Action:
    kind: str
    key: str
    values: dict
    existing: object = None  # the page as it stands (its latest draft), if the key exists
    changed: bool = True
    content_changed: bool = True
    publish: bool = False  # this page is published (the plan asks and the user may)
    submit: bool = False  # this page is submitted to its workflow instead of published


@dataclass
class Plan:
    site: Site
    home: object
    indexes: dict
    actions: dict  # kind -> [Action]
    new_terms: dict  # "topics" / "audiences" / "districts" -> [names]
    publish: bool = False
    user: object = None

    def all_actions(self):
        return [action for kind in KINDS for action in self.actions.get(kind, [])]

    def published(self):
        return sum(1 for action in self.all_actions() if action.changed and action.publish)

    def submitted(self):
        return sum(1 for action in self.all_actions() if action.changed and action.submit)

    def counts(self):
        counts = {}
        for kind in KINDS:
            actions = self.actions.get(kind, [])
            counts[kind] = {
                "created": sum(1 for a in actions if a.existing is None),
                "updated": sum(1 for a in actions if a.existing is not None and a.changed),
                "unchanged": sum(1 for a in actions if a.existing is not None and not a.changed),
            }
        return counts


@dataclass
class ImportReport:
    site: str
    counts: dict
    new_terms: dict
    dry_run: bool
    published: bool
    seconds: float = 0.0
    created_ids: list = field(default_factory=list)
    submitted: int = 0  # pages submitted to their workflow instead of being published

    def lines(self):
        if self.dry_run:
            head = "试运行（未写入任何内容）"
        elif self.published:
            head = "已导入并发布"
        else:
            head = "已导入并提交审核" if self.submitted else "已导入为草稿"
        lines = [f"{head}：站点 {self.site}"]
        for kind in KINDS:
            c = self.counts[kind]
            lines.append(
                f"{kind}（{KIND_LABELS[kind]}）：新建 {c['created']}，更新 {c['updated']}，未变 {c['unchanged']}"
            )
        labels = {"topics": "主题", "audiences": "受众", "hazards": "灾害类型", "districts": "行政区"}
        for name, label in labels.items():
            if self.new_terms.get(name):
                lines.append(f"新建{label}：{'、'.join(self.new_terms[name])}")
        if self.submitted:
            verb = "将提交审核" if self.dry_run else "已提交审核"
            lines.append(
                f"{verb}：{self.submitted} 个页面（你没有直接发布它们的权限，或是科普作品：须经科学性审核和发布审核），"
                "审核通过后发布"
            )
        return lines

    def as_dict(self):
        return {
            "site": self.site,
            "counts": self.counts,
            "new_terms": self.new_terms,
            "dry_run": self.dry_run,
            "submitted": self.submitted,
        }


class DuplicateField(ValueError):
    pass


def no_duplicate_fields(pairs):
    """json's object_pairs_hook: a field given twice in one object is refused, not overwritten."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen = set()
        for name, _value in pairs:
            if name in seen:
                key = data.get("key")
                where = f'（key 为 "{key}" 的记录）' if isinstance(key, str) else ""
                raise DuplicateField(f'字段 "{name}" 在同一个对象中重复出现{where}：请只写一次。')
            seen.add(name)
    return data


def parse_json(raw):
    """Bytes or text of a JSON import file -> its top-level object, or ImportFileError."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(["文件不是 UTF-8 编码的 JSON。"]) from None
    try:
        data = json.loads(raw, object_pairs_hook=no_duplicate_fields)
    except json.JSONDecodeError as error:
        raise ImportFileError([f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}。"]) from None
    except DuplicateField as error:
        raise ImportFileError([str(error)]) from None
    except RecursionError:
        raise ImportFileError([f"JSON 嵌套过深：导入文件的记录最多嵌套 {MAX_DEPTH} 层。"]) from None
    return data


def value_problems(value, depth=0):
    """Walks one record's value without recursion: (path, message) for NUL characters,
    over-long text and nesting deeper than any field allows."""
    stack = [(value, "", depth)]
    while stack:
        item, path, level = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                yield path, "含有 NUL 空字符（\\u0000），请删除后再导入。"
            elif len(item) > MAX_TEXT:
                yield path, f"文字过长（{len(item)} 个字符，最多 {MAX_TEXT}）。"
            continue
        if not isinstance(item, dict | list):
            continue
        if level >= MAX_DEPTH:
            yield path, f"嵌套过深（最多 {MAX_DEPTH} 层）。"
            continue
        entries = item.items() if isinstance(item, dict) else enumerate(item)
        for name, child in entries:
            if isinstance(name, str) and "\x00" in name:
                yield path, "字段名含有 NUL 空字符。"
                continue
            child_path = f"{path}.{name}" if isinstance(name, str) else f"{path}[{name}]"
            stack.append((child, child_path.lstrip("."), level + 1))


def find_site(site_key):
    """The city site whose home page has the slug `site_key` (shanghai, nantong)."""
    sites = {site.root_page.slug: site for site in Site.objects.select_related("root_page")}
    if site_key is not None and not isinstance(site_key, str):
        raise ImportFileError([f"site：应为站点标识文字（可用：{'、'.join(sorted(sites))}）。"])
    if not site_key:
        raise ImportFileError(
            [f'site：未指定城市站点（文件中写 "site"，或用 --site；可用：{"、".join(sorted(sites))}）。']
        )
    if site_key not in sites:
        raise ImportFileError([f'site：未知站点 "{site_key}"（可用：{"、".join(sorted(sites))}）。'])
    return sites[site_key]


class Planner:
    """Checks a whole file and works out what each record would do, without writing."""

    def __init__(self, data, site_key=None, publish=False, user=None, progress=None):
        self.data, self.site_key, self.publish, self.user = data, site_key, publish, user
        self.progress = progress or no_progress
        self.errors = []

    def error(self, kind, index, key, field_name, message):
        who = f"{kind}[{index}]" + (f' "{key}"' if key else "")
        self.errors.append(f"{who} → {field_name}：{message}")

    def plan(self):
        data = self.data
        if not isinstance(data, dict):
            raise ImportFileError(['文件的顶层应为一个对象：{"site": …, "works": […], …}。'])
        unknown = sorted(set(data) - {"site", *KINDS})
        if unknown:
            raise ImportFileError([f"未知的顶层字段 {'、'.join(unknown)}（可用：site、{'、'.join(KINDS)}）。"])
        site = find_site(self.site_key or data.get("site"))
        home = site.root_page.specific
        indexes = {}
        for kind in KINDS:
            index = INDEX_MODELS[kind].objects.child_of(home).first()
            if index is None and data.get(kind):
                raise ImportFileError([f"{kind}：站点 {home.slug} 没有{KIND_LABELS[kind]}列表页，无法导入。"])
            indexes[kind] = index
        records = {}
        for kind in KINDS:
            rows = data.get(kind) or []
            if not isinstance(rows, list):
                raise ImportFileError([f"{kind}：应为记录的列表（[…]），而不是 {json_repr(rows)[:40]}。"])
            records[kind] = rows
        total = sum(len(rows) for rows in records.values())
        if total > MAX_RECORDS:
            raise ImportFileError([f"文件有 {total} 条记录，一次最多导入 {MAX_RECORDS} 条记录：请分成几个文件导入。"])

        self.site, self.home, self.indexes = site, home, indexes
        self.existing = {kind: self.existing_pages(kind) for kind in KINDS}
        self.file_keys = {kind: set() for kind in KINDS}
        self.terms = {name: self.known_terms(model) for name, model in TERM_MODELS.items()}
        self.districts = self.known_districts(site)
        self.new_terms = {**{name: [] for name in TERM_MODELS}, "districts": []}
        self.may_add = {model: may_add(self.user, model) for model in (*TERM_MODELS.values(), District)}

        actions = {kind: [] for kind in KINDS}
        for kind in KINDS:  # keys first, so references may point forward within the file
            for record in records[kind]:
                if isinstance(record, dict) and isinstance(record.get("key"), str):
                    self.file_keys[kind].add(record["key"].strip())
        checked = 0
        for kind in KINDS:
            seen = set()
            for index, record in enumerate(records[kind]):
                action = self.plan_record(kind, index, record, seen)
                if action is not None:
                    actions[kind].append(action)
                checked += 1
                if checked % PROGRESS_EVERY == 0:
                    self.progress("checking", checked, total)
        self.progress("checking", total, total)
        if self.errors:
            raise ImportFileError(self.errors)
        self.decide_publishing(actions)
        if self.errors:
            raise ImportFileError(self.errors)
        return Plan(site, home, indexes, actions, self.new_terms, self.publish, self.user)

    def decide_publishing(self, actions):
        """Which pages are published, submitted to review or refused, for `self.user`."""
        user = self.user
        for kind in KINDS:
            if user is None:  # the management command: as asked
                for action in actions[kind]:
                    action.publish = self.publish
                continue
            index = self.indexes[kind]
            index_rights = index.permissions_for_user(user) if index is not None else None
            for action in actions[kind]:
                if not action.changed:
                    continue
                who = f'{kind} "{action.key}"'
                if action.existing is None:
                    if not index_rights.can_add_subpage():
                        self.errors.append(f"{who}：无权在站点 {self.home.slug} 的{KIND_LABELS[kind]}列表下新建页面。")
                        continue
                    may_publish = index_rights.can_publish_subpage()
                else:
                    page = action.existing
                    rights = page.permissions_for_user(user)
                    if not rights.can_edit():
                        self.errors.append(f"{who}：无权修改站点 {self.home.slug} 上的这个页面。")
                        continue
                    lock = page.get_lock()
                    if lock is not None and lock.for_user(user):
                        self.errors.append(f"{who}：页面已锁定，现在不能修改（{lock.get_message(user)}）。")
                        continue
                    may_publish = rights.can_publish()
                if getattr(MODELS[kind], "needs_science_review", False) and not user.is_superuser:
                    may_publish = False  # works and rumours reach the site only through review
                action.publish = self.publish and may_publish
                action.submit = self.publish and not may_publish
                if action.submit and not action.content_changed and action.existing.workflow_in_progress:
                    action.changed = action.submit = False  # already waiting for review as it is
        if user is not None and not user.is_superuser:
            self.check_venue_choices(actions["events"])

    def check_venue_choices(self, actions):
        """As the page form (outreach/roles/forms.py): an event may be newly held at a venue of
        the site only if the user may explore it (a venue the file creates is theirs)."""
        chosen = {}
        for action in actions:
            venue = self.existing["venues"].get(action.values.get("venue") or "")
            if (
                action.changed
                and venue is not None
                and (action.existing is None or action.existing.venue_id != venue.pk)
            ):
                chosen.setdefault(venue.pk, []).append(action)
        if not chosen:
            return
        explorable = set(
            page_permission_policy.explorable_instances(self.user).filter(pk__in=chosen).values_list("pk", flat=True)
        )
        for venue_pk, events in chosen.items():
            if venue_pk in explorable:
                continue
            for action in events:
                self.errors.append(f'events "{action.key}" → venue："{action.values["venue"]}"：{NOT_YOUR_VENUE}')

    def existing_pages(self, kind):
        model = MODELS[kind]
        if kind == "events":  # events live under the events index or under their venue
            pages = model.objects.descendant_of(self.home)
        elif self.indexes[kind] is None:
            return {}
        else:
            pages = model.objects.child_of(self.indexes[kind])
        found = {}
        for page in pages.order_by("path"):
            found.setdefault(page.slug, page)
        return found

    @staticmethod
    def known_terms(model):
        known = {}
        for term in model.objects.all():
            known.setdefault(term.slug, term)
            known.setdefault(term.name, term)
        return known

    @staticmethod
    def known_districts(site):
        known = {}
        for district in District.objects.filter(site=site):
            known.setdefault(district.slug, district)
            known.setdefault(district.name, district)
        return known

    def plan_record(self, kind, index, record, seen):
        if not isinstance(record, dict):
            self.error(kind, index, None, "(记录)", f"应为对象（{{…}}），而不是 {json_repr(record)[:40]}。")
            return None
        key = record.get("key")
        if not isinstance(key, str) or not key.strip():
            self.error(
                kind, index, None, "key", "每条记录都需要 key（页面网址中的标识，例如 shanghai-science-festival）。"
            )
            return None
        key = key.strip()
        try:
            validate_unicode_slug(key)
        except ValidationError:
            self.error(kind, index, key, "key", "只能包含字母、数字、汉字、连字符和下划线。")
            return None
        if key in seen:
            self.error(kind, index, key, "key", "在文件中重复出现。")
            return None
        seen.add(key)
        specs = FIELDS[kind]
        values, ok = {}, True
        bad_values = False
        for path, message in value_problems(record):
            self.error(kind, index, key, path or "(记录)", message)
            bad_values = True
        if bad_values:
            return None
        for name in record:
            if name in ("key", DEFAULT_SUMMARY):
                continue
            spec = specs.get(name)
            if spec is None:
                self.error(kind, index, key, name, f"未知字段（{kind} 可用：key、{'、'.join(specs)}）。")
                ok = False
                continue
            try:
                values[name] = spec.convert(record[name])
            except FieldProblem as problem:
                self.error(kind, index, key, name, str(problem))
                ok = False
        if not ok:
            return None
        if not self.check_references(kind, index, key, values):
            return None
        existing = self.existing[kind].get(key)
        if existing is None and "summary" not in values and isinstance(record.get(DEFAULT_SUMMARY), str):
            values["summary"] = record[DEFAULT_SUMMARY]  # a list without summaries: a line made from it
        before = existing.get_latest_revision_as_object() if existing is not None else None
        page = before if before is not None else MODELS[kind](slug=key)
        snapshot = state(page, values) if before is not None else None
        apply_values(page, kind, values)
        if not self.validate_page(kind, index, key, page, values, is_new=existing is None):
            return None
        changed = content_changed = True
        if existing is not None:
            content_changed = snapshot != self.incoming_state(page, values)
            changed = content_changed or (self.publish and (not existing.live or existing.has_unpublished_changes))
        return Action(kind, key, values, existing, changed, content_changed)

    def incoming_state(self, page, values):
        """The state the record asks for: cleaned scalars from `page`, names as they will be."""
        result = state(page, {name: v for name, v in values.items() if name not in RESOLVED})
        for name, value in values.items():
            if name in TERM_NAMES:
                known = self.terms[name]
                result[name] = sorted(known[v].name if v in known else v for v in value)
            elif name == "district":
                result[name] = (self.districts[value].name if value in self.districts else value) or None
            elif name == "tags":
                result[name] = sorted(value)
            elif name in ("brand", "venue"):
                result[name] = value or None
        return result

    def check_references(self, kind, index, key, values):
        ok = True
        for name, spec in FIELDS[kind].items():
            if name not in values:
                continue
            value = values[name]
            limit = NAME_LENGTHS.get(spec.role if spec.role in ("tags", "district") else name)
            if limit and spec.role in ("terms", "tags", "district"):
                too_long = [term for term in (value if isinstance(value, list) else [value]) if len(term) > limit]
                if too_long:
                    self.error(kind, index, key, name, f"名称最多 {limit} 个字符：{too_long[0][:20]}…")
                    ok = False
                    continue
            if spec.role == "ref" and value:
                target = spec.target
                if value not in self.file_keys[target] and value not in self.existing[target]:
                    label = KIND_LABELS[target]
                    self.error(kind, index, key, name, f'找不到{label} "{value}"：文件中没有这个 key，站点上也没有。')
                    ok = False
            elif spec.role == "terms":
                for term_name in value:
                    if term_name not in self.terms[name]:
                        ok = self.new_term(kind, index, key, name, TERM_MODELS[name], term_name, name) and ok
            elif spec.role == "district" and value and value not in self.districts:
                ok = self.new_term(kind, index, key, name, District, value, "districts") and ok
        return ok

    def new_term(self, kind, index, key, field_name, model, term_name, listed_as):
        """A name the site does not have yet: listed to be created, or an error for this
        record if the user may not add that kind of term in the admin."""
        if not self.may_add[model]:
            label = model._meta.verbose_name
            self.error(
                kind,
                index,
                key,
                field_name,
                f"{label}「{term_name}」还不存在，你没有新建{label}的权限："
                f"请站点管理员先添加{label}「{term_name}」，或改用已有的{label}名称。",
            )
            return False
        new = self.new_terms[listed_as]
        new.extend([] if term_name in new else [term_name])
        return True

    def validate_page(self, kind, index, key, page, values, is_new):
        """The model's own rules: field validators, required fields, clean()."""
        exclude = [*TREE_FIELDS, *foreign_keys(page)]
        if is_new:
            # A new page's slug is its key, checked against its future siblings above.
            page._check_slug_is_unique = lambda: None
        if kind == "events":
            page.update_span()
        ok = True
        try:
            page.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            ok = False
            for field_name, messages in error.message_dict.items():
                name = "(记录)" if field_name == "__all__" else field_name
                self.error(kind, index, key, name, " ".join(messages))
        finally:
            page.__dict__.pop("_check_slug_is_unique", None)
        for relation in ("creators", "awards", "opening_hours", "occurrences", "evidence"):
            if relation not in values:
                continue
            model, _fields = CHILD_MODELS[relation]
            parent_field = {
                "creators": "work",
                "awards": "work",
                "opening_hours": "venue",
                "occurrences": "event",
                "evidence": "rumour",
            }
            for row_number, child in enumerate(getattr(page, relation).all()):
                try:
                    child.full_clean(exclude=[parent_field[relation], "sort_order"])
                except ValidationError as error:
                    ok = False
                    for field_name, messages in error.message_dict.items():
                        self.error(kind, index, key, f"{relation}[{row_number}].{field_name}", " ".join(messages))
        if "opening_hours" in values and ok:
            rows = [(None, row.weekday, row.opens, row.closes) for row in page.opening_hours.all()]
            for previous, current in overlapping_rows(rows):
                self.error(
                    kind,
                    index,
                    key,
                    "opening_hours",
                    f"{Weekday(current[1]).label}的开放时段重叠："
                    f"{previous[2]:%H:%M}–{previous[3]:%H:%M} 与 {current[2]:%H:%M}–{current[3]:%H:%M}。",
                )
                ok = False
        return ok


def may_add(user, model):
    """Whether an import by `user` may create `model` rows (taxonomy terms, districts): what the
    admin's snippet views allow them; the command's operator (no user) may."""
    return user is None or policy_registry.get_by_type(model).user_has_permission(user, "add")


def foreign_keys(page):
    return [f.name for f in page._meta.concrete_fields if f.is_relation and f.many_to_one]


def state(page, values):
    """What `page` holds for the fields a record sets, comparable with ==."""
    result = {}
    for name in values:
        if name == "body":
            result[name] = [
                (block.block_type, str(block.value.source if hasattr(block.value, "source") else block.value))
                for block in page.body
            ]
        elif name in CHILD_MODELS:
            _model, fields = CHILD_MODELS[name]
            result[name] = [tuple(getattr(row, f) for f in fields) for row in getattr(page, name).all()]
        elif name in TERM_NAMES:
            result[name] = sorted(term.name for term in getattr(page, name).all())
        elif name == "tags":
            result[name] = sorted(tag.name for tag in page.tags.all())
        elif name in ("brand", "venue"):
            related = getattr(page, name)
            result[name] = related.slug if related is not None else None
        elif name == "district":
            district = page.district
            result[name] = district.name if district is not None else None
        else:
            result[name] = getattr(page, name)
    return result


def plan_import(data, site_key=None, publish=False, user=None, progress=None):
    return Planner(data, site_key, publish, user, progress).plan()


def lock_imports():
    """Serialises writing imports (PostgreSQL: a row lock on the tree's root, held to the end of
    the transaction), so two at once neither allocate the same tree paths nor create the same
    pages or terms: the second plans only after the first has committed. SQLite's write
    transactions are exclusive already."""
    list(Page.objects.select_for_update().filter(depth=1).order_by("path").values_list("pk", flat=True)[:1])


def run_import(data, site_key=None, publish=False, dry_run=False, user=None, progress=None):
    """Checks the whole file, then (unless `dry_run`) writes it in one transaction.
    With `user`, their page permissions decide what is written, published or submitted."""
    started = time.perf_counter()
    with transaction.atomic():
        if not dry_run:
            lock_imports()
        plan = plan_import(data, site_key, publish, user, progress)
        report = ImportReport(
            site=plan.home.slug,
            counts=plan.counts(),
            new_terms={name: list(names) for name, names in plan.new_terms.items()},
            dry_run=dry_run,
            published=bool(plan.published()),
            submitted=plan.submitted(),
        )
        if not dry_run:
            report.created_ids = write_plan(plan, user=user, progress=progress)
    report.seconds = time.perf_counter() - started
    return report


NAME_LENGTHS = {
    "topics": Topic._meta.get_field("name").max_length,
    "audiences": Audience._meta.get_field("name").max_length,
    "hazards": Hazard._meta.get_field("name").max_length,
    "district": District._meta.get_field("name").max_length,
    "tags": Tag._meta.get_field("name").max_length,
}
