"""`python -m dashboard brief`: the PDF opened with pdftotext/pdffonts (poppler-utils) and pypdf —
every quote and every title of the filtered events is in its text, its fonts are embedded, its
pages are numbered, the same view gives the same bytes; the hostile tree's script text is text;
a missing browser or an unwritable -o is one line and exit 1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from io import BytesIO

import pytest
from pypdf import PdfReader

from dashboard import __main__ as cli
from dashboard.core import analysis, export, filters, load
from dashboard.core.paths import DataPaths
from tests.conftest import FIXTURES, TODAY

needs_browser = pytest.mark.skipif(export.find_browser() is None, reason="no chromium to print the PDF")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler-utils (make test installs it)")
HOSTILE = ("--data", str(FIXTURES / "hostile" / "curated"), "--seeds", str(FIXTURES / "hostile" / "seeds"))
pytestmark = [needs_browser, needs_poppler]


def words(text: str) -> str:
    """Text without its whitespace: pdftotext breaks lines (and may break a long word) anywhere."""
    return re.sub(r"\s+", "", text)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def body_text(path) -> str:
    """The text without each page's running header (first line) and page number (last line), so
    a quote that runs over a page break reads as one."""
    pages = []
    for page in pdf_text(path).split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        pages.append("\n".join(lines[1:-1]))
    return "\n".join(pages)


@pytest.fixture(scope="module")
def russia_panama(tmp_path_factory):
    """Built once for the module, so under the same frozen 'today' the function-scoped autouse
    fixture sets for the tests (open ranges run to it)."""
    out = tmp_path_factory.mktemp("brief") / "rus-pan.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_TODAY", TODAY)
        mp.setenv("DASHBOARD_CACHE", "off")
        assert cli.main(["brief", "--actor", "RUS", "--actor", "PAN", "-o", str(out)]) == 0
    return out


def test_every_quote_and_title_is_in_the_pdf_text(russia_panama, real):
    text = words(body_text(russia_panama))
    events = filters.apply(filters.Filters(actors=("RUS", "PAN")), real)
    quotes = real.passages.loc[real.passages["event_id"].isin(events["id"]), "quote"]
    assert len(events) > 10 and len(quotes) >= len(events)
    for title in events["title"]:
        assert words(title) in text, title
    for quote in quotes:
        assert words(quote) in text, quote
    assert words("Russia and Panama · 1991–2026") in text and words(real.version) in text


def test_pdf_is_a_real_document(russia_panama):
    reader = PdfReader(russia_panama)
    pages = len(reader.pages)
    assert 3 <= pages <= 40
    assert reader.metadata.title == "Russia and Panama · 1991–2026"
    fonts = subprocess.run(["pdffonts", str(russia_panama)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # the 'emb' column
    text = pdf_text(russia_panama)
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text  # page numbers in the footer
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    internal = [a for a in links if a.get("/Subtype") == "/Link" and "/Dest" in a]
    assert len(internal) > 20  # footnote numbers and the contents link inside the document
    svg_drawn = "Events per year" in text and "Colour: primary theme" in text  # chart text, as vector
    assert svg_drawn


def test_same_view_same_bytes(russia_panama, tmp_path):
    again = tmp_path / "again.pdf"
    assert cli.main(["brief", "--actor", "RUS", "--actor", "PAN", "-o", str(again)]) == 0
    assert again.read_bytes() == russia_panama.read_bytes()


def test_source_date_epoch_sets_the_stamp(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "e.pdf"
    assert cli.main(["brief", "--q", "no-such-words-anywhere", "-o", str(out)]) == 0
    assert b"/CreationDate (D:20231114221320" in out.read_bytes()
    reader = PdfReader(out)
    assert len(reader.pages) == 1 and "No events match this view" in reader.pages[0].extract_text()


@pytest.mark.parametrize("page", ["compare", "themes"])
def test_compare_and_themes_pages(page, tmp_path):
    out = tmp_path / f"{page}.pdf"
    assert cli.main(["brief", "--page", page, "--paper", "letter", "-o", str(out)]) == 0
    reader = PdfReader(out)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)
    text = words(pdf_text(out))
    assert words("BRIEFING · COMPARE ACTORS PAGE" if page == "compare" else "BRIEFING · THEMES PAGE") in text
    assert words("Key figures") in text and words("Chronology") in text


def test_hostile_text_is_text(tmp_path):
    out, html_out = tmp_path / "h.pdf", tmp_path / "h.html"
    assert cli.main(["brief", *HOSTILE, "-o", str(out)]) == 0
    assert cli.main(["brief", *HOSTILE, "-o", str(html_out)]) == 0
    text = words(pdf_text(out))
    assert words("<script>alert(1)</script>") in text and words("<img src=x onerror=alert(1)>") in text
    reader = PdfReader(out)
    for page in reader.pages:  # long words broken, nothing drawn off the page
        box = page.mediabox
        found = subprocess.run(["pdftotext", "-bbox", "-f", str(reader.get_page_number(page) + 1), "-l",
                                str(reader.get_page_number(page) + 1), str(out), "-"],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        for x_max in re.findall(r'xMax="([\d.]+)"', found):
            assert float(x_max) <= float(box[2]) + 0.5
    dataset = load.load(DataPaths(FIXTURES / "hostile" / "curated", FIXTURES / "hostile" / "seeds")).dataset
    page_html = html_out.read_text(encoding="utf-8")
    assert "<script>" not in page_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    assert len(dataset.events) > 3


def test_unwritable_output_is_one_line(tmp_path, capsys):
    assert cli.main(["brief", "-o", str(tmp_path / "missing" / "b.pdf")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("cannot write") and "Traceback" not in err
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert cli.main(["brief", "-o", str(locked / "b.pdf")]) == 1
        assert "permission denied" in capsys.readouterr().err
    assert cli.main(["brief", "-o", str(tmp_path / "b.txt")]) == 2


def test_missing_browser_is_one_line(tmp_path):
    env = {**os.environ, "PATH": "/nonexistent", "BROWSER_PATH": "/nonexistent/chromium"}
    done = subprocess.run([sys.executable, "-m", "dashboard", "brief", "-o", str(tmp_path / "b.pdf")],
                          cwd=os.path.dirname(os.path.dirname(__file__)), env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0, done.stderr
    assert "needs a Chromium browser" in done.stderr and not (tmp_path / "b.pdf").exists()


def test_html_brief_is_the_same_document_offline(tmp_path):
    out = tmp_path / "b.html"
    assert cli.main(["brief", "--actor", "RUS", "--actor", "PAN", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 2
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and "<script" not in page
    assert BytesIO(page.encode()).getbuffer().nbytes < 10_000_000


def test_compare_brief_holds_tone_over_time_with_titles_escaped_once(tmp_path):
    """The Compare brief carries the page's four charts, tone over time among them, and a chart
    title with an apostrophe ("China (People's Republic)") is escaped once, not twice."""
    out = tmp_path / "c.html"
    assert cli.main(["brief", "--page", "compare", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Tone over time" in page
    assert "&amp;#x27;" not in page and "&amp;#39;" not in page


def html_text(path) -> str:
    """The brief's HTML as its reader sees it: tags and charts left out, entities decoded."""
    import html as html_mod

    page = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html_mod.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_themes_brief_of_the_pages_theme_and_pair(tmp_path, real, capsys):
    """`--topic` and `--pair` are read as the link's topic= and pair= (core.view_state): the brief
    lists the theme's events of that pair's lane only, and an unknown pair is a warning."""
    out = tmp_path / "t.html"
    assert cli.main(["brief", "--page", "themes", "--actor", "RUS", "--topic", "sanctions", "--pair", "PAN-RUS",
                     "-o", str(out)]) == 0  # fmt: skip
    text = html_text(out)
    in_view = filters.apply(filters.Filters(actors=("RUS",)), real)
    tagged = in_view[in_view["id"].isin(real.event_themes.loc[real.event_themes["theme_id"] == "sanctions", "event_id"])]
    in_pair = tagged[tagged["actors"].map(lambda actors: {"PAN", "RUS"} <= set(actors))]
    assert 0 < len(in_pair) < len(tagged)
    assert "Sanctions and compliance · Panama – Russia · Russia · 2021–2025" in text
    one_line = {title: re.sub(r"\s+", " ", title) for title in in_view["title"]}
    for title in in_pair["title"]:
        assert one_line[title] in text, title
    for title in set(in_view["title"]) - set(in_pair["title"]):
        assert f" {one_line[title]} " not in text, title
    assert cli.main(["brief", "--page", "themes", "--topic", "nope", "--pair", "XXX-YYY",
                     "-o", str(tmp_path / "u.html")]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "Ignored unknown pair “XXX-YYY”." in err and "Ignored unknown theme “nope”." in err
    busiest = analysis.busiest_theme(real.events, real.event_themes, real.themes)  # the page's default
    assert f"Briefing · Themes page {real.themes.set_index('id').at[busiest, 'label']} · 1909–2026" in html_text(
        tmp_path / "u.html")


def test_sources_and_about_briefs_name_their_page(tmp_path, real):
    out = tmp_path / "s.html"
    source = real.sources.iloc[1]
    assert cli.main(["brief", "--page", "sources", "--doc", source["id"], "--actor", "RUS", "--actor", "PAN",
                     "-o", str(out)]) == 0  # fmt: skip
    text = html_text(out)
    assert "Briefing · Sources page" in text and f"Document open in the source reader: “{source['title']}”" in text
    assert f"/sources?actor=RUS&actor=PAN&doc={source['id']}" in text
    assert cli.main(["brief", "--page", "about", "-o", str(tmp_path / "a.html")]) == 0
    assert "Briefing · About page" in html_text(tmp_path / "a.html")


def test_a_count_timelines_heatmap_is_printed(tmp_path, monkeypatch):
    """A count heatmap is a PNG inside the chart's SVG (a data: URL): it is in the PDF. (The
    printer's blocked-request pattern "ws*" matched inside such an image's base64 and left the
    heatmap out: the 100,000-event brief showed the period bands only.)"""
    from dashboard.core.charts import timeline as timeline_charts

    monkeypatch.setattr(timeline_charts, "AGGREGATE_FROM", 3)  # the Russia–Panama timeline as counts
    out = tmp_path / "counts.pdf"
    assert cli.main(["brief", "--actor", "RUS", "--actor", "PAN", "-o", str(out)]) == 0
    listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listed.splitlines()[2:] if line.split()[2:3] == ["image"]]
    assert any(int(row[4]) >= 100 for row in images), listed  # the heatmap, as tall as its lanes
    assert "log scale" in pdf_text(out)
