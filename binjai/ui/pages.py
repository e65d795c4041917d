"""The page registry: every page of the menu, its label key, icon and who may see it."""

from __future__ import annotations

from dataclasses import dataclass

from binjai.settings import PROJECT_ROOT


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard."""

    page_id: str
    path: str
    label_key: str
    icon: str
    staff_only: bool = False
    needs_data: bool = True
    admin_only: bool = False

    @property
    def exists(self) -> bool:
        """True when the page's script is present."""
        return (PROJECT_ROOT / self.path).exists()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "dashboard.py", "nav.overview", ":material/dashboard:"),
    PageSpec("quick_wins", "pages/1_quick_win.py", "nav.quick_wins", ":material/flag:"),
    PageSpec("e_mas", "pages/2_e_mas.py", "nav.e_mas", ":material/campaign:"),
    PageSpec("e_saberling", "pages/3_e_saberling.py", "nav.e_saberling", ":material/cleaning_services:"),
    PageSpec("dimensions", "pages/4_dimensi.py", "nav.dimensions", ":material/hexagon:"),
    PageSpec("kelurahan", "pages/9_kelurahan.py", "nav.kelurahan", ":material/location_city:"),
    PageSpec("apps", "pages/5_aplikasi.py", "nav.apps", ":material/apps:"),
    PageSpec("brief", "pages/9_ringkasan.py", "nav.brief", ":material/summarize:"),
    PageSpec("opd", "pages/10_opd.py", "nav.opd", ":material/account_balance:"),
    PageSpec("present", "pages/6_presentasi.py", "nav.present", ":material/slideshow:"),
    PageSpec("upload", "pages/7_unggah.py", "nav.upload", ":material/upload_file:", staff_only=True, needs_data=False),
    PageSpec("login", "pages/8_masuk.py", "nav.login", ":material/login:", needs_data=False),
    PageSpec("admin_accounts", "pages/9_admin_akun.py", "admin.nav_accounts", ":material/manage_accounts:",
             needs_data=False, admin_only=True),
    PageSpec("admin_log", "pages/9_admin_log.py", "admin.nav_log", ":material/history:", needs_data=False,
             admin_only=True),
    PageSpec("admin_fresh", "pages/9_admin_kesegaran.py", "admin.nav_fresh", ":material/update:", needs_data=False,
             admin_only=True),
)


def page(page_id: str) -> PageSpec:
    """The page with this id."""
    for spec in PAGES:
        if spec.page_id == page_id:
            return spec
    raise KeyError(page_id)
