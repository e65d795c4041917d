"""Geography: a kecamatan that agrees with its kelurahan, and coordinates inside the declared box (or swapped)."""

from __future__ import annotations

import pandas as pd

from binjai import reference
from data_sources.contract import Column, Contract, Kind
from etl.validation.messages import Reporter


def _of_kind(contract: Contract, kind: Kind) -> Column | None:
    return next((col for col in contract.columns if col.kind is kind), None)


def check_places(contract: Contract, typed: pd.DataFrame, bad: pd.DataFrame, report: Reporter) -> None:
    """The kecamatan column (when declared) must hold the kelurahan's kecamatan; it is filled from the kelurahan."""
    kel, kec = _of_kind(contract, Kind.KELURAHAN), _of_kind(contract, Kind.KECAMATAN)
    if kel is None or kec is None:
        return
    home = dict(reference.kelurahan()[["kelurahan", "kecamatan"]].itertuples(index=False))
    expected = typed[kel.name].map(home)
    clash = typed[kec.name].notna() & expected.notna() & (typed[kec.name] != expected) & ~bad[kec.name]
    for row in clash.index[clash.to_numpy(dtype=bool)]:
        report.one(row, kec.name, "check.kecamatan_mismatch", kelurahan=typed.at[row, kel.name],
                   expected=expected.at[row])
    typed[kec.name] = expected.where(expected.notna(), typed[kec.name]).astype(object)


def check_coordinates(contract: Contract, typed: pd.DataFrame, bad: pd.DataFrame, report: Reporter) -> None:
    """Latitude and longitude inside their declared ranges; a pair that fits the other way round is "swapped"."""
    lat_col, lon_col = _of_kind(contract, Kind.LATITUDE), _of_kind(contract, Kind.LONGITUDE)
    if lat_col is None or lon_col is None:
        return
    lat, lon = typed[lat_col.name], typed[lon_col.name]
    swapped = lat.between(lon_col.minimum, lon_col.maximum) & lon.between(lat_col.minimum, lat_col.maximum)
    unchecked = ~swapped & ~(bad[lat_col.name] | bad[lon_col.name])
    report.mask(swapped, lat_col.name, "check.swapped")
    report.mask(unchecked & lat.notna() & ~lat.between(lat_col.minimum, lat_col.maximum), lat_col.name,
                "check.outside_lat", low=float(lat_col.minimum), high=float(lat_col.maximum))
    report.mask(unchecked & lon.notna() & ~lon.between(lon_col.minimum, lon_col.maximum), lon_col.name,
                "check.outside_lon", low=float(lon_col.minimum), high=float(lon_col.maximum))
