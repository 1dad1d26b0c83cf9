"""Where a Timeline filter change spends its time, and what the page could reach at best: the
evidence behind issue 16's "filter change -> both charts within 2x of a bare one-chart page"
goal. Prints, measured in one run on this machine:

1. Tone clicks (15, as benchmarks/run.py: 5 new views, then views seen before) on three Streamlit
   apps: the bare one-chart page (benchmarks/minimal_app.py), the dashboard's Timeline, and the
   same Timeline with each chart replaced by a one-trace chart (everything else of the page
   unchanged): median time from the click until every chart of the page is redrawn, as a ratio
   to the bare page's.
2. Whether Streamlit keeps a chart's element across a figure change: the number of chart
   elements (`.js-plotly-plot`) created per change, on the bare page and on the Timeline. Streamlit 1.67 makes the
   figure part of a chart's identity (`plotly_chart` computes its element id with
   `key_as_main_identity=False` from the spec), so every new figure is a new chart: a fresh
   `Plotly.newPlot`, never the cheaper `Plotly.react` of the chart on screen.
3. In a static page without Streamlit (the plotly.js of the plotly package): `Plotly.newPlot` of
   the dashboard's Timeline and per-year screen figures on a fresh element against
   `Plotly.react` on the same one, cycling through four tone views.

    python benchmarks/latency_floor.py [--clicks 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import run as R  # noqa: E402

# The Timeline with one-trace charts: app.py run as is, `st.plotly_chart` drawing a one-trace
# figure (with the same key, selection and width) in place of each chart.
ONE_TRACE_APP = '''
import runpy, sys
import plotly.graph_objects as go
import streamlit as st
_draw = st.plotly_chart
def _one_trace(figure, *args, **kwargs):
    traces = getattr(figure, "data", ()) or ()
    seen = hash(tuple((str(getattr(t, "x", None)), str(getattr(t, "y", None))) for t in traces))
    y = [0, len(traces), seen % 1000]  # differs between views, so the chart is redrawn as the real one is
    return _draw(go.Figure(go.Scatter(x=[0, 1, 2], y=y)), *args, **kwargs)
st.plotly_chart = _one_trace
sys.argv[0] = {app!r}
runpy.run_path({app!r}, run_name="__main__")
'''

# Counts chart elements created (a new `.js-plotly-plot` node) since the last reset.
COUNT_CHARTS_JS = """() => {
  window.__charts = 0; window.__seenCharts = window.__seenCharts || new WeakSet();
  document.querySelectorAll('%s').forEach(gd => window.__seenCharts.add(gd));
  if (!window.__chartObserver) {
    window.__chartObserver = new MutationObserver(() => document.querySelectorAll('%s').forEach(gd => {
      if (!window.__seenCharts.has(gd)) { window.__seenCharts.add(gd); window.__charts += 1; }
    }));
    window.__chartObserver.observe(document.body, {childList: true, subtree: true});
  }
}""" % (R.CHART, R.CHART)  # noqa: UP031 - braces of JavaScript

WIDTH = 1360  # px: the chart's width in the static page, as the Timeline's at a 1,400 px window
STATIC_JS = """async ([specs, fresh, n, width]) => {
  const config = {displaylogo: false, responsive: true};
  let gd = document.getElementById('g');
  Plotly.purge(gd);
  await Plotly.newPlot(gd, specs[0].data, specs[0].layout, config);
  const out = [];
  for (let i = 1; i <= n; i++) {
    const s = JSON.parse(JSON.stringify(specs[i % specs.length]));
    await new Promise(r => setTimeout(r, 50));
    const t0 = performance.now();
    if (fresh) {
      Plotly.purge(gd); gd.remove();
      gd = document.createElement('div'); gd.id = 'g'; gd.style.width = width + 'px'; document.body.appendChild(gd);
      await Plotly.newPlot(gd, s.data, s.layout, config);
    } else {
      await Plotly.react(gd, s.data, s.layout, config);
    }
    await new Promise(r => requestAnimationFrame(() => r()));
    out.push(performance.now() - t0);
  }
  return out;
}"""


def tone_clicks(browser, app: Path, clicks: int, count_charts: bool = False) -> tuple[float, float]:
    """(median seconds from a click until every chart is redrawn, charts created per click)."""
    server = R.Server(app, None)
    try:
        server.wait_healthy(120)
        page = R.open_session(browser, server.url, 120)
        page.wait_for_timeout(1500)
        page.evaluate(R.WATCH_JS)  # the pointerdown listener
        click = R.pick_series if app.name == "minimal_app.py" else R.click_tone
        times, created = [], []
        for i in range(clicks):
            if count_charts:
                page.evaluate(COUNT_CHARTS_JS)
            page.evaluate(R.WATCH_ALL_JS)
            click(page, i)
            page.wait_for_function("window.__benchDone !== undefined", timeout=60_000)
            times.append(page.evaluate("window.__benchDone") / 1000)
            page.wait_for_timeout(600)
            if count_charts:
                created.append(page.evaluate("window.__charts"))
        page.close()
        return statistics.median(times), (statistics.mean(created) if created else float("nan"))
    finally:
        server.stop()


def screen_specs() -> dict[str, list[dict]]:
    """The Timeline's and the per-year chart's screen figures (1,360 px) for four tone views."""
    import plotly.io as pio

    from dashboard.core import load, paths
    from dashboard.core.charts import common
    from dashboard.core.charts import timeline as T
    from dashboard.core.filters import Filters, apply

    dataset = load.load(paths.resolve()).dataset
    specs: dict[str, list[dict]] = {"timeline": [], "per-year": []}
    for tones in ((), ("cooperation", "neutral"), ("cooperation", "tension"), ("cooperation",)):
        filters = Filters(tones=tones)
        events = apply(filters, dataset)
        for name, fig in (("timeline", T.chart_timeline(dataset, filters, "actors", events=events)),
                          ("per-year", T.chart_per_year(dataset, filters, events=events))):  # fmt: skip
            spec, _title, _caption = common.screen_spec(fig.to_plotly_json(), WIDTH)
            specs[name].append(json.loads(pio.to_json(common.screen_figure(spec), validate=False)))
    return specs


def static_draws(browser, specs: dict[str, list[dict]], n: int = 12) -> dict[tuple[str, str], float]:
    """Median ms of a fresh newPlot and of a react, per chart, in a page without Streamlit."""
    import plotly

    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_content(f"<html><body><div id='g' style='width:{WIDTH}px'></div></body></html>")
    page.add_script_tag(path=str(script))
    out = {}
    for name, views in specs.items():
        for mode in ("newPlot (new chart)", "react (same chart)"):
            out[name, mode] = statistics.median(page.evaluate(STATIC_JS, [views, mode.startswith("newPlot"), n, WIDTH]))
    page.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=15)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        one_trace = Path(tmp) / "app.py"  # beside app.py's pages, which st.Page finds by relative path
        one_trace.write_text(ONE_TRACE_APP.format(app=str(REPO / "dashboard" / "app.py")))
        (Path(tmp) / "app_pages").symlink_to(REPO / "dashboard" / "app_pages")
        browser = pw.chromium.launch(executable_path=R.CHROMIUM, args=R.CHROMIUM_ARGS)
        bare, bare_created = tone_clicks(browser, REPO / "benchmarks" / "minimal_app.py", args.clicks, count_charts=True)
        timeline, timeline_created = tone_clicks(browser, REPO / "dashboard" / "app.py", args.clicks, count_charts=True)
        stripped, _ = tone_clicks(browser, one_trace, args.clicks)
        draws = static_draws(browser, screen_specs())
        browser.close()
    print("| page (Tone clicks, median until every chart is redrawn) | time | ratio to the bare page | chart elements created per click |")
    print("|---|---:|---:|---:|")
    print(f"| bare one-chart page (benchmarks/minimal_app.py) | {bare * 1000:.0f} ms | ×1.00 | {bare_created:.1f} |")
    print(f"| Timeline | {timeline * 1000:.0f} ms | ×{timeline / bare:.2f} | {timeline_created:.1f} |")
    print(f"| Timeline, each chart a one-trace chart | {stripped * 1000:.0f} ms | ×{stripped / bare:.2f} | |")
    print()
    print("| chart (static page, 4 tone views, 1,360 px) | Plotly.newPlot on a new element | Plotly.react on the same one |")
    print("|---|---:|---:|")
    for name in ("timeline", "per-year"):
        print(f"| {name} | {draws[name, 'newPlot (new chart)']:.0f} ms | {draws[name, 'react (same chart)']:.0f} ms |")
    print()
    print(f"Machine: load average at start {load_start:.1f}, at end {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
