"""What the static site shows, read from the per-region results (never recomputed).

One row per kab/kota of the province, built from ``hasil/<kode>.json`` (score card, quadrant,
position, ``kinerja`` indicators, quality grades), the run sidecar ``.cache/<kode>.json``
(status and duration of the last run) and the report file (its size). Regions without a result
keep their row with empty figures, so the table always lists the whole province.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analisis.berkas import tulis_atomik, tulis_dengan
from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
from analisis.lembar import netralkan_tabel
from analisis.runner.kunci import baca_sidecar

#: Indonesian labels of run statuses.
LABEL_STATUS = {
    "berhasil": "berhasil",
    "gagal": "gagal",
    "berjalan": "terputus",
    None: "belum dijalankan",
}


def kode_provinsi(provinsi: str) -> str:
    return str(provinsi)[:2] + "00"


def folder_tahun(folder_laporan: str | Path, provinsi: str, tahun: int) -> Path:
    return Path(folder_laporan) / kode_provinsi(provinsi) / str(int(tahun))


def nama_tampil(nama: str, tingkat: str) -> str:
    """``Kabupaten Banjar``, ``Kota Banjarmasin`` (the master already says "Kota ...")."""
    if tingkat == "kabupaten" and not nama.lower().startswith("kabupaten"):
        return f"Kabupaten {nama}"
    return nama


def baca_hasil(folder: Path, kode: str) -> dict | None:
    p = Path(folder) / "hasil" / f"{kode}.json"
    try:
        return json.loads(p.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _baris_kuadran(hasil: dict, kode: str) -> dict:
    kp = hasil.get("kuadran_perkembangan") or {}
    for b in kp.get("tabel", []) or []:
        if str(b.get("kode_wilayah")) == kode:
            return {**b, "tahun_awal": kp.get("tahun_awal"), "tahun_akhir": kp.get("tahun_akhir")}
    return {}


def tabel_ringkasan(folder_laporan: str | Path, provinsi: str, tahun: int) -> pd.DataFrame:
    """One row per kab/kota: key figures, ``kinerja_*`` indicators, run status, report size."""
    ft = folder_tahun(folder_laporan, provinsi, tahun)
    w = muat_wilayah()
    baris = []
    for kode in wilayah_provinsi(provinsi):
        tingkat = str(w.at[kode, "tingkat"])
        r: dict = {
            "kode_wilayah": kode,
            "nama": nama_tampil(str(w.at[kode, "wilayah"]), tingkat),
            "tingkat": tingkat,
            "provinsi": str(w.at[kode, "provinsi"]),
            "tahun": int(tahun),
        }
        sc = baca_sidecar(ft, kode) or {}
        html = ft / "wilayah" / f"{kode}.html"
        r["status_jalan"] = LABEL_STATUS.get(sc.get("status"), str(sc.get("status")))
        r["durasi_detik"] = sc.get("detik")
        r["pesan_jalan"] = sc.get("pesan")
        r["ukuran_laporan_kb"] = round(html.stat().st_size / 1024, 1) if html.is_file() else None
        h = baca_hasil(ft, kode)
        r["ada_hasil"] = h is not None
        if h is not None:
            m = h.get("meta", {})
            kartu = {
                k["indikator"]: k
                for k in h.get("kartu", [])
                if isinstance(k, dict) and "indikator" in k
            }
            p0 = kartu.get("p0", {})
            kd = _baris_kuadran(h, kode)
            pos = (h.get("posisi_wilayah") or {}).get("p0") or {}
            perubahan = None
            if kd.get("level") is not None and kd.get("nilai_awal") is not None:
                perubahan = kd["level"] - kd["nilai_awal"]
            elif (h.get("kinerja") or {}).get("penurunan_p0_3th") is not None:
                perubahan = -h["kinerja"]["penurunan_p0_3th"]
            r.update(
                {
                    "p0": p0.get("nilai"),
                    "p0_tahun_data": p0.get("tahun_data"),
                    "p0_pembanding": p0.get("nilai_pembanding"),
                    "pembanding": m.get("nama_pembanding"),
                    "status_p0": p0.get("status"),
                    "mutu_p0": p0.get("kualitas"),
                    "perubahan_p0": perubahan,
                    "perubahan_p0_tahun_awal": kd.get("tahun_awal"),
                    "perubahan_p0_tahun_akhir": kd.get("tahun_akhir"),
                    "kuadran": kd.get("kuadran"),
                    "peringkat_p0": pos.get("peringkat"),
                    "jumlah_wilayah_p0": pos.get("jumlah"),
                }
            )
            for ind, k in kartu.items():
                if ind == "p0":
                    continue
                r[ind] = k.get("nilai")
                r[f"{ind}_pembanding"] = k.get("nilai_pembanding")
                r[f"{ind}_mutu"] = k.get("kualitas")
            for k, v in (h.get("kinerja") or {}).items():
                r[f"kinerja_{k}"] = v
            mutu = m.get("mutu_angka_dipakai") or {}
            for g in ("A", "B", "C"):
                r[f"jumlah_angka_mutu_{g}"] = mutu.get(g, 0)
            r["vintase"] = m.get("vintase")
            r["sidik_jari_data"] = m.get("sidik_jari_data")
            r["ada_data_impor"] = m.get("ada_data_impor")
            r["versi_analisis"] = m.get("versi_analisis")
        baris.append(r)
    return pd.DataFrame(baris)


def tulis_unduhan(
    tabel: pd.DataFrame, folder: Path, provinsi: str, tahun: int
) -> tuple[Path, Path]:
    """``unduhan/ringkasan_<prov>_<tahun>.csv`` (UTF-8, dot decimals) and ``.xlsx``, atomically."""
    kolom = [c for c in tabel.columns if c not in ("ada_hasil", "pesan_jalan")]
    t = netralkan_tabel(tabel[kolom])
    dasar = Path(folder) / "unduhan" / f"ringkasan_{kode_provinsi(provinsi)}_{int(tahun)}"
    p_csv = dasar.with_suffix(".csv")
    with tulis_atomik(p_csv, "w") as f:
        t.to_csv(f, index=False)
    p_xlsx = tulis_dengan(
        dasar.with_suffix(".xlsx"), lambda p: t.to_excel(p, index=False, sheet_name="Ringkasan")
    )
    return p_csv, p_xlsx


def sumber_dan_mutu(folder: Path, kode: list[str]) -> dict:
    """Data sources, quality grades and data caveats across the province's results."""
    vintase: dict[str, int] = {}
    mutu = {"A": 0, "B": 0, "C": 0}
    catatan: dict[str, dict] = {}
    sumber: dict[str, int] = {}
    impor = False
    sidik: set[str] = set()
    for k in kode:
        h = baca_hasil(folder, k)
        if h is None:
            continue
        m = h.get("meta", {})
        if m.get("vintase"):
            vintase[m["vintase"]] = vintase.get(m["vintase"], 0) + 1
        for g, n in (m.get("mutu_angka_dipakai") or {}).items():
            mutu[g] = mutu.get(g, 0) + int(n)
        impor = impor or bool(m.get("ada_data_impor"))
        if m.get("sidik_jari_data"):
            sidik.add(m["sidik_jari_data"])
        for c in h.get("catatan_data") or []:
            if isinstance(c, dict) and c.get("id"):
                catatan.setdefault(c["id"], c)
        for p in h.get("provenans") or []:
            s = p.get("sumber") if isinstance(p, dict) else None
            if s:
                sumber[s] = sumber.get(s, 0) + 1
    return {
        "vintase": vintase,
        "mutu": mutu,
        "catatan": list(catatan.values()),
        "sumber": sorted(sumber.items(), key=lambda kv: (-kv[1], kv[0])),
        "ada_data_impor": impor,
        "sidik_jari_data": sorted(sidik),
    }


def baca_peringkat(folder: Path) -> dict | None:
    """``peringkat/peringkat.json`` of a province-year, or None when not built (or unreadable)."""
    p = Path(folder) / "peringkat" / "peringkat.json"
    try:
        data = json.loads(p.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("baris"), list) else None
