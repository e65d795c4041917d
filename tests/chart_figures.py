"""The plotly figures a page drew through `binjai.ui.chart` in AppTest, as plotly.js receives them."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest


def chart_elements(at: AppTest) -> list[Any]:
    """The page's chart elements (components-v2 elements named `binjai_chart`), in page order."""
    return [element for element in at.get("bidi_component") if element.proto.component_name == "binjai_chart"]


def figures(at: AppTest) -> list[dict]:
    """Each chart's figure (`data` and `layout`), in page order."""
    return [json.loads(json.loads(element.proto.json)["figure"]) for element in chart_elements(at)]
