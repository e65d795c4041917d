"""The four source contracts, by name."""

from data_sources import app_metrics, e_mas, e_saberling, quick_wins
from data_sources.contract import Contract

CONTRACTS: dict[str, Contract] = {
    module.CONTRACT.name: module.CONTRACT for module in (quick_wins, e_mas, e_saberling, app_metrics)
}
SOURCE_NAMES: tuple[str, ...] = tuple(CONTRACTS)


def get_contract(name: str) -> Contract:
    """The contract of source `name`; KeyError when unknown."""
    return CONTRACTS[name]
