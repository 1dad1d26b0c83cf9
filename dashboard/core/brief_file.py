"""One entry point for the command line and the app: a view's brief as PDF or HTML bytes.

Charts are drawn as SVG by kaleido (the shared browser of `export`); where no browser is found
the HTML brief still builds, with a line saying the charts are not drawn, and the PDF is refused
(`pdf.PdfUnavailable`). The PDF's stamps are the day it was made (or SOURCE_DATE_EPOCH), so the
same view on the same day gives the same bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from . import brief, brief_html, export, pdf
from .filters import Filters, slug
from .load import Dataset

FORMATS = ("pdf", "html")
MIME = {"pdf": "application/pdf", "html": "text/html"}


def support(fmt: str = "pdf") -> str | None:
    """None when this format can be made here, else why not."""
    return pdf.support() if fmt == "pdf" else None


def filename(filters: Filters, view: brief.View, fmt: str) -> str:
    return export.safe_filename("brief", view.page, slug(filters), ext=fmt)


def _svg(spec: dict) -> str:
    return export.figure_image(spec, "svg").decode("utf-8")


def build(dataset: Dataset, filters: Filters, view: brief.View | None = None, *, fmt: str = "pdf",
          paper: str = "a4", made: date | None = None, app_url: str = "") -> bytes:
    """The brief of the view as `fmt` bytes; raises pdf.PdfUnavailable when no PDF can be made."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown brief format {fmt!r}; use pdf or html")
    if fmt == "pdf" and (problem := pdf.support()):
        raise pdf.PdfUnavailable(problem)
    made = made or date.today()
    doc = brief.build(dataset, filters, view or brief.View(), made=made, app_url=app_url)
    problem = export.image_support() or ""
    page = brief_html.render(doc, paper=paper, svg_of=None if problem else _svg,
                             problem=f"Charts not drawn: {problem}" if problem else "")
    if fmt == "html":
        return page.encode("utf-8")
    stamp = pdf.stamp_time(datetime(made.year, made.month, made.day, tzinfo=UTC))
    return pdf.html_to_pdf(page, header=doc.title, paper=paper, stamp=stamp)
