"""The load simulator's message building, its reading of the server's messages and its latency
bookkeeping (benchmarks/users.py), without a server."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import users

TONES_ID = "$$ID-b00d9c24e8e52d8cbc8ddb3b22e0deee-f_tones"


def test_rerun_message_carries_url_page_and_widget_values():
    msg = users.rerun_message("actor=RUS&tone=tension", "pagehash", {
        TONES_ID: ["tension", "cooperation"], "$$ID-1-f_pred": True, "$$ID-2-timeline_lanes": "Actor pair",
        "$$ID-3-f_period": None})
    again = BackMsg.FromString(msg.SerializeToString())  # what goes over the wire parses back
    client = again.rerun_script
    assert (client.query_string, client.page_script_hash) == ("actor=RUS&tone=tension", "pagehash")
    states = {w.id: w for w in client.widget_states.widgets}
    assert list(states[TONES_ID].string_array_value.data) == ["tension", "cooperation"]
    assert states["$$ID-1-f_pred"].WhichOneof("value") == "bool_value" and states["$$ID-1-f_pred"].bool_value
    assert states["$$ID-2-timeline_lanes"].string_value == "Actor pair"
    assert states["$$ID-3-f_period"].WhichOneof("value") is None  # "no value", as the browser sends it


def test_first_run_sends_empty_widget_states_on_the_default_page():
    client = users.rerun_message("theme=sanctions").rerun_script
    assert client.HasField("widget_states") and len(client.widget_states.widgets) == 0
    assert client.page_script_hash == ""


def test_widget_state_refuses_values_the_browser_never_sends():
    with pytest.raises(TypeError):
        users.widget_state("x", 3.5)


def test_download_request_names_the_file_and_the_session():
    request = users.download_request("file1", "req1", "sess1").backend_operation_request
    assert (request.deferred_file.file_id, request.request_id, request.session_id) == ("file1", "req1", "sess1")


@pytest.mark.parametrize(("widget_id", "key"), [
    (TONES_ID, "f_tones"), ("$$ID-abc-timeline-data-events-csv", "timeline-data-events-csv"),
    ("$$ID-abc-None", None), ("plain", None)])  # fmt: skip
def test_user_key_from_element_id(widget_id, key):
    assert users.user_key(widget_id) == key


def _forward(**fields) -> ForwardMsg:
    msg = ForwardMsg()
    for path, value in fields.items():
        target = msg
        *parents, last = path.split("__")
        for name in parents:
            target = getattr(target, name)
        setattr(target, last, value)
    return msg


def test_view_follows_pages_url_widgets_downloads_and_exceptions():
    view = users.View()
    session = ForwardMsg()
    session.new_session.initialize.session_id = "s1"
    session.new_session.page_script_hash = "home"
    for path, page_hash, default in (("", "home", True), ("compare", "cmp", False)):
        page = session.new_session.app_pages.add()
        page.url_pathname, page.page_script_hash, page.is_default = path, page_hash, default
    assert view.take(session) == "new_session"
    assert view.pages == {"": "home", "compare": "cmp"} and view.session_id == "s1" and view.page == "home"

    view.take(_forward(page_info_changed__query_string="actor=RUS"))
    assert view.query == "actor=RUS"

    pills = ForwardMsg()
    pills.delta.new_element.button_group.id = TONES_ID
    for tone in ("cooperation", "neutral", "tension"):
        pills.delta.new_element.button_group.options.add().content = tone
    download = ForwardMsg()
    download.delta.new_element.download_button.id = "$$ID-9-timeline-data-events-csv"
    download.delta.new_element.download_button.deferred_file_id = "f42"
    boom = ForwardMsg()
    boom.delta.new_element.exception.type, boom.delta.new_element.exception.message = "KeyError", "x"
    for msg in (pills, download, boom):
        view.take(msg)
    assert view.widgets["f_tones"].options == ["cooperation", "neutral", "tension"]
    assert view.widgets["timeline-data-events-csv"].file_id == "f42"
    assert view.exceptions == ["KeyError: x"]

    nav = ForwardMsg()
    nav.navigation.page_script_hash = "cmp"
    view.take(nav)
    assert view.page == "cmp" and view.pages["compare"] == "cmp"  # no pages in it: the old ones stay


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert users.percentile(values, 0.95) == 95.0
    assert users.percentile(values, 0.5) == 50.0
    assert users.percentile([3.0], 0.95) == 3.0
    assert math.isnan(users.percentile([], 0.95))


def test_book_counts_latencies_errors_and_failed_sessions():
    book = users.Book()
    for seconds in (0.1, 0.2, 0.3, 0.4):
        book.ok("filter tone", seconds)
    book.error("filter tone", "no script_finished after 30 s", session=7)
    book.error("download csv", "HTTP 404", session=7)
    book.ok("open root", 1.5)
    rows = {row["action"]: row for row in book.rows()}
    assert rows["filter tone"]["count"] == 5 and rows["filter tone"]["errors"] == 1
    assert rows["filter tone"]["p50_ms"] == pytest.approx(200) and rows["filter tone"]["max_ms"] == pytest.approx(400)
    assert rows["download csv"]["count"] == 1 and math.isnan(rows["download csv"]["p95_ms"])
    assert book.failed_sessions == {7: "filter tone: no script_finished after 30 s"}  # the first reason
    total = book.total()
    assert (total["count"], total["errors"]) == (7, 2)
    assert total["p95_ms"] == pytest.approx(1500)


@pytest.mark.parametrize("url", ["http://example.com:8080", "http://10.0.0.5:8080", "https://127.0.0.1",
                                 "ftp://127.0.0.1", "http://127.0.0.1.example.com/"])  # fmt: skip
def test_refuses_urls_that_are_not_loopback(url, capsys):
    with pytest.raises(SystemExit):
        users.parse_args(["--url", url])
    err = capsys.readouterr().err
    assert "not loopback" in err or "only http://127.0.0.1" in err


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:9000/", "http://[::1]:8080"])
def test_accepts_loopback_urls(url):
    assert users.parse_args(["--url", url, "--users", "2", "--seconds", "5"]).url == url.rstrip("/")


def test_bounds_users_and_seconds():
    for argv in (["--users", "0"], ["--users", str(users.MAX_USERS + 1)], ["--seconds", "0"]):
        with pytest.raises(SystemExit):
            users.parse_args(argv)
