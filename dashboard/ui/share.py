"""'Copy link to this view' on every page: the page's address with the filters, the page's own
view (lane mode, comparison, theme, document, search) and the selected event in its query string."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from dashboard.ui import state

DRAWN_BY_PAGE = frozenset({""})  # pages that draw the link themselves (the Timeline: in its fragment)


def page_url(url_path: str, query: str) -> str:
    """The absolute address of the page at `url_path` with `query` (relative when the browser's
    address is not known, as under AppTest)."""
    try:
        address = st.context.url or ""
    except (AttributeError, RuntimeError):
        address = ""
    parts = urlsplit(address)
    root = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    path = f"{root}/{url_path}" if url_path else f"{root}/"
    return f"{path}?{query}" if query else path


def copy_link(url_path: str) -> None:
    """A popover holding the link in a code block, whose copy button puts it on the clipboard."""
    link = page_url(url_path, state.share_query(state.current()))
    # on_change="rerun": opening it reruns the script (or the fragment it is in), so the link holds
    # what a fragment changed since the page was drawn (an event chosen on Compare or Themes)
    with st.popover("Copy link to this view", icon=":material/link:", key="copy_link", on_change="rerun"):
        st.code(link, language=None, wrap_lines=True)
        st.caption("Copy it with the button beside it. It reopens this page with the same filters, "
                   "choices and selected event.")
