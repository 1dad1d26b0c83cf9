"""core/bundle: the citation bundle is a zip of tables that a Frictionless validator accepts,
citations, the page's charts and a README that says what was selected and how to cite it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import frictionless
import pytest

from dashboard import __main__ as cli
from dashboard.core import bundle, export
from dashboard.core.charts import REGISTRY
from dashboard.core.filters import Filters, apply, describe

needs_browser = pytest.mark.skipif(export.find_browser() is None, reason="no chromium for kaleido")
FILES = {"README.md", "datapackage.json", "events.json", "events.csv", "passages.csv", "sources.csv",
         "citations.bib", "citations.json"}  # fmt: skip


def unzip(data: bytes, dest=None) -> dict[str, bytes]:
    """{path inside the bundle folder: bytes}; extracts to dest when given."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    folders = {name.split("/", 1)[0] for name in archive.namelist()}
    assert len(folders) == 1, "everything sits in one folder"
    if dest is not None:
        archive.extractall(dest)
    return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def validate(tmp_path, data: bytes) -> frictionless.Report:
    unzip(data, tmp_path)
    descriptor = next(tmp_path.glob("*/datapackage.json"))
    return frictionless.validate(descriptor)


def test_bundle_of_the_fixture_validates_and_holds_everything(valid_dataset, tmp_path):
    chosen = Filters(actors=("PAN", "RUS"))
    figures = {"per-year": REGISTRY["per-year"](valid_dataset, chosen)}
    data = bundle.build(valid_dataset, chosen, figures=figures, share_query="actor=PAN&actor=RUS",
                        app_url="https://example.org/", images=False, exported=date(2026, 11, 23))  # fmt: skip
    files = unzip(data)
    assert FILES <= set(files)
    assert set(files) - FILES == {"charts/per-year_PAN-RUS.html"}
    report = validate(tmp_path, data)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 4, "the three tables and the JSON were checked"
    readme = files["README.md"].decode()
    assert describe(chosen, valid_dataset) in readme
    assert "<https://example.org/?actor=PAN&actor=RUS>" in readme
    assert valid_dataset.version in readme and "Exported:** 2026-11-23" in readme
    assert "python -m dashboard export bundle --actor PAN --actor RUS -o citation-bundle_PAN-RUS.zip" in readme


def test_tables_match_the_filtered_events(valid_dataset):
    chosen = Filters(sources=("beta",))
    events = apply(chosen, valid_dataset)
    files = unzip(bundle.build(valid_dataset, chosen, events, images=False))
    assert [r["id"] for r in rows(files["events.csv"])] == list(events["id"])
    assert [e["id"] for e in json.loads(files["events.json"])] == list(events["id"])
    passages = rows(files["passages.csv"])
    assert list(passages[0]) == bundle.PASSAGE_COLUMNS
    assert {p["event_id"] for p in passages} == set(events["id"])
    quoted = {p["source"] for p in passages}
    assert [s["id"] for s in rows(files["sources.csv"])] == [s for s in valid_dataset.sources["id"] if s in quoted]
    assert all(s["citation"] for s in rows(files["sources.csv"]))
    bib = files["citations.bib"].decode()
    assert bib.count("@") == len(quoted) + len(events)


def test_descriptor_describes_every_column(valid_dataset):
    package = json.loads(unzip(bundle.build(valid_dataset, Filters(), images=False))["datapackage.json"])
    resources = {r["name"]: r for r in package["resources"]}
    assert [f["name"] for f in resources["passages"]["schema"]["fields"]] == bundle.PASSAGE_COLUMNS
    assert [f["name"] for f in resources["sources"]["schema"]["fields"]] == bundle.SOURCE_COLUMNS
    assert {f["name"]: f["type"] for f in resources["events"]["schema"]["fields"]}["start"] == "date"
    assert all(f.get("description") for r in resources.values() for f in r.get("schema", {}).get("fields", []))
    assert package["version"] == valid_dataset.version


def test_bundle_is_deterministic(valid_dataset):
    chosen = Filters(themes=("trade",))
    first = bundle.build(valid_dataset, chosen, images=False, exported=date(2026, 1, 2))
    assert first == bundle.build(valid_dataset, chosen, images=False, exported=date(2026, 1, 2))


def test_empty_selection_still_makes_a_valid_package(valid_dataset, tmp_path):
    chosen = Filters(q="no-such-words-anywhere")
    data = bundle.build(valid_dataset, chosen, images=False)
    report = validate(tmp_path, data)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert "No source is quoted" in unzip(data)["README.md"].decode()


def test_real_data_bundle_with_every_chart_validates(real, tmp_path):
    chosen = Filters(actors=("RUS", "PAN"))
    figures = {chart_id: fn(real, chosen) for chart_id, fn in REGISTRY.items()}
    data = bundle.build(real, chosen, figures=figures, share_query="actor=RUS&actor=PAN", images=False)
    files = unzip(data)
    assert {f"charts/{export.chart_filename(c, chosen, 'html')}" for c in REGISTRY} <= set(files)
    report = validate(tmp_path, data)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert report.stats["errors"] == 0


@needs_browser
def test_png_charts_when_a_browser_is_available(valid_dataset):
    figures = {"timeline": REGISTRY["timeline"](valid_dataset, Filters())}
    files = unzip(bundle.build(valid_dataset, Filters(), figures=figures))
    assert files["charts/timeline_all.png"].startswith(b"\x89PNG")
    assert b"charts/timeline_all.png" in files["README.md"] and b"apt-get" not in files["README.md"]


def test_without_a_browser_the_readme_says_why(valid_dataset, monkeypatch):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    figures = {"timeline": REGISTRY["timeline"](valid_dataset, Filters())}
    files = unzip(bundle.build(valid_dataset, Filters(), figures=figures))
    assert "charts/timeline_all.html" in files and "charts/timeline_all.png" not in files
    assert "apt-get install chromium" in files["README.md"].decode()


@pytest.mark.parametrize("chosen", [
    Filters(), Filters(actors=("PAN", "RUS"), match="any", predecessors=False),
    Filters(themes=("trade", "maritime"), tones=("cooperation",), confidences=("high",), q="memorandum"),
    Filters(date_from=date(2003, 1, 1), date_to=date(2025, 12, 31), sources=("alpha",)),
])  # fmt: skip
def test_rebuild_command_reproduces_the_filters(chosen, valid_dataset):
    command = bundle.cli_command(chosen, "out.zip").split()
    assert command[:5] == ["python", "-m", "dashboard", "export", "bundle"]
    args = cli.build_parser().parse_args(command[3:])
    parsed, notices = Filters.from_cli(args, valid_dataset)
    assert parsed == chosen and not notices


def test_hostile_share_link_is_shown_as_code(valid_dataset):
    readme = unzip(bundle.build(valid_dataset, Filters(), share_query="q=%3Cb%3E", app_url="javascript:alert(1)",
                                images=False))["README.md"].decode()  # fmt: skip
    assert "`javascript:alert(1)?q=%3Cb%3E`" in readme and "<javascript" not in readme


# -- The page component (AppTest) -------------------------------------------------------------------------


def _data_page():
    import streamlit as st

    from dashboard.core import load
    from dashboard.core.filters import Filters, apply
    from dashboard.core.paths import DataPaths
    from dashboard.ui import downloads
    from tests.conftest import VALID

    dataset = load.load(DataPaths(VALID / "curated", VALID / "seeds")).dataset
    chosen = Filters(actors=("PAN", "RUS"))
    st.session_state["filters"] = chosen
    downloads.data_downloads(dataset, chosen, apply(chosen, dataset), {}, key="d")


def test_data_downloads_offers_events_and_the_bundle():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_data_page, default_timeout=60).run()
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Events (CSV)", "Events (JSON)", "Citation bundle (ZIP)"]
    assert "dataset version" in at.caption[0].value


def test_the_compare_page_bundle_rebuilds_the_same_events_and_view(real, tmp_path):
    """From Compare with 2008–2009, the bundle's README count, its rebuild command and its share
    link all hold the comparison's events, not every event of those years."""
    from dashboard.core.charts import compare as compare_charts

    chosen = Filters(date_from=date(2008, 1, 1), date_to=date(2009, 12, 31))
    focal, partners = "RUS", ("PAN", "BRA", "CUB", "VEN")
    pairs = compare_charts.comparison(real, chosen, focal, partners).pairs
    events = apply(chosen, real)
    in_pairs = events[events["id"].isin(set(pairs["event_id"]))]
    assert 0 < len(in_pairs) < len(events)  # the case the issue saw: the page's events are fewer
    command = bundle.cli_command(chosen, "out.zip", (focal, partners))
    out = tmp_path / "b.zip"
    assert cli.main([*command.split()[3:-2], "--no-images", "-o", str(out)]) == 0
    files = unzip(out.read_bytes())
    readme = next(text.decode() for name, text in files.items() if name.endswith("README.md"))
    rebuilt = json.loads(next(text for name, text in files.items() if name.endswith("events.json")))
    assert sorted(e["id"] for e in rebuilt) == sorted(in_pairs["id"])
    assert command in readme.replace("-o citation-bundle_all_2008-2009.zip", "-o out.zip")
    assert "preset=russia" in readme and "/compare?" in readme
