"""`stsgraph analyze refresh` refuses bad options with one line naming what is wrong (its
runs against Neo4j are in tests/schema/test_replicas.py and test_stored_results.py)."""

from __future__ import annotations

import pytest

from app.refresh_command import parse_only
from tests.loaders.test_cli import stsgraph


def test_only_names_are_checked() -> None:
    assert parse_only("cluster-scores, centrality") == ["cluster-scores", "centrality"]
    assert parse_only(None) is None
    with pytest.raises(SystemExit, match="unknown result bogus; expected names among "
                                         "cluster-scores, pilot-candidates"):
        parse_only("cluster-scores,bogus")


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--only", "bogus"], 1, "--only: unknown result bogus"),
    (["--as-of", "1800"], 2, "--as-of must be between 1949 and 2100"),
])
def test_bad_options_exit_with_one_line(settings, args: list[str], code: int,
                                        words: str) -> None:  # type: ignore[no-untyped-def]
    result = stsgraph(settings, "analyze", "refresh", *args)
    assert result.returncode == code, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
