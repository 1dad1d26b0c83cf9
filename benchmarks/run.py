"""Performance at scale: the dashboard on the real data and on 1,000 / 10,000 / 100,000 synthetic
events, against a bare one-chart Streamlit page (benchmarks/minimal_app.py) measured in the same run.

    python benchmarks/run.py [--sizes curated,1000,10000,100000] [--quick]
    python benchmarks/run.py --sizes curated --skip apptest,first-start,sessions --repeat 3

(the second: only filter → chart in the browser, three times with fresh servers, each run's ratio
to the minimal page of the same run printed, for comparing a change on a shared machine)

Per size it measures
- load + validate: `load.load` in a fresh interpreter (seconds; ratio to the curated data);
- load from snapshot: the same tree read back from its validated snapshot (core.snapshot), as
  every start after the first does;
- filter: `filters.apply` with the busiest actor pair + its commonest theme (median of 20);
- figure: the timeline's page-level `chart_timeline` on all events, the home page's first view;
- AppTest rerun: dashboard/app.py under streamlit.testing, after a change of the Tone pills to a
  view not built before (see TONES);
- browser update: headless Chromium, from the click on a Tone pill to the timeline drawn with the
  new data (detected in the page when the chart's data object changes): the median of the first
  five clicks (new views) and of the ten after (views seen before: the app's shared cache);
- first start: from starting `streamlit run` to the first `.js-plotly-plot` in the page, with an
  empty snapshot folder (the data is validated, then snapshotted);
- cold start: the same, for the next start (the data comes from its snapshot);
- server memory: RSS of the streamlit process (/proc) with 1 and with N sessions open;
- interactions on the Timeline (a fresh server, side by side with the minimal page in one run):
  a Tone pill click until *both* charts are redrawn, and an event chosen in "Show the passages of
  an event" until its passages are shown; both as ratios to the minimal page's filter change.
The minimal page gets the same measures (its filter is a mask on its frame, its figure a
px.line); Streamlit and browser figures are printed as ratios to it, in-process ones as
ratios to the curated size. The machine is shared: compare ratios, not seconds, between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import minimal_app, synth  # noqa: E402
from benchmarks.load import time_load  # noqa: E402
from dashboard.core import load, paths, snapshot  # noqa: E402
from dashboard.core.charts.timeline import CHARTS  # noqa: E402
from dashboard.core.filters import Filters, apply  # noqa: E402

APP, MINIMAL = REPO / "dashboard" / "app.py", REPO / "benchmarks" / "minimal_app.py"
STREAMLIT = Path(sys.executable).parent / "streamlit"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
CHART = ".js-plotly-plot"
MB = 1024 * 1024


@dataclass
class Settings:
    filter_runs: int = 20
    figure_runs: int = 5
    apptest_runs: int = 5  # all new views (see TONES)
    browser_changes: int = 15  # 5 new views, then 10 seen before (see TONES)
    sessions: int = 10
    timeout_s: float = 1200.0


@dataclass
class Row:
    """One size's figures (seconds, bytes) and the minimal page's figures measured beside them."""

    name: str
    events: int = 0
    app: dict = field(default_factory=dict)
    minimal: dict = field(default_factory=dict)


def median(values) -> float:
    return statistics.median(values)


# -- Data -------------------------------------------------------------------------------------


def data_for(size: str, root: Path) -> paths.DataPaths:
    return paths.resolve() if size == "curated" else synth.ensure(int(size), root)


def typical_filters(dataset: load.Dataset) -> Filters:
    """The busiest actor pair and the commonest theme among its events: a realistic narrow view."""
    pairs = dataset.event_actors.merge(dataset.event_actors, on="event_id")
    pairs = pairs[pairs["actor_id_x"] < pairs["actor_id_y"]]
    top = pairs.groupby(["actor_id_x", "actor_id_y"]).size().idxmax()
    pair_events = set(pairs.loc[(pairs["actor_id_x"] == top[0]) & (pairs["actor_id_y"] == top[1]), "event_id"])
    themes = dataset.event_themes[dataset.event_themes["event_id"].isin(pair_events)]
    return Filters(actors=tuple(top), themes=(themes["theme_id"].value_counts().index[0],))


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def in_process(row: Row, data_paths: paths.DataPaths, settings: Settings, snapshots: Path) -> None:
    """Load + validate and load from a snapshot (each in a fresh interpreter), filter and figure build."""
    loaded = time_load(data_paths)
    row.events, row.app["load"] = loaded["events"], loaded["wall"]
    dataset, how = snapshot.load_dataset(data_paths, snapshots)
    assert how == "validated", how
    dataset = dataset.dataset
    row.app["snapshot"] = time_load(data_paths, snapshots)["wall"]
    filters = typical_filters(dataset)
    row.app["filter"] = timed(lambda: apply(filters, dataset), settings.filter_runs)
    row.app["figure"] = timed(lambda: CHARTS["timeline"](dataset, Filters()), settings.figure_runs)
    frame = minimal_app.frame()
    row.minimal["filter"] = timed(lambda: minimal_app.filtered(frame, "beta"), settings.filter_runs)
    row.minimal["figure"] = timed(lambda: minimal_app.figure(frame, "beta"), settings.figure_runs)


# -- AppTest ----------------------------------------------------------------------------------


@contextlib.contextmanager
def data_env(data_paths: paths.DataPaths | None, snapshots: Path | None = None):
    """DASHBOARD_DATA/SEEDS (and the snapshot folder) for the app, and an argv without our own
    flags (the app reads --data)."""
    saved_env, saved_argv = dict(os.environ), sys.argv
    if data_paths:
        os.environ.update(DASHBOARD_DATA=str(data_paths.data), DASHBOARD_SEEDS=str(data_paths.seeds))
    os.environ["DASHBOARD_CACHE"] = str(snapshots) if snapshots else "off"
    sys.argv = [sys.argv[0]]
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        sys.argv = saved_argv


def apptest_rerun(app: Path, change, runs: int, timeout_s: float) -> float:
    """Median seconds of a rerun after a widget change (the first run, which loads, is not counted)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app), default_timeout=timeout_s)
    at.run()
    times = []
    for i in range(runs):
        change(at, i)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"{app.name}: {at.exception[0].message}")
    return median(times)


#: The Tone pills clicked in turn: tension, neutral, cooperation on, then off again. The first
#: five states are views not shown before; the sixth (no tone chosen) is the page's first view,
#: and from then on they repeat: views seen before, which the app serves from its shared cache.
TONES = ("tension", "neutral", "cooperation")
NEW_VIEWS = 2 * len(TONES) - 1


def tone_state(i: int) -> list[str]:
    """The selected tones after click i (0-based) of the cycle above."""
    step = i % (2 * len(TONES))
    return list(TONES[: step + 1]) if step < len(TONES) else list(TONES[step - len(TONES) + 1:])


def toggle_tone(at, i: int) -> None:
    at.pills(key="f_tones").set_value(tone_state(i))


def next_series(at, i: int) -> None:
    at.selectbox(key="series").set_value(minimal_app.SERIES[(i + 1) % len(minimal_app.SERIES)])


def apptests(row: Row, data_paths: paths.DataPaths, settings: Settings, snapshots: Path) -> None:
    with data_env(data_paths, snapshots):
        row.app["apptest"] = apptest_rerun(APP, toggle_tone, settings.apptest_runs, settings.timeout_s)
    with data_env(None):
        row.minimal["apptest"] = apptest_rerun(MINIMAL, next_series, settings.apptest_runs, settings.timeout_s)


# -- Browser and server -----------------------------------------------------------------------


def free_port() -> int:
    """A free port: the first free one of $BENCH_PORTS ("8650-8659") when set, else any."""
    low, _, high = os.environ.get("BENCH_PORTS", "").partition("-")
    for port in range(int(low), int(high or low) + 1) if low else ():
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port))
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run` of one app on a free port; started and stopped by us only."""

    def __init__(self, app: Path, data_paths: paths.DataPaths | None, snapshots: Path | None = None):
        self.port = free_port()
        env = dict(os.environ)
        if data_paths:
            env.update(DASHBOARD_DATA=str(data_paths.data), DASHBOARD_SEEDS=str(data_paths.seeds))
        env["DASHBOARD_CACHE"] = str(snapshots) if snapshots else "off"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(STREAMLIT), "run", str(app), "--server.headless", "true", "--server.port", str(self.port),
             "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}/"

    def wait_healthy(self, timeout_s: float) -> None:
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:  # noqa: S310 - http on 127.0.0.1
                    if response.status == 200:
                        return
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            time.sleep(0.05)
        raise TimeoutError("streamlit did not start")

    def rss(self) -> int:
        """Resident memory of the server process, in bytes (VmRSS from /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Installed before each change: resolves with the milliseconds from the last pointerdown (the click
# on the widget) to the first animation frame after the chart's data object was replaced.
WATCH_JS = """() => {
  window.__benchT0 = null;
  if (!window.__benchListening) {
    document.addEventListener('pointerdown', () => { window.__benchT0 = performance.now(); }, {capture: true});
    window.__benchListening = true;
  }
  const before = document.querySelector('%s'), data = before && before.data;
  window.__benchDone = new Promise(resolve => {
    const tick = () => {
      const now = document.querySelector('%s');
      if (window.__benchT0 !== null && now && now._fullLayout && (now !== before || now.data !== data)) {
        requestAnimationFrame(() => resolve(performance.now() - window.__benchT0));
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}""" % (CHART, CHART)  # noqa: UP031 - braces of JavaScript


# Like WATCH_JS, for every chart of the page: resolves when each of them was redrawn with new data.
WATCH_ALL_JS = """() => {
  window.__benchT0 = null;
  const before = [...document.querySelectorAll('%s')].map(gd => [gd, gd.data]);
  window.__benchDone = new Promise(resolve => {
    const tick = () => {
      const now = [...document.querySelectorAll('%s')];
      const fresh = now.length >= before.length && now.every((gd, i) => gd._fullLayout
        && (!before[i] || gd !== before[i][0] || gd.data !== before[i][1]));
      if (window.__benchT0 !== null && fresh) {
        requestAnimationFrame(() => resolve(performance.now() - window.__benchT0));
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}""" % (CHART, CHART)  # noqa: UP031 - braces of JavaScript

# Resolves when the passage panel shows the chosen event's title (an h3 of the main area) and its
# passages, timed from the last pointerdown (the click on the event's option).
WATCH_PANEL_JS = """([title]) => {
  window.__benchT0 = null;
  window.__benchDone = new Promise(resolve => {
    const tick = () => {
      const heads = [...document.querySelectorAll('[data-testid="stMain"] h3')];
      const shown = heads.some(h => h.textContent.trim() === title)
        && [...document.querySelectorAll('[data-testid="stMain"] strong')].some(b => /source passages?$/.test(b.textContent));
      if (window.__benchT0 !== null && shown) {
        requestAnimationFrame(() => resolve(performance.now() - window.__benchT0));
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}"""
PICKER = "Show the passages of an event"


def choose_event(page, i: int) -> str:
    """Pick the (i+1)-th event of the Timeline's event picker; returns its title."""
    box = page.get_by_role("combobox", name=PICKER)
    box.scroll_into_view_if_needed()
    box.click()
    box.press("ArrowDown")
    option = page.get_by_role("option").nth(i + 1)
    label = option.inner_text().split(" — ", 1)[-1].strip()
    page.evaluate(WATCH_PANEL_JS, [label])
    option.click()
    return label


def timeline_interactions(browser, data_paths, settings: Settings, snapshots: Path | None) -> dict:
    """On the Timeline (a fresh server): a sidebar filter change until both charts are redrawn,
    and an event chosen in the picker until its passages are shown (medians, seconds)."""
    server = Server(APP, data_paths, snapshots)
    try:
        server.wait_healthy(settings.timeout_s)
        page = open_session(browser, server.url, settings.timeout_s)
        page.evaluate(WATCH_JS)  # installs the pointerdown listener
        both, chosen = [], []
        for i in range(settings.browser_changes):
            page.evaluate(WATCH_ALL_JS)
            click_tone(page, i)
            page.wait_for_function("window.__benchDone !== undefined", timeout=settings.timeout_s * 1000)
            both.append(page.evaluate("window.__benchDone") / 1000)
            page.wait_for_timeout(300)
        for i in range(settings.browser_changes):
            choose_event(page, i)
            chosen.append(page.evaluate("window.__benchDone") / 1000)
            page.wait_for_timeout(300)
        page.close()
    finally:
        server.stop()
    return {"both_charts": median(both), "event_passages": median(chosen)}


def click_tone(page, i: int) -> None:
    page.locator('[data-testid="stSidebar"] button', has_text=TONES[i % len(TONES)]).click()


def pick_series(page, i: int) -> None:
    page.locator('[data-testid="stSelectbox"]').click()
    name = minimal_app.SERIES[(i + 1) % len(minimal_app.SERIES)]
    page.get_by_role("option", name=name, exact=True).click()


def change_times(page, change, n: int, timeout_s: float) -> list[float]:
    times = []
    for i in range(n):
        page.evaluate(WATCH_JS)
        change(page, i)
        page.wait_for_function("window.__benchDone !== undefined", timeout=timeout_s * 1000)
        times.append(page.evaluate("window.__benchDone") / 1000)
        page.wait_for_timeout(300)  # let Streamlit settle before the next click
    return times


def open_session(browser, url: str, timeout_s: float):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, timeout=timeout_s * 1000)
    page.wait_for_selector(CHART, timeout=timeout_s * 1000)
    return page


def first_start(browser, app: Path, data_paths, settings: Settings, snapshots: Path) -> float:
    """Seconds from `streamlit run` to the first chart when the tree was never loaded before (an
    empty snapshot folder: the data is validated, then snapshotted)."""
    server = Server(app, data_paths, snapshots)
    try:
        server.wait_healthy(settings.timeout_s)
        open_session(browser, server.url, settings.timeout_s).close()
        return time.perf_counter() - server.started
    finally:
        server.stop()


def browser_figures(browser, app: Path, data_paths, change, settings: Settings, snapshots: Path | None = None) -> dict:
    """Cold start, filter-change times and server memory of one app (a fresh server)."""
    server = Server(app, data_paths, snapshots)
    try:
        server.wait_healthy(settings.timeout_s)
        first = open_session(browser, server.url, settings.timeout_s)
        cold = time.perf_counter() - server.started
        times = change_times(first, change, settings.browser_changes, settings.timeout_s)
        time.sleep(1)
        rss_1 = server.rss()
        pages = [open_session(browser, server.url, settings.timeout_s) for _ in range(settings.sessions - 1)]
        time.sleep(2 if pages else 0)
        rss_n = server.rss()
        for page in [first, *pages]:
            page.close()
    finally:
        server.stop()
    figures = {"browser": median(times[:NEW_VIEWS]), "browser_seen": median(times[NEW_VIEWS:] or times), "cold": cold,
               "rss_1": rss_1}  # fmt: skip
    if settings.sessions > 1:
        figures["rss_extra"] = (rss_n - rss_1) / (settings.sessions - 1)
    return figures


def browsers(row: Row, data_paths: paths.DataPaths, settings: Settings, skip: frozenset = frozenset()) -> Row:
    """The browser figures of the minimal page and the app; `skip` may hold "first-start" (no
    start with an empty snapshot folder) and "sessions" (no extra sessions, no per-session memory)."""
    from playwright.sync_api import sync_playwright

    if "sessions" in skip:
        settings = replace(settings, sessions=1)
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="bench-snapshots-") as empty:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            row.minimal |= browser_figures(browser, MINIMAL, None, pick_series, settings)
            row.minimal["cold_first"] = row.minimal["cold"]  # it has no data: every start is its first
            snapshots = Path(empty)
            if "first-start" not in skip:
                row.app["cold_first"] = first_start(browser, APP, data_paths, settings, snapshots)
            row.app |= browser_figures(browser, APP, data_paths, click_tone, settings, snapshots)
            if "interactions" not in skip:
                row.app |= timeline_interactions(browser, data_paths, settings, snapshots)
        finally:
            browser.close()
    return row


# -- Table ------------------------------------------------------------------------------------

METRICS = [  # key, header, unit, ratio to ("curated" row | "minimal" page | its "filter" change)
    ("load", "load + validate", "s", "curated"),
    ("snapshot", "load from snapshot", "s", "curated"),
    ("filter", "filter", "ms", "curated"),
    ("figure", "figure build", "ms", "curated"),
    ("apptest", "AppTest rerun", "ms", "minimal"),
    ("browser", "filter → chart (browser, new view)", "ms", "minimal"),
    ("browser_seen", "filter → chart (view seen before)", "ms", "minimal"),
    ("both_charts", "filter → both charts (Timeline)", "ms", "filter"),
    ("event_passages", "event chosen → passages", "ms", "filter"),
    ("cold_first", "first start → first chart", "s", "minimal"),
    ("cold", "cold start → first chart", "s", "minimal"),
    ("rss_1", "server RSS, 1 session", "MB", "minimal"),
    ("rss_extra", "per extra session", "MB", "minimal"),
]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    scaled = {"s": value, "ms": value * 1000, "MB": value / MB}[unit]
    return f"{scaled:,.0f} {unit}" if abs(scaled) >= 100 else f"{scaled:.2f} {unit}" if unit != "ms" or abs(
        scaled) < 10 else f"{scaled:.1f} {unit}"


def ratio(value, base) -> str:
    if value is None or not base:
        return ""
    return f" (×{value / base:.2f})" if value / base < 10 else f" (×{value / base:,.0f})"


def table(rows: list[Row]) -> str:
    curated = next((r for r in rows if r.name == "curated"), rows[0])
    head = "| size | events | " + " | ".join(h for _, h, _, _ in METRICS) + " |"
    lines = [head, "|---|---:|" + "---:|" * len(METRICS)]
    for row in rows:
        cells = []
        for key, _, unit, against in METRICS:
            base = (curated.app.get(key) if against == "curated"
                    else row.minimal.get("browser") if against == "filter" else row.minimal.get(key))
            cells.append(fmt(row.app.get(key), unit) + ratio(row.app.get(key), base))
        lines.append(f"| {row.name} | {row.events:,} | " + " | ".join(cells) + " |")
    minimal = {k: median(r.minimal[k] for r in rows if k in r.minimal) for k, *_ in METRICS
               if any(k in r.minimal for r in rows)}  # fmt: skip
    lines.append("| minimal page (median over sizes) | – | "
                 + " | ".join(fmt(minimal.get(k), unit) for k, _, unit, _ in METRICS) + " |")
    return "\n".join(lines)


def goals(rows: list[Row]) -> str:
    """The targets of the performance issue, checked against this run."""
    by_name = {r.name: r for r in rows}
    checks = []
    if "curated" in by_name:
        row = by_name["curated"]
        for key in ("browser", "cold", "rss_1"):
            if key in row.app and row.minimal.get(key):
                value = row.app[key] / row.minimal[key]
                checks.append((f"curated: {key} within 1.2× of the minimal page", f"×{value:.2f}", value <= 1.2))
        for key, limit, label in (("event_passages", 1.5, "event chosen → passages shown"),
                                  ("both_charts", 2.0, "sidebar filter change → both charts updated")):
            if key in row.app and row.minimal.get("browser"):
                value = row.app[key] / row.minimal["browser"]
                checks.append((f"curated: {label} within {limit}× of the minimal page's filter change",
                               f"×{value:.2f}", value <= limit))
    if "100000" in by_name:
        app = by_name["100000"].app
        for key, limit, unit, label in (("browser", 1.0, "s", "filter change → chart ≤ 1 s"),
                                        ("cold", 5.0, "s", "cold start → first chart ≤ 5 s (snapshot of the data)"),
                                        ("cold_first", 5.0, "s", "first start ever → first chart ≤ 5 s (validating)"),
                                        ("load", 10.0, "s", "load + validate ≤ 10 s"),
                                        ("rss_extra", 20 * MB, "MB", "each extra session ≤ 20 MB")):  # fmt: skip
            if key in app:
                checks.append((f"100,000 events: {label}", fmt(app[key], unit), app[key] <= limit))
    lines = ["| goal | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {label} | {value} | {'yes' if ok else 'no'} |" for label, value, ok in checks]
    return "\n".join(lines) if checks else ""


def repeat_table(repeats: list[tuple[str, list[Row]]]) -> str:
    """Each browser run's filter → chart figures as ratios to the minimal page of the same run,
    and their medians (the table above shows the medians of the milliseconds)."""
    lines = ["| size | run | new view | minimal page | ratio | view seen before | minimal page | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for size, runs in repeats:
        ratios = {"browser": [], "browser_seen": []}
        for i, run in enumerate(runs, 1):
            cells = []
            for key in ratios:
                value, base = run.app[key], run.minimal[key]
                ratios[key].append(value / base)
                cells += [fmt(value, "ms"), fmt(base, "ms"), f"×{value / base:.2f}"]
            lines.append(f"| {size} | {i} | " + " | ".join(cells) + " |")
        lines.append(f"| {size} | median | | | ×{median(ratios['browser']):.2f} | | | ×{median(ratios['browser_seen']):.2f} |")
    if any("event_passages" in run.app for _, runs in repeats for run in runs):
        lines += ["", "Timeline interactions, each run against the minimal page's filter change (new view) of the same run:",
                  "", "| size | run | minimal page | filter → both charts | ratio | event chosen → passages | ratio |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for size, runs in repeats:
            both, event = [], []
            for i, run in enumerate(runs, 1):
                base = run.minimal["browser"]
                both.append(run.app["both_charts"] / base)
                event.append(run.app["event_passages"] / base)
                lines.append(f"| {size} | {i} | {fmt(base, 'ms')} | {fmt(run.app['both_charts'], 'ms')} | ×{both[-1]:.2f} | "
                             f"{fmt(run.app['event_passages'], 'ms')} | ×{event[-1]:.2f} |")
            lines.append(f"| {size} | median | | | ×{median(both):.2f} (goal ≤ 2) | | ×{median(event):.2f} (goal ≤ 1.5) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="curated,1000,10000,100000", help="comma-separated: curated and/or event counts")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and sessions (a smoke run)")
    parser.add_argument("--data-root", type=Path, default=synth.DEFAULT_ROOT, help="where synthetic trees are kept")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: apptest, browser, and in the "
                        "browser part first-start (the start that validates; the cold start then validates) and sessions "
                        "(memory per extra session) and interactions (Timeline: filter → both charts, event → passages)")
    parser.add_argument("--repeat", type=int, default=1, help="run the browser part this many times (fresh servers "
                        "each time) and print each run's ratios to the minimal page and their medians")
    args = parser.parse_args(argv)
    settings = Settings(5, 3, 3, 10, 3) if args.quick else Settings()
    rows, repeats, start_load = [], [], f"{os.getloadavg()[0]:.1f}"
    skip = frozenset(part.strip() for part in args.skip.split(","))
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        row, data_paths = Row(size), data_for(size, args.data_root)
        with tempfile.TemporaryDirectory(prefix="bench-snapshots-") as folder:
            in_process(row, data_paths, settings, Path(folder))
            if "apptest" not in skip:
                apptests(row, data_paths, settings, Path(folder))
        if "browser" not in skip:
            runs = [browsers(Row(size), data_paths, settings, skip) for _ in range(max(1, args.repeat))]
            for side in ("app", "minimal"):  # the medians of the runs, figure by figure
                measured = [getattr(r, side) for r in runs]
                for key in {k for m in measured for k in m}:
                    getattr(row, side)[key] = median(m[key] for m in measured if key in m)
            repeats.append((size, runs))
        rows.append(row)
        print(f"measured {size}: " + ", ".join(f"{k}={v:.4g}" for k, v in row.app.items()), file=sys.stderr)
    print(table(rows))
    print()
    print(goals(rows))
    if args.repeat > 1:
        print()
        print(repeat_table(repeats))
    print(f"\nMachine: {os.cpu_count()} cores; load average at start {start_load}, at end "
          f"{os.getloadavg()[0]:.1f} (other work shares the machine: read the ratios).")


if __name__ == "__main__":
    main()
