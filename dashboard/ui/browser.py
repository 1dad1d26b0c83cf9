"""What only the browser knows or can do, through one small component (`st.components.v2`) that
the entry file mounts once per run, at the foot of the sidebar:

- How wide the main column is, rounded down to a step of STEP_PX (at least MIN_PX): the charts
  are laid out for that width (`chart.on_screen`), so they hold at every width up to the next
  step and beyond, and the page reruns only when the step changes (a phone turned, a window
  resized). Until the browser has said (the first run of a session), a phone's user agent means
  MIN_PX and anything else GUESS_PX; a figure laid out for one width stays readable at any
  other, only less well fitted.
- On a narrow screen, where the sidebar covers the page, it is closed after a filter changes
  (with Streamlit's own button, as the reader would), so the results are in view.
- On a touch screen a tap on a chart's marker selects it at once: plotly selects on a click the
  point under the pointer's last hover, and a finger has no hover before its first tap (so the
  first tap only showed a tooltip); the component hovers the point under the finger first.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core.filters import Filters

KEY, WIDTH, CHANGES, LAST = "_browser", "_browser_width", "_browser_changes", "_browser_filters"
STEP_PX, MIN_PX, MAX_PX, GUESS_PX = 80, 320, 1920, 880
NARROW_SIDEBAR_PX = 768  # at this window width or less Streamlit draws the sidebar over the page

_JS = """
const [STEP_PX, MIN_PX, MAX_PX] = [__STEP__, __MIN__, __MAX__];
const NARROW_SIDEBAR_PX = __NARROW__;

function widthClass() {  // the main column's width, in steps
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const style = main ? getComputedStyle(main) : null;
  const width = main ? main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
                     : window.innerWidth;
  return Math.min(MAX_PX, Math.max(MIN_PX, Math.floor(width / STEP_PX) * STEP_PX));
}

function closeSidebar() {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar || sidebar.getAttribute('data-collapsed') !== 'false') return;
  const button = sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button')
    || document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) button.click();
}

// A finger's first touch on a chart: a mouse move at the same point first, so plotly knows the
// point under it when the tap's click comes (it selects the point of the last hover).
function hoverUnderFinger(event) {
  const touch = event.touches && event.touches[0];
  if (!touch || event.touches.length !== 1) return;
  const drag = event.target.closest && event.target.closest('.js-plotly-plot .nsewdrag, .js-plotly-plot .draglayer rect');
  if (!drag) return;
  drag.dispatchEvent(new MouseEvent('mousemove', {clientX: touch.clientX, clientY: touch.clientY,
                                                  bubbles: true, cancelable: true, view: window}));
}

export default function(component) {
  const { data, setStateValue } = component;
  const report = () => {
    const found = widthClass();
    if (found !== window.__dashboardWidth) {
      window.__dashboardWidth = found;
      if (found !== data.width) setStateValue('width', found);
    }
  };
  window.__dashboardWidth = data.width;
  report();
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  window.addEventListener('resize', later);
  const main = document.querySelector('[data-testid="stMain"]');
  const observer = main && window.ResizeObserver ? new ResizeObserver(later) : null;
  if (observer) observer.observe(main);
  if (data.changes > (window.__dashboardChanges || 0) && window.innerWidth <= NARROW_SIDEBAR_PX) closeSidebar();
  window.__dashboardChanges = Math.max(data.changes, window.__dashboardChanges || 0);
  if (!window.__dashboardTouch) {
    window.__dashboardTouch = true;
    document.addEventListener('touchstart', hoverUnderFinger, {capture: true, passive: true});
  }
  return () => {
    window.removeEventListener('resize', later);
    if (observer) observer.disconnect();
    clearTimeout(timer);
  };
}
"""

_component = st.components.v2.component(
    "dashboard_browser",
    js=_JS.replace("__STEP__", str(STEP_PX)).replace("__MIN__", str(MIN_PX)).replace("__MAX__", str(MAX_PX))
    .replace("__NARROW__", str(NARROW_SIDEBAR_PX)),
)


def _guess() -> int:
    """The chart width before the browser has said: MIN_PX for a phone's user agent."""
    agent = str(st.context.headers.get("User-Agent", "")) if st.context.headers else ""
    return MIN_PX if "Mobi" in agent else GUESS_PX


def chart_width() -> int:
    """The chart width (px) the charts of this session are laid out for."""
    return st.session_state.get(WIDTH) or _guess()


def _on_width() -> None:
    found = (st.session_state.get(KEY) or {}).get("width")
    if isinstance(found, int | float) and MIN_PX <= found <= MAX_PX:
        st.session_state[WIDTH] = int(found) // STEP_PX * STEP_PX


def mount(filters: Filters) -> None:
    """The component, in the sidebar (which every page has); counts filter changes so that a
    narrow screen closes the sidebar after one."""
    last = st.session_state.get(LAST)
    if last is not None and last != filters:
        st.session_state[CHANGES] = st.session_state.get(CHANGES, 0) + 1
    st.session_state[LAST] = filters
    with st.sidebar:
        _component(key=KEY, data={"width": chart_width(), "changes": st.session_state.get(CHANGES, 0)},
                   default={"width": None}, on_width_change=_on_width, height=0)
