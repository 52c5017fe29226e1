"""Expected figures for Kalimantan Selatan 2024, computed independently of the ``analisis`` package.

This script never imports ``analisis``. It reads the raw inputs the product reads:

* the bundled BPS figures (``src/analisis/data/bundel/*.csv``) and the indicator catalogue;
* the province parameter file (``params/provinsi/6300_kalimantan_selatan.yaml``);
* the ranking framework (``params/peringkat/kerangka_bawaan.yaml``), the budget taxonomy
  (``params/anggaran/klaster.yaml``), and the example evaluator and budget files that the
  parameter file names (paths relative to the ``params/`` folder);

and recomputes, with pandas and plain arithmetic, the figures the end-to-end tests pin:

* Banjar (6303): the relevansi/efektivitas labels 2020–2024 (the 2×2 label, the significance
  threshold of the default precision model and the final label), the target gaps and the
  determinant priority table;
* the provincial ranking: every kab/kota's composite score (two decimals), rank and
  dimension scores, and the ranking inputs with the standard errors of the statistical ones.

The methods are those of ``docs/domain-methods.md`` §1 and §4 as refined by issue 14 and
documented in the product's docstrings (``src/analisis/metode/``); they are re-implemented
here from that text. Every method choice is a constant in the ``METODE`` block below, next to
the function that applies it. When a method changes, change it here, run the script and review
the diff of the pinned file::

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
FOLDER_PARAMS = AKAR / "params"
PARAMS = FOLDER_PARAMS / "provinsi" / "6300_kalimantan_selatan.yaml"
KERANGKA = FOLDER_PARAMS / "peringkat" / "kerangka_bawaan.yaml"
KLASTER = FOLDER_PARAMS / "anggaran" / "klaster.yaml"
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
    # Paths inside the province YAML are relative to the params/ folder.
    "jalur_berkas": "relatif_folder_params",
    # Evaluation window: tahun_awal = tahun − 5 (the notebook's default); labels for
    # tahun_awal < t ≤ tahun, and only for years from the region's second to its last year
    # with a value (≤ tahun): no row before the region's series starts.
    "jendela_evaluasi": 5,
    # Relevansi "arah" (spec §1.3 sign rule, wording of issue 14): with d the direction,
    #   both improve → "relevan"; both worsen → "searah (sama-sama memburuk)";
    #   both flat → "searah (sama-sama tetap)"; region improves, reference flat →
    #   "relevan (pembanding tetap)"; every other sign pair → "tidak relevan".
    "relevansi": "arah",
    # Efektivitas "absolut": efektif ⇔ d·Δ_kab > d·Δ_ref strictly (a region that did not change
    # is efektif when the reference worsened). Counts of people (unit "… jiwa") use the
    # relative form: efektif ⇔ d·g_kab > d·g_ref, g = Δ/X_t−1·100.
    "efektivitas": "absolut",
    "efektivitas_jumlah_penduduk": "relatif",
    # Two numbers are equal when |a − b| ≤ 1e−9 · max(1, |a|, |b|) (ties, zero changes).
    "toleransi": 1e-9,
    # Significance guard (on by default): the default precision model (§4.3, issue 14),
    #   SE(P0) = √(P0(100 − P0)/n_ef); SE(P1) = √((100·P2 − P1²)/n_ef);
    #   SE(P2) = √((100·P4 − P2²)/n_ef) with P4 = P2³/P1²; SE(jumlah) = jumlah·SE(P0)/P0;
    # n_ef from the parameters (n_efektif_presisi, default 1900). |Δ_kab| < z·√(SE_t² + SE_t−1²)
    # → final label "tidak signifikan" (|Δ| exactly at the threshold is significant). The guard
    # needs only the region's change and both SEs (it applies even without a reference value).
    "signifikansi": "model_presisi",
    "n_efektif_bawaan": 1900.0,
    "z_bawaan": 1.96,
    # Targets: gap = d·(X* − X_last), X_last the latest year ≤ tahun with data; reached when
    # gap ≤ 0; pace over [t_last − 4, t_last] on the endpoints that have data. The extreme-
    # poverty target is evaluated for the region only when it has extreme-poverty figures
    # (otherwise the report's extreme-poverty part shows the province against it).
    "rentang_laju": 4,
    "target_ekstrem": "hanya_bila_wilayah_berdata",
    # Determinants: the region's latest year ≤ tahun; reference = the province's value of that
    # SAME year, else the simple mean of the province's kab/kota that have a value that year
    # (at least two), else the indicator is listed as not scored.
    "determinan_pembanding": "provinsi_lalu_rata_rata_kabkota",
    "determinan_minimum_rata_rata": 2,
    # Unit-free trend: t_i = −d_i·Δ_k,i / sd_j(Δ_j,i), Δ over (th − 1, th], sd the population
    # sd of the changes of the province's kab/kota (the region included; at least 3 regions;
    # sd = 0 → no trend). Used as is in the score (not re-standardised across indicators).
    "determinan_tren": "baku_antar_kabkota",
    "determinan_tren_minimum": 3,
    # Priority score S = Σ w·z over kesenjangan (population z across the scored indicators)
    # and tren (as above); besaran is not given, so its weight is shared out; a missing tren
    # counts as 0; rank 1 = highest score, ties share the lowest rank.
    "determinan_komponen": ("kesenjangan", "tren"),
    # Ranking: statistics over jendela_tahun (3) years from the evaluation (P0, P1, P2
    # declines, relative P0 decline, share of "efektif" P0 years, from the efektivitas label
    # before the significance guard), each decline with its SE from the same precision model
    # (difference: √(SE_t0² + SE_t1²); relative decline: delta method); budget indicators from
    # the budget file; evaluator indicators from the evaluator file; no BNBA summary → the whole
    # "kualitas_data" dimension is missing everywhere and the dimension weights are shared out
    # over the others (izinkan_dimensi_hilang when a source is missing).
    "peringkat_sumber_hilang": "bagi_ulang_dimensi",
    # PMK 97/2023 tagging value T on realisasi, over realised total spending, then T/T_max·100.
    "penandaan_dasar": "realisasi",
}

INDIKATOR_PRESISI = ("p0", "p1", "p2", "jumlah_penduduk_miskin")


# =============================================================================================
# Inputs
# =============================================================================================


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _jalur_params(rel: str) -> Path:
    """A path written in the province YAML (relative to the params/ folder)."""
    assert METODE["jalur_berkas"] == "relatif_folder_params"
    p = (FOLDER_PARAMS / rel).resolve()
    assert p.is_relative_to(FOLDER_PARAMS.resolve()), rel
    return p


def baca_bundel_mentah() -> pd.DataFrame:
    bagian = []
    for nama in ("kemiskinan_kalimantan_long.csv", "determinan_kalimantan_long.csv"):
        bagian.append(pd.read_csv(BUNDEL / nama, dtype={"kode_wilayah": str}))
    return pd.concat(bagian, ignore_index=True)


def baca_bundel() -> pd.DataFrame:
    """All bundled rows, each indicator restricted to its catalogue period."""
    katalog = katalog_indikator()
    df = baca_bundel_mentah()
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


def _bulat(x: float, n: int = 4) -> float | None:
    return None if x is None or math.isnan(x) else round(float(x), n)


# =============================================================================================
# The default precision model (SE of kab/kota Susenas estimates)
# =============================================================================================


def parameter_presisi(params: dict) -> tuple[float, float]:
    """(n_ef, z) of the significance guard; stops on a choice not implemented here."""
    metode = params.get("metode", {})
    assert metode.get("uji_signifikansi", True) is True, "uji signifikansi mati belum diterapkan"
    if metode.get("rse_bawaan") is not None:
        raise NotImplementedError("RSE tetap (rse_bawaan) belum diterapkan di sini")
    n_ef = float(metode.get("n_efektif_presisi", METODE["n_efektif_bawaan"]))
    z = float(metode.get("z_signifikansi", METODE["z_bawaan"]))
    return n_ef, z


def cek_tanpa_rse_impor(data: pd.DataFrame) -> None:
    """Imported BPS RSE would override the model year by year: not implemented here."""
    rse = data[data["indikator"].str.startswith("rse_") & data["kode_wilayah"].str.startswith("63")]
    if len(rse):
        raise NotImplementedError("RSE BPS yang diimpor belum diterapkan di sini")


def galat_baku(data: pd.DataFrame, kode: str, indikator: str, n_ef: float) -> pd.Series:
    """SE per year of one modelled indicator of one region (NaN where an input is missing)."""
    p0, p1, p2 = (seri(data, kode, i) for i in ("p0", "p1", "p2"))
    hasil = {}
    basis = seri(data, kode, indikator)
    for t, x in basis.items():
        if indikator == "p0":
            assert 0 <= x <= 100
            v = x * (100 - x) / n_ef
        elif indikator == "p1":
            b = _nilai(p2, t)
            v = (100 * b - x**2) / n_ef
        elif indikator == "p2":
            a = _nilai(p1, t)
            p4 = x**3 / a**2 if a > 0 else math.nan
            v = (100 * p4 - x**2) / n_ef
        elif indikator == "jumlah_penduduk_miskin":
            a = _nilai(p0, t)
            v = (x / a) ** 2 * a * (100 - a) / n_ef if a > 0 else math.nan
        else:
            raise NotImplementedError(indikator)
        if not math.isnan(v) and v < 0:
            raise NotImplementedError(f"ragam negatif {indikator} {kode} {t}")
        hasil[int(t)] = math.sqrt(v) if not math.isnan(v) else math.nan
    return pd.Series(hasil, dtype=float)


# =============================================================================================
# Banjar: relevansi and efektivitas
# =============================================================================================


def _label_relevansi(sk: int, sr: int, d: int) -> str:
    assert METODE["relevansi"] == "arah"
    if sk == sr == 0:
        return "searah (sama-sama tetap)"
    if sr == 0:
        return "relevan (pembanding tetap)" if d * sk > 0 else "tidak relevan"
    if sk == sr:
        return "relevan" if d * sk > 0 else "searah (sama-sama memburuk)"
    return "tidak relevan"


def _efektif(kab_t: float, kab_s: float, ref_t: float, ref_s: float, d: int, aturan: str):
    """True/False, or None when the rule's inputs are missing."""
    if aturan == "absolut":
        a, b = kab_t - kab_s, ref_t - ref_s
    else:
        assert aturan == "relatif"
        a = (kab_t - kab_s) / kab_s * 100 if kab_s != 0 else math.nan
        b = (ref_t - ref_s) / ref_s * 100 if ref_s != 0 else math.nan
    if math.isnan(a) or math.isnan(b):
        return None
    return not _sama(a, b) and d * a > d * b


def label_tahunan(kab: pd.Series, ref: pd.Series, d: int, aturan: str, se: pd.Series, z: float):
    """Per year (from the region's second to its last year with a value): the 2×2 label, the
    significance threshold z·SE(Δ) and the final label."""
    ada = kab.dropna()
    hasil = {}
    for t in range(int(ada.index.min()) + 1, int(ada.index.max()) + 1):
        kt, ks = _nilai(kab, t), _nilai(kab, t - 1)
        rt, rs = _nilai(ref, t), _nilai(ref, t - 1)
        dk, dr = kt - ks, rt - rs
        gabungan = None
        if not (math.isnan(dk) or math.isnan(dr)):
            efk = _efektif(kt, ks, rt, rs, d, aturan)
            if efk is not None:
                gabungan = (
                    f"{_label_relevansi(_tanda(dk), _tanda(dr), d)} dan "
                    f"{'efektif' if efk else 'tidak efektif'}"
                )
        batas = z * math.hypot(_nilai(se, t), _nilai(se, t - 1))
        label = gabungan
        if not (math.isnan(dk) or math.isnan(batas)) and abs(dk) < batas:
            label = "tidak signifikan"
        hasil[t] = {
            "label_gabungan": gabungan,
            "batas_signifikan": _bulat(batas),
            "label": label,
            "efektif": None if gabungan is None else gabungan.endswith(" dan efektif"),
        }
    return hasil


def relevansi_efektivitas(data, params, katalog) -> dict:
    metode = params.get("metode", {})
    assert metode.get("relevansi", "arah") == METODE["relevansi"], "relevansi belum diterapkan"
    assert metode.get("efektivitas", "absolut") == METODE["efektivitas"], "efektivitas?"
    assert metode.get("pembanding", "provinsi") == "provinsi"
    n_ef, z = parameter_presisi(params)
    tahun_awal = TAHUN - METODE["jendela_evaluasi"]
    hasil = {}
    for ind in params["indikator_tren"]:
        d = int(katalog.at[ind, "arah"])
        if d == 0:
            continue
        jumlah = "jiwa" in str(katalog.at[ind, "satuan"])
        aturan = METODE["efektivitas_jumlah_penduduk"] if jumlah else METODE["efektivitas"]
        kab = seri(data, WILAYAH, ind).loc[:TAHUN].dropna()
        ref = seri(data, PROVINSI, ind).loc[:TAHUN].dropna()
        se = galat_baku(data, WILAYAH, ind, n_ef)
        per_tahun = label_tahunan(kab, ref, d, aturan, se, z)
        hasil[ind] = {
            str(t): {k: v for k, v in r.items() if k != "efektif"}
            for t, r in per_tahun.items()
            if tahun_awal < t <= TAHUN
        }
    return hasil


# =============================================================================================
# Banjar: targets
# =============================================================================================


def _ada_angka_ekstrem(mentah: pd.DataFrame, kode: str, indikator: str) -> bool:
    s = mentah[
        (mentah["kode_wilayah"] == kode)
        & (mentah["indikator"] == indikator)
        & (mentah["tahun"] <= TAHUN)
        & mentah["periode"].isin(["Maret", "tahunan"])
    ]
    return bool(s["nilai"].notna().any())


def target(data, params, katalog) -> list[dict]:
    daftar = list(params.get("target_wilayah", {}).get(WILAYAH, None) or params["target_bawaan"])
    te = params.get("target_ekstrem")
    assert METODE["target_ekstrem"] == "hanya_bila_wilayah_berdata"
    if te and _ada_angka_ekstrem(baca_bundel_mentah(), WILAYAH, te["indikator"]):
        raise NotImplementedError("target ekstrem wilayah belum diperlukan untuk Banjar")
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


def _pembanding_determinan(data, ind: str, th: int) -> tuple[float, str]:
    """The province's value in year th, else the mean of its kab/kota (at least two)."""
    assert METODE["determinan_pembanding"] == "provinsi_lalu_rata_rata_kabkota"
    xr = _nilai(seri(data, PROVINSI, ind), th)
    if not math.isnan(xr):
        return xr, "provinsi"
    nilai = [_nilai(seri(data, k, ind), th) for k in kabkota(PROVINSI)]
    nilai = [x for x in nilai if not math.isnan(x)]
    if len(nilai) >= METODE["determinan_minimum_rata_rata"]:
        return sum(nilai) / len(nilai), f"rata-rata {len(nilai)} kabupaten/kota"
    return math.nan, ""


def _tren_baku(data, ind: str, th: int, perubahan: float, d: int) -> float:
    """−d·Δ_k / sd(Δ of the province's kab/kota over the same years)."""
    assert METODE["determinan_tren"] == "baku_antar_kabkota"
    semua = []
    for k in kabkota(PROVINSI):
        s = seri(data, k, ind)
        semua.append(_nilai(s, th) - _nilai(s, th - 1))
    semua = np.array([x for x in semua if not math.isnan(x)])
    if math.isnan(perubahan) or len(semua) < METODE["determinan_tren_minimum"]:
        return math.nan
    sd = float(np.sqrt(np.mean((semua - semua.mean()) ** 2)))
    if sd <= 1e-12:
        return math.nan
    return -d * perubahan / sd


def determinan(data, params, katalog) -> dict:
    bobot = params.get("metode", {}).get("bobot_prioritas") or {
        "kesenjangan": 0.5,
        "besaran": 0.3,
        "tren": 0.2,
    }
    baris, tidak_dinilai = [], []
    for ind in params["indikator_determinan"]:
        d = int(katalog.at[ind, "arah"])
        s = seri(data, WILAYAH, ind).loc[:TAHUN].dropna()
        if s.empty or d == 0:
            tidak_dinilai.append(ind)
            continue
        th, x = int(s.index[-1]), float(s.iloc[-1])
        xr, asal = _pembanding_determinan(data, ind, th)
        if math.isnan(xr):
            tidak_dinilai.append(ind)
            continue
        perubahan = x - _nilai(seri(data, WILAYAH, ind), th - 1)
        baris.append(
            {
                "indikator": ind,
                "tahun_data": th,
                "nilai_kab": x,
                "nilai_ref": xr,
                "pembanding": asal,
                "kesenjangan": d * (xr - x) / abs(xr) if xr != 0 else math.nan,
                "tren_memburuk": _tren_baku(data, ind, th, perubahan, d),
            }
        )
    t = pd.DataFrame(baris).set_index("indikator")
    komponen = METODE["determinan_komponen"]
    total = sum(bobot[k] for k in komponen)
    w = {k: bobot[k] / total for k in komponen}
    dinilai = t["kesenjangan"].notna()
    g = t["kesenjangan"][dinilai]
    sd = float(np.sqrt(((g - g.mean()) ** 2).mean()))
    z_gap = (t["kesenjangan"] - g.mean()) / sd if sd > 0 else t["kesenjangan"] * 0.0
    z_tren = t["tren_memburuk"].where(dinilai)
    t["skor"] = w["kesenjangan"] * z_gap.fillna(0.0) + w["tren"] * z_tren.fillna(0.0)
    t["peringkat"] = t["skor"].rank(method="min", ascending=False).astype(int)
    t = t.sort_values(["peringkat", "indikator"])
    return {
        "bobot_dipakai": {k: round(w.get(k, 0.0), 4) for k in ("kesenjangan", "besaran", "tren")},
        "tidak_dinilai": tidak_dinilai,
        "tabel": [
            {
                "indikator": i,
                "tahun_data": int(r["tahun_data"]),
                "nilai_kab": r["nilai_kab"],
                "nilai_ref": round(float(r["nilai_ref"]), 6),
                "pembanding": r["pembanding"],
                "kesenjangan": round(float(r["kesenjangan"]), 4),
                "tren_memburuk": _bulat(r["tren_memburuk"]),
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
    """Outcome indicators over jendela_tahun years (declines positive when poverty fell), each
    decline with its standard error from the precision model."""
    n = int(params["jendela_tahun"])
    n_ef, z = parameter_presisi(params)
    t0 = TAHUN - n
    baris = {}
    for kode in kabkota(PROVINSI):
        r = {}
        for ind in ("p0", "p1", "p2"):
            s = seri(data, kode, ind)
            se = galat_baku(data, kode, ind, n_ef)
            a, b = _nilai(s, t0), _nilai(s, TAHUN)
            se_a, se_b = _nilai(se, t0), _nilai(se, TAHUN)
            turun = a - b
            r[f"penurunan_{ind}_3th"] = turun
            r[f"penurunan_{ind}_3th__se"] = math.hypot(se_a, se_b)
            if ind == "p0":
                r["penurunan_p0_relatif_3th"] = turun / a * 100 if a > 0 else math.nan
                # f = 100·(a − b)/a: ∂f/∂a = 100·b/a², ∂f/∂b = −100/a
                r["penurunan_p0_relatif_3th__se"] = (
                    math.hypot(100 * b / a**2 * se_a, 100 / a * se_b) if a > 0 else math.nan
                )
        # Share of "efektif" P0 years t0 < t ≤ tahun (absolute rule against the province),
        # from the efektivitas label before the significance guard.
        kab = seri(data, kode, "p0").loc[:TAHUN].dropna()
        ref = seri(data, PROVINSI, "p0").loc[:TAHUN].dropna()
        label = label_tahunan(kab, ref, -1, METODE["efektivitas"], pd.Series(dtype=float), z)
        efektif = [v["efektif"] for t, v in label.items() if t0 < t <= TAHUN]
        efektif = [e for e in efektif if e is not None]
        r["efektivitas_p0"] = float(np.mean(efektif)) if efektif else math.nan
        baris[kode] = r
    return pd.DataFrame.from_dict(baris, orient="index")


def _baca_csv_titik_koma(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")


def anggaran_kinerja(params) -> pd.DataFrame:
    """Budget indicators: share of APBD (pagu), realisation (reported rows), tagging score."""
    assert METODE["penandaan_dasar"] == "realisasi"
    p_anggaran = _jalur_params(params["peringkat"]["masukan"][TAHUN]["anggaran"])
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
    p = _jalur_params(params["peringkat"]["masukan"][TAHUN]["evaluator"])
    baris = p.read_text("utf-8-sig").splitlines()
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


BNBA_DEMO = Path(__file__).with_name("bnba_demo_kalsel_2024.csv")


def bnba_kinerja(params) -> pd.DataFrame:
    """The published BNBA quality summary of the regions with an extract (the demo's synthetic
    ones): an input of the ranking like the evaluator file, pinned in ``BNBA_DEMO``."""
    df = pd.read_csv(BNBA_DEMO, comment="#", dtype={"kode_wilayah": str}).set_index("kode_wilayah")
    assert sorted(df.index) == sorted(params.get("bnba", {})), "wilayah BNBA berbeda dari params"
    return df


def masukan_peringkat(data, params) -> pd.DataFrame:
    """The joined ranking inputs, one row per kab/kota."""
    masukan = pd.concat(
        [
            statistik_kinerja(data, params),
            anggaran_kinerja(params),
            evaluator_kinerja(params),
            bnba_kinerja(params),
        ],
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
    kolom = set(kode_ind) | {f"{k}__se" for k in kode_ind}
    return {
        k: {
            c: (v if c in rubrik else round(float(v), 4))
            for c, v in r.items()
            if c in kolom and not pd.isna(v)
        }
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
            # Missing values stay missing: normalised over the regions that have a value.
            skor_ind.append(_normalisasi(x, ind, kerangka))
            bobot_ind.append(float(ind["bobot"]))
        if not skor_ind:
            assert METODE["peringkat_sumber_hilang"] == "bagi_ulang_dimensi"
            continue
        # bobot_ulang: per region, the weights of the indicators it has, rescaled to sum to 1.
        skor = pd.concat(skor_ind, axis=1)
        w = pd.DataFrame([bobot_ind] * len(skor), index=skor.index).where(skor.notna().to_numpy())
        skor_dimensi[dim["kode"]] = (skor.fillna(0) * w.to_numpy()).sum(axis=1) / w.sum(axis=1)
        bobot_dimensi[dim["kode"]] = float(dim["bobot"])
    # A region without any indicator of a dimension (izinkan_dimensi_hilang): the dimension
    # weights rescaled over the dimensions it has.
    skor_df = pd.DataFrame(skor_dimensi)
    bobot_df = pd.DataFrame([bobot_dimensi] * len(skor_df), index=skor_df.index).where(
        skor_df.notna()
    )
    komposit = (skor_df.fillna(0) * bobot_df).sum(axis=1) / bobot_df.sum(axis=1)
    rank = komposit.round(9).rank(method="min", ascending=False).astype(int)
    urut = sorted(kode, key=lambda k: (rank[k], k))
    return [
        {
            "kode_wilayah": k,
            "peringkat": int(rank[k]),
            "skor": round(float(komposit[k]), 2),
            **{
                f"skor_{d}": round(float(s[k]), 2)
                for d, s in skor_dimensi.items()
                if not pd.isna(s[k])
            },
        }
        for k in urut
    ]


# =============================================================================================


def hitung() -> dict:
    data = baca_bundel()
    cek_tanpa_rse_impor(data)
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
