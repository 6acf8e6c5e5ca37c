"""Judged queries of two kinds the first set did not have, kept apart from relevance.py (pinyin,
initials, slips and synonyms are judged in relevance_sounds.py): plain-language requests, whose district,
audience, 免费 and type words become filters (search/understanding.py), and English queries
on the English site (/en/search/), over the demo content with its English translations.

Each judgement is (city, search path, query, [titles that must be in the top 10]); the first
title is the page a citizen most expects. HELD_OUT_* were written with the judged ones and
never used to tune the understanding or the English analysis. Time words are left out: the
demo's dates move with the day it is loaded, and tests/search/test_understanding.py checks
them exactly.
"""

from tests.search.relevance import NT, SH

ZH, EN = "/search/", "/en/search/"

PLAIN = [
    (SH, ZH, "黄浦区免费讲座", ["院士面对面（户外场）"]),
    (SH, ZH, "适合小学生的展览", ["星空之境", "深蓝之境：载人深潜特展"]),
    (SH, ZH, "浦东 免费 活动", ["天文馆周末星空讲座", "小小造船师：船模制作工作坊", "双子座流星雨观测夜"]),
    (SH, ZH, "老人 讲座", ["老年人冬季养生与慢病管理讲座", "天文馆周末星空讲座"]),
    (SH, ZH, "给孩子的天文活动", ["双子座流星雨观测夜", "天文馆周末星空讲座"]),
    (SH, ZH, "徐汇区 老年人 活动", ["长者智能手机课堂（社区专场）", "台风课堂：认识气象预警信号"]),
    (SH, ZH, "适合干部的讲座", ["线上讲座：人工智能与我们的生活"]),
    (NT, ZH, "农民 活动", ["田间课堂：冬小麦绿色防控"]),
    (NT, ZH, "工人 免费 场馆", ["南通纺织博物馆"]),
    (NT, ZH, "海安 老年人", ["社区老年健康科普讲座", "海安社区科普馆"]),
]

HELD_OUT_PLAIN = [
    (SH, ZH, "带孩子去看动物", ["上海动物园", "饲养员说：大熊猫的一天"]),
    (SH, ZH, "嘉定 汽车", ["新能源汽车开放日", "上海汽车博物馆"]),
    (NT, ZH, "如皋 农业", ["如皋现代农业科普示范基地", "田间课堂：冬小麦绿色防控"]),
    (SH, ZH, "免费的博物馆", ["上海（中国）航海博物馆", "上海气象博物馆", "上海中医药博物馆"]),
    (NT, ZH, "崇川区 青少年 活动", ["机器人编程体验课", "南通市青少年科技创新大赛终评"]),
]

ENGLISH = [
    (SH, EN, "planetarium", ["Weekend star talks at the planetarium", "Shanghai Astronomy Museum"]),
    (SH, EN, "meteor shower", ["Geminid meteor shower night"]),
    (
        SH,
        EN,
        "science festival",
        [
            "Shanghai Science Festival",
            "Shanghai Science Festival opening: scientists on the red carpet",
            "Shanghai Science Festival: Night of Science",
        ],
    ),
    (SH, EN, "natural history museum", ["Shanghai Natural History Museum", "A night at the natural history museum"]),
    (SH, EN, "dinosaurs", ["Shanghai Natural History Museum"]),
    (NT, EN, "robots", ["Robot programming class", "Nantong Science and Technology Museum"]),
    (NT, EN, "winter wheat", ["Field school: green pest control for winter wheat"]),
    # Chinese on the English site: the English pages of what it finds.
    (SH, EN, "天文馆", ["Shanghai Astronomy Museum", "Weekend star talks at the planetarium"]),
]

HELD_OUT_ENGLISH = [
    (SH, EN, "star talk", ["Weekend star talks at the planetarium"]),
    (NT, EN, "floods", ["Staying safe in the flood season"]),
    (NT, EN, "abacus", ["China Abacus Museum"]),
    (SH, EN, "ships", ["China Maritime Museum"]),
    (NT, EN, "Zhang Jian", ["Zhang Jian and modern science education", "Nantong Museum"]),
    (SH, EN, "free talks for families", ["Weekend star talks at the planetarium"]),
]

KINDS = {
    "plain-language": (PLAIN, HELD_OUT_PLAIN),
    "english": (ENGLISH, HELD_OUT_ENGLISH),
}
