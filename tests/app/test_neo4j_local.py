"""`stsgraph neo4j start` reuses only the server it started; anything else on the port is
refused with the port named and the way to choose another."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.neo4j_local import BOLT_MAGIC, LocalNeo4j, LocalNeo4jError
from app.settings import Settings
from tests.loaders.test_cli import stsgraph


def _listen(answer: bytes | None) -> Iterator[int]:
    """A loopback server: completes a Bolt handshake (answering `answer`), or, with None,
    accepts connections and says nothing, as a program that is not Neo4j would."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    if answer is not None and conn.recv(20).startswith(BOLT_MAGIC):
                        conn.sendall(answer)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join(timeout=5)
    server.close()


@pytest.fixture
def foreign_bolt() -> Iterator[int]:
    """Something that speaks Bolt 5.8, like a Neo4j Desktop server would."""
    yield from _listen(b"\x00\x00\x08\x05")


@pytest.fixture
def foreign_program() -> Iterator[int]:
    yield from _listen(None)


def _local(settings: Settings, port: int, home: Path) -> LocalNeo4j:
    return LocalNeo4j(settings.model_copy(update={"local_neo4j_port": port,
                                                  "local_neo4j_dir": home}))


@pytest.mark.parametrize(("server", "what"), [("foreign_bolt", "a Neo4j (Bolt) server"),
                                              ("foreign_program", "a program")])
def test_a_server_we_did_not_start_is_refused(settings: Settings, tmp_path: Path,
                                              request: pytest.FixtureRequest, server: str,
                                              what: str) -> None:
    port = request.getfixturevalue(server)
    local = _local(settings, port, tmp_path)
    assert not local.status().owned
    with pytest.raises(LocalNeo4jError) as refused:
        local.start(timeout_s=5)
    assert str(refused.value) == (
        f"port {port} is taken by {what} that stsgraph did not start from {tmp_path}; stop "
        f"it, or choose another port, e.g. STSGRAPH_LOCAL_NEO4J_PORT={port + 3} stsgraph "
        "neo4j start")
    assert not (tmp_path / "data").exists()  # nothing was started or written


def test_the_command_says_so_in_one_line(settings: Settings, tmp_path: Path,
                                         foreign_bolt: int) -> None:
    result = stsgraph(settings, "neo4j", "start", STSGRAPH_LOCAL_NEO4J_PORT=str(foreign_bolt),
                      STSGRAPH_LOCAL_NEO4J_DIR=str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: port {foreign_bolt} is taken by a Neo4j (Bolt) "
                                    "server that stsgraph did not start")
    assert "STSGRAPH_LOCAL_NEO4J_PORT=" in result.stderr
    assert "Traceback" not in result.stderr


def test_load_refuses_to_write_into_a_foreign_server(settings: Settings, tmp_path: Path,
                                                     foreign_bolt: int) -> None:
    result = stsgraph(settings, "load", "data/demo", NEO4J_URI="",
                      STSGRAPH_LOCAL_NEO4J_PORT=str(foreign_bolt),
                      STSGRAPH_LOCAL_NEO4J_DIR=str(tmp_path))
    assert result.returncode == 1
    assert f"error: port {foreign_bolt} is taken" in result.stderr


def test_the_server_this_directory_started_is_reused(settings: Settings) -> None:
    """The session's Neo4j was started by LocalNeo4j from its directory: it is ours."""
    if not settings.uses_local_neo4j:
        pytest.skip("the suite runs against an external Neo4j (STSGRAPH_TEST_NEO4J_URI)")
    local = LocalNeo4j(settings)
    before = local.status()
    assert before.running and before.owned
    assert local.start() == before  # reused: same pid, nothing started
    marker = settings.local_neo4j_dir / "data" / "stsgraph-local.json"
    assert f'"pid": {before.pid}' in marker.read_text()


def test_status_of_a_stale_pid_is_not_ours(settings: Settings, tmp_path: Path,
                                           foreign_bolt: int) -> None:
    """A pid file naming a live process that is not neo4j-local is not ownership."""
    other = subprocess.Popen(["sleep", "30"])
    try:
        (tmp_path / "neo4j.pid").write_text(str(other.pid))
        local = _local(settings, foreign_bolt, tmp_path)
        assert local.status().owned is False
        assert local.stop() is False  # and stop leaves that process alone
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()
