"""A SIGTERM while a request is in flight: the request is still answered, then the server
shuts down cleanly (uvicorn's graceful shutdown, then the lifespan closes the driver).

`stsgraph serve` runs as a real process. The in-flight request is a mutation made slow for
real: the test holds the agency's write lock in an open transaction, so the mutation waits
in Neo4j until the test lets go — after the SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from app.auth import hash_api_key
from app.settings import PROJECT_ROOT, Settings
from benchmarks.common import free_port
from tests.loaders.test_cli import _command, _env

KEY = "shutdown-editor"
UPDATE = 'mutation { updateAgency(id: "a-vc", input: {staff: 77}) { id staff } }'


def _wait_until_up(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start")


async def _waiting_transactions(driver: AsyncDriver) -> int:
    records, _, _ = await driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery, status "
        "WHERE currentQuery CONTAINS 'row.props' AND status STARTS WITH 'Blocked' "
        "RETURN count(*) AS n")
    return int(records[0]["n"])


@pytest.mark.slow
async def test_sigterm_during_a_slow_request_still_answers_it(load: Any, settings: Settings,
                                                              driver: AsyncDriver) -> None:
    await load("tiny")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = _env(settings, STSGRAPH_API_KEYS=f"editor:{hash_api_key(KEY)}:shutdown",
               STSGRAPH_SHUTDOWN_GRACE_S="60")
    process = subprocess.Popen([*_command(), "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    answer: dict[str, Any] = {}
    try:
        _wait_until_up(url, process)
        async with driver.session(database=settings.neo4j_database) as session:
            tx = await session.begin_transaction()
            await tx.run("MATCH (a:Agency {id: 'a-vc'}) SET a.staff = 1")  # holds the lock

            def send() -> None:
                response = httpx.post(f"{url}/graphql", json={"query": UPDATE},
                                      headers={"X-API-Key": KEY}, timeout=120)
                answer["status"], answer["body"] = response.status_code, response.json()

            thread = threading.Thread(target=send)
            thread.start()
            deadline = time.monotonic() + 60
            while await _waiting_transactions(driver) == 0:  # the mutation is in Neo4j
                assert time.monotonic() < deadline, "the mutation never reached Neo4j"
                time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            time.sleep(1)  # let the server begin its shutdown while the request waits
            assert process.poll() is None, "the server quit with a request in flight"
            await tx.rollback()  # the mutation may now finish
        thread.join(timeout=60)
        assert answer["status"] == 200, answer
        assert answer["body"]["data"] == {"updateAgency": {"id": "a-vc", "staff": 77}}
        # uvicorn shuts down, then re-raises the signal so the exit status tells of it
        assert process.wait(timeout=60) == -signal.SIGTERM
        log = process.stderr.read() if process.stderr else ""
        assert "Waiting for application shutdown." in log
        assert "Finished server process" in log
        assert "Traceback" not in log
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    records, _, _ = await driver.execute_query(
        "MATCH (a:Agency {id: 'a-vc'}) RETURN a.staff AS staff")
    assert records[0]["staff"] == 77
