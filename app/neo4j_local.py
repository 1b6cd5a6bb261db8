"""Build, start, stop and inspect the embedded Neo4j of `neo4j-local/`.

The server runs in its own process group so it outlives the command that started it;
its pid, log and data live under `Settings.local_neo4j_dir`.

A server on the port is reused only when this directory started it: its recorded pid is
alive, runs neo4j-local's main class, and matches the marker written into the data folder
at start. Anything else answering there (Neo4j Desktop, the compose Neo4j, another
program) is refused with an error naming the port and how to choose another, so the demo
is never loaded into someone else's database.
"""

from __future__ import annotations

import json
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
    owned: bool = False  # the server on the port is the one this directory started


def port_in_use(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _command_line(pid: int) -> str | None:
    """The process's command line, None where /proc cannot tell."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            "utf-8", "replace")
    except OSError:
        return None


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
        self.marker = self.home / "data" / "stsgraph-local.json"

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

    def _owns(self, pid: int | None) -> bool:
        """Whether `pid` (the recorded one) is the server this directory started on the port."""
        if pid is None:
            return False
        command = _command_line(pid)
        if command is not None and (MAIN_CLASS not in command
                                    or f"--port {self.port} " not in f"{command} "):
            return False
        try:
            marker = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # started before markers existed: the command line alone says it is ours
            if command is None:
                return False
            self._write_marker(pid)
            return True
        return bool(marker.get("pid") == pid and marker.get("port") == self.port)

    def _write_marker(self, pid: int) -> None:
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        self.marker.write_text(json.dumps({"pid": pid, "port": self.port}), encoding="utf-8")

    def status(self) -> LocalNeo4jStatus:
        pid = self._read_pid()
        running = bolt_answers("127.0.0.1", self.port)
        return LocalNeo4jStatus(running, pid, self.uri, self.log_file,
                                running and self._owns(pid))

    def _foreign(self, what: str) -> LocalNeo4jError:
        return LocalNeo4jError(
            f"port {self.port} is taken by {what} that stsgraph did not start from "
            f"{self.home}; stop it, or choose another port, e.g. "
            f"STSGRAPH_LOCAL_NEO4J_PORT={self.port + 3} stsgraph neo4j start")

    def start(self, timeout_s: float = 180.0) -> LocalNeo4jStatus:
        """Start the server in the background and wait for Bolt; reuse it if this directory
        started it; LocalNeo4jError when anything else holds the port."""
        if bolt_answers("127.0.0.1", self.port):
            status = self.status()
            if not status.owned:
                raise self._foreign("a Neo4j (Bolt) server")
            return status
        if port_in_use("127.0.0.1", self.port):
            raise self._foreign("a program")
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
        self._write_marker(proc.pid)
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
        """Stop the server this directory started; False when none was running (a recorded
        pid now used by another program is left alone)."""
        pid = self._read_pid()
        if pid is None or not self._owns(pid):
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
        self.marker.unlink(missing_ok=True)
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
