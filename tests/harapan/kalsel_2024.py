"""Expected figures for Kalimantan Selatan 2024, computed independently of the ``analisis`` package.

This script never imports ``analisis``. It reads the raw inputs the product reads:

* the bundled BPS figures (``src/analisis/data/bundel/*.csv``) and the indicator catalogue;
* the province parameter file (``params/provinsi/6300_kalimantan_selatan.yaml``);
* the ranking framework (``params/peringkat/kerangka_bawaan.yaml``), the example evaluator
  file and the example budget files that parameter file names;

and recomputes, with pandas and plain arithmetic, the figures the end-to-end tests pin:

* Banjar (6303): the relevansi/efektivitas labels 2020–2024, the target gaps and the
  determinant priority table;
* the provincial ranking: every kab/kota's composite score (two decimals), rank and
  dimension scores.

Every method choice is a constant in the ``METODE`` block below, next to the function that
applies it. When a method changes, change it here, run the script and review the diff of the
pinned file::

    .venv/bin/python tests/harapan/kalsel_2024.py --tulis   # rewrites tests/harapan/kalsel_2024.json
    .venv/bin/python tests/harapan/kalsel_2024.py           # prints the figures, writes nothing

The tests read the pinned ``kalsel_2024.json`` (the one place the expected values live) and
check that this script still produces exactly that file.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

AKAR = Path(__file__).resolve().parents[2]
BUNDEL = AKAR / "src" / "analisis" / "data" / "bundel"
PARAMS = AKAR / "params" / "provinsi" / "6300_kalimantan_selatan.yaml"
KERANGKA = AKAR / "params" / "peringkat" / "kerangka_bawaan.yaml"
KLASTER = AKAR / "src" / "analisis" / "anggaran" / "klaster_bawaan.yaml"
BERKAS_HARAPAN = Path(__file__).with_suffix(".json")

PROVINSI = "6300"
TAHUN = 2024
WILAYAH = "6303"  # Banjar

# =============================================================================================
# METODE — every method choice the expected figures depend on. Values read from the parameter
# files are checked against the choices implemented here (an unimplemented choice stops the
# script instead of silently computing something else).
# =============================================================================================
METODE = {
    # Evaluation window: tahun_awal = tahun − 5 (the notebook's default); labels for
    # tahun_awal < t ≤ tahun.
    "jendela_evaluasi": 5,
    # Relevansi "arah": relevan ⇔ sign(Δ_kab) = sign(Δ_ref), both non-zero.
    "relevansi": "arah",
    # Efektivitas "absolut": efektif ⇔ d·Δ_kab > d·Δ_ref strictly, and Δ_kab ≠ 0.
    "efektivitas": "absolut",
    # Two numbers are equal when |a − b| ≤ 1e−9 · max(1, |a|, |b|) (ties, zero changes).
    "toleransi": 1e-9,
    # Significance guard: applied only when the parameter file gives rse_bawaan (Kalsel: no),
    # |Δ| < z·√(SE_t² + SE_t−1²) → "tidak signifikan".
    "signifikansi": "rse_bawaan",
    # Targets: gap = d·(X* − X_last), X_last the latest year ≤ tahun with data; reached when
    # gap ≤ 0; pace over [t_last − 4, t_last] on the endpoints that have data.
    "rentang_laju": 4,
    # Determinants: the region's latest year ≤ tahun; the reference value of that SAME year
    # (no fallback to another year: an indicator without it is left out); Δ = X_th − X_th−1.
    "determinan_tahun_pembanding": "sama",
    # Priority score S = Σ w·z over kesenjangan and tren (besaran is not given: its weight is
    # shared out), z with the population sd over the indicators that have a gap; a missing
    # tren counts as z = 0; rank 1 = highest score, ties share the lowest rank.
    "determinan_komponen": ("kesenjangan", "tren"),
    # Ranking: statistics over jendela_tahun (3) years from the evaluation (P0, P1, P2
    # declines, relative P0 decline, share of "efektif" P0 years); budget indicators from the
    # budget file; evaluator indicators from the evaluator file; no BNBA summary → the whole
    # "kualitas_data" dimension is missing everywhere and the dimension weights are shared out
    # over the others (izinkan_dimensi_hilang when a source is missing).
    "peringkat_sumber_hilang": "bagi_ulang_dimensi",
    # PMK 97/2023 tagging value T on realisasi, over realised total spending, then T/T_max·100.
    "penandaan_dasar": "realisasi",
}


# =============================================================================================
# Inputs
# =============================================================================================


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def baca_bundel() -> pd.DataFrame:
    """All bundled rows, each indicator restricted to its catalogue period."""
    katalog = katalog_indikator()
    bagian = []
    for nama in ("kemiskinan_kalimantan_long.csv", "determinan_kalimantan_long.csv"):
        bagian.append(pd.read_csv(BUNDEL / nama, dtype={"kode_wilayah": str}))
    df = pd.concat(bagian, ignore_index=True)
    periode = df["indikator"].map(katalog["periode"])
    return df[df["periode"] == periode]


def katalog_indikator() -> pd.DataFrame:
    return pd.read_csv(BUNDEL / "katalog_indikator.csv").set_index("indikator")


def seri(data: pd.DataFrame, kode: str, indikator: str) -> pd.Series:
    s = data[(data["kode_wilayah"] == kode) & (data["indikator"] == indikator)]
    return pd.Series(s["nilai"].to_numpy(float), index=s["tahun"].astype(int)).sort_index()


def kabkota(provinsi: str) -> list[str]:
    w = pd.read_csv(BUNDEL / "wilayah_kalimantan.csv", dtype=str)
    w = w[(w["kode_bps"].str[:2] == provinsi[:2]) & w["jenis"].isin(["kabupaten", "kota"])]
    return sorted(w["kode_bps"])


def _sama(a: float, b: float) -> bool:
    return abs(a - b) <= METODE["toleransi"] * max(1.0, abs(a), abs(b))


def _tanda(x: float) -> int:
    return 0 if _sama(x, 0.0) else (1 if x > 0 else -1)


def _nilai(s: pd.Series, t: int) -> float:
    return float(s[t]) if t in s.index else math.nan


# =============================================================================================
# Banjar: relevansi and efektivitas
# =============================================================================================


def relevansi_efektivitas(data, params, katalog) -> dict:
    metode = params.get("metode", {})
    assert metode.get("relevansi", "arah") == METODE["relevansi"], "relevansi belum diterapkan"
    assert metode.get("efektivitas", "absolut") == METODE["efektivitas"], "efektivitas?"
    assert metode.get("pembanding", "provinsi") == "provinsi"
    if metode.get("rse_bawaan") is not None:
        raise NotImplementedError("uji signifikansi dengan rse_bawaan belum diterapkan di sini")
    tahun_awal = TAHUN - METODE["jendela_evaluasi"]
    hasil = {}
    for ind in params["indikator_tren"]:
        d = int(katalog.at[ind, "arah"])
        if d == 0:
            continue
        kab, ref = seri(data, WILAYAH, ind), seri(data, PROVINSI, ind)
        label = {}
        for t in range(tahun_awal + 1, TAHUN + 1):
            dk = _nilai(kab, t) - _nilai(kab, t - 1)
            dr = _nilai(ref, t) - _nilai(ref, t - 1)
            if math.isnan(dk) or math.isnan(dr):
                label[str(t)] = None
                continue
            sk, sr = _tanda(dk), _tanda(dr)
            relevan = sk == sr and sk != 0
            efektif = sk != 0 and not _sama(d * dk, d * dr) and d * dk > d * dr
            label[str(t)] = (
                f"{'relevan' if relevan else 'tidak relevan'} dan "
                f"{'efektif' if efektif else 'tidak efektif'}"
            )
        hasil[ind] = label
    return hasil


# =============================================================================================
# Banjar: targets
# =============================================================================================


def target(data, params, katalog) -> list[dict]:
    daftar = list(params.get("target_wilayah", {}).get(WILAYAH, None) or params["target_bawaan"])
    if params.get("target_ekstrem"):
        daftar.append(params["target_ekstrem"])
    hasil = []
    for tg in daftar:
        ind = tg["indikator"]
        d = int(katalog.at[ind, "arah"]) or -1
        s = seri(data, WILAYAH, ind).loc[:TAHUN].dropna()
        baris = {"indikator": ind, "nilai_target": tg["nilai"], "tahun_target": tg["tahun"]}
        if s.empty:
            hasil.append({**baris, "status": "tidak ada data", "kesenjangan": None})
            continue
        t_last, x_last = int(s.index[-1]), float(s.iloc[-1])
        gap = d * (tg["nilai"] - x_last)
        jendela = s.loc[t_last - METODE["rentang_laju"] : t_last]
        laju = (
            (float(jendela.iloc[-1]) - float(jendela.iloc[0]))
            / (int(jendela.index[-1]) - int(jendela.index[0]))
            if len(jendela) >= 2
            else None
        )
        tercapai = gap <= 0 or _sama(gap, 0.0)
        if not tercapai:
            raise NotImplementedError("status selain 'tercapai' belum diperlukan untuk Banjar")
        hasil.append(
            {
                **baris,
                "tahun_terakhir": t_last,
                "nilai_terakhir": x_last,
                "kesenjangan": round(gap, 4),
                "laju_historis": None if laju is None else round(laju, 4),
                "status": "tercapai",
            }
        )
    return hasil


# =============================================================================================
# Banjar: determinant priority table
# =============================================================================================


def determinan(data, params, katalog) -> dict:
    bobot = params.get("metode", {}).get("bobot_prioritas") or {
        "kesenjangan": 0.5,
        "besaran": 0.3,
        "tren": 0.2,
    }
    assert METODE["determinan_tahun_pembanding"] == "sama"
    baris = []
    for ind in params["indikator_determinan"]:
        d = int(katalog.at[ind, "arah"])
        s = seri(data, WILAYAH, ind).loc[:TAHUN].dropna()
        if s.empty or d == 0:
            continue
        th, x = int(s.index[-1]), float(s.iloc[-1])
        xr = _nilai(seri(data, PROVINSI, ind), th)
        if math.isnan(xr):
            continue  # no reference value in the same year: left out
        sebelum = _nilai(seri(data, WILAYAH, ind), th - 1)
        perubahan = x - sebelum
        baris.append(
            {
                "indikator": ind,
                "tahun_data": th,
                "nilai_kab": x,
                "nilai_ref": xr,
                "kesenjangan": d * (xr - x) / abs(xr) if xr != 0 else math.nan,
                "tren_memburuk": -d * perubahan,
            }
        )
    t = pd.DataFrame(baris).set_index("indikator")
    komponen = METODE["determinan_komponen"]
    total = sum(bobot[k] for k in komponen)
    w = {k: bobot[k] / total for k in komponen}
    z = {}
    for k, kolom in (("kesenjangan", "kesenjangan"), ("tren", "tren_memburuk")):
        v = t[kolom].where(t["kesenjangan"].notna())
        ada = v.dropna()
        sd = float(np.sqrt(((ada - ada.mean()) ** 2).mean()))
        z[k] = ((v - ada.mean()) / sd) if sd > 0 else v * 0.0
        t[f"z_{k}"] = z[k]
    t["skor"] = sum(w[k] * z[k].fillna(0.0) for k in komponen)
    t["peringkat"] = t["skor"].rank(method="min", ascending=False).astype(int)
    t = t.sort_values(["peringkat", "indikator"])
    return {
        "bobot_dipakai": {k: round(w.get(k, 0.0), 4) for k in ("kesenjangan", "besaran", "tren")},
        "tabel": [
            {
                "indikator": i,
                "tahun_data": int(r["tahun_data"]),
                "nilai_kab": r["nilai_kab"],
                "nilai_ref": r["nilai_ref"],
                "kesenjangan": round(float(r["kesenjangan"]), 4),
                "tren_memburuk": None
                if math.isnan(r["tren_memburuk"])
                else round(float(r["tren_memburuk"]), 4),
                "skor": round(float(r["skor"]), 2),
                "peringkat": int(r["peringkat"]),
            }
            for i, r in t.iterrows()
        ],
    }


# =============================================================================================
# Ranking: inputs
# =============================================================================================


def statistik_kinerja(data, params) -> pd.DataFrame:
    """Outcome indicators over jendela_tahun years (declines positive when poverty fell)."""
    n = int(params["jendela_tahun"])
    t0 = TAHUN - n
    baris = {}
    for kode in kabkota(PROVINSI):
        r = {}
        for ind in ("p0", "p1", "p2"):
            s = seri(data, kode, ind)
            turun = _nilai(s, t0) - _nilai(s, TAHUN)
            r[f"penurunan_{ind}_3th"] = turun
            if ind == "p0":
                a = _nilai(s, t0)
                r["penurunan_p0_relatif_3th"] = turun / a * 100 if a > 0 else math.nan
        # Share of "efektif" P0 years t0 < t ≤ tahun (absolute rule against the province).
        kab, ref = seri(data, kode, "p0"), seri(data, PROVINSI, "p0")
        label = []
        for t in range(t0 + 1, TAHUN + 1):
            dk = _nilai(kab, t) - _nilai(kab, t - 1)
            dr = _nilai(ref, t) - _nilai(ref, t - 1)
            if math.isnan(dk) or math.isnan(dr):
                continue
            label.append(_tanda(dk) != 0 and not _sama(-dk, -dr) and -dk > -dr)
        r["efektivitas_p0"] = float(np.mean(label)) if label else math.nan
        baris[kode] = r
    return pd.DataFrame.from_dict(baris, orient="index")


def _baca_csv_titik_koma(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")


def anggaran_kinerja(params) -> pd.DataFrame:
    """Budget indicators: share of APBD (pagu), realisation (reported rows), tagging score."""
    assert METODE["penandaan_dasar"] == "realisasi"
    rel = params["peringkat"]["masukan"][TAHUN]["anggaran"]
    p_anggaran = AKAR / rel
    p_ringkasan = p_anggaran.with_name(p_anggaran.name.replace("_anggaran_", "_ringkasan_"))
    a = _baca_csv_titik_koma(p_anggaran)
    r = _baca_csv_titik_koma(p_ringkasan)
    kolom_kode = next(c for c in a.columns if c.startswith("Kode wilayah"))
    a = pd.DataFrame(
        {
            "kode": a[kolom_kode].str.strip(),
            "tahun": a["Tahun"].astype(int),
            "pagu": pd.to_numeric(a["Pagu (Rp)"]),
            "realisasi": pd.to_numeric(a["Realisasi (Rp)"]),
            "penandaan": a["Penandaan kemiskinan ekstrem"].fillna("").str.strip().str.lower(),
        }
    )
    a = a[a["tahun"] == TAHUN]
    r = pd.DataFrame(
        {
            "kode": r[next(c for c in r.columns if c.startswith("Kode wilayah"))].str.strip(),
            "belanja": pd.to_numeric(r["Belanja daerah APBD (Rp)"]),
            "realisasi_belanja": pd.to_numeric(r["Realisasi belanja daerah (Rp)"]),
        }
    ).set_index("kode")
    kategori = _yaml(KLASTER)["penandaan"]["kategori"]
    kode_kategori = {}
    for k in kategori:
        for nama in [k["kode"], k["nama"], *k.get("alias", [])]:
            kode_kategori[str(nama).strip().lower()] = k["kode"]
    bobot = {k["kode"]: float(k["bobot"]) for k in kategori}
    a["kategori"] = a["penandaan"].map(kode_kategori)  # "tidak ditandai" → NaN
    hasil = {}
    for kode, g in a.groupby("kode"):
        lapor = g[g["realisasi"].notna()]
        t = sum(
            bobot[c]
            * g.loc[g["kategori"] == c, "realisasi"].sum()
            / r.at[kode, "realisasi_belanja"]
            for c in bobot
        )
        hasil[kode] = {
            "porsi_anggaran_kemiskinan": 100 * g["pagu"].sum() / r.at[kode, "belanja"],
            "realisasi_anggaran": 100 * lapor["realisasi"].sum() / lapor["pagu"].sum(),
            "t_penandaan": t,
        }
    df = pd.DataFrame.from_dict(hasil, orient="index")
    df["skor_penandaan"] = 100 * df["t_penandaan"] / df["t_penandaan"].max()
    return df.drop(columns="t_penandaan")


def evaluator_kinerja(params) -> pd.DataFrame:
    """The evaluator file: the code in square brackets of each header names the indicator."""
    rel = params["peringkat"]["masukan"][TAHUN]["evaluator"]
    baris = (AKAR / rel).read_text("utf-8-sig").splitlines()
    baris = [b for b in baris if not b.lstrip('"').startswith("#")]  # note lines
    df = pd.read_csv(io.StringIO("\n".join(baris)), dtype=str)
    df.columns = [c[c.index("[") + 1 : c.index("]")] for c in df.columns]
    return df.set_index("kode_wilayah")


# =============================================================================================
# Ranking: index
# =============================================================================================


def _normalisasi(x: pd.Series, ind: dict, kerangka: dict) -> pd.Series:
    metode = ind["normalisasi"]
    naik = ind.get("arah", "naik_baik") == "naik_baik"
    if metode == "min_maks":
        lo, hi = x.min(), x.max()
        if hi == lo:
            return x * 0 + 100.0
        return 100 * ((x - lo) if naik else (hi - x)) / (hi - lo)
    if metode == "max_rasio":
        assert naik, "max_rasio turun_baik tidak dipakai oleh kerangka bawaan"
        xp = x.clip(lower=0)
        return 100 * xp / xp.max() if xp.max() > 0 else xp * 0.0
    if metode == "capaian_target":
        assert naik
        return 100 * (x.clip(lower=0) / float(ind["target"])).clip(upper=1)
    if metode == "rubrik":
        peta = ind.get("nilai_rubrik") or kerangka["rubrik_bawaan"]
        peta = {str(k).casefold(): float(v) for k, v in peta.items()}
        return x.map(lambda v: peta[str(v).strip().casefold()])
    raise NotImplementedError(f"normalisasi {metode}")


def masukan_peringkat(data, params) -> pd.DataFrame:
    """The joined ranking inputs, one row per kab/kota."""
    masukan = pd.concat(
        [statistik_kinerja(data, params), anggaran_kinerja(params), evaluator_kinerja(params)],
        axis=1,
    )
    return masukan.reindex(kabkota(PROVINSI))


def _masukan_json(masukan: pd.DataFrame) -> dict:
    kerangka = _yaml(KERANGKA)
    kode_ind = [i["kode"] for d in kerangka["dimensi"] for i in d["indikator"]]
    rubrik = {
        i["kode"]
        for d in kerangka["dimensi"]
        for i in d["indikator"]
        if i["normalisasi"] == "rubrik"
    }
    return {
        k: {c: (v if c in rubrik else round(float(v), 4)) for c, v in r.items() if c in kode_ind}
        for k, r in masukan.iterrows()
    }


def peringkat(masukan: pd.DataFrame) -> list[dict]:
    kerangka = _yaml(KERANGKA)
    assert kerangka["kebijakan_data_hilang"] == "bobot_ulang"
    kode = list(masukan.index)
    skor_dimensi, bobot_dimensi = {}, {}
    for dim in kerangka["dimensi"]:
        skor_ind, bobot_ind = [], []
        for ind in dim["indikator"]:
            if ind["kode"] not in masukan.columns:
                continue  # a source not given (BNBA): the indicator is missing everywhere
            x = masukan[ind["kode"]]
            if ind["normalisasi"] != "rubrik":
                x = pd.to_numeric(x)
            if x.isna().any():
                raise NotImplementedError("nilai hilang sebagian belum diperlukan untuk Kalsel")
            skor_ind.append(_normalisasi(x, ind, kerangka))
            bobot_ind.append(float(ind["bobot"]))
        if not skor_ind:
            assert METODE["peringkat_sumber_hilang"] == "bagi_ulang_dimensi"
            continue
        w = np.array(bobot_ind) / sum(bobot_ind)
        skor_dimensi[dim["kode"]] = sum(wi * s for wi, s in zip(w, skor_ind))
        bobot_dimensi[dim["kode"]] = float(dim["bobot"])
    total = sum(bobot_dimensi.values())
    komposit = sum(bobot_dimensi[d] / total * s for d, s in skor_dimensi.items())
    rank = komposit.round(9).rank(method="min", ascending=False).astype(int)
    urut = sorted(kode, key=lambda k: (rank[k], k))
    return [
        {
            "kode_wilayah": k,
            "peringkat": int(rank[k]),
            "skor": round(float(komposit[k]), 2),
            **{f"skor_{d}": round(float(s[k]), 2) for d, s in skor_dimensi.items()},
        }
        for k in urut
    ]


# =============================================================================================


def hitung() -> dict:
    data = baca_bundel()
    params = _yaml(PARAMS)
    katalog = katalog_indikator()
    masukan = masukan_peringkat(data, params)
    return {
        "catatan": (
            "Dihitung oleh tests/harapan/kalsel_2024.py tanpa paket analisis; jangan diubah "
            "dengan tangan."
        ),
        "metode": {k: list(v) if isinstance(v, tuple) else v for k, v in METODE.items()},
        "provinsi": PROVINSI,
        "tahun": TAHUN,
        "wilayah": WILAYAH,
        "relevansi": relevansi_efektivitas(data, params, katalog),
        "target": target(data, params, katalog),
        "determinan": determinan(data, params, katalog),
        "masukan_peringkat": _masukan_json(masukan),
        "peringkat": peringkat(masukan),
    }


def teks(harapan: dict) -> str:
    return json.dumps(harapan, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tulis", action="store_true", help=f"tulis {BERKAS_HARAPAN.name}")
    arg = ap.parse_args()
    isi = teks(hitung())
    if arg.tulis:
        BERKAS_HARAPAN.write_text(isi, "utf-8")
        print(f"ditulis: {BERKAS_HARAPAN.relative_to(AKAR)}")
    else:
        sys.stdout.write(isi)


if __name__ == "__main__":
    main()
