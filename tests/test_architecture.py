"""The layer contracts cover every module, and pages reach the ETL only through binjai (see docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import pkgutil
import re
import tomllib
from pathlib import Path

import binjai

ROOT = Path(__file__).resolve().parents[1]


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def _layered_modules() -> set[str]:
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    return {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}


def test_every_binjai_module_has_a_layer() -> None:
    """A new binjai module must be placed in the layers contract, or the contract would not look at it."""
    modules = {f"binjai.{info.name}" for info in pkgutil.iter_modules(binjai.__path__)}
    assert modules - _layered_modules() == set()
    assert _layered_modules() - modules - {"etl", "data_sources"} == set()


def test_everything_below_the_ui_is_kept_from_streamlit() -> None:
    """The no-Streamlit contract names every layer below binjai.ui."""
    forbidden = next(c for c in _contracts() if "streamlit" in c.get("forbidden_modules", ()) and "etl" in c["source_modules"])
    assert set(forbidden["source_modules"]) == _layered_modules() - {"binjai.ui", "data_sources"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


PAGE_ETL_API = ("etl.loading", "etl.templates", "etl.marked_copy")  # the one load path, templates, marked copy


def test_pages_do_not_reach_into_etl() -> None:
    """Pages are thin: they use binjai and the ETL's public load path only, never its internals or DuckDB."""
    for page in [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for name in _imported_modules(page):
            root = name.split(".")[0]
            assert root != "duckdb", page.name
            assert root != "etl" or name in PAGE_ETL_API or name.rsplit(".", 1)[0] in PAGE_ETL_API, (page.name, name)


def test_layer_contracts_hold(capsys) -> None:
    """The import-linter contracts in pyproject.toml (also run by scripts/test.sh) are kept."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0, \
        capsys.readouterr().out
