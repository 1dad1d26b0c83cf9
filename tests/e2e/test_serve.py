"""`make serve` end to end: 2 replicas behind HAProxy, two browsers on different replicas (the
affinity cookie), a download through the balancer, one replica killed and its reader's view
restored on the other with the same filters (and the next click working without a reload), and
nothing left running afterwards.

Starts `deploy/serve.py` itself (not the shared `app_server`), with its own snapshot folder, on
free loopback ports; the browsers are contexts of the session's Debian chromium.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from e2e_support import ARTIFACTS, REPO, RUN_TIMEOUT_MS, VIEWPORT, assert_no_exception, open_page, settle

sys.path.insert(0, str(REPO / "deploy"))
import serve

pytestmark = pytest.mark.e2e
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
LOG = ARTIFACTS / "e2e-serve.log"
START_S = 150


def free_block(count: int) -> int:
    """A port P with P..P+count-1 all free on loopback."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + count < 65536 and all(serve.port_free(port + i) for i in range(count)):
            return port
    pytest.fail("no block of free ports")


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def read_state(port: int) -> dict:
    return json.loads(serve.state_file(port).read_text())


@pytest.fixture
def served(tmp_path):
    """`deploy/serve.py --replicas 2` on free ports; its base URL and port. Stopped with SIGTERM at
    the end; then the balancer and every replica it ever started must be gone."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_block(3)
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_DATA", "DASHBOARD_SEEDS")}
    env["DASHBOARD_CACHE"] = str(tmp_path / "snapshots")
    with LOG.open("wb") as log:
        process = subprocess.Popen([PYTHON, "deploy/serve.py", "--replicas", "2", "--port", str(port)], cwd=REPO,
                                   env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    pids: set[int] = set()
    try:
        deadline = time.monotonic() + START_S
        while not (serve.state_file(port).exists() and serve.healthy(f"http://127.0.0.1:{port}")):
            assert process.poll() is None, f"serve exited {process.returncode}:\n{LOG.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"serve not up after {START_S} s:\n{LOG.read_text()[-3000:]}"
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", port, pids
    finally:
        with_state = serve.state_file(port).exists()
        if with_state:
            state = read_state(port)
            pids |= {state["balancer_pid"], *(r["pid"] for r in state["replicas"].values())}
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            pytest.fail("serve did not stop within 40 s of SIGTERM")
    assert process.returncode == 0, LOG.read_text()[-2000:]
    left = sorted(pid for pid in pids if pid and alive(pid))
    assert not left, f"processes left running after serve stopped: {left}"
    assert not serve.state_file(port).exists()


def affinity(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "SRV")


def tones(page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get("tone", [])


def click_tone(page, tone: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=tone, exact=True).click()
    settle(page, rerun=True)


def test_two_replicas_behind_the_balancer_survive_a_killed_replica(served, browser):
    base, port, pids = served
    contexts = [browser.new_context(base_url=base, viewport=VIEWPORT, accept_downloads=True, locale="en-GB",
                                    timezone_id="UTC") for _ in range(2)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(RUN_TIMEOUT_MS)
            open_page(page, "/", "actor=RUS")
        names = [affinity(context) for context in contexts]
        assert sorted(names) == ["r1", "r2"], f"both browsers on the same replica: {names}"

        reader = pages[0]  # downloads go through the balancer to the reader's own replica
        button = reader.locator('[data-testid="stDownloadButton"]').filter(has_text="Events (CSV)").first
        with reader.expect_download() as info:
            button.locator("button").first.click()
        csv = Path(info.value.path()).read_text(encoding="utf-8")
        assert csv.splitlines()[0].startswith("id,") and len(csv.splitlines()) > 1

        click_tone(reader, "tension")
        assert tones(reader) == ["tension"]
        state = read_state(port)
        pids |= {r["pid"] for r in state["replicas"].values()}
        os.killpg(state["replicas"][names[0]]["pid"], signal.SIGKILL)

        # the open page reconnects through the balancer; its next click must work, no reload
        time.sleep(3)
        settle(reader, timeout=60_000)
        click_tone(reader, "cooperation")
        assert sorted(tones(reader)) == ["cooperation", "tension"], reader.url
        assert parse_qs(urlsplit(reader.url).query).get("actor") == ["RUS"]
        assert_no_exception(reader)
        assert reader.locator('[data-testid="stSidebar"]').get_by_text("Russia (RUS)").count() > 0

        # a reload lands on a live replica with the same filters, and downloads still work
        reader.reload()
        settle(reader, timeout=60_000)
        assert sorted(tones(reader)) == ["cooperation", "tension"]
        button = reader.locator('[data-testid="stDownloadButton"]').filter(has_text="Events (CSV)").first
        with reader.expect_download() as info:
            button.locator("button").first.click()
        assert Path(info.value.path()).read_text(encoding="utf-8").startswith("id,")
        pids |= {r["pid"] for r in read_state(port)["replicas"].values()}  # the restarted one too
    finally:
        for context in contexts:
            context.close()
