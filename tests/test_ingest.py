"""add-source: HTML, PDF and text files become seeds with a sources.yaml entry; bad files are
refused in one line with nothing written. Every fixture is made here from text (no binaries)."""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
import yaml

from dashboard import __main__ as cli
from dashboard.core import ingest, load
from dashboard.core.paths import DataPaths

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Russia and Panama sign a consular memorandum | Canal Herald</title>
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2024-03-05">
<link rel="canonical" href="https://example.org/news/memo">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">This website uses cookies to improve your experience.
<button>Accept all cookies</button></div>
<article><h1>Russia and Panama sign a consular memorandum</h1>
<p>On 5 March 2024, the foreign ministers of Russia and Panama signed a memorandum on consular cooperation in Panama City.</p>
<p>The agreement follows talks held in Moscow in November 2023, when both sides discussed maritime trade and the canal.</p>
<p>Panama’s government said the memorandum does not change its neutrality regarding the canal, which it has administered since 1999 (La Prensa, March 6, 2024).</p>
</article>
<footer>© 2024 Canal Herald. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""

HTML_TEXT = """Russia and Panama sign a consular memorandum
On 5 March 2024, the foreign ministers of Russia and Panama signed a memorandum on consular cooperation in Panama City.
The agreement follows talks held in Moscow in November 2023, when both sides discussed maritime trade and the canal.
Panama’s government said the memorandum does not change its neutrality regarding the canal, which it has administered since 1999 (La Prensa, March 6, 2024).
"""

HEADER = "Russia and Panama: A Working Paper"
PDF_PAGES = [
    ["Relations between Russia and Panama were established in 1903 accor-",
     "ding to some sources, and renewed on 22 June 1993 in New York.¹",
     "",
     "^1 Ministry of Foreign Affairs of Panama, bulletin of July 1993."],
    ["In March 2019, the two governments signed a visa waiver agree-",
     "ment covering tourists and business travellers of both countries,",
     "which took effect after ratification."],
]  # fmt: skip
PDF_TEXT = f"""{HEADER}
Relations between Russia and Panama were established in 1903 according to some sources, and renewed on 22 June 1993 in New York.¹
1 Ministry of Foreign Affairs of Panama, bulletin of July 1993.
1
{HEADER}
In March 2019, the two governments signed a visa waiver agreement covering tourists and business travellers of both countries, which took effect after ratification.
2
"""


def make_pdf(pages, *, title="Working paper on Russia and Panama", author="A. Writer", encrypt=None,
             header=HEADER, image_only=False) -> bytes:  # fmt: skip
    """A PDF written by reportlab: a running header, the lines (a leading ^ sets a footnote's small
    type), a page number at the foot; image_only draws a filled picture and no text (a "scan")."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    for number, lines in enumerate(pages, 1):
        if image_only:
            pdf.rect(72, 400, 300, 300, fill=1)
            pdf.showPage()
            continue
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, 800, header)
        y = 760
        for line in lines:
            pdf.setFont("Helvetica", 8 if line.startswith("^") else 11)
            pdf.drawString(72, y, line.lstrip("^"))
            y -= 14
        pdf.setFont("Helvetica", 9)
        pdf.drawString(290, 40, str(number))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def tree(valid_tree):
    return valid_tree


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def snapshot_of(tree) -> dict[str, bytes]:
    return {p.relative_to(tree.root).as_posix(): p.read_bytes() for p in sorted(tree.root.rglob("*")) if p.is_file()}


def add(tree, path, *extra):
    return cli.main(["add-source", str(path), "--data", str(tree.data), "--seeds", str(tree.seeds), *extra])


def added_entry(tree) -> dict:
    return yaml.safe_load((tree.data / "sources.yaml").read_text(encoding="utf-8"))[-1]


# --- golden texts ------------------------------------------------------------------------------


def test_html_main_text_without_menus_or_cookie_banner(tmp_path):
    path = write(tmp_path, "memo.html", HTML_PAGE)
    found = ingest.extract(path, path.read_bytes())
    assert found.text == HTML_TEXT
    assert (found.title, found.authors, found.published, found.url, found.language) == (
        "Russia and Panama sign a consular memorandum", ["Ana Ruiz"], "2024-03-05", "https://example.org/news/memo", "en")


def test_pdf_text_joins_hyphens_keeps_footnote_and_lists_header_and_page_numbers_as_clutter(tmp_path):
    path = write(tmp_path, "paper.pdf", make_pdf(PDF_PAGES))
    found = ingest.extract(path, path.read_bytes())
    assert found.text == PDF_TEXT
    assert found.clutter == ["\n1\n", "\n2\n", HEADER]
    assert (found.title, found.authors, found.published) == ("Working paper on Russia and Panama", ["A. Writer"], None)


def test_text_file_is_kept_as_it_is_apart_from_line_ends(tmp_path):
    path = write(tmp_path, "note.txt", "First line.\r\nSecond line, 7 April 2025.   \r\n\r\n\r\n\r\nLast.")
    assert ingest.extract(path, path.read_bytes()).text == "First line.\nSecond line, 7 April 2025.\n\nLast.\n"


# --- the command: seed + entry -----------------------------------------------------------------


def test_add_source_writes_seed_and_appends_entry_in_the_files_style(tree, tmp_path, capsys):
    before = (tree.data / "sources.yaml").read_text(encoding="utf-8")
    page = write(tmp_path, "memo.html", HTML_PAGE)
    assert add(tree, page, "--id", "herald-memo") == 0
    after = (tree.data / "sources.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and earlier entries untouched
    appended = after[len(before):]
    assert appended.startswith("- id: herald-memo\n  file: 000_")
    assert "  authors: [Ana Ruiz]\n" in appended and '  published: "2024-03-05"\n' in appended
    entry = added_entry(tree)
    seed = tree.seeds / entry["file"]
    assert seed.read_text(encoding="utf-8") == HTML_TEXT
    assert entry["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert entry["original_file"] == "memo.html"
    assert entry["original_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert entry["publisher"] is None  # never invented
    result = load.load(tree.paths)
    assert result.ok, result.problems
    assert "herald-memo" in set(result.dataset.sources["id"])
    assert "draft herald-memo" in capsys.readouterr().out


def test_pdf_source_validates_with_its_clutter(tree, tmp_path):
    assert add(tree, write(tmp_path, "paper.pdf", make_pdf(PDF_PAGES)), "--id", "paper") == 0
    entry = added_entry(tree)
    assert entry["clutter"] == ["\n1\n", "\n2\n", HEADER]
    assert entry["kind"] == "analysis" and "default" in entry["note"]
    assert load.load(tree.paths).ok


def test_given_metadata_beats_the_files(tree, tmp_path):
    page = write(tmp_path, "memo.html", HTML_PAGE)
    assert add(tree, page, "--id", "m", "--title", "My title", "--author", "B. One", "--author", "C. Two",
               "--published", "2024-03", "--kind", "news", "--language", "es") == 0  # fmt: skip
    entry = added_entry(tree)
    assert (entry["title"], entry["authors"], entry["published"], entry["language"]) == (
        "My title", ["B. One", "C. Two"], "2024-03", "es")


# --- refusals: one line, exit 1, nothing written ------------------------------------------------


def _refused(tree, path, capsys, expected: str, *extra):
    before = snapshot_of(tree)
    capsys.readouterr()
    assert add(tree, path, *extra) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert snapshot_of(tree) == before  # nothing written, not even a temporary file


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.txt", "  \n", "file is empty"),
    ("latin1.txt", "caf\xe9".encode("latin-1"), "not UTF-8"),
    ("binary.txt", b"abc\x00def", "binary"),
    ("doc.docx", "text", "unsupported file type"),
    ("scripts.html", "<html><head><script>var x = 1;</script></head><body><script>go()</script></body></html>",
     "no main text"),
    ("broken.html", "<html><body><p>Unclosed <b>bold <i>and <div></p></span>\x00", "binary"),
    ("fake.pdf", "not a pdf at all", "not a PDF"),
])  # fmt: skip
def test_bad_files_are_refused(tree, tmp_path, capsys, name, content, expected):
    _refused(tree, write(tmp_path, name, content), capsys, expected)


def test_malformed_html_is_read_as_far_as_it_goes(tmp_path):
    broken = "<html><body><article><p>Panama and Russia met in 2019.<p>Unclosed <b>bold <i>text</div></span>"
    found = ingest.extract(write(tmp_path, "broken.html", broken), broken.encode())
    assert "Panama and Russia met in 2019." in found.text


def test_missing_file_is_refused(tree, tmp_path, capsys):
    _refused(tree, tmp_path / "nowhere.txt", capsys, "cannot be read")


def test_scanned_pdf_without_text_layer_is_refused(tree, tmp_path, capsys):
    _refused(tree, write(tmp_path, "scan.pdf", make_pdf([[], []], image_only=True)), capsys, "no text layer")


def test_encrypted_pdf_is_refused(tree, tmp_path, capsys):
    from reportlab.lib import pdfencrypt

    locked = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=40)
    _refused(tree, write(tmp_path, "locked.pdf", make_pdf(PDF_PAGES, encrypt=locked)), capsys, "encrypted")


def test_truncated_pdf_is_refused(tree, tmp_path, capsys):
    whole = make_pdf(PDF_PAGES)
    _refused(tree, write(tmp_path, "cut.pdf", whole[: len(whole) // 2]), capsys, "truncated")


def test_file_already_added_is_refused(tree, tmp_path, capsys):
    page = write(tmp_path, "memo.html", HTML_PAGE)
    assert add(tree, page, "--id", "first") == 0
    shutil.copy(page, tmp_path / "copy.html")
    _refused(tree, tmp_path / "copy.html", capsys, "added already, as source 'first'", "--id", "second")


def test_existing_id_is_refused(tree, tmp_path, capsys):
    _refused(tree, write(tmp_path, "memo.html", HTML_PAGE), capsys, "id 'alpha' exists already", "--id", "alpha")


def test_text_over_the_seed_size_limit_is_refused(tree, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_BYTES", 100)
    _refused(tree, write(tmp_path, "memo.html", HTML_PAGE), capsys, "seed size limit")


def test_failed_sources_write_leaves_no_seed(tree, tmp_path, monkeypatch):
    real_write = ingest.atomic_write

    def failing(path, data):
        if path.name == "sources.yaml":
            raise OSError("disk full")
        real_write(path, data)

    monkeypatch.setattr(ingest, "atomic_write", failing)
    before = snapshot_of(tree)
    with pytest.raises(OSError):
        ingest.add_source(write(tmp_path, "memo.html", HTML_PAGE), tree.data, tree.seeds, {"id": "x"})
    assert snapshot_of(tree) == before


# --- handled: right-to-left text, long PDFs ------------------------------------------------------


def test_right_to_left_text_is_kept_in_logical_order(tree, tmp_path):
    arabic = "وقعت روسيا وبنما مذكرة تفاهم في 5 March 2024.\nנציגי פנמה ביקרו במוסקבה.\n"
    page = f'<html lang="ar" dir="rtl"><body><article><p>{arabic.splitlines()[0]}</p><p>{arabic.splitlines()[1]}</p></article></body></html>'
    assert add(tree, write(tmp_path, "rtl.html", page), "--id", "rtl") == 0
    entry = added_entry(tree)
    assert (tree.seeds / entry["file"]).read_text(encoding="utf-8") == arabic
    assert entry["language"] == "ar" and "right-to-left" in entry["note"]
    assert load.load(tree.paths).ok


def test_five_hundred_page_pdf_is_extracted_page_by_page(tmp_path):
    pages = [[f"Page {n} reports a meeting held in Panama City on 3 May 2001 between the two delegations."]
             for n in range(1, 501)]  # fmt: skip
    path = write(tmp_path, "long.pdf", make_pdf(pages))
    found = ingest.extract(path, path.read_bytes())
    assert found.text.count("reports a meeting") == 500
    assert HEADER in found.clutter and "\n500\n" in found.clutter
    assert not [c for c in found.clutter if "meeting" in c]  # a long line repeated on every page is text
    assert "500 PDF page(s)" in " ".join(found.notes)


def test_add_source_then_validate_on_a_fresh_tree(tmp_path, build_tree):
    tree = build_tree(tmp_path)
    paths = DataPaths(tree.data, tree.seeds)
    assert add(tree, write(tmp_path, "memo.html", HTML_PAGE), "--id", "memo") == 0
    assert load.load(paths).ok
