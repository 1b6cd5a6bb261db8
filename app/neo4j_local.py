"""Build, start, stop and inspect the embedded Neo4j of `neo4j-local/`.

The server runs in its own process group so it outlives the command that started it;
its pid, log and data live under `Settings.local_neo4j_dir`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from app.settings import PROJECT_ROOT, Settings

MAVEN_PROJECT = PROJECT_ROOT / "neo4j-local"
JAR = MAVEN_PROJECT / "target" / "neo4j-local-1.0.0.jar"
LIB = MAVEN_PROJECT / "target" / "lib"
MAIN_CLASS = "org.stsgraph.neo4jlocal.Main"
READY_MARKER = "neo4j-local: ready"
BOLT_MAGIC = b"\x60\x60\xb0\x17"
# Bolt 5.x ranges, then 4.4: any Neo4j 5 answers one of these.
BOLT_VERSIONS = b"\x00\x08\x08\x05" + b"\x00\x00\x04\x04" + b"\x00" * 8


class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be built, started or stopped."""


@dataclass(frozen=True)
class LocalNeo4jStatus:
    running: bool
    pid: int | None
    uri: str
    log_file: Path


def bolt_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when something on host:port completes a Bolt handshake."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            reply = sock.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


class LocalNeo4j:
    """The embedded Neo4j server of one Settings object."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home: Path = settings.local_neo4j_dir
        self.port = settings.local_neo4j_port
        self.pid_file = self.home / "neo4j.pid"
        self.log_file = self.home / "neo4j.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def build(self, force: bool = False) -> None:
        """Compile the Maven project unless its jar and libraries already exist."""
        if JAR.exists() and LIB.is_dir() and not force:
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalNeo4jError("Maven (mvn) is not on PATH; it is needed to build neo4j-local/")
        cmd = [mvn, "-q", "-B", "-f", str(MAVEN_PROJECT / "pom.xml"), "package", "-DskipTests"]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = (result.stdout + result.stderr)[-3000:]
            raise LocalNeo4jError(f"building neo4j-local failed:\n{tail}")

    def _read_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def status(self) -> LocalNeo4jStatus:
        pid = self._read_pid()
        running = bolt_answers("127.0.0.1", self.port)
        return LocalNeo4jStatus(running, pid, self.uri, self.log_file)

    def start(self, timeout_s: float = 180.0) -> LocalNeo4jStatus:
        """Start the server in the background and wait for Bolt; reuse a running one."""
        if bolt_answers("127.0.0.1", self.port):
            return self.status()
        self.build()
        self.home.mkdir(parents=True, exist_ok=True)
        java = shutil.which("java")
        if java is None:
            raise LocalNeo4jError("Java 17 (java) is not on PATH; it is needed to run neo4j-local/")
        cmd = [
            java, f"-Xmx{self.settings.local_neo4j_heap}", "-XX:+UseG1GC",
            "-cp", f"{JAR}{os.pathsep}{LIB}/*", MAIN_CLASS,
            "--port", str(self.port), "--data", str(self.home / "data"),
            "--page-cache-mb", str(self.settings.local_neo4j_page_cache_mb),
        ]
        with self.log_file.open("ab") as log:
            offset = log.tell()
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LocalNeo4jError(
                    f"neo4j-local exited with code {proc.returncode}; log {self.log_file}:\n"
                    + self._log_since(offset)
                )
            if READY_MARKER in self._log_since(offset) and bolt_answers("127.0.0.1", self.port):
                return self.status()
            time.sleep(0.5)
        raise LocalNeo4jError(f"neo4j-local did not answer on {self.uri} within {timeout_s:.0f}s")

    def _log_since(self, offset: int) -> str:
        with self.log_file.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")[-4000:]

    def stop(self, timeout_s: float = 60.0) -> bool:
        """Stop the server this directory started; False when none was running."""
        pid = self._read_pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
            _alive(pid)
        self.pid_file.unlink(missing_ok=True)
        return True


def _alive(pid: int) -> bool:
    """Whether `pid` still runs; reaps it when this process started it, as an exited child
    stays a zombie (and answers signals) until its parent waits for it."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:  # started by another process: ask the kernel
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
