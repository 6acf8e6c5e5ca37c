"""专题 of the two demo cities: each mixes chosen works, events, venues and rumours (by key) with
query blocks the city's index pages resolve at render (topic, audience, district slugs)."""

TOPICS = {
    "shanghai": [
        {
            "key": "space-science",
            "title": "航天科普",
            "summary": "从天问一号到量子卫星：航天科普作品、近期活动和可以去看火箭与星空的场馆。",
            "introduction": "<p>中国航天从载人飞船到火星探测一步步走向深空。这个专题汇集本市的航天科普作品、"
            "即将举行的活动和场馆，适合青少年和家庭一起探索。</p>",
            "featured": True,
            "topics": ["space", "astronomy"],
            "audiences": ["youth", "public"],
            "sections": [
                (
                    "chosen",
                    "编辑精选",
                    [
                        ("work", "tianwen-mars-journey"),
                        ("work", "quantum-communication-satellite"),
                        ("event", "science-festival-night"),
                        ("venue", "shanghai-astronomy-museum"),
                        ("venue", "shanghai-science-and-technology-museum"),
                    ],
                ),
                ("query", "即将举行的天文活动", {"kind": "event", "topic": "astronomy", "limit": 6}),
                ("query", "航天主题作品", {"kind": "work", "topic": "space", "limit": 6}),
            ],
        },
        {
            "key": "disaster-prevention",
            "title": "防灾减灾",
            "summary": "台风、汛期、急救：读一读、学一学、练一练，关键时刻护己护人。",
            "introduction": "<p>上海地处沿海，台风和暴雨是每年都要面对的考验。专题收集防灾减灾与应急自救的"
            "科普作品、气象课堂和可以参观学习的场馆。</p>",
            "featured": True,
            "topics": ["disaster", "health"],
            "audiences": ["public", "elderly"],
            "sections": [
                (
                    "chosen",
                    "必读必看",
                    [
                        ("work", "typhoon-is-coming"),
                        ("work", "disaster-escape-series"),
                        ("work", "first-aid-in-five-minutes"),
                        ("event", "meteorology-typhoon-class"),
                        ("venue", "shanghai-meteorological-museum"),
                        ("rumour", "typhoon-eye-calm"),
                    ],
                ),
                ("query", "防灾辟谣", {"kind": "rumour", "topic": "disaster", "limit": 4}),
                ("query", "更多防灾减灾作品", {"kind": "work", "topic": "disaster", "limit": 6}),
                ("query", "近期防灾减灾活动", {"kind": "event", "topic": "disaster", "limit": 6}),
            ],
        },
        {
            "key": "youth-science-camp",
            "title": "青少年科学营",
            "summary": "写给中小学生的周末与假期：科学工作站、博物馆奇妙夜和动手工作坊。",
            "introduction": "<p>走进实验室、博物馆和工作站，和科学家面对面。"
            "专题按青少年的兴趣挑选活动、作品和场馆。</p>",
            "featured": False,
            "topics": ["ai", "biodiversity"],
            "audiences": ["youth"],
            "sections": [
                (
                    "chosen",
                    "营地推荐",
                    [
                        ("event", "youth-lab-open-saturday"),
                        ("event", "natural-history-night-safari"),
                        ("work", "young-edison-programme"),
                        ("venue", "fudan-youth-science-workstation"),
                    ],
                ),
                ("query", "适合青少年的近期活动", {"kind": "event", "audience": "youth", "limit": 6}),
                ("query", "浦东新区的场馆", {"kind": "venue", "district": "pudong", "limit": 6}),
            ],
        },
    ],
    "nantong": [
        {
            "key": "disaster-prevention",
            "title": "防灾减灾",
            "summary": "汛期安全、应急演练、海洋科普：南通人身边的防灾减灾课。",
            "introduction": "<p>南通江海交汇，汛期与台风影响较多。专题汇集防灾减灾的作品、演练活动和科普基地。</p>",
            "featured": True,
            "topics": ["disaster"],
            "audiences": ["public", "farmers", "elderly"],
            "sections": [
                (
                    "chosen",
                    "编辑精选",
                    [
                        ("work", "nantong-flood-season-safety"),
                        ("event", "nantong-disaster-drill"),
                        ("venue", "qidong-marine-science-base"),
                        ("venue", "haian-community-science-centre"),
                    ],
                ),
                ("query", "近期防灾减灾活动", {"kind": "event", "topic": "disaster", "limit": 6}),
                ("query", "可以参观的防灾科普场馆", {"kind": "venue", "district": "chongchuan", "limit": 6}),
            ],
        },
        {
            "key": "youth-science-camp",
            "title": "青少年科学营",
            "summary": "机器人编程、湿地观鸟、科技创新大赛：南通青少年的科学假期。",
            "introduction": "<p>从珠算到人工智能，从长江口湿地到科技馆展厅，专题为中小学生挑选近期活动和作品。</p>",
            "featured": True,
            "topics": ["ai", "ocean"],
            "audiences": ["youth"],
            "sections": [
                (
                    "chosen",
                    "营地推荐",
                    [
                        ("event", "nantong-museum-robot-class"),
                        ("event", "qidong-wetland-birding"),
                        ("work", "smart-farm-game"),
                        ("venue", "nantong-science-and-technology-museum"),
                    ],
                ),
                ("query", "适合青少年的近期活动", {"kind": "event", "audience": "youth", "limit": 6}),
                ("query", "给青少年的作品", {"kind": "work", "audience": "youth", "limit": 6}),
            ],
        },
    ],
}
