"""A large city site for benchmarks and query budgets: thousands of works, events, venues
and brands in realistic Chinese, written through the importer's bulk path
(outreach/bulk_pages.py), which ends where the editor's publish ends.

    generate_large_site("shanghai", works=10_000, events=2_000, venues=500, brands=50, seed=1)

The city's home, index pages, districts and taxonomy come from the demo's own setup
(outreach/demo/loader.py), so the site looks like the demo. Generated pages have slugs
starting with `lg-`; item n of a kind is drawn from its own seeded random stream, so a
seed always gives the same content, and asking for more of a kind adds only the missing
items (the first n stay as they were). Dates are offsets from `today`.
"""

import random
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Site

from outreach.bulk_pages import publish_new_pages
from outreach.hours import SHANGHAI
from outreach.models import (
    BrandIndexPage,
    BrandPage,
    EventIndexPage,
    EventOccurrence,
    EventPage,
    OpeningHours,
    RumourEvidence,
    RumourIndexPage,
    RumourPage,
    TopicIndexPage,
    TopicPage,
    VenueGalleryImage,
    VenueIndexPage,
    VenuePage,
    VenueSpecialDay,
    WorkAward,
    WorkCreator,
    WorkIndexPage,
    WorkPage,
)

from . import brands as demo_brands
from .images import demo_image
from .loader import CityLoader, ensure_terms
from .sites import CITIES, ensure_cities
from .works import isbn

PREFIX = "lg-"
CHUNK = 1000
IMAGES_PER_KIND = 10

CITY_NAMES = {"shanghai": "上海", "nantong": "南通"}
# Approximate district centres (latitude, longitude).
DISTRICT_CENTRES = {
    "pudong": (31.221, 121.544),
    "huangpu": (31.231, 121.484),
    "xuhui": (31.188, 121.437),
    "changning": (31.220, 121.424),
    "jingan": (31.229, 121.448),
    "putuo": (31.249, 121.397),
    "hongkou": (31.264, 121.505),
    "yangpu": (31.259, 121.526),
    "minhang": (31.112, 121.382),
    "baoshan": (31.405, 121.489),
    "jiading": (31.375, 121.265),
    "jinshan": (30.742, 121.342),
    "songjiang": (31.032, 121.227),
    "qingpu": (31.150, 121.124),
    "fengxian": (30.918, 121.474),
    "chongming": (31.623, 121.397),
    "chongchuan": (32.010, 120.864),
    "tongzhou": (32.065, 121.073),
    "haimen": (31.871, 121.182),
    "haian": (32.533, 120.467),
    "rugao": (32.371, 120.574),
    "rudong": (32.331, 121.185),
    "qidong": (31.808, 121.657),
}
# Subjects, each under one of the demo's topics (outreach/demo/taxonomy.py).
SUBJECTS = [
    ("机器学习", "ai"),
    ("人工智能", "ai"),
    ("机器人", "ai"),
    ("芯片", "ic"),
    ("集成电路", "ic"),
    ("疫苗", "biomedicine"),
    ("基因编辑", "biomedicine"),
    ("慢病防治", "health"),
    ("急救常识", "health"),
    ("合理膳食", "health"),
    ("地震避险", "disaster"),
    ("台风防御", "disaster"),
    ("流星雨", "astronomy"),
    ("天文观测", "astronomy"),
    ("深海探测", "ocean"),
    ("海洋牧场", "ocean"),
    ("垃圾分类", "ecology"),
    ("湿地保护", "ecology"),
    ("智慧农业", "agriculture"),
    ("种子科学", "agriculture"),
    ("空间站", "space"),
    ("探月工程", "space"),
    ("量子通信", "quantum"),
    ("候鸟迁徙", "biodiversity"),
    ("昆虫世界", "biodiversity"),
    ("碳达峰碳中和", "carbon"),
    ("新能源汽车", "carbon"),
    ("科学家故事", "scientist-spirit"),
]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_NAMES = [
    "晓明", "嘉怡", "志强", "思远", "雨桐", "建国", "文静", "子涵", "海峰", "丽华", "一鸣", "晨曦", "浩然",
    "秀英", "立新", "天佑", "若愚", "明远", "静怡", "振华", "春燕", "伟", "敏", "磊", "洁", "军", "芳", "涛",
]  # fmt: skip
PUBLISHERS = [
    "上海科学技术出版社",
    "上海科技教育出版社",
    "上海教育出版社",
    "少年儿童出版社",
    "上海科学普及出版社",
    "江苏凤凰科学技术出版社",
    "江苏凤凰少年儿童出版社",
    "科学普及出版社",
    "人民邮电出版社",
]
PRODUCERS = [
    "上海科技馆",
    "上海广播电视台",
    "东方卫视",
    "哔哩哔哩",
    "喜马拉雅",
    "南通广播电视台",
    "上海市科协",
    "上海天文馆",
]
ORGANISATIONS = [
    "中国商飞", "上海电气", "华虹集团", "上海海洋大学", "复旦大学", "同济大学", "上海交通大学", "中科院上海天文台",
    "上海中医药大学", "光明食品集团", "宝武钢铁", "南通大学", "中天科技", "上海气象局", "上海地震局", "上海市农科院",
]  # fmt: skip
STREETS = [
    "人民路", "中山路", "长江路", "淮海路", "南京路", "世纪大道", "建设路", "解放路", "和平路", "花园路",
    "东方路", "西藏路", "延安路", "复兴路", "光明路", "青年路", "科技路", "文化路", "学府路", "滨江路",
]  # fmt: skip
AUDIENCE_WORDS = {
    "youth": "青少年",
    "farmers": "农民朋友",
    "workers": "产业工人",
    "elderly": "老年朋友",
    "officials": "领导干部和公务员",
    "public": "广大市民",
}

# Work types: (type, share, title patterns, creator roles, where to find).
WORK_TYPES = [
    ("book", 30, ["{s}简史", "给孩子的{s}", "{s}入门", "{s}十讲", "图说{s}", "走近{s}"],
     ["author", "editor", "illustrator"], "各区图书馆"),
    ("video", 12, ["{s}的奥秘", "看见{s}", "{s}纪实"], ["producer", "director"], "上海科普云"),
    ("micro_video", 14, ["一分钟看懂{s}", "{s}小课堂", "{s}冷知识"], ["producer"], "哔哩哔哩"),
    ("film", 3, ["{s}", "追寻{s}"], ["director", "producer"], "院线与科普影院"),
    ("tv", 5, ["{s}大讲堂", "{s}进行时"], ["host", "producer"], "东方卫视"),
    ("audio", 8, ["{s}一百问", "听专家讲{s}"], ["host", "speaker"], "喜马拉雅"),
    ("exhibition", 5, ["{s}主题展", "{s}科普展"], ["curator"], "上海科技馆"),
    ("course", 10, ["{s}公开课", "{s}实验课"], ["speaker"], "上海市民终身学习云"),
    ("game", 3, ["{s}大冒险", "{s}闯关"], ["producer"], "微信小程序"),
    ("article", 10, ["关于{s}，你需要知道的五件事", "{s}的前世今生"], ["author"], "上海科普公众号"),
]  # fmt: skip
AWARDS = [
    ("全国优秀科普作品", "national"),
    ("上海科技进步奖科普奖", "provincial"),
    ("全国优秀科普微视频作品", "national"),
    ("上海市优秀科普作品", "municipal"),
    ("中国科普作家协会优秀科普作品奖", "industry"),
]
WORK_SENTENCES = [
    "本作品面向{a}，用通俗的语言讲解{s}的基本原理和最新进展。",
    "作者深入{o}的实验室和一线，记录了科研人员攻关{s}的故事。",
    "书中配有大量插图和动手小实验，帮助读者在生活中发现{s}。",
    "作品入选年度优秀科普作品推荐，被多所中小学选为课外读物。",
    "通过真实案例，帮助{a}了解{s}与日常生活的关系，澄清常见误区。",
    "每一章都附有思考题和延伸阅读，适合家庭共读和课堂讨论。",
    "由{o}的专家审读，科学性和准确性经过了严格把关。",
]
EVENT_PATTERNS = [
    "{s}主题讲座",
    "{s}科普开放日",
    "“{s}”亲子科学实验课",
    "科学家进社区：{s}",
    "{s}科普市集",
    "{s}专题展览导览",
    "{s}科学沙龙",
    "{s}研学营",
]
EVENT_SENTENCES = [
    "活动邀请{o}的科研人员现场讲解{s}，并与{a}面对面交流。",
    "现场设有动手实验、展品互动和有奖问答环节。",
    "请提前通过官方渠道实名预约，按预约时段入场。",
    "活动适合{a}参加，未成年人需由家长陪同。",
    "本场活动为{b}系列活动之一。",
]
VENUE_SENTENCES = [
    "{t}以{s}为特色，常设展区和互动展项面向{a}开放。",
    "场馆定期举办科普讲座、科学实验秀和研学活动。",
    "团体参观请提前三个工作日预约，可提供讲解服务。",
    "馆内设有无障碍通道和无障碍卫生间，可借用轮椅。",
]
BRAND_PATTERNS = [
    ("{d}科技节", "festival", "{d}人民政府"),
    ("{s}科普大讲堂", "activity_series", "{o}"),
    ("{c}青少年{s}挑战赛", "competition", "{c}市科协、{c}市教育局"),
    ("“{s}”科普进社区", "campaign", "{c}市科协"),
    ("{s}周刊", "tv_programme", "{c}广播电视台"),
]
# Weekly hours: (weekdays, opens, closes).
HOURS_PATTERNS = [
    ((2, 3, 4, 5, 6, 7), "09:00", "17:00"),
    ((2, 3, 4, 5, 6, 7), "09:30", "16:30"),
    ((1, 2, 3, 4, 5), "08:30", "17:00"),
    ((1, 2, 3, 4, 5, 6, 7), "09:00", "20:00"),
    ((3, 4, 5, 6, 7), "10:00", "18:00"),
]


@dataclass
class Counts:
    works: int = 0
    events: int = 0
    venues: int = 0
    brands: int = 0
    topics: int = 0  # 专题 pages, which collect the others (not in the total)
    rumours: int = 0
    seconds: dict = field(default_factory=dict)

    @property
    def total(self):
        return self.works + self.events + self.venues + self.brands + self.rumours


def short_district(name):
    for suffix in ("新区", "区", "市", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def local(day, clock_time):
    return datetime.combine(day, clock_time, tzinfo=SHANGHAI)


def paragraphs(rng, sentences, count, **words):
    chosen = [rng.choice(sentences).format(**words) for _ in range(count)]
    return [("paragraph", "<p>" + "".join(chosen[i : i + 2]) + "</p>") for i in range(0, len(chosen), 2)]


class LargeSite:
    """Generates one city's content up to the asked numbers."""

    def __init__(self, city_key="shanghai", seed=1, today=None, stdout=None):
        self.city_key, self.seed = city_key, seed
        self.today = today or timezone.localdate()
        self.stdout = stdout
        self.city = CITY_NAMES.get(city_key, city_key)
        known = [city.key for city in CITIES]
        if city_key not in known:
            raise ValueError(f"unknown city {city_key!r} (known: {', '.join(known)})")
        self.home = ensure_cities()[city_key]
        self.site = Site.objects.get(root_page=self.home)
        audiences, topics = ensure_terms()
        setup = CityLoader(city_key, self.home, self.site, audiences, topics, self.today)
        self.audiences, self.topics = audiences, topics
        self.districts = list(setup.districts.values())
        self.indexes = dict(setup.indexes)
        self._images = {}
        self._tags = {}
        self.venue_pages, self.brand_pages = [], []  # what works and events refer to; see add()

    # Deterministic per item: item n of a kind does not depend on how many were asked for.
    def rng(self, kind, n):
        return random.Random(f"{self.seed}:{self.city_key}:{kind}:{n}")

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def images(self, kind):
        if kind not in self._images:
            labels = {"work": "作品封面", "event": "活动现场", "venue": "场馆外景", "brand": "品牌标志"}
            self._images[kind] = [
                demo_image(f"科普图库·{labels[kind]}{n:02d}", kind, f"{self.city}科普{labels[kind]}")
                for n in range(1, IMAGES_PER_KIND + 1)
            ]
        return self._images[kind]

    def tag(self, name):
        if name not in self._tags:
            self._tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        return self._tags[name]

    def existing(self, model, kind):
        return model.objects.descendant_of(self.home).filter(slug__startswith=f"{PREFIX}{kind}-")

    def generate(self, works=0, events=0, venues=0, brands=0, topics=0, rumours=0):
        counts = Counts()
        for kind, model, wanted, build in (
            ("venue", VenuePage, venues, self.build_venue),
            ("brand", BrandPage, brands, self.build_brand),
            ("work", WorkPage, works, self.build_work),
            ("event", EventPage, events, self.build_event),
            ("topic", TopicPage, topics, self.build_topic),
            ("rumour", RumourPage, rumours, self.build_rumour),
        ):
            started = clock.perf_counter()
            have = self.existing(model, kind).count()
            made = self.add(kind, range(have, wanted), build)
            setattr(counts, f"{kind}s", made)
            counts.seconds[kind] = clock.perf_counter() - started
            if made:
                self.log(f"{kind}s: {made} in {counts.seconds[kind]:.1f} s")
        return counts

    def add(self, kind, numbers, build):
        """Builds items `numbers` of `kind` and publishes them under their parents, a
        chunk per transaction."""
        if kind in ("work", "event", "topic"):  # what works, events and topics refer to
            self.venue_pages = list(self.existing(VenuePage, "venue").select_related("district").order_by("path"))
            self.brand_pages = list(self.existing(BrandPage, "brand").order_by("path"))
        if kind == "topic":
            self.work_ids = list(self.existing(WorkPage, "work").order_by("path").values_list("pk", flat=True)[:50])
            self.event_ids = list(self.existing(EventPage, "event").order_by("path").values_list("pk", flat=True)[:50])
            # Query blocks that list something at any size: filters taken from existing pages.
            work = self.existing(WorkPage, "work").order_by("path").first()
            event = self.existing(EventPage, "event").filter(last_end__gte=timezone.now()).order_by("path").first()
            self.topic_filters = {
                "work": {"topic": work.topics.first().slug} if work else {},
                "event": {"audience": event.audiences.first().slug} if event else {},
                "venue": {"district": self.venue_pages[0].district.slug} if self.venue_pages else {},
            }
        made = 0
        numbers = list(numbers)
        for start in range(0, len(numbers), CHUNK):
            by_parent = {}
            for n in numbers[start : start + CHUNK]:
                parent, page = build(n)
                by_parent.setdefault(parent.pk, (parent, []))[1].append(page)
            with transaction.atomic():
                for parent, pages in by_parent.values():
                    made += len(publish_new_pages(parent, pages, source="generate_large_site"))
        return made

    def subject(self, rng):
        name, topic = rng.choice(SUBJECTS)
        return name, self.topics[topic]

    def terms(self, rng, topic, audiences=(1, 3)):
        chosen_audiences = rng.sample(list(self.audiences.values()), rng.randint(*audiences))
        if self.audiences["public"] not in chosen_audiences and rng.random() < 0.5:
            chosen_audiences.append(self.audiences["public"])
        other_topics = rng.sample([t for t in self.topics.values() if t != topic], rng.randint(0, 2))
        return chosen_audiences, [topic, *other_topics]

    def build_venue(self, n):
        rng = self.rng("venue", n)
        district = self.districts[n % len(self.districts)]
        short = short_district(district.name)
        subject, topic = self.subject(rng)
        street = rng.choice(STREETS)
        if n % 10 == 0:
            venue_type, title = "online", f"{self.city}{subject}网上科普馆"
        elif n < len(self.districts):
            venue_type, title = "museum", f"{district.name}科技馆"
        else:
            venue_type, title = rng.choice(
                [
                    ("museum", f"{short}{subject}博物馆"),
                    ("base", f"{rng.choice(ORGANISATIONS)}{subject}科普教育基地"),
                    ("youth_station", f"{short}青少年{subject}科学创新实践工作站"),
                    ("community", f"{short}{street}社区科普馆"),
                ]
            )
        title = f"{title}（{n + 1}号）" if n >= 2 * len(self.districts) else title
        level = rng.choice(["international_leading", "national_leading", "demonstration", "demonstration", "basic"])
        audiences, topics = self.terms(rng, topic)
        lat, lng = DISTRICT_CENTRES.get(district.slug, (31.23, 121.47))
        words = {"t": title, "s": subject, "a": AUDIENCE_WORDS[audiences[0].slug]}
        page = VenuePage(
            title=title,
            slug=f"{PREFIX}venue-{n:04d}",
            summary=VENUE_SENTENCES[0].format(**words),
            venue_type=venue_type,
            level=level,
            district=district,
            address="" if venue_type == "online" else f"{district.name}{street}{rng.randint(1, 2000)}号",
            latitude=None if venue_type == "online" else Decimal(f"{lat + rng.uniform(-0.03, 0.03):.6f}"),
            longitude=None if venue_type == "online" else Decimal(f"{lng + rng.uniform(-0.03, 0.03):.6f}"),
            phone=f"{'021' if self.city_key == 'shanghai' else '0513'}-{rng.randint(50000000, 69999999)}",
            admission=rng.choice(["免费开放", "成人 30 元；学生 15 元；60 岁以上老人免费", "免费，需预约"]),
            booking_note=rng.choice(["", "实名预约，提前 7 天开放预约", "团体请提前三个工作日预约"]),
            accessibility=rng.choice(["", "无障碍通道、无障碍卫生间，可借用轮椅", "提供手语讲解预约"]),
            hours_note="" if venue_type == "online" else "闭馆前半小时停止入馆。",
            listing_image=rng.choice(self.images("venue")),
            body=paragraphs(rng, VENUE_SENTENCES, 4, **words),
        )
        if venue_type == "online":  # always open: the site that makes "open now" true at any hour
            page.opening_hours = [OpeningHours(weekday=d, opens=time(0), closes=time(23, 59)) for d in range(1, 8)]
        else:
            days, opens, closes = rng.choice(HOURS_PATTERNS)
            page.opening_hours = [
                OpeningHours(weekday=d, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes))
                for d in days
            ]
            page.special_days = self.special_days(rng, n)
            page.gallery_images = [
                VenueGalleryImage(image=image, caption=f"{title}展厅") for image in rng.sample(self.images("venue"), 2)
            ]
        page.audiences, page.topics = audiences, topics
        return self.indexes[VenueIndexPage], page

    def special_days(self, rng, n):
        days = []
        if n % 3 == 1 or rng.random() < 0.2:
            monday = self.today + timedelta(days=(1 - self.today.isoweekday()) % 7 or 7)
            days.append(VenueSpecialDay(start_date=monday, opens=time(9), closes=time(17), note="节假日周一照常开放"))
        if n % 3 == 1 or rng.random() < 0.2:
            day = self.today + timedelta(days=rng.randint(3, 40))
            days.append(VenueSpecialDay(start_date=day, closed=True, note="设备检修，闭馆一天"))
        if rng.random() < 0.1:
            first = self.today + timedelta(days=rng.randint(45, 90))
            days.append(
                VenueSpecialDay(start_date=first, end_date=first + timedelta(days=6), closed=True, note="布展闭馆")
            )
        if rng.random() < 0.1:
            days.append(
                VenueSpecialDay(
                    start_date=self.today - timedelta(days=rng.randint(5, 60)), closed=True, note="临时闭馆"
                )
            )
        return sorted(days, key=lambda day: day.start_date)

    def build_brand(self, n):
        rng = self.rng("brand", n)
        subject, _topic = self.subject(rng)
        seeds = demo_brands.BRANDS.get(self.city_key, [])
        district = self.districts[n % len(self.districts)]
        organisation = rng.choice(ORGANISATIONS)
        if n < len(seeds):  # the plans' own brands first
            fact = seeds[n]
            title, brand_type, organiser, summary = (
                fact["title"],
                fact["brand_type"],
                fact["organiser"],
                fact["summary"],
            )
        else:
            pattern, brand_type, organiser = BRAND_PATTERNS[n % len(BRAND_PATTERNS)]
            words = {"d": short_district(district.name), "s": subject, "o": organisation, "c": self.city}
            title, organiser = pattern.format(**words), organiser.format(**words)
            summary = f"{title}是{self.city}市重点打造的科普品牌，每年围绕{subject}等主题开展系列活动。"
            if n >= len(seeds) + 2 * len(SUBJECTS):
                title = f"{title}（第{n + 1}季）"
        page = BrandPage(
            title=title,
            slug=f"{PREFIX}brand-{n:03d}",
            summary=summary,
            brand_type=brand_type,
            organiser=organiser,
            founded_year=rng.randint(1995, 2022),
            logo=rng.choice(self.images("brand")),
            body=[("paragraph", f"<p>{summary}</p>"), ("paragraph", f"<p>主办单位：{organiser}。</p>")],
        )
        return self.indexes[BrandIndexPage], page

    def build_topic(self, n):
        """A 专题: a few chosen works, events and venues, and a query block of each kind."""
        rng = self.rng("topic", n)
        subject, _topic = self.subject(rng)
        venue_ids = [venue.pk for venue in self.venue_pages[:50]]
        chosen = [
            *rng.sample(self.work_ids, min(3, len(self.work_ids))),
            *rng.sample(self.event_ids, min(3, len(self.event_ids))),
            *rng.sample(venue_ids, min(2, len(venue_ids))),
        ]
        title = f"{subject}专题（{n + 1}）"
        summary = f"{self.city}{subject}科普作品、活动和场馆一览。"
        page = TopicPage(
            title=title,
            slug=f"{PREFIX}topic-{n:03d}",
            summary=summary,
            featured=n % 2 == 0,
            image=rng.choice(self.images("venue")),
            introduction=f"<p>{summary}</p>",
            sections=[
                ("chosen", {"heading": "编辑精选", "pages": chosen}),
                ("query", {"heading": "近期活动", "kind": "event", "limit": 6, **self.topic_filters["event"]}),
                ("query", {"heading": "相关作品", "kind": "work", "limit": 6, **self.topic_filters["work"]}),
                ("query", {"heading": "附近场馆", "kind": "venue", "limit": 6, **self.topic_filters["venue"]}),
            ],
        )
        return self.indexes[TopicIndexPage], page

    def build_work(self, n):
        rng = self.rng("work", n)
        work_type, _share, patterns, roles, where = rng.choices(WORK_TYPES, weights=[t[1] for t in WORK_TYPES])[0]
        if n < len(WORK_TYPES):  # every type among the first works, at any size
            work_type, _share, patterns, roles, where = WORK_TYPES[n]
        subject, topic = self.subject(rng)
        title = rng.choice(patterns).format(s=subject)
        if n >= 100:
            title = f"{title}（第{n // 100 + 1}辑）" if work_type == "book" else f"{title}·{n + 1}"
        audiences, topics = self.terms(rng, topic)
        original = work_type != "book" or rng.random() < 0.8
        organisation = rng.choice(ORGANISATIONS)
        words = {"s": subject, "a": AUDIENCE_WORDS[audiences[0].slug], "o": organisation}
        year = rng.randint(2012, 2025)
        recommended = rng.choice([None, None, year + 1, min(year + 2, 2025)]) if n % 4 else min(year + 1, 2025)
        page = WorkPage(
            title=title,
            slug=f"{PREFIX}work-{n:05d}",
            summary=WORK_SENTENCES[0].format(**words) + rng.choice(WORK_SENTENCES[1:]).format(**words),
            work_type=work_type,
            publisher=rng.choice(PUBLISHERS) if work_type == "book" else rng.choice(PRODUCERS),
            year=year,
            isbn=isbn(f"978-7-{5000 + n // 10000:04d}-{n % 10000:04d}").replace("-", "") if work_type == "book" else "",
            duration_minutes=rng.choice([3, 5, 8])
            if work_type == "micro_video"
            else (rng.randint(20, 120) if work_type in ("video", "film", "tv", "audio", "course") else None),
            language="zh" if original else rng.choice(["zh", "zh-en"]),
            original=original,
            recommended_year=recommended,
            where_to_find=where,
            brand=self.brand_pages[(n // 5) % len(self.brand_pages)] if self.brand_pages and n % 5 == 0 else None,
            cover_image=rng.choice(self.images("work")),
            body=paragraphs(rng, WORK_SENTENCES, rng.randint(3, 7), **words),
        )
        creators = [WorkCreator(name=person(rng), role=rng.choice(roles)) for _ in range(rng.randint(1, 3))]
        if work_type in ("video", "tv", "exhibition") and rng.random() < 0.5:
            creators.append(WorkCreator(name=organisation, role="producer"))
        if not original:
            creators.append(WorkCreator(name=person(rng), role="translator"))
        page.creators = creators
        awards = []
        if n % 7 == 0 or rng.random() < 0.08:
            name, level = rng.choice(AWARDS)
            awards.append(WorkAward(name=name, level=level, year=min(year + rng.randint(1, 2), 2025)))
        page.awards = awards
        page.audiences, page.topics = audiences, topics
        tags = [self.tag(subject)]
        if awards:
            tags.append(self.tag("获奖作品"))
        if recommended:
            tags.append(self.tag(f"{recommended}年度推荐"))
        page.tags.set(tags, clear=True)
        return self.indexes[WorkIndexPage], page

    def build_event(self, n):
        rng = self.rng("event", n)
        subject, topic = self.subject(rng)
        venue = None
        if self.venue_pages and (n % 10 != 9):
            venue = self.venue_pages[(n + 1) % len(self.venue_pages)] if n < 5 else rng.choice(self.venue_pages)
            if venue.venue_type == "online":
                venue = None
        brand = self.brand_pages[(n // 3) % len(self.brand_pages)] if self.brand_pages and n % 3 == 0 else None
        if self.brand_pages and n < 3:  # the first brand has upcoming, past and cancelled events
            brand = self.brand_pages[0]
        audiences, topics = self.terms(rng, topic, audiences=(1, 2))
        organisation = rng.choice(ORGANISATIONS)
        title = rng.choice(EVENT_PATTERNS).format(s=subject)
        title = f"{venue.title}·{title}" if venue is not None and rng.random() < 0.4 else title
        if n >= 50:
            title = f"{title}（第{n + 1}期）"
        # The first events cover every case at any size: sessions today and later, past, cancelled.
        if n == 0:
            offsets = [0, 7, 14]
        elif n == 1:
            offsets = [-10]
        elif n == 2:
            offsets = [3, 10]
        else:
            first = rng.randint(-180, 120)
            offsets = [first + 7 * k for k in range(rng.choice([1, 1, 1, 2, 3]))]
        hours_long = rng.choice([1, 1.5, 2, 3])
        starts_at = time(rng.choice([9, 10, 14, 15, 19]), rng.choice([0, 30]))
        sessions = [local(self.today + timedelta(days=o), starts_at) for o in offsets]
        status = (
            "cancelled"
            if (n == 2 or rng.random() < 0.04)
            else rng.choice(["scheduled"] * 12 + ["sold_out", "postponed"])
        )
        words = {
            "s": subject,
            "a": AUDIENCE_WORDS[audiences[0].slug],
            "o": organisation,
            "b": brand.title if brand else "科普",
        }
        page = EventPage(
            title=title,
            slug=f"{PREFIX}event-{n:05d}",
            summary=EVENT_SENTENCES[0].format(**words),
            start=sessions[0],
            end=sessions[0] + timedelta(hours=hours_long),
            venue=venue,
            online_url="" if venue is not None else "https://live.kepu.example.cn/",
            location_note=rng.choice(["", "一楼报告厅", "二楼科学实验室", "户外广场"]) if venue else "",
            brand=brand,
            district=venue.district if venue is not None else None,
            free=rng.random() < 0.8,
            capacity=rng.choice([None, 30, 50, 100, 200]),
            real_name_booking=rng.random() < 0.4,
            status=status,
            organiser=venue.title if venue is not None else organisation,
            listing_image=rng.choice(self.images("event")),
            body=paragraphs(rng, EVENT_SENTENCES, rng.randint(3, 5), **words),
        )
        if not page.free:
            page.fee_note = f"每人 {rng.choice([10, 20, 30, 50])} 元"
        page.occurrences = [
            EventOccurrence(start=start, end=start + timedelta(hours=hours_long), cancelled=k == 1 and n % 4 == 0)
            for k, start in enumerate(sessions[1:], start=1)
        ]
        page.audiences, page.topics = audiences, topics
        page.update_span()
        # About a third of a venue's events live under its page, as venue staff publish them.
        parent = venue if venue is not None and n % 3 == 1 else self.indexes[EventIndexPage]
        return parent, page

    def build_rumour(self, n):
        rng = self.rng("rumour", n)
        subject, topic = self.subject(rng)
        claim = rng.choice(RUMOUR_CLAIMS).format(s=subject)
        verdict = rng.choice(["false", "false", "inaccurate", "disputed", "true"])
        # Every fifth rumour reviewed this month, the rest spread over the past two years.
        reviewed = self.today.replace(day=1) if n % 5 == 0 else self.today - timedelta(days=30 + rng.randint(0, 700))
        page = RumourPage(
            title=f"网传“{claim}”？" + (f"（{n + 1}）" if n >= len(SUBJECTS) else ""),
            slug=f"{PREFIX}rumour-{n:05d}",
            summary=f"关于{subject}的这种说法，专家给出了解读。",
            claim=claim,
            claim_channel=rng.choice(["微信群", "短视频平台", "朋友圈"]),
            verdict=verdict,
            spread=rng.randint(1, 4),
            reviewed_on=reviewed,
            reviewer_name=person(rng),
            reviewer_field=subject,
            body=[("paragraph", f"<p>关于{subject}，目前的科学证据并不支持“{claim}”的说法。</p>")],
        )
        page.evidence = [
            RumourEvidence(
                source=rng.choice(RUMOUR_SOURCES), published_on=reviewed - timedelta(days=rng.randint(1, 90))
            )
            for _ in range(rng.randint(1, 3))
        ]
        page.topics = [topic]
        return self.indexes[RumourIndexPage], page


RUMOUR_CLAIMS = [
    "{s}会致癌，千万别碰",
    "{s}能包治百病",
    "{s}的辐射会伤害孩子",
    "{s}是骗局，专家都不信",
    "吃{s}相关的食品会影响生育",
]
RUMOUR_SOURCES = ["世界卫生组织", "国家卫生健康委员会", "中国科学院", "中国气象局", "中国地震局", "农业农村部"]


def generate_large_site(
    city_key="shanghai", works=0, events=0, venues=0, brands=0, topics=0, seed=1, today=None, stdout=None, rumours=0
):
    """Adds generated content to `city_key` until it holds the numbers asked for."""
    site = LargeSite(city_key, seed=seed, today=today, stdout=stdout)
    return site, site.generate(works=works, events=events, venues=venues, brands=brands, topics=topics, rumours=rumours)


def path_of(page):
    """A page's path on its own site ("/works/…/")."""
    return page.specific.get_url_parts()[2]


def representative_urls(home):
    """Paths of each public page type of the city at `home`, for benchmarks and budgets.

    Filters and detail pages are picked from the content: the filter values matching the
    most works, the event with the most sessions, the venue and brand with the most events."""
    home_q = Q(path__startswith=home.path)
    works = WorkPage.objects.live().filter(home_q)
    events = EventPage.objects.live().filter(home_q)
    venues = VenuePage.objects.live().filter(home_q)
    brands = BrandPage.objects.live().filter(home_q)
    topic = TopicPage.objects.live().filter(home_q).order_by("path").first()
    index = {
        model: model.objects.child_of(home).first()
        for model in (WorkIndexPage, EventIndexPage, VenueIndexPage, BrandIndexPage, TopicIndexPage)
    }
    works_path, events_path = path_of(index[WorkIndexPage]), path_of(index[EventIndexPage])
    venues_path, brands_path = path_of(index[VenueIndexPage]), path_of(index[BrandIndexPage])

    pair = works.values("work_type", "audiences__slug", "audiences__name").exclude(audiences__slug=None)
    pair = pair.annotate(n=Count("pk")).order_by("-n", "work_type", "audiences__slug").first()
    triple = works.values("work_type", "audiences__slug", "topics__slug").exclude(audiences__slug=None)
    triple = triple.exclude(topics__slug=None).annotate(n=Count("pk", distinct=True))
    triple = triple.order_by("-n", "work_type", "audiences__slug", "topics__slug").first()
    district = venues.values("district__slug").exclude(district=None).annotate(n=Count("pk"))
    district = district.order_by("-n", "district__slug").first()
    event_district = events.exclude(district=None).values("district__slug").annotate(n=Count("pk"))
    event_district = event_district.order_by("-n", "district__slug").first()

    work = works.annotate(a=Count("awards", distinct=True), c=Count("creators", distinct=True))
    work = work.order_by("-a", "-c", "path").first()
    event = events.exclude(venue=None).annotate(s=Count("occurrences")).order_by("-s", "path").first()
    venue = (
        venues.annotate(e=Count("hosted_events", distinct=True), d=Count("special_days", distinct=True))
        .order_by("-e", "-d", "path")
        .first()
    )
    brand = brands.annotate(e=Count("events", distinct=True), w=Count("works", distinct=True))
    brand = brand.order_by("-e", "-w", "path").first()
    rumours = RumourPage.objects.live().filter(home_q)
    rumour = rumours.annotate(e=Count("evidence")).order_by("-e", "path").first()
    rumour_index = RumourIndexPage.objects.child_of(home).first()
    rumours_path = path_of(rumour_index) if rumour_index else None
    verdict_topic = rumours.values("verdict", "topics__slug").exclude(topics__slug=None).annotate(n=Count("pk"))
    verdict_topic = verdict_topic.order_by("-n", "verdict", "topics__slug").first()
    month = timezone.localdate().strftime("%Y-%m")
    urls = {
        "home": "/",
        "works_index": works_path,
        "works_index_filtered": f"{works_path}?type={pair['work_type']}&audience={pair['audiences__slug']}"
        if pair
        else works_path,
        "works_index_filtered_page_2": (
            f"{works_path}?type={triple['work_type']}&audience={triple['audiences__slug']}"
            f"&topic={triple['topics__slug']}&page=2"
            if triple
            else f"{works_path}?page=2"
        ),
        "events_index": events_path,
        "events_index_filtered": f"{events_path}?district={event_district['district__slug']}&when=all"
        if event_district
        else events_path,
        "events_month": f"{events_path}?view=month&month={month}",
        "venues_index": venues_path,
        "venues_index_district": f"{venues_path}?district={district['district__slug']}" if district else venues_path,
        "venues_index_open_now": f"{venues_path}?open=now",
        "brands_index": brands_path,
        "work": path_of(work) if work else None,
        "event": path_of(event) if event else None,
        "venue": path_of(venue) if venue else None,
        "brand": path_of(brand) if brand else None,
        "rumours_index": rumours_path,
        "rumours_index_filtered": (
            f"{rumours_path}?verdict={verdict_topic['verdict']}&topic={verdict_topic['topics__slug']}"
            if rumours_path and verdict_topic
            else rumours_path
        ),
        "rumour": path_of(rumour) if rumour else None,
        "topics_index": path_of(index[TopicIndexPage]) if index[TopicIndexPage] else None,
        "topic": path_of(topic) if topic else None,
        "search": "/search/?q=科技馆",
        # A venue's full name: the one kind of Chinese query Wagtail's stock search finds
        # (it matches whole space-separated words), so the benchmark compares two searches
        # that both list results.
        "search_venue_name": "/search/?q=上海天文馆",
        # Search facets are the terms' names, as the results page shows them.
        "search_json_filtered": "/search/?q=科普&format=json&type=work"
        + (f"&audience={pair['audiences__name']}" if pair else ""),
    }
    return urls


# The keys the HTTP benchmark reads from --urls-file.
URLS_FILE_KEYS = (
    "home",
    "works_index_filtered",
    "work",
    "event",
    "venue",
    "brand",
    "events_index",
    "venues_index",
    "search",
    "search_venue_name",
)


def site_hostname(city_key):
    site = Site.objects.get(root_page__slug=city_key, root_page__depth=2)
    return site.hostname, site.port


def today_for(value):
    return date.fromisoformat(value) if value else None
