"""Write the entity files: regions, industries, parks, clusters, agencies, platforms, talent
teams and projects, keeping the few integer arrays the link writers need."""

from __future__ import annotations

import itertools
import random
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.model import AGENCY_KINDS, FUNDING_COLUMNS, LINK_COLUMNS, SPEC_BY_FILE
from loaders.synthetic.draw import (
    _bool,
    _csv_file,
    _heavy,
    _ids,
    _money,
    _past_year,
    _Picker,
    _weighted,
    _zipf_weights,
)
from loaders.synthetic.vocab import (
    AGENCY_KIND_WEIGHTS,
    AGENCY_NAMES,
    AGENCY_STAGES,
    BRANDS,
    CHAIN_STAGES,
    FINANCE_KINDS,
    INDUSTRY_TREE,
    LEVEL_WEIGHTS,
    LINKS_PER_ENTITY,
    MAX_CITIES,
    MAX_PARKS,
    MAX_YEAR,
    PARK_QUALIFIERS,
    PLATFORM_KIND_WEIGHTS,
    PLATFORM_NAMES,
    PLATFORM_STAGES,
    PROGRAM_WEIGHTS,
    PROJECT_ADJECTIVES,
    PROJECT_PHASES,
    PROVINCES,
    STATUS_WEIGHTS,
    SYLLABLES,
    TEAM_KIND_WEIGHTS,
    TEAM_NAMES,
)
from loaders.synthetic.years import CLOSED_SHARES, Years


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


class EntityWriter:
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
        self.park_year: list[int | None] = []  # approval year (None: not written)
        self.cluster_parks: list[tuple[int, ...]] = []
        self.cluster_year: list[int] = []

    def rng(self, part: str) -> random.Random:
        """An independent random stream per part, so each file depends only on its inputs."""
        return random.Random(f"stsgraph:{self.seed}:{part}")

    def years(self, part: str) -> Years:
        """The dates of a part, from a stream of their own (loaders/synthetic/years.py)."""
        return Years(self.rng(f"{part}:years"))

    def actor_dates(self, years: Years, i: int) -> dict[str, object]:
        """closed_year, park_since and park_until of actor `i` (its park and start known);
        the national funder of funding.csv (agency 0) keeps its park and never closes."""
        if i == 0:
            return {}
        start = self.actor_year[i]
        since, until = years.park(start, self.park_year[self.actor_park[i]])
        return {"closed_year": years.closed(start, CLOSED_SHARES["actors"]),
                "park_since": since, "park_until": until}

    def actor_id(self, i: int) -> str:
        p = self.plan
        if i < p.agencies:
            return self.agency_id(i)
        if i < p.agencies + p.platforms:
            return self.platform_id(i - p.agencies)
        return self.team_id(i - p.agencies - p.platforms)

    def write_entities(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.write_regions()
        self.write_industries()
        self.write_parks()
        self.write_clusters()
        self.write_agencies()
        self.write_platforms()
        self.write_teams()
        self.write_projects()

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
        p, rng, years = self.plan, self.rng("parks"), self.years("parks")
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
                approved_in = approved if isinstance(approved, int) else None
                self.park_year.append(approved_in)
                t.row(closed_year=years.closed(approved_in, CLOSED_SHARES["parks"]),
                      id=self.park_id(i), name=f"{label_en} Hi-tech Industrial Development Zone",
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
        p, rng, years = self.plan, self.rng("clusters"), self.years("clusters")
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
                established = rng.randint(2008, 2020)
                self.cluster_year.append(established)
                t.row(id=self.cluster_id(c), name=name_en, name_zh=name_zh,
                      kind="service_zone" if service else "industrial_cluster",
                      established_year=established, synthetic="true",
                      closed_year=years.closed(established, CLOSED_SHARES["clusters"]),
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
        p, rng, years = self.plan, self.rng("agencies"), self.years("agencies")
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
                t.row(**self.actor_dates(years, i),
                      id=self.agency_id(i), name=name[0], name_zh=name[1], kind=kind,
                      level=level,
                      backbone=_bool(rng.random() < (0.4 if level == "national" else 0.08)),
                      founded_year=year if rng.random() > 0.03 else "",
                      staff=staff if rng.random() > 0.05 else "", synthetic="true",
                      parent_id=self.agency_id(parent) if parent >= 0 else "",
                      park_id=self.park_id(park), stages=self.stages(rng, AGENCY_STAGES[kind]),
                      industries=self.industry_list(self.actor_industries(rng, park)))
            self.counts["agencies"] = t.rows

    def write_platforms(self) -> None:
        p, rng, years = self.plan, self.rng("platforms"), self.years("platforms")
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
                t.row(**self.actor_dates(years, i),
                      id=self.platform_id(j), name=name[0], name_zh=name[1], kind=kind,
                      open=_bool(rng.random() < 0.7),
                      established_year=year if rng.random() > 0.03 else "", synthetic="true",
                      operator_id=operator, park_id=self.park_id(park),
                      stages=self.stages(rng, PLATFORM_STAGES[kind]),
                      industries=self.industry_list(self.actor_industries(rng, park)))
            self.counts["platforms"] = t.rows

    def write_teams(self) -> None:
        p, rng, years = self.plan, self.rng("talent_teams"), self.years("talent_teams")
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
                t.row(**self.actor_dates(years, i),
                      id=self.team_id(j), name=name[0], name_zh=name[1], kind=kind,
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
