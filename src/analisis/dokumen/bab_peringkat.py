"""The province's ranking chapter: framework and caveats, the index table, contributions,
robustness and the missing-data policy.

Everything comes from the published ranking (:class:`~analisis.kontrak.PeringkatProvinsi`,
``peringkat/peringkat.json``) and its contribution table (``peringkat/kontribusi.csv``), the
files the ranking report, the site and the app read; nothing is recomputed. Numbers use the
ranking report's formats (score 1 decimal, rank interval, probability in whole percent).
"""

from __future__ import annotations

import io

import pandas as pd

from analisis.dokumen.grafik import PelukisGrafik, tulis_grafik
from analisis.dokumen.penulis import Penulis
from analisis.dokumen.tabel import tulis_tabel_df
from analisis.kontrak import PeringkatProvinsi
from analisis.laporan import format as fmt
from analisis.laporan import grafik
from analisis.peringkat.tampilan import NAMA_NORMALISASI, grafik_interval_tabel
from analisis.tata_letak import FolderTahun

NAMA_SUMBER = {
    "statistik": "hasil evaluasi wilayah (statistik BPS)",
    "evaluator": "isian evaluator",
    "anggaran": "data anggaran",
    "bnba": "ringkasan kualitas data BNBA",
}


def _persen(p: float | None) -> str:
    return fmt.NILAI_KOSONG if fmt.nilai_hilang(p) else fmt.persen(100 * float(p), 0, singkat=True)  # type: ignore[arg-type]


def _nama_indikator(h: PeringkatProvinsi) -> dict[str, str]:
    return {i.kode: i.nama for d in h.kerangka.dimensi for i in d.indikator}


def tabel_kerangka(h: PeringkatProvinsi) -> pd.DataFrame:
    baris = []
    for d in h.kerangka.dimensi:
        for i in d.indikator:
            baris.append(
                {
                    "Dimensi": d.nama,
                    "Bobot dimensi": fmt.angka(d.bobot, 2),
                    "Bobot efektif": fmt.angka(h.bobot_efektif.get(d.kode), 2),
                    "Indikator": i.nama,
                    "Sumber": NAMA_SUMBER.get(i.sumber, i.sumber),
                    "Arah": "naik = baik" if i.arah == "naik_baik" else "turun = baik",
                    "Normalisasi": NAMA_NORMALISASI.get(i.normalisasi, i.normalisasi),
                    "Bobot indikator": fmt.angka(i.bobot, 2),
                }
            )
    return pd.DataFrame(baris)


def tabel_indeks(h: PeringkatProvinsi) -> pd.DataFrame:
    """The ranking table (the ranking report's columns, by name)."""
    baris = []
    for b in h.baris:
        r = {
            "Peringkat": fmt.NILAI_KOSONG if b.peringkat is None else str(b.peringkat),
            "Kabupaten/kota": b.nama,
            "Skor": fmt.angka(b.skor, 1),
            "Rentang peringkat 90%": fmt.NILAI_KOSONG
            if fmt.nilai_hilang(b.interval_bawah)
            else f"{int(b.interval_bawah)}–{int(b.interval_atas)}",  # type: ignore[arg-type]
            "Peluang 3 besar": _persen(b.peluang_3_besar),
        }
        for d in h.kerangka.dimensi:
            r[d.nama] = fmt.angka(b.skor_dimensi.get(d.kode), 1)
        r["Ditandai"] = "ya" if b.ditandai else "tidak"
        baris.append(r)
    return pd.DataFrame(baris)


def baca_kontribusi(ft: FolderTahun) -> pd.DataFrame | None:
    """``peringkat/kontribusi.csv`` (its caveat lines skipped), or ``None`` when absent."""
    p = ft.kontribusi_csv
    if not p.is_file():
        return None
    baris = [b for b in p.read_text("utf-8-sig").splitlines() if not b.startswith("#")]
    return pd.read_csv(
        io.StringIO("\n".join(baris)), sep=";", decimal=",", dtype={"kode_wilayah": str}
    )


def tabel_kontribusi(h: PeringkatProvinsi, k: pd.DataFrame) -> pd.DataFrame:
    """Points each indicator adds to each region's score (regions in rank order)."""
    lebar = k.pivot_table(
        index="wilayah", columns="nama_indikator", values="kontribusi", aggfunc="sum", sort=False
    )
    lebar = lebar.reindex([b.nama for b in h.baris])
    teks = fmt.format_tabel(lebar.reset_index(), {c: "angka:1" for c in lebar.columns})
    return teks.rename(columns={"wilayah": "Kabupaten/kota"})


def tabel_pasangan(h: PeringkatProvinsi) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Wilayah (lebih tinggi)": p.wilayah_atas,
                "Peringkat": str(p.peringkat_atas),
                "Wilayah (lebih rendah)": p.wilayah_bawah,
                "Peringkat ": str(p.peringkat_bawah),
                "Urutan terbalik dalam simulasi": _persen(p.proporsi_terbalik),
            }
            for p in h.pasangan_tidak_robust
        ]
    )


def tabel_data_hilang(h: PeringkatProvinsi) -> pd.DataFrame:
    nama = _nama_indikator(h)
    return pd.DataFrame(
        [
            {
                "Kabupaten/kota": b.nama,
                "Indikator tanpa data": ", ".join(nama.get(i, i) for i in b.indikator_hilang),
            }
            for b in h.baris
            if b.indikator_hilang
        ]
    )


def grafik_interval(h: PeringkatProvinsi) -> grafik.Grafik:
    """Rank uncertainty chart (as in the ranking report) from the published table."""
    return grafik_interval_tabel(h.tabel_baris())


def tulis_bab_peringkat(
    p: Penulis, nomor: int, h: PeringkatProvinsi, ft: FolderTahun, pelukis: PelukisGrafik
) -> None:
    m = h.meta
    jenis = "Peringkat Hasil" if h.peringatan.hanya_dimensi_hasil else "Peringkat Kinerja TKPK"
    p.judul_bab(nomor, f"{jenis} Kabupaten/Kota Provinsi {m.provinsi} Tahun {m.tahun}")
    p.paragraf(f"Kerangka: {h.kerangka.nama}. Disusun dengan analisis {m.versi_analisis}.")

    p.bagian("Kerangka dan peringatan")
    for k in h.peringatan.kalimat(h.kerangka):
        p.paragraf(k, "List Bullet")
    tulis_tabel_df(
        p,
        tabel_kerangka(h),
        f"Kerangka peringkat '{h.kerangka.nama}': dimensi, indikator dan bobot",
        "Bobot efektif: bobot dimensi setelah bobot dimensi tanpa data dibagi ulang. Bobot "
        "kerangka adalah usulan, bukan bobot resmi.",
    )

    p.bagian("Indeks komposit")
    p.paragraf(
        "Setiap indikator dinormalkan ke skala 0–100 (arah diperhitungkan), dikalikan bobot "
        "indikator dalam dimensinya, lalu bobot dimensi. Nilai sama berbagi peringkat terbaik."
    )
    sumber = "; ".join(f"{NAMA_SUMBER.get(k, k)}: {v}" for k, v in m.sumber.items())
    tulis_tabel_df(
        p,
        tabel_indeks(h),
        f"{jenis} kabupaten/kota {m.provinsi} {m.tahun} (indeks komposit)",
        f"Skor dan skor dimensi dalam poin (0–100). Sumber masukan: {sumber}.",
    )

    p.bagian("Sumbangan indikator")
    kontribusi = baca_kontribusi(ft)
    if kontribusi is None or kontribusi.empty:
        p.catatan("Tabel sumbangan indikator (peringkat/kontribusi.csv) tidak tersedia.")
    else:
        tulis_tabel_df(
            p,
            tabel_kontribusi(h, kontribusi),
            "Sumbangan setiap indikator pada skor komposit (poin)",
            "Jumlah sumbangan semua indikator sama dengan skor komposit wilayah itu.",
        )

    p.bagian("Uji ketahanan")
    r = m.parameter_robust
    p.paragraf(
        f"{fmt.angka(r.get('jumlah_iterasi'), 0)} simulasi Monte Carlo dengan benih "
        f"{r.get('benih')}: bobot diambil dari sebaran Dirichlet berpusat pada bobot kerangka, "
        "indikator statistik diberi galat sampel, dan metode normalisasi dipilih acak. Rentang "
        "90% = persentil ke-5 s.d. ke-95 peringkat; pasangan ditandai tidak robust bila "
        "urutannya terbalik pada ≥ "
        f"{_persen(r.get('ambang_urutan_tidak_robust', 0.1))} simulasi."
    )
    tulis_grafik(p, grafik_interval(h), pelukis)
    if h.pasangan_tidak_robust:
        tulis_tabel_df(p, tabel_pasangan(h), "Pasangan berurutan yang urutannya tidak robust")
    else:
        p.paragraf("Tidak ada pasangan berurutan yang urutannya tidak robust.")

    p.bagian("Kebijakan data hilang")
    p.paragraf(
        f"Kebijakan: {r.get('kebijakan_data_hilang', 'bobot_ulang').replace('_', ' ')} — bobot "
        "dihitung ulang atas indikator yang tersedia dan wilayah ditandai; tidak ada nilai yang "
        "diisi (diimputasi)."
    )
    hilang = tabel_data_hilang(h)
    if not hilang.empty:
        tulis_tabel_df(p, hilang, "Wilayah yang diperingkat dengan data tidak lengkap (ditandai)")
