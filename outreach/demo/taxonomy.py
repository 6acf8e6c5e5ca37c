"""Audiences, topics and districts of the two demo cities."""

AUDIENCES = [
    ("youth", "青少年", "Young people"),
    ("farmers", "农民", "Farmers"),
    ("workers", "产业工人", "Industrial workers"),
    ("elderly", "老年人", "Older people"),
    ("officials", "领导干部和公务员", "Officials and civil servants"),
    ("public", "公众", "General public"),
]

TOPICS = [
    ("ai", "人工智能", "Artificial intelligence"),
    ("ic", "集成电路", "Integrated circuits"),
    ("biomedicine", "生物医药", "Biomedicine"),
    ("health", "健康", "Health"),
    ("disaster", "防灾减灾", "Disaster prevention"),
    ("astronomy", "天文", "Astronomy"),
    ("ocean", "海洋", "Ocean"),
    ("ecology", "生态环境", "Ecology and environment"),
    ("agriculture", "现代农业", "Modern agriculture"),
    ("space", "航天", "Spaceflight"),
    ("quantum", "量子科技", "Quantum technology"),
    ("biodiversity", "生物多样性", "Biodiversity"),
    ("carbon", "低碳生活", "Low-carbon living"),
    ("scientist-spirit", "科学家精神", "The spirit of scientists"),
]

# Resident population by district, seventh national census (2020).
DISTRICTS = {
    "shanghai": [
        ("pudong", "浦东新区", 5681512),
        ("huangpu", "黄浦区", 662030),
        ("xuhui", "徐汇区", 1113078),
        ("changning", "长宁区", 693051),
        ("jingan", "静安区", 975707),
        ("putuo", "普陀区", 1239800),
        ("hongkou", "虹口区", 757498),
        ("yangpu", "杨浦区", 1242548),
        ("minhang", "闵行区", 2653489),
        ("baoshan", "宝山区", 2235218),
        ("jiading", "嘉定区", 1834258),
        ("jinshan", "金山区", 822776),
        ("songjiang", "松江区", 1909707),
        ("qingpu", "青浦区", 1271424),
        ("fengxian", "奉贤区", 1140872),
        ("chongming", "崇明区", 637921),
    ],
    "nantong": [
        ("chongchuan", "崇川区", 1395400),
        ("tongzhou", "通州区", 1185700),
        ("haimen", "海门区", 1034400),
        ("haian", "海安市", 874300),
        ("rugao", "如皋市", 1243900),
        ("rudong", "如东县", 883600),
        ("qidong", "启东市", 973600),
    ],
}
