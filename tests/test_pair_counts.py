"""One count everywhere: the same filters give the same number of events for the same pair on the
Timeline, on Compare, on Themes, from the command line and in the citation bundle."""

import io
import json
import zipfile

import pandas as pd
import pytest

from dashboard.__main__ import main
from dashboard.core import analysis, bundle
from dashboard.core.charts import compare as C
from dashboard.core.charts import timeline as T
from dashboard.core.filters import Filters, apply

PAIRS = [("PAN", "RUS"), ("PAN", "USA"), ("RUS", "CUB"), ("PAN", "CHN")]
FILTERS = [{}, {"theme": "sanctions"}, {"period": "post-2022"}, {"pred": "0"}, {"tone": "cooperation"},
           {"period": "post-soviet", "dates": "within"}]  # fmt: skip
CLI_FLAGS = {"theme": "--theme", "period": "--period", "tone": "--tone"}


def counts_everywhere(real, params: dict, focal: str, partner: str, capsys) -> dict[str, int]:
    chosen, notices = Filters.from_query_params(params, real)
    assert not notices
    names = analysis.actor_names(real)
    events = apply(chosen, real)
    lane = " – ".join(sorted((names[focal], names[partner])))
    actor = chosen.with_(actors=(focal, partner), match="all")
    points = T.timeline_points(apply(actor, real), lanes="actors", themes=real.themes, actors=real.actors,
                               filters=actor)  # the Timeline of the pair, as the command line below
    every = T.timeline_points(events, lanes="actors", themes=real.themes, actors=real.actors, filters=chosen)
    comp = C.comparison(real, chosen, focal, (partner, "BRA" if partner != "BRA" else "VEN"))
    in_lane = every.loc[every["lane"] == lane, "id"].nunique()  # the Timeline of all events
    pair_ids = set(analysis.pair_hits(real, focal, [partner], chosen.predecessors, events)["event_id"])
    if in_lane == 0:  # no lane: every event of the pair is one of 5+ actors, in the multilateral lane
        assert pair_ids <= set(every.loc[every["lane"] == T.MULTILATERAL, "id"])
    found = {
        "timeline": points.loc[points["lane"] == lane, "id"].nunique(),
        **({"timeline, all events": in_lane} if in_lane else {}),
        "compare": int(analysis.pair_totals(comp.pairs).iloc[0]),
        "core": analysis.pair_count(events, real.actors, focal, partner, chosen.predecessors),
    }
    if (focal, partner) in analysis.preset_pairs():  # the Themes page's lanes are the presets' pairs
        label = analysis.pair_label(focal, partner, names)
        per_theme = analysis.lane_events(real, events, [(focal, partner)], chosen.predecessors)
        found["themes"] = per_theme.loc[per_theme["lane"] == label, "event_id"].nunique()
    words = ["export", "events", "--actor", focal, "--actor", partner]
    for name, value in params.items():
        words += ["--no-predecessors"] if name == "pred" else ["--within"] if name == "dates" else [CLI_FLAGS[name], value]
    assert main(words) == 0
    found["cli"] = len(json.loads(capsys.readouterr().out))
    archive = zipfile.ZipFile(io.BytesIO(bundle.build(real, actor, images=False)))
    found["bundle"] = len(json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("events.json")))))
    return found


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "none")
@pytest.mark.parametrize("focal, partner", PAIRS)
def test_every_page_counts_a_pair_alike(real, params, focal, partner, capsys):
    found = counts_everywhere(real, params, focal, partner, capsys)
    assert len(set(found.values())) == 1, found


def test_the_multilateral_lane_takes_no_event_from_a_pair_lane(real):
    chosen = Filters.from_query_params({"period": "post-2022"}, real)[0]  # few lanes: none folded into "Other"
    events = apply(chosen, real)
    many = events[events["actors"].map(len) > T.MAX_PAIR_ACTORS]
    assert len(many), "the curated data has an event of five or more actors after February 2022"
    points = T.timeline_points(events, lanes="actors", themes=real.themes, actors=real.actors, filters=chosen)
    for event_id in many["id"]:
        lanes = set(points.loc[points["id"] == event_id, "lane"])
        assert T.MULTILATERAL in lanes and "Panama – Russia" in lanes


@pytest.mark.parametrize("actors, predecessors, expected", [
    (("RUS", "PAN"), True, [("PAN", "RUS")]),
    (("SUN", "PAN"), True, [("PAN", "RUS")]),  # the Soviet Union counts as Russia
    (("SUN", "PAN"), False, [("PAN", "SUN")]),
    (("SUN", "RUS", "PAN"), True, [("PAN", "RUS")]),  # once, not twice
    (("SUN", "RUS"), True, []),  # one state with its predecessor: no pair
    (("SUN", "RUS"), False, [("RUS", "SUN")]),
    (("PAN",), True, []),
    (("USA", "PAN", "CHN"), True, [("CHN", "PAN"), ("CHN", "USA"), ("PAN", "USA")]),
])  # fmt: skip
def test_pairs_of(real, actors, predecessors, expected):
    assert analysis.pairs_of(actors, analysis.representatives(real.actors, predecessors)) == expected


def test_event_pairs_spreads_the_pairs_to_every_event():
    actors = pd.DataFrame({"id": ["A", "B", "C", "OLD"], "predecessor": [None, None, None, None]})
    actors.loc[0, "predecessor"] = "OLD"
    events = pd.DataFrame({"id": ["e1", "e2", "e3"], "actors": [("A", "B"), ("OLD", "B", "C"), ("A", "OLD")]})
    members = analysis.event_pairs(events, actors, predecessors=True)
    assert sorted(map(tuple, members[["event_id", "a", "b"]].to_numpy().tolist())) == [
        ("e1", "A", "B"), ("e2", "A", "B"), ("e2", "A", "C"), ("e2", "B", "C")]
    assert analysis.pair_count(events, actors, "OLD", "B", predecessors=False) == 1
    assert analysis.pair_count(events, actors, "A", "B", predecessors=True) == 2
