"""Realistic Chinese text for the benchmarks: titles and bodies about the venues, brands,
audiences and subjects of the Shanghai and Nantong plans. Plain Python, no Django, so any
benchmark or generator (Kepu's or the stock Wagtail site's) can import it.

`make_text` keeps the random sequence search_bench.py has always used, so its figures stay
comparable between runs.
"""

SUBJECTS = [
    "量子通信",
    "深海探测",
    "人工智能",
    "集成电路",
    "天文观测",
    "生物医药",
    "防灾减灾",
    "生态环境",
    "航海历史",
    "植物多样性",
    "恐龙化石",
    "卫星导航",
    "新能源汽车",
    "基因编辑",
    "气候变化",
    "脑科学",
]
FORMS = ["科普图书", "微视频", "纪录片", "科普讲座", "展览", "广播节目", "在线课程", "科普游戏"]
VENUES = ["上海科技馆", "上海天文馆", "上海自然博物馆", "上海（中国）航海博物馆", "上海辰山植物园", "南通博物苑"]
BRANDS = ["上海科技节", "全国科普日", "科技活动周", "科学家走红毯", "少年爱迪生"]
AUDIENCES = ["青少年", "农民", "产业工人", "老年人", "领导干部和公务员", "公众"]
SENTENCES = [
    "本作品由{venue}联合出品，面向{audience}讲解{subject}的基本原理与最新进展。",
    "在{brand}期间，{venue}推出{subject}主题活动，吸引了大量市民参与。",
    "作者以通俗的语言介绍{subject}，配有大量插图和互动实验。",
    "该{form}获得年度优秀科普作品推荐，被多所中小学选为课外读物。",
    "通过真实案例，帮助{audience}了解{subject}与日常生活的关系。",
    "The work explains {subject} for the public, with experiments and field visits.",
]

# The same audiences with the slugs Kepu's demo taxonomy gives them (outreach/demo/taxonomy.py).
AUDIENCE_SLUGS = {
    "青少年": "youth",
    "农民": "farmers",
    "产业工人": "workers",
    "老年人": "elderly",
    "领导干部和公务员": "officials",
    "公众": "public",
}
# Work types as Kepu stores them (outreach/models/works.py, WorkType).
WORK_TYPES = [
    ("book", "图书"),
    ("video", "视频"),
    ("micro_video", "微视频"),
    ("film", "电影"),
    ("tv", "电视节目"),
    ("audio", "音频"),
    ("exhibition", "展览"),
    ("course", "课程"),
    ("game", "游戏"),
    ("article", "文章"),
]
# How common each type is among generated works, in percent: the shares Kepu's large-site
# generator draws (outreach/demo/large.py, WORK_TYPES), so a filter matches as many works on
# both sites (tests/test_bench_generators.py keeps the two equal).
WORK_TYPE_SHARES = {
    "book": 30,
    "video": 12,
    "micro_video": 14,
    "film": 3,
    "tv": 5,
    "audio": 8,
    "exhibition": 5,
    "course": 10,
    "game": 3,
    "article": 10,
}


def work_type(rng):
    return rng.choices(list(WORK_TYPE_SHARES), weights=list(WORK_TYPE_SHARES.values()))[0]


def audiences_for(rng, audiences, public, most=3):
    """One to `most` of `audiences`, and `public` with even odds when it was not drawn: as
    Kepu's large-site generator chooses them (outreach/demo/large.py, terms)."""
    chosen = rng.sample(list(audiences), rng.randint(1, most))
    if public not in chosen and rng.random() < 0.5:
        chosen.append(public)
    return chosen


DISTRICTS = [
    "浦东新区",
    "黄浦区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明区",
]
ROADS = ["世纪大道", "龙华中路", "淮海中路", "南京西路", "四川北路", "浦锦路", "花园港路", "辰花路", "濠南路"]
VENUE_KINDS = ["科技馆", "科普馆", "自然博物馆", "科普基地", "青少年科学创新实践工作站", "社区科普活动室", "植物园"]
EVENT_FORMS = ["科普讲座", "亲子实验课", "观星夜", "科学咖啡馆", "展览导览", "研学营", "科普剧场"]
CREATORS = ["上海科技馆", "上海科学技术出版社", "上海科技教育出版社", "江苏凤凰科学技术出版社", "中国科学院上海分院"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def make_text(rng):
    """A work's title and body (6–14 sentences): search_bench.py's generator."""
    subject = rng.choice(SUBJECTS)
    title = (
        f"{rng.choice(['探秘', '走近', '认识', '漫话', '图说'])}{subject}{rng.choice(FORMS)}第{rng.randint(1, 999)}辑"
    )
    body = "".join(
        rng.choice(SENTENCES).format(
            venue=rng.choice(VENUES),
            brand=rng.choice(BRANDS),
            audience=rng.choice(AUDIENCES),
            subject=rng.choice(SUBJECTS),
            form=rng.choice(FORMS),
        )
        for _ in range(rng.randint(6, 14))
    )
    return title, body


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def venue_name(rng, n):
    """A venue's name, unique by its number."""
    return f"{rng.choice(DISTRICTS)[:-1]}{rng.choice(SUBJECTS)}{rng.choice(VENUE_KINDS)}（{n + 1}号馆）"


def address(rng, district):
    return f"上海市{district}{rng.choice(ROADS)}{rng.randint(1, 2000)}号"


def event_title(rng, n):
    return f"{rng.choice(BRANDS)}·{rng.choice(SUBJECTS)}{rng.choice(EVENT_FORMS)}（第{n + 1}场）"


def brand_name(rng, n):
    return f"{rng.choice(BRANDS)}{rng.choice(SUBJECTS)}系列（{n + 1}）"
