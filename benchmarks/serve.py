"""How many readers one machine holds: `make serve` with 1 and 2 replicas, rising numbers of
simulated readers (benchmarks/users.py), and a replica killed mid-test.

    python benchmarks/serve.py [--replicas 1,2] [--users 10,25,50,75,100] [--seconds 30] [--no-failover]

For each replica count it starts `deploy/serve.py` on free loopback ports (its own snapshot
folder), runs the simulator for each N in turn (stopping once p95 passes 3 s past the 50 users
every row reports), and prints a table: the largest N whose p95 stays at or below 1 s with 0
errors (every smaller N too), the p95 at 10, 25 and 50 users, and each p95 as a ratio to the
baseline measured first in the same run (1 reader on 1 replica). While a load runs it samples the
replicas' CPU (cores used: all replicas, and the busiest one, which one interpreter's GIL caps at
1.0) and their memory (RSS; per session: the growth over the idle replicas divided by N). Then,
with the largest replica count, a fail-over run: `--kill-replica-at` a third of the way in.
Before the baseline, 2 real chromium pages click Tone pills while 2 simulated readers run: their
click → run finished next to the simulator's filter changes (what the simulator measures, seen by
a browser). The machine is shared: the load average is printed at the start and the end; read the
ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "deploy"))
import serve  # noqa: E402 (deploy/ is not a package)

HELD_P95_MS = 1000
GIVE_UP_P95_MS = 3000
REPORTED = (10, 25, 50)
TICK = os.sysconf("SC_CLK_TCK")


def free_block(count: int) -> int:
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + count < 65536 and all(serve.port_free(port + i) for i in range(count)):
            return port
    raise SystemExit("no block of free loopback ports")


def load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class Sampler:
    """CPU and memory of the replicas, sampled every second while a load runs."""

    def __init__(self, pids: list[int]):
        self.pids, self.stop = pids, threading.Event()
        self.rss_peak = 0.0
        self.cpu_start = {pid: cpu_seconds(pid) for pid in pids}
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.rss_peak = max(self.rss_peak, sum(rss_mb(pid) for pid in self.pids))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join()
        wall = time.monotonic() - self.started
        used = [(cpu_seconds(pid) - self.cpu_start[pid]) / wall for pid in self.pids]
        self.cores, self.busiest = sum(used), max(used, default=0.0)


class Served:
    """`deploy/serve.py` with N replicas, started and stopped as one process group."""

    def __init__(self, replicas: int, cache: Path):
        self.port = free_block(replicas + 1)
        self.log = tempfile.NamedTemporaryFile(prefix="serve-bench-", suffix=".log", delete=False)
        env = {**os.environ, "DASHBOARD_CACHE": str(cache)}
        self.process = subprocess.Popen([sys.executable, "deploy/serve.py", "--replicas", str(replicas), "--port",
                                         str(self.port)], cwd=REPO, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180
        while not (serve.state_file(self.port).exists() and serve.healthy(self.url)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise SystemExit(f"serve did not start; see {self.log.name}")
            time.sleep(0.3)
        # not measured: each replica's first session imports pandas and plotly and builds the first views
        run_users(self.url, 2 * replicas, 8, ["--ramp", "0"])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def replica_pids(self) -> list[int]:
        state = json.loads(serve.state_file(self.port).read_text())
        return [r["pid"] for r in state["replicas"].values()]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def run_users(url: str, users: int, seconds: float, extra: list[str] = ()) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "users.py"), "--url", url, "--users",
                               str(users), "--seconds", str(seconds), "--json", out.name, *extra],
                              capture_output=True, text=True, timeout=seconds + users + 300)
        if done.returncode != 0:
            raise SystemExit(f"users.py failed:\n{done.stderr[-2000:]}")
        result = json.loads(Path(out.name).read_text())
    result["output"] = done.stdout
    return result


_SCRIPT_STATE_JS = """() => {
  window.__runs = [];
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__runs.push([app.dataset.testScriptState, performance.now()]);
  }).observe(document.documentElement, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def browser_check(url: str, pages: int = 2, clicks: int = 6) -> list[float]:
    """Seconds from a Tone click to the end of the run it causes (the app's script state back to
    'notRunning'), in real chromium pages through the balancer: what the simulator's `filter
    tone` measures, seen by a browser."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox",
                                             "--disable-gpu"])  # fmt: skip
        try:
            opened = []
            for _ in range(pages):
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.goto(f"{url}/?actor=RUS")
                page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=120_000)
                page.evaluate(_SCRIPT_STATE_JS)
                opened.append(page)
            for n in range(clicks):
                for page in opened:
                    page.evaluate("() => { window.__runs = []; }")
                    started = page.evaluate("() => performance.now()")
                    sidebar = page.locator('[data-testid="stSidebar"]')
                    sidebar.get_by_role("button", name=["tension", "neutral"][n % 2], exact=True).click()
                    page.wait_for_function("() => window.__runs.some(r => r[0] === 'running') && "
                                           "window.__runs.at(-1)[0] === 'notRunning'", timeout=60_000, polling=20)
                    times.append((page.evaluate("() => window.__runs.at(-1)[1]") - started) / 1000)
                    time.sleep(1)
        finally:
            browser.close()
    return times


def check_against_browser(url: str, seconds: float) -> str:
    """The browser's click → run finished next to the simulator's `filter tone`, measured at the
    same time on the same replicas."""
    import statistics

    holder: dict = {}
    simulated = threading.Thread(target=lambda: holder.update(run_users(url, 2, seconds)), daemon=True)
    simulated.start()
    seen = browser_check(url)
    simulated.join()
    filters = [r for r in holder["rows"] if r["action"].startswith("filter") and r["count"] > r["errors"]]
    browser_ms = statistics.median(seen) * 1000
    if not filters:
        return f"browser check: tone click -> run finished, median {browser_ms:.0f} ms in 2 browsers (no simulated filter ran)"
    runs = sum(r["count"] for r in filters)
    simulated_ms = sum(r["p50_ms"] * r["count"] for r in filters) / runs
    return (f"browser check: tone click -> run finished, median {browser_ms:.0f} ms in 2 browsers ({len(seen)} clicks); "
            f"2 simulated readers at the same time: filter changes p50 {simulated_ms:.0f} ms ({runs} runs); "
            f"ratio browser/simulator {browser_ms / simulated_ms:.2f}")


def measure(served: Served, users: int, seconds: float) -> dict:
    pids = served.replica_pids()
    idle = sum(rss_mb(pid) for pid in pids)
    with Sampler(pids) as sampler:
        result = run_users(served.url, users, seconds)
    total = result["total"]
    row = {"users": users, "p95_ms": total["p95_ms"], "p50_ms": total["p50_ms"], "errors": total["errors"],
           "failed_sessions": result["failed_sessions"], "cores": sampler.cores, "busiest": sampler.busiest,
           "rss_mb": sampler.rss_peak, "mb_per_session": max(sampler.rss_peak - idle, 0) / users}
    print(f"  {users:>4} users: p95 {row['p95_ms']:>6.0f} ms (p50 {row['p50_ms']:.0f}), errors {row['errors']}, "
          f"CPU {row['cores']:.2f} cores (busiest replica {row['busiest']:.2f}), RSS {row['rss_mb']:.0f} MB "
          f"(+{row['mb_per_session']:.1f} MB a session); load {load_average()}", flush=True)
    return row


def held(rows: list[dict]) -> int:
    """The largest N such that it and every smaller N measured kept p95 ≤ 1 s with 0 errors."""
    best = 0
    for row in sorted(rows, key=lambda r: r["users"]):
        if row["p95_ms"] > HELD_P95_MS or row["errors"]:
            break
        best = row["users"]
    return best


def table(results: dict[int, list[dict]], baseline_ms: float) -> str:
    head = "| replicas | users held (p95 ≤ 1 s, 0 errors) | " + " | ".join(f"p95 at {n} users" for n in REPORTED)
    lines = [head + " | CPU at 50 (cores; busiest replica) | RSS per session |",
             "|---:|---:|" + "---:|" * len(REPORTED) + "---:|---:|"]
    for replicas, rows in results.items():
        by_n = {r["users"]: r for r in rows}
        cells = []
        for n in REPORTED:
            r = by_n.get(n)
            cells.append("—" if r is None else f"{r['p95_ms']:.0f} ms ({r['p95_ms'] / baseline_ms:.1f}×)"
                         + (f", {r['errors']} errors" if r["errors"] else ""))
        at50 = by_n.get(50) or rows[-1]
        per_session = sorted(r["mb_per_session"] for r in rows if r["users"] >= 25)
        mem = f"{per_session[len(per_session) // 2]:.1f} MB" if per_session else "—"
        lines.append(f"| {replicas} | {held(rows)} | " + " | ".join(cells)
                     + f" | {at50['cores']:.2f}; {at50['busiest']:.2f} | {mem} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", default="1,2")
    parser.add_argument("--users", default="10,25,50,75,100")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-failover", action="store_true")
    parser.add_argument("--no-browser", action="store_true", help="skip the check against real chromium pages")
    args = parser.parse_args(argv)
    counts = [int(v) for v in args.replicas.split(",")]
    steps = sorted(int(v) for v in args.users.split(","))
    print(f"load average at start: {load_average()} ({os.cpu_count()} cores)", flush=True)
    results: dict[int, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="serve-bench-cache-") as cache:
        baseline_ms = None
        failover_line = check_line = None
        for replicas in counts:
            served = Served(replicas, Path(cache))
            try:
                print(f"{replicas} replica(s) on {served.url}", flush=True)
                if baseline_ms is None:
                    baseline_ms = measure(served, 1, args.seconds)["p95_ms"]
                    if not args.no_browser:
                        check_line = check_against_browser(served.url, args.seconds)
                        print(f"  {check_line}", flush=True)
                rows = results[replicas] = []
                for users in steps:
                    rows.append(measure(served, users, args.seconds))
                    if users >= max(REPORTED) and rows[-1]["p95_ms"] > GIVE_UP_P95_MS:
                        break
                if replicas == max(counts) and replicas > 1 and not args.no_failover:
                    n = min(25, steps[-1])
                    result = run_users(served.url, n, args.seconds * 1.5,
                                       ["--kill-replica-at", str(args.seconds / 2)])
                    failover_line = next(line for line in result["output"].splitlines() if line.startswith("fail-over"))
                    print(f"  {n} users, " + failover_line, flush=True)
            finally:
                served.close()
    print(f"\nbaseline: 1 reader on 1 replica, p95 {baseline_ms:.0f} ms; ratios below are to it\n")
    print(table(results, baseline_ms))
    for line in (failover_line, check_line):
        if line:
            print(f"\n{line}")
    print(f"\nload average at end: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
