"""The app (the live screen) with a server's database: opening, and what it says when
it cannot open it."""

from __future__ import annotations

import os
import select
import time

from tests.ptyapp import spawn_python

APP = "import sys; sys.argv[0] = 'infotui'; from infotui.cli import main; main()"
NO_DRIVER = "import sys; sys.modules['psycopg'] = None; " + APP


def run_to_the_end(pid: int, fd: int, timeout: float = 60.0) -> tuple[int, str]:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the program has gone and its terminal with it
                break
            if not chunk:
                break
            seen += chunk
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


def test_the_app_without_the_driver_says_which_extra_and_exits_2() -> None:
    url = "postgresql+psycopg://eco:hunter2@127.0.0.1:9/infotui"
    code, seen = run_to_the_end(*spawn_python(NO_DRIVER, "--db", url))
    assert code == 2
    assert "pip install 'infotui[postgres]'" in seen
    assert "hunter2" not in seen and "Traceback" not in seen


def test_the_app_on_a_server_that_is_down_exits_2_without_the_password(
    unused_port: int,
) -> None:
    url = f"postgresql+psycopg://eco:hunter2@127.0.0.1:{unused_port}/infotui"
    code, seen = run_to_the_end(*spawn_python(APP, "--db", url))
    assert code == 2
    assert "Connection refused" in seen
    assert "hunter2" not in seen and "Traceback" not in seen


CRASH = (
    "import sys; sys.argv[0] = 'infotui'\n"
    "import infotui.store\n"
    "def broken(target, **options):\n"
    "    url_in_a_variable = target\n"
    "    raise RuntimeError('something unexpected')\n"
    "infotui.store.Store = broken\n"
    "from infotui.cli import main; main()\n"
)


def test_a_crash_report_does_not_show_the_password(unused_port: int) -> None:
    url = f"postgresql+psycopg://eco:hunter2@127.0.0.1:{unused_port}/infotui"
    code, seen = run_to_the_end(*spawn_python(CRASH, "--db", url))
    assert "something unexpected" in seen  # the report is there
    assert "hunter2" not in seen
    assert code != 0
