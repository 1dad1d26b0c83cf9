"""Comparisons and aggregations behind the Compare and Themes pages: pure pandas, vectorised.

Decisions, so a reader does not have to reverse-engineer them:
- A *pair* (focal, partner) is the set of events whose actors include both. With predecessors on,
  an actor stands for its group (`filters.actor_group`: Russia also matches the Soviet Union).
  An actor inside the focal actor's own group cannot be its partner.
- Pairs are an ordered categorical in the order the partners were chosen, so every aggregate
  keeps a pair with no events as zeros instead of dropping it.
- An event with several themes counts once under each of its themes (theme profile, overview);
  counts per pair or per tone count each event once.
- A year is the start year of the span the event's date covers, as on the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .filters import TONES, actor_group
from .frames import is_in
from .load import Dataset
from .schema import PERSPECTIVES

NO_EVENTS = "no events in these sources"
OTHER_LANE = "Other events"
PAIR_COLUMNS = ["pair", "partner", "event_id", "start", "year", "tone", "title", "date_label"]


@dataclass(frozen=True)
class Preset:
    label: str
    focal: str
    partners: tuple[str, ...]


PRESETS = {
    "panama": Preset("Panama with Russia, the United States, China and Taiwan", "PAN", ("RUS", "USA", "CHN", "TWN")),
    "russia": Preset("Russia with Panama, Brazil, Cuba and Venezuela", "RUS", ("PAN", "BRA", "CUB", "VEN")),
}


# -- Pairs ------------------------------------------------------------------------------------


def actor_names(dataset: Dataset) -> dict[str, str]:
    return dict(zip(dataset.actors["id"], dataset.actors["name"]))


def pair_label(focal: str, partner: str, names: dict[str, str]) -> str:
    return f"{names.get(focal, focal)} – {names.get(partner, partner)}"


def valid_partners(dataset: Dataset, focal: str, partners: Iterable[str], predecessors: bool) -> tuple[str, ...]:
    """The partners in the order given, without repeats, unknown ids or members of the focal group."""
    known, own = set(dataset.actors["id"]), actor_group(focal, dataset, predecessors)
    return tuple(p for p in dict.fromkeys(partners) if p in known and p not in own)


def pair_events(dataset: Dataset, events: pd.DataFrame, focal: str, partners: Sequence[str],
                predecessors: bool, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (pair, event) among `events`: pair (ordered categorical), partner, event_id, start,
    year, tone, title, date_label. A partner with no events has no rows but keeps its category.
    `members`: the `event_pairs` of `events`, when the caller has them (several pairs, one scan)."""
    names = actor_names(dataset)
    partners = valid_partners(dataset, focal, partners, predecessors)
    labels = [pair_label(focal, p, names) for p in partners]
    rows = with_details(pair_hits(dataset, focal, partners, predecessors, events, members), events)
    rows["pair"] = pd.Categorical(rows["partner"].map(dict(zip(partners, labels))), categories=labels, ordered=True)
    rows["partner"] = pd.Categorical(rows["partner"], categories=list(partners), ordered=True)
    return rows[PAIR_COLUMNS].sort_values(["pair", "start", "event_id"], ignore_index=True)


# -- Pair membership: the one rule every page, the command line and the exports count by ---------


def representatives(actors: pd.DataFrame, predecessors: bool) -> dict[str, str]:
    """Each actor id -> the actor it counts as in a pair. With predecessors on, a predecessor state
    counts as the state after it (the Soviet Union as Russia), as `filters.actor_group` decides;
    otherwise every actor is itself."""
    rep = {a: a for a in actors["id"]}
    if not predecessors or "predecessor" not in actors:
        return rep
    links = {a: p for a, p in zip(actors["id"], actors["predecessor"]) if isinstance(p, str)}
    heads = [a for a in actors["id"] if a not in set(links.values())]  # the latest state of each chain
    for head in heads:
        current, seen = head, {head}
        while current in links and links[current] not in seen:
            current = links[current]
            seen.add(current)
            rep[current] = head
    return rep


def pairs_of(actor_ids: Iterable[str], rep: dict[str, str]) -> list[tuple[str, str]]:
    """The pairs one event belongs to: every two of its actors, each counted as its representative,
    each pair once, as (a, b) with a < b. An event of Russia and the Soviet Union alone, with
    predecessors on, belongs to no pair."""
    ids = sorted({rep.get(a, a) for a in actor_ids})
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]


def event_pairs(events: pd.DataFrame, actors: pd.DataFrame, predecessors: bool) -> pd.DataFrame:
    """One row per (event, pair) of `events` (with an `actors` column of id tuples): event_id, a, b,
    n_actors (how many actors the event has, representatives counted once). Worked out once per
    distinct actor list (far fewer than events), then spread with numpy."""
    if events.empty:
        return pd.DataFrame({"event_id": [], "a": [], "b": [], "n_actors": []})
    rep = representatives(actors, predecessors)
    codes, uniques = pd.factorize(events["actors"], use_na_sentinel=False)
    per_list = [pairs_of(ids, rep) for ids in uniques]
    width = np.array([len({rep.get(a, a) for a in ids}) for ids in uniques], dtype=np.int64)
    sizes = np.array([len(pairs) for pairs in per_list], dtype=np.int64)
    flat = [pair for pairs in per_list for pair in pairs]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    per_event = sizes[codes]
    positions = np.repeat(np.arange(len(events)), per_event)
    within = np.arange(len(positions)) - np.repeat(np.cumsum(per_event) - per_event, per_event)
    index = np.repeat(starts[codes], per_event) + within
    a = np.array([p[0] for p in flat] or [""], dtype=object)
    b = np.array([p[1] for p in flat] or [""], dtype=object)
    return pd.DataFrame({"event_id": events["id"].to_numpy(dtype=object)[positions], "a": a[index], "b": b[index],
                         "n_actors": width[codes][positions]})  # fmt: skip


def pair_count(events: pd.DataFrame, actors: pd.DataFrame, one: str, other: str, predecessors: bool) -> int:
    """How many of `events` belong to the pair of these two actors (by `pairs_of`)."""
    rep = representatives(actors, predecessors)
    a, b = sorted((rep.get(one, one), rep.get(other, other)))
    members = event_pairs(events, actors, predecessors)
    return int(members.loc[(members["a"] == a) & (members["b"] == b), "event_id"].nunique())


def pair_hits(dataset: Dataset, focal: str, partners: Sequence[str], predecessors: bool,
              events: pd.DataFrame, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """(partner, event_id) of every event among `events` in the pair of the focal actor and a
    partner (`event_pairs`: each actor counted as its representative); each pair once."""
    members = event_pairs(events, dataset.actors, predecessors) if members is None else members
    rep = representatives(dataset.actors, predecessors)
    mine = rep.get(focal, focal)
    partner_of: dict[str, str] = {}
    for partner in partners:  # two partners of one representative: the first chosen counts
        partner_of.setdefault(rep.get(partner, partner), partner)
    other = members["b"].where(members["a"] == mine, members["a"].where(members["b"] == mine))
    hits = members.assign(partner=other.map(partner_of)).dropna(subset=["partner"])
    return hits[["partner", "event_id"]].drop_duplicates().reset_index(drop=True)


def with_details(hits: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """hits (with an event_id column) joined to the events' start, year, tone, title, date_label."""
    details = events[["id", "start", "year", "tone", "title", "date_label"]].rename(columns={"id": "event_id"})
    return hits.merge(details, on="event_id", how="left")


def _partner_of(pairs: pd.DataFrame) -> dict[str, str]:
    return dict(zip(pairs["pair"].cat.categories, pairs["partner"].cat.categories))


def pair_totals(pairs: pd.DataFrame) -> pd.Series:
    """Events per pair, zeros included, indexed by pair label in order."""
    return pairs.groupby("pair", observed=False)["event_id"].nunique()


# -- Aggregates for the Compare page -----------------------------------------------------------


def theme_profile(pairs: pd.DataFrame, event_themes: pd.DataFrame, themes: pd.DataFrame,
                  theme_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Events per theme x pair, every combination present (zeros kept): theme_id, theme, pair,
    partner, events. Themes in themes.yaml order (or `theme_ids` order)."""
    order = list(theme_ids) if theme_ids else list(themes["id"])
    tagged = pairs[["pair", "event_id"]].merge(event_themes[["event_id", "theme_id"]], on="event_id")
    tagged = tagged[tagged["theme_id"].isin(order)]
    tagged["theme_id"] = pd.Categorical(tagged["theme_id"], categories=order)
    counts = tagged.groupby(["theme_id", "pair"], observed=False).size().rename("events").reset_index()
    counts["theme_id"] = counts["theme_id"].astype(str)
    counts["theme"] = counts["theme_id"].map(dict(zip(themes["id"], themes["label"]))).fillna(counts["theme_id"])
    counts["partner"] = counts["pair"].map(_partner_of(pairs)).astype(str)
    return counts[["theme_id", "theme", "pair", "partner", "events"]]


def activity_by_year(pairs: pd.DataFrame, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Events per pair and year (pair, partner, year, events), zero for every year in `years`
    (default: from the first to the last year of any pair) and for empty pairs."""
    if years is None:
        years = range(int(pairs["year"].min()), int(pairs["year"].max()) + 1) if len(pairs) else []
    years = list(years)
    inside = pairs[pairs["year"].isin(years)]
    framed = inside.assign(year=pd.Categorical(inside["year"], categories=years))
    counts = framed.groupby(["pair", "year"], observed=False)["event_id"].nunique().rename("events").reset_index()
    counts["year"] = counts["year"].astype(int) if len(counts) else counts["year"]
    counts["partner"] = counts["pair"].map(_partner_of(pairs)).astype(str)
    return counts[["pair", "partner", "year", "events"]]


def tone_balance(pairs: pd.DataFrame) -> pd.DataFrame:
    """Events per pair and tone with the share of the pair's events (0 for an empty pair):
    pair, partner, tone, events, total, share."""
    framed = pairs.assign(tone=pd.Categorical(pairs["tone"], categories=list(TONES)))
    counts = framed.groupby(["pair", "tone"], observed=False)["event_id"].nunique().rename("events").reset_index()
    counts["tone"] = counts["tone"].astype(str)
    counts["total"] = counts.groupby("pair", observed=False)["events"].transform("sum")
    counts["share"] = (counts["events"] / counts["total"].where(counts["total"] > 0)).fillna(0.0)
    counts["partner"] = counts["pair"].map(_partner_of(pairs)).astype(str)
    return counts[["pair", "partner", "tone", "events", "total", "share"]]


def _top_themes(profile: pd.DataFrame, n: int) -> pd.Series:
    busy = profile[profile["events"] > 0].sort_values(["pair", "events", "theme"], ascending=[True, False, True])
    top = busy.groupby("pair", observed=True).head(n)
    text = top["theme"] + " (" + top["events"].astype(str) + ")"
    return text.groupby(top["pair"], observed=False).agg(", ".join)


def pair_summary(pairs: pd.DataFrame, event_themes: pd.DataFrame, themes: pd.DataFrame,
                 top: int = 3) -> pd.DataFrame:
    """One row per pair, empty pairs included: events, first and latest event (date, title),
    top themes with counts and the share of cooperative events."""
    ordered = pairs.sort_values(["start", "event_id"])
    first = ordered.drop_duplicates("pair", keep="first").set_index("pair")
    latest = ordered.drop_duplicates("pair", keep="last").set_index("pair")
    index = pd.CategoricalIndex(pairs["pair"].cat.categories, categories=pairs["pair"].cat.categories,
                                ordered=True, name="pair")
    tones = tone_balance(pairs)
    coop = tones[tones["tone"] == "cooperation"].set_index("pair")
    out = pd.DataFrame(index=index)
    out["partner"] = [str(p) for p in pairs["partner"].cat.categories]
    out["events"] = pair_totals(pairs).reindex(index).fillna(0).astype(int)
    for name, frame in (("first", first), ("latest", latest)):
        out[f"{name}_date"] = frame["date_label"].reindex(index)
        out[f"{name}_event"] = frame["title"].reindex(index)
    out["top_themes"] = _top_themes(theme_profile(pairs, event_themes, themes), top).reindex(index)
    out["share_cooperative"] = coop["share"].reindex(index).where(out["events"] > 0)
    empty = out["events"] == 0
    out.loc[empty, "first_event"] = NO_EVENTS
    text = ["first_date", "first_event", "latest_date", "latest_event", "top_themes"]
    out[text] = out[text].astype(object).where(out[text].notna(), "")
    return out.reset_index()


BIN_CHOICES = ("periods", "10", "5")  # named periods, or 10- and 5-year bins
OUTSIDE_PERIODS = "Outside the named periods"


def _bin_dates(pairs: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The date that places each pair row in a bin: its start, or the known end of an open start."""
    ends = pairs["event_id"].map(dict(zip(events["id"], events["end"])))
    dates = pairs["event_id"].map(dict(zip(events["id"], events["date"].astype(str))))
    return pairs["start"].where(~dates.str.startswith("..").fillna(False), ends)


def time_bins(pairs: pd.DataFrame, events: pd.DataFrame, periods: pd.DataFrame, bins: str = "periods") -> pd.DataFrame:
    """The pair rows with the bin each falls in: `bin` (a label), `bin_no` (its order). With
    bins="periods", the named period holding the event's date (start, or the end of an open start;
    the first period in periods.yaml order when two hold it), else "Before 1922" (the first
    period's start year) or OUTSIDE_PERIODS (after the last, or in a gap); with "10" or
    "5", the decade or half-decade of that date's year ("2020–2029")."""
    when = _bin_dates(pairs, events)
    out = pairs.assign(_when=when)
    if bins == "periods":
        label = pd.Series(OUTSIDE_PERIODS, index=pairs.index, dtype=object)
        order = pd.Series(len(periods), index=pairs.index)
        for i, row in reversed(list(enumerate(periods.itertuples()))):  # the first period wins
            inside = (when >= row.start_date) & (when <= row.end_date)
            label, order = label.where(~inside, row.label), order.where(~inside, i)
        first = periods["start_date"].min() if len(periods) else None
        before = (when < first) if first is not None else pd.Series(False, index=pairs.index)
        early = before & (label == OUTSIDE_PERIODS)
        order = order.where(~early, -1)
        label = label.where(~early, f"Before {first.year}" if first is not None else OUTSIDE_PERIODS)
        return out.assign(bin=label, bin_no=order.astype(int)).drop(columns="_when")
    width = int(bins)
    low = (when.dt.year // width) * width
    return out.assign(bin=low.astype(str) + "–" + (low + width - 1).astype(str), bin_no=low.astype(int)).drop(
        columns="_when")


def tone_over_time(pairs: pd.DataFrame, events: pd.DataFrame, periods: pd.DataFrame,
                   bins: str = "periods") -> pd.DataFrame:
    """Events per pair, bin and tone, every tone of every bin a pair has events in present (zeros
    kept): pair, partner, bin, bin_no, tone, events, n (the pair's events in the bin). An event
    counts once, in one bin (`time_bins`)."""
    binned = time_bins(pairs, events, periods, bins)
    columns = ["pair", "partner", "bin", "bin_no", "tone", "events", "n"]
    if binned.empty:
        return pd.DataFrame(columns=columns)
    binned = binned.assign(tone=pd.Categorical(binned["tone"], categories=list(TONES)),
                           pair=binned["pair"].astype(str))
    counts = (binned.groupby(["pair", "bin_no", "bin", "tone"], observed=True)["event_id"].nunique()
              .unstack("tone", fill_value=0).reindex(columns=list(TONES), fill_value=0))
    counts.columns = counts.columns.astype(str)
    counts["n"] = counts.sum(axis=1)
    long = counts.reset_index().melt(id_vars=["pair", "bin_no", "bin", "n"], value_vars=list(TONES),
                                     var_name="tone", value_name="events")
    long["partner"] = long["pair"].map(dict(zip(binned["pair"], binned["partner"].astype(str))))
    order = {label: i for i, label in enumerate(pairs["pair"].cat.categories)}
    long["_pair_no"] = long["pair"].map(order)
    long["_tone_no"] = long["tone"].map({t: i for i, t in enumerate(TONES)})
    long = long.sort_values(["_pair_no", "bin_no", "_tone_no"], ignore_index=True)
    return long[columns].astype({"events": int, "n": int})


def cell_events(pairs: pd.DataFrame, event_themes: pd.DataFrame, *, partner: str | None = None,
                theme_id: str | None = None, tone: str | None = None, year: int | None = None) -> pd.DataFrame:
    """The pair rows behind one cell or bar: any criterion left as None is not applied."""
    keep = pd.Series(True, index=pairs.index)
    if partner is not None:
        keep &= pairs["partner"].astype(str) == partner
    if theme_id is not None:
        keep &= is_in(pairs["event_id"], event_themes.loc[event_themes["theme_id"] == theme_id, "event_id"])
    if tone is not None:
        keep &= pairs["tone"] == tone
    if year is not None:
        keep &= pairs["year"] == year
    return pairs[keep]


# -- Aggregates for the Themes page ------------------------------------------------------------


def theme_tone_counts(events: pd.DataFrame, event_themes: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """Events per theme and tone, every theme and tone present: theme_id, theme, tone, events, total."""
    tagged = event_themes.merge(events[["id", "tone"]], left_on="event_id", right_on="id")
    tagged = tagged[tagged["theme_id"].isin(themes["id"])]
    tagged["theme_id"] = pd.Categorical(tagged["theme_id"], categories=list(themes["id"]))
    tagged["tone"] = pd.Categorical(tagged["tone"], categories=list(TONES))
    counts = tagged.groupby(["theme_id", "tone"], observed=False)["event_id"].nunique().rename("events").reset_index()
    counts[["theme_id", "tone"]] = counts[["theme_id", "tone"]].astype(str)
    counts["theme"] = counts["theme_id"].map(dict(zip(themes["id"], themes["label"])))
    counts["total"] = counts.groupby("theme_id")["events"].transform("sum")
    return counts[["theme_id", "theme", "tone", "events", "total"]]


def busiest_theme(events: pd.DataFrame, event_themes: pd.DataFrame, themes: pd.DataFrame) -> str | None:
    """The theme with most of the given events (ties: themes.yaml order); None without themes."""
    if themes.empty:
        return None
    counts = event_themes.loc[is_in(event_themes["event_id"], events["id"]), "theme_id"].value_counts()
    counts = counts.reindex(themes["id"], fill_value=0)
    return str(counts.index[int(np.argmax(counts.to_numpy()))])


def events_with_theme(events: pd.DataFrame, event_themes: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    return events[is_in(events["id"], event_themes.loc[event_themes["theme_id"] == theme_id, "event_id"])]


def preset_pairs() -> list[tuple[str, str]]:
    """Every (focal, partner) of the presets, each unordered pair once (Panama-Russia appears twice)."""
    seen, out = set(), []
    for preset in PRESETS.values():
        for partner in preset.partners:
            if frozenset((preset.focal, partner)) not in seen:
                seen.add(frozenset((preset.focal, partner)))
                out.append((preset.focal, partner))
    return out


def lane_events(dataset: Dataset, events: pd.DataFrame, pairs: Sequence[tuple[str, str]],
                predecessors: bool, nudge: float = 0.8) -> pd.DataFrame:
    """One row per (lane, event): each of `pairs` is a lane, and events in none of them share a
    last lane. Columns: lane, lane_no, y (lane_no nudged so events of one year do not overlap),
    event_id, start, year, tone, title, date_label."""
    columns = ["lane", "event_id", "start", "year", "tone", "title", "date_label"]
    lanes = lane_names(dataset, pairs)
    members = event_pairs(events, dataset.actors, predecessors)  # once for all pairs
    hits = [pair_hits(dataset, focal, valid_partners(dataset, focal, [partner], predecessors), predecessors,
                      events, members).assign(lane=lane)[["lane", "event_id"]]
            for (focal, partner), lane in zip(pairs, lanes)]  # fmt: skip
    placed = pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=["lane", "event_id"])
    other = events.loc[~is_in(events["id"], placed["event_id"]), ["id"]].rename(columns={"id": "event_id"})
    lane_of = pd.concat([placed, other.assign(lane=OTHER_LANE)], ignore_index=True)
    rows = with_details(lane_of, events)[columns]  # the event details joined once, not once per pair
    rows["lane_no"] = rows["lane"].map({lane: i for i, lane in enumerate(lanes)}).astype(int)
    rows = rows.sort_values(["lane_no", "year", "start", "event_id"], ignore_index=True)
    cell = rows.groupby(["lane_no", "year"])
    rank, size = cell.cumcount(), cell["event_id"].transform("size")
    step = np.minimum(nudge / size.clip(lower=1), 0.2)
    rows["y"] = rows["lane_no"] + (rank - (size - 1) / 2) * step
    return rows[["lane", "lane_no", "y", *columns[1:]]]


def in_pair_lane(dataset: Dataset, events: pd.DataFrame, pair: str, predecessors: bool) -> pd.DataFrame:
    """The events of `events` in the lane of one pair, 'FOCAL-PARTNER' as the Themes page and its
    link name it (a lane of `lane_events`)."""
    focal, partner = pair.split("-", 1)
    lanes = lane_events(dataset, events, [(focal, partner)], predecessors)
    return events[is_in(events["id"], lanes.loc[lanes["lane_no"] == 0, "event_id"])]


def lane_names(dataset: Dataset, pairs: Sequence[tuple[str, str]]) -> list[str]:
    names = actor_names(dataset)
    return [pair_label(f, p, names) for f, p in pairs] + [OTHER_LANE]


def perspective_passages(dataset: Dataset, theme_id: str, event_ids: Iterable[str],
                         sources: Sequence[str] = ()) -> pd.DataFrame:
    """The theme's undated passages and the passages of the given events that carry the theme,
    grouped by perspective in `PERSPECTIVES` order; undated first, then by event date. A span
    quoted for several events (or also for the theme) is listed once, naming every event.
    Columns: perspective, perspective_label, origin ('theme' when the theme cites it, else
    'event'), source_id, quote, start, end, event_id and event_title and date_label (of its
    earliest event), events ('“Title” (date); ...' of all its events, '' for none) and n_events.
    `sources` (if any) restricts the sources."""
    passages = dataset.passages
    tagged = events_with_theme(dataset.events[is_in(dataset.events["id"], event_ids)],
                               dataset.event_themes, theme_id)
    chosen = passages[(passages["theme_id"] == theme_id) | is_in(passages["event_id"], tagged["id"])]
    if sources:
        chosen = chosen[chosen["source_id"].isin(sources)]
    details = tagged[["id", "title", "date_label", "start"]].rename(
        columns={"id": "event_id", "title": "event_title", "start": "event_start"})
    out = chosen.merge(details, on="event_id", how="left")
    out["_undated"] = (out["theme_id"] == theme_id).fillna(False).astype(bool)
    out["_label"] = "“" + out["event_title"] + "” (" + out["date_label"] + ")"
    out = out.sort_values(["_undated", "event_start", "event_id", "passage_no"], ascending=[False, True, True, True],
                          na_position="first", ignore_index=True)
    span = ["perspective", "source_id", "start", "end"]
    merged = out.groupby(span, sort=False, dropna=False).agg(
        quote=("quote", "first"), undated=("_undated", "any"), event_id=("event_id", "first"),
        event_title=("event_title", "first"), date_label=("date_label", "first"), event_start=("event_start", "min"),
        n_events=("event_id", "count"),
    ).reset_index()  # fmt: skip
    shared = out[out.duplicated(span, keep=False)].dropna(subset=["_label"])  # few: join only these in Python
    joined = shared.groupby(span, sort=False)["_label"].agg("; ".join).rename("events").reset_index()
    merged = merged.merge(joined, on=span, how="left")
    merged["events"] = merged["events"].fillna("“" + merged["event_title"] + "” (" + merged["date_label"] + ")")
    merged["events"] = merged["events"].fillna("")
    merged["origin"] = np.where(merged["undated"], "theme", "event")
    order = {key: i for i, key in enumerate(PERSPECTIVES)}
    merged["perspective_label"] = merged["perspective"].map(PERSPECTIVES).fillna(merged["perspective"])
    merged["_rank"] = merged["perspective"].map(order).fillna(len(order))
    merged = merged.sort_values(["_rank", "undated", "event_start"], ascending=[True, False, True],
                                na_position="first", kind="stable", ignore_index=True)
    columns = ["perspective", "perspective_label", "origin", "source_id", "quote", "start", "end",
               "event_id", "event_title", "date_label", "events", "n_events"]  # fmt: skip
    return merged[columns]
