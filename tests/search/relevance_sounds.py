"""Judged queries for how Chinese readers type when the words will not come out right
(issue 20, the `stores` part): pinyin, pinyin initials, same-sound and look-alike slips,
and synonyms (English names, other words for the same thing). Same form and measure as
relevance.py: (city, query, [titles that must be in the top 10]), the first the page a
citizen most expects. Each kind has a HELD_OUT set written together with the judged one
and never used to tune the pinyin tokens, the correction or the synonym table.

Kept apart from relevance.py so that other kinds of queries can join that file freely.
"""

SH, NT = "shanghai", "nantong"

JUDGED = {
    "pinyin": [
        (SH, "kejiguan", ["上海科技馆"]),
        (SH, "ke ji guan", ["上海科技馆"]),
        (SH, "tianwenguan", ["上海天文馆", "天文馆周末星空讲座"]),
        (SH, "tian wen", ["上海天文馆", "天文馆周末星空讲座", "天问一号的火星之旅"]),
        (SH, "ziranbowuguan", ["上海自然博物馆", "自然博物馆奇妙夜"]),
        (SH, "dongwuyuan", ["上海动物园"]),
        (SH, "xinpian", ["从沙子到芯片"]),
        (SH, "liuxingyu", ["双子座流星雨观测夜"]),
        (SH, "damoxing", ["大模型是怎样“思考”的"]),
        (SH, "shanghai kejijie", ["上海科技节", "上海科技节精彩回顾"]),
        (SH, "daxiongmao", ["饲养员说：大熊猫的一天"]),
        (NT, "bowuyuan", ["南通博物苑"]),
        (NT, "zhusuan", ["中国珠算博物馆"]),
        (NT, "fangzhi", ["南通纺织博物馆", "纺织职工科技开放日"]),
        (NT, "jiqiren", ["机器人编程体验课"]),
    ],
    "initials": [
        (SH, "shkjg", ["上海科技馆"]),
        (SH, "shtwg", ["上海天文馆"]),
        (SH, "zrbwg", ["上海自然博物馆", "自然博物馆奇妙夜"]),
        (SH, "cszwy", ["上海辰山植物园", "辰山植物园冬季观鸟与植物识别"]),
        (SH, "shkjj", ["上海科技节", "上海科技节精彩回顾"]),
        (SH, "kxjzht", ["科学家走红毯", "上海科技节开幕式暨科学家走红毯"]),
        (SH, "dxm", ["饲养员说：大熊猫的一天"]),
        (SH, "xnyqc", ["新能源汽车开放日"]),
        (NT, "ntbwy", ["南通博物苑"]),
        (NT, "zsbwg", ["中国珠算博物馆"]),
        (NT, "fzjzr", ["防灾减灾日", "防灾减灾日应急疏散演练"]),
    ],
    "same-sound": [
        (SH, "科技官", ["上海科技馆"]),
        (SH, "科枝馆", ["上海科技馆"]),  # a look-alike, not a sound
        (SH, "天闻馆", ["上海天文馆", "天文馆周末星空讲座"]),
        (SH, "动物圆", ["上海动物园"]),
        (SH, "流星语", ["双子座流星雨观测夜"]),
        (SH, "心飞复苏", ["五分钟学会心肺复苏"]),
        (SH, "大雄猫", ["饲养员说：大熊猫的一天"]),
        (SH, "集成电录", ["集成电路产业工人技能微课", "集成电路职工技能竞赛"]),
        (SH, "台疯", ["台风来了怎么办", "台风课堂：认识气象预警信号"]),
        (NT, "纺值", ["南通纺织博物馆", "纺织职工科技开放日"]),
        (NT, "珠蒜", ["中国珠算博物馆"]),
    ],
    "synonyms": [
        (SH, "planetarium", ["上海天文馆", "天文馆周末星空讲座"]),
        (SH, "dinosaur", ["上海自然博物馆", "自然博物馆奇妙夜"]),
        (SH, "古生物", ["上海自然博物馆", "自然博物馆奇妙夜"]),
        (SH, "老人", ["老年人智能手机安全课", "长者智能手机课堂（社区专场）"]),
        (SH, "smartphone", ["老年人智能手机安全课", "长者智能手机课堂（社区专场）"]),
        (SH, "typhoon", ["台风来了怎么办", "台风课堂：认识气象预警信号"]),
        (SH, "vaccine", ["疫苗是怎样炼成的"]),
        (SH, "zoo", ["上海动物园"]),
        (SH, "chip", ["从沙子到芯片"]),
        (SH, "astronomy", ["拥抱群星——与青少年一同走进天文学"]),
        (NT, "robot", ["机器人编程体验课"]),
        (NT, "反诈", ["银发族防诈骗指南"]),
    ],
}

HELD_OUT = {
    "pinyin": [
        (SH, "hanghai bowuguan", ["上海（中国）航海博物馆"]),
        (SH, "huoxing", ["天问一号的火星之旅"]),
        (SH, "qinghuaci", ["青出于蓝——青花瓷的起源、发展与交流"]),
        (NT, "shidi", ["长江口湿地观鸟", "长江口的湿地精灵"]),
    ],
    "initials": [
        (SH, "shdwy", ["上海动物园"]),
        (SH, "qhc", ["青出于蓝——青花瓷的起源、发展与交流"]),
        (NT, "ntkjg", ["南通科技馆"]),
    ],
    "same-sound": [
        (SH, "汽车博物官", ["上海汽车博物馆"]),
        (SH, "昆虫搏物馆", ["上海昆虫博物馆"]),
        (SH, "疫描", ["疫苗是怎样炼成的"]),
        (NT, "湿第", ["长江口湿地观鸟", "长江口的湿地精灵"]),
    ],
    "synonyms": [
        (SH, "botanical garden", ["上海辰山植物园"]),
        (SH, "weather", ["上海气象博物馆"]),
        (SH, "长者", ["老年人智能手机安全课", "长者智能手机课堂（社区专场）"]),
        (SH, "航天", ["天问一号的火星之旅"]),
    ],
}
