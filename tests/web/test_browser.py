"""The explorer driven in headless Chromium against the real app and Neo4j (demo dataset plus
one 5,000-node park): what a planner does, checked against what the API says. Each test saves
a screenshot under test-output/explorer/."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from app.settings import Settings
from benchmarks.common import free_port
from tests.web.browser import chromium, screenshot_path
from tests.web.conftest import BIG_PARK

BENXI = "park-benxi"
NUMBER = re.compile(r"\d")
READY = "main[data-state=ready]"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Browser, explorer_url: str, local_admin: tuple[str, Path]) -> Iterator[Page]:
    """A fresh page signed in through the URL `make run` prints (`/#key=...`)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{explorer_url}/#key={local_admin[0]}")
    page.wait_for_selector(READY)
    assert "key=" not in page.url  # the key left the address bar
    yield page
    context.close()
    assert not errors, errors


def graphql(url: str, key: str, query: str, variables: dict[str, object] | None = None) -> dict:
    body = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables or {}},
                      headers={"X-API-Key": key} if key else {}, timeout=120).json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def go(page: Page, url: str, route: str) -> None:
    page.goto(f"{url}/{route}")
    page.wait_for_selector(READY, timeout=120_000)


def test_search_in_chinese_and_open_a_park(page: Page, explorer_url: str) -> None:
    page.fill("input[name=q]", "本溪")
    page.check("label.chip:has-text('高新区') input")
    page.click("button[type=submit]")
    result = page.locator(f"li.result[data-id='{BENXI}'] a")
    expect(result).to_have_text("本溪高新技术产业开发区")
    expect(page.locator("li.result")).to_have_count(1)  # only parks
    page.screenshot(path=screenshot_path("search"), full_page=True)
    result.click()
    page.wait_for_selector(READY)
    expect(page.locator(".entity-name")).to_have_text("本溪高新技术产业开发区")
    expect(page.locator("table.props")).to_contain_text("Benxi Hi-tech Industrial Development Zone")
    graph = page.locator("[data-testid=graph]")
    expect(graph).to_have_attribute("data-first-render-ms", NUMBER)
    sub = graphql(explorer_url, "", '{ neighborhood(id: "park-benxi") { nodes { id } edges { id } } }')
    assert graph.get_attribute("data-nodes") == str(len(sub["neighborhood"]["nodes"]))
    assert graph.get_attribute("data-edges") == str(len(sub["neighborhood"]["edges"]))
    page.screenshot(path=screenshot_path("entity"), full_page=True)
    with page.expect_download() as png:
        page.click("button:has-text('导出 PNG')")
    assert png.value.suggested_filename == "stsgraph-park-benxi.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as graphml:
        page.click("button:has-text('导出 GraphML')")
    G = nx.read_graphml(graphml.value.path())
    assert G.number_of_nodes() == len(sub["neighborhood"]["nodes"])
    assert G.number_of_edges() == len(sub["neighborhood"]["edges"])


GAPS = """query($id: ID!) { serviceChainGaps(scope: {parkId: $id}) {
  stages { stage { code } status suggestions { actor { id } } } } }"""


def test_scope_view_shows_stage_status_and_suggestions(page: Page, explorer_url: str,
                                                       local_admin: tuple[str, Path]) -> None:
    gaps = graphql(explorer_url, local_admin[0], GAPS, {"id": BENXI})["serviceChainGaps"]
    go(page, explorer_url, f"#/scope/park/{BENXI}")
    for stage in gaps["stages"]:
        box = page.locator(f".stage[data-stage={stage['stage']['code']}]")
        expect(box).to_have_attribute("data-status", stage["status"])
    missing = next(s for s in gaps["stages"] if s["status"] == "MISSING")
    box = page.locator(f".stage[data-stage={missing['stage']['code']}]")
    expect(box.locator(".status")).to_have_text("缺失")
    expect(box.locator(".stage-name")).to_have_text("检验检测认证")
    first = missing["suggestions"][0]["actor"]["id"]
    names = graphql(explorer_url, "", 'query($id: ID!) { node(id: $id) { ... on Entity { nameZh } } }',
                    {"id": first})
    suggestion = page.locator(f"button.suggestion[data-actor='{first}']").first
    expect(suggestion).to_have_text(names["node"]["nameZh"])
    expect(page.locator("[data-testid=score]")).not_to_be_empty()
    suggestion.click()
    path_graph = page.locator(".path-box [data-testid=graph]")
    expect(path_graph).to_have_attribute("data-settled-ms", NUMBER)
    path = graphql(explorer_url, "", 'query($a: ID!, $b: ID!) { shortestPath(fromId: $a, toId: $b) '
                   "{ nodes { id } } }", {"a": first, "b": BENXI})["shortestPath"]
    assert path_graph.get_attribute("data-nodes") == str(len(path["nodes"]))
    page.screenshot(path=screenshot_path("scope"), full_page=True)


WHAT_IF = """query($changes: [ChangeInput!]!) { whatIf(scope: {parkId: "park-benxi"},
  changes: $changes) { delta stageChanges { stage before after } } }"""


def test_what_if_compares_with_today(page: Page, explorer_url: str,
                                     local_admin: tuple[str, Path]) -> None:
    gaps = graphql(explorer_url, local_admin[0], GAPS, {"id": BENXI})["serviceChainGaps"]
    missing = next(s for s in gaps["stages"] if s["status"] == "MISSING")
    code, actor = missing["stage"]["code"], missing["suggestions"][0]["actor"]["id"]
    go(page, explorer_url, f"#/whatif/park/{BENXI}")
    page.check(f"[data-testid='provider-{actor}-{code}']")
    page.click("[data-testid=run-whatif]")
    result = page.locator("[data-testid=whatif-result]")
    expect(result.locator("[data-testid=delta]")).to_be_visible(timeout=120_000)
    before = result.locator(f"[data-testid=before] .stage[data-stage={code}]")
    after = result.locator(f"[data-testid=after] .stage[data-stage={code}]")
    expect(before).to_have_attribute("data-status", "MISSING")
    after_status = after.get_attribute("data-status")
    assert after_status in ("THIN", "MISMATCHED", "COVERED")
    # The same what-if through the API: the page shows its delta and stage changes.
    focus = graphql(explorer_url, local_admin[0], '{ serviceChainGaps(scope: {parkId: "park-benxi"}) '
                    "{ focusIndustries { id } } }")["serviceChainGaps"]["focusIndustries"]
    branch = f"{actor}--branch-in-{BENXI}"
    changes: list[dict[str, object]] = [
        {"op": "ADD_ACTOR", "label": "Agency", "id": branch, "name": "x", "parkId": BENXI,
         "stages": [code], "industries": [f["id"] for f in focus][:1]},
        {"op": "ADD_LINK", "type": "BRANCH_OF", "source": branch, "target": actor}]
    api = graphql(explorer_url, local_admin[0], WHAT_IF, {"changes": changes})["whatIf"]
    assert {"stage": code, "before": "MISSING", "after": after_status} in api["stageChanges"]
    shown = result.locator("[data-testid=delta]").inner_text()
    assert f"{api['delta']:+.1f}".lstrip("+") in shown
    page.screenshot(path=screenshot_path("what-if"), full_page=True)
    # Nothing was written: today's report is unchanged.
    assert graphql(explorer_url, local_admin[0], GAPS, {"id": BENXI})["serviceChainGaps"] == gaps


def test_switch_language(page: Page, explorer_url: str) -> None:
    go(page, explorer_url, f"#/scope/park/{BENXI}")
    expect(page.locator(".brand")).to_have_text("科技服务体系图谱")
    page.click("[data-testid=language]")
    page.wait_for_selector(READY)
    expect(page.locator(".brand")).to_have_text("S&T service system explorer")
    stage = page.locator(".stage[data-stage=testing_certification]")
    expect(stage.locator(".stage-name")).to_have_text("Testing, inspection and certification")
    expect(stage.locator(".status")).to_have_text("Missing")
    expect(page.locator("main h2").first).to_contain_text("Benxi Hi-tech Industrial Development Zone")
    page.screenshot(path=screenshot_path("scope-en"), full_page=True)
    page.reload()
    page.wait_for_selector(READY)
    expect(page.locator(".brand")).to_have_text("S&T service system explorer")  # remembered
    page.click("[data-testid=language]")
    page.wait_for_selector(READY)
    expect(page.locator(".brand")).to_have_text("科技服务体系图谱")


def test_plan_dashboard(page: Page, explorer_url: str, local_admin: tuple[str, Path]) -> None:
    go(page, explorer_url, "#/plan")
    progress = graphql(explorer_url, local_admin[0], "{ planProgress(year: 2015) { target met } }")
    targets = page.locator("figure.target")
    expect(targets).to_have_count(9)
    for row in progress["planProgress"]:
        figure = page.locator(f"figure.target[data-target={row['target']}]")
        expect(figure.locator(".met" if row["met"] else ".not-met")).to_have_count(1)
        expect(figure.locator("canvas")).to_have_count(1)
    expect(page.locator("table.pilots tbody tr")).to_have_count(10)
    page.screenshot(path=screenshot_path("plan"), full_page=True)


PROVINCE_PLAN = """{ planProgress(year: 2015, regionId: "region-jiangsu") { target met actual }
  pilotCandidates(first: 10, regionId: "region-jiangsu") { park { id } rank } }"""


def test_plan_dashboard_of_a_province(page: Page, explorer_url: str,
                                      local_admin: tuple[str, Path]) -> None:
    """A province has no goal of its own (met is null): each target says so instead of
    "not met"; the candidates are the province's, unranked ones marked as lacking data."""
    api = graphql(explorer_url, local_admin[0], PROVINCE_PLAN)
    assert all(row["met"] is None for row in api["planProgress"])
    go(page, explorer_url, "#/plan/region-jiangsu")
    expect(page.locator("figure.target")).to_have_count(9)
    expect(page.locator("figure.target .no-goal")).to_have_count(9)
    expect(page.locator("figure.target .not-met")).to_have_count(0)
    expect(page.locator("select[name=region]")).to_have_value("region-jiangsu")
    rows = page.locator("table.pilots tbody tr")
    expect(rows).to_have_count(len(api["pilotCandidates"]))
    for index, candidate in enumerate(api["pilotCandidates"]):
        link = rows.nth(index).locator("a")
        expect(link).to_have_attribute("href", f"#/scope/park/{candidate['park']['id']}")
        if candidate["rank"] is None:
            expect(rows.nth(index).locator("td").first).to_have_text("数据不足")
    page.screenshot(path=screenshot_path("plan-province"), full_page=True)


def test_a_5000_node_neighborhood(page: Page, explorer_url: str) -> None:
    go(page, explorer_url, f"#/entity/{BIG_PARK}?depth=1&limit=5000")
    graph = page.locator("[data-testid=graph]")
    expect(graph).to_have_attribute("data-first-render-ms", NUMBER,
                                    timeout=120_000)
    assert graph.get_attribute("data-nodes") == "5000"
    expect(page.locator(".note")).to_contain_text("已达节点上限")
    # the first frame shows the nodes; the edges are added and drawn in the next one
    expect(graph).to_have_attribute("data-edges-frame-at", NUMBER, timeout=120_000)
    assert int(graph.get_attribute("data-edges") or 0) > 15_000
    expect(graph).to_have_attribute("data-settled-ms", NUMBER,
                                    timeout=120_000)
    # the page shows the park's own properties and relationships, fetched on their own
    expect(page.locator("table.props")).to_contain_text("Big Hi-tech Park")
    expect(page.locator("table.rels tr.relationship")).to_have_count(300)
    page.screenshot(path=screenshot_path("neighborhood-5000"))


def test_an_unknown_id_shows_not_found(page: Page, explorer_url: str) -> None:
    for route in ("#/entity/no-such-park", "#/scope/park/no-such-park"):
        go(page, explorer_url, route)
        message = page.locator("[data-testid=message]")
        expect(message.locator("h2")).to_have_text("未找到")
        expect(message).to_contain_text("no-such-park")
    go(page, explorer_url, "#/no/such/page")
    expect(page.locator("[data-testid=message]")).to_contain_text("/no/such/page")
    page.screenshot(path=screenshot_path("not-found"))


def test_a_wrong_key_shows_the_sign_in_form(browser: Browser, explorer_url: str,
                                            local_admin: tuple[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 700})
    page = context.new_page()
    page.goto(f"{explorer_url}/#key=expired-key")
    page.wait_for_selector(READY)
    form = page.locator("[data-testid=sign-in]")
    expect(form).to_be_visible()  # introspection with a bad key is refused too
    go(page, explorer_url, "#/plan")
    server = httpx.post(f"{explorer_url}/graphql", json={"query": "{ __typename }"},
                        headers={"X-API-Key": "expired-key"}).json()["errors"][0]["message"]
    expect(form.locator("[data-testid=server-message]")).to_have_text(server)
    page.screenshot(path=screenshot_path("sign-in"))
    page.fill("input[name=key]", local_admin[0])
    page.click("[data-testid=sign-in] button[type=submit]")
    expect(page.locator("figure.target")).to_have_count(9, timeout=120_000)
    context.close()


def test_anonymous_analysis_asks_to_sign_in(browser: Browser, explorer_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{explorer_url}/#/scope/park/{BENXI}")
    page.wait_for_selector(READY)
    expect(page.locator("[data-testid=server-message]")).to_contain_text("authentication required")
    context.close()


class _Server:
    """The app on a fixed port, to stop and start again (the API going down and back)."""

    def __init__(self, settings: Settings, port: int) -> None:
        from app.main import create_app

        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: __import__("asyncio").run(
            self.server.serve()), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive()
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def test_api_down_shows_a_banner_and_retries(browser: Browser, settings: Settings,
                                             explorer_graph: object) -> None:
    port = free_port()
    server = _Server(settings, port)
    url = f"http://127.0.0.1:{port}"
    context = browser.new_context(viewport={"width": 1200, "height": 700})
    page = context.new_page()
    page.goto(f"{url}/")
    page.wait_for_selector(READY)
    server.stop()
    page.fill("input[name=q]", "中关村")
    page.click("button[type=submit]")
    banner = page.locator("[data-testid=api-down]")
    expect(banner).to_be_visible(timeout=30_000)
    expect(banner).to_contain_text("无法连接服务器")
    page.screenshot(path=screenshot_path("api-down"))
    server = _Server(settings, port)
    try:
        banner.locator("button").click()  # or wait for the next retry
        expect(banner).to_be_hidden(timeout=60_000)
        expect(page.locator("li.result[data-id='park-zhongguancun']")).to_have_count(1)
    finally:
        context.close()
        server.stop()


def test_graphiql_runs_offline_with_the_key_filled_in(browser: Browser, explorer_url: str,
                                                      local_admin: tuple[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 800})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(explorer_url) or
            r.url.startswith(("blob:", "data:")) else outside.append(r.url))
    sent: list[dict[str, str]] = []
    page.on("request", lambda r: sent.append(r.headers) if r.url.endswith("/graphql")
            and r.method == "POST" else None)
    page.goto(f"{explorer_url}/graphql#key={local_admin[0]}")
    page.wait_for_selector(".graphiql-container", timeout=60_000)
    # the default query must be in the editor before the run button has anything to send
    expect(page.locator(".graphiql-query-editor")).to_contain_text("totalCount",
                                                                   timeout=60_000)
    for _ in range(3):  # a click while the editor is still initialising sends nothing
        page.click(".graphiql-execute-button")
        page.wait_for_timeout(5_000)
        if sent:
            break
    expect(page.locator(".graphiql-response")).to_contain_text("totalCount", timeout=180_000)
    assert any(h.get("x-api-key") == local_admin[0] for h in sent), sent
    assert not outside, outside
    page.screenshot(path=screenshot_path("graphiql"))
    context.close()


STAGE_STATUS = """query($id: ID!, $year: Int) { serviceChainGaps(scope: {parkId: $id},
  asOf: $year, suggestions: 0) { stages { stage { code } status } } }"""


def test_as_of_slider_shows_the_park_of_that_year(page: Page, explorer_url: str,
                                                  local_admin: tuple[str, Path]) -> None:
    """Wuxi had no IP provider in 2010 (data/demo/README.md): the slider shows it MISSING,
    as the API does for that year, and back at the present it is THIN again."""
    def statuses(year: int | None) -> dict[str, str]:
        data = graphql(explorer_url, local_admin[0], STAGE_STATUS, {"id": "park-wuxi", "year": year})
        return {s["stage"]["code"]: s["status"] for s in data["serviceChainGaps"]["stages"]}

    then, now = statuses(2010), statuses(None)
    assert (then["intellectual_property"], now["intellectual_property"]) == ("MISSING", "THIN")
    go(page, explorer_url, "#/scope/park/park-wuxi")
    ip = page.locator(".stage[data-stage=intellectual_property]")
    expect(ip).to_have_attribute("data-status", "THIN")
    page.locator("[data-testid=as-of]").fill("2010")
    page.wait_for_selector(READY)
    expect(page.locator("label.as-of output")).to_have_text("2010")
    for code, status in then.items():
        expect(page.locator(f".stage[data-stage={code}]")).to_have_attribute("data-status", status)
    page.screenshot(path=screenshot_path("scope-2010"), full_page=True)
    page.reload()  # the year is kept for the session
    page.wait_for_selector(READY)
    expect(ip).to_have_attribute("data-status", "MISSING")
    page.locator("[data-testid=as-of]").fill(str(time.gmtime().tm_year))
    page.wait_for_selector(READY)
    expect(ip).to_have_attribute("data-status", "THIN")
