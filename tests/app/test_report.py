"""`stsgraph report` on the demo dataset, looked at as a person would: the PDF's pages
rendered to images (pdftoppm) and its text extracted (pdftotext), its fonts listed
(pdffonts), the workbook opened with openpyxl and its figures compared with the GraphQL
answers for the same province and year, over HTTP through the real app."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from openpyxl import load_workbook
from PIL import Image

from analysis.builder import worked_example
from analysis.humanize import money
from analysis.report import annual_report
from analysis.text import label
from app.auth import hash_api_key
from app.report.render import FORMATS, render
from app.settings import PROJECT_ROOT, Settings
from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.conftest import serve_app
from tests.loaders.test_cli import stsgraph

DEMO = PROJECT_ROOT / "data" / "demo"
PROVINCE, YEAR = "region-jiangsu", 2015   # a pilot with gaps, and candidates
PLANNER_KEY, VIEWER_KEY = "report-tests-planner-key", "report-tests-viewer-key"
HEADINGS_ZH = ("一、工作目标完成情况", "二、试点单位建设情况", "三、配套资金落实情况",
               "四、集群资源整合评分", "五、下一年度试点候选园区", "六、数据质量说明")


@pytest_asyncio.fixture(scope="module")
async def demo(driver: Any, settings: Settings) -> None:
    await wipe_entities(driver, settings.neo4j_database)
    await load_dataset(driver, DEMO, database=settings.neo4j_database)


@pytest.fixture(scope="module")
def app_url(settings: Settings) -> Iterator[str]:
    keys = (f"planner:{hash_api_key(PLANNER_KEY)}:report-planner,"
            f"viewer:{hash_api_key(VIEWER_KEY)}:report-viewer")
    with serve_app(settings.model_copy(update={"api_keys": keys})) as url:
        yield url


@pytest.fixture(scope="module")
def planner(app_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=app_url, timeout=300,
                      headers={"X-API-Key": PLANNER_KEY}) as client:
        yield client


def graphql(client: httpx.Client, query: str) -> dict[str, Any]:
    body = client.post("/graphql", json={"query": query}).json()
    assert not body.get("errors"), body
    return body["data"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def pdf(demo: None, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "jiangsu.pdf"
    result = stsgraph(settings, "report", "--region", PROVINCE, "--year", str(YEAR),
                      "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_pdf_pages_are_a4_and_none_is_blank(pdf: Path, tmp_path: Path) -> None:
    info = _run("pdfinfo", str(pdf))
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 4
    assert "595.276 x 841.89 pts (A4)" in info
    _run("pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == pages
    for image in images:
        histogram = Image.open(image).convert("L").histogram()   # 256 grey levels
        inked = sum(histogram[:200]) / sum(histogram)
        assert inked > 0.002, f"{image.name} looks blank ({inked:.4%} inked)"


def test_pdf_text_has_the_chinese_report_and_the_province_figures(
        pdf: Path, planner: httpx.Client) -> None:
    content = _run("pdftotext", "-layout", str(pdf), "-")
    assert f"江苏省{YEAR}年度科技服务体系建设实施情况报告" in content
    for heading in HEADINGS_ZH:
        assert heading in content
    assert "苏州工业园区" in content          # the pilot park, by its Chinese name
    assert re.search(r"第\s*2\s*页", content)   # page numbers
    funds = graphql(planner, f"{{ fundingMatch(year: {YEAR}) {{ province {{ id }} "
                             "torchMillionCny provincialMillionCny } }")["fundingMatch"]
    ours = [f for f in funds if f["province"] and f["province"]["id"] == PROVINCE]
    assert ours, "the demo province has funded pilots"
    torch = sum(f["torchMillionCny"] for f in ours)
    assert money(torch, "zh") in content         # e.g. 2,165.00万元


def test_pdf_fonts_are_embedded(pdf: Path) -> None:
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and any("NotoSansCJK" in r.replace("-", "") for r in rows)
    assert all(r.split()[-5] == "yes" for r in rows), rows   # the `emb` column


def test_workbook_figures_match_the_api(demo: None, settings: Settings, tmp_path: Path,
                                        planner: httpx.Client) -> None:
    out = tmp_path / "jiangsu.xlsx"
    result = stsgraph(settings, "report", "--region", PROVINCE, "--year", str(YEAR),
                      "--format", "xlsx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["一、工作目标完成情况", "二、试点单位建设情况",
                                 "服务链缺口及建议引入的服务机构", "三、配套资金落实情况"]
    targets = wb["一、工作目标完成情况"]
    assert targets.freeze_panes == "A2"
    # a province has no goal of its own: its share of the national actual, not met / ratio
    assert [c.value for c in targets[1]][:5] == ["目标", "目标值", "实际值", "占全国比重",
                                                 "本年增长"]
    assert targets.column_dimensions["A"].width > 20
    progress = graphql(planner, f'{{ planProgress(year: {YEAR}, regionId: "{PROVINCE}") '
                                "{ actual shareOfNational } }")["planProgress"]
    rows = list(targets.iter_rows(min_row=2))
    assert len(rows) == len(progress) == 9
    # the same figures (a sum of floats may differ in its last bit by the order it was added);
    # an empty cell where the API has null
    for row, api in zip(rows, progress, strict=True):
        for cell, value in ((row[2], api["actual"]), (row[3], api["shareOfNational"])):
            assert cell.value == (None if value is None else pytest.approx(value, rel=1e-12))
    assert any(p["actual"] is not None for p in progress)
    assert all(r[2].number_format == "#,##0.00" for r in rows if r[2].value is not None)
    assert all(r[3].number_format == "0.00%" for r in rows if r[3].value is not None)
    report = graphql(planner, f'{{ annualReport(regionId: "{PROVINCE}", year: {YEAR}) {{ '
                              "matching { torchMillionCny provincialMillionCny } "
                              "clusters { cluster { name } score } } }")["annualReport"]
    matching = wb["三、配套资金落实情况"]
    total = next(r for r in matching.iter_rows(min_row=2, values_only=True) if r[0] == "合计")
    assert total[1:3] == pytest.approx((report["matching"]["torchMillionCny"],
                                        report["matching"]["provincialMillionCny"]), rel=1e-12)
    clusters = list(wb["四、集群资源整合评分"].iter_rows(min_row=2, values_only=True))
    assert [name for _, name, _ in clusters] == [c["cluster"]["name"] for c in report["clusters"]]
    assert [score for _, _, score in clusters] == [c["score"] for c in report["clusters"]]


@pytest.mark.parametrize(("args", "argument"), [
    (["--region", "region-nowhere"], "--region"),
    (["--region", "region-suzhou"], "--region"),   # a city, not a province
    (["--region", PROVINCE, "--year", "1999"], "--year"),
    (["--region", PROVINCE, "--format", "docx"], "--format"),
    (["--region", PROVINCE, "--lang", "fr"], "--lang"),
])
def test_bad_input_exits_2_naming_the_argument_and_writes_nothing(
        demo: None, settings: Settings, tmp_path: Path, args: list[str], argument: str) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the previous report")
    if "--year" not in args:
        args = [*args, "--year", str(YEAR)]
    result = stsgraph(settings, "report", *args, "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert f"error: {argument}" in result.stderr
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]   # no temporary left


def test_route_serves_the_workbook_to_planners_only(demo: None, app_url: str,
                                                    planner: httpx.Client) -> None:
    url = f"/reports/annual?region={PROVINCE}&year={YEAR}&format=md&lang=en"
    response = planner.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.text.startswith(f"# Jiangsu: implementation of the S&T service system, "
                                    f"{YEAR}")
    assert "## 3. Matching funds" in response.text
    viewer = httpx.get(app_url + url, headers={"X-API-Key": VIEWER_KEY}, timeout=60)
    assert viewer.status_code == 403
    assert viewer.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert httpx.get(app_url + url, timeout=60).status_code == 401


@pytest.mark.parametrize(("query", "argument"), [
    ("region=region-suzhou&year=2015", "region"),
    ("region=region-jiangsu&year=1990", "year"),
    ("region=region-jiangsu&year=2015&format=docx", "format"),
    ("region=region-jiangsu&year=2015&lang=fr", "lang"),
])
def test_route_refuses_bad_input_with_400(demo: None, planner: httpx.Client, query: str,
                                          argument: str) -> None:
    response = planner.get(f"/reports/annual?{query}")
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(f"{argument}:")


def test_graphql_report_in_english_and_chinese(demo: None, planner: httpx.Client) -> None:
    fields = ("region { name } targets { rows { name } } pilots { park { name } "
              "gaps { statusName suggestions { reasons } } }")

    def report(lang: str) -> dict[str, Any]:
        query = f'{{ annualReport(regionId: "{PROVINCE}", year: {YEAR}, lang: "{lang}") ' \
                f"{{ {fields} }} }}"
        return graphql(planner, query)["annualReport"]  # type: ignore[no-any-return]

    zh, en = report("zh"), report("en")
    assert (zh["region"]["name"], en["region"]["name"]) == ("江苏省", "Jiangsu")
    assert zh["targets"]["rows"][0]["name"] == "试点地区培育成长的骨干科技服务机构"
    assert "苏州工业园区" in [p["park"]["name"] for p in zh["pilots"]]
    reasons = [r for p in zh["pilots"] for g in p["gaps"] for s in g["suggestions"]
               for r in s["reasons"]]
    assert reasons and all(any("\u4e00" <= ch <= "\u9fff" for ch in r) for r in reasons)
    body = planner.post("/graphql", json={"query": '{ annualReport(regionId: "region-nowhere",'
                                                   " year: 2015) { year } }"}).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("regionId:")


def test_the_documented_query_works(demo: None, planner: httpx.Client) -> None:
    doc = (PROJECT_ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    query = doc.split("```graphql\n", 1)[1].split("```", 1)[0]
    report = graphql(planner, query)["annualReport"]
    assert report["region"]["name"] == "江苏省"
    pilot = report["pilots"][0]
    assert pilot["park"]["name"] == "苏州工业园区"
    assert len(pilot["heatMap"]["cells"]) == len(pilot["heatMap"]["stageNames"])
    assert report["candidates"][0]["rank"] == 1
    targets = report["targets"]
    assert targets["scope"] == "province_share" and "没有单独的目标值" in targets["note"]
    assert all(r["met"] is None for r in targets["rows"])   # no provincial goals
    assert any(r["shareOfNational"] for r in targets["rows"])
    assert [p["province"]["name"] for p in report["matching"]["provinces"]] == ["江苏省"]


def test_without_a_region_the_report_is_national(demo: None, settings: Settings,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "national.md"
    result = stsgraph(settings, "report", "--year", str(YEAR), "--lang", "en", "--format", "md",
                      "-o", str(out))
    assert result.returncode == 0, result.stderr
    content = out.read_text(encoding="utf-8")
    assert content.startswith(f"# National: implementation of the S&T service system, {YEAR}")
    pilots = content.split("## 2. Pilots", 1)[1].split("## 3.", 1)[0]
    assert pilots.count("\n### ") == 6              # every pilot park of the demo by 2015
    assert "Suzhou Industrial Park" in pilots and "Zhongguancun Science Park" in pilots


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("region", [None, "prov-a"])
def test_unknown_values_show_a_dash_in_every_format(fmt: str, region: str | None) -> None:
    """Without indicators the turnover target has no actual (plan_progress: missing
    `no_indicator`); a province has no ratio or met: every renderer shows a dash (an empty
    cell in the workbook) instead of failing."""
    G = worked_example()
    G.nodes["park-a"].update(pilot=True, pilotYear=2012)
    report = annual_report(G, region, 2015, "zh", generated="2026-01-01", latest=2026)
    turnover = next(r for r in report.targets.rows if r.target == "tech_contract_turnover")
    assert (turnover.actual, turnover.ratio, turnover.met, turnover.growth) == (
        None, None, None, None)
    assert turnover.missing and all(p.actual is None for p in turnover.trend)
    assert all((r.met is None) == (region is not None or r.actual is None)
               for r in report.targets.rows)
    content = render(report, fmt)
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["一、工作目标完成情况"]
        row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
                   if r[0] == turnover.name)
        assert row[2] is None and row[3] is None   # actual; share (province) or ratio
    else:
        page = content.decode()
        line = next(li for li in page.split("<tr>" if fmt == "html" else "\n")
                    if turnover.name in li and "—" in li)
        assert line.count("—") >= (3 if region else 4)   # actual, share|ratio+met, growth
        assert turnover.missing in page                     # the reason, in the notes


def test_the_matching_section_is_funding_match_per_province() -> None:
    """The section's rows are analysis.funding_match's, one per province, with the grants
    counted and left out; the left-out ones counted by reason in words."""
    G = worked_example()
    G.nodes["park-a"].update(pilot=True, pilotYear=2012)
    report = annual_report(G, None, 2013, "en", generated="2026-01-01", latest=2026)
    m = report.matching
    assert [(p.province.id, [x.id for x in p.pilots], p.torch_million_cny,
             p.provincial_million_cny, p.counted, p.excluded) for p in m.provinces] == [
        ("prov-a", ["park-a"], 5.0, 0.0, 1, 1)]
    assert (m.torch_million_cny, m.ratio, m.compliant) == (5.0, 0.0, False)
    assert [(c.what, c.count) for c in m.excluded] == [
        (label("grant_reason", "not_matching_programme", "en"), 1)]
