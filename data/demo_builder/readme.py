"""data/demo/README.md, written from the build and the checked findings."""

from __future__ import annotations

import textwrap

from demo_builder.checks import Graph
from demo_builder.history import NAMED_PARKS, NAMED_STORIES, HistoryLog
from demo_builder.paths import SEED
from demo_builder.plan import CLUSTERS, DEFAULT_CHAIN, FEATURED, FINDINGS, PILOTS

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


YEARS = (2010, 2015)
KINDS = (("agencies", "agency-"), ("platforms", "platform-"), ("talent teams", "team-"))


def park_years_table(g: Graph, park: str) -> str:
    """Actors located in `park` and providers of each chain stage, in 2010 and 2015."""
    reports = {y: g.report(park, DEFAULT_CHAIN, y) for y in YEARS}
    lines = [f"| `{park}` | " + " | ".join(map(str, YEARS)) + " |", "|---|---|---|"]
    for label, prefix in KINDS:
        cells = [str(sum(a.startswith(prefix) for a in reports[y]["members"])) for y in YEARS]
        lines.append(f"| {label} located | " + " | ".join(cells) + " |")
    for stage in DEFAULT_CHAIN:
        cells = [f"{len(reports[y]['providers'][stage])} ({reports[y]['status'][stage]})"
                 for y in YEARS]
        lines.append(f"| {stage} providers | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def story(park: str) -> str:
    parts = []
    for actor, (what, year) in NAMED_STORIES[park].items():
        parts.append(f"`{actor}` arrived in {year}" if what == "since"
                     else f"`{actor}` closed in {year}")
    return "; ".join(parts)


def time_section(g: Graph, log: HistoryLog) -> str:
    closures = textwrap.fill(", ".join(f"`{a}` ({y})" for a, y in log.closures), width=88,
                             subsequent_indent="  ", break_on_hyphens=False)
    tables = "\n\n".join(f"{park_years_table(g, park)}\n\nBy hand: {story(park)}."
                          for park in NAMED_PARKS)
    ids = ", ".join(f'"{p}"' for p in NAMED_PARKS)
    return f"""## Time: the graph as of a year

Every year on a synthetic row is synthetic too (data/demo_builder/history.py); the real ones
are the zones' approval years (`approved_year`, where the reference file has one) and the
2013 establishment of the ten cluster pilots. The years are consistent with them: no link
starts before both its ends exist, no cluster membership before 2013, no project lands
before its park's approval year, and moves into a park (`park_since`) happen during the
plan, 2011-2015, never before the park's approval. In all:

- {log.moves} agencies, platforms and teams moved into their park during the plan
  (`park_since`); the others are there from their founding year;
- {len(log.closures)} closed (`closed_year`, 2011-2016):
  {closures};
- {log.ended_partnerships} partnerships and {log.ended_memberships} cluster memberships
  ended (`until` in `links.csv`).

Closures and endings were kept only where the present-day statuses and handoffs of every
featured park and cluster stay as the table above says, and no closure touches the parks of
the findings or the national agencies and their branches. So without `asOf` (the present)
the findings hold; with `asOf` the past shows.

### Two parks from 2010 to 2015

What a planner sees moving `asOf` from 2010 to 2015 (actors located in the park that year;
providers: located actors offering the stage; status by the gap rules of DESIGN.md
section 5 on that year's graph). The counts are checked against the loaded demo through
the API by `tests/schema/test_demo_history.py`; to see them:

```graphql
{{ parks(asOf: 2010, where: {{id_in: [{ids}]}}) {{ edges {{ node {{
    id agencies {{ totalCount }} platforms {{ totalCount }} talentTeams {{ totalCount }} }} }} }} }}
```

{tables}

Wuxi got its cluster pilot in 2013; before the moves of 2012-2013 it had no IP provider at
all and a single testing provider, so by the gap rules its 2010 intellectual_property is
MISSING where the present one is THIN. Suzhou Industrial Park became an S&T service pilot in
2013: its technology transfer and finance providers grew with it, while its oldest IP
agency closed in 2012.
"""


def readme(counts: dict[str, int], g: Graph, real: dict[str, int], log: HistoryLog,
           funding: str) -> str:
    count_rows = "\n".join(
        f"| {file}.csv | {n} | {real.get(file, 0)} | {n - real.get(file, 0)} |"
        for file, n in counts.items())
    findings = "\n".join(f"| `{scope}` | {text} |" for scope, _, text in FINDINGS if text)
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
- `indicators.csv`: every row of `data/reference/headline_figures.csv`, national
  (`region_id` empty), each with its `source` URL: the technology-market contract turnover
  (`tech_contract_turnover`, converted from 亿元 to million CNY, x 100: 2015 = 9,835亿 =
  983,500 million CNY, which `planProgress(year: 2015)` reports, so the 8000亿 target is met;
  2011 and 2014 have no figure, and planProgress says so instead of summing projects; the
  2024 figure is the source's approximation), national high-tech zone counts, technology
  transfer demonstration agencies, technology property trading institutions, national
  incubators and the 2013 cluster pilot batch. No synthetic indicator: the demo has no
  S&T service agglomeration zone, so no output-share-of-GDP figure is invented.
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
three actors in about a third of the other parks. Their years (founding, `park_since`,
`closed_year`, link years and `until`) are synthetic too; see "Time" below.

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

### Funding: the 1:2 provincial match, per province and year

As the plan says (各省级科技行政管理部门要按照不低于1:2的比例安排专项经费予以配套支持), per
province and year: the Torch Center's special funds to its active pilots (`torch_program`
to the pilot parks, `innovation_fund` to agencies inside pilot parks or members of pilot
clusters) against the province's special matching funds (programme `provincial_match`;
`cluster_development` and `platform_construction` grants are provincial but not matching
funds, so they are listed as excluded). Every province matches at 2.2x or more of all the
Torch money its parks received, except Shaanxi, which matches only 1.25x of Xi'an's Torch
programme money: non-compliant under the default reading (≥ 2×), compliant under the
literal one (≥ 0.5×). Computed by `analysis.funding_match`, the code behind the API's
`fundingMatch(year, regionId)` and `stsgraph analyze funding --year Y`, and checked equal
to the API's answer by `tests/schema/test_funding_match.py`.

{funding}

### Pilot records (`pilots.csv`, `pilot_evaluations.csv`)

The ten cluster pilots (real subject and approval year, 2013; the notice gives no earlier
dates, so their applied and recommended steps carry 2013 too); the six service-system pilot
parks (synthetic steps: applied and recommended the year before approval, construction from
approval for three years, evaluated in 2015 when the build period ended in 2014, with
synthetic evaluations of Zhongguancun, Wuhan East Lake and Zhangjiang); Hangzhou's
application, rejected in 2013; Chengdu's pilot-city application of 2015, still pending.
Parks' `pilot` / `pilot_year` agree with these records (the loader derives them from the
records when both are loaded).

### Default-chain status of every featured park and cluster (computed)

C = COVERED, T = THIN, MM = MISMATCHED, — = MISSING.

{status_table(g)}

{time_section(g, log)}"""

