"""The generator's vocabulary: the industry tree, provinces, names, kind weights and sizes."""

from __future__ import annotations

from graph.model import (
    AGENCY_KINDS,
    AGENCY_LEVELS,
    PLATFORM_KINDS,
    PROJECT_PROGRAMS,
    PROJECT_STATUSES,
    STAGE_CODES,
)

SE, LEADING, OTHER = "strategic_emerging", "leading", "other"

# (key, English name, Chinese name, category, parent key); parents come before children.
# The seven strategic emerging industries of the State Council's 2010 decision (Guofa [2010]
# No. 32) with sub-sectors named in the 12th Five-Year plan for them, digital creative
# industries (added 2016), some typical "leading" industries of a region, and services.
INDUSTRY_TREE: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("next-gen-it", "Next-generation information technology", "新一代信息技术", SE, None),
    ("next-gen-internet", "Next-generation internet", "下一代互联网", SE, "next-gen-it"),
    ("mobile-internet", "Mobile internet", "移动互联网", SE, "next-gen-it"),
    ("cloud-computing", "Cloud computing", "云计算", SE, "next-gen-it"),
    ("internet-of-things", "Internet of Things", "物联网", SE, "next-gen-it"),
    ("smart-sensing", "Smart sensing systems", "智能传感系统", SE, "internet-of-things"),
    ("geospatial-information", "Geospatial information", "地球空间信息", SE, "next-gen-it"),
    ("semiconductors", "Semiconductors and integrated circuits", "半导体与集成电路", SE,
     "next-gen-it"),
    ("semiconductor-lighting", "Semiconductor lighting", "半导体照明", SE, "semiconductors"),
    ("new-displays", "New displays", "新型显示", SE, "next-gen-it"),
    ("smart-terminals", "Smart terminals", "智能终端", SE, "next-gen-it"),
    ("software-services", "Software and information services", "软件和信息技术服务", SE,
     "next-gen-it"),
    ("artificial-intelligence", "Artificial intelligence", "人工智能", SE, "next-gen-it"),
    ("laser-optoelectronics", "Laser and optoelectronics", "激光与光电子", SE, "next-gen-it"),
    ("high-end-equipment", "High-end equipment manufacturing", "高端装备制造", SE, None),
    ("rail-transit-equipment", "Rail transit equipment", "轨道交通装备", SE,
     "high-end-equipment"),
    ("smart-grid-equipment", "Smart grid equipment", "智能电网装备", SE, "high-end-equipment"),
    ("aerospace-equipment", "Aviation and aerospace equipment", "航空航天装备", SE,
     "high-end-equipment"),
    ("marine-equipment", "Marine engineering equipment", "海洋工程装备", SE,
     "high-end-equipment"),
    ("intelligent-manufacturing", "Intelligent manufacturing equipment", "智能制造装备", SE,
     "high-end-equipment"),
    ("industrial-robots", "Industrial robots", "工业机器人", SE, "intelligent-manufacturing"),
    ("new-energy", "New energy", "新能源", SE, None),
    ("solar-pv", "Solar photovoltaics", "太阳能光伏", SE, "new-energy"),
    ("wind-power", "Wind power", "风电", SE, "new-energy"),
    ("nuclear-power", "Nuclear power", "核电", SE, "new-energy"),
    ("biomass-energy", "Biomass energy", "生物质能", SE, "new-energy"),
    ("energy-storage", "Energy storage and hydrogen", "储能与氢能", SE, "new-energy"),
    ("new-materials", "New materials", "新材料", SE, None),
    ("rare-earth-materials", "Rare-earth functional materials", "稀土功能材料", SE,
     "new-materials"),
    ("advanced-metals", "Advanced metal materials", "先进金属材料", SE, "new-materials"),
    ("polymer-materials", "High-performance polymers", "高性能高分子材料", SE, "new-materials"),
    ("composite-materials", "Advanced composite materials", "先进复合材料", SE,
     "new-materials"),
    ("nanomaterials", "Nanomaterials and graphene", "纳米材料与石墨烯", SE, "new-materials"),
    ("biomedicine", "Biotechnology and biomedicine", "生物产业", SE, None),
    ("pharmaceuticals", "Pharmaceuticals", "制药", SE, "biomedicine"),
    ("traditional-chinese-medicine", "Traditional Chinese medicine", "中药", SE,
     "pharmaceuticals"),
    ("biopharmaceuticals", "Biopharmaceuticals", "生物制药", SE, "pharmaceuticals"),
    ("medical-devices", "Medical devices", "医疗器械", SE, "biomedicine"),
    ("bio-agriculture", "Bio-agriculture", "生物农业", SE, "biomedicine"),
    ("bio-manufacturing", "Bio-manufacturing", "生物制造", SE, "biomedicine"),
    ("energy-saving", "Energy saving and environmental protection", "节能环保", SE, None),
    ("energy-efficient-equipment", "Energy-efficient equipment", "高效节能装备", SE,
     "energy-saving"),
    ("environmental-equipment", "Environmental protection equipment", "先进环保装备", SE,
     "energy-saving"),
    ("resource-recycling", "Resource recycling", "资源循环利用", SE, "energy-saving"),
    ("new-energy-vehicles", "New-energy vehicles", "新能源汽车", SE, None),
    ("power-batteries", "Power batteries", "动力电池", SE, "new-energy-vehicles"),
    ("electric-drive", "Electric drive and control systems", "电机电控系统", SE,
     "new-energy-vehicles"),
    ("connected-vehicles", "Intelligent connected vehicles", "智能网联汽车", SE,
     "new-energy-vehicles"),
    ("digital-creative", "Digital creative industries", "数字创意", SE, None),
    ("animation-games", "Animation and games", "动漫游戏", SE, "digital-creative"),
    ("automobiles", "Automobiles and parts", "汽车及零部件", LEADING, None),
    ("petrochemicals", "Petrochemicals", "石油化工", LEADING, None),
    ("steel-metallurgy", "Steel and metallurgy", "钢铁冶金", LEADING, None),
    ("modern-agriculture", "Modern agriculture", "现代农业", LEADING, None),
    ("agricultural-machinery", "Agricultural machinery", "农业机械", LEADING,
     "modern-agriculture"),
    ("light-industry", "Light industry", "轻工", LEADING, None),
    ("footwear-leather", "Footwear and leather goods", "鞋革", LEADING, "light-industry"),
    ("textiles-apparel", "Textiles and apparel", "纺织服装", LEADING, "light-industry"),
    ("food-processing", "Food processing", "食品加工", LEADING, "light-industry"),
    ("electrical-machinery", "Electrical machinery", "电气机械", LEADING, None),
    ("modern-services", "Modern services", "现代服务业", OTHER, None),
    ("st-services", "S&T services", "科技服务业", OTHER, "modern-services"),
    ("cultural-tourism", "Culture and tourism", "文化旅游", OTHER, "modern-services"),
    ("logistics", "Modern logistics", "现代物流", OTHER, "modern-services"),
)

# The 34 provincial-level divisions: (ascii key, English name, Chinese name).
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("beijing", "Beijing", "北京市"),
    ("tianjin", "Tianjin", "天津市"),
    ("hebei", "Hebei", "河北省"),
    ("shanxi", "Shanxi", "山西省"),
    ("inner-mongolia", "Inner Mongolia", "内蒙古自治区"),
    ("liaoning", "Liaoning", "辽宁省"),
    ("jilin", "Jilin", "吉林省"),
    ("heilongjiang", "Heilongjiang", "黑龙江省"),
    ("shanghai", "Shanghai", "上海市"),
    ("jiangsu", "Jiangsu", "江苏省"),
    ("zhejiang", "Zhejiang", "浙江省"),
    ("anhui", "Anhui", "安徽省"),
    ("fujian", "Fujian", "福建省"),
    ("jiangxi", "Jiangxi", "江西省"),
    ("shandong", "Shandong", "山东省"),
    ("henan", "Henan", "河南省"),
    ("hubei", "Hubei", "湖北省"),
    ("hunan", "Hunan", "湖南省"),
    ("guangdong", "Guangdong", "广东省"),
    ("guangxi", "Guangxi", "广西壮族自治区"),
    ("hainan", "Hainan", "海南省"),
    ("chongqing", "Chongqing", "重庆市"),
    ("sichuan", "Sichuan", "四川省"),
    ("guizhou", "Guizhou", "贵州省"),
    ("yunnan", "Yunnan", "云南省"),
    ("tibet", "Tibet", "西藏自治区"),
    ("shaanxi", "Shaanxi", "陕西省"),
    ("gansu", "Gansu", "甘肃省"),
    ("qinghai", "Qinghai", "青海省"),
    ("ningxia", "Ningxia", "宁夏回族自治区"),
    ("xinjiang", "Xinjiang", "新疆维吾尔自治区"),
    ("taiwan", "Taiwan", "台湾省"),
    ("hong-kong", "Hong Kong", "香港特别行政区"),
    ("macau", "Macau", "澳门特别行政区"),
)

# Stages each kind of provider offers first (DESIGN.md section 3 kinds -> section 5 stages).
AGENCY_STAGES: dict[str, tuple[str, ...]] = {
    "tech_transfer": ("technology_transfer",),
    "incubator": ("incubation",),
    "productivity_center": ("consulting", "technology_transfer"),
    "venture_capital": ("finance",),
    "rd_design": ("research_development",),
    "testing": ("testing_certification",),
    "ip_service": ("intellectual_property",),
    "consulting": ("consulting",),
    "finance": ("finance",),
    "internationalization": ("technology_transfer", "consulting"),
    "research_institute": ("research_development", "technology_transfer"),
    "comprehensive": ("comprehensive",),
    "other": ("popularization",),
}
PLATFORM_STAGES: dict[str, tuple[str, ...]] = {
    "information": ("consulting",),
    "testing_inspection": ("testing_certification",),
    "pilot_incubation": ("incubation", "research_development"),
    "technology_trading": ("technology_transfer", "intellectual_property"),
    "finance": ("finance",),
    "internationalization": ("technology_transfer",),
    "research_infrastructure": ("research_development",),
    "engineering": ("research_development",),
    "comprehensive": ("comprehensive",),
}

# Names: (English, Chinese) parts.
AGENCY_NAMES: dict[str, tuple[str, str]] = {
    "tech_transfer": ("Technology Transfer Center", "技术转移中心"),
    "incubator": ("Business Incubator", "创业孵化器"),
    "productivity_center": ("Productivity Promotion Center", "生产力促进中心"),
    "venture_capital": ("Venture Capital Co., Ltd.", "创业投资有限公司"),
    "rd_design": ("R&D and Design Institute", "研发设计院"),
    "testing": ("Testing and Inspection Center", "检验检测中心"),
    "ip_service": ("Intellectual Property Service Center", "知识产权服务中心"),
    "consulting": ("S&T Consulting Co., Ltd.", "科技咨询有限公司"),
    "finance": ("S&T Finance Service Center", "科技金融服务中心"),
    "internationalization": ("International Technology Transfer Center", "国际技术转移中心"),
    "research_institute": ("Industrial Technology Research Institute", "产业技术研究院"),
    "comprehensive": ("S&T Service Center", "科技服务中心"),
    "other": ("Science Popularization Association", "科普协会"),
}
PLATFORM_NAMES: dict[str, tuple[str, str]] = {
    "information": ("S&T Information Platform", "科技信息服务平台"),
    "testing_inspection": ("Public Testing Platform", "公共检测服务平台"),
    "pilot_incubation": ("Pilot-scale and Incubation Platform", "中试孵化平台"),
    "technology_trading": ("Technology Trading Platform", "技术交易平台"),
    "finance": ("S&T Finance Platform", "科技金融服务平台"),
    "internationalization": ("International Cooperation Platform", "国际合作服务平台"),
    "research_infrastructure": ("Shared Instruments Platform", "大型仪器共享平台"),
    "engineering": ("Engineering Technology Center", "工程技术中心"),
    "comprehensive": ("S&T Service Platform", "科技服务综合平台"),
}
TEAM_NAMES: dict[str, tuple[str, str]] = {
    "innovation_team": ("S&T Service Innovation Team", "科技服务创新团队"),
    "leading_talent": ("Technology Brokerage Studio", "技术经纪工作室"),
    "training_base": ("S&T Service Talent Training Base", "科技服务人才培养基地"),
}
BRANDS: tuple[tuple[str, str], ...] = (
    ("Zhongke", "中科"), ("Huachuang", "华创"), ("Boyuan", "博远"), ("Qiming", "启明"),
    ("Huizhi", "汇智"), ("Xinrui", "鑫瑞"), ("Tianyi", "天翼"), ("Hengtong", "恒通"),
    ("Ruida", "瑞达"), ("Jinqiao", "金桥"), ("Chuangxin", "创新"), ("Zhiyuan", "致远"),
    ("Dingxin", "鼎信"), ("Kechuang", "科创"), ("Lianhe", "联合"), ("Xinghuo", "星火"),
)
# Syllables for synthetic city names; a syllable starting with a vowel gets an apostrophe
# ("Xi'an"), as pinyin spelling requires.
SYLLABLES: tuple[tuple[str, str], ...] = (
    ("Dong", "东"), ("Nan", "南"), ("Xi", "西"), ("Bei", "北"), ("Ping", "平"), ("Hua", "华"),
    ("Jiang", "江"), ("Shan", "山"), ("Ning", "宁"), ("Xin", "新"), ("Lin", "林"), ("He", "河"),
    ("Quan", "泉"), ("Chuan", "川"), ("Xing", "兴"), ("Yang", "阳"), ("Zhou", "州"),
    ("An", "安"), ("Cheng", "城"), ("Hai", "海"), ("Yuan", "源"), ("Feng", "丰"),
)
PARK_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("", ""), ("East", "东部"), ("West", "西部"), ("Binhai", "滨海"), ("Lakeside", "湖滨"),
    ("Science City", "科学城"), ("South", "南部"), ("North", "北部"), ("Future City", "未来城"),
)
PROJECT_ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("Next-generation", "新一代"), ("High-efficiency", "高效"), ("Low-cost", "低成本"),
    ("Intelligent", "智能"), ("Green", "绿色"), ("High-precision", "高精度"),
    ("Large-scale", "大规模"),
)
PROJECT_PHASES: tuple[tuple[str, str], ...] = (
    ("industrialization project", "产业化项目"), ("technology transfer", "成果转化"),
    ("pilot-scale trial", "中试"), ("demonstration project", "示范工程"),
    ("key technology R&D", "关键技术研发"),
)
SUPPORT_ROLES = ("lead", "rd", "testing", "transfer", "incubation", "finance", "ip", "consulting")

# Kind weights (rough shares of each kind among real agencies and platforms).
AGENCY_KIND_WEIGHTS: dict[str, int] = {
    "tech_transfer": 12, "incubator": 20, "productivity_center": 8, "venture_capital": 10,
    "rd_design": 8, "testing": 8, "ip_service": 8, "consulting": 10, "finance": 5,
    "internationalization": 2, "research_institute": 4, "comprehensive": 3, "other": 2,
}
PLATFORM_KIND_WEIGHTS: dict[str, int] = {
    "information": 15, "testing_inspection": 18, "pilot_incubation": 15,
    "technology_trading": 12, "finance": 10, "internationalization": 5,
    "research_infrastructure": 12, "engineering": 10, "comprehensive": 3,
}
LEVEL_WEIGHTS: dict[str, int] = {"national": 2, "provincial": 13, "municipal": 40, "private": 45}
PROGRAM_WEIGHTS: dict[str, int] = {
    "national_major": 5, "torch": 25, "innovation_fund": 25, "key_rd": 15, "other": 30,
}
STATUS_WEIGHTS: dict[str, int] = {
    "proposed": 15, "transferring": 25, "landed": 40, "industrialized": 20,
}
TEAM_KIND_WEIGHTS: dict[str, int] = {
    "innovation_team": 60, "leading_talent": 28, "training_base": 12,
}

MIN_YEAR, MAX_YEAR = 1985, 2024
MAX_CITIES = 330
MAX_PARKS = 2000
LINKS_PER_ENTITY = 1.5
LINK_SHARES = {"PARTNERS_WITH": 0.45, "SUPPORTS": 0.35, "INVESTS_IN": 0.08, "MEMBER_OF": 0.12}
PARETO_ALPHA = 2.2
_PARETO_MEAN = PARETO_ALPHA / (PARETO_ALPHA - 1)
FINANCE_KINDS = frozenset({"venture_capital", "finance"})
CHAIN_STAGES = (
    "research_development", "testing_certification", "intellectual_property",
    "technology_transfer", "incubation", "finance",
)

assert set(AGENCY_KIND_WEIGHTS) == set(AGENCY_KINDS) == set(AGENCY_STAGES)
assert set(PLATFORM_KIND_WEIGHTS) == set(PLATFORM_KINDS) == set(PLATFORM_STAGES)
assert set(LEVEL_WEIGHTS) == set(AGENCY_LEVELS)
assert set(PROGRAM_WEIGHTS) == set(PROJECT_PROGRAMS)
assert set(STATUS_WEIGHTS) == set(PROJECT_STATUSES)
assert all(s in STAGE_CODES for v in (*AGENCY_STAGES.values(), *PLATFORM_STAGES.values())
           for s in v)
