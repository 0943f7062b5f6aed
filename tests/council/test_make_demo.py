"""`make demo`: the one command a newcomer runs. Started for real, used, and stopped with Ctrl-C."""
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (ROOT / ".venv" / ".installed").exists(),
    reason="make demo is tested from a checkout set up by `make test` (.venv/.installed is missing)",
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_demo_serves_the_portal_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(PORTAL_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    demo = subprocess.Popen(
        ["make", "--no-print-directory", "demo", f"DEMO_PORT={port}"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        printed = "".join(output)
        assert f"Protocol Portal demo is running at http://127.0.0.1:{port}/" in printed, printed
        assert "Monitoring Officer" in printed and "Leader of the Council" in printed
        assert "with the password demo-portal-2026" in printed
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=10).read().decode()
        assert "Sign in" in page and "Harbourside District Council" in page
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        try:
            demo.wait(timeout=45)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            pytest.fail("make demo did not stop within 45 s of Ctrl-C:\n" + "".join(output))
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the web server is still running after Ctrl-C"
    # Nothing of the demo's process group is left behind (the Celery worker and its pool included);
    # a pool child may take a moment to exit after its parent.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(demo.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        leftovers = subprocess.run(["ps", "-o", "pid,stat,cmd", "-g", str(demo.pid)], capture_output=True, text=True).stdout
        pytest.fail(f"processes of the demo are still running 20 s after Ctrl-C:\n{leftovers}")
