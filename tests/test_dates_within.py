"""A date filter keeps events whose span overlaps it; those whose span lies within it are 'within',
the others 'may fall outside'; `dates=within` keeps only the first. Every date shape."""

from datetime import date

import pandas as pd
import pytest

from dashboard.core import filters as F
from dashboard.core.dates import parse_date

POST_2022 = F.Filters(date_from=date(2022, 2, 24), date_to=date(2026, 12, 31))
YEAR_2009 = F.Filters(date_from=date(2009, 1, 1), date_to=date(2009, 12, 31))
UNTIL_2021 = F.Filters(date_to=date(2021, 12, 31))


def frame(*dates: str) -> pd.DataFrame:
    spans = [parse_date(d) for d in dates]
    return pd.DataFrame({
        "id": [f"e{i}" for i in range(len(dates))], "date": [s.text for s in spans],
        "start": pd.to_datetime([s.start for s in spans]), "end": pd.to_datetime([s.end for s in spans]),
        "precision": [s.precision for s in spans], "approximate": [s.approximate for s in spans],
    })  # fmt: skip


@pytest.mark.parametrize("text, chosen, kept, within", [
    # day
    ("2022-03-01", POST_2022, True, True),
    ("2022-02-24", POST_2022, True, True),  # the first day of the period is inside it
    ("2022-02-23", POST_2022, False, False),
    # month
    ("2022-03", POST_2022, True, True),
    ("2022-02", POST_2022, True, False),  # February 2022 straddles the 24th
    ("2022-01", POST_2022, False, False),
    # year
    ("2022", POST_2022, True, False),  # the year-only 2022 invasion event may be before 24 February
    ("2023", POST_2022, True, True),
    ("2009", YEAR_2009, True, True),
    # range
    ("2020/2023", POST_2022, True, False),
    ("2022-03/2024", POST_2022, True, True),
    ("2015/2021", POST_2022, False, False),
    # open start: anything up to its end
    ("../2022", POST_2022, True, False),
    ("../2021", POST_2022, False, False),
    ("../2021", UNTIL_2021, True, True),  # no lower bound asked for: it lies within
    ("../2022-06", UNTIL_2021, True, False),
    # open end (runs to today, DASHBOARD_TODAY in tests)
    ("1989/..", POST_2022, True, False),
    ("2023/..", F.Filters(date_from=date(2022, 2, 24)), True, True),
    ("1989/..", UNTIL_2021, True, False),
    # approximate and uncertain
    ("2009~", YEAR_2009, True, False),  # c. 2009 may be 2008 or 2010
    ("2009-06~", YEAR_2009, True, True),  # c. June 2009 stays inside 2009
    ("2009-12-30~", YEAR_2009, True, False),  # a week either side reaches 2010
    ("2010~", YEAR_2009, False, False),  # the margin never keeps an event the span does not
    ("2009?", YEAR_2009, True, True),  # uncertain, not approximate: its span is its span
])  # fmt: skip
def test_every_date_shape_is_kept_when_it_overlaps_and_within_only_when_it_lies_inside(text, chosen, kept, within):
    events = frame(text)
    assert bool(F.overlaps_dates(chosen, events).iloc[0]) is kept
    assert bool(F.within_dates(chosen, events).iloc[0]) is within
    assert bool(F.may_fall_outside(chosen, events).iloc[0]) is (kept and not within)


def test_no_date_filter_keeps_and_counts_everything_within():
    events = frame("../2022", "2022", "1989/..")
    assert F.within_dates(F.Filters(), events).all() and not F.may_fall_outside(F.Filters(), events).any()


def test_open_start_is_detected_from_the_curated_text():
    assert F.open_start(frame("../2022", "2022", "2022/..", "2021/2022")).tolist() == [True, False, False, False]


@pytest.mark.parametrize("params, within, notices", [
    ({"dates": "within"}, True, []),
    ({"dates": "overlap"}, False, []),
    ({}, False, []),
    ({"dates": "inside"}, False, ["Ignored dates=“inside”: use within (or overlap, the default)."]),
    ({"dates": ["within", "overlap"]}, True, ["“dates” was given 2 times; the first was used."]),
])  # fmt: skip
def test_dates_parameter(valid_dataset, params, within, notices):
    chosen, said = F.Filters.from_query_params(params, valid_dataset)
    assert chosen.within is within and said == notices
    assert F.Filters.from_query_params(chosen.to_query_params(), valid_dataset)[0] == chosen


def test_within_leaves_out_what_only_overlaps(real):
    real_dataset = real
    period = F.Filters.from_query_params({"period": "post-2022", "theme": "sanctions"}, real_dataset)[0]
    kept = F.apply(period, real_dataset)
    outside = F.may_fall_outside(period, kept)
    assert outside.sum() >= 1
    for row in kept[outside].itertuples():  # each one only overlaps: an open start, or a span across 24 Feb 2022
        assert row.date.startswith("..") or row.start < pd.Timestamp("2022-02-24") or row.approximate
    assert outside[kept["date"] == "2022"].all()  # a year-only 2022 event may be before 24 February
    strict = F.apply(period.with_(within=True), real_dataset)
    assert set(strict["id"]) == set(kept.loc[~outside, "id"])
    assert "may fall outside these dates" in F.describe(period, real_dataset)
    assert "only events dated within these dates" in F.describe(period.with_(within=True), real_dataset)


def test_exports_leave_an_open_start_empty_and_say_within_dates(real):
    from dashboard.core import records

    period = F.Filters.from_query_params({"period": "post-2022", "theme": "sanctions"}, real)[0]
    kept = F.apply(period, real)
    recs = {r["id"]: r for r in records.event_records(real, kept, period)}
    open_id = kept.loc[kept["date"].str.startswith(".."), "id"].iloc[0]  # the curated open starts may change
    pre = recs[open_id]
    assert pre["start"] is None and pre["end"] == kept.set_index("id").loc[open_id, "end"].date().isoformat()
    assert pre["within_dates"] is False
    assert sum(not r["within_dates"] for r in recs.values()) == int(F.may_fall_outside(period, F.apply(period, real)).sum())
    assert '"start": null' in records.to_json([pre])
    csv_text = records.to_csv(list(recs.values()))
    assert csv_text.splitlines()[0].endswith(",within_dates")
    row = next(line for line in csv_text.splitlines() if line.startswith(f"{open_id},"))
    assert f",{pre['date']},,{pre['end']}," in row and row.endswith(",false")
    no_dates = records.event_records(real, real.events.head(3), F.Filters())
    assert all("within_dates" not in r for r in no_dates)


def test_cli_within_flag(real, capsys):
    from dashboard.__main__ import main

    assert main(["export", "events", "--period", "post-2022", "--theme", "sanctions", "--within"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out and all(r["within_dates"] for r in out)


def test_timeline_marks_what_may_fall_outside_and_draws_open_starts_fading_left(real):
    from dashboard.core.charts import timeline as T

    period = F.Filters.from_query_params({"period": "post-2022", "theme": "sanctions"}, real)[0]
    events = F.apply(period, real)
    points = T.timeline_points(events, lanes="actors", themes=real.themes, actors=real.actors, filters=period)
    pre = points[points["open_start"]].iloc[0]
    assert pre["outside"] and pre["x"] == pre["end"] and pre["x"] > pre["start"]  # at its known end
    symbols = dict(zip(points["id"], T.marker_symbols(points)))
    assert symbols[pre["id"]].split("-dot")[0].endswith("-open")
    inside = points[~points["outside"]].iloc[0]
    assert not symbols[inside["id"]].split("-dot")[0].endswith("-open")
    reported = points[points["date_basis"] == "reported"]["id"]
    assert len(reported) and all(symbols[i].endswith("-dot") for i in reported)
    fig = T.chart_timeline(real, period, events=events, points=points)
    fades = [t for t in fig.data if (t.name or "").startswith("open-start:")]
    assert len(fades) == T.FADE_STEPS * points[points["open_start"]]["primary_theme"].nunique()
    opacities = [t.opacity for t in fades[: T.FADE_STEPS]]
    assert opacities == sorted(opacities, reverse=True) and opacities[-1] < opacities[0] / 4  # fades leftwards
    latest_end = points.loc[points["open_start"], "end"].max().date().isoformat()
    assert all(max(x for x in t.x if x) <= latest_end for t in fades)  # never past the known end
    table = T.timeline_table(points)
    row = table[table["id"] == pre["id"]].iloc[0]
    assert row["start"] is None and row["may fall outside the dates"] == "yes"
    assert row["dated by"] == {"event": "the event", "reported": "a report"}[pre["date_basis"]]
    assert "Hollow" in fig.layout.legend.title.text and "Fading bar" in fig.layout.legend.title.text
