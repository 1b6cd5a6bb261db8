"""Every `stsgraph analyze` table follows `--lang zh|en` (issue 11): each sub-command is run
as a real subprocess on the demo dataset in both languages, and the words a reader sees are
checked — Chinese titles, headers, labels and names in Chinese; in English, the English
ones and not one Chinese character."""

from __future__ import annotations

import re
from typing import Any

import pytest
import pytest_asyncio

from app.settings import PROJECT_ROOT, Settings
from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.loaders.test_cli import stsgraph

DEMO = PROJECT_ROOT / "data" / "demo"
PARK = "park-suzhou-industrial-park"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# sub-command arguments, words of the Chinese table, words of the English table
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "gaps": (("--park", PARK, "--as-of", "2015"),
             ("苏州工业园", "服务链", "环节衔接", "建议引入"),
             ("Suzhou Industrial Park", "chain", "handoffs", "suggestions")),
    "score": (("--park", PARK, "--as-of", "2015"),
              ("苏州工业园", "整合评分", "服务链覆盖度"),
              ("Suzhou Industrial Park", "integration score", "Chain coverage")),
    "timeline": (("--park", PARK, "--from", "2013", "--to", "2015"),
                 ("苏州工业园", "2013–2015年", "已衔接环节"),
                 ("Suzhou Industrial Park", "handoffs connected")),
    "progress": (("--year", "2015", "--region", "region-jiangsu"),
                 ("江苏省截至2015年的工作目标完成情况", "目标值", "实际值", "占全国比重",
                  "骨干科技服务机构"),
                 ("Jiangsu: plan progress as of 2015", "Goal", "Actual", "Share of national",
                  "Backbone")),
    "clusters": ((), ("集群资源整合评分", "集群"),
                 ("cluster integration scores", "Cluster")),
    "pilots": (("--region", "region-jiangsu", "--as-of", "2015"),
               ("试点候选园区", "候选评分"), ("pilot candidates", "Candidate score")),
    "funding": (("--year", "2015"),
                ("全国2015年专项配套资金（1:2）", "火炬专项资金", "省级配套资金", "江苏省",
                 "万元"),
                ("National: matching funds (1:2) in 2015", "Torch special funds",
                 "Provincial matching", "Jiangsu", "million CNY")),
}


@pytest_asyncio.fixture(scope="module")
async def demo(driver: Any, settings: Settings) -> None:
    await wipe_entities(driver, settings.neo4j_database)
    await load_dataset(driver, DEMO, database=settings.neo4j_database)


def _table(settings: Settings, what: str, lang: str) -> str:
    result = stsgraph(settings, "analyze", what, *CASES[what][0], "--lang", lang,
                      COLUMNS="400")
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


@pytest.mark.parametrize("what", CASES)
def test_chinese_table(demo: None, settings: Settings, what: str) -> None:
    shown = _table(settings, what, "zh")
    missing = [w for w in CASES[what][1] if w not in shown]
    assert not missing, shown
    english = [w for w in CASES[what][2] if w not in ("chain",) and w in shown]
    assert not english, shown


@pytest.mark.parametrize("what", CASES)
def test_english_table(demo: None, settings: Settings, what: str) -> None:
    shown = _table(settings, what, "en")
    missing = [w for w in CASES[what][2] if w not in shown]
    assert not missing, shown
    assert not CJK.findall(shown), shown
