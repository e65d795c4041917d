"""Deterministic, realistic sample data for the four sources of the Kota Binjai Smart City dashboard.

`generate(source)` returns one source as a DataFrame with exactly the contract's canonical columns and stored
values; `generate_all()` returns all four. The same seed, scale and `today` always give the same frames, and
nothing is dated after `today`. Volumes at scale 1: ~40 programmes, 20,000 complaints, 4,000 clean-up reports and
one monthly series per catalogue metric; `scale` multiplies the first three. e-Mas and e-Saberling are fully
vectorised (1,000,000 complaints in a few seconds).
"""

from __future__ import annotations

import zlib
from datetime import date

import numpy as np
import pandas as pd

from binjai import clock, reference
from data_sources import CONTRACTS
from data_sources.contract import Kind
from etl import sample_text as text

SAMPLE_SEED = 20181

_OFFSETS = {"quick_wins": 1, "e_mas": 2, "e_saberling": 3, "app_metrics": 4}
_DAY = 86_400
_STALE_SECONDS = 300 * _DAY  # sample records older than this are almost all closed (stale group small)
_LAT, _LON = (3.53, 3.67), (98.44, 98.54)
_NAT = np.datetime64("NaT", "s")
# 1 Syawal (Idul Fitri) in Indonesia; Ramadan is the 30 days before.
_EID = np.array(["2016-07-06", "2017-06-25", "2018-06-15", "2019-06-05", "2020-05-24", "2021-05-13", "2022-05-02",
                 "2023-04-22", "2024-04-10", "2025-03-31", "2026-03-20", "2027-03-10", "2028-02-27", "2029-02-15",
                 "2030-02-05"], dtype="datetime64[D]")
_WEEKDAY = np.array([1.15, 1.1, 1.05, 1.05, 0.95, 0.7, 0.6])  # Monday .. Sunday
_RAIN = np.array([1.0, 0.9, 0.95, 1.0, 1.0, 0.85, 0.85, 0.95, 1.25, 1.45, 1.5, 1.35])  # January .. December
_HOURS = np.array([0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 1.5, 3, 5, 6.5, 6.5, 6, 5.5, 5.5, 6, 5.5, 5, 5, 5.5, 6, 6, 5, 3.5, 1.5])
_CATEGORY_SHARE = {
    "Kebersihan & Sampah": 0.22, "Jalan & Drainase": 0.20, "Penerangan Jalan Umum": 0.10, "Air Bersih": 0.08,
    "Kesehatan": 0.05, "Pendidikan": 0.04, "Administrasi Kependudukan": 0.08, "Ketertiban & Keamanan": 0.07,
    "Sosial & Bantuan": 0.06, "Perizinan": 0.03, "Lingkungan Hidup": 0.04, "Lainnya": 0.03,
}
_WET = {"Kebersihan & Sampah", "Jalan & Drainase"}
_SLOWER = {"Jalan & Drainase": 1.3, "Perizinan": 1.2, "Administrasi Kependudukan": 0.8}
_CHANNELS = ["aplikasi", "web", "whatsapp", "sms", "telepon", "langsung", "media_sosial"]
_CHANNEL_P = {"early": [0.30, 0.10, 0.22, 0.12, 0.12, 0.08, 0.06], "late": [0.44, 0.07, 0.30, 0.02, 0.06, 0.04, 0.07]}
_SITES = {"drainase": (0.26, 0.8), "sungai": (0.08, 1.8), "pasar": (0.10, 2.2), "jalan": (0.14, 0.7),
          "permukiman": (0.20, 1.0), "fasilitas_umum": (0.07, 0.6), "lahan_kosong": (0.10, 1.5), "lainnya": (0.05, 0.9)}
_LAUNCH = {"e-Kinerja": "2018-01", "e-PBB": "2018-04", "e-Musrenbang": "2018-10", "e-SSH": "2019-01",
           "e-Mas": "2018-01", "e-Warung": "2019-07", "Catin": "2020-02", "e-Saberling": "2019-03"}


def generate(source: str, *, scale: float = 1.0, seed: int = SAMPLE_SEED, today: date | None = None) -> pd.DataFrame:
    """Sample rows for `source` (quick_wins, e_mas, e_saberling or app_metrics) as a canonical DataFrame."""
    if source not in _GENERATORS:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(_GENERATORS)}")
    if not scale >= 0:
        raise ValueError("scale must be 0 or more")
    today = today or clock.today()
    if today < date(2019, 12, 31):
        raise ValueError("today must be 2019-12-31 or later")
    return _finish(source, _GENERATORS[source](seed + _OFFSETS[source], scale, today))


def generate_all(*, scale: float = 1.0, seed: int = SAMPLE_SEED, today: date | None = None) -> dict[str, pd.DataFrame]:
    """All four sources: {"quick_wins": ..., "e_mas": ..., "e_saberling": ..., "app_metrics": ...}."""
    today = today or clock.today()
    return {name: generate(name, scale=scale, seed=seed, today=today) for name in _OFFSETS}


# ----------------------------------------------------------------------------------------------- shared helpers


def _finish(source: str, data: dict) -> pd.DataFrame:
    """Canonical columns in declaration order with the agreed dtypes."""
    out = {}
    for col in CONTRACTS[source].columns:
        values = data[col.name]
        if col.kind in (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH):
            out[col.name] = pd.Series(np.asarray(values, dtype="datetime64[ns]"), dtype="datetime64[ns]")
        elif col.kind in (Kind.DECIMAL, Kind.LATITUDE, Kind.LONGITUDE):
            out[col.name] = pd.Series(np.asarray(values, dtype=np.float64))
        elif col.kind == Kind.INTEGER:
            out[col.name] = pd.Series(pd.array(values, dtype="Int64"))
        else:
            arr = np.asarray(values).astype(object)
            out[col.name] = pd.Series(np.where(pd.isna(arr), None, arr), dtype=object)
    return pd.DataFrame(out)


def _draw(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _calendar(start: date, today: date, mid: float, width: float):
    """Days from start to today with month (0 = Jan), weekday (0 = Mon) and adoption x Ramadan weight."""
    days = np.arange(np.datetime64(start, "D"), np.datetime64(today, "D") + 1)
    years = 1970 + days.astype(np.int64) / 365.25
    weight = (0.12 + 1 / (1 + np.exp(-(years - mid) / width))) * (1 + 0.03 * (years - 2016))
    since_eid = (days[:, None] - _EID[None, :]).astype(np.int64)
    weight *= np.where(((since_eid >= -30) & (since_eid < -2)).any(1), 0.88, 1.0)
    weight *= np.where(((since_eid >= -2) & (since_eid <= 7)).any(1), 0.55, 1.0)
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    return days, month, (days.astype(np.int64) + 3) % 7, weight


def _arrivals(rng, days, weights, n: int, hours=_HOURS):
    """n timestamps (epoch seconds, sorted) spread over `days` by weight, and the index of each one's day."""
    idx = np.repeat(np.arange(len(days)), rng.multinomial(n, weights / weights.sum()))
    secs = _draw(rng, hours, n) * 3600 + rng.integers(0, 3600, n)
    ts = days[idx].astype(np.int64) * _DAY + secs
    order = np.argsort(ts, kind="stable")
    return ts[order], idx[order]


def _ids(prefix: str, ts: np.ndarray, width: int) -> np.ndarray:
    """PREFIX-YYYY-000001 numbered per year in time order (ts sorted); built as bytes, fast for millions."""
    if not len(ts):
        return np.array([], dtype=object)
    year = ts.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970
    seq = np.arange(len(ts)) - np.searchsorted(year, year, side="left") + 1
    width = max(width, len(str(int(seq.max()))))
    head = np.frombuffer(f"{prefix}-".encode(), dtype=np.uint8)
    chars = np.empty((len(ts), len(head) + 5 + width), dtype=np.uint8)
    chars[:, : len(head)] = head
    chars[:, len(head): len(head) + 4] = _digits(year, 4)
    chars[:, len(head) + 4] = ord("-")
    chars[:, len(head) + 5:] = _digits(seq, width)
    return chars.view(f"S{chars.shape[1]}").ravel().astype(f"U{chars.shape[1]}").astype(object)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    return ((values[:, None] // 10 ** np.arange(width - 1, -1, -1)) % 10 + ord("0")).astype(np.uint8)


def _places():
    """Kelurahan table with a sampling weight: kecamatan population shared by area, the city centre denser."""
    kel = reference.kelurahan()
    pop = reference.population()
    kec_pop = pop[pop.area_type == "kecamatan"].set_index("area").population.to_dict()
    share = kel.area_km2**0.4 / kel.groupby("kecamatan").area_km2.transform(lambda a: (a**0.4).sum())
    weight = kel.kecamatan.map(kec_pop).fillna(50_000).to_numpy(float) * share.to_numpy()
    return kel, weight * np.where(kel.kecamatan == "Binjai Kota", 1.6, 1.0)


def _scatter(rng, kel, k: np.ndarray, sd) -> tuple[np.ndarray, np.ndarray]:
    lat = kel.lat.to_numpy()[k] + rng.normal(0, 1, len(k)) * sd
    lon = kel.lon.to_numpy()[k] + rng.normal(0, 1, len(k)) * sd
    return np.clip(lat, *_LAT).round(6), np.clip(lon, *_LON).round(6)


def _stamp(secs: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return np.where(keep, secs.astype("datetime64[s]"), _NAT)


def _cap(today: date) -> int:
    """Latest allowed timestamp (epoch seconds): today 23:59."""
    return int(np.datetime64(today, "D").astype(np.int64)) * _DAY + _DAY - 60


# --------------------------------------------------------------------------------------------------- sources


def _e_mas(seed: int, scale: float, today: date) -> dict:
    rng = np.random.default_rng(seed)
    n = round(20_000 * scale)
    cats = reference.categories()
    names = cats.category.tolist()
    share = np.array([_CATEGORY_SHARE.get(c, 0.03) for c in names])
    by_month = share * np.where(np.isin(names, list(_WET))[None, :], _RAIN[:, None], 1.0)
    days, month, dow, weight = _calendar(date(2017, 1, 1), today, 2019.4, 0.7)
    recv, day = _arrivals(rng, days, weight * _WEEKDAY[dow] * by_month.sum(1)[month], n)
    cum = np.cumsum(by_month / by_month.sum(1, keepdims=True), axis=1)
    u, cat, m = rng.random(n), np.zeros(n, dtype=np.int64), month[day]
    for mo in range(12):
        sel = m == mo
        cat[sel] = np.minimum(np.searchsorted(cum[mo], u[sel], side="right"), len(names) - 1)
    kel, kel_w = _places()
    k = _draw(rng, kel_w, n)
    lat, lon = _scatter(rng, kel, k, 0.004)
    located = rng.random(n) < 0.7
    year = recv // _DAY / 365.25 + 1970
    channel = np.where(year < 2019, _draw(rng, _CHANNEL_P["early"], n), _draw(rng, _CHANNEL_P["late"], n))
    offices = np.array([f"Kecamatan {x}" for x in kel.kecamatan], dtype=object)
    office_ok = np.isin(offices, reference.opd().opd.to_numpy())
    use_office = (rng.random(n) < 0.12) & office_ok[k]
    opd = np.where(use_office, offices[k], cats.default_opd.to_numpy(object)[cat])

    # First response: 0-6 days later, moved into office hours (07:30-21:00, weekends to Monday).
    resp = recv + _draw(rng, [0.34, 0.28, 0.17, 0.1, 0.06, 0.03, 0.02], n) * _DAY + rng.integers(1800, 8 * 3600, n)
    rday, tod, office_tod = resp // _DAY, resp % _DAY, 8 * 3600 + rng.integers(0, 3 * 3600, n)
    late = tod >= 21 * 3600
    rday, tod = rday + late, np.where(late, office_tod, np.where(tod < 7 * 3600, office_tod - 1800, tod))
    wd = (rday + 3) % 7
    shift = np.where(wd == 5, 2, np.where(wd == 6, 1, 0))
    resp = (rday + shift) * _DAY + np.where(shift > 0, office_tod, tod)
    factor = np.array([_SLOWER.get(c, 1.0) for c in names])[cat]
    span = np.clip(1 + rng.gamma(2.0, 3.0, n) * factor, 1, 24.5)
    res = np.maximum(recv + (span * _DAY).astype(np.int64), resp + rng.integers(3600, 2 * _DAY, n))
    verify = resp + (rng.random(n) * (res - resp)).astype(np.int64)
    rejected, stuck_draw = rng.random(n) < 0.055, rng.random(n)
    close = resp + rng.integers(600, 3 * _DAY, n)
    cap = _cap(today)
    # Realistic closure: a few recent complaints get stuck; older ones were nearly all closed, a handful remain.
    stuck = ((stuck_draw < 0.006) & (cap - recv < _STALE_SECONDS)) | (stuck_draw < 0.0004)
    status = np.select(
        [resp > cap, rejected & (close <= cap), rejected | (verify > cap), stuck | (res > cap)],
        ["baru", "ditolak", "diverifikasi", "diproses"], "selesai").astype(object)
    done = status == "selesai"
    legacy = (year < 2018) & (rng.random(n) < 0.1) & (done | (status == "ditolak"))
    resolved = np.where(done, res, close)
    has_resolved = done | ((status == "ditolak") & (rng.random(n) < 0.7))
    score = _draw(rng, [0.05, 0.06, 0.14, 0.35, 0.40], n) + 1
    score = np.where((span > 12) & (rng.random(n) < 0.4), np.maximum(score - 1, 1), score)
    rated = done & (rng.random(n) < 0.55)
    return {
        "complaint_id": _ids("EMAS", recv, 6), "received_at": recv.astype("datetime64[s]"),
        "channel": np.array(_CHANNELS, dtype=object)[channel], "category": np.array(names, dtype=object)[cat],
        "kelurahan": kel.kelurahan.to_numpy(object)[k], "kecamatan": kel.kecamatan.to_numpy(object)[k],
        "latitude": np.where(located, lat, np.nan), "longitude": np.where(located, lon, np.nan), "opd": opd,
        "status": status, "responded_at": _stamp(resp, (status != "baru") & ~legacy),
        "resolved_at": _stamp(resolved, has_resolved), "rating": pd.arrays.IntegerArray(score, ~rated),
        "description": _complaint_texts(rng, names, cat),
    }


def _complaint_texts(rng, names: list[str], cat: np.ndarray) -> np.ndarray:
    """Template per category with a street, an optional landmark and a number of days/weeks."""
    n = len(cat)
    per_cat = [text.COMPLAINT_TEMPLATES.get(c, text.GENERIC_TEMPLATES) for c in names]
    counts = np.array([len(t) for t in per_cat])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    split = [tpl.replace("{n}", str(num)).split("{place}", 1) for tpls in per_cat for tpl in tpls for num in range(2, 8)]
    pre = np.array([s[0] for s in split], dtype=object).reshape(-1, 6)
    post = np.array([s[1] if len(s) > 1 else "" for s in split], dtype=object).reshape(-1, 6)
    t = offsets[cat] + (rng.random(n) * counts[cat]).astype(np.int64)
    num = rng.integers(0, 6, n)
    street = np.array(text.STREETS, dtype=object)[rng.integers(0, len(text.STREETS), n)]
    landmark = np.array(text.LANDMARKS, dtype=object)[rng.integers(0, len(text.LANDMARKS), n)]
    desc = pre[t, num] + street + landmark + post[t, num]
    return np.where(rng.random(n) < 0.03, None, desc)


def _e_saberling(seed: int, scale: float, today: date) -> dict:
    rng = np.random.default_rng(seed)
    n = round(4_000 * scale)
    days, month, dow, weight = _calendar(date(2019, 3, 1), today, 2020.6, 0.6)
    reported, _ = _arrivals(rng, days, weight * _RAIN[month] * (1.2 - 0.05 * dow), n, _HOURS * (np.arange(24) < 20))
    sites = [c.value for c in CONTRACTS["e_saberling"].column("site_type").choices]
    site = _draw(rng, [_SITES.get(s, (0.05, 1.0))[0] for s in sites], n)
    site_name = np.array(sites, dtype=object)[site]
    kel, kel_w = _places()
    k = _draw(rng, kel_w * (kel.area_km2.to_numpy() ** 0.3), n)
    names = kel.kelurahan.tolist()
    river_of = {names.index(x): river for river, kels in text.RIVERS.items() for x in kels if x in names}
    on_river = (site_name == "sungai") & bool(river_of)
    riverside = np.array(sorted(river_of), dtype=np.int64)
    if len(riverside):
        k = np.where(on_river, riverside[rng.integers(0, len(riverside), n)], k)
    lat, lon = _scatter(rng, kel, k, np.where(on_river, 0.0015, 0.004))

    # Cleaning: a few days later (median ~3, at most 20), during working hours.
    span = np.clip(rng.lognormal(np.log(3), 0.85, n), 0.05, 19.5)
    cleaned = (reported + (span * _DAY).astype(np.int64)) // _DAY * _DAY + rng.integers(7 * 3600, 17 * 3600, n)
    cleaned = np.minimum(np.maximum(cleaned, reported + rng.integers(3600, 4 * 3600, n)), reported + 20 * _DAY)
    planned = reported + (rng.random(n) * 0.6 * (cleaned - reported)).astype(np.int64)
    cap = _cap(today)
    never_draw = rng.random(n)
    never = ((never_draw < 0.015) & (cap - reported < _STALE_SECONDS)) | (never_draw < 0.002)
    status = np.select([never | (planned > cap), cleaned > cap], ["dilaporkan", "dijadwalkan"], "dibersihkan")
    done = status == "dibersihkan"
    site_mult = np.array([_SITES.get(s, (0.05, 1.0))[1] for s in sites])[site]
    waste = np.clip(rng.lognormal(np.log(150), 0.85, n) * site_mult, 2, 45_000).round(1)

    kec = kel.kecamatan.to_numpy(object)[k]
    kel_name = kel.kelurahan.to_numpy(object)[k]
    kind = _draw(rng, [0.35, 0.25, 0.15, 0.25], n)
    team = np.select([kind == 0, kind == 1, kind == 2],
                     ["Tim DLH Kecamatan " + kec, "Relawan Kelurahan " + kel_name, "Karang Taruna Kelurahan " + kel_name],
                     "Pasukan Kuning DLH").astype(object)
    river_name = np.array([river_of.get(i, "Bingai") for i in range(len(kel))], dtype=object)[k]
    special = rng.random(n)
    team = np.where(on_river & (special < 0.6), "Komunitas Peduli Sungai " + river_name, team)
    team = np.where((site_name == "pasar") & (special < 0.5), "Petugas Kebersihan Pasar", team)
    team = np.where((site_name == "drainase") & (special < 0.3), "Satgas Drainase Dinas PUTR", team)
    crew = np.isin(team, ["Pasukan Kuning DLH", "Petugas Kebersihan Pasar", "Satgas Drainase Dinas PUTR"]) | (kind == 0)
    volunteers = np.where(crew, rng.integers(0, 7, n), np.clip(rng.negative_binomial(2, 2 / 16, n), 0, 60))
    return {
        "report_id": _ids("SBL", reported, 5), "reported_at": reported.astype("datetime64[s]"),
        "kelurahan": kel_name, "kecamatan": kec, "latitude": lat, "longitude": lon, "site_type": site_name,
        "status": status.astype(object), "cleaned_at": _stamp(cleaned, done), "waste_kg": np.where(done, waste, np.nan),
        "volunteers": pd.arrays.IntegerArray(volunteers.astype(np.int64), ~done | (rng.random(n) < 0.12)),
        "team": np.where(done & (rng.random(n) > 0.05), team, None),
    }


def _quick_wins(seed: int, scale: float, today: date) -> dict:
    rng = np.random.default_rng(seed)
    n_prog = max(1, round(40 * scale)) if scale > 0 else 0
    longest = max(len(v) for v in text.PROGRAMMES.values())
    base = [(dim, *items[i]) for i in range(longest) for dim, items in text.PROGRAMMES.items() if i < len(items)]
    today_d = np.datetime64(today, "D")
    last_month = today_d.astype("datetime64[M]") - (0 if (today_d + 1).astype("datetime64[M]") > today_d else 1)
    first_month = np.datetime64("2018-07", "M")
    window = int((last_month - first_month).astype(np.int64)) + 1
    known_opd = set(reference.opd().opd)
    horizons = [c.value for c in CONTRACTS["quick_wins"].column("horizon").choices]
    counters: dict[str, int] = {}
    cols: dict[str, list] = {name: [] for name in CONTRACTS["quick_wins"].column_names}
    for i in range(n_prog):
        dim, name, lead = base[i % len(base)]
        stage = i // len(base)
        counters[dim] = counters.get(dim, 0) + 1
        h = int(_draw(rng, [0.6, 0.2, 0.12, 0.08], 1)[0])
        dur = int(rng.integers(*[(6, 13), (12, 19), (18, 31), (30, 37)][h]))
        # The first wave started with the 2018 masterplan; most later ones started in the last two years.
        if i < 6:
            offset = int(rng.integers(0, 4))
        elif rng.random() < 0.35:
            offset = int(rng.random() * min(30, window))
        else:
            offset = window - 1 - int(rng.random() * min(22, window))
        start = first_month + min(max(offset, 0), window - 1)
        months = np.arange(int((last_month - start).astype(np.int64)) + 1)
        kind = rng.random()
        speed = rng.uniform(0.97, 1.25) if kind < 0.5 else rng.uniform(0.55, 0.85) if kind < 0.78 else rng.uniform(0.85, 1.1)
        stall_at, stall_len = (round(dur * rng.uniform(0.3, 0.7)), int(rng.integers(4, 15))) if kind >= 0.78 else (0, 0)
        elapsed = months + 1.0
        frac = speed * (elapsed - np.clip(elapsed - stall_at, 0, stall_len)) / dur
        f = np.minimum(frac, 1)  # mostly S-shaped, a little linear so that sound programmes stay near plan
        curve = 100 * (0.4 * f + 0.6 * (3 * f**2 - 2 * f**3)) + rng.normal(0, 1.2, len(months))
        progress = np.maximum.accumulate(np.clip(curve, 0.5, 99.0).round(1))
        progress[frac >= 1] = 100.0
        end = int(np.argmax(progress >= 100)) + 1 if (progress >= 100).any() else len(months)
        months, progress, elapsed = months[:end], progress[:end], elapsed[:end]
        report = (start + months + 1).astype("datetime64[D]") - 1
        target = (start + dur).astype("datetime64[D]") - 1
        plan = np.minimum(100, 100 * elapsed / dur)
        derived = np.select([progress >= 100, report > target, plan - progress > 10],
                            ["selesai", "terlambat", "perlu_perhatian"], "sesuai_jadwal").astype(object)
        wrong = np.where(np.isin(derived, ["terlambat", "perlu_perhatian"]), "sesuai_jadwal", "perlu_perhatian")
        given = np.where((rng.random(end) < 0.2) & (derived != "selesai"), wrong, derived)
        behind, u = derived != "sesuai_jadwal", rng.random(end)
        notes = np.select(
            [(derived == "selesai") & (u < 0.5), behind & (derived != "selesai") & (u < 0.5), ~behind & (u < 0.1)],
            [rng.choice(text.DONE_NOTES, end), rng.choice(text.OBSTACLE_NOTES, end), rng.choice(text.PROGRESS_NOTES, end)],
            "").astype(object)
        budget = float(np.clip(round(rng.lognormal(np.log(700e6 * (1, 1.5, 2.2, 3)[h]), 0.7) / 1e6) * 1e6, 150e6, 5e9))
        absorb = rng.uniform(1.01, 1.06) if rng.random() < 0.08 else rng.uniform(0.85, 0.99)
        no_budget = rng.random() < 0.06
        spent = np.full(end, np.nan) if no_budget else (budget * absorb * (progress / 100) ** 1.15).round(-3)
        values = {
            "program_id": f"QW-{text.DIMENSION_CODES[dim]}-{counters[dim]:02d}",
            "program_name": name if stage == 0 else f"{name} Tahap {stage + 1}", "dimension": dim,
            "opd": lead if lead in known_opd else "Diskominfo", "horizon": horizons[h],
            "start_date": start.astype("datetime64[D]"), "target_date": target, "report_date": report,
            "progress_pct": progress, "budget_idr": np.nan if no_budget else budget, "spent_idr": spent,
            "status": np.where(rng.random(end) < 0.1, given, None), "note": np.where(notes == "", None, notes),
        }
        for col, value in values.items():
            cols[col].append(np.broadcast_to(value, end) if np.ndim(value) == 0 else value)
    return {col: np.concatenate(parts) if parts else np.array([], dtype=object) for col, parts in cols.items()}


def _app_metrics(seed: int, scale: float, today: date) -> dict:
    del scale  # one series per metric whatever the scale
    catalogue = reference.metric_catalogue()
    apps = {c.value for c in CONTRACTS["app_metrics"].column("app").choices}
    last = np.datetime64(today, "M") - 1
    cols: dict[str, list] = {name: [] for name in CONTRACTS["app_metrics"].column_names}
    for row in catalogue.itertuples():
        rng = _metric_rng(seed, row.app, row.metric)
        launch = np.datetime64(_LAUNCH[row.app], "M") if row.app in _LAUNCH else (
            np.datetime64("2018-01", "M") + int(rng.integers(0, 37)))
        periods = np.arange(launch, last + 1)
        if not len(periods):
            continue
        value, target = _series(seed, row, rng, periods)
        cols["app"].append(np.full(len(periods), row.app if row.app in apps else "lainnya", dtype=object))
        cols["metric"].append(np.full(len(periods), row.metric, dtype=object))
        cols["period"].append(periods.astype("datetime64[D]"))
        cols["value"].append(np.asarray(value, dtype=float))
        cols["target"].append(np.broadcast_to(np.asarray(target, dtype=float), len(periods)))
        cols["unit"].append(np.full(len(periods), row.unit or None, dtype=object))
    return {col: np.concatenate(parts) if parts else np.array([], dtype=object) for col, parts in cols.items()}


def _metric_rng(seed: int, app: str, metric: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(f"{app}/{metric}".encode())])


def _musrenbang(rng, periods) -> np.ndarray:
    profile = np.array([2.6, 3.0, 1.6, 0.35, 0.2, 0.2, 0.15, 0.15, 0.2, 0.2, 0.2, 0.25])
    years = periods.astype(np.int64) / 12 + 1970 - 2018
    return (200 * profile[periods.astype(np.int64) % 12] * (1 + 0.05 * years) * rng.lognormal(0, 0.12, len(periods))).round()


def _series(seed: int, row, rng, periods):
    """(monthly values, monthly target) of one catalogue metric; targets are yearly targets spread over months."""
    n, moy = len(periods), periods.astype(np.int64) % 12
    years = periods.astype(np.int64) / 12 + 1970 - 2018
    noise = rng.lognormal(0, 0.1, n)
    metric = row.metric
    if metric == "usulan_masuk":
        return _musrenbang(rng, periods), (2_000 * (1 + 0.05 * years.astype(int))) / 12
    if metric == "usulan_diterima":
        submitted = _musrenbang(_metric_rng(seed, row.app, "usulan_masuk"), periods)
        return (submitted * rng.uniform(0.35, 0.55, n)).round(), (900 * (1 + 0.05 * years.astype(int))) / 12
    if metric == "item_ssh_terbit":
        profile = np.array([1.5, 0.8, 0.7, 0.7, 0.8, 0.8, 1.0, 2.5, 3.0, 2.2, 1.0, 0.8])
        return (28 * profile[moy] * noise).round(), 480 / 12
    if metric == "asn_lapor_tepat_waktu":
        pct = 60 + 32 / (1 + np.exp(-(years - 2.5) / 0.8)) + rng.normal(0, 1.8, n) - 3 * (moy == 11)
        return np.clip(pct, 40, 99).round(1), np.where(years < 3, 85.0, 90.0)
    if metric == "kpm_terlayani":
        ramp = 2_100 + 1_900 / (1 + np.exp(-(years - 2.2) / 0.7))
        covid = np.where((years >= 2.25) & (years < 4), 1.1, 1.0)
        return np.clip(ramp * covid * noise, 2_000, 4_500).round(), 45_000 / 12
    if metric == "penerimaan_pbb":
        profile = np.array([0.6, 0.65, 0.75, 0.8, 0.85, 1.0, 1.35, 1.6, 1.45, 0.8, 0.7, 1.45])
        yearly = 20e9 * 1.035 ** years.astype(int) * np.where(years.astype(int) == 2, 0.88, 1.0)
        return np.clip(yearly / 12 * profile[moy] / profile.mean() * noise, 0.9e9, 4.2e9).round(-3), yearly * 1.06 / 12
    if metric == "catin_konseling":
        eid = _EID.astype("datetime64[M]")
        lunar = np.select([np.isin(periods, eid - 1), np.isin(periods, eid + 1), np.isin(periods, eid + 2)],
                          [0.65, 1.35, 1.25], 1.0)
        return np.clip(100 * lunar * noise * (1 + 0.02 * years), 60, 150).round(), 1_200 / 12
    if row.unit == "%":
        return np.clip(70 + 20 * (1 - np.exp(-years)) + rng.normal(0, 2, n), 0, 100).round(1), 90.0
    level = 1e9 if row.unit == "IDR" else 100
    return (level * (1 + 0.05 * years) * noise).round(), level * 12 * 1.05 / 12


_GENERATORS = {"quick_wins": _quick_wins, "e_mas": _e_mas, "e_saberling": _e_saberling, "app_metrics": _app_metrics}
