"""`make serve`: N replicas of the app on loopback ports behind HAProxy, in the foreground.

    python deploy/serve.py [--replicas N] [--port PORT] [--data DIR --seeds DIR]

In order: the ports must be free; the data is validated once, here, and its snapshot written
(`core.snapshot`), so invalid data is refused before any replica starts and every replica reads
the same snapshot instead of validating again; the replicas start in parallel on PORT+1..PORT+N;
once all answer /_stcore/health, HAProxy starts on PORT with `deploy/haproxy.cfg` and a generated
backend section (one `server` line per replica). A replica that dies later is started again on
its port, while the balancer sends its readers to the others. SIGINT or SIGTERM stops everything.
Any failure to start prints one line beginning `serve:` and leaves nothing running.
The state (ports and process ids) is written to `state_file(PORT)` for the load test's kill.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "deploy" / "haproxy.cfg"
START_TIMEOUT_S = 120  # a replica on a busy 2-core machine: imports, the snapshot, first health
STOP_WAIT_S = 10


class StartError(Exception):
    """Why serving could not start: printed as one line, after everything started is stopped."""


@dataclass
class Replica:
    name: str
    port: int
    command: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    last_line: list[str] = field(default_factory=lambda: [""])

    def start(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(self.command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.started = time.monotonic()
        _relay(self.process, self.name, self.last_line)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def state_file(port: int) -> Path:
    """Where a running `serve` on this balancer port records its replicas (name, port, pid)."""
    return Path(tempfile.gettempdir()) / f"ru-pa-serve-{os.getuid()}-{port}.json"


def _relay(process: subprocess.Popen, name: str, last_line: list[str]) -> None:
    """Copy a child's output to ours, each line prefixed with its name; keep the last line."""
    def copy() -> None:
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                last_line[0] = line
                print(f"{name:>3} | {line}", flush=True)
    threading.Thread(target=copy, daemon=True).start()


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # as uvicorn and haproxy bind: connections of a previous run in TIME_WAIT do not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def backend_section(replicas: list[Replica]) -> str:
    """The generated part of HAProxy's configuration: the servers, each with its cookie value."""
    lines = ["backend replicas"]
    lines += [f"    server {r.name} 127.0.0.1:{r.port} cookie {r.name}" for r in replicas]
    return "\n".join(lines) + "\n"


def replica_command(port: int, data: str | None, seeds: str | None) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    extra = [*(["--data", data] if data else []), *(["--seeds", seeds] if seeds else [])]
    return command + (["--", *extra] if extra else [])


def check_ports(port: int, count: int) -> None:
    for name, number in [("the balancer", port)] + [(f"replica r{i}", port + i) for i in range(1, count + 1)]:
        if not port_free(number):
            raise StartError(f"port {number} ({name}) is already in use; choose another PORT")


def validate(data: str | None, seeds: str | None) -> str:
    """Validate once (writing the snapshot the replicas will read); the first problems and one
    line when the data is invalid."""
    sys.path.insert(0, str(REPO))
    from dashboard.core import paths, snapshot

    data_paths = paths.resolve(data, seeds)
    result, how = snapshot.load_dataset(data_paths)
    if not result.ok:
        for problem in result.problems[:10]:
            print(problem, file=sys.stderr)
        raise StartError(f"the data in {data_paths.data} has {len(result.problems)} problem(s); "
                         "no replica started (`make validate` lists them all)")
    return how


def wait_healthy(replicas: list[Replica]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    waiting = list(replicas)
    while waiting:
        for replica in list(waiting):
            code = replica.process.poll()
            if code is not None:
                time.sleep(0.2)  # let the relay print the replica's last words
                raise StartError(f"replica {replica.name} (port {replica.port}) exited with code {code} before "
                                 f"it was healthy: {replica.last_line[0] or 'no output'}")
            if healthy(replica.url):
                waiting.remove(replica)
        if waiting and time.monotonic() > deadline:
            raise StartError(f"replica {waiting[0].name} (port {waiting[0].port}) was not healthy after "
                             f"{START_TIMEOUT_S} s")
        time.sleep(0.25)


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM to the process group, then SIGKILL: streamlit and anything it started."""
    if process is None or process.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, STOP_WAIT_S), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


class Serve:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.replicas = [Replica(f"r{i}", args.port + i, replica_command(args.port + i, args.data, args.seeds))
                         for i in range(1, args.replicas + 1)]
        self.balancer: subprocess.Popen | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="ru-pa-serve-"))
        self.stopping = False
        self.supervising = False
        self.wrote_state = False

    def start(self) -> None:
        haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
        if haproxy is None:
            raise StartError("haproxy is not installed (`make serve` installs Debian's haproxy)")
        check_ports(self.args.port, self.args.replicas)
        how = validate(self.args.data, self.args.seeds)
        print(f"serve: data {how}; starting {len(self.replicas)} replica(s)", flush=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for replica in self.replicas:  # in parallel: each reads the snapshot just written
            replica.start(env)
        wait_healthy(self.replicas)
        backend = self.folder / "backend.cfg"
        backend.write_text(backend_section(self.replicas), encoding="utf-8")
        self.balancer = subprocess.Popen([haproxy, "-db", "-f", str(CONFIG), "-f", str(backend)], cwd=REPO,
                                         env={**env, "BIND": f"{self.args.address}:{self.args.port}"},
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        last: list[str] = [""]
        _relay(self.balancer, "lb", last)
        url = f"http://127.0.0.1:{self.args.port}"
        deadline = time.monotonic() + 15
        while not healthy(url):
            if self.balancer.poll() is not None or time.monotonic() > deadline:
                time.sleep(0.2)
                raise StartError(f"haproxy did not start on port {self.args.port}: {last[0] or 'no output'}")
            time.sleep(0.1)
        self.write_state()
        ports = ", ".join(str(r.port) for r in self.replicas)
        print(f"serve: http://{self.args.address}:{self.args.port} -> {len(self.replicas)} replica(s) on ports "
              f"{ports}; Ctrl-C stops all", flush=True)

    def write_state(self) -> None:
        state = {"port": self.args.port, "balancer_pid": self.balancer.pid if self.balancer else None,
                 "replicas": {r.name: {"port": r.port, "pid": r.process.pid if r.process else None}
                              for r in self.replicas}}
        path = state_file(self.args.port)
        path.write_text(json.dumps(state), encoding="utf-8")
        self.wrote_state = True

    def supervise(self) -> int:
        """Until stopped: restart a replica that died; stop everything if the balancer dies."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.supervising = True
        while not self.stopping:
            if self.balancer.poll() is not None:
                print(f"serve: haproxy exited with code {self.balancer.returncode}; stopping", flush=True)
                return 1
            for replica in self.replicas:
                code = replica.process.poll()
                if code is not None and not self.stopping:
                    replica.restarts += 1
                    print(f"serve: replica {replica.name} exited with code {code}; starting it again "
                          f"(restart {replica.restarts})", flush=True)
                    replica.start(env)
                    self.write_state()
            time.sleep(0.5)
        return 0

    def stop_all(self) -> None:
        self.stopping = True
        stop(self.balancer)
        for replica in self.replicas:
            stop(replica.process)
        if self.wrote_state:  # never the file of another `serve` on the same port
            with contextlib.suppress(OSError):
                state_file(self.args.port).unlink()
        shutil.rmtree(self.folder, ignore_errors=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", 2)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)))
    parser.add_argument("--address", default="127.0.0.1", help="where the balancer listens (replicas: loopback)")
    parser.add_argument("--data")
    parser.add_argument("--seeds")
    args = parser.parse_args(argv)
    if args.replicas < 1 or not 0 < args.port < 65536 - args.replicas:
        parser.error("REPLICAS must be 1 or more and PORT+REPLICAS a valid port")
    return args


def main(argv: list[str] | None = None) -> int:
    serve = Serve(parse_args(argv))

    def on_signal(signum, _frame):
        if serve.supervising:
            serve.stopping = True
        else:  # still starting: leave start() at once
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        serve.start()
        code = serve.supervise()
    except StartError as error:
        serve.stop_all()
        print(f"serve: {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:  # a signal during start, before the handler's flag is looked at
        code = 0
    finally:
        serve.stop_all()
    print("serve: stopped", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
