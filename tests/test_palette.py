"""The marking colours of the source reader and the passage panel, measured: WCAG relative
luminance and contrast, every fill at least 3:1 against the page and every text on a fill at
least 4.5:1, every shape at least 3:1 against its tile; and what Streamlit's pale backgrounds,
used before, measured (about 1.1:1, the invisible marking issue 16 reports)."""

from __future__ import annotations

import base64
import tomllib
from pathlib import Path

import pytest

from dashboard.core import palette
from dashboard.core.palette import MARKINGS, MIN_MARK, MIN_TEXT, PAGE, TEXT, contrast

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


@pytest.mark.parametrize(("a", "b", "ratio"), [
    ("#FFFFFF", "#000000", 21.0),
    ("#000", "#000", 1.0),
    ("#777777", "#FFFFFF", 4.48),  # the classic "just fails AA" grey
    ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes AA on white
])  # fmt: skip
def test_contrast_matches_known_wcag_values(a, b, ratio):
    assert contrast(a, b) == pytest.approx(ratio, abs=0.005)
    assert contrast(a, b) == contrast(b, a)


def test_luminance_ends_and_bad_colours():
    assert palette.luminance("#000000") == 0 and palette.luminance("#FFFFFF") == pytest.approx(1)
    with pytest.raises(ValueError):
        palette.rgb("#12345")


def test_the_palette_uses_the_themes_page_and_text_colours():
    theme = tomllib.loads(CONFIG.read_text())["theme"]
    assert (theme["backgroundColor"].upper(), theme["textColor"].upper()) == (PAGE, TEXT)


@pytest.mark.parametrize("kind", list(MARKINGS))
def test_each_marking_stands_out_from_the_page(kind):
    assert contrast(MARKINGS[kind].fill, PAGE) >= MIN_MARK


@pytest.mark.parametrize("kind", list(MARKINGS))
def test_the_text_on_each_marking_stays_readable(kind):
    """The seed's words (italic evidence words too) are written in the page's text colour on the fill."""
    assert contrast(TEXT, MARKINGS[kind].fill) >= MIN_TEXT


@pytest.mark.parametrize("kind", list(MARKINGS))
def test_each_shape_shows_on_its_tile_and_the_tile_on_any_fill(kind):
    marking = MARKINGS[kind]
    assert contrast(marking.ink, PAGE) >= MIN_MARK  # the shape on its white tile (and on the page)
    assert all(contrast(PAGE, other.fill) >= MIN_MARK for other in MARKINGS.values())  # a tile inside a fill
    svg = base64.b64decode(palette.picture(marking).split(",", 1)[1]).decode()
    assert marking.ink in svg and f"fill='{PAGE}'" in svg and marking.shape in svg


def test_markings_that_can_meet_differ_in_shape_not_only_colour():
    shapes = {kind: (m.shape, m.bold) for kind, m in MARKINGS.items() if kind != "quote"}
    assert len(set(shapes.values())) == len(shapes)
    assert len({m.label for m in MARKINGS.values()}) == len(MARKINGS)  # and in what a screen reader hears


@pytest.mark.parametrize("rgb", [(28, 131, 225), (255, 164, 33), (128, 61, 245), (255, 255, 18)])
def test_streamlits_pale_backgrounds_were_below_the_bar(rgb):
    """Streamlit's blue, orange, violet and yellow backgrounds (10% over white) the reader used."""
    assert contrast(palette.over(rgb, 0.1), PAGE) < 1.3 < MIN_MARK
