"""One-off migration (issue 18): one naming scheme for pages. File pages/NN_<page_id>.py (NN = menu order; the URL,
which Streamlit takes from the name after NN_, is unchanged), page id = that URL name, menu label nav.<page_id>,
and a page's own strings under the prefix <page_id>.

Usage: python scripts/rename_pages.py [REPO]   (after merging every branch that edits pages; idempotent, so it can
be run again after a later merge brings code with old names). Delete this file once no branch uses the old names.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
# old file -> new file (menu order of binjai/ui/pages.py)
FILES = {
    "1_quick_win.py": "01_quick_win.py", "2_e_mas.py": "02_e_mas.py", "3_e_saberling.py": "03_e_saberling.py",
    "4_dimensi.py": "04_dimensi.py", "9_kelurahan.py": "05_kelurahan.py", "5_aplikasi.py": "06_aplikasi.py",
    "9_ringkasan.py": "07_ringkasan.py", "10_opd.py": "08_opd.py", "6_presentasi.py": "09_presentasi.py",
    "7_unggah.py": "10_unggah.py", "8_masuk.py": "11_masuk.py", "9_admin_akun.py": "12_admin_akun.py",
    "9_admin_log.py": "13_admin_log.py", "9_admin_kesegaran.py": "14_admin_kesegaran.py",
}
# old page id -> new page id (= the page's URL name)
IDS = {
    "quick_wins": "quick_win", "dimensions": "dimensi", "apps": "aplikasi", "brief": "ringkasan",
    "present": "presentasi", "upload": "unggah", "login": "masuk", "admin_accounts": "admin_akun",
    "admin_fresh": "admin_kesegaran",
}
# old label keys of pages outside [nav] -> nav.<page_id>
NAV_MOVES = {"admin.nav_accounts": "admin_akun", "admin.nav_log": "admin_log", "admin.nav_fresh": "admin_kesegaran"}
# old string prefix -> page id (a page's own strings)
PREFIXES = {
    "qw": "quick_win", "emas": "e_mas", "sab": "e_saberling", "kel": "kelurahan", "sc": "dimensi",
    "apps": "aplikasi", "brief": "ringkasan", "present": "presentasi", "upload": "unggah", "home": "overview",
    "admin.acc": "admin_akun", "admin.log": "admin_log", "admin.fresh": "admin_kesegaran",
}
FILE_WORDS = {"csv", "pdf", "py", "json", "txt", "md", "png", "xlsx", "html", "toml", "js", "css", "sqlite3"}
TEXT = (".py", ".md", ".toml", ".csv", ".js", ".sh", ".cfg", ".ini", ".txt", ".yml", ".yaml")


def tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in out.splitlines() if line.endswith(TEXT) and (ROOT / line).is_file()]


def move_files() -> None:
    for old, new in FILES.items():
        if (ROOT / "pages" / old).exists():
            subprocess.run(["git", "mv", f"pages/{old}", f"pages/{new}"], cwd=ROOT, check=True)


def rename_paths(text: str) -> str:
    for old, new in FILES.items():
        text = re.sub(rf"(?<![0-9A-Za-z_]){re.escape(old)}", new, text)
    return text


def rename_ids(text: str) -> str:
    for old, new in IDS.items():
        for before, after in ((r"setup_page\(\s*", ""), (r"(?<![a-z_])page\(", r"\)"), (r"PageSpec\(", ""),
                              (r"(?<![a-z_])link\(", ""), (r"page_id\s*[!=]=\s*", ""), (r"page_id=", ""),
                              (r"(?<![a-z_])page_spec\(", r"\)"), (r"BUDGET_EXCEPTIONS = \{[^}]*", ":")):
            text = re.sub(rf'({before})"{old}"(?={after})', rf'\1"{new}"', text)
        text = re.sub(rf"(['\"])nav\.{old}(?![a-z_])", rf"\1nav.{new}", text)
    for old, new in NAV_MOVES.items():
        text = re.sub(rf"(['\"]){re.escape(old)}(?![a-z_])", rf"\1nav.{new}", text)
    return text


def rename_prefixes(text: str) -> str:
    for old, new in sorted(PREFIXES.items(), key=lambda item: -len(item[0])):
        def swap(match: re.Match, new: str = new) -> str:
            rest = match.group(2)
            return match.group(0) if rest in FILE_WORDS else f"{match.group(1)}{new}.{rest}"
        text = re.sub(rf'(["\']){re.escape(old)}\.([a-z_{{][a-z_0-9]*)', swap, text)
    return text


def rename_toml(path: Path, text: str) -> str:
    lines, section, out, moved = text.splitlines(), "", [], []
    for line in lines:
        header = re.fullmatch(r"\[([a-z_.]+)\]\s*", line)
        if header:
            name = header.group(1)
            for old, new in sorted(PREFIXES.items(), key=lambda item: -len(item[0])):
                if name == old or name.startswith(old + "."):
                    name = new + name[len(old):]
                    break
            section = name
            out.append(f"[{name}]")
            continue
        key = re.match(r"([a-z_0-9]+)\s*=", line)
        if key and section == "nav" and key.group(1) in IDS:
            line = IDS[key.group(1)] + line[len(key.group(1)):]
        elif key and f"{section}.{key.group(1)}" in NAV_MOVES:
            moved.append(NAV_MOVES[f"{section}.{key.group(1)}"] + line[len(key.group(1)):])
            continue
        out.append(line)
    if moved:
        out += ["", "[nav]", *moved]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def derive_labels() -> None:
    """binjai/ui/pages.py: the menu label is nav.<page_id>, derived rather than declared a second time."""
    path = ROOT / "binjai" / "ui" / "pages.py"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'PageSpec\("([a-z_]+)", ("[^"]+"), "nav\.\1", ', r'PageSpec("\1", \2, ', text)
    text = text.replace("    label_key: str\n", "")
    if "def label_key" not in text:
        text = text.replace("    @property\n    def exists", '''    @property
    def label_key(self) -> str:
        """The menu label's translation key: nav.<page_id>."""
        return f"nav.{self.page_id}"

    @property
    def exists''', 1)
    path.write_text(text, encoding="utf-8")


RECIPE_OLD = (
    '1. `pages/<n>_<name>.py`: starts with `ctx = setup_page("<page_id>")`; reads only through `binjai.ui.data.run(query, ...)`.\n'
    '2. `binjai/ui/pages.py`: a `PageSpec("<page_id>", "pages/<n>_<name>.py", "nav.<page_id>", icon)` (menu, links).\n'
    '3. `binjai/i18n/strings/common.toml`: `[nav] <page_id>`; page strings in a new or existing `strings/<area>.toml`.\n'
)
RECIPE_NEW = (
    '1. `pages/NN_<page_id>.py` (NN: its place in the menu; Streamlit serves it at `/<page_id>`, so a published id\n'
    '   is never renamed): starts with `ctx = setup_page("<page_id>")`; reads only through `binjai.ui.data.run(query, ...)`.\n'
    '2. `binjai/ui/pages.py`: a `PageSpec("<page_id>", "pages/NN_<page_id>.py", icon)` (menu, links; label `nav.<page_id>`).\n'
    '3. `binjai/i18n/strings/common.toml`: `[nav] <page_id>`; the page\'s own strings under `[<page_id>]` in a new or\n'
    '   existing `strings/<area>.toml` (texts shared with other code keep their area, e.g. `auth`, `common`, `widget`);\n'
    '   `tests/test_page_names.py` checks the scheme.\n'
)


def document_scheme() -> None:
    """docs/ARCHITECTURE.md: the page recipe states the scheme."""
    path = ROOT / "docs" / "ARCHITECTURE.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(RECIPE_OLD, RECIPE_NEW), encoding="utf-8")


def main() -> None:
    move_files()
    for path in tracked():
        if ".venv" in path.parts or "fixtures" in path.parts or path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        new = rename_paths(text)
        if path.suffix == ".toml" and "i18n/strings" in path.as_posix():
            new = rename_toml(path, new)
        elif path.suffix == ".md":
            new = rename_ids(new)
        elif path.suffix != ".toml":
            new = rename_prefixes(rename_ids(new))
        if new != text:
            path.write_text(new, encoding="utf-8")
            print("changed", path.relative_to(ROOT))
    derive_labels()
    document_scheme()


if __name__ == "__main__":
    main()
