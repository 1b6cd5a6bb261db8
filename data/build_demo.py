"""Build the demo dataset in `data/demo/` (run from anywhere: `python data/build_demo.py`).

Real skeleton, synthetic flesh:

- REAL (synthetic=false): the 174 national high-tech zones of
  `data/reference/national_hitech_zones.csv` as Parks, their provinces and cities as Regions,
  the ten first-batch innovative industrial clusters of 2013 as Clusters, the Torch Center as
  a funder, and an industry tree (the State Council's strategic emerging industries) from
  `loaders.generate.INDUSTRY_TREE`.
- SYNTHETIC (synthetic=true): every agency (except the Torch Center), platform, talent
  team, project, link and funding row, built with a fixed seed around ~28 well-known parks
  and sprinkled thinly elsewhere, shaped so that the analyses have deliberate findings
  (see `FINDINGS`).

The script rewrites `data/demo/*.csv` and `data/demo/README.md`, then reads the CSV files
back and checks, with a small independent implementation of the gap-analysis rules of
DESIGN.md section 5, that every deliberate finding holds. It exits non-zero if one does
not. The output is byte-identical on every run.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import (  # noqa: E402
    FUNDING_COLUMNS,
    LINK_COLUMNS,
    SPEC_BY_FILE,
    STAGE_CODES,
)
from loaders.generate import BRANDS, INDUSTRY_TREE, PROVINCES  # noqa: E402

REFERENCE = ROOT / "data" / "reference" / "national_hitech_zones.csv"
OUT = ROOT / "data" / "demo"
SEED = 2013

DEFAULT_CHAIN = (
    "research_development", "testing_certification", "intellectual_property",
    "technology_transfer", "incubation", "finance",
)
SUPPORTING = ("consulting", "comprehensive", "popularization")

# --- regions ------------------------------------------------------------------------------

# City names as written in the reference file (the part before any parenthesis) ->
# (id slug, English name). The county-level unit in parentheses (e.g. 苏州(昆山市)) is
# folded into its prefecture-level city.
CITIES: dict[str, tuple[str, str]] = {
    "北京": ("beijing-city", "Beijing"), "天津": ("tianjin-city", "Tianjin"),
    "石家庄": ("shijiazhuang", "Shijiazhuang"), "保定": ("baoding", "Baoding"),
    "唐山": ("tangshan", "Tangshan"), "廊坊": ("langfang", "Langfang"),
    "承德": ("chengde", "Chengde"), "雄安新区": ("xiongan", "Xiong'an New Area"),
    "太原": ("taiyuan", "Taiyuan"), "长治": ("changzhi", "Changzhi"),
    "包头": ("baotou", "Baotou"), "呼和浩特": ("hohhot", "Hohhot"),
    "鄂尔多斯": ("ordos", "Ordos"), "沈阳": ("shenyang", "Shenyang"),
    "大连": ("dalian", "Dalian"), "鞍山": ("anshan", "Anshan"), "营口": ("yingkou", "Yingkou"),
    "辽阳": ("liaoyang", "Liaoyang"), "本溪": ("benxi", "Benxi"), "锦州": ("jinzhou", "Jinzhou"),
    "阜新": ("fuxin", "Fuxin"), "长春": ("changchun", "Changchun"),
    "吉林": ("jilin-city", "Jilin"), "延边州": ("yanbian", "Yanbian Prefecture"),
    "通化": ("tonghua", "Tonghua"), "哈尔滨": ("harbin", "Harbin"), "大庆": ("daqing", "Daqing"),
    "齐齐哈尔": ("qiqihar", "Qiqihar"), "上海": ("shanghai-city", "Shanghai"),
    "南京": ("nanjing", "Nanjing"), "苏州": ("suzhou", "Suzhou"), "无锡": ("wuxi", "Wuxi"),
    "常州": ("changzhou", "Changzhou"), "泰州": ("taizhou", "Taizhou"),
    "徐州": ("xuzhou", "Xuzhou"), "南通": ("nantong", "Nantong"),
    "镇江": ("zhenjiang", "Zhenjiang"), "盐城": ("yancheng", "Yancheng"),
    "连云港": ("lianyungang", "Lianyungang"), "扬州": ("yangzhou", "Yangzhou"),
    "宿迁": ("suqian", "Suqian"), "淮安": ("huaian", "Huai'an"),
    "杭州": ("hangzhou", "Hangzhou"), "宁波": ("ningbo", "Ningbo"),
    "绍兴": ("shaoxing", "Shaoxing"), "温州": ("wenzhou", "Wenzhou"), "衢州": ("quzhou", "Quzhou"),
    "湖州": ("huzhou", "Huzhou"), "嘉兴": ("jiaxing", "Jiaxing"), "合肥": ("hefei", "Hefei"),
    "蚌埠": ("bengbu", "Bengbu"), "芜湖": ("wuhu", "Wuhu"), "马鞍山": ("maanshan", "Ma'anshan"),
    "铜陵": ("tongling", "Tongling"),
    "淮南": ("huainan", "Huainan"), "滁州": ("chuzhou", "Chuzhou"),
    "福州": ("fuzhou", "Fuzhou"), "厦门": ("xiamen", "Xiamen"), "泉州": ("quanzhou", "Quanzhou"),
    "莆田": ("putian", "Putian"),
    "漳州": ("zhangzhou", "Zhangzhou"), "三明": ("sanming", "Sanming"),
    "龙岩": ("longyan", "Longyan"), "南昌": ("nanchang", "Nanchang"), "新余": ("xinyu", "Xinyu"),
    "景德镇": ("jingdezhen", "Jingdezhen"), "鹰潭": ("yingtan", "Yingtan"),
    "抚州": ("fuzhou-jiangxi", "Fuzhou (Jiangxi)"), "吉安": ("jian", "Ji'an"),
    "赣州": ("ganzhou", "Ganzhou"), "九江": ("jiujiang", "Jiujiang"), "宜春": ("yichun", "Yichun"),
    "济南": ("jinan", "Jinan"), "威海": ("weihai", "Weihai"), "青岛": ("qingdao", "Qingdao"),
    "潍坊": ("weifang", "Weifang"), "淄博": ("zibo", "Zibo"), "济宁": ("jining", "Jining"),
    "烟台": ("yantai", "Yantai"), "临沂": ("linyi", "Linyi"), "泰安": ("taian", "Tai'an"),
    "枣庄": ("zaozhuang", "Zaozhuang"), "德州": ("dezhou", "Dezhou"),
    "东营": ("dongying", "Dongying"), "郑州": ("zhengzhou", "Zhengzhou"),
    "洛阳": ("luoyang", "Luoyang"), "安阳": ("anyang", "Anyang"), "南阳": ("nanyang", "Nanyang"),
    "新乡": ("xinxiang", "Xinxiang"), "平顶山": ("pingdingshan", "Pingdingshan"),
    "焦作": ("jiaozuo", "Jiaozuo"), "信阳": ("xinyang", "Xinyang"), "武汉": ("wuhan", "Wuhan"),
    "襄阳": ("xiangyang", "Xiangyang"), "宜昌": ("yichang", "Yichang"),
    "孝感": ("xiaogan", "Xiaogan"), "荆门": ("jingmen", "Jingmen"), "仙桃": ("xiantao", "Xiantao"),
    "随州": ("suizhou", "Suizhou"), "黄冈": ("huanggang", "Huanggang"),
    "咸宁": ("xianning", "Xianning"), "荆州": ("jingzhou", "Jingzhou"),
    "黄石": ("huangshi", "Huangshi"), "潜江": ("qianjiang", "Qianjiang"),
    "长沙": ("changsha", "Changsha"), "株洲": ("zhuzhou", "Zhuzhou"),
    "湘潭": ("xiangtan", "Xiangtan"),
    "益阳": ("yiyang", "Yiyang"), "衡阳": ("hengyang", "Hengyang"),
    "郴州": ("chenzhou", "Chenzhou"),
    "常德": ("changde", "Changde"), "怀化": ("huaihua", "Huaihua"),
    "广州": ("guangzhou", "Guangzhou"), "深圳": ("shenzhen", "Shenzhen"),
    "中山": ("zhongshan", "Zhongshan"),
    "佛山": ("foshan", "Foshan"), "惠州": ("huizhou", "Huizhou"),
    "珠海": ("zhuhai", "Zhuhai"), "东莞": ("dongguan", "Dongguan"),
    "肇庆": ("zhaoqing", "Zhaoqing"),
    "江门": ("jiangmen", "Jiangmen"), "河源": ("heyuan", "Heyuan"),
    "清远": ("qingyuan", "Qingyuan"), "汕头": ("shantou", "Shantou"),
    "湛江": ("zhanjiang", "Zhanjiang"), "茂名": ("maoming", "Maoming"),
    "南宁": ("nanning", "Nanning"), "桂林": ("guilin", "Guilin"), "柳州": ("liuzhou", "Liuzhou"),
    "北海": ("beihai", "Beihai"), "海口": ("haikou", "Haikou"),
    "重庆": ("chongqing-city", "Chongqing"), "成都": ("chengdu", "Chengdu"),
    "绵阳": ("mianyang", "Mianyang"),
    "自贡": ("zigong", "Zigong"), "内江": ("neijiang", "Neijiang"),
    "乐山": ("leshan", "Leshan"), "泸州": ("luzhou", "Luzhou"),
    "攀枝花": ("panzhihua", "Panzhihua"), "德阳": ("deyang", "Deyang"),
    "贵阳": ("guiyang", "Guiyang"), "安顺": ("anshun", "Anshun"), "遵义": ("zunyi", "Zunyi"),
    "昆明": ("kunming", "Kunming"), "玉溪": ("yuxi", "Yuxi"),
    "楚雄州": ("chuxiong", "Chuxiong Prefecture"), "西安": ("xian", "Xi'an"),
    "宝鸡": ("baoji", "Baoji"), "杨凌示范区": ("yangling", "Yangling Demonstration Zone"),
    "渭南": ("weinan", "Weinan"), "榆林": ("yulin", "Yulin"), "咸阳": ("xianyang", "Xianyang"),
    "安康": ("ankang", "Ankang"), "兰州": ("lanzhou", "Lanzhou"), "白银": ("baiyin", "Baiyin"),
    "西宁": ("xining", "Xining"), "银川": ("yinchuan", "Yinchuan"),
    "石嘴山": ("shizuishan", "Shizuishan"), "乌鲁木齐": ("urumqi", "Urumqi"),
    "昌吉州": ("changji", "Changji Prefecture"), "石河子": ("shihezi", "Shihezi"),
    "克拉玛依": ("karamay", "Karamay"),
}

# --- park names: suffix and word tables for a plain English rendering -----------------------

PARK_SUFFIXES: tuple[tuple[str, str, str], ...] = (  # (Chinese, English, slug tail)
    ("农业高新技术产业示范区", "Agricultural Hi-tech Industries Demonstration Zone",
     "agricultural"),
    ("火炬高技术产业开发区", "Torch Hi-tech Industrial Development Zone", "torch"),
    ("高新技术产业开发区", "Hi-tech Industrial Development Zone", ""),
    ("高新技术产业园区", "Hi-tech Industrial Park", ""),
    ("新技术开发区", "New Technology Development Zone", ""),
    ("工业园区", "Industrial Park", "industrial-park"),
    ("科技园区", "Science Park", ""),
)
PARK_WORDS: dict[str, str] = {
    **{zh: en.removesuffix(" Prefecture") for zh, (_, en) in CITIES.items()},
    "抚州": "Fuzhou (Jiangxi)", "市": "", "中关村": "Zhongguancun", "滨海": "Binhai",
    "燕郊": "Yanjiao", "河北": "Hebei", "雄安": "Xiong'an", "稀土": "Rare Earth",
    "金山": "Jinshan", "净月": "Jingyue", "延吉": "Yanji", "医药": "Pharmaceutical",
    "张江": "Zhangjiang", "紫竹": "Zizhu", "昆山": "Kunshan", "江阴": "Jiangyin",
    "武进": "Wujin", "常熟": "Changshu", "萧山": "Xiaoshan", "临江": "Linjiang",
    "莫干山": "Moganshan", "慈湖": "Cihu", "狮子山": "Shizishan", "共青城": "Gongqingcheng",
    "丰城": "Fengcheng", "莱芜": "Laiwu", "黄河三角洲": "Yellow River Delta",
    "东湖": "East Lake", "大冶湖": "Dayehu", "松山湖": "Songshan Lake", "仲恺": "Zhongkai",
    "璧山": "Bishan", "荣昌": "Rongchang", "永川": "Yongchuan", "钒钛": "Vanadium-Titanium",
    "杨凌": "Yangling", "青海": "Qinghai", "楚雄": "Chuxiong", "昌吉": "Changji",
    "新疆生产建设兵团": "Xinjiang Production and Construction Corps",
}

# --- which parks get what ------------------------------------------------------------------

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


# --- small helpers ----------------------------------------------------------------------------


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def translate(prefix: str) -> str:
    """Greedy longest-match of a Chinese place prefix against PARK_WORDS."""
    words: list[str] = []
    i = 0
    while i < len(prefix):
        for j in range(len(prefix), i, -1):
            if prefix[i:j] in PARK_WORDS:
                if PARK_WORDS[prefix[i:j]]:
                    words.append(PARK_WORDS[prefix[i:j]])
                i = j
                break
        else:
            raise SystemExit(f"no English for {prefix[i:]!r} in park name prefix {prefix!r}")
    return " ".join(words)


def park_names(name_zh: str) -> tuple[str, str, str, str]:
    """-> (slug, English name, English short name, Chinese short name) of a zone."""
    for suffix_zh, suffix_en, tail in PARK_SUFFIXES:
        if name_zh.endswith(suffix_zh):
            prefix = name_zh[: -len(suffix_zh)]
            short_en = translate(prefix)
            slug = slugify(short_en + (" " + tail if tail else ""))
            label_en, label_zh = short_en, prefix.removesuffix("市")
            if tail == "industrial-park":
                label_en, label_zh = f"{short_en} Industrial Park", f"{label_zh}工业园区"
            elif tail == "torch":
                label_en, label_zh = f"{short_en} Torch", f"{label_zh}火炬"
            return slug, f"{short_en} {suffix_en}", label_en, label_zh
    raise SystemExit(f"unknown park name pattern: {name_zh}")


class Dataset:
    """Rows per file, in creation order, plus the indexes the builder needs."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ids: dict[str, str] = {}  # id -> file
        self.link_keys: set[tuple[str, str, str]] = set()
        self.fund_keys: set[tuple[str, str, str, int]] = set()

    def add(self, file: str, **row: Any) -> str:
        if row["id"] in self.ids:
            raise SystemExit(f"duplicate id {row['id']}")
        self.ids[row["id"]] = file
        self.rows[file].append(row)
        return str(row["id"])

    def link(self, source: str, type_: str, target: str, **props: Any) -> bool:
        key = (type_, *sorted((source, target))) if type_ == "PARTNERS_WITH" else (
            type_, source, target)
        if source == target or key in self.link_keys:
            return False
        self.link_keys.add(key)
        self.rows["links"].append({"source_id": source, "type": type_, "target_id": target,
                                   **props})
        return True

    def fund(self, funder: str, recipient: str, program: str, amount: float, year: int) -> None:
        key = (funder, recipient, program, year)
        assert key not in self.fund_keys, key
        self.fund_keys.add(key)
        self.rows["funding"].append({"funder_id": funder, "recipient_id": recipient,
                                     "program": program, "amount_million_cny": f"{amount:.2f}",
                                     "year": year})

    def write(self, out: Path) -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        files = [*SPEC_BY_FILE, "links", "funding"]
        for file in files:
            columns = (SPEC_BY_FILE[file].columns if file in SPEC_BY_FILE
                       else LINK_COLUMNS if file == "links" else FUNDING_COLUMNS)
            with (out / f"{file}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for row in self.rows[file]:
                    writer.writerow([_cell(row.get(c)) for c in columns])
            counts[file] = len(self.rows[file])
        return counts


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return str(value)


def ind(*keys: str) -> list[str]:
    return [f"industry-{k}" for k in keys]


# --- the builder ------------------------------------------------------------------------------

# stage -> provider templates: (entity file, kind, English name, Chinese name)
PROVIDERS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "research_development": (
        ("agencies", "research_institute", "Industrial Technology Research Institute",
         "产业技术研究院"),
        ("platforms", "research_infrastructure", "Shared Instruments Platform", "大型仪器共享平台"),
        ("agencies", "rd_design", "R&D and Design Center", "研发设计中心"),
        ("talent_teams", "innovation_team", "R&D Service Innovation Team", "研发服务创新团队"),
        ("platforms", "engineering", "Engineering Technology Center", "工程技术中心"),
    ),
    "testing_certification": (
        ("agencies", "testing", "Testing and Inspection Center", "检验检测中心"),
        ("platforms", "testing_inspection", "Public Testing Platform", "公共检测服务平台"),
        ("agencies", "testing", "Quality Certification Co., Ltd.", "质量认证有限公司"),
    ),
    "intellectual_property": (
        ("agencies", "ip_service", "Intellectual Property Service Center", "知识产权服务中心"),
        ("agencies", "ip_service", "Patent Agency Co., Ltd.", "专利代理有限公司"),
        ("platforms", "information", "Patent Information Platform", "专利信息服务平台"),
    ),
    "technology_transfer": (
        ("agencies", "tech_transfer", "Technology Transfer Center", "技术转移中心"),
        ("platforms", "technology_trading", "Technology Trading Market", "技术交易市场"),
        ("talent_teams", "leading_talent", "Technology Brokerage Studio", "技术经纪工作室"),
        ("agencies", "productivity_center", "Productivity Promotion Center", "生产力促进中心"),
        ("agencies", "internationalization", "International Technology Transfer Center",
         "国际技术转移中心"),
    ),
    "incubation": (
        ("agencies", "incubator", "Business Incubator", "创业孵化器"),
        ("platforms", "pilot_incubation", "Pilot-scale and Incubation Platform", "中试孵化平台"),
        ("agencies", "incubator", "Maker Space", "众创空间"),
        ("agencies", "incubator", "Accelerator", "企业加速器"),
    ),
    "finance": (
        ("agencies", "venture_capital", "Venture Capital Co., Ltd.", "创业投资有限公司"),
        ("platforms", "finance", "S&T Finance Service Platform", "科技金融服务平台"),
        ("agencies", "finance", "S&T Guarantee Co., Ltd.", "科技融资担保有限公司"),
        ("agencies", "venture_capital", "Angel Investment Fund", "天使投资基金"),
    ),
    "consulting": (
        ("agencies", "consulting", "S&T Consulting Co., Ltd.", "科技咨询有限公司"),
        ("platforms", "information", "S&T Information Platform", "科技信息服务平台"),
    ),
    "comprehensive": (
        ("agencies", "comprehensive", "S&T Service Center", "科技服务中心"),
        ("platforms", "comprehensive", "One-stop S&T Service Platform", "一站式科技服务平台"),
    ),
    "popularization": (
        ("agencies", "other", "Science Popularization Center", "科普中心"),
        ("talent_teams", "training_base", "S&T Service Talent Training Base",
         "科技服务人才培养基地"),
    ),
}
STAGE_TEAM = {"research_development": ("R&D Service", "研发服务"),
              "technology_transfer": ("Technology Transfer Service", "技术转移服务"),
              "incubation": ("Incubation Service", "孵化服务"),
              "intellectual_property": ("IP Service", "知识产权服务")}
LEVEL_BY_KIND = {"venture_capital": "private", "consulting": "private", "finance": "private",
                 "ip_service": "private", "testing": "municipal", "incubator": "municipal",
                 "tech_transfer": "municipal", "research_institute": "provincial",
                 "rd_design": "private", "productivity_center": "municipal",
                 "internationalization": "provincial", "comprehensive": "municipal",
                 "other": "municipal"}
PEOPLE = (("Li Ming", "李明"), ("Wang Fang", "王芳"), ("Zhang Jun", "张军"), ("Liu Yang", "刘洋"),
          ("Chen Jing", "陈静"), ("Zhao Lei", "赵磊"), ("Sun Li", "孙丽"), ("Zhou Tao", "周涛"),
          ("Wu Hao", "吴昊"), ("Xu Na", "徐娜"), ("Ma Chao", "马超"), ("Hu Yan", "胡燕"))

TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "next-gen-it": (("Big-data analytics platform", "大数据分析平台"),
                    ("Information security gateway", "信息安全网关")),
    "mobile-internet": (("Mobile payment security chip", "移动支付安全芯片"),
                        ("Location-based service platform", "位置服务平台")),
    "next-gen-internet": (("IPv6 core router", "IPv6核心路由器"),
                          ("Software-defined networking controller", "软件定义网络控制器")),
    "cloud-computing": (("Cloud operating system", "云操作系统"),
                        ("Green data center", "绿色数据中心")),
    "internet-of-things": (("IoT gateway", "物联网网关"),),
    "smart-sensing": (("MEMS pressure sensor", "MEMS压力传感器"),
                      ("Wireless sensor network node", "无线传感网络节点")),
    "geospatial-information": (("BeiDou high-precision positioning", "北斗高精度定位"),
                               ("Remote-sensing image processing", "遥感影像处理")),
    "semiconductors": (("12-inch wafer process", "12英寸晶圆工艺"),
                       ("SoC design platform", "系统级芯片设计平台")),
    "semiconductor-lighting": (("High-brightness LED epitaxial wafer", "高亮度LED外延片"),
                               ("LED street-lighting module", "LED路灯模组")),
    "new-displays": (("AMOLED panel", "AMOLED面板"),
                     ("Flexible display module", "柔性显示模组")),
    "smart-terminals": (("Smartphone mainboard", "智能手机主板"),
                        ("Wearable device", "可穿戴设备")),
    "software-services": (("Industrial software suite", "工业软件套件"),
                          ("E-government cloud service", "电子政务云服务")),
    "artificial-intelligence": (("Speech recognition engine", "语音识别引擎"),
                                ("Machine-vision inspection", "机器视觉检测")),
    "laser-optoelectronics": (("Fiber laser", "光纤激光器"),
                              ("Laser cutting system", "激光切割系统"),
                              ("Optical communication module", "光通信模块")),
    "rail-transit-equipment": (("Traction converter", "牵引变流器"),
                               ("Urban rail vehicle bogie", "城轨车辆转向架")),
    "smart-grid-equipment": (("Smart meter", "智能电表"),
                             ("Grid-connected inverter", "并网逆变器")),
    "new-energy": (("Wind turbine blade", "风电叶片"),
                   ("Thin-film solar cell", "薄膜太阳能电池")),
    "aerospace-equipment": (("UAV flight control", "无人机飞控系统"),
                            ("Aero-engine blade", "航空发动机叶片")),
    "marine-equipment": (("Deep-sea drilling riser", "深海钻井隔水管"),),
    "intelligent-manufacturing": (("CNC machine tool", "数控机床"),
                                  ("Construction machinery control", "工程机械控制系统")),
    "industrial-robots": (("Six-axis industrial robot", "六轴工业机器人"),),
    "pharmaceuticals": (("Generic drug consistency evaluation", "仿制药一致性评价"),
                        ("Sustained-release tablet", "缓释片剂")),
    "biopharmaceuticals": (("Monoclonal antibody", "单克隆抗体"),
                           ("Recombinant vaccine", "重组疫苗")),
    "biomedicine": (("Gene sequencing service", "基因测序服务"),
                    ("Digital X-ray imaging system", "数字X射线成像系统")),
    "power-batteries": (("Lithium iron phosphate battery", "磷酸铁锂电池"),),
    "nanomaterials": (("Graphene conductive film", "石墨烯导电薄膜"),),
    "new-energy-vehicles": (("Electric bus powertrain", "电动客车动力总成"),),
    "automobiles": (("Lightweight auto body", "轻量化车身"),),
    "rare-earth-materials": (("Rare-earth permanent magnet", "稀土永磁材料"),),
    "advanced-metals": (("Titanium alloy sheet", "钛合金板材"),),
    "modern-agriculture": (("Water-saving irrigation", "节水灌溉"),),
    "footwear-leather": (("Eco-friendly leather tanning", "生态皮革鞣制"),),
}
PHASES = (("industrialization", "产业化项目"), ("technology transfer", "成果转化项目"),
          ("pilot-scale trial", "中试项目"))
PROGRAMS = ("torch", "innovation_fund", "national_major", "key_rd", "other", "torch")
STATUSES = ("landed", "industrialized", "transferring", "landed", "proposed", "industrialized")


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.data = Dataset()
        self.parks: dict[str, dict[str, Any]] = {}  # park id -> row + short names
        self.park_province: dict[str, str] = {}
        self.by_park: dict[str, list[str]] = defaultdict(list)  # actors per park
        self.stages: dict[str, list[str]] = {}  # actor -> stages
        self.serial: dict[str, int] = defaultdict(int)
        self.names: set[str] = set()  # English names of synthetic actors, kept unique

    # --- real skeleton -----------------------------------------------------------------

    def regions_and_parks(self) -> None:
        with REFERENCE.open(encoding="utf-8", newline="") as handle:
            zones = list(csv.DictReader(handle))
        assert len(zones) == 174, len(zones)
        provinces = {zh: (key, en) for key, en, zh in PROVINCES}
        seen_provinces: set[str] = set()
        seen_cities: set[str] = set()
        for zone in zones:
            province_zh = zone["province"]
            key, en = provinces[province_zh]
            province_id = f"region-{key}"
            if province_zh not in seen_provinces:
                seen_provinces.add(province_zh)
                self.data.add("regions", id=province_id, name=en, name_zh=province_zh,
                              kind="province", synthetic=False)
            city_zh = zone["city"].split("(")[0]
            city_slug, city_en = CITIES[city_zh]
            city_id = f"region-{city_slug}"
            if city_id not in seen_cities:
                seen_cities.add(city_id)
                self.data.add("regions", id=city_id, name=city_en, name_zh=city_zh, kind="city",
                              synthetic=False, parent_id=province_id)
            slug, name_en, short_en, short_zh = park_names(zone["name_zh"])
            park_id = f"park-{slug}"
            pilot_year = PILOTS.get(park_id)
            focus = FEATURED[park_id].focus if park_id in FEATURED else NAME_FOCUS.get(park_id, ())
            row = {
                "id": park_id, "name": zone["name_en"] or name_en, "name_zh": zone["name_zh"],
                "level": "national", "approved_year": zone["approved_year"] or None,
                "pilot": pilot_year is not None, "pilot_year": pilot_year, "synthetic": False,
                "region_id": city_id, "industries": ind(*focus),
            }
            self.data.add("parks", **row)
            self.parks[park_id] = {**row, "short_en": short_en, "short_zh": short_zh}
            self.park_province[park_id] = province_id
        missing = set(FEATURED) | set(NAME_FOCUS) | set(PILOTS)
        assert missing <= set(self.parks), missing - set(self.parks)

    def industries(self) -> None:
        for key, en, zh, category, parent in INDUSTRY_TREE:
            self.data.add("industries", id=f"industry-{key}", name=en, name_zh=zh,
                          category=category, synthetic=False,
                          parent_id=f"industry-{parent}" if parent else None)

    def clusters(self) -> None:
        for key, en, zh, park, industries in CLUSTERS:
            self.data.add("clusters", id=f"cluster-{key}",
                          name=f"{en} Innovative Industrial Cluster",
                          name_zh=f"{zh}创新型产业集群", kind="industrial_cluster",
                          established_year=2013, synthetic=False, park_ids=[park],
                          industries=ind(*industries))

    def torch_center(self) -> None:
        self.data.add("agencies", id="torch-center",
                      name="Torch High Technology Industry Development Center",
                      name_zh="科技部火炬高技术产业开发中心", kind="comprehensive",
                      level="national", synthetic=False)

    # --- synthetic actors --------------------------------------------------------------

    def new_id(self, file: str, park: str) -> str:
        prefix = {"agencies": "agency", "platforms": "platform", "talent_teams": "team",
                  "projects": "project"}[file]
        base = park.removeprefix("park-")
        self.serial[f"{prefix}-{base}"] += 1
        return f"{prefix}-{base}-{self.serial[f'{prefix}-{base}']:02d}"

    def brand(self, park: str) -> tuple[str, str]:
        n = self.serial[f"brand-{park}"]
        self.serial[f"brand-{park}"] += 1
        return BRANDS[(n + len(park)) % len(BRANDS)]

    def actor(self, park: str, template: tuple[str, str, str, str], stages: Iterable[str],
              industries: Iterable[str], *, name: tuple[str, str] | None = None,
              level: str | None = None, parent: str | None = None, backbone: bool = False,
              actor_id: str | None = None) -> str:
        file, kind, kind_en, kind_zh = template
        stages = list(dict.fromkeys(stages))
        assert all(s in STAGE_CODES for s in stages)
        p = self.parks[park]
        rng = self.rng
        if name is None:
            if file == "talent_teams" and kind == "leading_talent":
                who_en, who_zh = PEOPLE[self.serial["people"] % len(PEOPLE)]
                self.serial["people"] += 1
                name = (f"{p['short_en']} {who_en} {kind_en}", f"{p['short_zh']}{who_zh}{kind_zh}")
            elif file == "talent_teams" and kind == "training_base":
                n = self.serial[f"base-{park}"]
                self.serial[f"base-{park}"] += 1
                en, zh = ((kind_en, kind_zh) if n == 0 else
                          ("Technology Broker Training Base", "技术经纪人培训基地"))
                name = (f"{p['short_en']} {en}", f"{p['short_zh']}{zh}")
            else:
                for _ in range(len(BRANDS)):
                    b_en, b_zh = self.brand(park)
                    name = (f"{p['short_en']} {b_en} {kind_en}", f"{p['short_zh']}{b_zh}{kind_zh}")
                    if name[0] not in self.names:
                        break
                else:
                    name = (f"{name[0]} II", f"{name[1]}二部")
        self.names.add(name[0])
        row: dict[str, Any] = {
            "id": actor_id or self.new_id(file, park), "name": name[0], "name_zh": name[1],
            "kind": kind, "synthetic": True, "park_id": park, "stages": stages,
            "industries": ind(*dict.fromkeys(industries)),
        }
        if file == "agencies":
            row.update(level=level or LEVEL_BY_KIND[kind], backbone=backbone,
                       founded_year=rng.randint(1995, 2014), parent_id=parent,
                       staff=int(5 + rng.lognormvariate(3.0, 0.8)))
        elif file == "platforms":
            agencies = [a for a in self.by_park[park] if a.startswith("agency-")]
            row.update(open=rng.random() < 0.75, established_year=rng.randint(2003, 2015),
                       operator_id=rng.choice(agencies) if agencies else None)
        else:
            agencies = [a for a in self.by_park[park] if a.startswith("agency-")]
            size = {"innovation_team": (6, 40), "leading_talent": (1, 3),
                    "training_base": (40, 300)}[kind]
            row.update(size=rng.randint(*size), established_year=rng.randint(2008, 2015),
                       affiliation_id=rng.choice(agencies) if agencies else None)
        actor = self.data.add(file, **row)
        self.by_park[park].append(actor)
        self.stages[actor] = stages
        return actor

    def project(self, park: str, industry: str, supporters: Iterable[str],
                investors: Iterable[str] = ()) -> str:
        rng = self.rng
        topics = TOPICS.get(industry, TOPICS["next-gen-it"])
        names = self.serial  # count the projects on each (park, industry) for unique names
        n = names[f"project-name-{park}-{industry}"]
        names[f"project-name-{park}-{industry}"] += 1
        topic_en, topic_zh = topics[(n + rng.randrange(2)) % len(topics) if n == 0
                                    else n % len(topics)]
        phase_en, phase_zh = PHASES[(n // len(topics) + len(park)) % len(PHASES)]
        if n >= len(topics) * len(PHASES):
            topic_en, topic_zh = f"{topic_en} (phase {n // (len(topics) * len(PHASES)) + 1})", (
                f"{topic_zh}（{n // (len(topics) * len(PHASES)) + 1}期）")
        status = rng.choice(STATUSES)
        year = rng.randint(2011, 2015)
        value = None if status == "proposed" else round(rng.lognormvariate(3.0, 1.0), 2)
        project = self.data.add(
            "projects", id=self.new_id("projects", park), name=f"{topic_en} {phase_en}",
            name_zh=f"{topic_zh}{phase_zh}", program=rng.choice(PROGRAMS), status=status,
            contract_value_million_cny=value, year=year, synthetic=True, park_id=park,
            industries=ind(industry))
        roles = {"research_development": "rd", "testing_certification": "testing",
                 "intellectual_property": "ip", "technology_transfer": "transfer",
                 "incubation": "incubation", "finance": "finance"}
        for n, actor in enumerate(dict.fromkeys(supporters)):
            stage = next((s for s in self.stages[actor] if s in roles), "consulting")
            self.data.link(actor, "SUPPORTS", project, year=min(2015, year + (n > 2)),
                           role="lead" if n == 0 else roles.get(stage, "consulting"))
        for investor in investors:
            self.data.link(investor, "INVESTS_IN", project, year=year,
                           amount_million_cny=f"{rng.lognormvariate(2.0, 0.8):.2f}")
        return project

    def partner(self, a: str, b: str) -> None:
        if a.startswith("team-") or b.startswith("team-"):
            return
        self.data.link(a, "PARTNERS_WITH", b, year=self.rng.randint(2010, 2015),
                       weight=f"{self.rng.uniform(0.2, 1.0):.2f}")

    def national_agencies(self) -> None:
        """HQs in Zhongguancun, branches elsewhere (before the parks fill up, so parents
        come first in agencies.csv)."""
        rows = self.data.rows["agencies"]
        for key, en, zh, kind, stages, industries, branches in NATIONAL:
            template = ("agencies", kind, "", "")
            hq = self.actor("park-zhongguancun", template, stages, industries, name=(en, zh),
                            level="national", backbone=True, actor_id=f"agency-{key}")
            founded = rows[-1]["founded_year"] = self.rng.randint(1993, 2003)
            rows[-1]["staff"] = self.rng.randint(150, 600)
            for park, branch_industries in branches:
                p = self.parks[park]
                self.actor(park, template, stages, branch_industries,
                           name=(f"{en} {p['short_en']} Branch", f"{zh}{p['short_zh']}分中心"),
                           level="provincial" if self.rng.random() < 0.5 else "municipal",
                           parent=hq, actor_id=f"agency-{key}-{park.removeprefix('park-')}")
                rows[-1]["founded_year"] = self.rng.randint(founded + 2, 2014)

    def featured_park(self, park: str, spec: Featured) -> None:
        rng = self.rng
        pilot = park in PILOTS
        providers: dict[str, list[str]] = {}
        stages = [*DEFAULT_CHAIN, *SUPPORTING]
        for stage in stages:
            made: list[str] = []
            for n in range(spec.counts[stage]):
                template = PROVIDERS[stage][n % len(PROVIDERS[stage])]
                if stage in spec.mismatched:
                    unrelated = spec.mismatched[stage]
                    industries: list[str] = [unrelated[n % len(unrelated)]]
                else:
                    industries = [spec.core[n % len(spec.core)]]
                    if rng.random() < 0.3 and len(spec.focus) > 1:
                        industries.append(rng.choice(spec.focus))
                made.append(self.actor(park, template, [stage], industries,
                                       backbone=pilot and n == 0))
            providers[stage] = made
        # the national branches already located here also take part
        for actor in self.by_park[park]:
            for stage in self.stages[actor]:
                if actor not in providers[stage]:
                    providers[stage].append(actor)
        # extras: more providers of random (allowed) stages, heavy-tailed across parks
        allowed = [s for s in stages if s not in spec.forbid]
        for _ in range(spec.extras):
            stage = rng.choice(allowed)
            template = rng.choice([t for t in PROVIDERS[stage] if t[1] != "training_base"])
            industries = [rng.choice(spec.focus)] if rng.random() < 0.8 else [
                rng.choice(INDUSTRY_TREE)[0]]
            if stage in spec.mismatched:
                industries = list(spec.mismatched[stage])
            providers[stage].append(self.actor(park, template, [stage], industries))
        self.connect(park, spec, providers)
        # S&T service innovation teams (not tied into projects or partnerships)
        team_stages = [s for s in ("research_development", "technology_transfer", "incubation",
                                   "intellectual_property") if s not in spec.forbid
                       and s not in spec.mismatched]
        for _ in range(1 + spec.extras // 6 + rng.randint(0, 2)):
            stage = rng.choice(team_stages)
            self.actor(park, ("talent_teams", "innovation_team",
                              f"{STAGE_TEAM[stage][0]} Innovation Team",
                              f"{STAGE_TEAM[stage][1]}创新团队"), [stage], [rng.choice(spec.core)])

    def connect(self, park: str, spec: Featured, providers: dict[str, list[str]]) -> None:
        """Projects supported along the chain, partnerships, investments."""
        rng = self.rng
        chain = [s for s in DEFAULT_CHAIN if providers[s]]
        finance = [a for a in providers["finance"] if a.startswith("agency-")]
        if spec.split:
            rd_side = ["research_development", "technology_transfer", "incubation", "finance"]
            tc_side = ["testing_certification", "intellectual_property", "technology_transfer",
                       "incubation", "finance"]
            plans = [rd_side, tc_side, rd_side, tc_side]
        else:
            plans = [chain] * (2 + len(self.by_park[park]) // 12)
        for n, plan in enumerate(plans):
            supporters = [providers[s][(n + i) % len(providers[s])] for i, s in enumerate(plan)]
            investors = [finance[n % len(finance)]] if finance and n % 2 == 0 else []
            self.project(park, rng.choice(spec.core), supporters, investors)
        # partnerships: consecutive chain stages, and some random pairs
        actors = [a for a in self.by_park[park] if not a.startswith("team-")]
        pairs = [(providers[a][i % len(providers[a])], providers[b][i % len(providers[b])])
                 for a, b in itertools.pairwise(chain) for i in range(2)]
        pairs += [tuple(rng.sample(actors, 2)) for _ in range(len(actors) // 2)]
        separated: set[str] = set()
        others: set[str] = set()
        if spec.split:
            separated = set(providers["research_development"])
            others = set(providers["testing_certification"]) | set(
                providers["intellectual_property"])
        for a, b in pairs:
            if (a in separated and b in others) or (b in separated and a in others):
                continue
            self.partner(a, b)

    def sprinkle(self) -> None:
        """A thin layer of actors in other parks: 1-3 each in about a third of them."""
        rng = self.rng
        for park in self.parks:
            if park in FEATURED or rng.random() > 0.35:
                continue
            focus = [i.removeprefix("industry-") for i in self.parks[park]["industries"]]
            made = []
            for _ in range(rng.randint(1, 3)):
                stage = rng.choice((*DEFAULT_CHAIN, "consulting", "comprehensive"))
                industry = rng.choice(focus) if focus else rng.choice(
                    [k for k, *_ in INDUSTRY_TREE if _[-1] is not None])
                made.append(self.actor(park, rng.choice(PROVIDERS[stage]), [stage], [industry]))
            if rng.random() < 0.4:
                industry = rng.choice(focus) if focus else rng.choice(sorted(TOPICS))
                self.project(park, industry, made[:2])

    def training_bases(self) -> None:
        """Talent training bases (the plan wants about 10), co-built with universities."""
        for park in TRAINING_BASES:
            focus = [i.removeprefix("industry-") for i in self.parks[park]["industries"]]
            self.actor(park, PROVIDERS["popularization"][1], ["popularization", "consulting"],
                       focus[:1])

    def cross_members(self) -> None:
        for park, stage, industry, cluster in CROSS_MEMBERS:
            template = PROVIDERS[stage][0]
            actor = self.actor(park, template, [stage], [industry])
            self.data.link(actor, "MEMBER_OF", cluster)
        # explicit membership of a few local actors in every cluster
        for key, _, _, park, _ in CLUSTERS:
            for actor in self.by_park[park][:3]:
                self.data.link(actor, "MEMBER_OF", f"cluster-{key}")
        # national HQs cooperate with their branches
        for key, *_ in NATIONAL:
            hq = f"agency-{key}"
            for row in self.data.rows["agencies"]:
                if row.get("parent_id") == hq:
                    self.partner(hq, row["id"])

    def funding(self) -> None:
        rng = self.rng
        for park, since in PILOTS.items():
            ratio = 1.25 if park == NON_COMPLIANT_PILOT else rng.choice((2.2, 2.5, 3.0))
            province = self.park_province[park]
            for year in range(since, 2016):
                torch = round(rng.uniform(8.0, 30.0), 2)
                self.data.fund("torch-center", park, "torch_program", torch, year)
                self.data.fund(province, park, "provincial_match", round(torch * ratio, 2), year)
        for _key, _, _, park, _ in CLUSTERS:
            self.data.fund(self.park_province[park], park, "cluster_development",
                           round(rng.uniform(5.0, 20.0), 2), 2014)
        platforms = self.data.rows["platforms"]
        for row in platforms[:: max(1, len(platforms) // 25)]:
            self.data.fund(self.park_province[row["park_id"]], row["id"], "platform_construction",
                           round(rng.uniform(0.5, 8.0), 2), rng.randint(2011, 2015))
        agencies = [r for r in self.data.rows["agencies"] if r["synthetic"] and r.get("backbone")]
        for row in agencies[:: max(1, len(agencies) // 15)]:
            self.data.fund("torch-center", row["id"], "innovation_fund",
                           round(rng.uniform(0.5, 3.0), 2), rng.randint(2011, 2015))

    def build(self) -> Dataset:
        self.regions_and_parks()
        self.industries()
        self.clusters()
        self.torch_center()
        self.national_agencies()
        for park, spec in FEATURED.items():
            self.featured_park(park, spec)
        self.training_bases()
        self.sprinkle()
        self.cross_members()
        self.funding()
        return self.data


# --- reading back and checking the findings ---------------------------------------------------


class Graph:
    """The demo files read back, with DESIGN.md section 5 gap rules on top."""

    def __init__(self, folder: Path):
        def rows(name: str) -> list[dict[str, str]]:
            with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))

        self.parent = {r["id"]: r["parent_id"] for r in rows("industries")}
        self.parks = {r["id"]: r for r in rows("parks")}
        self.clusters = {r["id"]: r for r in rows("clusters")}
        self.actors: dict[str, dict[str, str]] = {}
        for name in ("agencies", "platforms", "talent_teams"):
            self.actors.update({r["id"]: r for r in rows(name)})
        self.links = rows("links")
        self.funding = rows("funding")
        self.partners = {frozenset((r["source_id"], r["target_id"])) for r in self.links
                         if r["type"] == "PARTNERS_WITH"}
        self.supports: dict[str, set[str]] = defaultdict(set)  # actor -> projects
        self.members: dict[str, set[str]] = defaultdict(set)
        for r in self.links:
            if r["type"] == "SUPPORTS":
                self.supports[r["source_id"]].add(r["target_id"])
            elif r["type"] == "MEMBER_OF":
                self.members[r["target_id"]].add(r["source_id"])

    @staticmethod
    def split(cell: str) -> list[str]:
        return [x for x in cell.split(";") if x]

    def matching(self, focus: list[str]) -> set[str]:
        children: dict[str, list[str]] = defaultdict(list)
        for child, parent in self.parent.items():
            if parent:
                children[parent].append(child)
        out: set[str] = set()
        for f in focus:
            x = f
            while x:
                out.add(x)
                x = self.parent.get(x, "")
            todo = [f]
            while todo:
                x = todo.pop()
                out.add(x)
                todo += children[x]
        return out

    def scope(self, scope_id: str) -> tuple[set[str], list[str]]:
        if scope_id.startswith("park-"):
            parks, focus, extra = [scope_id], self.split(self.parks[scope_id]["industries"]), set()
        else:
            c = self.clusters[scope_id]
            parks, focus = self.split(c["park_ids"]), self.split(c["industries"])
            extra = {a for a in self.members[scope_id] if a in self.actors}
        actors = {a for a, r in self.actors.items() if r["park_id"] in parks} | extra
        return actors, focus

    def report(self, scope_id: str, chain: tuple[str, ...] = DEFAULT_CHAIN) -> dict[str, Any]:
        actors, focus = self.scope(scope_id)
        match = self.matching(focus)
        providers, status = {}, {}
        for stage in chain:
            prov = [a for a in actors if stage in self.split(self.actors[a]["stages"])]
            matched = [a for a in prov
                       if not focus or set(self.split(self.actors[a]["industries"])) & match]
            providers[stage] = prov
            status[stage] = ("MISSING" if not prov else "MISMATCHED" if not matched
                             else "THIN" if len(matched) == 1 else "COVERED")
        handoffs = {}
        for a, b in itertools.pairwise(chain):
            if not providers[a] or not providers[b]:
                handoffs[(a, b)] = "UNKNOWN"
            else:
                handoffs[(a, b)] = ("CONNECTED" if self.connected(providers[a], providers[b])
                                    else "BROKEN")
        return {"status": status, "handoffs": handoffs, "actors": len(actors),
                "providers": providers}

    def connected(self, xs: list[str], ys: list[str]) -> bool:
        return any(x == y or frozenset((x, y)) in self.partners
                   or self.supports[x] & self.supports[y] for x in xs for y in ys)

    def match_ratio(self, park: str) -> float:
        torch = sum(float(r["amount_million_cny"]) for r in self.funding
                    if r["recipient_id"] == park and r["program"] == "torch_program")
        prov = sum(float(r["amount_million_cny"]) for r in self.funding
                   if r["recipient_id"] == park and r["program"] == "provincial_match")
        return prov / torch if torch else float("nan")


def check_findings(g: Graph) -> list[str]:
    problems = []
    for scope, check, _ in FINDINGS:
        kind, _, arg = check.partition(":")
        if kind == "funding":
            bad = [p for p in PILOTS if g.match_ratio(p) < 2]
            if bad != [scope]:
                problems.append(f"{scope}: non-compliant pilots are {bad}")
            continue
        rep = g.report(scope)
        status = rep["status"]
        if kind == "full":
            if set(status.values()) != {"COVERED"}:
                problems.append(f"{scope}: not all COVERED: {status}")
            for a in DEFAULT_CHAIN:  # every pair, so any chain order is connected
                for b in DEFAULT_CHAIN:
                    if a < b and not g.connected(rep["providers"][a], rep["providers"][b]):
                        problems.append(f"{scope}: {a} and {b} not connected")
        elif kind in ("missing", "thin", "mismatched"):
            if status[arg] != kind.upper():
                problems.append(f"{scope}: {arg} is {status[arg]}, expected {kind.upper()}")
        elif kind == "broken":
            a, b = arg.split(">")
            rep2 = g.report(scope, (a, b))
            if rep2["handoffs"][(a, b)] != "BROKEN" or "MISSING" in rep2["status"].values():
                problems.append(f"{scope}: {a}->{b} is {rep2['handoffs'][(a, b)]}")
            if set(status.values()) != {"COVERED"}:
                problems.append(f"{scope}: not all COVERED: {status}")
    return problems


# --- README -------------------------------------------------------------------------------------

SHORT = {"COVERED": "C", "THIN": "T", "MISMATCHED": "MM", "MISSING": "—"}


def status_table(g: Graph) -> str:
    scopes = list(FEATURED) + [f"cluster-{c[0]}" for c in CLUSTERS]
    head = ["scope", "actors", "R&D", "test", "IP", "transfer", "incub.", "finance",
            "broken / unknown handoffs"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for scope in scopes:
        rep = g.report(scope)
        odd = [f"{a} → {b}: {s}" for (a, b), s in rep["handoffs"].items() if s != "CONNECTED"]
        cells = [f"`{scope}`", str(rep["actors"]),
                 *(SHORT[rep["status"][s]] for s in DEFAULT_CHAIN), "; ".join(odd) or "—"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def readme(counts: dict[str, int], g: Graph, real: dict[str, int]) -> str:
    count_rows = "\n".join(
        f"| {file}.csv | {n} | {real.get(file, 0)} | {n - real.get(file, 0)} |"
        for file, n in counts.items())
    findings = "\n".join(f"| `{scope}` | {text} |" for scope, _, text in FINDINGS if text)
    ratios = "\n".join(f"| `{p}` | {y} | {g.match_ratio(p):.2f} | "
                       f"{'yes' if g.match_ratio(p) >= 2 else '**no**'} |"
                       for p, y in PILOTS.items())
    return f"""# Demo dataset

Generated by `python data/build_demo.py` (seed {SEED}; re-running rewrites these files
byte-for-byte and re-checks the findings below). Loaded by `stsgraph up` / `stsgraph load
data/demo`. Every row says whether it is real: the `synthetic` column.

## Provenance

**Real (synthetic=false)**
- `parks.csv`: all 174 rows of `data/reference/national_hitech_zones.csv` (Chinese names of
  China's national high-tech zones, compiled from the public Chinese Wikipedia list). Caveats
  from `data/reference/README.md` apply: the official count was 178 in November 2023, so at
  least four zones are missing; the rows for 河北雄安, 克拉玛依, 信阳, 滁州 and 遵义 were added
  by hand and are unverified; `approved_year` is filled only where a public page gave it
  (empty = unknown). Treat it as good sample data, not as an authority.
  English names: the three `name_en` values of the file are used as given; the others are a
  plain rendering of the Chinese name (place name in pinyin + "Hi-tech Industrial
  Development Zone" etc.), not official English names.
- `regions.csv`: the 30 provinces and 162 cities of those zones. Province and city were
  derived from each zone's name by the compiler, not from an official source. A
  county-level city in parentheses (e.g. `苏州(昆山市)`) is folded into its prefecture-level
  city (苏州); Chinese city names are exactly the file's (e.g. `延边州`, `雄安新区`),
  English names are hand-written pinyin.
- `clusters.csv`: the ten first-batch innovative industrial cluster pilots of 2013
  (Guokefahuo [2013] No. 505), each in its real high-tech zone, `established_year` 2013.
- `industries.csv`: a taxonomy, not data — the seven strategic emerging industries of the
  State Council's 2010 decision (plus digital creative industries, 2016) with sub-sectors,
  a few typical leading industries and services (`loaders.generate.INDUSTRY_TREE`).
- `agencies.csv` row `torch-center`: the Torch High Technology Industry Development Center
  of the Ministry of Science and Technology, as a funder only (no park, no stages).

**Editorial / synthetic attributes on real rows** (documented here, not marked per cell):
- `pilot` / `pilot_year`: the six pilot parks of the S&T service system programme are an
  illustrative choice, not the official list:
  {", ".join(f"`{p}` ({y})" for p, y in PILOTS.items())}.
- Park `industries` (FOCUSES_ON): for the ten cluster parks the cluster's industry; for
  parks whose official name names an industry (包头稀土, 攀枝花钒钛, 通化医药, 泰州医药,
  杨凌农业, 黄河三角洲农业) that industry; for the other featured parks an editorial guess
  of well-known specialisations; empty elsewhere (= unknown, every provider matches).

**Synthetic (synthetic=true)**: every other agency, all platforms, talent teams and
projects, and every row of `links.csv` and `funding.csv`. Names are invented in the style
of real ones (the national "groups" and "networks" too — any likeness to real organisations
is accidental). They cluster around ~28 featured parks, with a thin sprinkling of one to
three actors in about a third of the other parks.

## Ids

Stable ASCII ids: `region-<province>` and `region-<city>` (pinyin; `-city` for the four
municipalities and Jilin city, `region-fuzhou-jiangxi` for 抚州), `industry-<key>`,
`park-<place>` (e.g. `park-zhongguancun`, `park-suzhou-industrial-park`, `park-xiamen-torch`),
`cluster-<place>-<industry>`, `torch-center`; synthetic actors `agency-<park>-NN`,
`platform-<park>-NN`, `team-<park>-NN`, `project-<park>-NN`; national agencies
`agency-<name>` and their branches `agency-<name>-<park>`.

## Row counts

| file | rows | real | synthetic |
|---|---|---|---|
{count_rows}

## What the analyses find (deliberate, checked on every build)

Scope = a park (actors located in it) or a cluster (actors in its park plus MEMBER_OF);
stage statuses and handoffs follow DESIGN.md section 5 with the default chain. The API may
pick an industry-specific chain instead (`analysis/chains.toml`: e.g. `biomedicine` for
Benxi, `next_gen_it` for Wuxi, Wenzhou and Weifang); the findings are built not to depend on
it: Zhongguancun's and Shenzhen's stages are pairwise connected, the THIN / MISSING /
MISMATCHED stages are in every chain, and Weifang's R&D providers are cut off from both
testing and IP providers (so the broken handoff is R&D → testing in the default chain and
R&D → IP in the `next_gen_it` chain).

| scope | finding |
|---|---|
{findings}

National agencies with branches (BRANCH_OF, HQ in Zhongguancun, so gap suggestions have
national candidates): Huaxia Technology Transfer Network Center, Zhongke Huajian Testing and
Certification Group, Huazhi Intellectual Property Service Group, Qiming Incubator Network,
Zhongchuang S&T Finance Group. Talent: ten training bases (the six pilots, Hangzhou,
Chengdu, Nanjing, Changsha — the plan's target is "about 10"), leading-talent studios
(technology brokers) and innovation teams. Cross-park cluster members: Tianjin Binhai →
Zhongguancun mobile internet and Baoding; Guangzhou → Shenzhen; Xi'an → Wuhan East Lake; Changsha →
Zhuzhou; Shenzhen → Huizhou.

### Funding: the 1:2 provincial match of pilot parks

Torch Center rows (`torch_program`) and provincial rows (`provincial_match`) for each
pilot year up to 2015; ratio = provincial / Torch, summed over the years.

| pilot park | since | ratio | ≥ 2 |
|---|---|---|---|
{ratios}

### Default-chain status of every featured park and cluster (computed)

C = COVERED, T = THIN, MM = MISMATCHED, — = MISSING.

{status_table(g)}
"""


def main() -> int:
    data = Builder().build()
    counts = data.write(OUT)
    real = {f: sum(1 for r in rows if r.get("synthetic") is False) for f, rows in data.rows.items()}
    g = Graph(OUT)
    problems = check_findings(g)
    (OUT / "README.md").write_text(readme(counts, g, real), encoding="utf-8")
    entities = sum(n for f, n in counts.items() if f in SPEC_BY_FILE)
    print(f"wrote {OUT}: {entities} entities, " + ", ".join(f"{f} {n}" for f, n in counts.items()))
    for p in problems:
        print("FINDING NOT MET:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
