"""Simulated readers of the dashboard, each its own Streamlit session, at the WebSocket protocol.

    python benchmarks/users.py --url http://127.0.0.1:8080 --users 25 --seconds 60 [--ramp 10]
                               [--kill-replica-at 20] [--seed 1] [--json FILE]

Each reader does what the browser does (Streamlit's own protobuf messages over /_stcore/stream):
opens the root with a query string (a `rerun_script` BackMsg with query_string, empty widget
states and the default page), then every few seconds one action — change a filter (period,
actors, theme, tone: the widget's new value in `widget_states`, keyed by the widget id the
server sent in its element), open an event's passages (the event picker), visit Compare or
Sources (`page_script_hash` of that page, from the server's `new_session.app_pages`), download
the events CSV (the deferred download button: a `backend_operation_request` for its file id, then
an HTTP GET of the URL it returns) — and waits for the run's `script_finished` ForwardMsg.
Latency: from sending the request to `script_finished` (or to the downloaded bytes). An error: an
exception element, a run that does not finish in time, a closed connection, a failed download.
Like a browser, a reader keeps the balancer's affinity cookie and its page URL (the
`page_info_changed` query string) and, when its connection drops, reconnects through the balancer
and sends its next run with its URL and widget values.

`--kill-replica-at T` SIGKILLs, T seconds in, the replica (of `make serve` on that port, read from
its state file) that serves the most readers, then reports how many sessions were affected, the
time from the kill until each was served again (p95), whether each got its view (URL) back, the
actions that failed after recovery, and whether the balancer answered while the replica restarted.

Traffic goes to loopback only (any other URL is refused); every loop is bounded in time and count.
Last line: `users N: p95 X ms, errors E`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import ipaddress
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

MAX_USERS = 500
RUN_TIMEOUT_S = 30.0  # a run not finished by then is an error
RECONNECT_FOR_S = 60.0  # how long a reader keeps trying to reconnect
THINK_S = (2.0, 5.0)  # a reader's pause between actions
COOKIE = "SRV"
ROOT_QUERIES = ("", "actor=RUS&actor=PAN", "theme=sanctions", "actor=PAN&tone=tension", "period=post-2022")
FILTER_KEYS = {"period": "f_period", "actors": "f_actors", "theme": "f_themes", "tone": "f_tones"}
EVENT_PICKER, EVENTS_CSV = "event_pick", "-events-csv"


class RefusedURL(ValueError):
    pass


def loopback_url(url: str) -> tuple[str, int]:
    """(host, port) of an http URL on this machine; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise RefusedURL(f"{url!r}: only http://127.0.0.1:PORT (or localhost) URLs")
    host = parts.hostname
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise RefusedURL(f"{url!r} is not loopback: the load test only sends traffic to this machine")
    return host, parts.port or 80


# -- messages -------------------------------------------------------------------------------


def widget_state(widget_id: str, value) -> WidgetState:
    """A WidgetState as the frontend sends it: lists as string arrays (the options' labels),
    True/False as bool, None as no value, text as a string."""
    state = WidgetState(id=widget_id)
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, list | tuple):
        state.string_array_value.data.extend(value)
    elif isinstance(value, str):
        state.string_value = value
    elif value is not None:
        raise TypeError(f"no widget value of type {type(value).__name__}")
    return state


def rerun_message(query_string: str, page_script_hash: str = "", widgets: dict | None = None) -> BackMsg:
    """The BackMsg that runs the script: the page's URL query, its page and its widget values."""
    msg = BackMsg()
    client = msg.rerun_script
    client.query_string = query_string
    client.page_script_hash = page_script_hash
    client.widget_states.SetInParent()
    for widget_id, value in (widgets or {}).items():
        client.widget_states.widgets.append(widget_state(widget_id, value))
    client.context_info.timezone = "UTC"
    client.context_info.locale = "en-GB"
    return msg


def download_request(file_id: str, request_id: str, session_id: str) -> BackMsg:
    msg = BackMsg()
    msg.backend_operation_request.request_id = request_id
    msg.backend_operation_request.session_id = session_id
    msg.backend_operation_request.deferred_file.file_id = file_id
    return msg


def user_key(widget_id: str) -> str | None:
    """The key the app gave a widget, from its element id (`$$ID-<hash>-<key>`)."""
    key = widget_id.split("-", 2)[-1] if widget_id.startswith("$$ID-") else None
    return None if key == "None" else key


# -- what a reader sees -----------------------------------------------------------------------


@dataclass
class Widget:
    id: str
    kind: str
    options: list[str]
    file_id: str = ""


@dataclass
class View:
    """The reader's page as the server's messages built it: pages, widgets by key, URL, errors."""

    pages: dict[str, str] = field(default_factory=dict)  # url path ("" = default page) -> script hash
    widgets: dict[str, Widget] = field(default_factory=dict)
    query: str = ""
    page: str = ""
    session_id: str = ""
    exceptions: list[str] = field(default_factory=list)

    def take(self, msg: ForwardMsg) -> str | None:
        """Update from one ForwardMsg; its type."""
        kind = msg.WhichOneof("type")
        if kind in ("new_session", "navigation"):  # st.navigation sends the pages and the page shown
            pages = getattr(msg, kind).app_pages
            if pages:
                self.pages = {("" if p.is_default else p.url_pathname): p.page_script_hash for p in pages}
            self.page = getattr(msg, kind).page_script_hash
            if kind == "new_session" and msg.new_session.initialize.session_id:
                self.session_id = msg.new_session.initialize.session_id
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        return kind

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "exception":
            self.exceptions.append(f"{proto.type}: {proto.message}"[:200])
            return
        widget_id = getattr(proto, "id", "") if hasattr(proto, "id") else ""
        key = user_key(widget_id) if isinstance(widget_id, str) else None
        if not key:
            return
        if kind == "button_group":
            options = [o.content for o in proto.options]
        else:
            options = list(getattr(proto, "options", []))
        file_id = proto.deferred_file_id if kind == "download_button" else ""
        self.widgets[key] = Widget(widget_id, kind, options, file_id)


# -- latency bookkeeping ------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0..1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Book:
    """Latencies (s) and errors per action, and the sessions that failed."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    failed_sessions: dict[int, str] = field(default_factory=dict)

    def ok(self, action: str, seconds: float) -> None:
        self.latencies.setdefault(action, []).append(seconds)
        self.errors.setdefault(action, [])

    def error(self, action: str, why: str, session: int | None = None) -> None:
        self.errors.setdefault(action, []).append(why)
        self.latencies.setdefault(action, [])
        if session is not None:
            self.failed_sessions.setdefault(session, f"{action}: {why}")

    def rows(self) -> list[dict]:
        rows = []
        for action in sorted(self.latencies):
            done, errs = self.latencies[action], self.errors[action]
            rows.append({"action": action, "count": len(done) + len(errs), "errors": len(errs),
                         "p50_ms": percentile(done, 0.5) * 1000, "p95_ms": percentile(done, 0.95) * 1000,
                         "max_ms": max(done, default=math.nan) * 1000})
        return rows

    def total(self) -> dict:
        done = [s for values in self.latencies.values() for s in values]
        return {"count": len(done) + sum(map(len, self.errors.values())),
                "errors": sum(map(len, self.errors.values())), "p95_ms": percentile(done, 0.95) * 1000,
                "p50_ms": percentile(done, 0.5) * 1000}


# -- one reader ---------------------------------------------------------------------------------


class Lost(Exception):
    """The connection to the server went away."""


class Reader:
    def __init__(self, number: int, base: str, book: Book, rng: random.Random, deadline: float):
        self.number, self.base, self.book, self.rng, self.deadline = number, base, book, rng, deadline
        self.cookie = ""
        self.view = View()
        self.values: dict[str, object] = {}  # widget id -> the value this reader chose
        self.ws = None
        self.lost_at: float | None = None  # when its connection dropped (monotonic)
        self.recovered_at: float | None = None
        self.view_restored: bool | None = None
        self.failed_after_recovery = 0
        self.lost_in_flight = 0
        self.pending: dict[str, asyncio.Future] = {}

    # connection
    async def open_socket(self) -> None:
        host = urlsplit(self.base).netloc
        headers = {"Origin": self.base, **({"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {})}
        self.ws = await connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                additional_headers=headers, max_size=None, open_timeout=10, ping_interval=None)
        for value in self.ws.response.headers.get_all("Set-Cookie"):
            name, _, rest = value.partition("=")
            if name.strip() == COOKIE:
                self.cookie = rest.split(";", 1)[0]

    async def run_script(self, query: str, page: str = "", changes: dict | None = None) -> float:
        """Send a rerun; wait for its script_finished; the seconds it took. Raises on an error."""
        self.values.update(changes or {})
        self.view.exceptions.clear()
        self.view.widgets.clear()  # each run sends the page's elements again (file ids change)
        started = time.monotonic()
        await self.send(rerun_message(query, page, self.values))
        while True:
            msg = await self.receive(started)
            if msg.WhichOneof("type") == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                if status != "FINISHED_SUCCESSFULLY":
                    raise RuntimeError(status)
                if self.view.exceptions:
                    raise RuntimeError(self.view.exceptions[0])
                return time.monotonic() - started

    async def send(self, msg: BackMsg) -> None:
        try:
            await self.ws.send(msg.SerializeToString())
        except (WebSocketException, OSError) as error:
            raise Lost(str(error)) from error

    async def receive(self, started: float) -> ForwardMsg:
        left = started + RUN_TIMEOUT_S - time.monotonic()
        try:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=max(left, 0.01))
        except TimeoutError:
            raise RuntimeError(f"no script_finished after {RUN_TIMEOUT_S:.0f} s") from None
        except (WebSocketException, OSError) as error:
            raise Lost(str(error)) from error
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        self.view.take(msg)
        return msg

    # actions
    def choose(self) -> tuple[str, dict, str, str]:
        """(action name, widget changes, page path, query) of the next thing this reader does."""
        page_is_home = self.view.page == self.view.pages.get("")
        roll = self.rng.random()
        if not page_is_home or roll < 0.15:
            target = "" if not page_is_home else self.rng.choice(["compare", "sources"])
            return (f"visit {target or 'timeline'}", {}, target, self.view.query)
        if roll < 0.3 and self.view.widgets.get(EVENT_PICKER, Widget("", "", [])).options[1:]:
            picker = self.view.widgets[EVENT_PICKER]
            return "open event", {picker.id: self.rng.choice(picker.options[1:])}, "", self.view.query
        if roll < 0.4 and any(k.endswith(EVENTS_CSV) for k in self.view.widgets):  # none on an empty result
            return "download csv", {}, "", self.view.query
        name = self.rng.choice(list(FILTER_KEYS))
        widget = self.view.widgets.get(FILTER_KEYS[name])
        if widget is None or not widget.options:
            return "visit timeline", {}, "", self.view.query
        if widget.kind == "selectbox":
            value = self.rng.choice(widget.options)
        else:
            value = self.rng.sample(widget.options, k=min(len(widget.options), self.rng.choice([0, 1, 1, 1, 2])))
        return f"filter {name}", {widget.id: value}, "", self.view.query

    async def download(self) -> float:
        button = next((w for k, w in self.view.widgets.items() if k.endswith(EVENTS_CSV) and w.file_id), None)
        if button is None:
            raise RuntimeError("no events CSV button on the page")
        started, request_id = time.monotonic(), uuid.uuid4().hex
        await self.send(download_request(button.file_id, request_id, self.view.session_id))
        while True:
            msg = await self.receive(started)
            if msg.WhichOneof("type") == "backend_operation_response":
                response = msg.backend_operation_response
                if response.request_id == request_id:
                    break
        if response.error_msg or not response.deferred_file.url:
            raise RuntimeError(f"download refused: {response.error_msg or 'no url'}")
        status, size = await asyncio.to_thread(self.http_get, response.deferred_file.url)
        if status != 200 or size == 0:
            raise RuntimeError(f"download: HTTP {status}, {size} bytes")
        return time.monotonic() - started

    def http_get(self, path: str) -> tuple[int, int]:
        host, port = loopback_url(self.base)
        conn = http.client.HTTPConnection(host, port, timeout=RUN_TIMEOUT_S)
        try:
            conn.request("GET", path, headers={"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {})
            response = conn.getresponse()
            return response.status, len(response.read())
        finally:
            conn.close()

    async def act(self, action: str, changes: dict, page: str, query: str) -> None:
        try:
            if action == "download csv":
                seconds = await self.download()
            else:
                seconds = await self.run_script(query, self.view.pages.get(page, ""), changes)
        except Lost:
            raise
        except Exception as error:  # an error of this action; the reader goes on
            self.book.error(action, str(error)[:200], self.number)
            if self.recovered_at is not None:
                self.failed_after_recovery += 1
            return
        finally:  # the picker's options follow the filters: the browser sends its value once
            picker = self.view.widgets.get(EVENT_PICKER)
            self.values.pop(picker.id if picker else "", None)
        self.book.ok(action, seconds)

    async def think(self, seconds: float) -> bool:
        """Pause; True as soon as the connection closes (the browser's close event)."""
        try:
            await asyncio.wait_for(asyncio.shield(self.ws.wait_closed()), timeout=seconds)
        except TimeoutError:
            return False
        return True

    async def recover(self) -> None:
        """Reconnect through the balancer (bounded) and get the view back with one run of the
        page's URL and widget values, like a reconnected browser's next run."""
        self.lost_at = self.lost_at or time.monotonic()
        before = self.view.query
        give_up = time.monotonic() + RECONNECT_FOR_S
        while time.monotonic() < give_up:
            with contextlib.suppress(Exception):
                await self.open_socket()
                await self.run_script(before, self.view.page)
                self.recovered_at = time.monotonic()
                self.view_restored = self.view.query == before
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"not served again within {RECONNECT_FOR_S:.0f} s")

    async def live(self) -> None:
        try:
            await self.open_socket()
            self.view.query = self.rng.choice(ROOT_QUERIES)
            await self.act("open root", {}, "", self.view.query)
            for _ in range(10_000):  # bounded: the deadline ends it long before
                if time.monotonic() + THINK_S[1] > self.deadline:
                    break
                if await self.think(self.rng.uniform(*THINK_S)):
                    await self.recover()  # dropped while the reader was reading, as a browser sees it
                    continue
                kept = dict(self.values)
                try:
                    await self.act(*self.choose())
                except Lost:  # dropped in flight: that click never reached a server
                    self.values, self.lost_in_flight = kept, self.lost_in_flight + 1
                    await self.recover()
        except Exception as error:
            self.book.error("session", str(error)[:200], self.number)
        finally:
            if self.ws is not None:
                with contextlib.suppress(Exception):
                    await self.ws.close()


# -- killing a replica --------------------------------------------------------------------------


def serve_state(port: int) -> dict:
    path = Path(tempfile.gettempdir()) / f"ru-pa-serve-{os.getuid()}-{port}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SystemExit(f"--kill-replica-at: no `make serve` state for port {port} ({path})") from None


def is_replica(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"streamlit" in command and b"dashboard/app.py" in command


def healthy(base: str) -> bool:
    host, port = loopback_url(base)
    conn = http.client.HTTPConnection(host, port, timeout=2)
    try:
        conn.request("GET", "/_stcore/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


async def kill_replica(base: str, readers: list[Reader], at: float, report: dict) -> None:
    """At `at` s: SIGKILL the replica most readers are on; then watch the balancer's health and the
    replica's own until it is back (bounded)."""
    await asyncio.sleep(at)
    state = serve_state(loopback_url(base)[1])
    counts = {name: sum(r.cookie == name for r in readers) for name in state["replicas"]}
    name = max(counts, key=counts.get)
    pid = state["replicas"][name]["pid"]
    if not is_replica(pid):
        raise SystemExit(f"--kill-replica-at: pid {pid} of {name} is not a replica of the app")
    report.update(replica=name, readers_on_it=counts[name], killed_at=time.monotonic())
    os.killpg(pid, signal.SIGKILL)
    replica_url = f"http://127.0.0.1:{state['replicas'][name]['port']}"
    answered = asked = 0
    for _ in range(240):  # at most 120 s
        asked += 1
        answered += await asyncio.to_thread(healthy, base)
        if await asyncio.to_thread(healthy, replica_url):
            report["replica_back_s"] = time.monotonic() - report["killed_at"]
            break
        await asyncio.sleep(0.5)
    report["balancer_health"] = (answered, asked)


# -- the run ------------------------------------------------------------------------------------


async def simulate(base: str, users: int, seconds: float, ramp: float, seed: int, kill_at: float | None):
    book, report = Book(), {}
    start = time.monotonic()
    deadline = start + seconds
    readers = [Reader(i, base, book, random.Random(seed * 10_007 + i), deadline)  # noqa: S311 (not secrets)
               for i in range(users)]

    async def staggered(reader: Reader) -> None:
        await asyncio.sleep(ramp * reader.number / max(users, 1))
        await reader.live()

    tasks = [asyncio.create_task(staggered(r)) for r in readers]
    killer = asyncio.create_task(kill_replica(base, readers, kill_at, report)) if kill_at is not None else None
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + ramp + RUN_TIMEOUT_S + RECONNECT_FOR_S)
    if killer is not None:
        await asyncio.wait_for(killer, timeout=RUN_TIMEOUT_S + 120)
    return book, readers, report, time.monotonic() - start


def failover_summary(readers: list[Reader], report: dict) -> dict:
    affected = [r for r in readers if r.lost_at is not None]
    served = [r.recovered_at - report["killed_at"] for r in affected if r.recovered_at is not None]
    return {"replica": report.get("replica"), "readers_on_it": report.get("readers_on_it"),
            "affected": len(affected), "served_again": len(served),
            "served_again_p95_s": percentile(served, 0.95), "served_again_max_s": max(served, default=math.nan),
            "view_restored": sum(bool(r.view_restored) for r in affected),
            "failed_after_recovery": sum(r.failed_after_recovery for r in affected),
            "lost_in_flight": sum(r.lost_in_flight for r in affected),
            "replica_back_s": report.get("replica_back_s"), "balancer_health": report.get("balancer_health")}


def print_report(users: int, book: Book, elapsed: float, failover: dict | None) -> None:
    print(f"{'action':<16} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for row in book.rows():
        print(f"{row['action']:<16} {row['count']:>6} {row['errors']:>6} {row['p50_ms']:>8.0f} "
              f"{row['p95_ms']:>8.0f} {row['max_ms']:>8.0f}")
    for number, why in sorted(book.failed_sessions.items())[:20]:
        print(f"failed session {number}: {why}")
    print(f"sessions failed: {len(book.failed_sessions)} of {users}; {elapsed:.0f} s")
    if failover:
        answered, asked = failover["balancer_health"] or (0, 0)
        print(f"fail-over: killed {failover['replica']} ({failover['readers_on_it']} readers on it); "
              f"sessions affected {failover['affected']}, served again {failover['served_again']} "
              f"(p95 {failover['served_again_p95_s']:.1f} s after the kill, max {failover['served_again_max_s']:.1f} s), "
              f"view restored {failover['view_restored']}, clicks lost in flight {failover['lost_in_flight']}, "
              f"actions failed after recovery {failover['failed_after_recovery']}; balancer health 200 on {answered} of {asked} probes while "
              f"the replica restarted (back after {failover['replica_back_s'] or math.nan:.1f} s)")
    total = book.total()
    print(f"users {users}: p95 {total['p95_ms']:.0f} ms, errors {total['errors']}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=None, help="seconds over which readers arrive (default: users/5)")
    parser.add_argument("--kill-replica-at", type=float, default=None, metavar="T")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS or not 1 <= args.seconds <= 3600:
        parser.error(f"--users 1..{MAX_USERS} and --seconds 1..3600")
    try:
        loopback_url(args.url)
    except RefusedURL as error:
        parser.error(str(error))
    args.url = args.url.rstrip("/")
    args.ramp = args.users / 5 if args.ramp is None else args.ramp
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    book, readers, report, elapsed = asyncio.run(
        simulate(args.url, args.users, args.seconds, args.ramp, args.seed, args.kill_replica_at))
    failover = failover_summary(readers, report) if report else None
    print_report(args.users, book, elapsed, failover)
    if args.json:
        Path(args.json).write_text(json.dumps({"users": args.users, "rows": book.rows(), "total": book.total(),
                                               "failed_sessions": len(book.failed_sessions),
                                               "failover": failover}, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
