"""Page names follow one scheme: file pages/NN_<page_id>.py (NN = menu order; Streamlit's URL is <page_id>), menu
label nav.<page_id>, and the page's own strings under the prefix <page_id>."""

from __future__ import annotations

import re
from pathlib import Path

from binjai.i18n import table
from binjai.ui.pages import PAGES
from tests.conftest import ROOT

# The sign-in page shows the `auth` area's texts, which the account command line shares.
SHARED_STRINGS = {"masuk": "auth"}


def test_page_files_ids_and_menu_labels_follow_one_scheme() -> None:
    home, *pages = PAGES
    assert (home.page_id, home.path) == ("overview", "dashboard.py")  # Streamlit's entry script, URL /
    numbers = []
    for spec in pages:
        match = re.fullmatch(r"pages/(\d\d)_([a-z_]+)\.py", spec.path)
        assert match and match.group(2) == spec.page_id, spec
        numbers.append(int(match.group(1)))
    assert numbers == sorted(set(numbers)), "one number per page, in menu order"
    assert {Path(spec.path).name for spec in pages} == {path.name for path in (ROOT / "pages").glob("*.py")}
    assert all(spec.label_key == f"nav.{spec.page_id}" and spec.label_key in table() for spec in PAGES)


def test_each_page_has_its_strings_under_its_id() -> None:
    prefixes = {key.split(".")[0] for key in table()}
    for spec in PAGES:
        assert SHARED_STRINGS.get(spec.page_id, spec.page_id) in prefixes, spec.page_id
        text = (ROOT / spec.path).read_text(encoding="utf-8")
        assert f'setup_page("{spec.page_id}"' in text, spec.path
