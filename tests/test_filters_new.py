"""The filters of issue 14: what dates an event (basis), whose view a passage reports
(perspective) and the kind of event; in the URL, the command line, the sentence and the exports."""

import json

import pytest

from dashboard.__main__ import main
from dashboard.core import filters as F


@pytest.mark.parametrize("params, expected, notices", [
    ({"basis": "event"}, {"basis": "event"}, []),
    ({"basis": "reported"}, {"basis": "reported"}, []),
    ({"basis": "both"}, {}, ["Ignored basis=“both”: use event or reported."]),
    ({"perspective": ["russian-government", "us-media"]}, {"perspectives": ("russian-government", "us-media")}, []),
    ({"perspective": "kremlin"}, {}, ["Ignored unknown perspective “kremlin”."]),
    ({"kind": ["visit", "sanction", "visit"]}, {"kinds": ("visit", "sanction")}, []),
    ({"kind": ["visit", "picnic"]}, {"kinds": ("visit",)}, ["Ignored unknown kind “picnic”."]),
])  # fmt: skip
def test_new_parameters_are_read_and_unknown_values_ignored_with_a_notice(real, params, expected, notices):
    chosen, said = F.Filters.from_query_params(params, real)
    assert said == notices
    assert {k: getattr(chosen, k) for k in expected} == expected
    assert F.Filters.from_query_params(chosen.to_query_params(), real) == (chosen, [])


@pytest.mark.parametrize("params, column, allowed", [
    ({"basis": "event"}, "date_basis", {"event"}),
    ({"basis": "reported"}, "date_basis", {"reported"}),
    ({"kind": ["visit", "agreement"]}, "kind", {"visit", "agreement"}),
])  # fmt: skip
def test_basis_and_kind_keep_only_their_events(real, params, column, allowed):
    chosen = F.Filters.from_query_params(params, real)[0]
    kept = F.apply(chosen, real)
    assert len(kept) == int(real.events[column].isin(allowed).sum()) > 0


def test_basis_splits_the_events_in_two(real):
    sizes = [len(F.apply(F.Filters(basis=b), real)) for b in F.BASES]
    assert sum(sizes) == len(real.events) and all(sizes)


def test_perspective_keeps_events_with_a_passage_of_that_view(real):
    chosen = F.Filters(perspectives=("russian-government",))
    kept = set(F.apply(chosen, real)["id"])
    quoted = real.passages.dropna(subset=["event_id"])
    assert kept == set(quoted.loc[quoted["perspective"] == "russian-government", "event_id"]) and kept


def test_describe_says_the_new_filters(real):
    text = F.describe(F.Filters(basis="reported", perspectives=("us-government",), kinds=("visit",)), real)
    assert "dated by a report" in text and "view reported: US officials" in text and "kind: visit" in text


def test_cli_flags(real, capsys):
    assert main(["export", "events", "--basis", "reported", "--kind", "visit", "--perspective", "author"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out and all(r["date_basis"] == "reported" and r["kind"] == "visit" for r in out)
    assert main(["export", "events", "--kind", "picnic"]) == 0
    assert "Ignored unknown kind “picnic”" in capsys.readouterr().err
