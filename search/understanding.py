"""Understanding plain requests: the words of a query that name a filter become that filter.

黄浦区免费讲座 → 区域 黄浦区 · 免费 · 类型 活动, text 讲座; 明天有什么活动 → 时间 明天 · 类型 活动,
no text (what matches the filters is listed). Which words mean what:

* districts: the site's districts by name (黄浦区) and without their 区/县/市 (黄浦, 闵行);
* audiences: the words people use for each audience (孩子, 亲子, 小学生 → the youth audience,
  老人 → the elderly …, AUDIENCE_WORDS, keyed by the audience's slug) and the audiences' own
  names;
* 免费 (free), in Chinese or English;
* types: 活动 → events, 场馆 → venues, 作品 → works, 品牌 → brands, removed from the text;
  讲座 (events), 图书 and 视频 (works) set the type and stay in the text as a hint that is
  dropped when nothing has the word (SOFT); 展览 is a work type and an event alike, so it
  stays plain text;
* time words: 今天, 明天, 后天, 本周, 本周末 (周末), 下周, 下周末, 本月, 下个月, 五一, 国庆, in
  the site's time zone (Asia/Shanghai), as day ranges (`window`).

Filler words of a request (适合, 有什么, 推荐 …) are dropped once something was understood.
Matching is longest-first at each position, so 大学生 is not 学生 and 本周末 is not 本周.
Nothing here reads the database: the vocabulary (the site's districts and audiences) is
given by the caller.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import jieba
from django.utils.translation import pgettext_lazy

from .analysis import clean, ensure_jieba, fold

# The audiences' slugs (outreach/demo/taxonomy.py) and the words people use for them.
AUDIENCE_WORDS = {
    "youth": (
        "孩子",
        "小孩",
        "儿童",
        "少儿",
        "亲子",
        "宝宝",
        "幼儿",
        "学生",
        "小学生",
        "中学生",
        "初中生",
        "高中生",
        "中小学生",
        "青少年",
        "kids",
        "kid",
        "children",
        "child",
        "families",
        "family",
        "students",
        "student",
        "teens",
        "teenagers",
        "young people",
    ),
    "farmers": ("农民", "农村", "乡村", "村民", "农户", "种植户", "farmers", "farmer", "rural"),
    "workers": ("工人", "职工", "产业工人", "技术工人", "workers", "worker"),
    "elderly": (
        "老人",
        "老年",
        "老年人",
        "长辈",
        "长者",
        "银发族",
        "老同志",
        "退休",
        "seniors",
        "senior",
        "elderly",
        "older people",
    ),
    "officials": ("干部", "公务员", "领导干部", "officials", "civil servants"),
    "public": ("市民", "公众", "大众", "the public"),
}
# Words that contain an audience word but are not one (大学生 is not a schoolchild).
NOT_AUDIENCE = ("大学生", "研究生", "留学生", "医学生", "学生会", "老年痴呆", "工人运动")

FREE_WORDS = ("免费", "不要钱", "不收费", "免票", "free")

# Type words: (type key, stays in the text as a hint).
TYPE_WORDS = {
    "活动": ("event", False),
    "科普活动": ("event", False),
    "events": ("event", False),
    "event": ("event", False),
    "activities": ("event", False),
    "讲座": ("event", True),
    "lecture": ("event", True),
    "lectures": ("event", True),
    "talks": ("event", True),
    "场馆": ("venue", False),
    "科普场馆": ("venue", False),
    "venues": ("venue", False),
    "作品": ("work", False),
    "科普作品": ("work", False),
    "图书": ("work", True),
    "科普图书": ("work", True),
    "books": ("work", True),
    "视频": ("work", True),
    "videos": ("work", True),
    "品牌": ("brand", False),
    "品牌活动": ("brand", False),
}

# Time words → the key of a window (below); the key is also the `when` URL parameter.
TIME_WORDS = {
    "今天": "today",
    "今日": "today",
    "today": "today",
    "明天": "tomorrow",
    "明日": "tomorrow",
    "tomorrow": "tomorrow",
    "后天": "day-after-tomorrow",
    "本周": "this-week",
    "这周": "this-week",
    "这星期": "this-week",
    "this week": "this-week",
    "本周末": "weekend",
    "这周末": "weekend",
    "周末": "weekend",
    "this weekend": "weekend",
    "weekend": "weekend",
    "下周": "next-week",
    "下星期": "next-week",
    "next week": "next-week",
    "下周末": "next-weekend",
    "next weekend": "next-weekend",
    "本月": "this-month",
    "这个月": "this-month",
    "this month": "this-month",
    "下个月": "next-month",
    "下月": "next-month",
    "next month": "next-month",
    "五一": "may-day",
    "劳动节": "may-day",
    "五一假期": "may-day",
    "国庆": "national-day",
    "国庆节": "national-day",
    "十一假期": "national-day",
    "国庆假期": "national-day",
}
# How a window is named on a chip, in the active language.
WINDOW_LABELS = {
    "today": pgettext_lazy("search time", "今天"),
    "tomorrow": pgettext_lazy("search time", "明天"),
    "day-after-tomorrow": pgettext_lazy("search time", "后天"),
    "this-week": pgettext_lazy("search time", "本周"),
    "weekend": pgettext_lazy("search time", "本周末"),
    "next-week": pgettext_lazy("search time", "下周"),
    "next-weekend": pgettext_lazy("search time", "下周末"),
    "this-month": pgettext_lazy("search time", "本月"),
    "next-month": pgettext_lazy("search time", "下个月"),
    "may-day": pgettext_lazy("search time", "五一"),
    "national-day": pgettext_lazy("search time", "国庆"),
}

# Words of a request that ask, not say what: dropped once a filter word was understood.
# Dropped as words of their own (jieba's), never out of a longer word.
FILLERS = (
    "适合",
    "适宜",
    "面向",
    "有什么",
    "有哪些",
    "什么",
    "哪些",
    "哪里",
    "推荐",
    "可以",
    "一些",
    "我想",
    "看看",
    "参加",
    "附近",
    "的",
    "吗",
    "呢",
    "for",
    "with",
    "what",
    "whats",
    "which",
    "any",
    "in",
    "on",
    "at",
    "the",
    "a",
    "an",
    "is",
    "are",
    "there",
    "of",
    "to",
    "and",
)
ALONE = ("给", "带", "有", "能", "想", "找", "去", "看", "在", "和", "与")


@dataclass(frozen=True)
class Window:
    """A range of days [start, end) in the site's time zone."""

    key: str
    start: date
    end: date

    @property
    def label(self):
        return str(WINDOW_LABELS[self.key])


def window(key, today):
    """The days a time word's key means, seen from `today` (the site's local date); None for
    an unknown key."""
    monday = today - timedelta(days=today.weekday())
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)

    def holiday(month, first, last):
        start = date(today.year, month, first)
        if today > date(today.year, month, last):
            start = date(today.year + 1, month, first)
        return max(start, today), start.replace(day=last) + timedelta(days=1)

    ranges = {
        "today": (today, today + timedelta(days=1)),
        "tomorrow": (today + timedelta(days=1), today + timedelta(days=2)),
        "day-after-tomorrow": (today + timedelta(days=2), today + timedelta(days=3)),
        "this-week": (today, monday + timedelta(days=7)),
        # On a Sunday, this weekend is what is left of it: today.
        "weekend": (max(today, monday + timedelta(days=5)), monday + timedelta(days=7)),
        "next-week": (monday + timedelta(days=7), monday + timedelta(days=14)),
        "next-weekend": (monday + timedelta(days=12), monday + timedelta(days=14)),
        "this-month": (today, next_month),
        "next-month": (next_month, (next_month + timedelta(days=32)).replace(day=1)),
        "may-day": holiday(5, 1, 5),
        "national-day": holiday(10, 1, 7),
    }
    if key not in ranges:
        return None
    start, end = ranges[key]
    return Window(key, start, end)


@dataclass
class Vocabulary:
    """The site's names a query may use: district names, and audiences by slug → name."""

    districts: list = field(default_factory=list)
    audiences: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)  # another language's name → (kind, value)
    types: frozenset = frozenset({"work", "event", "venue", "brand"})


@dataclass
class Understanding:
    text: str  # what is left, searched as text
    filters: dict = field(default_factory=dict)  # type / audience / district → value
    free: bool = False
    when: Window | None = None
    hints: list = field(default_factory=list)  # words kept in `text` only as a hint (SOFT)
    words: list = field(default_factory=list)  # the words understood, in order

    def __bool__(self):
        return bool(self.filters or self.free or self.when)

    def without_hints(self):
        """The text with the hint words taken out (when nothing had them)."""
        text = self.text
        for word in self.hints:
            text = text.replace(word, " ")
        return " ".join(text.split())


def _district_words(names):
    words = {}
    for name in names:
        words[fold(name)] = name
        short = re.sub(r"(新区|区|县|市)$", "", name)
        if short != name and len(short) >= 2:
            words.setdefault(fold(short), name)
    return words


def _table(vocabulary):
    """{word: (kind, value)}, folded. Later kinds do not override earlier ones."""
    table = {}
    for word, name in _district_words(vocabulary.districts).items():
        table.setdefault(word, ("district", name))
    for slug, name in vocabulary.audiences.items():
        table.setdefault(fold(name), ("audience", name))
        for word in AUDIENCE_WORDS.get(slug, ()):
            table.setdefault(word, ("audience", name))
    for word, (kind, value) in vocabulary.aliases.items():
        table.setdefault(fold(word), (kind, value))
    for word in NOT_AUDIENCE:
        table.setdefault(word, ("text", word))
    for word in FREE_WORDS:
        table.setdefault(word, ("free", True))
    for word, (key, hint) in TYPE_WORDS.items():
        if key in vocabulary.types:
            table.setdefault(word, ("hint" if hint else "type", key))
    for word, key in TIME_WORDS.items():
        table.setdefault(word, ("when", key))
    return table


_LATIN = re.compile(r"[a-z0-9]")


def _scan(text, table):
    """Longest match first at each position: [(word or None, piece)], the unmatched text
    kept as pieces. Latin words match only whole (free is not in freedom)."""
    longest = max((len(w) for w in table), default=0)
    out, i, plain = [], 0, []
    while i < len(text):
        found = None
        for size in range(min(longest, len(text) - i), 0, -1):
            piece = text[i : i + size]
            if piece in table:
                if _LATIN.match(piece[0]) and (
                    (i > 0 and _LATIN.match(text[i - 1])) or (i + size < len(text) and _LATIN.match(text[i + size]))
                ):
                    continue
                found = piece
                break
        if found is None:
            plain.append(text[i])
            i += 1
            continue
        if plain:
            out.append((None, "".join(plain)))
            plain = []
        out.append((found, found))
        i += len(found)
    if plain:
        out.append((None, "".join(plain)))
    return out


def understand(query, vocabulary, today):
    """What `query` asks for: filters from its words, and the rest as text. A kind met twice
    keeps its first value; later ones stay text."""
    text = " ".join(fold(clean(query or "")).split())
    table = _table(vocabulary)
    result = Understanding(text=text)
    kind = table.get(text, (None,))[0]
    if kind == "audience" or (kind == "district" and text in map(fold, vocabulary.districts)):
        # One facet's own name alone (老年人, 黄浦区), or one audience word alone (老人, 长者,
        # 孩子: the synonyms carry it to the audience's other names), is searched as text, as
        # before: the pages that name it rank by how much they are about it.
        return Understanding(text=" ".join(clean(query or "").split()))
    kept = []
    pieces = _scan(text, table)
    for index, (word, piece) in enumerate(pieces):
        if word is None:
            kept.append(piece)
            continue
        kind, value = table[word]
        if kind in ("district", "audience") and _inside_a_name(pieces, index):
            kept.append(piece)
            continue
        if kind in ("district", "audience", "type") and kind not in result.filters:
            result.filters[kind] = value
        elif kind == "hint" and "type" not in result.filters:
            result.filters["type"] = value
            result.hints.append(word)
            kept.append(f" {word} ")
            result.words.append(word)
            continue
        elif kind == "free" and not result.free:
            result.free = True
        elif kind == "when" and result.when is None:
            result.when = window(value, today)
        else:
            kept.append(f" {piece} ")
            continue
        result.words.append(word)
        kept.append(" ")
    if not result:
        return Understanding(text=" ".join(clean(query or "").split()))
    result.text = _drop_fillers("".join(kept))
    return result


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _inside_a_name(pieces, index):
    """Whether the word at `index` is glued to plain Chinese text on either side (青少年科技
    创新大赛, 黄浦区科普基地): then it is part of a name, searched as text, not a filter."""
    separators = (*FILLERS, *ALONE)
    before = pieces[index - 1] if index > 0 else None
    after = pieces[index + 1] if index + 1 < len(pieces) else None
    if before and before[0] is None and _CJK.match(before[1][-1:]) and not before[1].endswith(separators):
        return True
    return bool(after and after[0] is None and _CJK.match(after[1][:1]) and not after[1].startswith(separators))


def _drop_fillers(text):
    """The words left, without the request's fillers: Chinese cut by jieba, so a filler is
    dropped as a word of its own and never out of a word (有 of 有机 stays)."""
    dropped = {*FILLERS, *ALONE}
    words = []
    for chunk in text.split():
        if _LATIN.match(chunk[0]):
            if chunk not in dropped:
                words.append(chunk)
            continue
        ensure_jieba()
        kept = [w for w in jieba.cut(chunk, HMM=False) if w.strip() and w not in dropped]
        if kept:
            words.append("".join(kept))
    return " ".join(words)
