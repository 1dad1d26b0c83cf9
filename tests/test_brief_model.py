"""core/brief and core/brief_html: the briefing document's model and its HTML, without a browser
(charts left out). The PDF itself is tested in test_cli_brief.py."""

from __future__ import annotations

import html
import itertools
import re
from datetime import date
from html.parser import HTMLParser

import pandas as pd
import pytest

from dashboard.core import brief, brief_html, filters, load
from dashboard.core.paths import DataPaths
from tests.conftest import FIXTURES

MADE = date(2026, 12, 1)


def build(dataset, view=None, **chosen):
    return brief.build(dataset, filters.Filters(**chosen), view, made=MADE, with_charts=False)


@pytest.fixture(scope="module")
def hostile():
    result = load.load(DataPaths(FIXTURES / "hostile" / "curated", FIXTURES / "hostile" / "seeds"))
    assert result.ok, result.problems
    return result.dataset


# -- Title, sentence, link ------------------------------------------------------------------------


@pytest.mark.parametrize(("chosen", "title"), [
    ({"actors": ("RUS", "PAN")}, "Russia and Panama · 1991–2026"),
    ({"actors": ("RUS", "PAN"), "themes": ("sanctions",), "date_from": date(2014, 1, 1), "date_to": date(2026, 12, 31)},
     "Russia and Panama · Sanctions and compliance · 2014–2026"),
    ({}, "All events · 1909–2026"),
])  # fmt: skip
def test_title_is_made_from_the_filters(real, chosen, title):
    b = build(real, **chosen)
    assert b.title == title
    assert b.description == filters.describe(filters.Filters(**chosen), real)
    assert b.version == real.version and b.made == MADE


def test_title_is_built_from_the_sentences_parts_not_its_caveat(real):
    """The date caveat ('2 of them may fall outside these dates') is a part of the filter sentence
    of its own (filters.description): under the title, never in it."""
    chosen = filters.Filters(actors=("RUS", "PAN"), date_from=date(2022, 2, 24), date_to=date(2026, 12, 31))
    said = filters.description(chosen, real)
    assert said.caveat.endswith("may fall outside these dates") and str(said) == filters.describe(chosen, real)
    assert [field for field, _ in said.chosen] == ["actors"]
    b = build(real, **chosen.__dict__)
    assert b.title == "Russia and Panama · 2022-02-24 – 2026-12-31"
    assert b.description.endswith(said.caveat) and "outside" not in b.title
    worded = build(real, q="may fall outside")  # the caveat's words as a search: a chosen part, kept in the title
    assert worded.title == "matching “may fall outside” · " + filters.description(filters.Filters(q="may fall outside"),
                                                                                   real).span


def test_share_link_reopens_the_view(real):
    b = build(real, brief.View("themes", theme="sanctions"), actors=("RUS", "PAN"))
    assert b.link == "/themes?actor=RUS&actor=PAN&topic=sanctions"
    assert b.rebuild == ("python -m dashboard brief --page themes --actor RUS --actor PAN --topic sanctions "
                         "-o brief.pdf")
    view = brief.resolved(brief.View("compare"), real, real.events, True)  # the page's first preset
    absolute = brief.share_link(filters.Filters(actors=("RUS",)), view, "http://host:8501/data")
    assert absolute == f"http://host:8501/compare?actor=RUS&preset={next(iter(brief.analysis.PRESETS))}"
    own = brief.share_link(filters.Filters(), brief.View("compare", focal="RUS", partners=("PAN", "CUB")))
    assert own == "/compare?preset=custom&focal=RUS&partner=PAN&partner=CUB"
    assert brief.share_link(filters.Filters(), brief.View(lanes="theme"), "http://host:8501/") == \
        "http://host:8501/?lanes=theme"


# -- Key figures --------------------------------------------------------------------------------


def test_key_figures_are_counted_with_their_counts(real):
    b = build(real)
    values = {f.label: f.value for f in b.figures}
    assert values["Events"] == f"{len(real.events)} events"
    tones = real.events["tone"].value_counts()
    assert f"▲ cooperation {tones['cooperation']} (" in values["Tone balance"]
    assert f"▼ tension {tones['tension']} (" in values["Tone balance"]
    assert values["Tone balance"].endswith(f" of {len(real.events)} events")
    for figure in b.figures:  # never a bare percentage: "72% of 115 events" or "83 (72%)"
        for share in re.findall(r"\d+%", figure.value):
            assert re.search(rf"{share} of [\d,]+ events|\d[\d,]* \({share}\)", figure.value), figure
    busiest = next(f for f in b.figures if f.label.startswith("Busiest"))
    assert busiest.basis.startswith("Sources behind this: ")
    assert values["Declared inferences"]


def test_no_superlative_below_five_events(real):
    few = real.events.head(3)
    figure = brief._busiest(brief._pair_counts(few, real), "pair", len(few), "pair", real)
    assert not figure.label.startswith("Busiest") and "none is called the busiest" in figure.value


def test_the_chosen_pair_is_not_a_finding(real):
    b = build(real, actors=("RUS", "PAN"))
    pair = b.figures[2]
    assert "other pair" in pair.label and "Panama–Russia" not in pair.value


def test_themes_page_defaults_to_the_busiest_theme(real):
    b = build(real, brief.View("themes"))
    busiest = brief.analysis.busiest_theme(real.events, real.event_themes, real.themes)
    label = real.themes.set_index("id").at[busiest, "label"]
    assert b.title.startswith(f"{label} · ")
    assert b.figures[2].label == "Theme shown" and "the busiest theme in the view" in b.figures[2].value
    assert b.choices.startswith(f"Theme shown over time: {label}.")


def test_themes_brief_follows_the_pages_theme_and_pair(real):
    """The Themes page lists the chosen theme's events, of the chosen pair's lane when one is
    chosen: the brief's title, figures and chronology are those, not every filtered event."""
    chosen = filters.Filters(actors=("RUS",))
    in_view = filters.apply(chosen, real)
    tagged = brief.analysis.events_with_theme(in_view, real.event_themes, "sanctions")
    lane = brief.analysis.lane_events(real, tagged, [("PAN", "RUS")], True)
    in_pair = tagged[tagged["id"].isin(lane.loc[lane["lane_no"] == 0, "event_id"])]
    assert 0 < len(in_pair) < len(tagged) < len(in_view)  # each choice narrows: the test can fail
    theme_only = build(real, brief.View("themes", theme="sanctions"), actors=("RUS",))
    assert [e.event_id for e in theme_only.entries] == list(tagged["id"])
    assert theme_only.title == "Sanctions and compliance · Russia · 2021–2025"  # the span of the events briefed
    b = build(real, brief.View("themes", theme="sanctions", pair="PAN-RUS"), actors=("RUS",))
    assert [e.event_id for e in b.entries] == list(in_pair["id"]) and b.n_events == len(in_pair)
    assert b.title == "Sanctions and compliance · Panama – Russia · Russia · 2021–2025"
    assert b.description == (f"{filters.describe(chosen, real)} — {len(in_pair)} of them on Sanctions and "
                             "compliance in the Panama – Russia lane")
    values = {f.label: f.value for f in b.figures}
    assert values["Events"] == f"{len(in_pair)} events"
    assert values["Theme shown"].startswith(f"Sanctions and compliance: {len(tagged)} events, ")
    assert f"lists the {len(in_pair)} events of it in the Panama – Russia lane" in values["Theme shown"]
    assert "Panama–Russia" not in str(b.figures)  # the chosen pair is not a finding about itself
    assert b.link == "/themes?actor=RUS&topic=sanctions&pair=PAN-RUS"
    assert f"All {len(in_pair)} events the page lists for its theme and pair in date order" in brief_html.render(b)
    assert b.rebuild.endswith("--topic sanctions --pair PAN-RUS -o brief.pdf")
    same_theme = build(real, brief.View("themes", theme="sanctions"), themes=("sanctions",))
    assert same_theme.title.count("Sanctions and compliance") == 1  # the sidebar's same theme not said twice
    unknown = build(real, brief.View("themes", theme="sanctions", pair="XXX-YYY"))
    assert unknown.link == "/themes?topic=sanctions"  # a pair the page does not offer is dropped


def test_compare_brief_follows_focal_partners_preset_and_bins(real):
    russia = brief.analysis.PRESETS["russia"]
    b = build(real, brief.View("compare", focal=russia.focal, partners=russia.partners, bins="10"))
    pairs = brief.analysis.pair_events(real, real.events, russia.focal, russia.partners, True)
    assert [e.event_id for e in b.entries] == list(real.events.loc[real.events["id"].isin(pairs["event_id"]), "id"])
    assert b.title.startswith("Russia with Panama, Brazil, Cuba and Venezuela · ")
    assert b.link == "/compare?preset=russia" and "--bins 10" in b.rebuild
    drawn = brief.build(real, filters.Filters(), brief.View("compare", bins="10"), made=MADE)  # charts built
    tone_time = next(c for c in drawn.charts if c.chart_id == "compare-tone-time")
    assert tone_time.title.startswith("Tone over time (10-year bins)") and "2020–2029" in tone_time.summary
    own = build(real, brief.View("compare", focal="PAN", partners=("CHN", "TWN")))
    assert own.link == "/compare?preset=custom&focal=PAN&partner=CHN&partner=TWN"
    assert own.title.startswith("Panama with China (People's Republic) and Taiwan (Republic of China) · ")


def test_compare_page_counts_the_pairs_events(real):
    b = build(real, brief.View("compare", focal="PAN", partners=("RUS", "USA")))
    assert b.title.startswith("Panama with Russia and United States")
    assert b.description.endswith("in these pairs") and b.n_events == len(b.entries)
    assert "Focal actor Panama" in b.choices


# -- Chronology and footnotes -------------------------------------------------------------------


def test_chronology_in_date_order_with_numbered_notes(real):
    b = build(real, actors=("RUS", "PAN"))
    expected = filters.apply(filters.Filters(actors=("RUS", "PAN")), real)
    assert [e.event_id for e in b.entries] == list(expected["id"])
    numbers = [n.number for n in b.notes]
    assert numbers == list(range(1, len(numbers) + 1))
    n_passages = real.passages["event_id"].isin(expected["id"]).sum()
    assert len(numbers) == n_passages > 0
    assert [e.kind for e in b.entries] == list(expected["kind"]) and all(e.kind for e in b.entries)
    assert f"Kind:</span> <bdi>{b.entries[0].kind}</bdi></p>" in brief_html.entry_block(b.entries[0], 0)
    for note in b.notes:
        assert re.fullmatch(r"(paragraph|footnote) \d+", note.where)
        assert re.fullmatch(r"characters \d+–\d+ of \d{3}_[0-9a-f]+\.txt", note.machine)
    assert {s.source_id for s in b.sources} == set(real.passages.loc[
        real.passages["event_id"].isin(expected["id"]), "source_id"])


def test_truncation_at_500_says_how_many_are_left_out(real):
    many = pd.concat([real.events.assign(id=real.events["id"] + f"-{i}") for i in range(5)], ignore_index=True)
    entries = brief.chronology(many.head(brief.MAX_ENTRIES), real)
    assert len(entries) == brief.MAX_ENTRIES
    fake = real.__class__(**{**real.__dict__, "events": many.sort_values("start", kind="stable")})
    b = build(fake)
    assert len(b.entries) == brief.MAX_ENTRIES and b.left_out == len(many) - brief.MAX_ENTRIES
    assert "a date range" in b.narrow
    page = brief_html.render(b)
    assert f"The first 500 of {len(many):,} events in date order; {len(many) - 500:,} more are left out." in page


def test_empty_view_is_one_short_document(real):
    b = build(real, q="no-such-words-anywhere")
    assert b.n_events == 0 and not b.entries and not b.charts
    page = brief_html.render(b)
    assert "No events match this view" in page and 'id="chronology"' not in page


# -- HTML ---------------------------------------------------------------------------------------


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.text = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.hrefs.append(attrs["href"][1:])

    def handle_data(self, data):
        self.text.append(data)


def test_html_anchors_resolve_and_nothing_is_fetched(real):
    page = brief_html.render(build(real, actors=("RUS", "PAN")))
    parsed = Collector()
    parsed.feed(page)
    assert parsed.hrefs and set(parsed.hrefs) <= parsed.ids
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not re.search(r"(src|href)=\"?(https?:)?//", page) and "@import" not in page and "url(" not in page


def test_hostile_text_stays_text(hostile):
    b = build(hostile)
    page = brief_html.render(b)
    parsed = Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "overflow-wrap: anywhere" in page
    # every right-to-left override sits inside its own isolated <bdi>, closed before the next text
    for match in re.finditer("\u202e", page):
        assert page.rfind("<bdi>", 0, match.start()) > page.rfind("</bdi>", 0, match.start())


def test_svg_ids_fixed():
    svg = '<svg><defs id="defs-2333a8"><clipPath id="clip2333a8xy"/></defs><g clip-path="url(#clip2333a8xy)"/></svg>'
    fixed = brief_html.fixed_ids(svg, "c00001")
    assert "2333a8" not in fixed and 'id="clipc00001xy"' in fixed and "url(#clipc00001xy)" in fixed


def test_a_long_chart_title_wraps_to_the_papers_width():
    """plotly draws a title on one line: the brief breaks a long one between words so that every
    line fits the chart's width, and gives the plot's top the added lines' room."""
    import plotly.graph_objects as go

    from dashboard.core.charts import margins

    title = "Tone over time (named periods): " + ", ".join(["China (People&#x27;s Republic)"] * 6)
    fig = go.Figure(layout={"title": {"text": title, "font": {"size": 18}}, "margin": {"t": 96, "l": 10, "r": 10},
                            "height": 500})  # fmt: skip
    spec = brief_html.paper_figure(fig)
    lines = spec["layout"]["title"]["text"].split("<br>")
    assert len(lines) >= 2 and " ".join(lines) == title  # nothing lost, only broken between words
    room = brief_html.CHART_WIDTH - 20
    assert all(margins.text_width(html.unescape(line), 18) <= room for line in lines)
    extra = spec["layout"]["margin"]["t"] - 96
    assert extra == round((len(lines) - 1) * 18 * brief_html.TITLE_LINE) and spec["layout"]["height"] == 500 + extra
    short = brief_html.paper_figure(go.Figure(layout={"title": {"text": "Events per year"}, "height": 400}))
    assert short["layout"]["title"]["text"] == "Events per year" and short["layout"]["height"] == 400


def test_an_entrys_note_numbers_are_apart(real):
    """Notes 20 and 21 of one title read '20,21', not '2021' (a year, in a chronology)."""
    b = build(real, actors=("RUS", "PAN"))
    entry = next(e for e in b.entries if len(e.notes) >= 2)
    numbers = [n.number for n in entry.notes]
    block = brief_html.entry_block(entry, 0)
    sup = re.search(r"<sup>(.*?)</sup>", block).group(1)
    assert re.sub(r"<[^>]+>", "", sup) == ",".join(map(str, numbers))


def test_a_timeline_taller_than_a_page_is_drawn_in_parts_of_its_lanes(real):
    """40 lanes shrunk onto one page print at a third of their size: the brief draws the page's
    timeline in parts, each no taller than a page holds, the lanes in order with none lost or
    drawn twice, the y ranges end to end on the lane bands; a short timeline stays one chart."""
    b = brief.build(real, filters.Filters(), made=MADE)
    parts = [c for c in b.charts if c.chart_id.startswith("timeline")]
    whole = brief.timeline_charts.page_view(real, filters.Filters(), "actors", None, events=real.events).timeline
    n_lanes = len(whole.layout.yaxis.tickvals)
    assert len(parts) >= 2 and whole.layout.height > brief.PAPER_HEIGHT
    assert all(p.figure.layout.height <= brief.PAPER_HEIGHT for p in parts)
    ranges = [tuple(p.figure.layout.yaxis.range) for p in parts]
    assert ranges[0][1] == whole.layout.yaxis.range[1] and ranges[-1][0] == whole.layout.yaxis.range[0]
    assert all(a[0] == b[1] for a, b in itertools.pairwise(ranges))  # end to end
    spans = [tuple(map(int, re.search(r"lanes (\d+)–(\d+) of (\d+)", p.title).groups())) for p in parts]
    assert spans[0][0] == 1 and spans[-1][1] == n_lanes and all(s[2] == n_lanes for s in spans)
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(spans))
    centres = list(whole.layout.yaxis.tickvals)
    for (first, last, _), (bottom, top) in zip(spans, ranges):  # each lane's centre inside its own part
        assert all(top < centres[i] < bottom for i in range(first - 1, last))
    assert not any(a.name.startswith("period:") for p in parts[1:] for a in p.figure.layout.annotations)
    assert parts[-1].summary == whole_summary(real) and not parts[0].summary
    short = brief.build(real, filters.Filters(actors=("RUS", "PAN")), made=MADE)
    assert [c.chart_id for c in short.charts] == ["timeline", "per-year"] and "lanes" not in short.charts[0].title


def whole_summary(real):
    return brief.timeline_charts.page_view(real, filters.Filters(), "actors", None, events=real.events).timeline_summary


@pytest.mark.parametrize("page", ["app_pages/sources.py", "app_pages/about.py", "app_pages/themes.py"])
def test_every_pages_briefing_button_says_why_it_is_disabled_without_a_browser(page, monkeypatch):
    """AppTest: with a browser the page has the "Briefing (PDF)" download; without one, the same
    place holds a disabled button whose help and caption say what to install (as for PNG)."""
    from apptest_support import open_page

    from dashboard.core import export

    at = open_page(page, params={"actor": ["RUS", "PAN"]})
    assert "Briefing (PDF)" in {b.proto.label for b in at.get("download_button")}
    monkeypatch.setattr(export, "find_browser", lambda: None)
    at = open_page(page, params={"actor": ["RUS", "PAN"]})
    assert "Briefing (PDF)" not in {b.proto.label for b in at.get("download_button")}
    (off,) = [b for b in at.button if b.label == "Briefing (PDF) unavailable"]
    assert off.disabled and "needs a Chromium browser" in off.help and "apt-get install chromium" in off.help
    assert any("needs a Chromium browser" in c.value for c in at.caption)
