"""Real-browser fixtures: one Streamlit server and one Debian chromium per test session.

The server is the app exactly as `make run` starts it, on a free port, over the bundled
curated/ and seeds/; it is stopped as a process group at the end, and the session must leave
curated/ and seeds/ byte for byte as it found them. pytest-playwright provides the browser,
context and page fixtures: we only point its launcher at /usr/bin/chromium (never `playwright
install`) and give every context a fixed viewport and the server's base URL. The `console`
fixture fails a test on any browser console error or uncaught page error (BENIGN_CONSOLE lists
the documented noise). Helpers for the tests themselves live in e2e_support.py.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_support import ARTIFACTS, AXE, READ_ONLY, REPO, RUN_TIMEOUT_MS, VIEWPORT, digest_changes, tree_digest

if str(REPO) not in sys.path:  # the `dataset` fixture imports the app's loader
    sys.path.insert(0, str(REPO))

VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SERVER_LOG = ARTIFACTS / "e2e-streamlit.log"
START_TIMEOUT_S = 90  # a cold start on 2 cores imports pandas/plotly and loads the data in ~10 s

# Console messages that are not errors of the app: (regex on "<message> @ <resource URL>", why).
# Add an entry only with a reason and an upstream link, never to silence a real failure.
BENIGN_CONSOLE: tuple[tuple[str, str], ...] = (
    (r"status of 404 .* @ https?://[^/]+/[a-z_]+/_stcore/(health|host-config)$",
     "Streamlit opened at a page path (e.g. /compare) first probes <path>/_stcore/health and "
     "host-config, gets 404, then finds the server at the root: "
     "https://github.com/streamlit/streamlit/issues/7074 (open)."),
)


# -- the data must stay untouched ------------------------------------------------------------


@pytest.fixture(scope="session")
def data_before() -> dict[str, str]:
    """Hashes of curated/ and seeds/ taken before the server or the browser starts."""
    digests = tree_digest()
    assert digests, f"no files found under {READ_ONLY} in {REPO}: the read-only check would prove nothing"
    return digests


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(lines: int = 40) -> str:
    if not SERVER_LOG.exists():
        return "(no server log)"
    return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-lines:])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own localhost URL)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    """Stop the server's process group (streamlit and anything it started, e.g. kaleido's chromium)."""
    if process.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def app_server(data_before, tmp_path_factory) -> str:
    """Start `streamlit run dashboard/app.py` on a free port; yield its base URL; stop it at the end
    and check that the session left curated/ and seeds/ byte for byte as they were."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = int(os.environ.get("E2E_PORT") or 0) or free_port()  # E2E_PORT: a port of one's own on a shared machine
    command = [PYTHON, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_DATA", "DASHBOARD_SEEDS")}
    env["DASHBOARD_CACHE"] = str(tmp_path_factory.mktemp("snapshots"))  # the real path, not the user's cache
    with SERVER_LOG.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # its own process group, stopped as one
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(f"{base_url}/_stcore/health"):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with code {process.returncode} before it was healthy:\n{_log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit was not healthy at {base_url}/_stcore/health after "
                            f"{START_TIMEOUT_S} s:\n{_log_tail()}")
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(process)
    changes = digest_changes(data_before, tree_digest())
    assert not changes, "the browser session changed the read-only data:\n" + "\n".join(changes)


# -- the browser (pytest-playwright fixtures, pointed at Debian's chromium) --------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`make browser`); "
                    "the e2e tests never download a browser")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, app_server):
    return {**browser_context_args, "base_url": app_server, "viewport": VIEWPORT, "accept_downloads": True,
            "locale": "en-GB", "timezone_id": "UTC"}


@dataclass
class Console:
    """Console errors and uncaught exceptions seen by one page, with the URL they happened on."""

    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, text: str, url: str, resource: str = "") -> None:
        message = f"{text} @ {resource}" if resource else text
        if not any(re.search(pattern, message) for pattern, _why in BENIGN_CONSOLE):
            self.errors.append(f"[{kind}] on {url}: {message}")

    def assert_clean(self) -> None:
        found, self.errors = self.errors, []
        assert not found, "browser console errors:\n" + "\n".join(found)


@pytest.fixture
def console(page) -> Console:
    """Attach to `page`; every test that uses it fails on a console error, checked at teardown too."""
    seen = Console()
    page.on("console", lambda msg: msg.type == "error"
            and seen.record("console", msg.text, page.url, (msg.location or {}).get("url", "")))
    page.on("pageerror", lambda exc: seen.record("pageerror", str(exc), page.url))
    page.set_default_timeout(RUN_TIMEOUT_MS)
    yield seen
    seen.assert_clean()


# -- the data, read the way the app reads it ----------------------------------------------------


@pytest.fixture(scope="session")
def dataset():
    """The bundled dataset (read-only), to pick real events and themes for links and checks."""
    from dashboard.core import load, paths

    result = load.load(paths.DataPaths(REPO / "curated", REPO / "seeds"))
    assert result.ok, "\n".join(map(str, result.problems[:20]))
    return result.dataset


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(f"{AXE} not found: run `npm ci` (or `make setup`) at the repository root")
    return AXE
