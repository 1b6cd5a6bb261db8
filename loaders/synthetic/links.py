"""Write links.csv and funding.csv from the arrays the entity writers kept."""

from __future__ import annotations

from array import array

from loaders.synthetic.draw import _heavy, _money, _Table
from loaders.synthetic.entities import EntityWriter
from loaders.synthetic.vocab import LINK_SHARES, MAX_YEAR, SUPPORT_ROLES
from loaders.synthetic.years import END_SHARES


class DatasetWriter(EntityWriter):
    """Every file of the dataset: the entities, then the links and funding."""

    def run(self) -> dict[str, int]:
        self.write_entities()
        self.write_links()
        self.write_funding()
        return self.counts

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
        A pair appears once, from the later actor to the earlier one; a tenth of them
        ended (`until`)."""
        p, rng, years = self.plan, self.rng("partners"), self.years("partners")
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
                t.row(until=years.ended(year, END_SHARES["PARTNERS_WITH"]),
                      source_id=source, type="PARTNERS_WITH", target_id=self.actor_id(other),
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
        cluster sizes follow park size times a Pareto factor. A member joined (`year`) when
        both it and the cluster existed; a tenth left again (`until`)."""
        rng, years = self.rng("members"), self.years("members")
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
                joined = years.joined(max(self.actor_year[a], self.cluster_year[c]))
                t.row(source_id=self.actor_id(a), type="MEMBER_OF", target_id=cluster,
                      year=joined, until=years.ended(joined, END_SHARES["MEMBER_OF"]))

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

