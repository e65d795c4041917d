"""The page registry: every page of the menu, its label key, icon and who may see it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from binjai.settings import PROJECT_ROOT


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard."""

    page_id: str
    path: str
    icon: str
    staff_only: bool = False
    needs_data: bool = True
    admin_only: bool = False
    # Chart kinds ("plotly", "deck") the page draws in its default view, in the order they appear: the browser
    # starts loading their code as the page opens (binjai.ui.components.warm_chart_code).
    charts: tuple[str, ...] = ()

    @property
    def label_key(self) -> str:
        """The menu label's translation key: nav.<page_id>."""
        return f"nav.{self.page_id}"

    @property
    def url_path(self) -> str:
        """The address Streamlit gives the page script: '' for the home page, 'e_mas' for pages/02_e_mas.py."""
        if self.path == "dashboard.py":
            return ""
        prefix, _, rest = Path(self.path).stem.partition("_")
        return rest if prefix.isdigit() and rest else Path(self.path).stem

    @property
    def exists(self) -> bool:
        """True when the page's script is present."""
        return (PROJECT_ROOT / self.path).exists()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "dashboard.py", ":material/dashboard:"),
    PageSpec("quick_win", "pages/01_quick_win.py", ":material/flag:", charts=("plotly",)),
    PageSpec("e_mas", "pages/02_e_mas.py", ":material/campaign:", charts=("plotly",)),
    PageSpec("e_saberling", "pages/03_e_saberling.py", ":material/cleaning_services:", charts=("deck", "plotly")),
    PageSpec("dimensi", "pages/04_dimensi.py", ":material/hexagon:", charts=("plotly",)),
    PageSpec("kelurahan", "pages/05_kelurahan.py", ":material/location_city:"),
    PageSpec("aplikasi", "pages/06_aplikasi.py", ":material/apps:"),
    PageSpec("ringkasan", "pages/07_ringkasan.py", ":material/summarize:"),
    PageSpec("opd", "pages/08_opd.py", ":material/account_balance:", charts=("plotly",)),
    PageSpec("presentasi", "pages/09_presentasi.py", ":material/slideshow:"),
    PageSpec("unggah", "pages/10_unggah.py", ":material/upload_file:", staff_only=True, needs_data=False),
    PageSpec("masuk", "pages/11_masuk.py", ":material/login:", needs_data=False),
    PageSpec("admin_akun", "pages/12_admin_akun.py", ":material/manage_accounts:",
             needs_data=False, admin_only=True),
    PageSpec("admin_log", "pages/13_admin_log.py", ":material/history:", needs_data=False,
             admin_only=True),
    PageSpec("admin_kesegaran", "pages/14_admin_kesegaran.py", ":material/update:", needs_data=False,
             admin_only=True),
)


def page(page_id: str) -> PageSpec:
    """The page with this id."""
    for spec in PAGES:
        if spec.page_id == page_id:
            return spec
    raise KeyError(page_id)
