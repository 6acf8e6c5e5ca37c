"""Demo rumours (科学辟谣), hazards and emergency hubs for both cities.

The rumours are of the kinds the national platform (科学辟谣平台) answers again and again —
vaccines, food additives, 5G, earthquake prediction, leftovers, GM food, typhoons, fire —
written afresh for this demo. The reviewing experts are demo people; the evidence names
the real bodies and standards that settle each question. Review dates are relative to the
day the demo is loaded (`days_ago`; 0 … today's day of the month falls in this month's list).
"""

HAZARDS = [
    ("typhoon", "台风", "Typhoon", "台风、暴雨、大风、防台"),
    ("earthquake", "地震", "Earthquake", "地震、余震、震级"),
    ("epidemic", "传染病", "Infectious disease", "传染病、疫情、流感、疫苗"),
    ("heat", "高温", "Heatwave", "高温、中暑、热射病"),
    ("fire", "火灾", "Fire", "火灾、消防、电动自行车"),
    ("flood", "洪涝", "Flood", "洪涝、洪水、汛期、内涝"),
]

# Existing demo pages tagged with hazards, by key: the hubs fill themselves from these.
HAZARD_TAGS = {
    "disaster-escape-series": ["earthquake", "fire", "typhoon", "flood"],
    "typhoon-is-coming": ["typhoon"],
    "meteorology-typhoon-class": ["typhoon"],
    "shanghai-meteorological-museum": ["typhoon", "heat"],
    "first-aid-in-five-minutes": ["heat", "fire"],
    "nantong-flood-season-safety": ["flood", "typhoon"],
    "nantong-disaster-drill": ["earthquake", "fire"],
    "nantong-science-and-technology-museum": ["earthquake", "typhoon"],
    "qidong-marine-science-base": ["typhoon", "flood"],
}

WHO = "https://www.who.int/"
NHC = "https://www.nhc.gov.cn/"
CEA = "https://www.cea.gov.cn/"
CMA = "https://www.cma.gov.cn/"
MOA = "https://www.moa.gov.cn/"
SAMR = "https://www.samr.gov.cn/"
FIRE = "https://www.119.gov.cn/"


def rumour(key, title, verdict, claim, summary, body, **fields):
    return dict(key=key, title=title, verdict=verdict, claim=claim, summary=summary, body=body, **fields)


SHANGHAI_EXPERTS = {
    "food": ("陈立新", "研究员", "食品安全与营养", "上海市科普专家库"),
    "vaccine": ("周慧敏", "主任医师", "疫苗与免疫规划", "上海市科普专家库"),
    "radio": ("林志远", "教授", "电磁兼容与无线通信", "上海市科普专家库"),
    "weather": ("顾晓雯", "高级工程师", "气象灾害防御", "上海市科普专家库"),
}
NANTONG_EXPERTS = {
    "quake": ("吴建国", "研究员", "地震学", "南通市科普专家库"),
    "agri": ("朱红梅", "教授", "作物遗传育种与生物安全", "南通市科普专家库"),
    "fire": ("孙海涛", "高级工程师", "建筑消防", "南通市科普专家库"),
    "health": ("许文静", "副主任医师", "临床营养与心血管病预防", "南通市科普专家库"),
    "flood": ("钱卫东", "高级工程师", "水文与防汛", "南通市科普专家库"),
}

RUMOURS = {
    "shanghai": [
        rumour(
            "leftovers-cause-cancer",
            "隔夜菜会致癌，一口都不能吃？",
            "inaccurate",
            "隔夜菜里亚硝酸盐超标，吃了会致癌，剩菜必须全部倒掉。",
            "冷藏得当的剩菜，亚硝酸盐含量远低于引起健康问题的水平；真正的风险是细菌繁殖。",
            [
                "蔬菜放置后，其中的硝酸盐会在细菌作用下部分转化为亚硝酸盐，放得越久、温度越高，转化越多。"
                "但按国内外多项实验测定，及时冷藏的剩菜隔夜后亚硝酸盐含量通常只有每千克几毫克，"
                "远低于可能引起急性中毒的剂量，偶尔吃不会致癌。",
                "剩菜真正需要注意的是细菌繁殖：饭菜做好后两小时内放进冰箱，分装加盖；吃之前彻底加热；"
                "绿叶菜尽量当餐吃完，凉拌菜、海鲜不宜久放；在冰箱里存放最好不要超过一到两天。",
            ],
            spread=4,
            days_ago=1,
            channel="微信群、短视频平台",
            expert="food",
            topics=["health"],
            evidence=[
                ("国家卫生健康委员会", "食品安全国家标准 食品中污染物限量（GB 2762）", None, NHC),
                ("世界卫生组织", "食品安全五要点", None, WHO),
            ],
        ),
        rumour(
            "hpv-vaccine-infertility",
            "接种HPV疫苗会导致不孕不育？",
            "false",
            "HPV疫苗是“绝育疫苗”，女孩打了以后会不孕不育。",
            "没有任何证据表明HPV疫苗会影响生育能力；它预防的宫颈癌恰恰是威胁女性生育和生命的疾病。",
            [
                "HPV疫苗在全球已使用十多年、接种数亿剂次。世界卫生组织全球疫苗安全咨询委员会多次评估，"
                "未发现接种与不孕、卵巢功能早衰之间存在关联。大规模人群研究也得出同样结论。",
                "接种后常见的是接种部位疼痛、红肿和短暂发热，一般很快消失。"
                "我国已将HPV疫苗纳入适龄女孩免费接种的地方项目，家长可咨询社区卫生服务中心预防接种门诊。",
            ],
            spread=3,
            days_ago=3,
            channel="朋友圈、家长群",
            expert="vaccine",
            topics=["health", "biomedicine"],
            hazards=["epidemic"],
            evidence=[
                ("世界卫生组织", "全球疫苗安全咨询委员会关于HPV疫苗安全性的声明", None, WHO),
                ("国家卫生健康委员会", "预防接种工作规范", None, NHC),
            ],
        ),
        rumour(
            "5g-base-station-radiation",
            "5G基站辐射会致癌，还会传播病毒？",
            "false",
            "小区装了5G基站，辐射比4G大几十倍，住附近的人会得癌症，5G还会传播病毒。",
            "5G使用的是非电离辐射，基站周围的电磁环境须符合国家限值；病毒不能通过无线电波传播。",
            [
                "电离辐射（如X射线）能打断DNA分子，而手机和基站使用的无线电波能量远远不够，属于非电离辐射。"
                "我国《电磁环境控制限值》（GB 8702-2014）对公众暴露的限值严于国际通行标准，"
                "基站建成后要经过电磁辐射监测，实测值通常只有限值的百分之几。",
                "病毒需要宿主细胞才能复制，通过飞沫、接触等途径传播，无线电波不可能携带病毒。"
                "基站建得越密，每个基站需要的发射功率反而越小，手机离基站近时发射功率也更低。",
            ],
            spread=3,
            days_ago=40,
            channel="业主群、短视频平台",
            expert="radio",
            topics=["ai"],
            evidence=[
                ("生态环境部", "电磁环境控制限值（GB 8702-2014）", None, ""),
                ("世界卫生组织", "关于5G移动网络与健康的问答", None, WHO),
            ],
        ),
        rumour(
            "typhoon-eye-calm",
            "台风眼经过时风停了，就可以出门了？",
            "false",
            "台风过境时突然风平浪静，说明台风已经过去了，可以出门收拾东西。",
            "风突然停下，可能只是台风眼经过；几十分钟后狂风会从相反方向再次袭来，此时出门最危险。",
            [
                "台风中心有一个直径几十公里的“台风眼”，这里气流下沉，风小甚至晴朗。"
                "台风眼经过时，人们容易误以为台风已经结束；但台风眼过后，另一侧的眼壁会带来同样强烈、方向相反的大风和暴雨。",
                "台风期间请以气象部门发布的预警信号和解除通知为准，不要因为一时风停就外出，"
                "远离广告牌、临时搭建物和大树，不要在河边、海边观潮。",
            ],
            spread=2,
            days_ago=2,
            channel="短视频平台",
            expert="weather",
            topics=["disaster"],
            hazards=["typhoon"],
            evidence=[
                ("中国气象局", "台风预警信号及防御指南", None, CMA),
                ("上海市气象局", "台风防御科普", None, ""),
            ],
        ),
        rumour(
            "food-additives-all-harmful",
            "含食品添加剂的食品都不安全？",
            "inaccurate",
            "配料表上添加剂越多越有害，只买“零添加”的食品才安全。",
            "按国家标准规定的品种、范围和用量使用的食品添加剂是安全的；危害食品安全的是非法添加物和超范围超量使用。",
            [
                "我国《食品安全国家标准 食品添加剂使用标准》（GB 2760）规定了每种添加剂可以用在哪些食品、最多用多少，"
                "这些限量经过毒理学评估，并留有很大的安全余量。防腐剂还能防止食品腐败、减少致病菌引起的食物中毒。",
                "苏丹红、三聚氰胺等并不是食品添加剂，而是非法添加物。“零添加”只是营销用语，"
                "不代表更安全，选购食品时更应该看生产日期、保质期和储存条件。",
            ],
            spread=3,
            days_ago=70,
            channel="购物平台评论、短视频平台",
            expert="food",
            topics=["health"],
            evidence=[
                ("国家卫生健康委员会", "食品安全国家标准 食品添加剂使用标准（GB 2760）", None, NHC),
                ("国家市场监督管理总局", "关于规范“零添加”等标签宣传的说明", None, SAMR),
            ],
        ),
    ],
    "nantong": [
        rumour(
            "earthquake-prediction-online",
            "网传“某日某地将发生大地震”可信吗？",
            "false",
            "有专家预测，近期本地将发生7级以上大地震，请大家提前准备、互相转告。",
            "目前全世界都还不能准确预测地震的时间、地点和震级；我国的地震预报只能由政府按法定程序发布。",
            [
                "地震发生在地下深处，孕育过程复杂，科学家目前可以对一个地区未来较长时间的地震危险性作出评估，"
                "但还做不到对具体时间、地点和震级的短临预测。网上流传的“精确预报”没有任何科学依据。",
                "根据《中华人民共和国防震减灾法》，地震预报意见由省级以上人民政府按程序统一发布，任何单位和个人不得擅自向社会散布。"
                "地震预警是在地震发生后、破坏性地震波到达前几秒到几十秒发出警报，与地震预报不是一回事。",
                "与其相信谣言，不如学会“伏地、遮挡、手抓牢”，准备家庭应急包，熟悉小区的应急避难场所。",
            ],
            spread=4,
            days_ago=2,
            channel="微信群、短视频平台",
            expert="quake",
            topics=["disaster"],
            hazards=["earthquake"],
            evidence=[
                ("中国地震局", "地震谣言识别与防范", None, CEA),
                ("全国人民代表大会常务委员会", "中华人民共和国防震减灾法", None, ""),
            ],
        ),
        rumour(
            "gm-food-infertility",
            "吃转基因食品会导致不孕、致癌？",
            "false",
            "转基因大豆油、转基因玉米吃多了会让人不孕不育，还会致癌。",
            "经过安全评价、依法批准上市的转基因食品，与同类传统食品一样安全；没有证据表明它会导致不孕或癌症。",
            [
                "转基因食品上市前要经过分子特征、毒理学、致敏性、营养学等多方面的安全评价，比传统育种的作物严格得多。"
                "世界卫生组织指出，目前国际市场上的转基因食品都已通过安全评价，未发现对人体健康造成影响。",
                "所谓“吃了转基因会不孕”的说法多来自被撤稿或无法重复的研究，经不起检验。"
                "我国对转基因产品实行按目录强制标识，消费者可以自主选择。",
            ],
            spread=3,
            days_ago=4,
            channel="朋友圈、直播带货",
            expert="agri",
            topics=["agriculture", "health"],
            evidence=[
                ("世界卫生组织", "关于转基因食品的常见问题", None, WHO),
                ("农业农村部", "农业转基因生物安全评价管理办法", None, MOA),
            ],
        ),
        rumour(
            "ebike-charging-indoors",
            "电动自行车不能推进家里、楼道充电？",
            "true",
            "电动自行车电池在家里或楼道里充电，一旦起火几分钟就能封住逃生通道。",
            "属实：电动自行车火灾蔓延极快、产生大量有毒烟气，室内和楼道充电十分危险，应到集中充电点充电。",
            [
                "锂电池一旦热失控，温度可在短时间内升到上千摄氏度，并伴随爆燃和大量有毒烟气。"
                "在楼道、门厅停放充电，起火后会直接封堵逃生通路，这是近年多起亡人火灾的共同原因。",
                "《高层民用建筑消防安全管理规定》禁止在公共门厅、疏散走道、楼梯间、安全出口停放电动自行车或者为电动自行车充电。"
                "请使用合格的原厂充电器，不要私拉电线“飞线”充电，不要改装电池，充满后及时断电。",
            ],
            spread=3,
            days_ago=5,
            channel="社区宣传、短视频平台",
            expert="fire",
            topics=["disaster"],
            hazards=["fire"],
            evidence=[
                ("应急管理部", "高层民用建筑消防安全管理规定", None, ""),
                ("国家消防救援局", "电动自行车消防安全提示", None, FIRE),
            ],
        ),
        rumour(
            "red-wine-heart-health",
            "每天喝一杯红酒能保护心血管？",
            "disputed",
            "红酒里有白藜芦醇，每天喝一杯能软化血管、预防心脏病。",
            "有争议：早期观察性研究提示少量饮酒与心血管病风险较低有关，但更新的研究认为这可能是统计偏差，而饮酒增加多种癌症风险。",
            [
                "一些早年的人群研究发现，少量饮酒者的冠心病发病率低于完全不饮酒者，这被称为“J形曲线”。"
                "但后来的研究指出，“不饮酒组”中包含了因病戒酒的人，拉高了他们的风险；用遗传学方法的研究没有发现少量饮酒的保护作用。",
                "红酒中白藜芦醇的含量很低，要达到动物实验中的剂量需要喝下大量红酒。"
                "世界卫生组织认为酒精是致癌物，不存在对健康“安全”的饮酒量。不饮酒的人不必为了心血管健康开始喝酒。",
            ],
            spread=2,
            days_ago=45,
            channel="养生公众号",
            expert="health",
            topics=["health"],
            evidence=[
                ("世界卫生组织", "关于饮酒与健康的声明", None, WHO),
                ("国家卫生健康委员会", "中国居民膳食指南", None, NHC),
            ],
        ),
        rumour(
            "flood-water-safe-to-wade",
            "水不深就可以趟水过马路？",
            "false",
            "暴雨后路面积水不过膝盖，趟过去没事。",
            "浑水下可能有打开的窨井、坑洞和漏电的电线，水深及膝的流水就能把人冲倒，积水路段应绕行。",
            [
                "城市内涝时，井盖可能被水冲开，浑浊的积水看不见底下的坑洞；路灯、广告牌和配电箱漏电，会让积水带电。"
                "流速较快的积水，即使只到膝盖，也可能把成年人冲倒。",
                "遇到积水路段请绕行；不得不通过时，用木棍探路，远离电线杆、变压器和井盖位置；"
                "车辆不要贸然驶入积水，熄火后不要再次启动。",
            ],
            spread=2,
            days_ago=0,
            channel="短视频平台",
            expert="flood",
            topics=["disaster"],
            hazards=["flood", "typhoon"],
            evidence=[
                ("应急管理部", "城市内涝避险指南", None, ""),
                ("中国气象局", "暴雨预警信号及防御指南", None, CMA),
            ],
        ),
    ],
}

EXPERTS = {"shanghai": SHANGHAI_EXPERTS, "nantong": NANTONG_EXPERTS}

# One hub per city, switched off: an editor switches it on in an emergency.
HUBS = {
    "shanghai": dict(
        key="typhoon-emergency",
        title="防台风应急科普专区",
        hazard="typhoon",
        headline="台风预警期间：减少外出，远离广告牌、临时搭建物和大树，关注气象部门的最新预警。",
        intro="台风来临前后该做什么：看懂预警信号、准备应急物品、识别台风谣言，以及附近可去的科普教育基地。",
        guidance=[
            "蓝色、黄色、橙色、红色四级台风预警信号，依次表示影响越来越严重；橙色及以上预警时，尽量留在室内。",
            "提前准备手电筒、饮用水、常用药品和充电宝，收好阳台花盆等高空物品，检查门窗。",
            "不要在台风眼经过、风雨暂停时外出；以气象部门发布的解除通知为准。",
        ],
    ),
    "nantong": dict(
        key="flood-emergency",
        title="防汛防台应急科普专区",
        hazard="flood",
        headline="汛期暴雨：积水路段请绕行，远离河道、涵洞和电线杆，低洼地区群众听从安排及时转移。",
        intro="江海之城的防汛知识：暴雨和台风预警、积水避险、转移安置和汛期谣言。",
        guidance=[
            "暴雨预警分蓝、黄、橙、红四级；橙色以上预警时，停止户外活动，低洼地区做好转移准备。",
            "不要趟水过马路，不要在积水中驾车；遇到电线落地，远离并报告。",
            "转移时带好证件、药品和饮用水，听从社区和村组的安排，到指定的避难场所。",
        ],
    ),
}

# English versions of some rumours, and of each city's 辟谣 index and hub: (title, summary).
ENGLISH = {
    "rumours": (
        "Rumours checked",
        "Claims that spread online, checked by scientists: what is true, what is not, and why.",
    ),
    "leftovers-cause-cancer": (
        "Do overnight leftovers cause cancer?",
        "Properly refrigerated leftovers hold far too little nitrite to harm you; the real risk is bacteria.",
    ),
    "hpv-vaccine-infertility": (
        "Does the HPV vaccine cause infertility?",
        "No evidence links the HPV vaccine to infertility; the cervical cancer it prevents threatens women's lives.",
    ),
    "typhoon-eye-calm": (
        "The wind has dropped: is the typhoon over?",
        "A sudden calm may be the eye of the typhoon passing; the wind returns from the other side.",
    ),
    "earthquake-prediction-online": (
        "Can that online earthquake forecast be trusted?",
        "No one can yet predict the time, place and size of an earthquake; only the government issues forecasts.",
    ),
    "ebike-charging-indoors": (
        "Never charge an e-bike indoors or in the stairwell",
        "True: e-bike battery fires spread in minutes and fill escape routes with toxic smoke.",
    ),
    "typhoon-emergency": (
        "Typhoon emergency information",
        "What to do before and during a typhoon, rumours checked, and where to go.",
    ),
    "flood-emergency": (
        "Flood and typhoon emergency information",
        "Rainstorm warnings, staying safe in flood water, evacuation and rumours checked.",
    ),
}
ENGLISH_CLAIMS = {
    "leftovers-cause-cancer": "Leftovers kept overnight are full of nitrite and cause cancer: throw them all away.",
    "hpv-vaccine-infertility": "The HPV vaccine is a sterilisation jab: girls who get it cannot have children.",
    "typhoon-eye-calm": "When the wind suddenly stops, the typhoon is over and it is safe to go out.",
    "earthquake-prediction-online": "An expert predicts a magnitude 7 earthquake here soon: prepare and pass it on.",
    "ebike-charging-indoors": "Charging an e-bike at home or in the stairwell can block the way out within minutes.",
}
ENGLISH_HEADLINES = {
    "typhoon-emergency": "Typhoon warning: stay indoors, keep away from billboards and trees, follow the forecasts.",
    "flood-emergency": "Heavy rain: avoid flooded roads, rivers and culverts; in low areas, follow evacuation orders.",
}
