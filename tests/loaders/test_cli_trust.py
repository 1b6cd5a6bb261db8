"""`stsgraph load` as a user meets it, run as a real subprocess against the test Neo4j:
unknown columns, --sync with its diff and confirmation, the summary's totals and rate, and
one line (never a traceback) for every way a load can fail."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT
from loaders.readers import read_dataset
from tests.loaders.helpers import counts, dump_graph, replace_in, write_csv
from tests.loaders.test_cli import EMPTY, _command, _env, stsgraph


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stderr + result.stdout


async def test_an_unknown_column_refuses_the_load_unless_ignored(clean_db, settings,
                                                                 dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "parks.csv", "level,region_id,", "level,region,")
    refused = stsgraph(settings, "load", str(folder), "--quiet")
    assert refused.returncode == 1, refused.stderr
    assert refused.stdout.splitlines() == [
        "parks.csv:1: region: unknown column; did you mean 'region_id'? "
        "(--ignore-unknown-columns loads without it)"]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY

    loaded = stsgraph(settings, "load", str(folder), "--quiet", "--ignore-unknown-columns")
    assert loaded.returncode == 0, loaded.stderr
    assert ("warning: parks.csv:1: region: unknown column ignored; did you mean 'region_id'?"
            in loaded.stderr.splitlines())


async def test_the_summary_gives_totals_duration_and_rate(clean_db, settings,
                                                          dataset_copy) -> None:
    result = stsgraph(settings, "load", str(dataset_copy("tiny")))
    assert result.returncode == 0, result.stderr
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in result.stderr.splitlines() if line.startswith("│")}
    assert rows["all entities"] == ["16", "0", "0", ""]
    assert rows["all relationships"] == ["36", "0", "0", "0"]
    assert re.search(r"^loaded 22 rows in \d+\.\d s \([\d,]+ rows/s\): validation \d+\.\d s, "
                     r"writing \d+\.\d s$", result.stderr, re.MULTILINE), result.stderr
    # off a terminal the progress lines are printed once, complete, before the summary
    for phase in ("validating rows", "writing entities", "writing relationship columns",
                  "writing links and funding"):
        assert re.search(rf"^{phase} .*rows/s", result.stderr, re.MULTILINE), phase


async def test_sync_shows_the_diff_asks_for_yes_and_removes(clean_db, settings,
                                                            dataset_copy) -> None:
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    assert stsgraph(settings, "load", str(folder), "--quiet").returncode == 0
    replace_in(folder, "funding.csv", "r-bj,p-zgc,provincial_match,30,2014\n", "")
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob,,,,\n", "")
    before = await dump_graph(clean_db, db)
    diff = [
        "--sync: source 'tiny' wrote these and the folder no longer holds them; they are "
        "removed:",
        "  :FUNDS 1: r-bj -> p-zgc (provincial_match, 2014)",
        "  :MEMBER_OF 1: a-vc -> c-mob",
    ]

    dry = stsgraph(settings, "load", str(folder), "--sync", "--dry-run", "--quiet")
    assert dry.returncode == 0, dry.stderr
    assert dry.stderr.splitlines() == [*diff, "valid: 20 records, nothing written (dry run)"]

    unconfirmed = stsgraph(settings, "load", str(folder), "--sync", "--quiet")
    assert unconfirmed.returncode == 2
    assert unconfirmed.stderr.splitlines()[-1] == (
        "error: --sync would remove 0 entities and 2 relationships; pass --yes to confirm when "
        "not on a terminal (nothing was written)")
    assert await dump_graph(clean_db, db) == before

    synced = stsgraph(settings, "load", str(folder), "--sync", "--yes", "--quiet")
    assert synced.returncode == 0, synced.stderr
    assert synced.stderr.splitlines()[:3] == diff
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in synced.stderr.splitlines() if line.startswith("│")}
    assert rows[":FUNDS"] == ["0", "0", "1", "1"]
    assert rows[":MEMBER_OF"] == ["0", "0", "0", "1"]
    assert rows["all entities"] == ["0", "0", "16", "0"]
    _, rels = await dump_graph(clean_db, db)
    assert len(rels) == 36 - 2

    again = stsgraph(settings, "load", str(folder), "--sync", "--quiet")  # nothing to confirm
    assert again.returncode == 0, again.stderr
    assert ("--sync: the graph holds nothing of source 'tiny' that the folder does not; "
            "nothing to remove") in again.stderr.splitlines()


@pytest.mark.parametrize(("args", "message"), [
    (["--sync", "--skip-invalid"],
     "error: --sync cannot be combined with --skip-invalid: the skipped rows would be removed "
     "from the graph as if they had left the folder"),
    (["--batch-size", "0"], "error: --batch-size must be at least 1 (got 0)"),
])
def test_options_that_do_not_go_together_are_usage_errors(settings, args, message) -> None:
    result = stsgraph(settings, "load", "tests/fixtures/datasets/tiny", *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [message]


def test_a_file_that_is_not_a_workbook_is_a_usage_error(settings) -> None:
    result = stsgraph(settings, "load", "tests/fixtures/datasets/tiny/parks.csv")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: tests/fixtures/datasets/tiny/parks.csv is a file, not a dataset: give the folder "
        "that holds it (tests/fixtures/datasets/tiny), or an .xlsx workbook"]


async def test_unreadable_files_are_one_line_each(clean_db, settings, dataset_copy) -> None:
    folder = dataset_copy("tiny")
    (folder / "talent_teams.csv").unlink()
    (folder / "talent_teams.csv").mkdir()  # a folder where a file is expected
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = stsgraph(settings, "load", str(folder), "--quiet")
    assert result.returncode == 1
    _no_traceback(result)
    assert result.stdout.splitlines() == [
        "broken.xlsx:0: -: unreadable workbook: File is not a zip file; open it in Excel and "
        "save it again as .xlsx",
        "talent_teams.csv:0: -: is a folder, not a file; rename or move it out of the dataset "
        "folder",
    ]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


def test_a_file_without_read_permission_says_so(tmp_path, monkeypatch) -> None:
    """Simulated: the tests may run as root, whom file modes do not stop."""
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "regions.csv").write_text("id,name\nr-1,One\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "regions.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert [str(e) for e in read_dataset(folder).errors] == [
        "regions.csv:0: -: cannot read this file: permission denied; give your user read access "
        "(or close the program that locks it) and load again"]


def test_problems_piped_into_head_end_quietly(settings, tmp_path) -> None:
    """`stsgraph load … | head -1`: the reader closes the pipe after one line."""
    folder = tmp_path / "many"
    folder.mkdir()
    write_csv(folder / "regions.csv", ["id", "name", "kind"],
              [[f"r-{i}", f"Region {i}", "metropolis"] for i in range(20_000)])
    proc = subprocess.Popen([*_command(), "load", str(folder), "--quiet"], cwd=PROJECT_ROOT,
                            env=_env(settings), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert first.startswith("regions.csv:2: kind: unknown value 'metropolis'")
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert stderr.splitlines()[-1].startswith("20000 problem(s); nothing was written.")
