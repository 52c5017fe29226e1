"""The provincial ranking run: gather inputs, rank, test robustness, write results.

Inputs per kabupaten/kota, joined on the BPS code only:

- ``statistik``: the ``kinerja`` block of each region's evaluation result
  (``<laporan>/<prov>/<tahun>/hasil/<kode>.json``), read, never recomputed;
- ``evaluator``: the filled evaluator template (:func:`~analisis.peringkat.templat.baca_evaluator`);
- ``anggaran``: the budget file (:func:`analisis.anggaran.indikator_peringkat`);
- ``bnba``: publishable BNBA data-quality aggregates per region, a CSV with ``kode_wilayah``
  and the indicator columns (as written by ``analisis bnba cek``).

The inputs to use for a province and year come from its parameter file
(``peringkat.masukan.<tahun>``) unless given explicitly. A source that is not provided is
reported; the framework's missing-data policy decides what that means for each region.

Outputs under ``<laporan>/<prov>/<tahun>/peringkat/``: ``peringkat.json`` (what the site and
the app read), ``peringkat.csv``, ``peringkat.xlsx``, ``kontribusi.csv``, and the HTML report of
``notebooks/peringkat_provinsi.ipynb``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from analisis.berkas import tulis_atomik, tulis_dengan
from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
from analisis.galat import GalatAnalisis
from analisis.lembar import netralkan_tabel
from analisis.peringkat.indeks import HasilPeringkat, hitung_indeks
from analisis.peringkat.kerangka import Kerangka, muat_kerangka
from analisis.peringkat.robust import HasilRobust, uji_robust

VERSI_SKEMA = 1


@dataclass
class MasukanPeringkat:
    """The joined indicator table and where each part came from."""

    data: pd.DataFrame
    sumber: dict[str, str]
    catatan: list[str] = field(default_factory=list)
    contoh: bool = False


def _kode_prov(provinsi: str) -> str:
    kp = str(provinsi)[:2] + "00"
    w = muat_wilayah()
    if kp not in w.index or w.at[kp, "tingkat"] != "provinsi":
        raise GalatAnalisis(
            f"Provinsi '{provinsi}' tidak dikenal; gunakan kode BPS (61, 62, 63, 64, 65).", 2
        )
    return kp


def folder_peringkat(folder_laporan: str | Path, provinsi: str, tahun: int) -> Path:
    return Path(folder_laporan) / _kode_prov(provinsi) / str(tahun) / "peringkat"


def masukan_bawaan(provinsi: str, tahun: int) -> dict[str, Path | None]:
    """Input files configured in the province parameter file for this year (may be empty)."""
    from analisis.evaluasi.params import folder_params, muat_params

    p = muat_params(provinsi=_kode_prov(provinsi))
    m = p.peringkat.masukan.get(int(tahun)) if p.peringkat else None
    isian = m.model_dump() if m else {}
    akar = folder_params().parent
    return {
        k: (akar / v if v and not Path(v).is_absolute() else (Path(v) if v else None))
        for k, v in isian.items()
    }


def periksa_hasil_evaluasi(provinsi: str, tahun: int, folder_laporan: str | Path) -> Path:
    """The folder of the province's evaluation results; a clear error naming missing regions."""
    kp = _kode_prov(provinsi)
    w = muat_wilayah()
    folder_hasil = Path(folder_laporan) / kp / str(tahun) / "hasil"
    hilang = [k for k in wilayah_provinsi(kp) if not (folder_hasil / f"{k}.json").exists()]
    if hilang:
        nama = ", ".join(f"{w.at[k, 'wilayah']} ({k})" for k in hilang)
        raise GalatAnalisis(
            f"Hasil evaluasi belum ada untuk {len(hilang)} kabupaten/kota: {nama}. Jalankan "
            f"'analisis jalankan --provinsi {kp[:2]} --tahun {tahun}' (atau 'analisis evaluasi') lebih dulu.",
            kode_keluar=3,
        )
    return folder_hasil


def kumpulkan_masukan(
    provinsi: str,
    tahun: int,
    folder_laporan: str | Path,
    kerangka: Kerangka,
    *,
    evaluator: str | Path | None = None,
    anggaran: str | Path | None = None,
    bnba: str | Path | None = None,
) -> MasukanPeringkat:
    """Join the four sources on ``kode_wilayah`` for every kab/kota of the province."""
    kp = _kode_prov(provinsi)
    w = muat_wilayah()
    kode = wilayah_provinsi(kp)
    folder_hasil = periksa_hasil_evaluasi(kp, tahun, folder_laporan)
    baris = []
    kolom_hasil = _kode_sumber(kerangka, "statistik") + (
        [] if bnba else _kode_sumber(kerangka, "bnba")
    )
    for k in kode:
        hasil = json.loads((folder_hasil / f"{k}.json").read_text("utf-8"))
        kin = hasil.get("kinerja", {})
        baris.append({"kode_wilayah": k, **{c: kin.get(c) for c in kolom_hasil}})
    data = pd.DataFrame(baris).set_index("kode_wilayah")
    sumber = {"statistik": f"hasil evaluasi wilayah ({folder_hasil})"}
    # Without a separate BNBA file, the data-quality indicators come from the evaluation
    # results of the regions whose BNBA extract was configured (suppressed aggregates only).
    dari_hasil_bnba = [
        c for c in _kode_sumber(kerangka, "bnba") if c in data.columns and data[c].notna().any()
    ]
    catatan: list[str] = []
    contoh = False

    if evaluator:
        from analisis.peringkat.templat import baca_evaluator

        ev = baca_evaluator(evaluator, kp, int(tahun), kerangka)
        kolom = [c for c in _kode_sumber(kerangka, "evaluator") if c in ev.data.columns]
        data = data.join(ev.data[kolom], how="left")
        sumber["evaluator"] = str(evaluator)
        contoh = contoh or "contoh" in Path(evaluator).name.lower()
    else:
        catatan.append("masukan evaluator (pelaporan dan kelembagaan) tidak diberikan")
    if anggaran:
        from analisis.anggaran import baca_anggaran, indikator_peringkat

        ag = baca_anggaran(anggaran)
        ind = indikator_peringkat(ag, tahun=int(tahun))
        kolom = [c for c in _kode_sumber(kerangka, "anggaran") if c in ind.columns]
        data = data.join(ind[kolom], how="left")
        sumber["anggaran"] = str(anggaran)
        contoh = contoh or bool(getattr(ag, "contoh", False))
    else:
        catatan.append("masukan anggaran (komitmen anggaran) tidak diberikan")
    if bnba:
        kd = pd.read_csv(bnba, dtype={"kode_wilayah": str}, comment="#")
        kolom = [c for c in _kode_sumber(kerangka, "bnba") if c in kd.columns]
        data = data.join(kd.set_index("kode_wilayah")[kolom], how="left")
        sumber["bnba"] = str(bnba)
        contoh = (
            contoh
            or "contoh" in Path(bnba).name.lower()
            or "sintetis" in Path(bnba).read_text("utf-8").lower()
        )
    elif dari_hasil_bnba:
        sumber["bnba"] = f"ringkasan BNBA dalam hasil evaluasi wilayah ({folder_hasil})"
        tanpa = [k for k in data.index if data.loc[k, dari_hasil_bnba].isna().all()]
        if tanpa:
            catatan.append(f"ringkasan kualitas data BNBA tidak ada untuk {len(tanpa)} wilayah")
    else:
        catatan.append("ringkasan kualitas data BNBA tidak diberikan")
    # Indicators of a source that was not given stay empty columns: the framework's
    # missing-data policy then decides, visibly, what that means (never an imputed value).
    for d in kerangka.dimensi:
        for i in d.indikator:
            if i.kode not in data.columns:
                data[i.kode] = float("nan")
    data.insert(0, "wilayah", [str(w.at[k, "wilayah"]) for k in data.index])
    return MasukanPeringkat(data=data, sumber=sumber, catatan=catatan, contoh=contoh)


def _kode_sumber(kerangka: Kerangka, sumber: str) -> list[str]:
    return [i.kode for d in kerangka.dimensi for i in d.indikator if i.sumber == sumber]


@dataclass
class HasilRangking:
    """Deterministic index, robustness and inputs of one province-year."""

    masukan: MasukanPeringkat
    kerangka: Kerangka
    indeks: HasilPeringkat
    robust: HasilRobust
    meta: dict

    def tabel_ringkas(self) -> pd.DataFrame:
        """One row per region: rank, score, interval, top-3 probability, dimension scores."""
        t = self.indeks.tabel.copy()
        r = self.robust.ringkasan
        t = t.join(
            r[
                [
                    c
                    for c in (
                        "median_peringkat",
                        "peringkat_p05",
                        "peringkat_p95",
                        "peluang_teratas",
                        "jumlah_pasangan_tidak_robust",
                    )
                    if c in r.columns
                ]
            ],
            how="left",
        )
        return t.sort_values(["peringkat", "wilayah"], na_position="last")


def hitung_peringkat(
    provinsi: str,
    tahun: int,
    folder_laporan: str | Path,
    *,
    kerangka: str | Path | Kerangka | None = None,
    evaluator: str | Path | None = None,
    anggaran: str | Path | None = None,
    bnba: str | Path | None = None,
    gunakan_bawaan: bool = True,
    jumlah_iterasi: int | None = None,
    benih: int | None = None,
) -> HasilRangking:
    """Rank the province's kab/kota for ``tahun`` (inputs default to the parameter file)."""
    k = kerangka if isinstance(kerangka, Kerangka) else muat_kerangka(kerangka)
    if gunakan_bawaan:
        bawaan = masukan_bawaan(provinsi, tahun)
        evaluator = evaluator or bawaan.get("evaluator")
        anggaran = anggaran or bawaan.get("anggaran")
        bnba = bnba or bawaan.get("bnba")
    m = kumpulkan_masukan(
        provinsi, tahun, folder_laporan, k, evaluator=evaluator, anggaran=anggaran, bnba=bnba
    )
    izinkan = None
    if m.catatan:
        # A whole source missing for every region: rank on the dimensions that have data and say so.
        izinkan = True
    indeks = hitung_indeks(m.data, k, izinkan_dimensi_hilang=izinkan)
    opsi = {}
    if jumlah_iterasi is not None:
        opsi["jumlah_iterasi"] = jumlah_iterasi
    if benih is not None:
        opsi["benih"] = benih
    robust = uji_robust(m.data, k, izinkan_dimensi_hilang=izinkan, **opsi)
    meta = {
        "kode_provinsi": _kode_prov(provinsi),
        "provinsi": str(muat_wilayah().at[_kode_prov(provinsi), "wilayah"]),
        "tahun": int(tahun),
        "kerangka": k.nama if hasattr(k, "nama") else "",
        "sumber": m.sumber,
        "catatan_masukan": m.catatan,
        "memuat_contoh": m.contoh,
        "dimensi_dilewati": bool(izinkan),
        "parameter_robust": {kk: _aman(v) for kk, v in dict(robust.parameter).items()},
        "versi_analisis": version("analisis"),
        "dibuat": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return HasilRangking(masukan=m, kerangka=k, indeks=indeks, robust=robust, meta=meta)


def _aman(x: object) -> object:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    if isinstance(x, (list, tuple)):
        return [_aman(v) for v in x]
    try:
        json.dumps(x)
        return x
    except TypeError:
        return str(x)


def _bersih(v: object) -> object:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def simpan_peringkat(h: HasilRangking, folder_laporan: str | Path) -> dict[str, Path]:
    """Write peringkat.json/.csv/.xlsx and kontribusi.csv atomically."""
    folder = folder_peringkat(folder_laporan, h.meta["kode_provinsi"], h.meta["tahun"])
    t = h.tabel_ringkas()
    dimensi = [c for c in t.columns if c.startswith("skor_") and c != "skor_komposit"]
    baris = []
    for kode, r in t.iterrows():
        baris.append(
            {
                "kode_wilayah": kode,
                "nama": r["wilayah"],
                "peringkat": _bersih(r["peringkat"]),
                "skor": _bersih(r["skor_komposit"]),
                "interval_bawah": _bersih(r.get("peringkat_p05")),
                "interval_atas": _bersih(r.get("peringkat_p95")),
                "median_peringkat": _bersih(r.get("median_peringkat")),
                "peluang_3_besar": _bersih(r.get("peluang_teratas")),
                "ditandai": bool(r.get("ditandai", False)),
                "indikator_hilang": _bersih(r.get("indikator_hilang")),
                "keterangan": _bersih(r.get("keterangan")),
                **{d: _bersih(r[d]) for d in dimensi},
            }
        )
    isi = {
        "versi_skema": VERSI_SKEMA,
        "meta": h.meta,
        "baris": baris,
        "html": "peringkat/peringkat.html",
        "pasangan_tidak_robust": [
            {k: _bersih(v) for k, v in p.items()}
            for p in h.robust.pasangan_tidak_robust.to_dict("records")
        ],
        "masukan": [
            {"kode_wilayah": k, **{c: _bersih(v) for c, v in r.items()}}
            for k, r in h.masukan.data.iterrows()
        ],
        "bobot": {
            d.kode: {"bobot": d.bobot, "indikator": {i.kode: i.bobot for i in d.indikator}}
            for d in h.kerangka.dimensi
        },
    }
    p_json = folder / "peringkat.json"
    with tulis_atomik(p_json, "w") as f:
        json.dump(isi, f, ensure_ascii=False, indent=1)
    tabel = netralkan_tabel(pd.DataFrame(baris))
    p_csv = folder / "peringkat.csv"
    with tulis_atomik(p_csv, "w") as f:
        tabel.to_csv(f, index=False)
    p_xlsx = tulis_dengan(
        folder / "peringkat.xlsx", lambda p: tabel.to_excel(p, index=False, sheet_name="Peringkat")
    )
    p_kon = folder / "kontribusi.csv"
    with tulis_atomik(p_kon, "w") as f:
        netralkan_tabel(h.indeks.kontribusi).to_csv(f, index=False)
    return {"json": p_json, "csv": p_csv, "xlsx": p_xlsx, "kontribusi": p_kon}


def jalankan_peringkat(
    provinsi: str,
    tahun: int,
    *,
    folder_laporan: str | Path = "reports",
    kerangka: str | Path | None = None,
    evaluator: str | Path | None = None,
    anggaran: str | Path | None = None,
    bnba: str | Path | None = None,
    jumlah_iterasi: int = 1000,
    benih: int = 20241223,
    km=None,
    kernel: str = "python3",
) -> dict[str, Path]:
    """Execute ``notebooks/peringkat_provinsi.ipynb`` and export its HTML report.

    Returns the written files (``html`` plus the JSON/CSV/XLSX the notebook saved).
    """
    from analisis.laporan.ekspor import ekspor_html
    from analisis.notebook import eksekusi

    kp = _kode_prov(provinsi)
    folder_laporan = Path(folder_laporan).resolve()
    # Fail fast with the full problem list, before a kernel starts: results present, framework
    # and input files valid (the notebook validates again when it runs).
    periksa_hasil_evaluasi(kp, tahun, folder_laporan)
    k = muat_kerangka(kerangka)
    bawaan = masukan_bawaan(kp, tahun)
    kumpulkan_masukan(
        kp,
        tahun,
        folder_laporan,
        k,
        evaluator=evaluator or bawaan.get("evaluator"),
        anggaran=anggaran or bawaan.get("anggaran"),
        bnba=bnba or bawaan.get("bnba"),
    )
    ke_str = lambda p: str(Path(p).resolve()) if p else None
    parameter = {
        "kode_provinsi": kp,
        "tahun": int(tahun),
        "folder_laporan": str(folder_laporan),
        "berkas_kerangka": ke_str(kerangka),
        "berkas_evaluator": ke_str(evaluator),
        "berkas_anggaran": ke_str(anggaran),
        "berkas_bnba": ke_str(bnba),
        "jumlah_iterasi": int(jumlah_iterasi),
        "benih": int(benih),
    }
    nama = str(muat_wilayah().at[kp, "wilayah"])
    nb = eksekusi(
        "peringkat_provinsi", parameter, konteks=f"Peringkat {nama} {tahun}", km=km, kernel=kernel
    )
    folder = folder_peringkat(folder_laporan, kp, tahun)
    html = ekspor_html(
        nb,
        folder / "peringkat.html",
        folder_laporan / "_static",
        judul=f"Peringkat kinerja TKPK {nama} {tahun}",
    )
    return {
        "html": html,
        "json": folder / "peringkat.json",
        "csv": folder / "peringkat.csv",
        "xlsx": folder / "peringkat.xlsx",
        "kontribusi": folder / "kontribusi.csv",
    }
