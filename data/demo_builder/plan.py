"""Which parks get what: pilots, the 2013 cluster pilots, featured parks and their
deliberate findings, national agencies with branches, cross-park cluster members."""

from __future__ import annotations

DEFAULT_CHAIN = (
    "research_development", "testing_certification", "intellectual_property",
    "technology_transfer", "incubation", "finance",
)
SUPPORTING = ("consulting", "comprehensive", "popularization")

PILOTS: dict[str, int] = {  # synthetic: pilot parks of the plan, with the year they joined
    "park-zhongguancun": 2012, "park-wuhan-east-lake": 2012, "park-shanghai-zhangjiang": 2012,
    "park-shenzhen": 2013, "park-xian": 2013, "park-suzhou-industrial-park": 2013,
}
NON_COMPLIANT_PILOT = "park-xian"  # provincial match below 2x the Torch money

# The ten first-batch innovative industrial cluster pilots (2013, Guokefahuo [2013] No. 505).
CLUSTERS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("zhongguancun-mobile-internet", "Zhongguancun Mobile Internet", "中关村移动互联网",
     "park-zhongguancun", ("mobile-internet",)),
    ("baoding-new-energy-smart-grid", "Baoding New Energy and Smart-grid Equipment",
     "保定新能源与智能电网装备", "park-baoding", ("new-energy", "smart-grid-equipment")),
    ("benxi-pharmaceuticals", "Benxi Pharmaceuticals", "本溪制药", "park-benxi",
     ("pharmaceuticals",)),
    ("wuxi-smart-sensing", "Wuxi Smart Sensing Systems", "无锡智能传感系统", "park-wuxi",
     ("smart-sensing",)),
    ("wenzhou-laser-optoelectronics", "Wenzhou Laser and Optoelectronics", "温州激光与光电",
     "park-wenzhou", ("laser-optoelectronics",)),
    ("weifang-semiconductor-lighting", "Weifang Semiconductor Lighting", "潍坊半导体发光",
     "park-weifang", ("semiconductor-lighting",)),
    ("wuhan-east-lake-geospatial", "Wuhan East Lake Geospatial Information",
     "武汉东湖地球空间信息", "park-wuhan-east-lake", ("geospatial-information",)),
    ("zhuzhou-rail-transit", "Zhuzhou Rail Transit Equipment", "株洲轨道交通装备",
     "park-zhuzhou", ("rail-transit-equipment",)),
    ("shenzhen-next-gen-internet", "Shenzhen Next-generation Internet", "深圳下一代互联网",
     "park-shenzhen", ("next-gen-internet",)),
    ("huizhou-cloud-smart-terminals", "Huizhou Cloud Computing and Smart Terminals",
     "惠州云计算智能终端", "park-huizhou-zhongkai", ("cloud-computing", "smart-terminals")),
)

# Featured parks: focus industries (FOCUSES_ON; editorial for parks without a real cluster),
# the "core" industries their chain providers serve (chosen so they match the park AND its
# cluster), per-stage provider counts, and how many extra actors to add.
BASE_COUNTS = {"research_development": 3, "testing_certification": 2,
               "intellectual_property": 2, "technology_transfer": 3, "incubation": 3,
               "finance": 3, "consulting": 1, "comprehensive": 1, "popularization": 0}


class Featured:
    def __init__(self, focus: tuple[str, ...], core: tuple[str, ...] | None = None,
                 counts: dict[str, int] | None = None, extras: int = 4,
                 forbid: tuple[str, ...] = (), mismatched: dict[str, tuple[str, ...]] | None = None,
                 split: bool = False):
        self.focus = focus
        self.core = core or focus
        self.counts = {**BASE_COUNTS, **(counts or {})}
        self.extras = extras
        self.forbid = forbid  # stages no extra actor of this park may provide
        self.mismatched = mismatched or {}  # stage -> unrelated industries its providers serve
        self.split = split  # research_development providers kept apart from testing and IP


FEATURED: dict[str, Featured] = {
    "park-zhongguancun": Featured(("next-gen-it", "biomedicine"),
                                  ("next-gen-it", "mobile-internet"),
                                  {"research_development": 4, "technology_transfer": 4,
                                   "incubation": 4, "finance": 4, "consulting": 2,
                                   "popularization": 1}, extras=40),
    "park-shenzhen": Featured(("next-gen-it", "new-energy-vehicles"),
                              ("next-gen-it", "next-gen-internet"),
                              {"research_development": 4, "incubation": 4, "finance": 4,
                               "consulting": 2}, extras=30),
    "park-shanghai-zhangjiang": Featured(("semiconductors", "biomedicine"), extras=16),
    "park-wuhan-east-lake": Featured(("geospatial-information", "laser-optoelectronics"),
                                     ("geospatial-information", "next-gen-it"), extras=14),
    "park-xian": Featured(("aerospace-equipment", "semiconductors"), extras=10),
    "park-suzhou-industrial-park": Featured(("nanomaterials", "biopharmaceuticals"), extras=10),
    "park-hangzhou": Featured(("software-services", "internet-of-things"), extras=8),
    "park-chengdu": Featured(("software-services", "biomedicine"), extras=6),
    "park-guangzhou": Featured(("biomedicine", "new-displays"), extras=6),
    "park-hefei": Featured(("artificial-intelligence", "new-displays"), extras=5,
                           counts={"intellectual_property": 1}, forbid=("intellectual_property",)),
    "park-nanjing": Featured(("software-services", "smart-grid-equipment"), extras=5),
    "park-tianjin-binhai": Featured(("power-batteries", "software-services"), extras=5),
    "park-changsha": Featured(("intelligent-manufacturing",), extras=4),
    "park-jinan": Featured(("software-services",), extras=3, counts={"finance": 1}),
    "park-qingdao": Featured(("marine-equipment", "smart-terminals"), extras=3),
    "park-xiamen-torch": Featured(("new-displays", "semiconductors"), extras=3),
    "park-shenyang": Featured(("industrial-robots", "pharmaceuticals"), extras=3),
    "park-dalian": Featured(("software-services",), extras=2,
                            counts={"testing_certification": 0}, forbid=("testing_certification",)),
    "park-harbin": Featured(("aerospace-equipment",), extras=2, counts={"finance": 1}),
    "park-chongqing": Featured(("smart-terminals", "automobiles"), extras=3),
    "park-zhengzhou": Featured(("smart-terminals",), extras=2, counts={"incubation": 1}),
    "park-baoding": Featured(("new-energy", "smart-grid-equipment"), extras=3),
    "park-zhuzhou": Featured(("rail-transit-equipment",), extras=3),
    "park-huizhou-zhongkai": Featured(("cloud-computing", "smart-terminals"),
                                      ("cloud-computing", "smart-terminals"), extras=2,
                                      counts={"finance": 1}),
    # the deliberate findings
    "park-benxi": Featured(("pharmaceuticals",), counts={"testing_certification": 0},
                           extras=3, forbid=("testing_certification",)),
    "park-wuxi": Featured(("smart-sensing",), counts={"intellectual_property": 1}, extras=3,
                          forbid=("intellectual_property",)),
    "park-wenzhou": Featured(("laser-optoelectronics",), extras=3,
                             forbid=("intellectual_property",),
                             mismatched={"intellectual_property": ("footwear-leather",
                                                                   "textiles-apparel")}),
    "park-weifang": Featured(("semiconductor-lighting",), extras=0, split=True),
}
TRAINING_BASES = (*PILOTS, "park-hangzhou", "park-chengdu", "park-nanjing", "park-changsha")
# Parks whose focus is evident from their official name (editorial, see README).
NAME_FOCUS: dict[str, tuple[str, ...]] = {
    "park-baotou-rare-earth": ("rare-earth-materials",),
    "park-panzhihua-vanadium-titanium": ("advanced-metals",),
    "park-tonghua-pharmaceutical": ("pharmaceuticals",),
    "park-taizhou-pharmaceutical": ("pharmaceuticals",),
    "park-yangling-agricultural": ("modern-agriculture",),
    "park-yellow-river-delta-agricultural": ("modern-agriculture",),
}

# National agencies (located in Zhongguancun) and the parks where they have branches.
NATIONAL: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...],
                      tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("huaxia-ttn", "Huaxia Technology Transfer Network Center", "华夏技术转移网络中心",
     "tech_transfer", ("technology_transfer", "consulting"), ("next-gen-it", "high-end-equipment"),
     (("park-shanghai-zhangjiang", ("semiconductors",)), ("park-xian", ("aerospace-equipment",)),
      ("park-chengdu", ("software-services",)),
      ("park-changsha", ("intelligent-manufacturing",)),
      ("park-hangzhou", ("software-services",)))),
    ("zhongke-huajian", "Zhongke Huajian Testing and Certification Group", "中科华检检测认证集团",
     "testing", ("testing_certification",), ("biomedicine", "next-gen-it"),
     (("park-taizhou-pharmaceutical", ("pharmaceuticals",)),
      ("park-guangzhou", ("biomedicine",)), ("park-hefei", ("new-displays",)))),
    ("huazhi-ip", "Huazhi Intellectual Property Service Group", "华智知识产权服务集团",
     "ip_service", ("intellectual_property",), ("next-gen-it", "biomedicine", "high-end-equipment"),
     (("park-nanjing", ("next-gen-it",)),
      ("park-suzhou-industrial-park", ("next-gen-it", "nanomaterials")),
      ("park-hangzhou", ("laser-optoelectronics", "software-services")),
      ("park-wuhan-east-lake", ("laser-optoelectronics",)))),
    ("qiming-incubation", "Qiming Incubator Network", "启明孵化器网络", "incubator",
     ("incubation",), ("next-gen-it", "biomedicine"),
     (("park-shenzhen", ("next-gen-it",)), ("park-hefei", ("artificial-intelligence",)))),
    ("zhongchuang-finance", "Zhongchuang S&T Finance Group", "中创科技金融集团", "finance",
     ("finance",), ("next-gen-it", "biomedicine", "new-energy"),
     (("park-shenzhen", ("next-gen-it",)), ("park-wuhan-east-lake", ("geospatial-information",)),
      ("park-suzhou-industrial-park", ("biopharmaceuticals",)))),
)

# Cross-park cluster membership: (actor park, stage it provides, industry, cluster).
CROSS_MEMBERS: tuple[tuple[str, str, str, str], ...] = (
    ("park-tianjin-binhai", "research_development", "mobile-internet",
     "cluster-zhongguancun-mobile-internet"),
    ("park-guangzhou", "testing_certification", "next-gen-internet",
     "cluster-shenzhen-next-gen-internet"),
    ("park-xian", "research_development", "geospatial-information",
     "cluster-wuhan-east-lake-geospatial"),
    ("park-changsha", "testing_certification", "rail-transit-equipment",
     "cluster-zhuzhou-rail-transit"),
    ("park-shenzhen", "finance", "cloud-computing", "cluster-huizhou-cloud-smart-terminals"),
    ("park-tianjin-binhai", "research_development", "smart-grid-equipment",
     "cluster-baoding-new-energy-smart-grid"),
)

# The deliberate findings, checked after every build: (scope id, check, README text).
FINDINGS: tuple[tuple[str, str, str], ...] = (
    ("park-zhongguancun", "full",
     "Full chain: all six default-chain stages COVERED (>= 2 matching providers), every pair "
     "of them CONNECTED (shared projects and partnerships), so any chain order is connected; "
     "pilot 2012 with a compliant 1:2 provincial match; hosts the national agencies whose "
     "branches are gap-filling candidates elsewhere."),
    ("cluster-zhongguancun-mobile-internet", "full",
     "Same full chain at cluster scope; a Tianjin Binhai R&D agency is a MEMBER_OF the cluster "
     "while located in another park."),
    ("park-shenzhen", "full",
     "Full chain like Zhongguancun; pilot 2013, compliant match."),
    ("cluster-shenzhen-next-gen-internet", "full",
     "Full chain at cluster scope, plus a Guangzhou testing centre as a cross-park member."),
    ("park-benxi", "missing:testing_certification",
     "testing_certification MISSING (no provider at all); handoffs into and out of it are "
     "UNKNOWN. Candidates include a Shenyang public testing platform serving "
     "pharmaceuticals (same province, Liaoning) and the branches of the national Zhongke "
     "Huajian testing group (Taizhou Pharmaceutical, Guangzhou)."),
    ("cluster-benxi-pharmaceuticals", "missing:testing_certification",
     "Same gap at cluster scope."),
    ("park-wuxi", "thin:intellectual_property",
     "intellectual_property THIN: exactly one provider. Candidates in Jiangsu: the Huazhi IP "
     "branches in Nanjing and Suzhou Industrial Park (they serve next-generation IT, an "
     "ancestor of smart sensing)."),
    ("cluster-wuxi-smart-sensing", "thin:intellectual_property", "Same at cluster scope."),
    ("park-wenzhou", "mismatched:intellectual_property",
     "intellectual_property MISMATCHED: two IP agencies exist but serve only footwear/leather "
     "and textiles, not laser and optoelectronics. Candidate in Zhejiang: the Huazhi IP "
     "branch in Hangzhou (serves laser and optoelectronics)."),
    ("cluster-wenzhou-laser-optoelectronics", "mismatched:intellectual_property",
     "Same at cluster scope."),
    ("park-weifang", "broken:research_development>testing_certification",
     "All stages COVERED but the research_development -> testing_certification handoff is "
     "BROKEN: no R&D provider shares an actor, a partnership or a project with any testing "
     "(or IP) provider. R&D is equally cut off from intellectual_property, so the handoff "
     "R&D -> IP of an IT-style chain is BROKEN too."),
    ("park-weifang", "broken:research_development>intellectual_property", ""),
    ("cluster-weifang-semiconductor-lighting",
     "broken:research_development>testing_certification", "Same at cluster scope."),
    ("park-dalian", "missing:testing_certification",
     "testing_certification MISSING (a second, less prominent gap)."),
    ("park-hefei", "thin:intellectual_property",
     "intellectual_property THIN (one local provider; the Huazhi network has no branch there)."),
    ("park-xian", "funding:noncompliant",
     "Pilot 2013 whose provincial match is only 1.25x the Torch money each year: "
     "non-compliant with the 1:2 rule (the only one)."),
)

