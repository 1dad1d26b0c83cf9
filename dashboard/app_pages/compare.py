"""Compare actors: one focal actor against two or more partners, pair by pair.

1. Choose the comparison: a preset, or your own focal actor and partners.
2. Themes by pair, events per year, tone balance and a table per pair.
3. The events behind a cell: click a cell, point or bar, or choose pair, theme, tone and year.
4. The passages of the chosen event.
"""

import streamlit as st

from dashboard.core import analysis, brief, evidence
from dashboard.core.charts import compare as charts
from dashboard.core.filters import TONES, actor_group, apply, describe
from dashboard.ui import chart, data_io, downloads, errors, passage_panel, state
from dashboard.ui.text import md

PRESET, FOCAL, PARTNERS = "cmp_preset", "cmp_focal", "cmp_partners"
PICKS = {"partner": "cmp_pick_pair", "theme_id": "cmp_pick_theme", "tone": "cmp_pick_tone", "year": "cmp_pick_year"}
CUSTOM, MAX_PARTNERS = "custom", 8
TONE_BINS, BIN_PICK = "cmp_tone_bins", "cmp_bin_pick"  # tone over time: the bins, and the bin listed
CLICKS = "_cmp_clicks"  # the last chart selection applied to the pickers, per chart


def use_preset() -> None:
    preset = analysis.PRESETS.get(st.session_state[PRESET])
    if preset:
        st.session_state[FOCAL], st.session_state[PARTNERS] = preset.focal, list(preset.partners)


def use_own_choice() -> None:
    st.session_state[PRESET] = CUSTOM


def take_click(selection, key: str, fields: tuple[str, ...]) -> None:
    """Copy a newly clicked point's customdata into the pickers below (once per new click)."""
    points = (selection or {}).get("selection", {}).get("points", []) if selection else []
    data = tuple(points[0].get("customdata") or ()) if points else ()
    seen = st.session_state.setdefault(CLICKS, {})
    if data and seen.get(key) != data:
        for field in PICKS:
            st.session_state[PICKS[field]] = None
        for field, value in zip(fields, data):
            st.session_state[PICKS[field]] = int(value) if field == "year" else value
    seen[key] = data


dataset = data_io.load_result().dataset
filters = state.current()
names = analysis.actor_names(dataset)
themes = dict(zip(dataset.themes["id"], dataset.themes["label"]))

st.title("Compare actors")
st.markdown("Each **pair** is the set of events that involve both the focal actor and one partner"
            + (" (the Soviet Union counts as Russia, as set in the sidebar)." if filters.predecessors else ".")
            + " The sidebar's **actor** filter is not used on this page, because the comparison chooses its "
              "own actors; every other sidebar filter applies.")

# 1. The comparison ---------------------------------------------------------------------------
if FOCAL not in st.session_state:
    st.session_state[PRESET] = next(iter(analysis.PRESETS))
    use_preset()
st.radio("Comparison", [*analysis.PRESETS, CUSTOM], key=PRESET, on_change=use_preset, horizontal=True,
         format_func=lambda p: analysis.PRESETS[p].label if p in analysis.PRESETS else "Your own choice")
counts = dataset.event_actors["actor_id"].value_counts()
actor_ids = sorted(names, key=lambda a: (-int(counts.get(a, 0)), names[a]))
left, right = st.columns([1, 3])
with left:
    focal = st.selectbox("Focal actor", actor_ids, key=FOCAL, on_change=use_own_choice,
                         format_func=lambda a: f"{names[a]} ({a})")
options = [a for a in actor_ids if a not in actor_group(focal, dataset, filters.predecessors)]
st.session_state[PARTNERS] = [p for p in st.session_state.get(PARTNERS, []) if p in options][:MAX_PARTNERS]
with right:
    partners = st.multiselect("Partners (two or more)", options, key=PARTNERS, on_change=use_own_choice,
                              max_selections=MAX_PARTNERS, format_func=lambda a: f"{names[a]} ({a})")
state.write_url(filters)  # the comparison into the link, defaults included
if len(partners) < 2:
    st.info("Choose at least two partners to compare.", icon=":material/group_add:")
    st.stop()

scoped = charts.without_actors(filters)
events = apply(scoped, dataset)
if events.empty:
    errors.empty_result(describe(scoped, dataset, events))
comp, heatmap, activity, tone = data_io.comparison(dataset, filters, focal, tuple(partners))
comp_events = events[analysis.is_in(events["id"], comp.pairs["event_id"])]  # what the charts count
in_pairs = len(comp_events)
st.markdown(md(f"{describe(scoped, dataset, events)} — {in_pairs:,} of them in these pairs"))

# 2. Themes, activity and tone by pair --------------------------------------------------------
fig, data, summary = heatmap
page_figures = {"compare-heatmap": fig}
behind = evidence.source_counts(comp_events, dataset.sources)
clicked = chart.show(fig, chart_id="compare-heatmap", summary=summary, data=data, key="cmp_heatmap", selectable=True,
                     behind=behind, dated=evidence.basis_text(comp_events))
take_click(clicked, "cmp_heatmap", ("partner", "theme_id"))

fig, data, summary = activity
page_figures["compare-activity"] = fig
clicked = chart.show(fig, chart_id="compare-activity", summary=summary, data=data, key="cmp_activity",
                     selectable=True, behind=behind, dated=evidence.basis_text(comp_events))
take_click(clicked, "cmp_activity", ("partner", "year"))

fig, data, summary = tone
page_figures["compare-tone"] = fig
clicked = chart.show(fig, chart_id="compare-tone", summary=summary, data=data, key="cmp_tone", selectable=True,
                     behind=behind, dated=evidence.basis_text(comp_events))
take_click(clicked, "cmp_tone", ("partner", "tone"))

bins = st.radio("Tone over time by", list(analysis.BIN_CHOICES), key=TONE_BINS, horizontal=True,
                format_func=charts.BIN_LABELS.get)
fig, data, summary = charts.tone_time_view(comp, dataset, bins)
page_figures["compare-tone-time"] = fig
st.caption(charts.TONE_TIME_GUIDE)
clicked = chart.show(fig, chart_id="compare-tone-time", summary=summary, data=data, key="cmp_tone_time",
                     selectable=True, behind=behind, dated=evidence.basis_text(comp_events))
binned = analysis.time_bins(comp.pairs, comp.events, dataset.periods, bins)
bin_cells = binned.sort_values(["pair", "bin_no"]).drop_duplicates(["partner", "bin"])
bin_options = [f"{p}|{b}" for p, b in zip(bin_cells["partner"].astype(str), bin_cells["bin"])]
points = (clicked or {}).get("selection", {}).get("points", []) if clicked else []
picked = tuple(points[0].get("customdata") or ())[:2] if points else ()
if picked and st.session_state.get(CLICKS, {}).get("cmp_tone_time") != picked:
    st.session_state[BIN_PICK] = "|".join(map(str, picked))
st.session_state.setdefault(CLICKS, {})["cmp_tone_time"] = picked
if st.session_state.get(BIN_PICK) not in bin_options:
    st.session_state[BIN_PICK] = bin_options[0] if bin_options else None
pair_names = dict(zip(map(str, comp.partners), map(str, comp.pairs["pair"].cat.categories)))
if bin_options:
    sizes = binned.groupby([binned["partner"].astype(str), "bin"])["event_id"].nunique()
    chosen_bin = st.selectbox("Events of a bin", bin_options, key=BIN_PICK, format_func=lambda o: (
        f"{pair_names[o.split('|')[0]]} · {o.split('|', 1)[1]} ({charts.plural(int(sizes[tuple(o.split('|', 1))]), 'event')})"))
    partner_id, bin_label = chosen_bin.split("|", 1)
    ids = binned.loc[(binned["partner"].astype(str) == partner_id) & (binned["bin"] == bin_label), "event_id"]
    in_bin = comp.events[analysis.is_in(comp.events["id"], ids)]
    st.dataframe(in_bin.assign(dated_by=in_bin["date_basis"].map({"event": "the event", "reported": "a report"}))[
        ["date_label", "title", "tone", "dated_by"]].rename(columns={"date_label": "date", "dated_by": "dated by"}),
        hide_index=True, width="stretch", key="cmp_bin_events")

st.header("Each pair in numbers", anchor=False)
table = charts.summary_table(comp, dataset).drop(columns=["partner"])
st.table(table.fillna("—").astype(str).map(md), hide_index=True, border="horizontal")  # st.table renders Markdown
st.caption("Share cooperative: the share of the pair's events whose tone is cooperation, with its count "
           f"(a count only below {evidence.MIN_EVENTS} events). Evidence: the pair's events, and the one source "
           "that provides more than half of them, if any. Top themes count an event under each of its themes.")
downloads.data_downloads(dataset, scoped, comp_events, page_figures, key="compare-data",
                         comparison=(focal, tuple(partners)),
                         view=brief.View("compare", focal=focal, partners=tuple(partners), bins=bins))

# 3. The events behind a cell, 4. the passages of the chosen event: a fragment, so choosing a
# cell or an event reruns this part only, not the four charts above ---------------------------
@st.fragment
def cell_part(comp, themes: dict) -> None:
    """The cell pickers, the events behind the chosen cell, and the chosen event's passages."""
    st.header("The events behind a cell", anchor=False)
    st.caption("Click a heatmap cell, a point on the activity chart or a tone bar, or choose here with the keyboard.")
    pair_of = dict(zip(comp.partners, comp.pairs["pair"].cat.categories))
    years = sorted(comp.pairs["year"].unique().tolist())
    choices = {"partner": list(comp.partners), "theme_id": [None, *themes], "tone": [None, *TONES],
               "year": [None, *years]}  # fmt: skip
    for field, key in PICKS.items():  # a pick that the current comparison no longer offers falls back
        if st.session_state.get(key) not in choices[field]:
            st.session_state[key] = choices[field][0]
    columns = st.columns(4)
    pick = {}
    with columns[0]:
        pick["partner"] = st.selectbox("Pair", choices["partner"], key=PICKS["partner"], format_func=pair_of.get)
    with columns[1]:
        pick["theme_id"] = st.selectbox("Theme", choices["theme_id"], key=PICKS["theme_id"],
                                        format_func=lambda t: "Any theme" if t is None else themes[t])
    with columns[2]:
        pick["tone"] = st.selectbox("Tone", choices["tone"], key=PICKS["tone"],
                                    format_func=lambda t: "Any tone" if t is None else passage_panel.TONE_MARK[t])
    with columns[3]:
        pick["year"] = st.selectbox("Year", choices["year"], key=PICKS["year"],
                                    format_func=lambda y: "Any year" if y is None else str(y))

    behind = analysis.cell_events(comp.pairs, dataset.event_themes, **pick)
    listed = dataset.events[analysis.is_in(dataset.events["id"], behind["event_id"])]
    criteria = [pair_of[pick["partner"]]] + [text for text in (
        themes.get(pick["theme_id"]), pick["tone"], str(pick["year"]) if pick["year"] else None) if text]
    st.markdown(md(f"{charts.plural(len(listed), 'event')}: {' · '.join(criteria)}"))
    if listed.empty:
        st.info(md(f"{pair_of[pick['partner']]}: {analysis.NO_EVENTS} under the current filters and choices."),
                icon=":material/search_off:")
        return
    st.dataframe(listed[["date_label", "title", "tone", "kind"]].rename(columns={"date_label": "date"}),
                 hide_index=True, width="stretch")

    chosen = passage_panel.event_picker(listed, key="cmp_event_pick") or state.selected_event()
    state.write_url(filters)  # the event chosen here into the link
    if chosen:
        if chosen not in set(listed["id"]):
            st.caption("The selected event is not behind the chosen cell.")
        passage_panel.show(chosen, dataset, key_prefix="cmp")


cell_part(comp, themes)
