"""`deploy/serve.py` (`make serve`) refuses to start, with one line and nothing left running, when
the data is invalid or a port is taken; and the HAProxy configuration it writes is valid."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "deploy"))
import serve  # noqa: E402 (deploy/ is not a package)

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_serve(*args: str, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "deploy/serve.py", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin:/usr/sbin", "DASHBOARD_CACHE": str(cache),
                                            "HOME": str(cache)})  # fmt: skip


def streamlit_children(port: int) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            parts = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in parts and str(port + 1).encode() in parts:
            found.append(cmdline.parent.name)
    return found


def test_invalid_data_is_refused_before_any_replica_starts(make_tree, tmp_path):
    tree = make_tree(edits=[("curated/events/sample.yaml", "  tone: cooperation\n  tone_rationale: A signed",
                             "  tone: friendly\n  tone_rationale: A signed")])
    port = free_port()
    done = run_serve("--port", str(port), "--data", str(tree.data), "--seeds", str(tree.seeds), cache=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("serve:")]
    assert len(lines) == 1 and "problem(s)" in lines[0] and "no replica started" in lines[0], done.stderr
    assert "tone" in done.stderr  # the located problem is printed above it
    assert "starting" not in done.stdout and not streamlit_children(port)


def test_a_taken_port_stops_serve_with_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1] - 1  # the balancer's port is free, replica r1's is taken
        if not serve.port_free(port):
            pytest.skip("the port below a free one is in use")
        done = run_serve("--port", str(port), cache=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"serve: port {port + 1} (replica r1) is already in use; choose another PORT"]
    assert not streamlit_children(port)


def test_a_replica_that_fails_to_start_stops_everything(tmp_path, monkeypatch):
    """A replica exits before it is healthy: one line naming it, and the others are stopped."""
    started = []

    class Args:
        replicas, port, address, data, seeds = 2, free_port(), "127.0.0.1", None, None

    monkeypatch.setattr(serve, "validate", lambda data, seeds: "validated")
    monkeypatch.setattr(serve, "replica_command", lambda port, data, seeds: (
        [sys.executable, "-c", "import sys; print('boom: no such data'); sys.exit(3)"] if port == Args.port + 2
        else [sys.executable, "-c", "import time; time.sleep(60)"]))
    running = serve.Serve(Args())
    with pytest.raises(serve.StartError, match=r"replica r2 \(port \d+\) exited with code 3 .*boom: no such data"):
        try:
            running.start()
        finally:
            started = [r.process for r in running.replicas]
            running.stop_all()
    assert all(process.poll() is not None for process in started)


def test_generated_configuration_is_valid_for_haproxy(tmp_path):
    if not Path(HAPROXY).exists():
        pytest.fail("haproxy is not installed: `make haproxy` (make test installs it)")
    replicas = [serve.Replica(f"r{i}", 9000 + i, []) for i in (1, 2, 3)]
    backend = tmp_path / "backend.cfg"
    backend.write_text(serve.backend_section(replicas))
    assert backend.read_text().count("server r") == 3 and "cookie r3" in backend.read_text()
    checked = subprocess.run([HAPROXY, "-c", "-f", str(serve.CONFIG), "-f", str(backend)], capture_output=True,
                             text=True, env={"BIND": "127.0.0.1:9000"}, timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr
