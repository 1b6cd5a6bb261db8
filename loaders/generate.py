"""Deterministic synthetic datasets of any size, in the dataset-file format of DESIGN.md section 4.

`generate_dataset(out_dir, entities, seed)` writes `regions.csv`, `industries.csv`,
`parks.csv`, `clusters.csv`, `agencies.csv`, `platforms.csv`, `talent_teams.csv`,
`projects.csv`, `links.csv` and `funding.csv` with about `entities` rows in the eight entity
files together, and returns the number of rows written per file. Every row is marked
`synthetic=true`. The same `(entities, seed)` always gives byte-identical files.

Example::

    from pathlib import Path
    from loaders.generate import generate_dataset

    counts = generate_dataset(Path("/tmp/sts-100k"), 100_000, seed=42)
    print(counts["agencies"], counts["links"])   # then: stsgraph load /tmp/sts-100k

Shape (N = `entities`):

- regions: the 34 provincial-level divisions (fewer for tiny N) and up to 330 synthetic
  cities (N // 1000, at least one per province), each city `PART_OF` one province;
- industries: the fixed tree `INDUSTRY_TREE` (64 nodes: strategic emerging industries of the
  State Council's 2010 decision and later plans, a few leading industries, services);
- parks: N // 200, at least 3, at most 2,000; clusters: parks // 5;
- of the rest: agencies 45 %, platforms 15 %, talent teams 10 %, projects 30 %;
- links: about 1.5 N rows — PARTNERS_WITH (45 %, preferential attachment inside parks, so a
  few hubs collect many partners), SUPPORTS (35 %), INVESTS_IN (8 %), MEMBER_OF (12 %);
- funding: one provincial row per park, a Torch-style national row per pilot park, and
  subsidies for about 1 % of agencies and platforms.

Sizes are heavy-tailed: park popularity follows a Zipf law (exponent 1), so the largest park
holds about a tenth of all actors; partner degrees follow preferential attachment, and
project support and cluster membership are Pareto-distributed.

Every reference resolves inside the generated folder to an entity of the right kind; stage
codes come from `graph.model.STAGE_CODES`, enum values from the entity specs, years lie in
1985-2024, there are no self-loops, no duplicate links (a pair of partners appears once, in
one direction), `BRANCH_OF` points to an earlier national or provincial agency, and
`PART_OF` forms trees. Rows are streamed to disk with `csv.writer`; what stays in memory is
a few integer arrays (the park, founding year and kind of each actor, the park of each
project), so a million entities take about 50 MB of memory and
well under a minute on one core (25-40 s measured).
"""

from __future__ import annotations

import bisect
import csv
import itertools
import random
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from graph.model import (
    AGENCY_KINDS,
    AGENCY_LEVELS,
    FUNDING_COLUMNS,
    LINK_COLUMNS,
    PLATFORM_KINDS,
    PROJECT_PROGRAMS,
    PROJECT_STATUSES,
    SPEC_BY_FILE,
    STAGE_CODES,
)

__all__ = [
    "INDUSTRY_TREE",
    "PROVINCES",
    "generate_dataset",
]

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


# --- helpers --------------------------------------------------------------------------


class _Picker:
    """Draw items with fixed weights in O(log n) per draw (bisect on cumulative weights)."""

    def __init__(self, rng: random.Random, items: Sequence[Any], weights: Sequence[float]):
        self._rng = rng
        self._items = items
        self._cum = list(itertools.accumulate(weights))
        self._total = self._cum[-1]

    def __call__(self) -> Any:
        i = bisect.bisect_right(self._cum, self._rng.random() * self._total)
        return self._items[min(i, len(self._items) - 1)]


def _weighted(rng: random.Random, table: dict[str, int]) -> _Picker:
    return _Picker(rng, list(table), list(table.values()))


def _zipf_weights(rng: random.Random, n: int, exponent: float) -> list[float]:
    """Zipf weights 1/rank**exponent, assigned to the n items in a random order."""
    weights = [1.0 / (rank ** exponent) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def _heavy(rng: random.Random, mean: float) -> int:
    """A non-negative integer with about the given mean and a Pareto (power-law) tail."""
    scale = (mean + 0.5) / _PARETO_MEAN
    return int(scale * rng.paretovariate(PARETO_ALPHA))


def _past_year(rng: random.Random, mean_age: float, newest: int = MAX_YEAR) -> int:
    """A year in [MIN_YEAR, newest], exponentially more likely to be recent."""
    age = int(rng.expovariate(1.0 / mean_age))
    return max(MIN_YEAR, newest - age)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _money(value: float) -> str:
    return f"{value:.2f}"


class _Table:
    """One CSV file being written: rows are given by column name, in any order."""

    def __init__(self, handle: TextIO, columns: Sequence[str]):
        self._writer = csv.writer(handle, lineterminator="\n")
        self._columns = tuple(columns)
        self._writer.writerow(self._columns)
        self.rows = 0

    def row(self, **values: object) -> None:
        self._writer.writerow([values.get(c, "") for c in self._columns])
        self.rows += 1


@contextmanager
def _csv_file(out_dir: Path, stem: str, columns: Sequence[str]) -> Iterator[_Table]:
    with (out_dir / f"{stem}.csv").open("w", encoding="utf-8", newline="") as handle:
        yield _Table(handle, columns)


def _ids(prefix: str, width: int) -> Callable[[int], str]:
    """Index (0-based) -> id such as `park-000001`."""
    template = f"{prefix}-{{:0{width}d}}"
    return lambda i: template.format(i + 1)


# --- the generator --------------------------------------------------------------------


class _Plan:
    """How many rows of each kind N entities become."""

    def __init__(self, entities: int):
        n = entities
        self.provinces = len(PROVINCES) if n >= 2000 else max(1, min(len(PROVINCES), n // 60))
        self.industries = (len(INDUSTRY_TREE) if n >= 2000
                           else max(3, min(len(INDUSTRY_TREE), n // 30)))
        self.cities = min(MAX_CITIES, max(self.provinces, n // 1000))
        self.parks = min(MAX_PARKS, max(3, n // 200))
        self.clusters = max(1, self.parks // 5)
        fixed = self.provinces + self.cities + self.industries + self.parks + self.clusters
        rest = max(0, n - fixed)
        self.agencies = max(1, rest * 45 // 100)
        self.platforms = rest * 15 // 100
        self.teams = rest * 10 // 100
        self.projects = max(0, rest - self.agencies - self.platforms - self.teams)
        self.links = round(n * LINKS_PER_ENTITY)


class _Generator:
    def __init__(self, out_dir: Path, entities: int, seed: int):
        self.out = out_dir
        self.seed = seed
        self.plan = p = _Plan(entities)
        self.counts: dict[str, int] = {}
        self.region_id = _ids("region", 4)
        self.industry_id = _ids("industry", 3)
        self.park_id = _ids("park", 6)
        self.cluster_id = _ids("cluster", 5)
        self.agency_id = _ids("agency", 7)
        self.platform_id = _ids("platform", 7)
        self.team_id = _ids("team", 7)
        self.project_id = _ids("project", 7)
        # Actor index space: agencies, then platforms, then talent teams. Per actor we keep
        # only its park and founding year; per park the actors, agencies and investors in it.
        self.n_actors = p.agencies + p.platforms + p.teams
        self.actor_park = array("i", bytes(4 * self.n_actors))
        self.actor_year = array("H", bytes(2 * self.n_actors))
        self.agency_kind = array("B", bytes(p.agencies))
        self.park_agencies: list[array[int]] = [array("i") for _ in range(p.parks)]
        self.park_actors: list[array[int]] = [array("i") for _ in range(p.parks)]
        self.park_finance: list[array[int]] = [array("i") for _ in range(p.parks)]
        self.all_finance = array("i")
        self.project_park = array("i", bytes(4 * p.projects))
        self.project_year = array("H", bytes(2 * p.projects))
        # filled by the region, industry and park writers
        self.city_province: list[int] = []
        self.city_names: list[tuple[str, str]] = []
        self.industry_names: list[tuple[str, str]] = []
        self.leaf_industries: list[int] = []
        self.park_weights: list[float] = []
        self.park_city: list[int] = []
        self.park_label: list[tuple[str, str]] = []
        self.park_focus: list[tuple[int, ...]] = []
        self.park_pilot: list[bool] = []
        self.cluster_parks: list[tuple[int, ...]] = []

    def rng(self, part: str) -> random.Random:
        """An independent random stream per part, so each file depends only on its inputs."""
        return random.Random(f"stsgraph:{self.seed}:{part}")

    def actor_id(self, i: int) -> str:
        p = self.plan
        if i < p.agencies:
            return self.agency_id(i)
        if i < p.agencies + p.platforms:
            return self.platform_id(i - p.agencies)
        return self.team_id(i - p.agencies - p.platforms)

    def run(self) -> dict[str, int]:
        self.out.mkdir(parents=True, exist_ok=True)
        self.write_regions()
        self.write_industries()
        self.write_parks()
        self.write_clusters()
        self.write_agencies()
        self.write_platforms()
        self.write_teams()
        self.write_projects()
        self.write_links()
        self.write_funding()
        return self.counts

    def table(self, stem: str) -> Any:
        columns = SPEC_BY_FILE[stem].columns if stem in SPEC_BY_FILE else (
            LINK_COLUMNS if stem == "links" else FUNDING_COLUMNS)
        return _csv_file(self.out, stem, columns)

    # --- regions and industries -------------------------------------------------------

    def write_regions(self) -> None:
        p, rng = self.plan, self.rng("regions")
        provinces_zh = [zh for _, _, zh in PROVINCES]
        names = [(a[0] + ("'" if b[0][0] in "AEO" else "") + b[0].lower(), a[1] + b[1])
                 for a, b in itertools.permutations(SYLLABLES, 2)
                 if not any(zh.startswith(a[1] + b[1]) for zh in provinces_zh)]
        rng.shuffle(names)
        province_pick = _Picker(rng, range(p.provinces), _zipf_weights(rng, p.provinces, 0.7))
        self.city_province = [c if c < p.provinces else province_pick()
                              for c in range(p.cities)]
        with self.table("regions") as t:
            for i in range(p.provinces):
                _, en, zh = PROVINCES[i]
                t.row(id=self.region_id(i), name=en, name_zh=zh, kind="province",
                      synthetic="true")
            for c in range(p.cities):
                en, zh = names[c % len(names)]
                if c >= len(names):
                    en, zh = f"{en} {c // len(names) + 1}", f"{zh}{c // len(names) + 1}"
                self.city_names.append((en, zh))
                t.row(id=self.region_id(p.provinces + c), name=en, name_zh=zh + "市",
                      kind="city", synthetic="true",
                      parent_id=self.region_id(self.city_province[c]))
            self.counts["regions"] = t.rows

    def write_industries(self) -> None:
        tree = INDUSTRY_TREE[: self.plan.industries]
        index = {row[0]: i for i, row in enumerate(tree)}
        with self.table("industries") as t:
            for i, (_, en, zh, category, parent) in enumerate(tree):
                t.row(id=self.industry_id(i), name=en, name_zh=zh, category=category,
                      synthetic="true",
                      parent_id=self.industry_id(index[parent]) if parent in index else "")
            self.counts["industries"] = t.rows
        self.industry_names = [(row[1], row[2]) for row in tree]
        # parks and actors name sub-sectors (or a root when the tree is cut short)
        self.leaf_industries = [i for i, row in enumerate(tree) if row[4] is not None] or [0]

    def industry_list(self, industries: Sequence[int]) -> str:
        return ";".join(self.industry_id(x) for x in industries)

    # --- parks and clusters -----------------------------------------------------------

    def write_parks(self) -> None:
        p, rng = self.plan, self.rng("parks")
        city_pick = _Picker(rng, range(p.cities), _zipf_weights(rng, p.cities, 0.8))
        self.park_weights = _zipf_weights(rng, p.parks, 1.0)
        top = sorted(self.park_weights, reverse=True)[min(len(self.park_weights), 20) - 1]
        per_city: dict[int, int] = {}
        leaves = self.leaf_industries
        with self.table("parks") as t:
            for i in range(p.parks):
                city = i if i < p.cities else city_pick()
                nth = per_city.get(city, 0)
                per_city[city] = nth + 1
                city_en, city_zh = self.city_names[city]
                q_en, q_zh = PARK_QUALIFIERS[nth % len(PARK_QUALIFIERS)]
                label_en, label_zh = f"{city_en} {q_en}".strip(), city_zh + q_zh
                if nth >= len(PARK_QUALIFIERS):
                    round_ = nth // len(PARK_QUALIFIERS) + 1
                    label_en, label_zh = f"{label_en} {round_}", f"{label_zh}{round_}"
                big = self.park_weights[i] >= top  # the 20 largest parks
                national = big or rng.random() < 0.08
                approved = rng.randint(1988, 2023) if rng.random() < 0.85 else ""
                pilot = rng.random() < (0.5 if big else 0.05)
                focus = tuple(sorted({leaves[rng.randrange(len(leaves))]
                                      for _ in range(1 + _heavy(rng, 0.8) % 4)}))
                self.park_city.append(city)
                self.park_label.append((label_en, label_zh))
                self.park_focus.append(focus)
                self.park_pilot.append(pilot)
                t.row(id=self.park_id(i), name=f"{label_en} Hi-tech Industrial Development Zone",
                      name_zh=f"{label_zh}高新技术产业开发区",
                      level="national" if national else "provincial", approved_year=approved,
                      pilot=_bool(pilot), pilot_year=rng.randint(2011, 2015) if pilot else "",
                      synthetic="true", region_id=self.region_id(p.provinces + city),
                      industries=self.industry_list(focus))
            self.counts["parks"] = t.rows
        self.park_pick = _Picker(rng, range(p.parks), self.park_weights)

    def park_province(self, park: int) -> int:
        return self.city_province[self.park_city[park]]

    def write_clusters(self) -> None:
        p, rng = self.plan, self.rng("clusters")
        with self.table("clusters") as t:
            for c in range(p.clusters):
                park = self.park_pick()
                parks = [park]
                if rng.random() < 0.15:
                    other = self.park_pick()
                    if other != park:
                        parks.append(other)
                self.cluster_parks.append(tuple(parks))
                focus = self.park_focus[park]
                industries = sorted(rng.sample(focus, min(len(focus), 1 + (rng.random() < 0.3))))
                service = rng.random() < 0.25
                label_en, label_zh = self.park_label[park]
                if service:
                    name_en = f"{label_en} S&T Service Agglomeration Zone"
                    name_zh = f"{label_zh}科技服务业集聚区"
                else:
                    topic_en, topic_zh = self.industry_names[industries[0]]
                    name_en = f"{label_en} {topic_en} Innovative Industrial Cluster"
                    name_zh = f"{label_zh}{topic_zh}创新型产业集群"
                t.row(id=self.cluster_id(c), name=name_en, name_zh=name_zh,
                      kind="service_zone" if service else "industrial_cluster",
                      established_year=rng.randint(2008, 2020), synthetic="true",
                      park_ids=";".join(self.park_id(x) for x in parks),
                      industries=self.industry_list(industries))
            self.counts["clusters"] = t.rows

    # --- actors and projects ----------------------------------------------------------

    def actor_industries(self, rng: random.Random, park: int) -> list[int]:
        """1-3 industries an actor serves: mostly its park's focus, sometimes any other."""
        focus, leaves = self.park_focus[park], self.leaf_industries
        chosen: set[int] = set()
        for _ in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1)):
            if focus and rng.random() < 0.8:
                chosen.add(focus[rng.randrange(len(focus))])
            else:
                chosen.add(leaves[rng.randrange(len(leaves))])
        return sorted(chosen)

    @staticmethod
    def stages(rng: random.Random, base: tuple[str, ...]) -> str:
        stages = list(base)
        if rng.random() < 0.15:
            extra = CHAIN_STAGES[rng.randrange(len(CHAIN_STAGES))]
            if extra not in stages:
                stages.append(extra)
        return ";".join(stages)

    def name(self, rng: random.Random, park: int, kind_name: tuple[str, str]) -> tuple[str, str]:
        label_en, label_zh = self.park_label[park]
        brand_en, brand_zh = BRANDS[rng.randrange(len(BRANDS))]
        return f"{label_en} {brand_en} {kind_name[0]}", f"{label_zh}{brand_zh}{kind_name[1]}"

    def write_agencies(self) -> None:
        p, rng = self.plan, self.rng("agencies")
        kind_pick = _weighted(rng, AGENCY_KIND_WEIGHTS)
        level_pick = _weighted(rng, LEVEL_WEIGHTS)
        kind_index = {k: i for i, k in enumerate(AGENCY_KINDS)}
        headquarters = array("i")  # national and provincial agencies that may get branches
        with self.table("agencies") as t:
            for i in range(p.agencies):
                park = self.park_pick()
                parent = -1
                if i == 0:  # the national funder of funding.csv
                    kind, level, year = "comprehensive", "national", 1988
                    name = ("National S&T Service Development Center", "国家科技服务发展中心")
                else:
                    kind, level = kind_pick(), level_pick()
                    year = _past_year(rng, 9.0)
                    if headquarters and rng.random() < 0.06:
                        parent = headquarters[rng.randrange(len(headquarters))]
                        kind = AGENCY_KINDS[self.agency_kind[parent]]
                        level = "municipal" if rng.random() < 0.7 else "provincial"
                        year = rng.randint(self.actor_year[parent], MAX_YEAR)
                    name = self.name(rng, park, AGENCY_NAMES[kind])
                    if parent >= 0:
                        name = (f"{name[0]} (Branch)", f"{name[1]}分支机构")
                if level in ("national", "provincial") and parent < 0:
                    headquarters.append(i)
                self.actor_park[i] = park
                self.actor_year[i] = year
                self.agency_kind[i] = kind_index[kind]
                self.park_agencies[park].append(i)
                self.park_actors[park].append(i)
                if kind in FINANCE_KINDS:
                    self.park_finance[park].append(i)
                    self.all_finance.append(i)
                staff = int(3 + rng.lognormvariate(2.5, 1.0)) if i else 150
                t.row(id=self.agency_id(i), name=name[0], name_zh=name[1], kind=kind,
                      level=level,
                      backbone=_bool(rng.random() < (0.4 if level == "national" else 0.08)),
                      founded_year=year if rng.random() > 0.03 else "",
                      staff=staff if rng.random() > 0.05 else "", synthetic="true",
                      parent_id=self.agency_id(parent) if parent >= 0 else "",
                      park_id=self.park_id(park), stages=self.stages(rng, AGENCY_STAGES[kind]),
                      industries=self.industry_list(self.actor_industries(rng, park)))
            self.counts["agencies"] = t.rows

    def write_platforms(self) -> None:
        p, rng = self.plan, self.rng("platforms")
        kind_pick = _weighted(rng, PLATFORM_KIND_WEIGHTS)
        with self.table("platforms") as t:
            for j in range(p.platforms):
                i = p.agencies + j
                park = self.park_pick()
                kind = kind_pick()
                year = _past_year(rng, 7.0)
                agencies = self.park_agencies[park]
                operator = ""
                if agencies and rng.random() < 0.75:
                    operator = self.agency_id(agencies[rng.randrange(len(agencies))])
                self.actor_park[i] = park
                self.actor_year[i] = year
                self.park_actors[park].append(i)
                name = self.name(rng, park, PLATFORM_NAMES[kind])
                t.row(id=self.platform_id(j), name=name[0], name_zh=name[1], kind=kind,
                      open=_bool(rng.random() < 0.7),
                      established_year=year if rng.random() > 0.03 else "", synthetic="true",
                      operator_id=operator, park_id=self.park_id(park),
                      stages=self.stages(rng, PLATFORM_STAGES[kind]),
                      industries=self.industry_list(self.actor_industries(rng, park)))
            self.counts["platforms"] = t.rows

    def write_teams(self) -> None:
        p, rng = self.plan, self.rng("talent_teams")
        kind_pick = _weighted(rng, TEAM_KIND_WEIGHTS)
        sizes = {"innovation_team": (5, 60), "leading_talent": (1, 5), "training_base": (20, 500)}
        with self.table("talent_teams") as t:
            for j in range(p.teams):
                i = p.agencies + p.platforms + j
                park = self.park_pick()
                kind = kind_pick()
                year = _past_year(rng, 6.0)
                agencies = self.park_agencies[park]
                affiliation = ""
                if agencies and rng.random() < 0.6:
                    affiliation = self.agency_id(agencies[rng.randrange(len(agencies))])
                self.actor_park[i] = park
                self.actor_year[i] = year
                self.park_actors[park].append(i)
                if kind == "training_base":
                    base: tuple[str, ...] = ("popularization", "consulting")
                else:
                    base = (CHAIN_STAGES[rng.randrange(len(CHAIN_STAGES))],)
                name = self.name(rng, park, TEAM_NAMES[kind])
                low, high = sizes[kind]
                t.row(id=self.team_id(j), name=name[0], name_zh=name[1], kind=kind,
                      size=rng.randint(low, high), established_year=year, synthetic="true",
                      affiliation_id=affiliation, park_id=self.park_id(park),
                      stages=self.stages(rng, base),
                      industries=self.industry_list(self.actor_industries(rng, park)))
            self.counts["talent_teams"] = t.rows

    def write_projects(self) -> None:
        p, rng = self.plan, self.rng("projects")
        program_pick = _weighted(rng, PROGRAM_WEIGHTS)
        status_pick = _weighted(rng, STATUS_WEIGHTS)
        with self.table("projects") as t:
            for j in range(p.projects):
                park = self.park_pick()
                year = _past_year(rng, 5.0)
                status = status_pick()
                self.project_park[j] = park
                self.project_year[j] = year
                industries = self.actor_industries(rng, park)
                ind_en, ind_zh = self.industry_names[industries[0]]
                if not ind_en[1:2].isupper() and ind_en[1:2] != "&":
                    ind_en = ind_en[0].lower() + ind_en[1:]
                adj_en, adj_zh = PROJECT_ADJECTIVES[rng.randrange(len(PROJECT_ADJECTIVES))]
                ph_en, ph_zh = PROJECT_PHASES[rng.randrange(len(PROJECT_PHASES))]
                value: object = ""
                if status != "proposed" or rng.random() < 0.5:
                    value = _money(min(50_000.0, rng.lognormvariate(2.0, 1.5)))
                t.row(id=self.project_id(j), name=f"{adj_en} {ind_en} {ph_en}",
                      name_zh=f"{adj_zh}{ind_zh}{ph_zh}", program=program_pick(),
                      status=status, contract_value_million_cny=value, year=year,
                      synthetic="true", park_id=self.park_id(park),
                      industries=self.industry_list(industries))
            self.counts["projects"] = t.rows

    # --- links and funding ------------------------------------------------------------

    def write_links(self) -> None:
        p = self.plan
        wanted = {k: int(p.links * share) for k, share in LINK_SHARES.items()}
        with self.table("links") as t:
            if p.agencies + p.platforms > 1:
                self.partners(t, wanted["PARTNERS_WITH"])
            if p.projects:
                self.supports(t, wanted["SUPPORTS"])
                self.investments(t, wanted["INVESTS_IN"])
            self.members(t, wanted["MEMBER_OF"])
            self.counts["links"] = t.rows

    def partners(self, t: _Table, wanted: int) -> None:
        """Preferential attachment: each agency or platform, in id order, partners with
        earlier ones picked in proportion to (their partner count + 1), mostly in its park.
        A pair appears once, from the later actor to the earlier one."""
        p, rng = self.plan, self.rng("partners")
        sources = p.agencies + p.platforms
        mean = wanted / sources
        park_ends: list[array[int]] = [array("i") for _ in range(p.parks)]
        all_ends = array("i")
        for s in range(sources):
            local = park_ends[self.actor_park[s]]
            chosen: list[int] = []
            for _ in range(min(_heavy(rng, mean), 300)):
                for _attempt in range(3):
                    pool = local if local and rng.random() < 0.85 else all_ends
                    if not pool:
                        break
                    other = pool[rng.randrange(len(pool))]
                    if other not in chosen:
                        chosen.append(other)
                        break
            source = self.actor_id(s)
            for other in chosen:
                year = rng.randint(max(self.actor_year[s], self.actor_year[other]), MAX_YEAR)
                t.row(source_id=source, type="PARTNERS_WITH", target_id=self.actor_id(other),
                      year=year, weight=f"{0.1 + 0.9 * rng.random():.2f}")
                park_ends[self.actor_park[other]].append(other)
                all_ends.append(other)
            for _ in range(len(chosen) + 1):
                local.append(s)
                all_ends.append(s)

    def supports(self, t: _Table, wanted: int) -> None:
        p, rng = self.plan, self.rng("supports")
        mean = max(0.0, wanted / p.projects - 1.0)
        for j in range(p.projects):
            actors = self.park_actors[self.project_park[j]]
            chosen: list[int] = []
            for _ in range(1 + min(_heavy(rng, mean), 50)):
                if actors and rng.random() < 0.9:
                    a = actors[rng.randrange(len(actors))]
                else:
                    a = rng.randrange(self.n_actors)
                if a not in chosen:
                    chosen.append(a)
            project, year0 = self.project_id(j), self.project_year[j]
            for n, a in enumerate(chosen):
                role = "lead" if n == 0 else SUPPORT_ROLES[rng.randrange(1, len(SUPPORT_ROLES))]
                t.row(source_id=self.actor_id(a), type="SUPPORTS", target_id=project,
                      year=rng.randint(year0, min(MAX_YEAR, year0 + 2)), role=role)

    def investments(self, t: _Table, wanted: int) -> None:
        p, rng = self.plan, self.rng("investments")
        if not self.all_finance:
            return
        chance = min(1.0, wanted / p.projects)
        for j in range(p.projects):
            if rng.random() >= chance:
                continue
            local = self.park_finance[self.project_park[j]]
            pool = local if local and rng.random() < 0.8 else self.all_finance
            year0 = self.project_year[j]
            t.row(source_id=self.agency_id(pool[rng.randrange(len(pool))]), type="INVESTS_IN",
                  target_id=self.project_id(j), year=rng.randint(year0, min(MAX_YEAR, year0 + 3)),
                  amount_million_cny=_money(min(5_000.0, rng.lognormvariate(1.5, 1.2))))

    def members(self, t: _Table, wanted: int) -> None:
        """Cluster members: mostly actors of the cluster's parks, a fifth from anywhere;
        cluster sizes follow park size times a Pareto factor."""
        rng = self.rng("members")
        if not self.n_actors:
            return
        weights = [sum(self.park_weights[x] for x in parks) * rng.paretovariate(1.5)
                   for parks in self.cluster_parks]
        total = sum(weights)
        for c, parks in enumerate(self.cluster_parks):
            size = min(self.n_actors, round(wanted * weights[c] / total))
            local = [self.park_actors[x] for x in parks if self.park_actors[x]]
            chosen: dict[int, None] = {}  # insertion-ordered, so output is deterministic
            for _ in range(3 * size):
                if len(chosen) >= size:
                    break
                if local and rng.random() < 0.8:
                    pool = local[rng.randrange(len(local))]
                    chosen[pool[rng.randrange(len(pool))]] = None
                else:
                    chosen[rng.randrange(self.n_actors)] = None
            cluster = self.cluster_id(c)
            for a in chosen:
                t.row(source_id=self.actor_id(a), type="MEMBER_OF", target_id=cluster)

    def write_funding(self) -> None:
        """Provinces fund every park; the national funder (agency 1) adds Torch-programme
        money to pilot parks, matched by the province at ratios of 1.2-3.5 (so some pilots
        fall short of the plan's 1:2); provinces also subsidise about 1 % of providers."""
        p, rng = self.plan, self.rng("funding")
        funder = self.agency_id(0)
        with self.table("funding") as t:
            for park in range(p.parks):
                province = self.region_id(self.park_province(park))
                recipient = self.park_id(park)
                year = rng.randint(2011, 2015)
                scale = 1.0 + 50.0 * self.park_weights[park]
                if self.park_pilot[park]:
                    torch = round(scale * rng.uniform(5.0, 30.0), 2)
                    ratio = rng.uniform(1.2, 3.5)
                    t.row(funder_id=funder, recipient_id=recipient, program="torch_program",
                          amount_million_cny=_money(torch), year=year)
                    t.row(funder_id=province, recipient_id=recipient, program="provincial_match",
                          amount_million_cny=_money(torch * ratio), year=year)
                else:
                    t.row(funder_id=province, recipient_id=recipient,
                          program="provincial_special_fund",
                          amount_million_cny=_money(scale * rng.uniform(2.0, 40.0)), year=year)
            for i in range(1, p.agencies + p.platforms):
                if rng.random() >= 0.01:
                    continue
                t.row(funder_id=self.region_id(self.park_province(self.actor_park[i])),
                      recipient_id=self.actor_id(i),
                      program="agency_subsidy" if i < p.agencies else "platform_construction",
                      amount_million_cny=_money(rng.lognormvariate(0.5, 1.0)),
                      year=rng.randint(max(2011, self.actor_year[i]), MAX_YEAR))
            self.counts["funding"] = t.rows


def generate_dataset(out_dir: Path, entities: int, seed: int = 42) -> dict[str, int]:
    """Write a synthetic dataset of about `entities` entity rows to `out_dir`.

    Returns the number of data rows written per file (header rows not counted), in the order
    regions, industries, parks, clusters, agencies, platforms, talent_teams, projects, links,
    funding. Existing files of those names in `out_dir` are overwritten; other files are left
    alone.
    """
    if entities < 1:
        raise ValueError("entities must be at least 1")
    return _Generator(Path(out_dir), int(entities), int(seed)).run()
