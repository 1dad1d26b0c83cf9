"""Opening the app's pages under AppTest, shared by the page tests (paths resolve against this file)."""

from streamlit.testing.v1 import AppTest


def open_page(page: str | None = None, params: dict | None = None, state: dict | None = None) -> AppTest:
    """Run the entry file with query params and session state set, on `page` (default: Timeline)."""
    at = AppTest.from_file("../dashboard/app.py", default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def chart_title(spec: dict) -> str:
    """A chart's title as the page shows it (above the figure; kept in its layout.meta)."""
    return (spec["layout"].get("meta") or {}).get("title") or spec["layout"]["title"].get("text", "")
