"""`python -m dashboard render` and `export bundle`: the same builders and filters as the pages, so
the command line draws the very figure a page shows for the same query parameters."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET  # parses our own SVG output
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import __main__ as cli
from dashboard.core import export
from dashboard.core.charts import REGISTRY
from dashboard.core.filters import Filters

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "valid"
DATA = ["--data", str(FIXTURE / "curated"), "--seeds", str(FIXTURE / "seeds")]
needs_browser = pytest.mark.skipif(export.find_browser() is None, reason="no chromium for kaleido")
# Query parameters of a shared link, and the same filters as command-line flags.
LINKS = [
    ({"actor": ["RUS", "PAN"], "from": "2014"}, ["--actor", "RUS", "--actor", "PAN", "--from", "2014"]),
    ({"theme": ["sanctions", "maritime"], "match": "any", "actor": ["USA", "RUS"]},
     ["--theme", "sanctions", "--theme", "maritime", "--match", "any", "--actor", "USA", "--actor", "RUS"]),
]  # fmt: skip


@pytest.fixture
def run(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def cli_figure(dataset, chart_id: str, flags: list[str]) -> dict:
    """The figure `render CHART FLAGS` draws, as plotly JSON."""
    args = cli.build_parser().parse_args(["render", chart_id, *flags])
    chosen, notices = Filters.from_cli(args, dataset)
    assert not notices
    return json.loads(cli.chart_figure(chart_id, dataset, chosen).to_json())


# -- The same figure as the page ---------------------------------------------------------------------


PAGE_CHARTS = {"timeline": {"timeline", "per-year"}, "compare": {"compare-heatmap", "compare-activity", "compare-tone",
                                                                       "compare-tone-time"},
               "themes": {"themes-overview", "theme-activity"}}  # fmt: skip


@pytest.mark.parametrize("page", sorted(PAGE_CHARTS))
@pytest.mark.parametrize(("params", "flags"), LINKS)
def test_cli_draws_the_figures_a_page_shows_for_the_same_link(page, params, flags, real):
    at = AppTest.from_file("../dashboard/app.py", default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    mine = {chart_id: cli_figure(real, chart_id, flags) for chart_id in PAGE_CHARTS[page]}
    matched = {chart_id for spec in specs for chart_id, fig in mine.items()
               if fig["data"] == spec["data"] and fig["layout"] == spec["layout"]}  # fmt: skip
    assert matched == PAGE_CHARTS[page] and len(specs) == len(matched)


@pytest.mark.parametrize("chart_id", sorted(REGISTRY))
def test_cli_builder_is_the_registered_chart(chart_id, real):
    direct = REGISTRY[chart_id](real, Filters(actors=("RUS", "PAN"), themes=("sanctions",)))
    assert cli_figure(real, chart_id, ["--actor", "RUS", "--actor", "PAN", "--theme", "sanctions"]) == json.loads(
        direct.to_json())


# -- render ----------------------------------------------------------------------------------------------


def test_list_names_every_chart_with_a_description(run):
    code, out, _ = run("render", "--list", *DATA)
    assert code == 0
    lines = dict(re.match(r"(\S+)\s+(.+)", line).groups() for line in out.splitlines())
    assert set(lines) == set(REGISTRY) and len(lines) >= 2
    assert all(text and text != "(no description)" for text in lines.values())


@needs_browser
def test_render_png_svg_html(run, tmp_path, valid_dataset):
    for fmt in export.FORMATS:
        target = tmp_path / f"chart.{fmt}"
        code, _, err = run("render", "per-year", "-o", str(target), "--actor", "PAN", *DATA)
        assert code == 0, err
        data = target.read_bytes()
        if fmt == "png":
            fig = REGISTRY["per-year"](valid_dataset, Filters(actors=("PAN",)))
            width, height = export.figure_size(export.prepared(fig))
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (2 * width, 2 * height)
        elif fmt == "svg":
            words = "".join(ET.fromstring(data).itertext())  # noqa: S314 - our own output
            assert "Events per year" in words and f"version {valid_dataset.version[:7]}" in words
        else:
            assert b"Plotly.newPlot" in data and not re.search(rb"<script[^>]*src=[\"']?(https?:)?//", data)


def test_render_html_with_a_chart_option_and_a_default_name(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("render", "timeline", "--format", "html", "--set", "lanes=theme", "--actor", "RUS", *DATA)
    assert code == 0, err
    page = (tmp_path / "timeline_RUS.html").read_text(encoding="utf-8")
    assert "Events by primary theme" in page


@pytest.mark.parametrize(("argv", "message"), [
    (["render"], "name a chart"),
    (["render", "no-such-chart"], "unknown chart 'no-such-chart'"),
    (["render", "timeline", "--set", "colour=red"], "has no option 'colour'; it takes: lanes"),
    (["render", "timeline", "--set", "lanes"], "has no option 'lanes'"),
    (["render", "timeline", "-o", "chart.gif"], "give --format png, svg or html"),
])  # fmt: skip
def test_usage_errors_exit_2(argv, message, run):
    code, _, err = run(*argv, *DATA)
    assert code == 2 and message in err


def test_without_a_browser_png_and_svg_exit_2_with_the_reason(run, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    for fmt in export.IMAGE_FORMATS:
        code, _, err = run("render", "timeline", "--format", fmt, "-o", str(tmp_path / f"x.{fmt}"), *DATA)
        assert code == 2 and "apt-get install chromium" in err
        assert not (tmp_path / f"x.{fmt}").exists()
    code, _, _ = run("render", "timeline", "-o", str(tmp_path / "x.html"), *DATA)
    assert code == 0 and (tmp_path / "x.html").stat().st_size > 1_000_000


def test_no_matching_event_exits_1(run, tmp_path):
    code, _, err = run("render", "timeline", "--q", "no-such-words", "-o", str(tmp_path / "x.html"), *DATA)
    assert code == 1 and "no events match" in err


def test_bad_data_exits_1(run, tmp_path):
    code, _, err = run("render", "timeline", "-o", str(tmp_path / "x.html"), "--data", str(tmp_path / "missing"),
                       "--seeds", str(FIXTURE / "seeds"))  # fmt: skip
    assert code == 1 and "does not exist" in err


# -- export bundle -------------------------------------------------------------------------------------


def test_export_bundle_from_the_command_line(run, tmp_path):
    target = tmp_path / "bundle.zip"
    code, _, err = run("export", "bundle", "--actor", "PAN", "--chart", "per-year", "--no-images",
                       "--app-url", "https://example.org/app", "-o", str(target), *DATA)  # fmt: skip
    assert code == 0, err
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert "charts/per-year_PAN.html" in names and not any(n.endswith(".png") for n in names)
    readme = archive.read(next(n for n in archive.namelist() if n.endswith("README.md"))).decode()
    assert "<https://example.org/app?actor=PAN>" in readme


def test_export_bundle_rejects_an_unknown_chart(run, tmp_path):
    code, _, err = run("export", "bundle", "--chart", "nope", "-o", str(tmp_path / "b.zip"), *DATA)
    assert code == 2 and "unknown chart(s) nope" in err


def test_export_events_is_unchanged(run):
    code, out, _ = run("export", "events", "--format", "json", "--actor", "PAN", *DATA)
    assert code == 0 and {e["id"] for e in json.loads(out)} >= {"memorandum-2025"}


# -- A real process -----------------------------------------------------------------------------------


@needs_browser
def test_a_fresh_process_renders_and_exits(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_DATA", "DASHBOARD_SEEDS")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-m", "dashboard", "render", "timeline", "-o", str(tmp_path / "t.png"),
                           *DATA], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    assert "Traceback" not in done.stderr
