"""What the static site shows, read from the per-region results (never recomputed).

One row per kab/kota of the province, built from its result (:class:`analisis.kontrak.HasilWilayah`:
score card, quadrant, position, ``kinerja`` indicators, quality grades), the runner's cache
record (:class:`analisis.kontrak.Sidecar`: status and duration of the last run) and the report
file (its size). Regions without a result keep their row with empty figures, so the table always
lists the whole province. Every path comes from the reports layout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analisis.data.wilayah import muat_wilayah, wilayah_provinsi
from analisis.kontrak import HasilWilayah, ManifestJalan, PeringkatProvinsi
from analisis.runner.kunci import baca_sidecar
from analisis.tata_letak import FolderTahun

#: Indonesian labels of run statuses.
LABEL_STATUS = {
    "berhasil": "berhasil",
    "gagal": "gagal",
    "berjalan": "terputus",
    None: "belum dijalankan",
}


def nama_tampil(nama: str, tingkat: str) -> str:
    """``Kabupaten Banjar``, ``Kota Banjarmasin`` (the master already says "Kota ...")."""
    if tingkat == "kabupaten" and not nama.lower().startswith("kabupaten"):
        return f"Kabupaten {nama}"
    return nama


def baca_hasil(ft: FolderTahun, kode: str) -> HasilWilayah | None:
    """A region's result, or ``None`` when absent or unreadable (the site shows the gap)."""
    return HasilWilayah.baca_jika_ada(ft.hasil_json(kode))


def baca_semua_hasil(ft: FolderTahun) -> dict[str, HasilWilayah | None]:
    """:func:`baca_hasil` of every kab/kota of the province, each file read once: a page's
    table and its sources section (:func:`tabel_ringkasan`, :func:`sumber_dan_mutu`) share them."""
    return {kode: baca_hasil(ft, kode) for kode in wilayah_provinsi(ft.kode_provinsi)}


def baca_peringkat(ft: FolderTahun) -> PeringkatProvinsi | None:
    """The province-year's published ranking, or ``None`` when not built (or unreadable)."""
    return PeringkatProvinsi.baca_jika_ada(ft.peringkat_json)


def baca_manifest(ft: FolderTahun) -> ManifestJalan | None:
    """The run manifest, or ``None`` when absent or unreadable."""
    return ManifestJalan.baca_jika_ada(ft.manifest)


def _perubahan_p0(h: HasilWilayah, kode: str) -> tuple[float | None, int | None, int | None]:
    kp = h.kuadran_perkembangan
    b = kp.baris(kode) if kp is not None else None
    if kp is not None and b is not None and b.level is not None and b.nilai_awal is not None:
        return b.level - b.nilai_awal, kp.tahun_awal, kp.tahun_akhir
    turun = h.kinerja.nilai("penurunan_p0_3th")
    return (-turun if turun is not None else None), None, None


def _kolom_hasil(h: HasilWilayah, kode: str) -> dict:
    """Key figures of one region's result, flat."""
    m = h.meta
    kartu = h.kartu_indikator()
    p0 = kartu.get("p0")
    kp = h.kuadran_perkembangan
    b = kp.baris(kode) if kp is not None else None
    pos = h.posisi_wilayah.get("p0")
    perubahan, awal, akhir = _perubahan_p0(h, kode)
    r: dict = {
        "p0": p0.nilai if p0 else None,
        "p0_tahun_data": p0.tahun_data if p0 else None,
        "p0_pembanding": p0.nilai_pembanding if p0 else None,
        "pembanding": m.nama_pembanding,
        "status_p0": p0.status if p0 else None,
        "mutu_p0": p0.kualitas if p0 else None,
        "perubahan_p0": perubahan,
        "perubahan_p0_tahun_awal": awal,
        "perubahan_p0_tahun_akhir": akhir,
        "kuadran": b.kuadran if b else None,
        "peringkat_p0": pos.peringkat if pos else None,
        "jumlah_wilayah_p0": pos.jumlah if pos else None,
    }
    for ind, baris in kartu.items():
        if ind == "p0":
            continue
        r[ind] = baris.nilai
        r[f"{ind}_pembanding"] = baris.nilai_pembanding
        # The province's value, or the kab/kota mean when the province has none that year.
        r[f"{ind}_sumber_pembanding"] = baris.sumber_pembanding
        r[f"{ind}_mutu"] = baris.kualitas
    for kunci, v in h.kinerja.model_dump().items():
        r[f"kinerja_{kunci}"] = v
    for g in ("A", "B", "C"):
        r[f"jumlah_angka_mutu_{g}"] = m.mutu_angka_dipakai.get(g, 0)
    r["bagian_berisi"] = bagian_berisi(h)
    r["vintase"] = m.vintase
    r["sidik_jari_data"] = m.sidik_jari_data
    r["ada_data_impor"] = m.ada_data_impor
    r["versi_analisis"] = m.versi_analisis
    return r


BAGIAN_LAPORAN = (
    ("ringkasan", None),
    ("perkembangan", None),
    ("relevansi", "relevansi"),
    ("posisi", "posisi"),
    ("kuadran", "kuadran_perkembangan"),
    ("target", "target"),
    ("determinan", "determinan"),
    ("anggaran", "anggaran"),
    ("bnba", "bnba"),
)
"""Report sections and the ``kosong`` key that says a section has no content."""


def bagian_berisi(h: HasilWilayah) -> int:
    """How many report sections of a result have real content (not "no data")."""
    return sum(1 for _, k in BAGIAN_LAPORAN if k is None or k not in h.kosong)


def _label_status(status: str | None) -> str:
    """The Indonesian label of a region's run status (its sidecar's; None: never run)."""
    return LABEL_STATUS.get(status, status or "")


def hitung_status(ft: FolderTahun) -> Counter[str]:
    """How many kab/kota of the province have each run-status label (the ``status_jalan``
    column of :func:`tabel_ringkasan`), from the runner's sidecars only: the top page needs
    nothing else, and reading every region's result there cost ~3 ms per region of every
    province-year at the end of every run."""
    hitung: Counter[str] = Counter()
    for kode in wilayah_provinsi(ft.kode_provinsi):
        sc = baca_sidecar(ft, kode)
        hitung[_label_status(sc.status if sc else None)] += 1
    return hitung


def tabel_ringkasan(
    ft: FolderTahun, hasil: Mapping[str, HasilWilayah | None] | None = None
) -> pd.DataFrame:
    """One row per kab/kota: key figures, ``kinerja_*`` indicators, run status, report size
    (``hasil``: the results already read, :func:`baca_semua_hasil`; else read here)."""
    w = muat_wilayah()
    baris = []
    for kode in wilayah_provinsi(ft.kode_provinsi):
        tingkat = str(w.at[kode, "tingkat"])
        r: dict = {
            "kode_wilayah": kode,
            "nama": nama_tampil(str(w.at[kode, "wilayah"]), tingkat),
            "tingkat": tingkat,
            "provinsi": str(w.at[kode, "provinsi"]),
            "tahun": ft.tahun,
        }
        sc = baca_sidecar(ft, kode)
        html = ft.laporan_wilayah(kode)
        r["status_jalan"] = _label_status(sc.status if sc else None)
        r["durasi_detik"] = sc.detik if sc else None
        r["pesan_jalan"] = sc.pesan if sc else None
        r["ukuran_laporan_kb"] = round(html.stat().st_size / 1024, 1) if html.is_file() else None
        h = hasil[kode] if hasil is not None else baca_hasil(ft, kode)
        r["ada_hasil"] = h is not None
        if h is not None:
            r.update(_kolom_hasil(h, kode))
        baris.append(r)
    return pd.DataFrame(baris)


def tulis_unduhan(tabel: pd.DataFrame, ft: FolderTahun, catatan: list[str]) -> tuple[Path, Path]:
    """``unduhan/ringkasan_<prov>_<tahun>.csv`` and ``.xlsx`` (with the caveats), atomically."""
    from analisis.laporan.unduhan import tulis_csv, tulis_xlsx

    kolom = [c for c in tabel.columns if c not in ("ada_hasil", "pesan_jalan")]
    t = tabel[kolom]
    return (
        tulis_csv(t, ft.unduhan_ringkasan("csv"), catatan),
        tulis_xlsx({"Ringkasan": t}, ft.unduhan_ringkasan("xlsx"), catatan),
    )


def sumber_dan_mutu(
    ft: FolderTahun, kode: list[str], hasil: Mapping[str, HasilWilayah | None] | None = None
) -> dict:
    """Data sources, quality grades and data caveats across the province's results
    (``hasil``: the results already read, :func:`baca_semua_hasil`; else read here)."""
    vintase: dict[str, int] = {}
    mutu = {"A": 0, "B": 0, "C": 0}
    catatan: dict[str, dict] = {}
    sumber: dict[str, int] = {}
    impor = False
    sidik: set[str] = set()
    for k in kode:
        h = hasil[k] if hasil is not None else baca_hasil(ft, k)
        if h is None:
            continue
        m = h.meta
        vintase[m.vintase] = vintase.get(m.vintase, 0) + 1
        for g, n in m.mutu_angka_dipakai.items():
            mutu[g] = mutu.get(g, 0) + int(n)
        impor = impor or m.ada_data_impor
        sidik.add(m.sidik_jari_data)
        for c in h.catatan_data:
            catatan.setdefault(c.id, c.model_dump())
        for p in h.provenans:
            s = p.get("sumber")
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
