def editor_file(**overrides):
    """A file an editor would prepare: one of each type, referring to each other."""
    data = {
        "site": "shanghai",
        "brands": [
            {
                "key": "lingang-science-week",
                "title": "临港科学周",
                "summary": "临港的年度科学周。",
                "brand_type": "festival",
            }
        ],
        "venues": [
            {
                "key": "lingang-ocean-station",
                "title": "临港海洋科普站",
                "summary": "面向青少年的海洋科普站。",
                "venue_type": "youth_station",
                "level": "basic",
                "district": "浦东新区",
                "address": "临港大道1号",
                "latitude": 30.9137,
                "longitude": 121.9087,
                "opening_hours": [{"weekday": 2, "opens": "09:00", "closes": "17:15"}],
                "topics": ["海洋"],
                "audiences": ["青少年"],
            }
        ],
        "works": [
            {
                "key": "deep-sea-book",
                "title": "深海探秘",
                "summary": "一本关于深海的原创科普书。",
                "work_type": "book",
                "creators": ["张三", {"name": "李四", "role": "translator"}],
                "publisher": "上海科学技术出版社",
                "year": 2021,
                "isbn": "978-7-5478-1520-5",
                "original": True,
                "recommended_year": 2024,
                "brand": "lingang-science-week",
                "topics": ["海洋", "极地科考"],
                "audiences": ["青少年", "公众"],
                "body": "第一段。\n\n第二段。",
            }
        ],
        "events": [
            {
                "key": "ocean-day-talk",
                "title": "海洋日讲座",
                "summary": "世界海洋日科普讲座。",
                "start": "2026-06-08T09:00:00+08:00",
                "end": "2026-06-08T11:00:00+08:00",
                "occurrences": [{"start": "2026-06-15T09:00:00+08:00", "end": "2026-06-15T11:00:00+08:00"}],
                "venue": "lingang-ocean-station",
                "brand": "lingang-science-week",
                "district": "浦东新区",
                "audiences": ["青少年"],
                "topics": ["海洋"],
                "free": True,
                "body": "讲座。",
            }
        ],
    }
    data.update(overrides)
    return data
