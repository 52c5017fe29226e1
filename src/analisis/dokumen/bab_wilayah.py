"""The evaluation chapter of one kab/kota, section by section as in the HTML report.

Every table and chart comes from the report's presentation functions
(:mod:`analisis.evaluasi.tampilan`) applied to the region's result file
(:mod:`analisis.dokumen.sumber`); this module only lays them out for Word and adds the
notes a printed chapter needs (data vintage, sources and grades).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import Markdown

from analisis.dokumen.grafik import PelukisGrafik, tulis_grafik
from analisis.dokumen.penulis import Penulis
from analisis.dokumen.sumber import SumberWilayah
from analisis.dokumen.tabel import tulis_tabel, tulis_tabel_df
from analisis.evaluasi import tampilan as tp
from analisis.evaluasi.hitung import HasilEvaluasi
from analisis.laporan import format as fmt
from analisis.laporan import indikator as li
from analisis.laporan.grafik import Grafik
from analisis.laporan.tabel import TabelLaporan

BAGIAN = (
    "Ringkasan",
    "Perkembangan",
    "Relevansi dan efektivitas",
    "Posisi relatif",
    "Kuadran",
    "Target dan kemiskinan ekstrem",
    "Determinan",
    "Anggaran penanggulangan kemiskinan",
    "Data BNBA: kualitas data dan ketepatan sasaran",
    "Catatan data dan metode",
)

PENGANTAR = {
    "Perkembangan": "Perubahan absolut Δ = X(t) − X(t−1), perubahan relatif g = Δ / X(t−1) × 100 %, "
    "rata-rata perubahan per tahun dan laju majemuk. Setiap tabel memakai satu jendela tahun "
    "untuk semua barisnya. Tahun tanpa data tampil sebagai celah; tidak ada nilai yang "
    "diinterpolasi.",
    "Relevansi dan efektivitas": "*Relevan*: perubahan wilayah searah dengan perubahan pembanding; "
    "*efektif*: wilayah membaik lebih cepat daripada pembanding. Perubahan yang lebih kecil "
    "dari 1,96 × galat bakunya berkesimpulan *tidak signifikan*.",
    "Posisi relatif": "Peringkat di antara kabupaten/kota se-provinsi pada tahun evaluasi "
    "(1 = terbaik menurut arah indikator; nilai sama berbagi peringkat terkecil).",
    "Kuadran": "Level × perubahan P0: *unggul*, *mengejar*, *prioritas* atau *waspada* terhadap "
    "angka pembanding; penggolongan yang selisihnya di dalam galat sampel ditandai tidak pasti. "
    "P0 × indikator: kuadran *prioritas* berisi wilayah dengan P0 di atas ambang dan indikator "
    "di sisi buruk ambangnya.",
    "Target dan kemiskinan ekstrem": "Kesenjangan terhadap target, perubahan per tahun yang "
    "diperlukan, laju historis dan perkiraan tahun tercapai (proyeksi linear); target dari "
    "berkas parameter provinsi beserta sumbernya.",
    "Determinan": "Indikator sektoral dibandingkan dengan pembanding; skor prioritas "
    "menggabungkan kesenjangan, besaran sasaran dan tren (metode lokal buku kerja, bukan "
    "standar nasional).",
    "Anggaran penanggulangan kemiskinan": "Porsi APBD untuk penanggulangan kemiskinan, sebaran per "
    "klaster dan perangkat daerah, realisasi, dan tren anggaran di samping tren P0 (deskriptif, "
    "bukan bukti sebab-akibat).",
    "Data BNBA: kualitas data dan ketepatan sasaran": "Hanya agregat data by-name-by-address yang "
    "ditampilkan.",
    "Catatan data dan metode": "Mutu angka yang dipakai, catatan data yang relevan, model galat "
    "sampel, sumber data dan semua pilihan metode.",
}


class PenyusunBab:
    """Writes one region's chapter: a :class:`Penulis`, the chart renderer, the source."""

    def __init__(self, penulis: Penulis, pelukis: PelukisGrafik, sumber: SumberWilayah) -> None:
        self.p = penulis
        self.pelukis = pelukis
        self.s = sumber
        self.h: HasilEvaluasi = sumber.tampilan

    # -- output of the report functions --------------------------------------------------------
    def tampilkan(self, x: Any, catatan: str | None = None) -> None:
        """Write whatever a report function returned: table, chart or Markdown."""
        if x is None:
            return
        if isinstance(x, TabelLaporan):
            tulis_tabel(self.p, x, catatan)
        elif isinstance(x, Grafik):
            tulis_grafik(self.p, x, self.pelukis)
        elif isinstance(x, Markdown) and x.data:
            self.p.markdown(str(x.data))

    def kosong(self, kunci: str) -> bool:
        """Write the "data not available" statement when the section has no data."""
        md = tp.tidak_tersedia(self.h, kunci)
        if md is None:
            return False
        self.tampilkan(md)
        return True

    # -- chapter -------------------------------------------------------------------------------
    def tulis(self, nomor_bab: int | None = None) -> None:
        """The identity block, then sections 1–10 (BNBA only where a BNBA file is configured).
        Inside a bundle (``nomor_bab``) the region's title is the chapter heading; in a
        region's own document the caller wrote the title."""
        if nomor_bab is not None:
            self.p.judul_bab(nomor_bab, judul_wilayah(self.h))
        self.p.paragraf(identitas(self.h))
        for nama, fungsi in (
            ("Ringkasan", self._ringkasan),
            ("Perkembangan", self._perkembangan),
            ("Relevansi dan efektivitas", self._relevansi),
            ("Posisi relatif", self._posisi),
            ("Kuadran", self._kuadran),
            ("Target dan kemiskinan ekstrem", self._target),
            ("Determinan", self._determinan),
            ("Anggaran penanggulangan kemiskinan", self._anggaran),
            ("Data BNBA: kualitas data dan ketepatan sasaran", self._bnba),
            ("Catatan data dan metode", self._catatan),
        ):
            if nama.startswith("Data BNBA") and not ada_bnba(self.h):
                continue
            self.p.bagian(nama)
            if nama in PENGANTAR:
                self.p.paragraf(PENGANTAR[nama])
            fungsi()

    def _ringkasan(self) -> None:
        tulis_tabel_df(self.p, *tabel_kartu(self.h))
        self.tampilkan(tp.kalimat_ringkasan(self.h))

    def _perkembangan(self) -> None:
        if self.h.seri.empty:
            self.p.catatan("Berkas seri wilayah (hasil/<kode>.nc) tidak ada: grafik tidak dibuat.")
        else:
            for ind in self.h.indikator_tren:
                self.tampilkan(tp.grafik_perkembangan(self.h, ind))
            if "p0" in self.h.indikator_tren:
                self.p.catatan(
                    "Rentang galat sampel P0 (garis tegak di laporan HTML) tidak disimpan di "
                    "berkas hasil dan tidak digambar di sini; batas signifikansinya ada di "
                    "tabel relevansi."
                )
        for ind in self.h.indikator_tren:
            self.tampilkan(tp.tabel_perkembangan(self.h, ind), catatan_mutu(self.h, [ind]))

    def _relevansi(self) -> None:
        if not self.kosong("relevansi"):
            self.tampilkan(tp.tabel_relevansi(self.h))

    def _posisi(self) -> None:
        if self.kosong("posisi"):
            return
        inds = tp.indikator_posisi(self.h)
        if self.s.posisi_lengkap:
            for ind in inds:
                self.tampilkan(tp.grafik_posisi(self.h, ind))
            if inds:
                self.tampilkan(tp.tabel_posisi(self.h))
        else:
            tulis_tabel_df(self.p, *tabel_posisi_sendiri(self.h))

    def _kuadran(self) -> None:
        kp = self.h.kuadran_perkembangan
        self.kosong("kuadran_perkembangan")
        if kp:
            self.tampilkan(tp.grafik_kuadran_perkembangan(self.h))
            self.tampilkan(tp.tabel_kuadran_perkembangan(self.h))
        for ind in self.h.indikator_kuadran:
            if ind in self.h.kuadran_indikator:
                self.tampilkan(tp.grafik_kuadran_indikator(self.h, ind))
        self.tampilkan(tp.tabel_kuadran_indikator(self.h))

    def _target(self) -> None:
        if not self.kosong("target"):
            self.tampilkan(tp.tabel_target(self.h))
        self.p.subbagian("Kemiskinan ekstrem")
        self.tampilkan(tp.ekstrem_ringkasan(self.h))
        self.tampilkan(tp.tabel_ekstrem(self.h))

    def _determinan(self) -> None:
        if not self.kosong("determinan"):
            self.tampilkan(tp.tabel_determinan(self.h))
        self.tampilkan(tp.determinan_catatan(self.h))

    def _anggaran(self) -> None:
        if self.kosong("anggaran"):
            return
        self.tampilkan(tp.ringkasan_anggaran(self.h))
        self.tampilkan(tp.grafik_klaster(self.h))
        self.tampilkan(tp.tabel_opd(self.h))
        self.tampilkan(tp.tabel_tren_anggaran(self.h))
        self.tampilkan(tp.catatan_tren_anggaran(self.h))
        self.tampilkan(tp.tabel_rat(self.h))

    def _bnba(self) -> None:
        from analisis.evaluasi.tabel_bnba import TABEL_LAPORAN, ada_tabel_desa, kalimat_kuadran

        self.tampilkan(tp.bnba_pengantar(self.h))
        for kunci in TABEL_LAPORAN:
            self.tampilkan(tp.tabel_bnba(self.h, kunci))
        if ada_tabel_desa(self.h.bnba):
            self.tampilkan(Markdown(kalimat_kuadran(self.h.bnba) or ""))
            self.p.catatan(
                "Kualitas data dan kuadran setiap desa ada di unduhan "
                f"{tp.unduhan_bnba(self.h, 'desa')[0]}."
            )
        self.p.subbagian("Perkembangan triwulanan (Inpres 4/2022)")
        if not tp.ada_triwulan_bnba(self.h):
            self.tampilkan(tp.triwulan_bnba_tidak_ada(self.h))
            return
        self.tampilkan(tp.kalimat_triwulan_bnba(self.h))
        self.tampilkan(tp.tabel_pergerakan_triwulan(self.h))
        self.tampilkan(tp.tabel_cakupan_triwulan(self.h))
        self.tampilkan(tp.tabel_kecamatan_triwulan(self.h))
        self.p.catatan(
            "Tabel triwulan lengkap (kabupaten, kecamatan dan desa) ada di unduhan "
            f"{tp.unduhan_bnba(self.h, 'triwulan')[0]}."
        )

    def _catatan(self) -> None:
        self.tampilkan(tp.ringkasan_mutu(self.h))
        self.p.paragraf(f"**Data.** {self.h.meta['vintase']}.")
        self.tampilkan(tp.daftar_catatan(self.h))
        self.tampilkan(tp.keterangan_presisi(self.h))
        tulis_tabel_df(self.p, *tabel_sumber(self.h))
        tulis_tabel_df(self.p, *tabel_parameter(self.h))


def ada_bnba(h: HasilEvaluasi) -> bool:
    """A BNBA extract was configured (section 9 is written only then)."""
    return "bnba" not in h.kosong and bool(h.bnba)


def judul_wilayah(h: HasilEvaluasi) -> str:
    m = h.meta
    nama = m["nama"] if m["tingkat"] == "kota" else f"Kabupaten {m['nama']}"
    return f"Evaluasi Penanggulangan Kemiskinan {nama} Tahun {m['tahun']}"


def identitas(h: HasilEvaluasi) -> str:
    """Region codes, period, reference, data vintage and fingerprint (as the HTML title block)."""
    m = h.meta
    impor = "memuat data impor pengguna" if m["ada_data_impor"] else "data bawaan analisis"
    return (
        f"Provinsi {m['provinsi']} · kode wilayah BPS {m['kode_wilayah']} (Kemendagri "
        f"{m['kode_kemendagri']}) · periode analisis "
        f"{fmt.tahun_rentang(m['tahun_awal'], m['tahun'])} · pembanding: {m['nama_pembanding']}. "
        f"Data: {m['vintase']}; sidik jari data {m['sidik_jari_data']}; {impor}. Disusun dengan "
        f"analisis {m['versi_analisis']}."
    )


def tabel_kartu(h: HasilEvaluasi) -> tuple[pd.DataFrame, str, str]:
    """The score card as a table: value, reference, status, year and grade per indicator."""
    baris = []
    for r in h.kartu.itertuples():
        sumber = getattr(r, "sumber_pembanding", "") or h.meta["nama_pembanding"]
        baris.append(
            {
                "Indikator": r.nama,
                "Tahun": fmt.tahun(r.tahun_data) + (" (data terakhir)" if r.tahun_lama else ""),
                "Nilai": li.nilai(r.nilai, r.indikator),
                "Pembanding": f"{sumber}: {li.nilai(r.nilai_pembanding, r.indikator)}"
                if not fmt.nilai_hilang(r.nilai_pembanding)
                else fmt.NILAI_KOSONG,
                "Status": r.status,
                "Mutu": r.kualitas or fmt.NILAI_KOSONG,
            }
        )
    return (
        pd.DataFrame(baris),
        f"Kartu skor {h.meta['nama']} {h.meta['tahun']}",
        (
            "Status mengikuti arah indikator (lebih baik/lebih buruk dari pembanding). Bila angka "
            "provinsi tahun itu tidak ada, pembandingnya rata-rata kabupaten/kota (disebutkan). "
            "Mutu A = tabel BPS utuh, B = kompilasi terperiksa, C = kutipan."
        ),
    )


def tabel_posisi_sendiri(h: HasilEvaluasi) -> tuple[pd.DataFrame, str, str]:
    """The region's own ranks (when the other regions' result files are absent)."""
    baris = []
    for ind, p in h.posisi_wilayah.items():
        pemb = p.get("sumber_pembanding") or h.meta["nama_pembanding"]
        baris.append(
            {
                "Indikator": li.nama(ind),
                "Nilai": li.nilai(p["nilai"], ind),
                "Peringkat": f"{p['peringkat']} dari {p['jumlah']}"
                if p["peringkat"] is not None
                else fmt.NILAI_KOSONG,
                "Pembanding": f"{pemb}: {li.nilai(p['nilai_pembanding'], ind)}"
                if not fmt.nilai_hilang(p.get("nilai_pembanding"))
                else fmt.NILAI_KOSONG,
                "Posisi": p.get("posisi") or fmt.NILAI_KOSONG,
            }
        )
    return (
        pd.DataFrame(baris),
        (
            f"Posisi relatif {h.meta['nama']} di antara kabupaten/kota, {h.meta['tahun']} "
            "(peringkat 1 = terbaik)"
        ),
        (
            "Hasil evaluasi kabupaten/kota lain belum lengkap di folder laporan, sehingga tabel dan "
            "grafik semua kabupaten/kota tidak disertakan; jalankan 'analisis jalankan' untuk "
            "provinsi ini."
        ),
    )


def catatan_mutu(h: HasilEvaluasi, indikator: list[str]) -> str | None:
    """Sources and grades of the values behind an indicator's table, as a note."""
    d = h.provenans
    if d.empty:
        return None
    d = d[d["indikator"].isin(indikator)]
    if d.empty:
        return None
    mutu = d["kualitas"].fillna("").astype(str).value_counts().sort_index()
    bagian = ", ".join(f"mutu {k or '–'}: {fmt.angka(v, 0)}" for k, v in mutu.items())
    sumber = list(dict.fromkeys(str(s) for s in d["sumber"] if s))
    teks = f"Sumber: {'; '.join(sumber[:3])}" + (" dan lainnya" if len(sumber) > 3 else "")
    return f"{teks}. Angka dipakai: {bagian}."


def tabel_sumber(h: HasilEvaluasi) -> tuple[pd.DataFrame, str, str]:
    """Every source of the values used, with the number of values per grade."""
    d = h.provenans
    baris = []
    if not d.empty:
        for sumber, g in d.groupby(d["sumber"].astype(str), sort=False):
            mutu = g["kualitas"].fillna("").astype(str).value_counts().sort_index()
            baris.append(
                {
                    "Sumber (dikutip apa adanya dari data)": sumber,
                    "Indikator": ", ".join(
                        dict.fromkeys(li.nama_pendek(str(i)) for i in g["indikator"])
                    ),
                    "Mutu": ", ".join(f"{k or '–'}: {fmt.angka(v, 0)}" for k, v in mutu.items()),
                    "Jumlah angka": fmt.angka(len(g), 0),
                }
            )
    return (
        pd.DataFrame(
            baris,
            columns=["Sumber (dikutip apa adanya dari data)", "Indikator", "Mutu", "Jumlah angka"],
        ),
        "Sumber dan mutu angka yang dipakai dokumen ini",
        (
            "Asal setiap nilai (wilayah, tahun, sumber, mutu, catatan) ada di lampiran laporan HTML "
            "dan di berkas hasil (hasil/<kode>.json, bagian provenans)."
        ),
    )


def tabel_parameter(h: HasilEvaluasi) -> tuple[pd.DataFrame, str, str]:
    d = h.parameter
    baris = [
        {
            "Kunci": str(r.nama),
            "Nilai": str(r.nilai),
            "Keterangan": str(r.keterangan),
            "Nilai bawaan?": str(r.bawaan),
        }
        for r in d.itertuples()
    ]
    return (
        pd.DataFrame(baris, columns=["Kunci", "Nilai", "Keterangan", "Nilai bawaan?"]),
        "Pilihan metode yang dipakai (kunci metode di berkas parameter provinsi)",
        "",
    )
