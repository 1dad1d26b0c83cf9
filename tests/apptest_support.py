"""Opening the app's pages under AppTest, shared by the page tests (paths resolve against this file)."""

import re

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


def unmarked(markdown: str) -> str:
    """Markdown with the markings of core.palette taken off (shapes, fills, italic evidence words;
    bold stays), the escapes left: what md(text) gives, so a test can look for md(quote) in it."""
    text = re.sub(r"!\[[^\]]*\]\(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+(?: \"[^\"]*\")?\)", "", markdown)
    text = re.sub(r'\]\{foreground="#[0-9A-F]{6}" background="#[0-9A-F]{6}"\}', "", text).replace(":color[", "")
    # an italic word is *word*, also next to bold (***word* …**): drop one star of each odd run
    return re.sub(r"(?<![\\*])\*+", lambda run: run.group()[: len(run.group()) // 2 * 2], text)
