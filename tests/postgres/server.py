"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl in a temporary folder.

The server listens on a unix socket in that folder and on 127.0.0.1 (a free port),
with no password over the socket and scram-sha-256 over TCP (for the tests of a
wrong password). As root, initdb and postgres refuse to run: they are run as the
``postgres`` user (or ``nobody``), who owns the folder.

Set ``INFOTUI_TEST_POSTGRES=0`` to skip the PostgreSQL tests; otherwise a server
that cannot be started fails them (CI installs PostgreSQL first: see ``.ci/run``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "infotui"
PASSWORD = "hunter2-test-only"


def wanted() -> bool:
    return os.environ.get("INFOTUI_TEST_POSTGRES", "1").lower() not in ("0", "no", "false", "skip")


def find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise RuntimeError(
        f"PostgreSQL's {name} was not found: install the server (Debian: apt-get install "
        "postgresql postgresql-contrib), or set INFOTUI_TEST_POSTGRES=0 to skip these tests"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    folder: Path
    port: int
    owner: str | None  # the user the server runs as, when started by root

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def url(self, database: str = "postgres") -> str:
        """Over the unix socket, no password."""
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.folder}&port={self.port}"

    def tcp_url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.owner is not None:
            command = ["runuser", "-u", self.owner, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self) -> None:
        data = self.folder / "data"
        pwfile = self.folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.owner is not None:
            shutil.chown(pwfile, self.owner)
        done = self._run(
            find_bin("initdb"), "-D", str(data), "-U", SUPERUSER, "--pwfile", str(pwfile),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        options = (
            f"-k {self.folder} -p {self.port} -h 127.0.0.1 -F "
            "-c full_page_writes=off -c synchronous_commit=off -c max_connections=50"
        )
        done = self._run(
            find_bin("pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w",
            "-t", "60", "-o", options, "start",
        )  # fmt: skip
        if done.returncode:
            log = (self.folder / "log").read_text(errors="replace")
            raise RuntimeError(f"the PostgreSQL server did not start: {done.stderr}\n{log}")

    def stop(self) -> None:
        self._run(find_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> Server:
    owner = None
    if os.geteuid() == 0:
        owner = "postgres"
        try:
            pwd.getpwnam(owner)
        except KeyError:
            owner = "nobody"
    folder = Path(tempfile.mkdtemp(prefix="infotui-pg-"))
    if owner is not None:
        shutil.chown(folder, owner)
    server = Server(folder, _free_port(), owner)
    try:
        server.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server
