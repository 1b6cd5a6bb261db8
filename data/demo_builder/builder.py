"""Build the demo rows: the real skeleton (zones, regions, the 2013 clusters, the Torch
Center) and the synthetic actors, projects, links and funding around it."""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from demo_builder.dataset import Dataset, ind
from demo_builder.indicators import national_indicators
from demo_builder.names import CITIES, park_names
from demo_builder.paths import REFERENCE, SEED
from demo_builder.pilots import add_pilots
from demo_builder.plan import (
    CLUSTERS,
    CROSS_MEMBERS,
    DEFAULT_CHAIN,
    FEATURED,
    NAME_FOCUS,
    NATIONAL,
    NON_COMPLIANT_PILOT,
    PILOTS,
    SUPPORTING,
    TRAINING_BASES,
    Featured,
)
from demo_builder.templates import (
    LEVEL_BY_KIND,
    PEOPLE,
    PHASES,
    PROGRAMS,
    PROVIDERS,
    STAGE_TEAM,
    STATUSES,
    TOPICS,
)
from graph.model import STAGE_CODES
from loaders.generate import BRANDS, INDUSTRY_TREE, PROVINCES


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.data = Dataset()
        self.parks: dict[str, dict[str, Any]] = {}  # park id -> row + short names
        self.park_province: dict[str, str] = {}
        self.match_ratio: dict[str, float] = {}
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
            # the provincial match is settled after the history pass (pilots.settle_matching)
            self.match_ratio[park] = 1.25 if park == NON_COMPLIANT_PILOT else rng.choice(
                (2.2, 2.5, 3.0))
            for year in range(since, 2016):
                torch = round(rng.uniform(8.0, 30.0), 2)
                self.data.fund("torch-center", park, "torch_program", torch, year)
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
        self.data.rows["indicators"] = national_indicators()
        add_pilots(self.data, self.park_province, self.parks)
        return self.data

