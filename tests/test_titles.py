"""What an exported chart says about itself: titles from the filters, short citations, the dataset
by date and short version (core.charts.titles), and the title and caption in an exported SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parses our own SVG output, not untrusted input
from datetime import date

import pandas as pd
import pytest

from dashboard.core import export
from dashboard.core.charts import titles
from dashboard.core.charts.timeline import chart_timeline
from dashboard.core.filters import Filters

ACTORS = pd.DataFrame({"id": ["RUS", "PAN", "CUB"], "name": ["Russia", "Panama", "Cuba"]})
THEMES = pd.DataFrame({"id": ["sanctions", "trade", "energy"],
                       "label": ["Sanctions and compliance", "Trade and investment", "Energy and resources"]})
EVENTS = pd.DataFrame({"start": pd.to_datetime(["1991-05-01", "2024-03-02"])})


def title(**chosen) -> str:
    return titles.view_title(Filters(**chosen), ACTORS, THEMES, EVENTS)


def test_the_title_says_who_what_and_when_from_the_filters():
    assert title(actors=("RUS", "PAN"), themes=("sanctions",), date_from=date(2022, 2, 1)) == (
        "Russia and Panama: sanctions and compliance events since Feb 2022")
    assert title(actors=("RUS", "PAN"), date_from=date(2022, 2, 24)) == "Russia and Panama: events since 24 Feb 2022"
    assert title(actors=("RUS",), date_to=date(2009, 12, 31)) == "Russia: events until 2009"
    assert title(date_from=date(2008, 1, 1), date_to=date(2009, 12, 31)) == "Events 2008–2009"
    assert title(date_from=date(2009, 1, 1), date_to=date(2009, 12, 31)) == "Events in 2009"
    assert title(date_from=date(2022, 2, 24), date_to=date(2023, 3, 31)) == "Events 24 Feb 2022 – Mar 2023"
    assert title() == "Events 1991–2024"  # no date filter: the events' span


def test_the_title_names_match_any_tones_search_and_many_themes():
    assert title(actors=("RUS", "PAN", "CUB"), match="any") == "Russia, Panama or Cuba: events 1991–2024"
    assert title(tones=("tension", "neutral")) == "Events (tension or neutral) 1991–2024"
    assert title(themes=("trade", "energy")) == "Trade and investment; energy and resources events 1991–2024"
    assert title(themes=("trade", "energy", "sanctions"), q="canal") == 'Events on 3 themes matching “canal” 1991–2024'
    assert titles.view_title(Filters(), ACTORS, THEMES, EVENTS, subject="Panama with Russia and Cuba") == (
        "Panama with Russia and Cuba: events 1991–2024")


def test_sources_are_cited_in_words():
    assert titles.short_citation({"authors": ["Sergey Sukhankin"], "publisher": "Jamestown",
                                  "published": "2026-02-02"}) == "Sukhankin (Jamestown, 2026)"
    assert titles.short_citation({"authors": ["A. Smith", "B. Jones"], "published": "2019"}) == "Smith and Jones (2019)"
    assert titles.short_citation({"authors": ["A. Smith", "B. Jones", "C. Wu"]}) == "Smith et al."
    assert titles.short_citation({"authors": [], "title": "[Untitled essay on Russian–Panamanian relations]",
                                  "publisher": float("nan")}) == "“Untitled essay on Russian–Panamanian…”"
    assert titles.short_citation({"authors": [], "title": "Foreign relations of Panama"}) == "“Foreign relations of Panama”"


def test_the_caption_names_the_dataset_by_date_and_short_version_and_at_most_eight_sources():
    text = titles.caption("3 events", "90156d724e6e", date(2026, 2, 2), [f"Source {i}: 1 event" for i in range(12)])
    assert text.startswith("3 events — Data: Russia–Panama relations dataset as of 2 Feb 2026, version 90156d7 — ")
    assert "90156d724e6e" not in text  # not the bare hash
    assert text.endswith("Sources: Source 0: 1 event; Source 1: 1 event; Source 2: 1 event; Source 3: 1 event; "
                         "Source 4: 1 event; Source 5: 1 event; Source 6: 1 event; Source 7: 1 event; and 4 more")
    assert titles.caption("0 events", "v1", None, []).endswith("— Data: Russia–Panama relations dataset, version v1 "
                                                               "— Sources: none")


def test_the_dataset_date_is_its_newest_event_or_source_never_after_today():
    sources = pd.DataFrame({"published": ["2010", "2026-02-02", None]})
    assert titles.dataset_date(EVENTS, sources, today=date(2026, 12, 1)) == date(2026, 2, 2)
    assert titles.dataset_date(EVENTS, sources, today=date(2025, 1, 1)) == date(2025, 1, 1)
    assert titles.dataset_date(EVENTS.iloc[0:0], sources.iloc[0:0]) is None


def test_the_file_title_is_the_export_title_over_the_screen_title(valid_dataset):
    fig = chart_timeline(valid_dataset, Filters(actors=("RUS", "PAN")))
    assert fig.layout.title.text == "Events by actor pair"  # the screen keeps its short title
    ready = export.prepared(fig)
    text = ready["layout"]["title"]["text"]
    assert text.startswith("Russia and Panama: events ") and text.endswith("Events by actor pair</span>")
    assert "updatemenus" not in ready["layout"]  # the tone toggles stay on screen, and so does their row:
    row = fig.layout.meta["toggle_row_px"]
    assert ready["layout"]["margin"]["t"] == fig.layout.margin.t - row + export.SUBTITLE_PX
    slider = fig.layout.meta.get("slider_room_px", 0)  # the range slider stays on screen too
    assert ready["layout"]["height"] >= fig.layout.height - row - slider + export.SUBTITLE_PX  # (and the caption's)
    assert not [a for a in ready["layout"]["annotations"] if a.get("name") == "tone-toggles"]


@pytest.mark.skipif(export.find_browser() is None, reason="no chromium for kaleido")
def test_an_exported_svg_reads_its_title_subtitle_and_caption(valid_dataset):
    fig = chart_timeline(valid_dataset, Filters(actors=("RUS", "PAN")))
    root = ET.fromstring(export.figure_image(fig, "svg"))  # noqa: S314 - our own kaleido output
    texts = [" ".join("".join(node.itertext()).split()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
    words = " ".join(texts)
    assert any(t.startswith("Russia and Panama: events ") for t in texts), texts[:5]
    assert "Events by actor pair" in words and "Events by actor pair" not in texts[0]
    assert f"version {valid_dataset.version[:7]}" in words and valid_dataset.version not in words
    assert "relations dataset as of " in words and "Sources: " in words
