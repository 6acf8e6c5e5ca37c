"""The judged relevance set and its measure: recall@10 and the first expected page in the top 3.

Each judgement is (query, [titles that must be in the top 10]); the first title is the one
a citizen most expects. Over the fixture corpus now; over `load_demo` content once it exists.
"""

JUDGEMENTS = [
    ("科技馆", ["上海科技馆", "上海科技馆连续入选全球最受欢迎博物馆前十"]),
    ("上海科技馆", ["上海科技馆", "上海科技馆连续入选全球最受欢迎博物馆前十"]),
    ("上海科技館", ["上海科技馆"]),
    ("天文", ["上海天文馆", "天文馆星空夜观测活动"]),
    ("天文馆", ["上海天文馆", "天文馆星空夜观测活动"]),
    ("星空", ["天文馆星空夜观测活动"]),
    ("望远镜", ["天文馆星空夜观测活动"]),
    ("科普", ["全国科普日上海主场活动", "老年人健康科普手册"]),
    ("科普日", ["全国科普日上海主场活动"]),
    ("深海", ["深海探秘：走进蛟龙号", "上海（中国）航海博物馆"]),
    ("蛟龙号", ["深海探秘：走进蛟龙号"]),
    ("卫星", ["量子通信卫星微视频"]),
    ("量子", ["量子通信卫星微视频"]),
    ("量子通信", ["量子通信卫星微视频"]),
    ("墨子号", ["量子通信卫星微视频"]),
    ("博物馆", ["上海自然博物馆", "上海（中国）航海博物馆"]),
    ("自然博物馆", ["上海自然博物馆"]),
    ("恐龙", ["上海自然博物馆"]),
    ("航海", ["上海（中国）航海博物馆"]),
    ("植物园", ["上海辰山植物园"]),
    ("辰山", ["上海辰山植物园"]),
    ("科技节", ["上海科技节"]),
    ("上海科技节", ["上海科技节", "科学家走红毯"]),
    ("走红毯", ["科学家走红毯"]),
    ("少年爱迪生", ["上海科技节"]),
    ("芯片", ["芯片是怎样炼成的"]),
    ("集成电路", ["芯片是怎样炼成的"]),
    ("光刻", ["芯片是怎样炼成的"]),
    ("人工智能", ["人工智能的故事 The Story of AI"]),
    ("AI", ["人工智能的故事 The Story of AI"]),
    ("machine learning", ["人工智能的故事 The Story of AI"]),
    ("neural networks", ["人工智能的故事 The Story of AI"]),
    ("AI 人工智能", ["人工智能的故事 The Story of AI"]),
    ("2024 年度推荐", ["人工智能的故事 The Story of AI"]),
    ("978-7-5428-7000-1", ["量子通信卫星微视频"]),
    ("老年人", ["老年人健康科普手册"]),
    ("电信诈骗", ["老年人健康科普手册"]),
    ("健康", ["老年人健康科普手册"]),
    ("浦东新区", ["上海科技馆"]),
    ("世纪大道", ["上海科技馆"]),
    ("上海的天文馆", ["上海天文馆"]),
    ("ＳＴＯＲＹ", ["人工智能的故事 The Story of AI"]),
]

NANTONG_JUDGEMENTS = [
    ("科技活动周", ["南通科技活动周"]),
    ("防灾减灾", ["防灾减灾日科普宣传"]),
    ("台风", ["防灾减灾日科普宣传"]),
    ("农民", ["农民科学素质提升行动", "南通科技活动周"]),
    ("博物苑", ["南通博物苑"]),
    ("张謇", ["南通博物苑"]),
]


def measure(search, judgements):
    """search(query) -> list of titles, best first. Returns (recall@10, top-3 share, misses)."""
    found = expected = top3 = 0
    misses = []
    for query, wanted in judgements:
        titles = search(query)[:10]
        hits = [t for t in wanted if t in titles]
        found += len(hits)
        expected += len(wanted)
        if wanted[0] in titles[:3]:
            top3 += 1
        if len(hits) < len(wanted) or wanted[0] not in titles[:3]:
            misses.append((query, wanted, titles[:5]))
    return found / expected, top3 / len(judgements), misses
