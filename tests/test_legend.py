"""Map legends as HTML (binjai/charts/legend.py): every title and label once and escaped, colours checked before they
reach a style attribute, text readable on its block, one raw HTML block for Markdown."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from binjai.charts import e_mas as emas_charts
from binjai.charts import e_saberling as sab_charts
from binjai.charts.legend import LIGHT_TEXT, checked_colour, legend_html, text_colour
from binjai.palette import BLUE, INK, VERMILLION

HOSTILE = '<script>alert("x")</script> & \'Damai\''


def _tree(markup: str) -> ET.Element:
    """The legend parsed as XML: well-formed, so no label can open or close an element."""
    return ET.fromstring(markup)


def test_every_title_and_label_appears_once_in_order() -> None:
    groups = [("Peta", sab_charts.phase_legend("id")), ("Status", sab_charts.status_legend("id"))]
    box = _tree(legend_html(groups))
    assert box.tag == "div" and box.get("class") == "bj-legend"
    shown = [(group[0].text, [(item.get("style"), item.text) for item in group[1]]) for group in box]
    assert shown == [("Peta", [("background:#D55E00;color:#14171a", "● Terbuka di awal periode"),
                               ("background:#009E73;color:#14171a", "✓ Dibersihkan selama periode")]),
                     ("Status", [("background:#D55E00;color:#14171a", "● Dilaporkan"),
                                 ("background:#E69F00;color:#14171a", "◆ Dijadwalkan"),
                                 ("background:#009E73;color:#14171a", "✓ Dibersihkan")])]
    assert [group[1].get("aria-label") for group in box] == ["Peta", "Status"]  # each row is named by its title


def test_titles_and_labels_are_escaped_and_stay_on_one_line() -> None:
    markup = legend_html([(HOSTILE, [(BLUE, HOSTILE), (VERMILLION, "Sei\nBinjai\r\n\n## heading")])])
    assert "<script>" not in markup and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Damai&#x27;" in markup
    assert "\n" not in markup and "\r" not in markup  # a blank line would end Markdown's raw HTML block
    assert markup.startswith('<div class="bj-legend">') and markup.endswith("</div>")
    group = _tree(markup)[0]
    assert group[0].text == HOSTILE and group[1].get("aria-label") == HOSTILE
    assert [item.text for item in group[1]] == [HOSTILE, "Sei\nBinjai\r\n\n## heading"]


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#12345g", "#fff", "rgb(0,0,0)",
                                    '#000000;background:url(x)', "#000000\n", "", None, 0x000000])
def test_a_colour_that_is_not_rrggbb_is_refused(colour: object) -> None:
    with pytest.raises(ValueError, match="#rrggbb"):
        legend_html([("Status", [(colour, "label")])])
    with pytest.raises(ValueError, match="#rrggbb"):
        checked_colour(colour)  # type: ignore[arg-type]


def test_text_colour_has_the_higher_contrast() -> None:
    """WCAG contrast: white on #0072B2 is 5.2:1 (ink 3.5:1); on #D55E00 ink is 4.7:1 (white 3.9:1)."""
    assert [text_colour(c) for c in ("#FFFFFF", "#ccE3F0", "#E69F00", VERMILLION, "#5FA6CE")] == [INK] * 5
    assert [text_colour(c) for c in ("#000000", BLUE, "#14171a", "#555555")] == [LIGHT_TEXT] * 4


def test_a_colour_scale_is_drawn_light_to_dark() -> None:
    entries = [("#E6F1F7", "≤ 12"), ("#99C7E0", "13 – 40"), ("#0072B2", "41 – 1.250")]
    box = _tree(legend_html([("Aduan", entries)]))
    assert [(item.get("style"), item.text) for item in box[0][1]] == [
        ("background:#E6F1F7;color:#14171a", "≤ 12"), ("background:#99C7E0;color:#14171a", "13 – 40"),
        ("background:#0072B2;color:#ffffff", "41 – 1.250")]


def test_groups_without_entries_are_left_out() -> None:
    assert legend_html([]) == "" and legend_html([("Limbah", [])]) == ""
    box = _tree(legend_html([("Limbah", []), ("Status", sab_charts.status_legend("en"))]))
    assert [group[0].text for group in box] == ["Status"]


def test_the_plotly_legends_are_gone() -> None:
    assert not hasattr(sab_charts, "legend") and not hasattr(emas_charts, "legend_figure")
