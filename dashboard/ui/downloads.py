"""Downloads and citations on the page: beside every chart (PNG 2x, SVG, offline HTML, its data as
CSV), under a page's charts (the filtered events as CSV and JSON, the citation bundle) and in the
passage panel (ready citations to copy).

Bytes are built only when a button is clicked, on Streamlit's download thread: everything they
need (filters, share link, date) is read here first, because that thread cannot read the
session. The app never writes files. File names say what the file shows (`export.chart_filename`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core import brief, brief_file, bundle, citations, export, records
from dashboard.core.filters import Filters, slug
from dashboard.core.load import Dataset
from dashboard.ui import state

MIME = {**export.MIME, "csv": "text/csv", "json": "application/json", "zip": "application/zip"}
LABEL = {"png": "PNG image", "svg": "SVG image", "html": "Interactive HTML"}
HELP = {"png": "Image at twice the screen resolution, with title and caption",
        "svg": "Vector image for print and editing, with title and caption",
        "html": "Interactive chart in one file; opens offline in any browser"}  # fmt: skip


def chart_downloads(fig: go.Figure, *, chart_id: str, key: str, data: pd.DataFrame | None = None) -> None:
    """PNG (2x), SVG and standalone HTML buttons for one chart, and its data as CSV."""
    export.warm_up_in_background()  # the first PNG of the session is then as fast as the next
    chosen = state.current()
    problem = export.image_support()
    columns = st.columns(4)
    for column, fmt in zip(columns, export.FORMATS):
        with column:
            if fmt in export.IMAGE_FORMATS and problem:
                st.button(f"{LABEL[fmt]} unavailable", key=f"{key}-dl-{fmt}", disabled=True, help=problem,
                          icon=":material/block:", width="stretch")  # fmt: skip
                continue
            st.download_button(
                LABEL[fmt], data=partial(export.figure_bytes, fig, fmt), mime=MIME[fmt], key=f"{key}-dl-{fmt}",
                file_name=export.chart_filename(chart_id, chosen, fmt), on_click="ignore", help=HELP[fmt],
                icon=":material/download:", width="stretch",
            )  # fmt: skip
    if data is not None:
        with columns[3]:
            st.download_button(
                "Data (CSV)", data=partial(table_csv, data), mime=MIME["csv"], key=f"{key}-dl-data",
                file_name=export.safe_filename(export.filter_slug(chart_id, chosen), "data", ext="csv"),
                on_click="ignore", help="The table behind this chart, as CSV", icon=":material/download:",
                width="stretch",
            )  # fmt: skip
    if problem:
        st.caption(problem)


def table_csv(data: pd.DataFrame) -> str:
    """A chart's data as CSV; text a spreadsheet would run as a formula is made inert."""
    return data.map(records.spreadsheet_safe).to_csv(index=False)


def _app_url() -> str:
    """The page's address without its query string, for absolute share links in the bundle."""
    from dashboard.ui import share

    return share.page_url(st.session_state.get(state.PAGE, ""), "")


def data_downloads(dataset: Dataset, filters: Filters, events: pd.DataFrame,
                   figures: Mapping[str, go.Figure] | None = None, *, key: str,
                   comparison: tuple[str, tuple[str, ...]] | None = None, view: brief.View | None = None) -> None:
    """The filtered events as CSV and JSON, and the citation bundle (zip) with the page's charts;
    `comparison`: the Compare page's (focal, partners), for the bundle's rebuild command; given the
    page's `view`, its briefing document (PDF)."""
    if view is not None:
        brief_download(dataset, filters, view, key=key)
    share_query, app_url, today = state.share_query(filters), _app_url(), date.today()
    name = export.safe_filename("events", slug(filters), ext="csv").removesuffix(".csv")
    event_json = partial(_events_text, dataset, events, "json", filters)
    build = partial(bundle.build, dataset, filters, events, figures=dict(figures or {}), share_query=share_query,
                    app_url=app_url, exported=today, comparison=comparison)  # fmt: skip
    columns = st.columns(3)
    with columns[0]:
        st.download_button("Events (CSV)", data=partial(_events_text, dataset, events, "csv", filters), mime=MIME["csv"],
                           file_name=f"{name}.csv", key=f"{key}-events-csv", on_click="ignore",
                           icon=":material/table:", width="stretch",
                           help="One row per event; passages joined by ' | '")  # fmt: skip
    with columns[1]:
        st.download_button("Events (JSON)", data=event_json, mime=MIME["json"], file_name=f"{name}.json",
                           key=f"{key}-events-json", on_click="ignore", icon=":material/data_object:",
                           width="stretch", help="Each event with its quoted passages and their offsets")
    with columns[2]:
        st.download_button("Citation bundle (ZIP)", data=build, mime=MIME["zip"], key=f"{key}-bundle",
                           file_name=bundle.bundle_name(filters), on_click="ignore", icon=":material/folder_zip:",
                           width="stretch", type="primary",
                           help="Events, passages, sources, BibTeX, a Frictionless data package, this page's "
                                "charts and a README with the share link and how to cite")  # fmt: skip
    st.caption(f"{len(events):,} event{'s' if len(events) != 1 else ''} · dataset version {dataset.version} · "
               "the bundle's README says how to cite each source and how to rebuild it from the command line.")


BRIEF_HELP = ("A document to send as it is: key figures, this page's charts, a dated chronology with a "
              "footnote to the exact passage for every event, and the sources")


def brief_download(dataset: Dataset, filters: Filters, view: brief.View, *, key: str) -> None:
    """The "Briefing (PDF)" button of the page's view; disabled, saying why, without a browser."""
    problem = brief_file.support("pdf")
    if problem:
        st.button("Briefing (PDF) unavailable", key=f"{key}-brief", disabled=True, help=problem,
                  icon=":material/block:")
        st.caption(problem)
        return
    build = partial(brief_file.build, dataset, filters, view, fmt="pdf", made=date.today(), app_url=_app_url())
    st.download_button("Briefing (PDF)", data=build, mime=brief_file.MIME["pdf"], key=f"{key}-brief",
                       file_name=brief_file.filename(filters, view, "pdf"), on_click="ignore", type="primary",
                       icon=":material/picture_as_pdf:", help=BRIEF_HELP)  # fmt: skip


def _events_text(dataset: Dataset, events: pd.DataFrame, fmt: str, filters: Filters | None = None) -> str:
    recs = records.event_records(dataset, events, filters)
    return records.to_json(recs) if fmt == "json" else records.to_csv(recs)


def cite_block(dataset: Dataset, *, event_id: str | None = None, source_id: str | None = None,
               passage: tuple[str, int, int, str] | None = None, label: str | None = None,
               expanded: bool = False) -> None:
    """Ready citations of one event (quoting its passages), one source or one passage (source id,
    start, end, quote), in an expander: plain text, BibTeX and CSL-JSON, each in a code block with
    a copy button."""
    if sum(x is not None for x in (event_id, source_id, passage)) != 1:
        raise ValueError("cite_block needs exactly one of event_id, source_id or passage")
    try:
        cite = (citations.for_event(dataset, event_id) if event_id else citations.for_passage(dataset, *passage)
                if passage else citations.for_source(dataset, source_id))  # fmt: skip
    except KeyError:
        return
    default = "Cite this event" if event_id else "Cite this passage" if passage else "Cite this source"
    with st.expander(label or default, expanded=expanded, icon=":material/format_quote:"):
        plain, bib, csl = st.tabs(["Plain text", "BibTeX", "CSL-JSON"])
        with plain:
            st.code(cite.plain, language=None, wrap_lines=True)
        with bib:
            st.code(cite.bibtex, language="bibtex", wrap_lines=True)
        with csl:
            st.code(json.dumps(cite.csl, ensure_ascii=False, indent=2), language="json", wrap_lines=True)
