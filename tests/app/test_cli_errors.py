"""No traceback ever reaches a user of the `stsgraph` command: each mistake is one line
saying what is wrong and what to do. Run as real subprocesses."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT, Settings
from tests.conftest import FIXTURES
from tests.loaders.test_cli import _command, _env, stsgraph


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize(("keys", "expected"), [
    ("viewer", "error: STSGRAPH_API_KEYS entry 1: expected role:sha256hex[:name]; fix it and "
               "start again"),
    ("viewer:not-a-hash", "error: STSGRAPH_API_KEYS entry 1: the key must be given as its "
                          "sha256 hex digest"),
    ("boss:" + "0" * 64, "error: unknown role 'boss'"),
])
def test_malformed_api_keys_stop_serve_in_one_line(settings: Settings, keys: str,
                                                   expected: str) -> None:
    result = stsgraph(settings, "serve", "--port", "1", STSGRAPH_API_KEYS=keys)
    assert result.returncode == 2
    assert one_line(result.stderr).startswith(expected)


def test_an_api_keys_file_that_cannot_be_read(settings: Settings, tmp_path: Path) -> None:
    result = stsgraph(settings, "serve", STSGRAPH_API_KEYS_FILE=str(tmp_path))
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        f"error: cannot read the API keys file {tmp_path}: Is a directory; check "
        "STSGRAPH_API_KEYS_FILE and the file's permissions")


def test_an_invalid_setting(settings: Settings) -> None:
    result = stsgraph(settings, "neo4j", "status", STSGRAPH_MAX_PAGE_SIZE="many")
    assert result.returncode == 2
    assert one_line(result.stderr).startswith(
        "error: invalid setting — STSGRAPH_MAX_PAGE_SIZE: Input should be a valid integer")


def test_a_dataset_file_that_cannot_be_read(settings: Settings, tmp_path: Path) -> None:
    """A folder where a file should be is a problem of the dataset, listed with the others
    (here the parks its rows name are missing too), and nothing is written."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "tiny", folder)
    (folder / "parks.csv").unlink()
    (folder / "parks.csv").mkdir()
    result = stsgraph(settings, "load", str(folder), "--dry-run", "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert ("parks.csv:0: -: is a folder, not a file; rename or move it out of the dataset "
            "folder") in result.stdout.splitlines()
    assert one_line(result.stderr).endswith("nothing was written. Fix them (each line is "
                                            "file:line: column: reason), or rerun with "
                                            "--skip-invalid to load the valid rows.")


async def test_a_closed_pipe_ends_the_command_quietly(load: object, settings: Settings) -> None:
    """`stsgraph analyze … | head`: the reader is gone before the table is written."""
    await load("tiny")  # type: ignore[operator]
    process = subprocess.Popen([*_command(), "analyze", "pilots", "--json"], cwd=PROJECT_ROOT,
                               env=_env(settings), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # no reader left: the first write fails with EPIPE
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert stderr == ""
