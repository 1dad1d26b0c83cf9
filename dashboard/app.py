"""Entry point: `streamlit run dashboard/app.py [-- --data DIR --seeds DIR]`.

Sets the page, loads the data (or shows what is wrong with it), draws the shared filter sidebar
so its state survives page changes, and hands over to the chosen page."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run` does not add the repo

from dashboard.ui import browser, data_io, errors, share, sidebar, state

# An emoji favicon is drawn in the page; a ":material/…:" one is fetched from fonts.gstatic.com (a third-party
# request on every visit, and a console error offline).
st.set_page_config(page_title="Russia–Panama relations", page_icon="🌐", layout="wide")

PAGES = [
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", default=True),
    st.Page("app_pages/compare.py", title="Compare actors", icon=":material/compare_arrows:"),
    st.Page("app_pages/themes.py", title="Themes", icon=":material/category:"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/menu_book:"),
    st.Page("app_pages/data.py", title="Data", icon=":material/table:"),
    st.Page("app_pages/about.py", title="About", icon=":material/info:"),
]
page = st.navigation(PAGES)

result = data_io.load_result()
if not result.ok:
    errors.problems_panel(result.problems, str(data_io.data_paths().data))
    st.stop()

dataset = result.dataset
state.init_from_url(dataset)
state.keep_widget_state()
st.session_state[state.PAGE] = page.url_path
st.session_state["filters"] = sidebar.render(dataset)
browser.mount(st.session_state["filters"])  # the window's width class; closes a phone's sidebar after a change
state.write_url(st.session_state["filters"])
errors.notices(st.session_state.get(state.NOTICES, []))
if page.url_path not in share.DRAWN_BY_PAGE:
    share.copy_link(page.url_path)
page.run()
