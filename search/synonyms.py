"""Synonyms, applied when a query is read (analysis.parse_query), so every store finds a page
that uses another word for what was asked, with no reindexing: robot finds 机器人, 新冠 finds
新型冠状病毒, 老人 finds 老年人 and 长者.

Two sources, merged: BUILT_IN below (the audiences, common science words, English and
Chinese names of places and things), and the 同义词 snippet editors keep (models.Synonym).
A group's words are all equivalent to each other. A page with the words asked for ranks
above one that only has an equivalent (the stores judge "the title has every term" on
the words asked for).

The table is read once per worker per content generation (core/worker_cache.py); saving
or deleting a synonym starts a new generation, so the next search everywhere uses it.
"""

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save

from core import worker_cache
from core.generations import bump_generation

from .analysis import clean, fold, stem
from .models import Synonym
from .synonym_words import split_words

BUILT_IN = [
    # Audiences: the words people use for each.
    ("老年人", "老人", "长者", "银发族", "老年朋友"),
    ("儿童", "孩子", "少儿", "小朋友", "kids", "children"),
    ("青少年", "少年", "中小学生", "teenagers"),
    ("亲子", "家庭", "family"),
    ("农民", "农户", "新型职业农民", "farmers"),
    ("产业工人", "职工", "工人", "workers"),
    ("领导干部", "干部", "公务员"),
    ("残疾人", "残障人士", "无障碍"),
    # Common science words.
    ("宇航", "航天", "太空", "space"),
    ("宇航员", "航天员", "astronaut"),
    ("恐龙", "古生物", "dinosaur"),
    ("化石", "fossil"),
    ("新冠", "新型冠状病毒", "新冠肺炎", "covid"),
    ("手机", "智能手机", "smartphone"),
    ("人工智能", "ai"),
    ("大模型", "大语言模型", "llm"),
    ("芯片", "集成电路", "半导体", "chip"),
    ("电脑", "计算机", "computer"),
    ("编程", "程序设计", "coding", "programming"),
    ("天文", "天文学", "astronomy"),
    ("望远镜", "telescope"),
    ("星空", "观星", "stargazing"),
    ("宇宙", "universe", "cosmos"),
    ("火星", "mars"),
    ("月球", "月亮", "moon"),
    ("疫苗", "vaccine"),
    ("急救", "心肺复苏", "first aid"),
    ("地震", "earthquake"),
    ("台风", "typhoon"),
    ("气象", "天气", "weather"),
    ("碳中和", "碳达峰", "双碳"),
    ("垃圾分类", "垃圾分拣"),
    ("新能源汽车", "电动汽车", "电动车"),
    ("防诈骗", "反诈", "防骗", "电信诈骗"),
    ("深海", "深潜", "deep sea"),
    ("海洋", "ocean"),
    ("基因", "gene", "dna"),
    # Places and things, English and Chinese.
    ("机器人", "robot", "robotics"),
    ("天文馆", "planetarium", "星象馆"),
    ("博物馆", "museum"),
    ("科技馆", "science museum", "科学馆"),
    ("植物园", "botanical garden"),
    ("动物园", "zoo"),
    ("讲座", "lecture", "talk", "报告会"),
    ("展览", "展会", "特展", "exhibition"),
    ("图书", "书籍", "book"),
    ("视频", "微视频", "video"),
]


def _key(word):
    return " ".join(fold(clean(word)).split())


def build(groups):
    """{folded word: [equivalents, folded]} for groups of equivalent words. An English word is
    also found by its stem (vaccines → vaccin, the stem of vaccine), as the query's words are."""
    table = {}
    for group in groups:
        words = list(dict.fromkeys(_key(w) for w in group if _key(w)))
        for word in words:
            others = table.setdefault(word, [])
            others.extend(w for w in words if w != word and w not in others)
    for word, others in list(table.items()):
        if word.isascii() and (stemmed := stem(word)) != word and stemmed not in table:
            table[stemmed] = [word, *others]
    return table


_built_in = None


def built_in():
    global _built_in
    if _built_in is None:
        _built_in = build(BUILT_IN)
    return _built_in


def _load():
    try:
        rows = list(Synonym.objects.values_list("term", "equivalents"))
    except DatabaseError:  # before migrate
        return built_in()
    if not rows:
        return built_in()
    return build([*BUILT_IN, *([term, *split_words(equivalents)] for term, equivalents in rows)])


def table(request=None):
    """The synonyms in force: per worker per content generation with a request, else read now."""
    if request is None:
        return _load()
    return worker_cache.for_generation(request, ("search-synonyms",), _load)


def _changed(sender, **kwargs):
    bump_generation()


def connect_signals():
    post_save.connect(_changed, sender=Synonym, dispatch_uid="kepu-search-synonym-saved")
    post_delete.connect(_changed, sender=Synonym, dispatch_uid="kepu-search-synonym-deleted")
